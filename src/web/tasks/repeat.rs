//! The buttons of a repeating task: "Skip this one" (on its page), and
//! the Undo of the message that says a repeating task done is due again.
//! That Undo carries the task as it was (due date, rule, last done) in its
//! form, and the due date the completion gave it: the model puts the task
//! back only while it is still due on that day, so that a second press,
//! or an Undo after another change, does nothing.

use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::auth::csrf::CsrfForm;
use crate::domain::{Due, LocalPath, Refused};
use crate::errors::AppError;
use crate::models::task::{self, Before, Task};
use crate::web::context::Ctx;
use crate::web::flash::{self, Undo};
use crate::web::see_other;

/// How a completion's time travels in the Undo form.
const STAMP: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// The Undo button for a repeating task that a completion moved from
/// `before` to `next`.
pub(super) fn undo_of(task: &Task, next: NaiveDate, before: &Before, back: &LocalPath) -> Undo {
    let done_at = before
        .last_done_at
        .map(|at| at.format(STAMP).to_string())
        .unwrap_or_default();
    Undo {
        action: format!("/tasks/{}/undo-done", task.id),
        fields: [
            ("now_due", next.to_string()),
            ("due", before.due.to_string()),
            ("rrule", before.rrule.clone()),
            ("last_done_at", done_at),
        ]
        .map(|(name, value)| (name.to_owned(), value))
        .to_vec(),
        return_to: back.as_str().to_owned(),
    }
}

/// The Undo form as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UndoForm {
    return_to: Option<String>,
    now_due: String,
    due: String,
    rrule: String,
    last_done_at: String,
}

impl UndoForm {
    /// The due date the completion gave, and the task as it was.
    fn parse(&self) -> Option<(NaiveDate, Before)> {
        let day = |text: &str| match Due::parse(text) {
            Ok(Due(Some(day))) => Some(day),
            _ => None,
        };
        let last_done_at = match self.last_done_at.trim() {
            "" => None,
            at => Some(NaiveDateTime::parse_from_str(at, STAMP).ok()?),
        };
        Some((
            day(&self.now_due)?,
            Before {
                due: day(&self.due)?,
                rrule: self.rrule.clone(),
                last_done_at,
            },
        ))
    }
}

/// `POST /tasks/{id}/undo-done`
pub async fn undo_done(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<UndoForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    let (now_due, before) = form
        .parse()
        .ok_or_else(|| AppError::BadRequest("The Undo form is not one ticked made.".into()))?;
    let undone = ctx
        .db
        .try_write(move |conn| task::undo_done(conn, user, id, now_due, &before))
        .await?;
    match undone {
        Ok(task) => flash::set(format!("“{}” is not done after all.", task.title)),
        Err(Refused::Invalid { message, .. }) => flash::set(message),
        Err(denied) => return Err(denied.into()),
    }
    Ok(see_other(ctx.back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/{id}/skip`: "Skip this one".
pub async fn skip(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<super::ReturnTo>,
) -> Result<HttpResponse, AppError> {
    let (user, id, today) = (ctx.user().id, id.into_inner(), ctx.today());
    let skipped = ctx
        .db
        .try_write(move |conn| task::skip(conn, user, id, today))
        .await?;
    match skipped {
        Ok(task) => {
            let next = task.due.map(|due| due.format("%a %-d %b").to_string());
            flash::set(format!(
                "Skipped “{}”: it is due next {}.",
                task.title,
                next.unwrap_or_default()
            ));
        }
        Err(Refused::Invalid { message, .. }) => flash::set(message),
        Err(denied) => return Err(denied.into()),
    }
    let back = ctx.back_to(form.return_to.as_deref());
    Ok(see_other(&super::edit::page_of(id, &back)))
}
