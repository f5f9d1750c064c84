//! The OpenAPI 3.1 description of the API, generated from the handlers'
//! annotations so that it cannot drift from the code (a snapshot test
//! guards it against drifting by accident).

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::error::{ErrorBody, ErrorDetail};
use super::resources::{NewTaskBody, TaskPatchBody};
use super::tasks;
use crate::domain::TaskResource;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ticked API",
        description = "Your tasks, for scripts and programs. Authenticate with a personal \
                       access token from your account page: `Authorization: Bearer tk_...`.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
    ),
    paths(
        tasks::list,
        tasks::create,
        tasks::delete_many,
        tasks::show,
        tasks::update,
        tasks::delete,
    ),
    components(schemas(TaskResource, NewTaskBody, TaskPatchBody, ErrorBody, ErrorDetail)),
    modifiers(&BearerToken),
    tags((name = "tasks", description = "Your tasks")),
)]
pub struct ApiDoc;

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

/// `GET /api/openapi.json`
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
