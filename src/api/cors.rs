//! Cross-origin requests (CORS). A page on another site may call the API:
//! the API takes no cookies, only a token the caller was given, so the
//! browser's same-origin guard protects nothing here. `actix-cors` answers
//! the browser's preflight and labels every answer; the pages, outside
//! `/api`, allow no other origin.

use actix_cors::{Cors, CorsError};
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    ACCESS_CONTROL_REQUEST_METHOD, AUTHORIZATION, CONTENT_TYPE, HeaderName, LOCATION,
};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};

use super::ApiError;
use crate::errors::AppError;

/// How long a browser may keep a preflight's answer: a day.
const PREFLIGHT_MAX_AGE_SECS: usize = 24 * 60 * 60;

/// Any origin, without credentials (so `*`); the two headers a client
/// sends; and the two of ours a script may read.
pub fn cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([AUTHORIZATION, CONTENT_TYPE])
        .expose_headers([LOCATION, HeaderName::from_static("x-total-count")])
        .max_age(PREFLIGHT_MAX_AGE_SECS)
}

/// actix-cors's answers to a preflight, as this API gives them: one it
/// accepts is a 204 No Content, since all it says is in its headers
/// (actix-cors says 200; browsers take any 2xx), and one it refuses gets
/// the JSON error envelope rather than a line of plain text.
pub async fn preflight_answers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let preflight = req.method() == Method::OPTIONS
        && req.headers().contains_key(ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = next.call(req).await?.map_into_boxed_body();
    if !preflight {
        return Ok(response);
    }
    let refusal = response
        .response()
        .error()
        .and_then(|err| err.as_error::<CorsError>())
        .map(|refusal| format!("This cross-origin request is not allowed: {refusal}."));
    if let Some(refusal) = refusal {
        let json = ApiError(AppError::BadRequest(refusal)).error_response();
        let (req, _) = response.into_parts();
        return Ok(ServiceResponse::new(req, json));
    }
    if response.status() == StatusCode::OK {
        *response.response_mut().status_mut() = StatusCode::NO_CONTENT;
    }
    Ok(response)
}
