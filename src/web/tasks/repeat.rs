//! The buttons of a repeating task: "Skip this one" (on its page), and
//! the Undo of the message that says a repeating task done is due again.
//! That Undo carries the task as it was (due date, rule, last done) in its
//! form, and the time the completion changed it: the model puts the task
//! back only while it is unchanged since, so that a second press, or an
//! Undo after another change, does nothing.

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::auth::csrf::CsrfForm;
use crate::domain::{Due, LocalPath, Refused, short_day};
use crate::errors::AppError;
use crate::models::task::{self, Before, Task};
use crate::web::context::Ctx;
use crate::web::flash::{self, Undo};
use crate::web::see_other;

/// How a completion's time travels in the Undo form.
const STAMP: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// The Undo button for a repeating task that a completion moved on from
/// `before`.
pub(super) fn undo_of(task: &Task, before: &Before, back: &LocalPath) -> Undo {
    let done_at = before
        .last_done_at
        .map(|at| at.format(STAMP).to_string())
        .unwrap_or_default();
    Undo {
        action: format!("/tasks/{}/undo-done", task.id),
        fields: [
            ("done_at", task.updated_at.format(STAMP).to_string()),
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
    done_at: String,
    due: String,
    rrule: String,
    last_done_at: String,
}

impl UndoForm {
    /// When the completion changed the task, and the task before it.
    fn parse(&self) -> Option<(NaiveDateTime, Before)> {
        let day = |text: &str| match Due::parse(text) {
            Ok(Due(Some(day))) => Some(day),
            _ => None,
        };
        let stamp = |at: &str| NaiveDateTime::parse_from_str(at, STAMP).ok();
        let last_done_at = match self.last_done_at.trim() {
            "" => None,
            at => Some(stamp(at)?),
        };
        Some((
            stamp(self.done_at.trim())?,
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
    let (done_at, before) = form
        .parse()
        .ok_or_else(|| AppError::BadRequest("The Undo form is not one ticked made.".into()))?;
    let undone = ctx
        .db
        .try_write(move |conn| task::undo_done(conn, user, id, done_at, &before))
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
            let next = task.due.map(short_day);
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
