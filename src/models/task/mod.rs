//! The `tasks` table: its rows and the writes to it. Every function takes
//! `owner`, the id of the user the request is for, and filters on it: this
//! is where authorization happens. A task id that belongs to someone else
//! matches no row, and the caller sees exactly what it would for an id
//! that never existed.
//!
//! The reads of many tasks at once live beside this file, by what they do:
//! `list` (filter, search, sort, counts), `paging` (pages by number and
//! by key), `transfer` (the task as the API and export files give it out,
//! and imports).

mod list;
mod paging;
mod transfer;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{max, not};
use diesel::prelude::*;

pub use list::{Counts, ListedTask, count, counts, fetch};
pub use paging::{PAGE_SIZE, Page, page};
pub use transfer::{all, import};

use super::now;
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::{Due, Priority, TaskInput, TaskNotes, TaskTitle};
use crate::on_backend;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
pub struct Task {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<NaiveDate>,
    pub priority: i16,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

impl Task {
    pub fn priority(&self) -> Priority {
        Priority::from_db(self.priority)
    }
}

pub fn find(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    tasks::table
        .filter(tasks::id.eq(id))
        .filter(tasks::user_id.eq(owner))
        .select(Task::as_select())
        .first(conn)
}

/// [`find`], for a change computed from the row as it is (toggling,
/// stamping `completed_at`). On PostgreSQL, where writers run side by side,
/// the row is locked until the transaction ends, so that two changes at
/// once apply one after the other instead of both starting from the same
/// version. SQLite already writes one at a time.
fn find_for_change(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    match conn {
        DbConnection::Postgres(pg) => tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner))
            .select(Task::as_select())
            .for_update()
            .first(pg),
        DbConnection::Sqlite(_) => find(conn, owner, id),
    }
}

/// The position after the owner's last task.
fn next_position(conn: &mut DbConnection, owner: i64) -> QueryResult<i64> {
    let last: Option<i64> = tasks::table
        .filter(tasks::user_id.eq(owner))
        .select(max(tasks::position))
        .first(conn)?;
    // Saturating: positions are bounded where they come in, but a stored
    // one must never be able to make adding a task fail.
    Ok(last.unwrap_or(0).saturating_add(1))
}

/// Adds a task, not completed, at `position` or else at the end of the
/// owner's list.
pub fn create(
    conn: &mut DbConnection,
    owner: i64,
    input: &TaskInput,
    position: Option<i64>,
) -> QueryResult<Task> {
    let position = match position {
        Some(position) => position,
        None => next_position(conn, owner)?,
    };
    let now = now();
    let row = NewTask {
        user_id: owner,
        title: input.title.as_str().to_owned(),
        notes: input.notes.as_str().to_owned(),
        completed: false,
        due: input.due.0,
        priority: input.priority.to_db(),
        position,
        created_at: now,
        updated_at: now,
        completed_at: None,
    };
    on_backend!(conn, conn => diesel::insert_into(tasks::table)
        .values(&row)
        .returning(Task::as_returning())
        .get_result(conn))
}

/// A task about to be stored, with every column but its id: what adding,
/// importing and seeding write.
#[derive(Debug, Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask {
    pub user_id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<NaiveDate>,
    pub priority: i16,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

/// What to change in a task; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TaskChanges {
    pub title: Option<TaskTitle>,
    pub notes: Option<TaskNotes>,
    pub due: Option<Due>,
    pub priority: Option<Priority>,
    pub completed: Option<bool>,
    pub position: Option<i64>,
}

impl From<TaskInput> for TaskChanges {
    fn from(input: TaskInput) -> Self {
        Self {
            title: Some(input.title),
            notes: Some(input.notes),
            due: Some(input.due),
            priority: Some(input.priority),
            completed: None,
            position: None,
        }
    }
}

/// Applies `changes` to one of the owner's tasks; returns it as it now is.
/// Completing a task stamps `completed_at`; reopening it clears the stamp.
pub fn change(
    conn: &mut DbConnection,
    owner: i64,
    id: i64,
    changes: &TaskChanges,
) -> QueryResult<Task> {
    #[derive(AsChangeset)]
    #[diesel(table_name = tasks)]
    struct Set<'a> {
        title: Option<&'a str>,
        notes: Option<&'a str>,
        due: Option<Option<NaiveDate>>,
        priority: Option<i16>,
        completed: Option<bool>,
        completed_at: Option<Option<NaiveDateTime>>,
        position: Option<i64>,
        updated_at: NaiveDateTime,
    }

    let current = find_for_change(conn, owner, id)?;
    let now = now();
    let completed_at = match changes.completed {
        Some(done) if done != current.completed => Some(done.then_some(now)),
        _ => None,
    };
    let set = Set {
        title: changes.title.as_ref().map(TaskTitle::as_str),
        notes: changes.notes.as_ref().map(TaskNotes::as_str),
        due: changes.due.map(|due| due.0),
        priority: changes.priority.map(Priority::to_db),
        completed: changes.completed,
        completed_at,
        position: changes.position,
        updated_at: now,
    };
    on_backend!(conn, conn => diesel::update(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner)),
    )
    .set(&set)
    .returning(Task::as_returning())
    .get_result(conn))
}

/// Marks a task done, or not done again; returns it as it now is.
pub fn toggle(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    let task = find_for_change(conn, owner, id)?;
    let changes = TaskChanges {
        completed: Some(!task.completed),
        ..TaskChanges::default()
    };
    change(conn, owner, id, &changes)
}

/// Marks every task done, or, if every one already was, every one open.
/// Returns whether the tasks are now done.
pub fn toggle_all(conn: &mut DbConnection, owner: i64) -> QueryResult<bool> {
    let any_open = diesel::select(diesel::dsl::exists(
        tasks::table
            .filter(tasks::user_id.eq(owner))
            .filter(tasks::completed.eq(false)),
    ))
    .get_result::<bool>(conn)?;
    let now = now();
    let mine = tasks::table.filter(tasks::user_id.eq(owner));
    if any_open {
        diesel::update(mine.filter(not(tasks::completed)))
            .set((
                tasks::completed.eq(true),
                tasks::completed_at.eq(now),
                tasks::updated_at.eq(now),
            ))
            .execute(conn)?;
    } else {
        diesel::update(mine)
            .set((
                tasks::completed.eq(false),
                tasks::completed_at.eq(None::<NaiveDateTime>),
                tasks::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(any_open)
}

/// Deletes a task; returns it as it was.
pub fn delete(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    on_backend!(conn, conn => diesel::delete(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner)),
    )
    .returning(Task::as_returning())
    .get_result(conn))
}

/// Deletes the owner's tasks: the done ones, the open ones, or (`None`)
/// all of them. Returns how many went.
pub fn delete_where(
    conn: &mut DbConnection,
    owner: i64,
    completed: Option<bool>,
) -> QueryResult<usize> {
    let mut delete = diesel::delete(tasks::table.filter(tasks::user_id.eq(owner))).into_boxed();
    if let Some(completed) = completed {
        delete = delete.filter(tasks::completed.eq(completed));
    }
    delete.execute(conn)
}
