//! The task routes of the API. Like the pages, every handler passes the
//! token owner's id to the model, which finds tasks only in lists shared
//! with them: a task elsewhere is a 404, and one in a list they may only
//! read is a 403 when they try to change it.
//!
//! Each handler carries its route (`#[get("/tasks")]`, under `/api`) and
//! its OpenAPI entry (`#[utoipa::path]`, which reads the route from it);
//! `api::configure` lists the handlers, and with them the document.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};

use super::extract::{Body, Params};
use super::fields::{Field, ListParam};
use super::openapi::{BodyErrors, NotYours, QueryErrors, Refusals, Unauthorized};
use super::resources::{DeleteParams, ListParams, NewTaskBody, TaskPatchBody};
use super::{ApiCtx, ApiError};
use crate::domain::TaskResource;
use crate::models::list as lists;
use crate::models::task::{self, Task};

/// List your tasks
///
/// The tasks of every list you can see, or of one (`list`), with the same
/// `filter`, `q` and `sort` as the list page, paged with `limit` and
/// `offset`; the number of matching tasks is in `X-Total-Count`.
#[utoipa::path(
    tag = "tasks",
    params(ListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The tasks, in the order asked for", body = [TaskResource],
            headers(("X-Total-Count" = i64, description = "How many tasks match, over all pages"))),
        QueryErrors,
        NotYours,
        Unauthorized,
    )
)]
#[get("/tasks")]
pub async fn list(
    ctx: ApiCtx,
    Params(params): Params<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let (query, limit, offset) = params.view()?;
    let user = ctx.user.id;
    let (tasks, total) = ctx
        .db
        .read(move |conn| -> diesel::QueryResult<_> {
            // A list you cannot see is a 404 (from `fetch`), not an empty
            // list.
            let mine = lists::visible(conn, user)?;
            let totals = task::Totals::of(&mine, query.list);
            let total = task::count(conn, user, &query, totals)?;
            Ok((
                task::fetch::<Task>(conn, user, &query, &mine, total, limit, offset)?,
                total,
            ))
        })
        .await?;
    let body: Vec<TaskResource> = tasks.into_iter().map(|task| ctx.resource(task)).collect();
    Ok(HttpResponse::Ok()
        .insert_header(("X-Total-Count", total.to_string()))
        .json(body))
}

/// Create a task
///
/// The new task is not completed and goes last, unless `order` says where;
/// it goes to your default list unless `list_id` names another.
#[utoipa::path(
    tag = "tasks",
    request_body = NewTaskBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created; `Location` is its URL", body = TaskResource,
            headers(("Location" = String, description = "The new task's URL"))),
        BodyErrors,
        Refusals,
        Unauthorized,
    )
)]
#[post("/tasks")]
pub async fn create(ctx: ApiCtx, Body(body): Body<NewTaskBody>) -> Result<HttpResponse, ApiError> {
    let new = body.parse()?;
    let (user, today) = (ctx.user.id, ctx.today);
    let task = ctx
        .db
        .try_write(move |conn| match &new.quick {
            Some(line) => {
                let typed = task::Typed {
                    line,
                    field: "quick",
                    today,
                    due_by_default: None,
                };
                let added = task::add_quick(conn, user, typed, new.input, new.place)?;
                Ok(added.map(|(task, _)| task))
            }
            None => task::create(conn, user, &new.input, new.place),
        })
        .await??;
    let resource = ctx.resource(task);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, resource.url.clone()))
        .json(resource))
}

/// Get one task
#[utoipa::path(
    tag = "tasks",
    params(("id" = i64, Path, description = "The task's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The task", body = TaskResource),
        NotYours,
        Unauthorized,
    )
)]
#[get("/tasks/{id}")]
pub async fn show(ctx: ApiCtx, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let (owner, id) = (ctx.user.id, id.into_inner());
    let task = ctx.db.read(move |conn| task::find(conn, owner, id)).await?;
    Ok(HttpResponse::Ok().json(ctx.resource(task)))
}

/// Change a task
///
/// Only the fields sent change; `null` clears `notes`, `due` and `priority`.
#[utoipa::path(
    tag = "tasks",
    params(("id" = i64, Path, description = "The task's id")),
    request_body = TaskPatchBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The task as it now is", body = TaskResource),
        BodyErrors,
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[patch("/tasks/{id}")]
pub async fn update(
    ctx: ApiCtx,
    id: web::Path<i64>,
    Body(body): Body<TaskPatchBody>,
) -> Result<HttpResponse, ApiError> {
    let changes = task::TaskChanges::from(body);
    let (owner, id, today) = (ctx.user.id, id.into_inner(), ctx.today);
    let task = ctx
        .db
        .try_write(move |conn| task::change(conn, owner, id, &changes, today))
        .await??;
    Ok(HttpResponse::Ok().json(ctx.resource(task)))
}

/// Delete a task
///
/// The task, with its subtasks, goes to the trash for 30 days: it is gone
/// from the API (`GET` answers 404) until it is restored.
#[utoipa::path(
    tag = "tasks",
    params(("id" = i64, Path, description = "The task's id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Moved to the trash"),
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[delete("/tasks/{id}")]
pub async fn delete(ctx: ApiCtx, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let (owner, id) = (ctx.user.id, id.into_inner());
    ctx.db
        .try_write(move |conn| task::delete(conn, owner, id))
        .await??;
    Ok(HttpResponse::NoContent().finish())
}

/// Delete many tasks
///
/// `?completed=true` clears the completed tasks; without it, every task
/// goes (as Todo-Backend clients expect): of every list you may change, or
/// of the one `list` names.
#[utoipa::path(
    tag = "tasks",
    params(DeleteParams),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        QueryErrors,
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[delete("/tasks")]
pub async fn delete_many(
    ctx: ApiCtx,
    Params(params): Params<DeleteParams>,
) -> Result<HttpResponse, ApiError> {
    let user = ctx.user.id;
    let completed = params.completed.map(|done| done.0);
    let only = params.list.and_then(|Field(ListParam(only))| only);
    ctx.db
        .try_write(move |conn| task::delete_where(conn, user, only, completed))
        .await??;
    Ok(HttpResponse::NoContent().finish())
}

/// Restore a deleted task
///
/// Brings a task back from the trash (within 30 days of its deletion),
/// with the subtasks that went with it: to its list, under its parent, at
/// its place, or at the end of its list if its parent is gone. A task that
/// is not in the trash (never deleted, restored already, purged) is a 404;
/// one in a list you may no longer change is a 403.
#[utoipa::path(
    tag = "tasks",
    params(("id" = i64, Path, description = "The deleted task's id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The task, restored", body = TaskResource),
        NotYours,
        Refusals,
        Unauthorized,
    )
)]
#[post("/tasks/{id}/restore")]
pub async fn restore(ctx: ApiCtx, id: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    let (user, id) = (ctx.user.id, id.into_inner());
    let task = ctx
        .db
        .try_write(move |conn| task::trash::restore(conn, user, id))
        .await??;
    Ok(HttpResponse::Ok().json(ctx.resource(task)))
}
