//! The labels route of the API: which labels the tasks you can see carry,
//! and how many tasks carry each, for a client's label picker or filter.

use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::Params;
use super::fields::{Field, ListParam};
use super::openapi::{QueryErrors, Unauthorized};
use super::resources::LabelParams;
use super::{ApiCtx, ApiError};
use crate::models::task;

/// A label in use.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabelResource {
    /// As the tasks spell it (one spelling stands for all when they
    /// differ only in case).
    #[schema(example = "errands")]
    pub label: String,
    /// How many of the tasks you can see carry it.
    #[schema(example = 3)]
    pub tasks: i64,
}

/// List the labels in use
///
/// The labels of the tasks you can see (or of one list's), in alphabetical
/// order ignoring case, each with how many tasks carry it. Filter the
/// tasks by one with `GET /api/tasks?label=`.
#[utoipa::path(
    tag = "tasks",
    params(LabelParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The labels", body = [LabelResource]),
        QueryErrors,
        Unauthorized,
    )
)]
#[get("/labels")]
pub async fn index(
    ctx: ApiCtx,
    Params(params): Params<LabelParams>,
) -> Result<HttpResponse, ApiError> {
    let user = ctx.user.id;
    let list = params.list.and_then(|Field(ListParam(list))| list);
    let labels = ctx
        .db
        .read(move |conn| task::labels_in_use(conn, user, list))
        .await?;
    let body: Vec<LabelResource> = labels
        .into_iter()
        .map(|count| LabelResource {
            label: count.label,
            tasks: count.tasks,
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}
