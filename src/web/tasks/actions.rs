//! The list's buttons that only act: toggle one task, delete one (to the
//! trash), toggle them all, clear the completed ones (of every list the
//! user may change, or of the list the form names). Each makes one change, says what it
//! did, and goes back to the view it came from; what the user's level does
//! not allow is a 403 from the model, and nothing changes.

use actix_web::{HttpResponse, web};
use diesel::QueryResult;

use super::{ReturnTo, repeat};
use crate::auth::csrf::CsrfForm;
use crate::db::DbConnection;
use crate::domain::{Refused, short_day};
use crate::errors::AppError;
use crate::models::task::{self, Stepped};
use crate::web::context::Ctx;
use crate::web::flash::{self, Undo};
use crate::web::see_other;

/// Runs `change` for the user and the list the form names (if any), shows
/// what `said` makes of its outcome, and redirects to the view the form
/// came from. (The trash page's buttons act the same way.)
pub(super) async fn act<T: Send + 'static>(
    ctx: Ctx,
    form: ReturnTo,
    change: impl FnOnce(&mut DbConnection, i64, Option<i64>) -> QueryResult<Result<T, Refused>>
    + Send
    + 'static,
    said: impl FnOnce(T) -> String,
) -> Result<HttpResponse, AppError> {
    let (user, list) = (ctx.user().id, form.list()?);
    let outcome = ctx
        .db
        .try_write(move |conn| change(conn, user, list))
        .await??;
    flash::set(said(outcome));
    Ok(see_other(ctx.back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/{id}/toggle`: a repeating task done moves on to its next
/// due date, and the message says when that is, with an Undo.
pub async fn toggle(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let (user, id, today) = (ctx.user().id, id.into_inner(), ctx.today());
    let (task, stepped) = ctx
        .db
        .try_write(move |conn| task::toggle(conn, user, id, today))
        .await??;
    let back = ctx.back_to(form.return_to.as_deref());
    match (stepped, task.due) {
        (Some(Stepped::Moved(before)), Some(next)) => flash::set_with_undo(
            format!(
                "Done “{}”: it is due again {}.",
                task.title,
                short_day(next)
            ),
            repeat::undo_of(&task, &before, &back),
        ),
        (Some(Stepped::Ended), _) => flash::set(format!(
            "Marked “{}” as done: that was the last time it repeats.",
            task.title
        )),
        _ => {
            let state = if task.completed { "done" } else { "not done" };
            flash::set(format!("Marked “{}” as {state}.", task.title));
        }
    }
    Ok(see_other(back.as_str()))
}

/// `POST /tasks/{id}/delete`: moves the task, with its subtasks, to the
/// trash; the message offers to undo it.
pub async fn delete(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    let (task, gone) = ctx
        .db
        .try_write(move |conn| task::delete(conn, user, id))
        .await??;
    let back = ctx.back_to(form.return_to.as_deref());
    let along = match gone.saturating_sub(1) {
        0 => String::new(),
        1 => " and its subtask".to_owned(),
        n => format!(" and its {n} subtasks"),
    };
    flash::set_with_undo(
        format!("Moved “{}”{along} to the trash.", task.title),
        Undo {
            action: format!("/trash/{}/restore", task.id),
            fields: Vec::new(),
            return_to: back.as_str().to_owned(),
        },
    );
    Ok(see_other(back.as_str()))
}

/// `POST /tasks/toggle-all`
pub async fn toggle_all(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let today = ctx.today();
    let toggle_all =
        move |conn: &mut DbConnection, user, list| task::toggle_all(conn, user, list, today);
    act(ctx, form, toggle_all, |done| {
        if done {
            "Marked every task as done.".to_owned()
        } else {
            "Marked every task as not done.".to_owned()
        }
    })
    .await
}

/// `POST /tasks/clear-completed`
pub async fn clear_completed(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    act(
        ctx,
        form,
        |conn, user, list| task::delete_where(conn, user, list, Some(true)),
        |cleared| match cleared {
            1 => "Moved 1 task to the trash.".to_owned(),
            n => format!("Moved {n} tasks to the trash."),
        },
    )
    .await
}
