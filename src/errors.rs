//! Errors: the one type every handler returns, and how it becomes a page.
//!
//! Which error belongs where:
//! - the domain parsers return [`crate::domain::Invalid`]; a form handler
//!   turns that into the form shown again with the message beside the field
//!   (status 422). That is a normal answer, not an `AppError`.
//! - everything else a handler cannot finish is an [`AppError`], with one
//!   variant per outcome the user can see. Its `Display` text is what the
//!   user reads; the cause of an internal error is logged, never shown.
//! - diesel's `NotFound` becomes a 404 through `From`, so `?` after a query
//!   scoped to its owner is all a handler needs for "not yours, not found".

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::web::layout::Layout;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request cannot be understood (a malformed form or query).
    #[error("{0}")]
    BadRequest(String),
    /// The page needs a login; the browser is sent to the login form and
    /// brought back to `next` afterwards.
    #[error("Please log in to see this page.")]
    LoginRequired { next: Option<String> },
    #[error("You do not have permission to see this page.")]
    Forbidden,
    /// A POST without the session's CSRF token: possibly a forged request
    /// from another site, possibly a form left open past its session.
    #[error(
        "This form has expired or did not come from ticked. Go back, reload the page and try again."
    )]
    Csrf,
    #[error(
        "There is nothing here. The address may be mistyped, or the item may have been deleted."
    )]
    NotFound,
    #[error("What you sent is too large.")]
    PayloadTooLarge,
    /// The database did not hand out a connection in time.
    #[error("ticked is busy or its database is unavailable. Please try again in a moment.")]
    Unavailable(#[source] anyhow::Error),
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::Internal(cause.into())
    }

    fn title(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "Bad request",
            Self::LoginRequired { .. } => "Log in",
            Self::Forbidden => "Forbidden",
            Self::Csrf => "Form expired",
            Self::NotFound => "Not found",
            Self::PayloadTooLarge => "Too large",
            Self::Unavailable(_) => "Unavailable",
            Self::Internal(_) => "Something went wrong",
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => Self::NotFound,
            other => Self::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(err.into())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("{err}"))
    }
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    title: &'a str,
    message: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::LoginRequired { .. } => StatusCode::SEE_OTHER,
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::LoginRequired { next } => {
                let location = match next {
                    Some(next) => format!(
                        "/login?{}",
                        serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
                    ),
                    None => "/login".to_owned(),
                };
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, location))
                    .finish();
            }
            // The whole cause chain goes to the log; the user gets one calm
            // sentence and nothing about our internals.
            Self::Internal(cause) | Self::Unavailable(cause) => {
                log::error!("{}: {cause:#}", self.title());
            }
            _ => {}
        }
        let status = self.status_code();
        let page = ErrorPage {
            layout: Layout::bare(),
            status: status.as_u16(),
            title: self.title(),
            message: self.to_string(),
        };
        match page.render() {
            Ok(body) => HttpResponse::build(status)
                .content_type(ContentType::html())
                .body(body),
            Err(err) => {
                log::error!("cannot render the error page: {err}");
                HttpResponse::build(status)
                    .content_type(ContentType::plaintext())
                    .body(self.to_string())
            }
        }
    }
}
