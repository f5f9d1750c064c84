//! Cross-site request forgery protection.
//!
//! Any site can make a visitor's browser POST to ticked, and the browser
//! would attach the visitor's session cookie. So every form we render
//! carries a hidden `csrf_token` equal to a secret kept in the session, and
//! every form POST must send it back: another site cannot read our pages,
//! so it cannot know the token. `SameSite=Lax` cookies already stop most
//! such requests; the token is the defence that does not depend on the
//! browser.
//!
//! The check is not a step a handler could forget: form handlers take
//! [`CsrfForm<T>`] instead of `web::Form<T>`, and it will not hand over the
//! fields without a valid token.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use super::session::TypedSession;
use crate::errors::AppError;

/// The form field that carries the token.
pub const FIELD: &str = "csrf_token";

/// Checks a token sent some other way than a url-encoded form (a file
/// upload's multipart body).
pub fn verify(session: &TypedSession, sent: Option<&str>) -> Result<(), AppError> {
    let expected = session.existing_csrf_token();
    match (expected, sent) {
        // Compared in constant time, so that response timing does not leak
        // how many leading characters of a guess were right.
        (Some(expected), Some(sent)) if bool::from(expected.as_bytes().ct_eq(sent.as_bytes())) => {
            Ok(())
        }
        _ => Err(AppError::Csrf),
    }
}

/// Whether every name and value of a url-encoded body decodes to UTF-8.
fn is_utf8_form(body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    text.split('&').all(|pair| {
        percent_encoding::percent_decode_str(&pair.replace('+', " "))
            .decode_utf8()
            .is_ok()
    })
}

/// A url-encoded form whose `csrf_token` field matched the session's token.
/// The field itself is not part of `T`.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let session = TypedSession::of(req);
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        // Reads the body up to the configured `PayloadConfig` limit.
        let body = Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = body.await.map_err(|err| {
                if err.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::PayloadTooLarge
                } else {
                    AppError::BadRequest("The form could not be read.".to_owned())
                }
            })?;
            // Browsers send forms as UTF-8; anything else is not text we
            // want to store (a lenient decoder would turn it into U+FFFD).
            if is_form && !is_utf8_form(&body) {
                return Err(AppError::BadRequest(
                    "The form is not valid UTF-8 text.".to_owned(),
                ));
            }
            // The token first: a request that did not come from our form
            // learns nothing about what else it got wrong.
            let fields: Vec<(String, String)> = if is_form {
                serde_urlencoded::from_bytes(&body).unwrap_or_default()
            } else {
                Vec::new()
            };
            let sent = fields
                .iter()
                .find(|(name, _)| name == FIELD)
                .map(|(_, value)| value.as_str());
            verify(&session, sent)?;
            serde_urlencoded::from_bytes(&body)
                .map(CsrfForm)
                .map_err(|err| AppError::BadRequest(format!("The form is not valid: {err}.")))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::is_utf8_form;

    #[test]
    fn only_utf8_forms_pass() {
        assert!(is_utf8_form(b"title=caf%C3%A9+au+lait&x=%E2%9C%93"));
        assert!(is_utf8_form("title=café".as_bytes()));
        assert!(!is_utf8_form(b"title=%FF%FE"));
        assert!(!is_utf8_form(b"title=ok\xc3\x28"));
        assert!(!is_utf8_form(b"name=\xff"));
    }
}
