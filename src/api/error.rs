//! The JSON face of [`AppError`]: `{"error": {"code": "...", "message":
//! "..."}}` with the outcome's status, for the API's handlers and
//! extractors. A handler returns `Result<_, ApiError>`, and `?` wraps any
//! `AppError` (or anything that becomes one, such as a database error) on
//! the way out.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::errors::AppError;

/// An [`AppError`] that answers as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError);

// Not `#[from]` on one type: anything that becomes an `AppError` (a
// `DbError`, a domain refusal) becomes an `ApiError` with one `?`.
// `ApiError` itself is not `Into<AppError>`, so this does not overlap with
// `From<T> for T`.
impl<E: Into<AppError>> From<E> for ApiError {
    fn from(err: E) -> Self {
        Self(err.into())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

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

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status()
    }

    fn error_response(&self) -> HttpResponse {
        self.0.log_cause();
        let status = self.status_code();
        let mut response = HttpResponse::build(status);
        if let Some(seconds) = self.0.retry_after() {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if status == StatusCode::UNAUTHORIZED {
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
