//! The OpenAPI 3.1 description of the API, generated from the code: each
//! handler's `#[utoipa::path]` annotation, collected from the very list of
//! routes that serves them (`api::configure`), so a route cannot exist
//! without its entry. A snapshot test guards it against drifting by
//! accident.
//!
//! The errors a route may answer are described once each, below, and
//! named in each route's `responses(...)`.

use actix_web::{HttpResponse, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoResponses, Modify, OpenApi};
use utoipa_actix_web::OpenApiFactory;

use super::error::ErrorBody;

/// What the document says besides its paths.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ticked API",
        description = "Your tasks, for scripts and programs. Authenticate with a personal \
                       access token from your account page: `Authorization: Bearer tk_...`.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    // The error groups below name `ErrorBody` without bringing it along.
    components(schemas(ErrorBody)),
    modifiers(&BearerToken),
    tags(
        (name = "tasks", description = "The tasks of the lists you can see"),
        (name = "lists", description = "Your lists, those shared with you, and who they are shared with"),
    ),
)]
struct ApiDoc;

/// The whole document: [`ApiDoc`], with the paths and schemas of `routes`.
pub fn document(routes: &impl OpenApiFactory) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.paths.merge(routes.paths());
    let mut schemas = Vec::new();
    routes.schemas(&mut schemas);
    doc.components
        .get_or_insert_with(Default::default)
        .schemas
        .extend(schemas);
    doc
}

/// `GET /api/openapi.json`
pub async fn serve(doc: web::Data<utoipa::openapi::OpenApi>) -> HttpResponse {
    HttpResponse::Ok().json(doc.get_ref())
}

/// Declares the `bearer` security scheme the paths refer to.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("tk_ personal access token")
                    .build(),
            ),
        );
    }
}

// The error groups below are only described, never built: `ApiError`
// writes every error body. Hence `dead_code`, which would otherwise note
// that no variant is ever constructed.

/// Every route: the token.
#[derive(IntoResponses)]
#[response(status = 401, description = "No token, or a bad one")]
#[allow(dead_code)]
pub struct Unauthorized(ErrorBody);

/// Routes of one task or list.
#[derive(IntoResponses)]
#[response(status = 404, description = "No such task or list that you can see")]
#[allow(dead_code)]
pub struct NotYours(ErrorBody);

/// Routes that change a list or its tasks: your level there does not allow it.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "You may see the list but not do this; the message says which level it needs"
)]
#[allow(dead_code)]
pub struct Refusals(ErrorBody);

/// Routes that read a JSON body.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum BodyErrors {
    #[response(
        status = 400,
        description = "Not JSON, not a JSON object, or a key given twice"
    )]
    Malformed(ErrorBody),
    #[response(status = 413, description = "The body is too large")]
    TooLarge(ErrorBody),
    #[response(status = 415, description = "The body is not labelled JSON")]
    NotJson(ErrorBody),
    #[response(
        status = 422,
        description = "A field is missing, of the wrong type or invalid; the message starts \
                       with its name"
    )]
    Invalid(ErrorBody),
}

/// Routes that read a query string.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum QueryErrors {
    #[response(
        status = 400,
        description = "The query string does not decode, or gives a parameter twice"
    )]
    Malformed(ErrorBody),
    #[response(
        status = 422,
        description = "A parameter is invalid; the message starts with its name"
    )]
    Invalid(ErrorBody),
}
