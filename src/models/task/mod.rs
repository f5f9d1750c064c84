//! The `tasks` table: its rows and the writes to it. Every task belongs to
//! one list, and every function takes `user`, the id of the person the
//! request is for: a task is found only through a list shared with them
//! (`member::lists_where` in the `WHERE` clause), and changed only if
//! their level there allows it (`domain::access`). A task in a list they
//! cannot see matches no row, and the caller sees exactly what it would
//! for an id that never existed; one they may see but not change is a
//! [`Refused`] that says which level it needs.
//!
//! The reads of many tasks at once live beside this file, by what they do:
//! `list` (filter, search, sort, counts), `due` (what is due by a day),
//! `paging` (pages by number and
//! by key), `walk` (the lists' own order across lists, one list at a
//! time), `transfer` (the task as the API and export files give it out,
//! and imports). What a task carries beyond its row: `tree` (subtasks),
//! `labels` (and their index table), `trash` (where deleting puts it),
//! `repeat` (what doing a repeating task does), `quick` (quick add),
//! `calendar` (a list's tasks as CalDAV objects).

pub mod calendar;
mod change;
mod delete;
mod due;
mod labels;
mod list;
mod paging;
mod quick;
mod repeat;
mod transfer;
pub mod trash;
mod tree;
mod walk;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use diesel::sql_types::Bool;

pub use change::{TaskChanges, change, indent, outdent, toggle};
pub use delete::{delete, delete_where};
pub use due::{Counts, DueBy, DueCounts, due_by, due_counts, due_in};
pub use labels::{LabelCount, in_use as labels_in_use, index as index_labels};
pub use list::{ListedTask, Totals, count, fetch};
pub use paging::{PAGE_SIZE, Page, page};
pub use quick::{Typed, add_quick};
pub use repeat::{Before, Stepped, skip, undo_done};
pub use transfer::{all, import};
pub use tree::{Around, around, subtasks};

use super::member::{self, lists_where};
use super::{list as lists, now};
use crate::db::schema::{list_members, tasks};
use crate::db::{DbBackend, DbConnection};
use crate::domain::{Action, Labels, Level, Priority, Recurrence, Refused, RepeatFrom, TaskInput};
use crate::on_backend;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
pub struct Task {
    pub id: i64,
    pub list_id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<NaiveDate>,
    pub priority: i16,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub parent_id: Option<i64>,
    /// One per line, as [`Labels::to_db`] keeps them.
    pub labels: String,
    /// How it repeats, as `RRULE` text; `None` for a task done once.
    pub rrule: Option<String>,
    /// `due` or `completion`: see [`RepeatFrom`].
    pub repeat_from: String,
    /// How often a repeating task has been done, and when last.
    pub completions: i64,
    pub last_done_at: Option<NaiveDateTime>,
    /// Its iCalendar UID, for CalDAV clients: random, and kept for life.
    pub uid: String,
    /// Its object's name in its calendar (`{uid}.ics`, or a client's).
    pub dav_name: String,
    /// The object a CalDAV client last wrote, if one did.
    pub ical: Option<String>,
}

impl Task {
    pub fn priority(&self) -> Priority {
        Priority::from_db(self.priority)
    }

    pub fn labels(&self) -> Labels {
        Labels::from_db(&self.labels)
    }

    pub fn recurrence(&self) -> Option<Recurrence> {
        Recurrence::from_db(self.rrule.as_deref(), &self.repeat_from)
    }
}

/// One task, if it is in a list `user` may see.
pub fn find(conn: &mut DbConnection, user: i64, id: i64) -> QueryResult<Task> {
    tasks::table
        .filter(tasks::id.eq(id))
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .select(Task::as_select())
        .first(conn)
}

/// [`find`], for a change computed from the row as it is (toggling,
/// stamping `completed_at`), and checked against what `user` may do in the
/// task's list: the task and `user`'s level there in one query, joined on
/// their membership (a stranger's task is not found). On PostgreSQL, where
/// writers run side by side, the rows are locked until the transaction
/// ends, so that two changes at once apply one after the other instead of
/// both starting from the same version. SQLite already writes one at a
/// time.
fn find_for_change(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
) -> QueryResult<Result<Task, Refused>> {
    // Written out for each backend: the selection's type names it.
    macro_rules! found {
        () => {
            tasks::table
                .inner_join(
                    list_members::table.on(list_members::list_id
                        .eq(tasks::list_id)
                        .and(list_members::user_id.eq(user))),
                )
                .filter(tasks::id.eq(id))
                .select((Task::as_select(), list_members::level))
        };
    }
    let (task, level): (Task, i16) = match conn {
        DbConnection::Postgres(pg) => found!().for_update().first(pg)?,
        DbConnection::Sqlite(_) => found!().first(conn)?,
    };
    Ok(member::judged(Some(Level::from_db(level)), Action::ChangeTasks)?.map(|_| task))
}

/// The list a task goes to: `list` if `user` may add tasks there, or their
/// default list. A list they cannot see is a refusal naming `list_id`
/// rather than a 404: the task is what was asked for, the list is a field.
fn target_list(
    conn: &mut DbConnection,
    user: i64,
    list: Option<i64>,
) -> QueryResult<Result<i64, Refused>> {
    let Some(list) = list else {
        return lists::default_id(conn, user).map(Ok);
    };
    match member::check(conn, user, list, Action::ChangeTasks) {
        Ok(checked) => Ok(checked.map(|_| list)),
        Err(diesel::result::Error::NotFound) => Ok(Err(Refused::invalid(
            "list_id",
            format!("There is no list {list} that you can see."),
        ))),
        Err(err) => Err(err),
    }
}

/// The position after the list's last task.
fn next_position(conn: &mut DbConnection, list: i64) -> QueryResult<i64> {
    let last: Option<i64> = tasks::table
        .filter(tasks::list_id.eq(list))
        .select(max(tasks::position))
        .first(conn)?;
    // Saturating: positions are bounded where they come in, but a stored
    // one must never be able to make adding a task fail.
    Ok(last.unwrap_or(0).saturating_add(1))
}

/// Where a new task goes: its list (`None`: the user's default one, or
/// its parent's), its parent, its position (`None`: last, or after its
/// parent's last subtask).
#[derive(Debug, Clone, Copy, Default)]
pub struct Placement {
    pub list: Option<i64>,
    pub parent: Option<i64>,
    pub position: Option<i64>,
}

/// Adds a task, not completed, where `place` says. Call it in a
/// transaction: its labels are a second write.
pub fn create(
    conn: &mut DbConnection,
    user: i64,
    input: &TaskInput,
    place: Placement,
) -> QueryResult<Result<Task, Refused>> {
    let named_list = match (place.list, place.parent) {
        (None, Some(parent)) => parent_list(conn, user, parent)?,
        (list, _) => list,
    };
    let list = match target_list(conn, user, named_list)? {
        Ok(list) => list,
        Err(refused) => return Ok(Err(refused)),
    };
    if let Some((field, words)) = input
        .recurrence
        .as_ref()
        .and_then(|recurrence| recurrence.conflict(input.due.0))
    {
        return Ok(Err(Refused::invalid(field, words)));
    }
    if let Some(parent) = place.parent
        && let Err(refused) = tree::check_parent(conn, None, list, parent)?
    {
        return Ok(Err(refused));
    }
    let position = match (place.position, place.parent) {
        (Some(position), _) => position,
        (None, Some(parent)) => tree::position_under(conn, user, list, parent)?,
        (None, None) => next_position(conn, list)?,
    };
    let now = now();
    let uid = new_uid();
    let row = NewTask {
        list_id: list,
        title: input.title.as_str().to_owned(),
        notes: input.notes.as_str().to_owned(),
        completed: false,
        due: input.due.0,
        priority: input.priority.to_db(),
        position,
        created_at: now,
        updated_at: now,
        completed_at: None,
        parent_id: place.parent,
        labels: input.labels.to_db(),
        rrule: input.recurrence.as_ref().map(|r| r.rule.to_rrule()),
        repeat_from: repeat_from(input.recurrence.as_ref()),
        completions: 0,
        last_done_at: None,
        dav_name: dav_name_of(&uid),
        uid,
        ical: None,
    };
    let task: Task = on_backend!(conn, conn => diesel::insert_into(tasks::table)
        .values(&row)
        .returning(Task::as_returning())
        .get_result(conn))?;
    labels::add(conn, &[(task.id, list, &input.labels)])?;
    Ok(Ok(task))
}

/// The list of the task `parent`, if `user` can see it: where a subtask
/// goes when no list is named. One they cannot see names no list, and the
/// parent is then refused as not in the (default) list.
fn parent_list(conn: &mut DbConnection, user: i64, parent: i64) -> QueryResult<Option<i64>> {
    tasks::table
        .filter(tasks::id.eq(parent))
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .select(tasks::list_id)
        .first(conn)
        .optional()
}

/// A task about to be stored, with every column but its id: what adding,
/// importing and seeding write.
#[derive(Debug, Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask {
    pub list_id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<NaiveDate>,
    pub priority: i16,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub parent_id: Option<i64>,
    pub labels: String,
    /// How it repeats, as `RRULE` text; `None` for a task done once.
    pub rrule: Option<String>,
    /// `due` or `completion`: see [`RepeatFrom`].
    pub repeat_from: String,
    /// How often a repeating task has been done, and when last.
    pub completions: i64,
    pub last_done_at: Option<NaiveDateTime>,
    pub uid: String,
    pub dav_name: String,
    pub ical: Option<String>,
}

/// A new task's iCalendar UID: the time in milliseconds, then 80 random
/// bits, as 32 hex digits (as a UUIDv7 is laid out). Unique without asking
/// anyone, and in the order tasks are made, so that the indexes keyed by it
/// (`tasks_list_uid`, the object names, `dav_changes`) grow at their end
/// instead of at a random place in a large tree.
pub fn new_uid() -> String {
    let millis = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
    let random = hex::encode(rand::random::<[u8; 10]>());
    format!("{:012x}{random}", millis & 0xffff_ffff_ffff)
}

/// The name of the object of a task with `uid`, unless a client named it.
pub fn dav_name_of(uid: &str) -> String {
    format!("{uid}.ics")
}

/// The `repeat_from` column for `recurrence`: `due` for a task that does
/// not repeat.
pub fn repeat_from(recurrence: Option<&Recurrence>) -> String {
    recurrence
        .map_or(RepeatFrom::Due, |r| r.from)
        .as_str()
        .to_owned()
}

/// The tasks of the lists `user` may change, or of one of them (`list`):
/// what toggle-all and clear-completed act on.
fn changeable(
    user: i64,
    list: Option<i64>,
) -> Box<dyn BoxableExpression<tasks::table, DbBackend, SqlType = Bool>> {
    let mine = tasks::list_id.eq_any(lists_where(user, Action::ChangeTasks));
    match list {
        Some(list) => Box::new(mine.and(tasks::list_id.eq(list))),
        None => Box::new(mine),
    }
}

/// Whether `user` may change the tasks of `list` (any list they may
/// change, when `None`): one they may only read is refused, one they
/// cannot see is not found.
fn check_list(
    conn: &mut DbConnection,
    user: i64,
    list: Option<i64>,
) -> QueryResult<Result<(), Refused>> {
    match list {
        Some(list) => Ok(member::check(conn, user, list, Action::ChangeTasks)?.map(drop)),
        None => Ok(Ok(())),
    }
}

/// Marks every task done, or, if every one already was, every one open:
/// in one list, or (`None`) in every list the user may change. A
/// repeating task is never done for good: the ones due by `today` move on
/// to their next due date, as when each is done alone, and one due later
/// is left as it is (it is not yet to do). So a second press, with every
/// task done or moved on, opens them all again rather than moving the
/// repeating ones once more. Returns whether the tasks are now done.
pub fn toggle_all(
    conn: &mut DbConnection,
    user: i64,
    list: Option<i64>,
    today: NaiveDate,
) -> QueryResult<Result<bool, Refused>> {
    if let Err(refused) = check_list(conn, user, list)? {
        return Ok(Err(refused));
    }
    // What "done" means now: not done, and either done once or due.
    let to_do = || {
        tasks::completed
            .eq(false)
            .and(tasks::rrule.is_null().or(tasks::due.le(today)))
    };
    let any_open = tasks::table
        .into_boxed()
        .filter(changeable(user, list))
        .filter(to_do())
        .select(tasks::id)
        .first::<i64>(conn)
        .optional()?
        .is_some();
    let now = now();
    let mut toggled = diesel::update(tasks::table)
        .into_boxed()
        .filter(changeable(user, list))
        .filter(tasks::completed.eq(!any_open));
    if any_open {
        toggled = toggled.filter(tasks::rrule.is_null());
    }
    toggled
        .set((
            tasks::completed.eq(any_open),
            tasks::completed_at.eq(any_open.then_some(now)),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    if any_open {
        // The repeating ones one by one, each to its own next due date:
        // there are few of them in a list.
        let repeating: Vec<i64> = tasks::table
            .into_boxed()
            .filter(changeable(user, list))
            .filter(to_do())
            .filter(tasks::rrule.is_not_null())
            .select(tasks::id)
            .load(conn)?;
        let done = TaskChanges {
            completed: Some(true),
            ..TaskChanges::default()
        };
        for id in repeating {
            if let Err(refused) = change(conn, user, id, &done, today)? {
                return Ok(Err(refused));
            }
        }
    }
    Ok(Ok(any_open))
}
