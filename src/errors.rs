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
//!
//! An `AppError` has two faces. As itself it answers with a styled HTML
//! page, for the web handlers. Wrapped in [`ApiError`] (which `?` does for
//! the API handlers) it answers `{"error": {"code", "message"}}`, with a
//! stable snake_case `code` that scripts can match on.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;
use diesel::result::DatabaseErrorKind;
use serde::Serialize;
use utoipa::ToSchema;

use crate::web::layout::Layout;

/// When a client told "unavailable" should try again: long enough for a
/// database restart or fail-over to finish.
const UNAVAILABLE_RETRY_SECS: u64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request cannot be understood (a malformed form or query).
    #[error("{0}")]
    BadRequest(String),
    /// The page needs a login; the browser is sent to the login form and
    /// brought back to `next` afterwards.
    #[error("Please log in to see this page.")]
    LoginRequired { next: Option<String> },
    /// The API was called without a valid bearer token.
    #[error("A valid API token is needed: send `Authorization: Bearer <token>`.")]
    Unauthorized,
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
    #[error("This address does not accept that method.")]
    MethodNotAllowed,
    /// A rate limit was hit; the client may try again after this many
    /// seconds.
    #[error("Too many attempts. Please wait {} before trying again.", wait_words(*retry_after))]
    TooManyRequests { retry_after: u64 },
    #[error("What you sent is too large.")]
    PayloadTooLarge,
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// One field of an API request is not acceptable; the message names it.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// The database cannot be reached: no connection in time, one that
    /// closed under the request, or a session store that cannot answer.
    #[error("ticked is busy or its database is unavailable. Please try again in a moment.")]
    Unavailable(#[source] anyhow::Error),
    #[error("Something went wrong on our side. It has been logged; please try again.")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::Internal(cause.into())
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// The stable name of this outcome in the API's error envelope.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::LoginRequired { .. } | Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Csrf => "csrf_token_invalid",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Validation { .. } => "invalid_field",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// Headers that go with this outcome, whichever face it shows.
    fn headers(&self, response: &mut actix_web::HttpResponseBuilder) {
        match self {
            Self::TooManyRequests { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, UNAVAILABLE_RETRY_SECS.to_string()));
            }
            _ => {}
        }
    }

    /// Logs the cause of a failure that is ours, not the client's.
    fn log_cause(&self) {
        if let Self::Internal(cause) | Self::Unavailable(cause) = self {
            log::error!("{}: {cause:#}", self.title());
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "Bad request",
            Self::LoginRequired { .. } => "Log in",
            Self::Unauthorized => "Unauthorized",
            Self::Forbidden => "Forbidden",
            Self::Csrf => "Form expired",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::TooManyRequests { .. } => "Too many attempts",
            Self::PayloadTooLarge => "Too large",
            Self::UnsupportedMediaType(_) => "Unsupported media type",
            Self::Validation { .. } => "Invalid input",
            Self::Unavailable(_) => "Unavailable",
            Self::Internal(_) => "Something went wrong",
        }
    }
}

/// "3 minutes", "1 minute", "40 seconds".
fn wait_words(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".to_owned(),
        2..=90 => format!("{seconds} seconds"),
        _ => format!("{} minutes", seconds.div_ceil(60)),
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        match err {
            diesel::result::Error::NotFound => Self::NotFound,
            // The database server went away mid-request: not a bug of ours,
            // and the pool replaces the connection for the next one.
            diesel::result::Error::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                _,
            ) => Self::Unavailable(err.into()),
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
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
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
            _ => self.log_cause(),
        }
        let status = self.status_code();
        let page = ErrorPage {
            layout: Layout::bare(),
            status: status.as_u16(),
            title: self.title(),
            message: self.to_string(),
        };
        let mut response = HttpResponse::build(status);
        self.headers(&mut response);
        match page.render() {
            Ok(body) => response.content_type(ContentType::html()).body(body),
            Err(err) => {
                log::error!("cannot render the error page: {err}");
                response
                    .content_type(ContentType::plaintext())
                    .body(self.to_string())
            }
        }
    }
}

/// The API's face of an [`AppError`]: the same outcome, as JSON.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

/// `{"error": {"code": "...", "message": "..."}}`
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, snake_case: `bad_request`, `unauthorized`, `not_found`,
    /// `payload_too_large`, `unsupported_media_type`, `invalid_field`, ...
    #[schema(example = "invalid_field")]
    pub code: &'static str,
    /// For people; names the field when one is at fault.
    #[schema(example = "title: A task needs a title.")]
    pub message: String,
}

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        Self(err.into())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self.0 {
            // An API client is not redirected to a login form.
            AppError::LoginRequired { .. } => StatusCode::UNAUTHORIZED,
            ref other => other.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.0.log_cause();
        let mut response = HttpResponse::build(self.status_code());
        self.0.headers(&mut response);
        if self.status_code() == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.0.code(),
                message: self.0.to_string(),
            },
        })
    }
}
