//! The JSON **API**: the same power over a user's tasks that the pages give,
//! for scripts and other programs.
//!
//! [`configure`] lists every route. Authentication is a bearer token (see
//! [`auth::ApiUser`]), never the session cookie, which is why the API may
//! answer cross-origin requests from any site: a script elsewhere can only
//! act with a token it was given. Every error is JSON ([`ApiError`]),
//! including those of the extractors configured here:
//! a malformed body is a 400, a body too large a 413, a body that is not
//! JSON a 415, a path id that is not a number a 404.

pub mod auth;
pub mod error;
pub mod openapi;
pub mod resources;
pub mod tasks;

use actix_web::http::Method;
use actix_web::middleware::DefaultHeaders;
use actix_web::{HttpRequest, HttpResponse, error::JsonPayloadError, web};

pub use auth::ApiUser;
pub use error::ApiError;

use crate::errors::AppError;

/// JSON bodies are small: a task is at most a few kilobytes.
const MAX_JSON_BYTES: usize = 64 * 1024;
const CORS_METHODS: &str = "GET, POST, PATCH, DELETE, OPTIONS";

/// Every API route, under `/api`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            // Any origin may read the answers (there are no cookies to
            // protect); these headers let browsers see the ones we add.
            .wrap(
                DefaultHeaders::new()
                    .add(("Access-Control-Allow-Origin", "*"))
                    .add(("Access-Control-Expose-Headers", "Location, X-Total-Count")),
            )
            .app_data(
                web::JsonConfig::default()
                    .limit(MAX_JSON_BYTES)
                    .error_handler(|err, _| json_error(err).into()),
            )
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                ApiError(AppError::BadRequest(format!(
                    "The query string is not valid: {err}."
                )))
                .into()
            }))
            .app_data(
                web::PathConfig::default()
                    .error_handler(|_, _| ApiError(AppError::NotFound).into()),
            )
            .service(
                web::resource("/openapi.json")
                    .get(openapi::document)
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/tasks")
                    .get(tasks::list)
                    .post(tasks::create)
                    .delete(tasks::delete_many)
                    .default_service(web::to(method_not_allowed)),
            )
            .service(
                web::resource("/tasks/{id}")
                    .get(tasks::show)
                    .patch(tasks::update)
                    .delete(tasks::delete)
                    .default_service(web::to(method_not_allowed)),
            )
            .default_service(web::to(not_found)),
    );
}

/// Answers CORS preflight requests (`OPTIONS` with
/// `Access-Control-Request-Method`) for every API path, and plain
/// `OPTIONS` with the list of methods; anything else is 405.
async fn method_not_allowed(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    if req.method() == Method::OPTIONS {
        return Ok(HttpResponse::NoContent()
            .insert_header(("Access-Control-Allow-Methods", CORS_METHODS))
            .insert_header((
                "Access-Control-Allow-Headers",
                "Authorization, Content-Type",
            ))
            .insert_header(("Access-Control-Max-Age", "86400"))
            .insert_header(("Allow", CORS_METHODS))
            .finish());
    }
    Err(ApiError(AppError::MethodNotAllowed))
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError(AppError::NotFound))
}

fn json_error(err: JsonPayloadError) -> ApiError {
    ApiError(match err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            AppError::PayloadTooLarge
        }
        JsonPayloadError::ContentType => AppError::UnsupportedMediaType(
            "Send JSON, with `Content-Type: application/json`.".to_owned(),
        ),
        JsonPayloadError::Deserialize(err) => {
            AppError::BadRequest(format!("The JSON body is not valid: {err}."))
        }
        other => AppError::BadRequest(format!("The body could not be read: {other}.")),
    })
}
