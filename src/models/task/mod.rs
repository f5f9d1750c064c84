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
//! `labels` (and their index table), `trash` (where deleting puts it).

mod due;
mod labels;
mod list;
mod paging;
mod transfer;
pub mod trash;
mod tree;
mod walk;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use diesel::sql_types::Bool;

pub use due::{Counts, DueBy, DueCounts, due_by, due_counts, due_in};
pub use labels::{LabelCount, in_use as labels_in_use};
pub use list::{ListedTask, Totals, count, fetch};
pub use paging::{PAGE_SIZE, Page, page};
pub use transfer::{all, import};
pub use tree::{Around, around, subtasks};

use super::member::{self, lists_where};
use super::{list as lists, now};
use crate::db::schema::{list_members, tasks};
use crate::db::{DbBackend, DbConnection};
use crate::domain::{
    Action, Due, Labels, Level, Priority, Refused, TaskInput, TaskNotes, TaskTitle,
};
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
}

impl Task {
    pub fn priority(&self) -> Priority {
        Priority::from_db(self.priority)
    }

    pub fn labels(&self) -> Labels {
        Labels::from_db(&self.labels)
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
    if let Some(parent) = place.parent
        && let Err(refused) = tree::check_parent(conn, None, list, parent)?
    {
        return Ok(Err(refused));
    }
    let position = match (place.position, place.parent) {
        (Some(position), _) => position,
        (None, Some(parent)) => tree::position_under(conn, list, parent)?,
        (None, None) => next_position(conn, list)?,
    };
    let now = now();
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
    /// Move it to this list (at its end, unless `position` says where),
    /// with its subtasks.
    pub list: Option<i64>,
    /// Make it a subtask of this task (`Some(None)`: of none).
    pub parent: Option<Option<i64>>,
    pub labels: Option<Labels>,
}

impl From<TaskInput> for TaskChanges {
    fn from(input: TaskInput) -> Self {
        Self {
            title: Some(input.title),
            notes: Some(input.notes),
            due: Some(input.due),
            priority: Some(input.priority),
            labels: Some(input.labels),
            ..Self::default()
        }
    }
}

/// Applies `changes` to a task; returns it as it now is. Completing a task
/// stamps `completed_at`; reopening it clears the stamp. Moving it needs
/// the right to change tasks in both lists.
pub fn change(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    changes: &TaskChanges,
) -> QueryResult<Result<Task, Refused>> {
    match find_for_change(conn, user, id)? {
        Ok(current) => apply(conn, user, &current, changes),
        Err(refused) => Ok(Err(refused)),
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
        completed: Option<bool>,
        completed_at: Option<Option<NaiveDateTime>>,
        position: Option<i64>,
        updated_at: NaiveDateTime,
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
            Some(tree::position_under(conn, list, parent)?)
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
        move_subtasks(conn, &task)?;
    }
    Ok(Ok(task))
}

/// Brings the subtasks of `task` along, to its list, right after it, in
/// the order they had (it has just moved to another list, or come back
/// from the trash to the end of its list); and the label rows of all of
/// them.
fn move_subtasks(conn: &mut DbConnection, task: &Task) -> QueryResult<()> {
    let under: Vec<i64> = tree::levels(conn, vec![task.id])?
        .into_iter()
        .skip(1)
        .flatten()
        .collect();
    let mut in_order: Vec<(i64, i64)> = Vec::with_capacity(under.len());
    for chunk in under.chunks(tree::CHUNK) {
        in_order.extend(
            tasks::table
                .filter(tasks::id.eq_any(chunk))
                .select((tasks::position, tasks::id))
                .load::<(i64, i64)>(conn)?,
        );
    }
    in_order.sort_unstable();
    for ((_, id), at) in in_order.iter().zip(1_i64..) {
        diesel::update(tasks::table.find(id))
            .set((
                tasks::list_id.eq(task.list_id),
                tasks::position.eq(task.position.saturating_add(at)),
            ))
            .execute(conn)?;
    }
    let mut all = under;
    all.push(task.id);
    for chunk in all.chunks(tree::CHUNK) {
        labels::moved(conn, chunk, task.list_id)?;
    }
    Ok(())
}

/// Marks a task done, or not done again; returns it as it now is.
pub fn toggle(conn: &mut DbConnection, user: i64, id: i64) -> QueryResult<Result<Task, Refused>> {
    let task = match find_for_change(conn, user, id)? {
        Ok(task) => task,
        Err(refused) => return Ok(Err(refused)),
    };
    let changes = TaskChanges {
        completed: Some(!task.completed),
        ..TaskChanges::default()
    };
    apply(conn, user, &task, &changes)
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
/// in one list, or (`None`) in every list the user may change. Returns
/// whether the tasks are now done.
pub fn toggle_all(
    conn: &mut DbConnection,
    user: i64,
    list: Option<i64>,
) -> QueryResult<Result<bool, Refused>> {
    if let Err(refused) = check_list(conn, user, list)? {
        return Ok(Err(refused));
    }
    let any_open = tasks::table
        .into_boxed()
        .filter(changeable(user, list))
        .filter(tasks::completed.eq(false))
        .select(tasks::id)
        .first::<i64>(conn)
        .optional()?
        .is_some();
    let now = now();
    diesel::update(tasks::table)
        .into_boxed()
        .filter(changeable(user, list))
        .filter(tasks::completed.eq(!any_open))
        .set((
            tasks::completed.eq(any_open),
            tasks::completed_at.eq(any_open.then_some(now)),
            tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(Ok(any_open))
}

/// Moves a task and its subtasks to the trash; returns it as it was, and
/// how many tasks went in all. Call it in a transaction.
pub fn delete(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
) -> QueryResult<Result<(Task, usize), Refused>> {
    let task = match find_for_change(conn, user, id)? {
        Ok(task) => task,
        Err(refused) => return Ok(Err(refused)),
    };
    let gone = trash::bury(conn, user, vec![task.id])?;
    Ok(Ok((task, gone)))
}

/// Moves tasks of one list, or (`None`) of every list the user may
/// change, to the trash, with their subtasks: the done ones, the open
/// ones, or (`completed: None`) all of them. Returns how many tasks went.
/// Call it in a transaction.
pub fn delete_where(
    conn: &mut DbConnection,
    user: i64,
    list: Option<i64>,
    completed: Option<bool>,
) -> QueryResult<Result<usize, Refused>> {
    if let Err(refused) = check_list(conn, user, list)? {
        return Ok(Err(refused));
    }
    let mut chosen = tasks::table.into_boxed().filter(changeable(user, list));
    if let Some(completed) = completed {
        chosen = chosen.filter(tasks::completed.eq(completed));
    }
    let roots: Vec<i64> = chosen.select(tasks::id).load(conn)?;
    trash::bury(conn, user, roots).map(Ok)
}
