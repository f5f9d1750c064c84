//! The DAV face of [`AppError`]: the outcome's status with a short text
//! body, and for a client that must authenticate, `WWW-Authenticate:
//! Basic` (never a redirect to the login page, which a CalDAV client
//! cannot follow). A precondition that failed (RFC 4791 §1.3) is a
//! `<d:error>` body naming it.

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError};

use crate::errors::AppError;

/// An [`AppError`] that answers a CalDAV client.
#[derive(Debug)]
pub enum DavError {
    App(AppError),
    /// A failed precondition: the status, and the element that names it
    /// (`c:supported-report`, `d:valid-sync-token`...).
    Precondition(StatusCode, &'static str),
}

impl<E: Into<AppError>> From<E> for DavError {
    fn from(err: E) -> Self {
        Self::App(err.into())
    }
}

impl std::fmt::Display for DavError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::App(err) => err.fmt(f),
            Self::Precondition(status, element) => write!(f, "{status}: {element}"),
        }
    }
}

impl ResponseError for DavError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::App(err) => err.status(),
            Self::Precondition(status, _) => *status,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::App(err) => {
                err.log_cause();
                if let Some(seconds) = err.retry_after() {
                    response.insert_header((header::RETRY_AFTER, seconds.to_string()));
                }
                if err.status() == StatusCode::UNAUTHORIZED {
                    response.insert_header((
                        header::WWW_AUTHENTICATE,
                        "Basic realm=\"ticked\", charset=\"UTF-8\"",
                    ));
                }
                response
                    .content_type("text/plain; charset=utf-8")
                    .body(err.to_string())
            }
            Self::Precondition(_, element) => response
                .content_type("application/xml; charset=utf-8")
                .body(format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:error xmlns:d=\"DAV:\" \
                     xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><{element}/></d:error>"
                )),
        }
    }
}
