//! Doing a repeating task: completing it moves its due date to the next
//! occurrence of its rule and keeps it open, with the completion counted
//! and stamped; the last time of a series completes it like any other.
//! Skipping moves it on without counting; undoing a completion puts back
//! the due date, rule and stamp it had, once, and only while the task is
//! still as the completion left it (its `updated_at` unchanged since).
//!
//! The dates come from the domain (`Recurrence::next`); what is written is
//! an ordinary change, through the same steps and checks as any other.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::change::change_from;
use super::{Task, TaskChanges};
use crate::db::DbConnection;
use crate::domain::{Due, Refused, Rule};
use crate::models::now;

/// What completing a repeating task did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stepped {
    /// It is due again on the task's new due date; this is what it was
    /// before, for "Undo".
    Moved(Before),
    /// That was the last time of its series: it is done.
    Ended,
}

/// A repeating task as it was before a completion moved it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Before {
    pub due: NaiveDate,
    pub rrule: String,
    pub last_done_at: Option<NaiveDateTime>,
}

/// What `changes` become when they complete a task that repeats: they
/// move it on instead (or, at the end of its series, complete it), and
/// record the completion. `None` when they do not: they apply as they are.
pub(super) fn on_done(
    task: &Task,
    changes: &TaskChanges,
    today: NaiveDate,
) -> Option<(TaskChanges, Stepped)> {
    if changes.completed != Some(true) || task.completed {
        return None;
    }
    let due = changes.due.map_or(task.due, |due| due.0);
    let (Some(recurrence), Some(due)) = (changes.recurrence_of(task), due) else {
        return None;
    };
    let recorded = TaskChanges {
        completions: Some(task.completions.saturating_add(1)),
        last_done_at: Some(Some(now())),
        ..changes.clone()
    };
    match recurrence.next(due, today) {
        Some((next, rule)) => {
            let before = Before {
                due,
                rrule: recurrence.rule.to_rrule(),
                last_done_at: task.last_done_at,
            };
            let moved = TaskChanges {
                completed: None,
                due: Some(Due(Some(next))),
                rule: Some(Some(rule)),
                ..recorded
            };
            Some((moved, Stepped::Moved(before)))
        }
        None => Some((recorded, Stepped::Ended)),
    }
}

/// "Skip this one": moves a repeating task to its next occurrence without
/// counting a completion. Refused for a task that does not repeat, and at
/// the last time of a series (there is nothing to skip to).
pub fn skip(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    today: NaiveDate,
) -> QueryResult<Result<Task, Refused>> {
    let skipped = change_from(conn, user, id, |_, task| {
        let (Some(recurrence), Some(due)) = (task.recurrence(), task.due) else {
            return Ok(Err(Refused::invalid("rrule", "It does not repeat.")));
        };
        if task.completed {
            return Ok(Err(Refused::invalid(
                "completed",
                "It is done: mark it as not done first.",
            )));
        }
        Ok(match recurrence.next(due, today) {
            Some((next, rule)) => Ok((
                TaskChanges {
                    due: Some(Due(Some(next))),
                    rule: Some(Some(rule)),
                    ..TaskChanges::default()
                },
                (),
            )),
            None => Err(Refused::invalid(
                "rrule",
                "This is the last time it repeats: mark it done, or delete it.",
            )),
        })
    })?;
    Ok(skipped.map(|(task, ())| task))
}

/// Undoes the completion that left a task as it was at `done_at` (its
/// `updated_at` then), from `before`: puts back its due date, rule and
/// last stamp, and counts one completion less. Refused when the task has
/// changed since (another completion, an edit), so that pressing Undo
/// twice undoes once, and an old Undo never takes back a later change.
pub fn undo_done(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    done_at: NaiveDateTime,
    before: &Before,
) -> QueryResult<Result<Task, Refused>> {
    let undone = change_from(conn, user, id, |_, task| {
        let rule = Rule::parse(&before.rrule);
        let unchanged = task.updated_at == done_at && !task.completed && task.completions > 0;
        Ok(match (task.recurrence(), rule) {
            (Some(_), Ok(rule)) if unchanged => Ok((
                TaskChanges {
                    due: Some(Due(Some(before.due))),
                    rule: Some(Some(rule)),
                    completions: Some(task.completions - 1),
                    last_done_at: Some(before.last_done_at),
                    ..TaskChanges::default()
                },
                (),
            )),
            _ => Err(Refused::invalid(
                "due",
                "It has changed since it was done, so there is nothing to undo.",
            )),
        })
    })?;
    Ok(undone.map(|(task, ())| task))
}
