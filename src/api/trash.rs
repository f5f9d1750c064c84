//! The trash route of the API: what was deleted from the lists you can
//! see in the last 30 days, newest first, so that a script (or a client
//! that keeps its own copy) can tell what went and bring it back with
//! `POST /api/tasks/{id}/restore`.

use actix_web::{HttpResponse, get};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::extract::Params;
use super::fields::Field;
use super::openapi::{QueryErrors, Unauthorized};
use super::resources::TrashParams;
use super::{ApiCtx, ApiError};
use crate::domain::TaskResource;
use crate::models::task::trash::{self, Trashed};

/// A deleted task, with the subtasks that went with it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrashedResource {
    /// The task's id, as it was and will be again.
    #[schema(example = 42)]
    pub id: i64,
    #[schema(example = 7)]
    pub list_id: i64,
    #[schema(example = "Buy milk")]
    pub title: String,
    pub deleted_at: DateTime<Utc>,
    /// Who deleted it; null once their account is gone.
    #[schema(example = "alice")]
    pub deleted_by: Option<String>,
    /// How many of its subtasks went with it (and come back with it).
    pub subtasks: i64,
    /// Where to `POST` to restore it.
    #[schema(example = "https://todo.example.org/api/tasks/42/restore")]
    pub restore_url: String,
}

impl TrashedResource {
    fn new(item: Trashed, base: &str) -> Self {
        Self {
            restore_url: format!("{}/restore", TaskResource::url_of(base, item.id)),
            id: item.id,
            list_id: item.list_id,
            title: item.title,
            deleted_at: item.trashed_at.and_utc(),
            deleted_by: item.trashed_by,
            subtasks: item.subtasks,
        }
    }
}

/// List the trash
///
/// The tasks deleted from the lists you can see in the last 30 days,
/// newest first, each with how many subtasks went with it; paged with
/// `limit` and `offset`, the number of items in `X-Total-Count`. After 30
/// days the server deletes them for good.
#[utoipa::path(
    tag = "tasks",
    params(TrashParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The deleted tasks, newest first", body = [TrashedResource],
            headers(("X-Total-Count" = i64, description = "How many items the trash holds"))),
        QueryErrors,
        Unauthorized,
    )
)]
#[get("/trash")]
pub async fn index(
    ctx: ApiCtx,
    Params(params): Params<TrashParams>,
) -> Result<HttpResponse, ApiError> {
    let user = ctx.user.id;
    let limit = params.limit.map(Field::into_inner).unwrap_or_default().0;
    let offset = params.offset.map(Field::into_inner).unwrap_or_default().0;
    let (items, total) = ctx
        .db
        .read(move |conn| trash::items(conn, user, limit, offset))
        .await?;
    let body: Vec<TrashedResource> = items
        .into_iter()
        .map(|item| TrashedResource::new(item, ctx.base()))
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("X-Total-Count", total.to_string()))
        .json(body))
}
