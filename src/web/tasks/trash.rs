//! The trash page: what was deleted from the lists the user can see in
//! the last 30 days, newest first, each with the subtasks that went with
//! it; restore one, delete one for good, or empty the trash. The flash's
//! "Undo" after a deletion is the restore form of this page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::QueryResult;
use serde::Deserialize;

use super::ReturnTo;
use super::actions::act;
use crate::auth::csrf::CsrfForm;
use crate::domain::Action;
use crate::errors::AppError;
use crate::models::list;
use crate::models::task::trash::{self, KEEP_DAYS, Trashed};
use crate::web::context::Ctx;
use crate::web::layout::Layout;
use crate::web::{flash, render, see_other};

/// At most this many items on the page; the page says how many more.
const SHOWN: i64 = 500;

/// An item as the page shows it.
pub struct TrashRow {
    pub item: Trashed,
    pub list_name: String,
    pub deleted: String,
    /// Whether the user may restore it or delete it for good.
    pub writable: bool,
}

#[derive(Template)]
#[template(path = "tasks/trash.html")]
struct TrashPage {
    layout: Layout,
    rows: Vec<TrashRow>,
    more: i64,
    keep_days: i64,
    /// Whether any item is one the user may delete for good.
    can_empty: bool,
    /// Why emptying was not done: the box was not ticked.
    confirm_error: Option<&'static str>,
}

/// The "Empty trash" form: it asks to be sure.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmptyForm {
    confirm: String,
}

/// `GET /trash`
pub async fn show(ctx: Ctx) -> Result<HttpResponse, AppError> {
    trash_page(&ctx, None).await
}

/// The trash page; `confirm_error` says why it is shown again (422).
async fn trash_page(
    ctx: &Ctx,
    confirm_error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let (seen, (items, total)) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            Ok((
                list::seen(conn, user, today)?,
                trash::items(conn, user, SHOWN, 0)?,
            ))
        })
        .await?;
    let rows: Vec<TrashRow> = items
        .into_iter()
        .map(|item| {
            let home = seen.lists.iter().find(|my| my.list.id == item.list_id);
            TrashRow {
                list_name: home.map(|my| my.list.name.clone()).unwrap_or_default(),
                writable: home.is_some_and(|my| my.may(Action::ChangeTasks)),
                deleted: item.trashed_at.format("%-d %b %Y, %H:%M UTC").to_string(),
                item,
            }
        })
        .collect();
    let page = TrashPage {
        layout: ctx.layout_with(&seen)?,
        more: total - rows.len() as i64,
        can_empty: rows.iter().any(|row| row.writable),
        rows,
        keep_days: KEEP_DAYS,
        confirm_error,
    };
    let status = match confirm_error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    render(status, &page)
}

/// `POST /trash/{id}/restore`: puts the task back, with what went with it,
/// and goes back to where the form came from (the view the task was
/// deleted on, for the flash's Undo).
pub async fn restore(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    act(
        ctx,
        form,
        move |conn, user, _| trash::restore(conn, user, id),
        |task| format!("Restored “{}”.", task.title),
    )
    .await
}

/// `POST /trash/{id}/delete`: deletes it for good.
pub async fn delete(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    act(
        ctx,
        form,
        move |conn, user, _| trash::delete_now(conn, user, id),
        for_good,
    )
    .await
}

/// `POST /trash/empty`: deletes for good what the user may delete, once
/// they have ticked the box that says so.
pub async fn empty(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    if form.confirm != "yes" {
        return trash_page(&ctx, Some("Tick the box to delete these tasks for good.")).await;
    }
    let user = ctx.user().id;
    let gone = ctx.db.write(move |conn| trash::empty(conn, user)).await?;
    flash::set(for_good(gone));
    Ok(see_other("/trash"))
}

fn for_good(gone: usize) -> String {
    match gone {
        1 => "Deleted 1 task for good.".to_owned(),
        n => format!("Deleted {n} tasks for good."),
    }
}
