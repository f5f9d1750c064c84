//! Errors: every outcome a user can be told about, with its status and its
//! stable code. What they look like is not decided here.
//!
//! Which error belongs where:
//! - the domain parsers return [`crate::domain::Invalid`]; a form handler
//!   turns that into the form shown again with the message beside the field
//!   (status 422). That is a normal answer, not an `AppError`.
//! - the database layer returns `db::DbError` (a query failed, no row, the
//!   database is away), which `?` turns into an `AppError` on the way up:
//!   diesel's `NotFound` becomes [`AppError::NotFound`], so `?` after a
//!   query scoped to its owner is all a handler needs for "not yours, not
//!   found".
//! - a query about a list returns `Result<_, domain::Denied>` inside its
//!   `QueryResult` when the user may see the list but not do that to it;
//!   it becomes [`AppError::Denied`] (403, saying the level it needs).
//! - everything else a handler cannot finish is an [`AppError`], with one
//!   variant per outcome the user can see. Its `Display` text is what the
//!   user reads; the cause of an internal error is logged, never shown.
//!
//! Each face draws an `AppError` in its own layer: the styled HTML page in
//! `web::error_page`, the JSON envelope `{"error": {"code", "message"}}` in
//! `api::error`. Both take the status, the code and the words from here.

use actix_web::http::StatusCode;

use crate::domain::{Denied, Refused};

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
    /// Someone who may see a list asked to do what their level there does
    /// not allow; the message says which level it needs.
    #[error("{0}")]
    Denied(#[from] Denied),
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
    /// One field of a request is not acceptable; the message names it.
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
            Self::Forbidden | Self::Denied(_) => "forbidden",
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

    /// The HTTP status of this outcome. (A page that needs a login
    /// redirects to the login form instead: that is the HTML face's choice.)
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::LoginRequired { .. } | Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::Denied(_) | Self::Csrf => StatusCode::FORBIDDEN,
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

    /// The `Retry-After` this outcome carries, in seconds, whichever face
    /// shows it.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooManyRequests { retry_after } => Some(*retry_after),
            Self::Unavailable(_) => Some(UNAVAILABLE_RETRY_SECS),
            _ => None,
        }
    }

    /// Logs the cause of a failure that is ours, not the client's: the
    /// whole cause chain goes to the log, and the user gets one calm
    /// sentence and nothing about our internals.
    pub fn log_cause(&self) {
        if let Self::Internal(cause) | Self::Unavailable(cause) = self {
            log::error!("{}: {cause:#}", self.code());
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

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Denied(denied) => Self::Denied(denied),
            Refused::Invalid { field, message } => Self::Validation {
                field: field.to_owned(),
                message,
            },
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("{err}"))
    }
}
