//! The list's buttons that only act: toggle one task, delete one, toggle
//! them all, clear the completed ones. Each answers with a message and a
//! redirect back to the view it came from.

use actix_web::{HttpResponse, web};

use super::ReturnTo;
use crate::auth::csrf::CsrfForm;
use crate::errors::AppError;
use crate::models::task;
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

/// `POST /tasks/{id}/toggle`
pub async fn toggle(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (ctx.user().id, id.into_inner());
    let task = ctx
        .db
        .write(move |conn| task::toggle(conn, owner, id))
        .await?;
    let state = if task.completed { "done" } else { "not done" };
    flash::set(format!("Marked “{}” as {state}.", task.title));
    Ok(see_other(ctx.back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/{id}/delete`
pub async fn delete(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (ctx.user().id, id.into_inner());
    let task = ctx
        .db
        .write(move |conn| task::delete(conn, owner, id))
        .await?;
    flash::set(format!("Deleted “{}”.", task.title));
    Ok(see_other(ctx.back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/toggle-all`
pub async fn toggle_all(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let owner = ctx.user().id;
    let done = ctx
        .db
        .write(move |conn| task::toggle_all(conn, owner))
        .await?;
    flash::set(if done {
        "Marked every task as done."
    } else {
        "Marked every task as not done."
    });
    Ok(see_other(ctx.back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/clear-completed`
pub async fn clear_completed(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let owner = ctx.user().id;
    let cleared = ctx
        .db
        .write(move |conn| task::delete_where(conn, owner, Some(true)))
        .await?;
    flash::set(match cleared {
        1 => "Cleared 1 completed task.".to_owned(),
        n => format!("Cleared {n} completed tasks."),
    });
    Ok(see_other(ctx.back_to(form.return_to.as_deref()).as_str()))
}
