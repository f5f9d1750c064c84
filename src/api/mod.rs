//! The JSON **API**: the same power over a user's lists and tasks that the
//! pages give,
//! for scripts and other programs.
//!
//! [`configure`] lists every route, and the OpenAPI document is read from
//! that same list ([`openapi`]). Authentication is a bearer token (see
//! [`ApiCtx`]), never the session cookie, which is why the API may
//! answer cross-origin requests from any site ([`cors`]): a script
//! elsewhere can only act with a token it was given. Every error is JSON
//! ([`ApiError`]), including those of reading a request ([`extract`]): a
//! field that is missing, of the wrong type or invalid is a 422 naming it,
//! a body that is not a JSON object a 400, a body too large a 413, a body
//! not labelled JSON a 415, a path id that is not a number a 404.

pub mod context;
pub mod cors;
pub mod error;
pub mod extract;
pub mod fields;
pub mod labels;
pub mod list_resources;
pub mod lists;
pub mod openapi;
pub mod resources;
pub mod tasks;
pub mod trash;

use actix_web::http::Method;
use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, Route, web};
use utoipa_actix_web::scope;

pub use context::ApiCtx;
pub use error::ApiError;

use crate::errors::AppError;

/// Every API route, under `/api`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    // Each `service` is a handler with its route and its OpenAPI entry;
    // each `route` after a path's handlers answers the methods it lacks.
    let routes = scope("/api")
        .service(tasks::list)
        .service(tasks::create)
        .service(tasks::delete_many)
        .route("/tasks", other_methods("GET, POST, DELETE, OPTIONS"))
        .service(tasks::show)
        .service(tasks::update)
        .service(tasks::delete)
        .route("/tasks/{id}", other_methods("GET, PATCH, DELETE, OPTIONS"))
        .service(tasks::restore)
        .route("/tasks/{id}/restore", other_methods("POST, OPTIONS"))
        .service(labels::index)
        .route("/labels", other_methods("GET, OPTIONS"))
        .service(trash::index)
        .route("/trash", other_methods("GET, OPTIONS"))
        .service(lists::index)
        .service(lists::create)
        .route("/lists", other_methods("GET, POST, OPTIONS"))
        .service(lists::show)
        .service(lists::update)
        .service(lists::delete)
        .route("/lists/{id}", other_methods("GET, PATCH, DELETE, OPTIONS"))
        .service(lists::members)
        .route("/lists/{id}/members", other_methods("GET, OPTIONS"))
        .service(lists::show_member)
        .service(lists::share)
        .service(lists::unshare)
        .route(
            "/lists/{id}/members/{username}",
            other_methods("GET, PUT, DELETE, OPTIONS"),
        );
    // `startup` builds a plain actix `App`, so the document is taken from
    // the scope here rather than from `utoipa_actix_web::UtoipaApp`.
    let document = web::Data::new(openapi::document(&routes));
    cfg.service(routes.map(|api| {
        api.route("/openapi.json", web::get().to(openapi::serve))
            .route("/openapi.json", other_methods("GET, OPTIONS"))
            .app_data(document)
            .app_data(extract::json_config())
            .app_data(
                web::PathConfig::default()
                    .error_handler(|_, _| ApiError(AppError::NotFound).into()),
            )
            .default_service(web::to(not_found))
            .wrap(cors::cors())
            .wrap(actix_web::middleware::from_fn(cors::preflight_answers))
    }));
}

/// What a path answers to the methods it does not serve: a plain `OPTIONS`
/// (a CORS preflight never gets here) learns which it does, and anything
/// else is a 405 that says the same in `Allow`.
fn other_methods(allow: &'static str) -> Route {
    web::route().to(move |req: HttpRequest| async move {
        let mut response = if req.method() == Method::OPTIONS {
            HttpResponse::NoContent().finish()
        } else {
            ApiError(AppError::MethodNotAllowed).error_response()
        };
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static(allow));
        response
    })
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError(AppError::NotFound))
}
