//! Changing a task: its fields, its list (its subtasks move with it), its
//! parent (also a level in or out, as an outliner does), its repeat rule,
//! and its done state (for a repeating task, see `repeat`). Each change finds the task with the user's
//! level in its list first (`find_for_change`), so that what they may not
//! do is refused before anything is written.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::repeat::{self, Stepped};
use super::{Task, find_for_change, labels, next_position, repeat_from, target_list, tree};
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::{
    Action, Due, Labels, Priority, Recurrence, Refused, RepeatFrom, Rule, TaskInput, TaskNotes,
    TaskTitle,
};
use crate::models::member::lists_where;
use crate::models::now;
use crate::on_backend;

/// What to change in a task; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TaskChanges {
    pub title: Option<TaskTitle>,
    pub notes: Option<TaskNotes>,
    pub due: Option<Due>,
    pub priority: Option<Priority>,
    pub completed: Option<bool>,
    pub position: Option<i64>,
    /// Move it to this list (at its end, unless `position` says where),
    /// with its subtasks.
    pub list: Option<i64>,
    /// Make it a subtask of this task (`Some(None)`: of none).
    pub parent: Option<Option<i64>>,
    pub labels: Option<Labels>,
    /// Make it repeat by this rule (`Some(None)`: not repeat).
    pub rule: Option<Option<Rule>>,
    /// Count its next due dates from this (a rule it has, or is given).
    pub repeat_from: Option<RepeatFrom>,
    /// The record of a repeating task's completions: set by `repeat`.
    pub completions: Option<i64>,
    pub last_done_at: Option<Option<NaiveDateTime>>,
}

impl TaskChanges {
    /// How `task` will repeat once these changes apply.
    pub fn recurrence_of(&self, task: &Task) -> Option<Recurrence> {
        let current = task.recurrence();
        let rule = match &self.rule {
            Some(rule) => rule.clone(),
            None => current.as_ref().map(|r| r.rule.clone()),
        }?;
        let from = self
            .repeat_from
            .or(current.map(|r| r.from))
            .unwrap_or_default();
        Some(Recurrence { rule, from })
    }
}

impl From<TaskInput> for TaskChanges {
    fn from(input: TaskInput) -> Self {
        Self {
            title: Some(input.title),
            notes: Some(input.notes),
            due: Some(input.due),
            priority: Some(input.priority),
            labels: Some(input.labels),
            repeat_from: input.recurrence.as_ref().map(|r| r.from),
            rule: Some(input.recurrence.map(|r| r.rule)),
            ..Self::default()
        }
    }
}

/// Applies `changes` to a task; returns it as it now is. Completing a task
/// stamps `completed_at`; reopening it clears the stamp; completing one
/// that repeats moves it on (see `repeat`), counting from `today`. Moving
/// it needs the right to change tasks in both lists.
pub fn change(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    changes: &TaskChanges,
    today: NaiveDate,
) -> QueryResult<Result<Task, Refused>> {
    let current = match find_for_change(conn, user, id)? {
        Ok(task) => task,
        Err(refused) => return Ok(Err(refused)),
    };
    match repeat::on_done(&current, changes, today) {
        Some((moved, _)) => apply(conn, user, &current, &moved),
        None => apply(conn, user, &current, changes),
    }
}

/// [`change`], for the task as [`find_for_change`] found it.
fn apply(
    conn: &mut DbConnection,
    user: i64,
    current: &Task,
    changes: &TaskChanges,
) -> QueryResult<Result<Task, Refused>> {
    #[derive(AsChangeset)]
    #[diesel(table_name = tasks)]
    struct Set<'a> {
        list_id: Option<i64>,
        parent_id: Option<Option<i64>>,
        title: Option<&'a str>,
        notes: Option<&'a str>,
        due: Option<Option<NaiveDate>>,
        priority: Option<i16>,
        labels: Option<String>,
        rrule: Option<Option<String>>,
        repeat_from: Option<String>,
        completions: Option<i64>,
        last_done_at: Option<Option<NaiveDateTime>>,
        completed: Option<bool>,
        completed_at: Option<Option<NaiveDateTime>>,
        position: Option<i64>,
        updated_at: NaiveDateTime,
    }

    // The rule is read only when this change could matter to it.
    let repeat_changed = changes.rule.is_some() || changes.repeat_from.is_some();
    let recurrence = (repeat_changed || changes.due.is_some())
        .then(|| changes.recurrence_of(current))
        .flatten();
    if let Some(recurrence) = &recurrence
        && let Some((field, words)) =
            recurrence.conflict(changes.due.map_or(current.due, |due| due.0))
    {
        return Ok(Err(Refused::invalid(field, words)));
    }
    let moved_to = match changes.list {
        Some(list) if list != current.list_id => match target_list(conn, user, Some(list))? {
            Ok(list) => Some(list),
            Err(refused) => return Ok(Err(refused)),
        },
        _ => None,
    };
    let list = moved_to.unwrap_or(current.list_id);
    // A task that leaves its list leaves its parent, unless it names one
    // in the list it goes to.
    let parent = match (changes.parent, moved_to) {
        (Some(parent), _) => Some(parent),
        (None, Some(_)) if current.parent_id.is_some() => Some(None),
        (None, _) => None,
    };
    if let Some(Some(parent)) = parent
        && let Err(refused) = tree::check_parent(conn, Some(current.id), list, parent)?
    {
        return Ok(Err(refused));
    }
    let position = match (changes.position, moved_to, parent) {
        (Some(position), _, _) => Some(position),
        (None, Some(list), _) => Some(next_position(conn, list)?),
        (None, None, Some(Some(parent))) if Some(parent) != current.parent_id => {
            Some(tree::position_under(conn, user, list, parent)?)
        }
        _ => None,
    };
    let now = now();
    let completed_at = match changes.completed {
        Some(done) if done != current.completed => Some(done.then_some(now)),
        _ => None,
    };
    let set = Set {
        list_id: moved_to,
        parent_id: parent,
        title: changes.title.as_ref().map(TaskTitle::as_str),
        notes: changes.notes.as_ref().map(TaskNotes::as_str),
        due: changes.due.map(|due| due.0),
        priority: changes.priority.map(Priority::to_db),
        labels: changes.labels.as_ref().map(Labels::to_db),
        rrule: repeat_changed.then(|| recurrence.as_ref().map(|r| r.rule.to_rrule())),
        repeat_from: repeat_changed.then(|| repeat_from(recurrence.as_ref())),
        completions: changes.completions,
        last_done_at: changes.last_done_at,
        completed: changes.completed,
        completed_at,
        position,
        updated_at: now,
    };
    let task: Task = on_backend!(conn, conn => diesel::update(
        tasks::table
            .filter(tasks::id.eq(current.id))
            .filter(tasks::list_id.eq_any(lists_where(user, Action::ChangeTasks))),
    )
    .set(&set)
    .returning(Task::as_returning())
    .get_result(conn))?;
    if let Some(labels) = &changes.labels {
        labels::write(conn, task.id, task.list_id, labels)?;
    }
    if moved_to.is_some() {
        tree::move_subtasks(conn, user, &task)?;
    }
    Ok(Ok(task))
}

/// What a change worked out from the task as it is: the changes to make
/// and something to say about them, or a refusal.
type Decided<T> = QueryResult<Result<(TaskChanges, T), Refused>>;

/// The steps of a change computed from the row as it is (toggling,
/// moving a level in or out): find the task with the user's level there,
/// let `decide` work out the changes from it, apply them. Returns the task
/// as it now is, and what `decide` had to say.
pub(super) fn change_from<T>(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    decide: impl FnOnce(&mut DbConnection, &Task) -> Decided<T>,
) -> QueryResult<Result<(Task, T), Refused>> {
    let task = match find_for_change(conn, user, id)? {
        Ok(task) => task,
        Err(refused) => return Ok(Err(refused)),
    };
    let (changes, said) = match decide(conn, &task)? {
        Ok(decided) => decided,
        Err(refused) => return Ok(Err(refused)),
    };
    Ok(apply(conn, user, &task, &changes)?.map(|task| (task, said)))
}

/// Changes that set only the parent.
fn under(parent: Option<i64>) -> TaskChanges {
    TaskChanges {
        parent: Some(parent),
        ..TaskChanges::default()
    }
}

/// Marks a task done, or not done again; returns it as it now is, and
/// for a repeating task what completing it did.
pub fn toggle(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    today: NaiveDate,
) -> QueryResult<Result<(Task, Option<Stepped>), Refused>> {
    change_from(conn, user, id, |_, task| {
        let changes = TaskChanges {
            completed: Some(!task.completed),
            ..TaskChanges::default()
        };
        Ok(Ok(match repeat::on_done(task, &changes, today) {
            Some((moved, stepped)) => (moved, Some(stepped)),
            None => (changes, None),
        }))
    })
}

/// Makes a task a subtask of the one just above it among its siblings (in
/// the list's order, under the same parent): what an outliner's Tab does.
/// Returns it as it now is, and its new parent's title.
pub fn indent(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
) -> QueryResult<Result<(Task, String), Refused>> {
    change_from(conn, user, id, |conn, task| {
        let siblings = match task.parent_id {
            Some(parent) => tasks::table
                .filter(tasks::parent_id.eq(parent))
                .into_boxed(),
            None => tasks::table.filter(tasks::parent_id.is_null()).into_boxed(),
        };
        let above: Option<(i64, String)> = siblings
            .filter(tasks::list_id.eq(task.list_id))
            .filter(
                tasks::position
                    .lt(task.position)
                    .or(tasks::position.eq(task.position).and(tasks::id.lt(task.id))),
            )
            .order((tasks::position.desc(), tasks::id.desc()))
            .select((tasks::id, tasks::title))
            .first(conn)
            .optional()?;
        Ok(match above {
            Some((parent, title)) => Ok((under(Some(parent)), title)),
            None => Err(Refused::invalid(
                "parent_id",
                "There is no task above it, at its level, to put it under.",
            )),
        })
    })
}

/// Takes a subtask out from under its parent, to its parent's level (the
/// top of its list, or under its grandparent): an outliner's Shift+Tab.
/// Returns it as it now is, and the title of the parent it left.
pub fn outdent(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
) -> QueryResult<Result<(Task, String), Refused>> {
    change_from(conn, user, id, |conn, task| {
        let Some(parent) = task.parent_id else {
            return Ok(Err(Refused::invalid(
                "parent_id",
                "It is not a subtask: it is at the top of its list already.",
            )));
        };
        let (grandparent, title): (Option<i64>, String) = tasks::table
            .find(parent)
            .select((tasks::parent_id, tasks::title))
            .first(conn)?;
        Ok(Ok((under(grandparent), title)))
    })
}
