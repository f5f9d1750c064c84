//! The HTML face of [`AppError`]: a styled page with the status, a heading
//! and the error's words, or, for a page that needs a login, a redirect to
//! the login form that brings the user back afterwards.
//!
//! This is `AppError`'s `ResponseError`, so every extractor and handler of
//! the pages answers with it. The API wraps its errors in `api::ApiError`
//! to answer JSON instead.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};
use askama::Template;

use super::layout::Layout;
use crate::errors::AppError;

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
            Self::LoginRequired { .. } => StatusCode::SEE_OTHER,
            other => other.status(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::LoginRequired { next } = self {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, login_location(next.as_deref())))
                .finish();
        }
        self.log_cause();
        let status = self.status();
        let page = ErrorPage {
            layout: Layout::bare(),
            status: status.as_u16(),
            title: title(self),
            message: self.to_string(),
        };
        let mut response = HttpResponseBuilder::new(status);
        if let Some(seconds) = self.retry_after() {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
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

/// The page's heading.
fn title(err: &AppError) -> &'static str {
    match err {
        AppError::BadRequest(_) => "Bad request",
        AppError::LoginRequired { .. } => "Log in",
        AppError::Unauthorized => "Unauthorized",
        AppError::Forbidden => "Forbidden",
        AppError::Denied(_) => "Not allowed",
        AppError::Csrf => "Form expired",
        AppError::NotFound => "Not found",
        AppError::MethodNotAllowed => "Method not allowed",
        AppError::TooManyRequests { .. } => "Too many attempts",
        AppError::PayloadTooLarge => "Too large",
        AppError::UnsupportedMediaType(_) => "Unsupported media type",
        AppError::Validation { .. } => "Invalid input",
        AppError::Unavailable(_) => "Unavailable",
        AppError::Internal(_) => "Something went wrong",
    }
}

/// `/login`, with `next` to come back to.
fn login_location(next: Option<&str>) -> String {
    match next {
        Some(next) => format!(
            "/login?{}",
            serde_urlencoded::to_string([("next", next)]).unwrap_or_default()
        ),
        None => "/login".to_owned(),
    }
}
