//! The trash: deleting a task moves its row, and the rows of every task
//! under it, from `tasks` to `trash`, where they wait 30 days to be
//! restored; then the server purges them. Being in another table, they
//! are out of every query of live tasks, of the lists' counts and of the
//! indexes without one more condition anywhere; the API answers 404 for
//! them as for any task that is not there.
//!
//! `root_id` is the task whose deletion took a row along: the trash shows
//! those, and restoring one brings back what went with it. Who may see an
//! item, restore it or delete it for good is the list's rule, as for the
//! live task: seeing it needs the list, the rest needs the right to change
//! its tasks.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDateTime, TimeDelta};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Timestamp};

use super::tree::{self, CHUNK};
use super::{Task, labels, next_position};
use crate::db::DbConnection;
use crate::db::schema::{tasks, trash, users};
use crate::domain::{Action, Refused};
use crate::models::member::{self, lists_where};
use crate::models::now;
use crate::on_backend;

/// How long a deleted task can be restored.
pub const KEEP_DAYS: i64 = 30;

/// A deleted task as the trash shows it.
#[derive(Debug, Clone)]
pub struct Trashed {
    pub id: i64,
    pub list_id: i64,
    pub title: String,
    pub trashed_at: NaiveDateTime,
    /// Who deleted it; `None` once their account is gone.
    pub trashed_by: Option<String>,
    /// The subtasks that went with it.
    pub subtasks: i64,
}

/// The columns a task's row and its copy in the trash share, of `tasks`
/// or of `trash` (the same names), followed by any others given.
macro_rules! row {
    ($table:ident $(; $($more:expr),+)?) => {
        (
            $table::id,
            $table::list_id,
            $table::parent_id,
            $table::title,
            $table::notes,
            $table::completed,
            $table::due,
            $table::priority,
            $table::position,
            $table::labels,
            $table::created_at,
            $table::updated_at,
            $table::completed_at,
            $table::rrule,
            $table::repeat_from,
            $table::completions,
            $table::last_done_at,
            $table::uid,
            $table::dav_name,
            $table::ical,
            $($($more),+)?
        )
    };
}

/// Moves the tasks `roots` (already checked or filtered for `user`) and
/// every task under them to the trash, in one go; returns how many tasks
/// went. Call it in a transaction.
pub(super) fn bury(conn: &mut DbConnection, user: i64, roots: Vec<i64>) -> QueryResult<usize> {
    let levels = tree::levels(conn, user, roots)?;
    let at = now();
    for (depth, level) in levels.iter().enumerate() {
        for chunk in level.chunks(CHUNK) {
            copy_to_trash(conn, user, chunk, depth == 0, at)?;
        }
    }
    let all: Vec<i64> = levels.concat();
    // The count is of the ids collected: deleting a parent takes its
    // subtasks along (`ON DELETE CASCADE`), and SQLite leaves those out of
    // the count of rows deleted.
    for chunk in all.rchunks(CHUNK) {
        diesel::delete(tasks::table.filter(tasks::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(all.len())
}

/// Copies the rows `ids` into the trash: as the items deleted (`top`), or
/// as subtasks whose parents are already there, under the same item.
fn copy_to_trash(
    conn: &mut DbConnection,
    user: i64,
    ids: &[i64],
    top: bool,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let columns = row!(trash; trash::root_id, trash::trashed_at, trash::trashed_by);
    // Written out for the two sources of `root_id`; each its own type.
    macro_rules! rows {
        ($from:expr, $root:expr) => {
            $from.filter(tasks::id.eq_any(ids)).select(row!(tasks;
                $root,
                at.into_sql::<Timestamp>(),
                Some(user).into_sql::<Nullable<BigInt>>()
            ))
        };
    }
    if top {
        on_backend!(conn, conn => diesel::insert_into(trash::table)
            .values(rows!(tasks::table, tasks::id))
            .into_columns(columns)
            .execute(conn))
    } else {
        let parents = trash::table.on(trash::id.nullable().eq(tasks::parent_id));
        on_backend!(conn, conn => diesel::insert_into(trash::table)
            .values(rows!(tasks::table.inner_join(parents), trash::root_id))
            .into_columns(columns)
            .execute(conn))
    }
}

/// Where a trashed task was, and what it went to the trash with.
#[derive(Debug, Clone, Copy, Queryable)]
struct Place {
    list: i64,
    root: i64,
    parent: Option<i64>,
}

/// The oldest that is still in the trash: what was trashed before waits
/// only for the purge, and is found no more.
fn kept_since() -> NaiveDateTime {
    now() - TimeDelta::days(KEEP_DAYS)
}

/// Finds a trashed task `user` may see, and whether they may change its
/// list. One that is not there (restored, purged, never deleted) or in a
/// list they cannot see is not found.
fn find_for_change(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
) -> QueryResult<Result<Place, Refused>> {
    // Written out for each backend: on PostgreSQL the row is locked, so
    // that of two restores at once the second finds it gone.
    macro_rules! found {
        () => {
            trash::table
                .filter(trash::trashed_at.ge(kept_since()))
                .filter(trash::id.eq(id))
                .filter(trash::list_id.eq_any(lists_where(user, Action::See)))
                .select((trash::list_id, trash::root_id, trash::parent_id))
        };
    }
    let place: Place = match conn {
        DbConnection::Postgres(pg) => found!().for_update().first(pg)?,
        DbConnection::Sqlite(_) => found!().first(conn)?,
    };
    Ok(member::check(conn, user, place.list, Action::ChangeTasks)?.map(|_| place))
}

/// The trashed task `id` and what went to the trash with it under it,
/// level by level.
fn batch(conn: &mut DbConnection, id: i64, root: i64) -> QueryResult<Vec<Vec<i64>>> {
    let mut levels = vec![vec![id]];
    let mut seen = HashSet::from([id]);
    loop {
        let above = levels.last().map_or(&[][..], Vec::as_slice);
        let mut below = Vec::new();
        for chunk in above.chunks(CHUNK) {
            below.extend(
                trash::table
                    .filter(trash::root_id.eq(root))
                    .filter(trash::parent_id.eq_any(chunk))
                    .select(trash::id)
                    .load::<i64>(conn)?
                    .into_iter()
                    .filter(|id| seen.insert(*id)),
            );
        }
        if below.is_empty() {
            return Ok(levels);
        }
        levels.push(below);
    }
}

/// Puts a trashed task back, with the subtasks that went with it: in its
/// list, under its parent, at its place; at the end of its list and at the
/// top level if its parent is gone. Returns the task as it now is. Call it
/// in a transaction.
pub fn restore(conn: &mut DbConnection, user: i64, id: i64) -> QueryResult<Result<Task, Refused>> {
    let Place { list, root, parent } = match find_for_change(conn, user, id)? {
        Ok(found) => found,
        Err(refused) => return Ok(Err(refused)),
    };
    let parent_is_back = match parent {
        Some(parent) => {
            tasks::table
                .filter(tasks::id.eq(parent))
                .filter(tasks::list_id.eq(list))
                .select(count_star())
                .first::<i64>(conn)?
                > 0
        }
        None => true,
    };
    if !parent_is_back {
        // Put back at the top of its list, after its last task.
        let position = next_position(conn, list)?;
        diesel::update(trash::table.find(id))
            .set((
                trash::parent_id.eq(None::<i64>),
                trash::position.eq(position),
            ))
            .execute(conn)?;
    }
    let levels = batch(conn, id, root)?;
    // Parents first: a subtask's row refers to its parent's.
    for level in &levels {
        for chunk in level.chunks(CHUNK) {
            copy_back(conn, chunk)?;
        }
    }
    let all = levels.concat();
    labels::index(conn, &all)?;
    for chunk in all.chunks(CHUNK) {
        // Changed now, for whoever syncs: it is back.
        diesel::update(tasks::table.filter(tasks::id.eq_any(chunk)))
            .set(tasks::updated_at.eq(now()))
            .execute(conn)?;
        diesel::delete(trash::table.filter(trash::id.eq_any(chunk))).execute(conn)?;
    }
    let task: Task = tasks::table
        .find(id)
        .select(Task::as_select())
        .first(conn)?;
    if !parent_is_back {
        tree::move_subtasks(conn, user, &task)?;
    }
    Ok(Ok(task))
}

/// Copies the trashed rows `ids` back into `tasks`, as they were.
fn copy_back(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<usize> {
    let rows = trash::table
        .filter(trash::id.eq_any(ids))
        .select(row!(trash));
    let columns = row!(tasks);
    on_backend!(conn, conn => diesel::insert_into(tasks::table)
        .values(rows)
        .into_columns(columns)
        .execute(conn))
}

/// Deletes a trashed task for good, with what went with it under it.
/// Returns how many tasks went.
pub fn delete_now(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
) -> QueryResult<Result<usize, Refused>> {
    let root = match find_for_change(conn, user, id)? {
        Ok(found) => found.root,
        Err(refused) => return Ok(Err(refused)),
    };
    let all = batch(conn, id, root)?.concat();
    let mut gone = 0;
    for chunk in all.chunks(CHUNK) {
        gone += diesel::delete(trash::table.filter(trash::id.eq_any(chunk))).execute(conn)?;
    }
    Ok(Ok(gone))
}

/// Deletes for good everything in the trash of the lists `user` may
/// change. Returns how many tasks went.
pub fn empty(conn: &mut DbConnection, user: i64) -> QueryResult<usize> {
    diesel::delete(
        trash::table.filter(trash::list_id.eq_any(lists_where(user, Action::ChangeTasks))),
    )
    .execute(conn)
}

/// Deletes for good what was trashed more than [`KEEP_DAYS`] ago: the
/// server's cleanup, run with the purge of expired sessions.
pub fn purge_expired(conn: &mut DbConnection) -> QueryResult<usize> {
    purge_before(conn, kept_since())
}

/// Deletes for good what was trashed before `before`.
pub fn purge_before(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(trash::table.filter(trash::trashed_at.lt(before))).execute(conn)
}

/// Up to `limit` items in the trash of the lists `user` can see (the
/// tasks deleted, each with the subtasks that went along), newest first
/// after skipping `offset`, and how many there are in all.
pub fn items(
    conn: &mut DbConnection,
    user: i64,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<Trashed>, i64)> {
    let visible = || {
        trash::table
            .filter(trash::trashed_at.ge(kept_since()))
            .filter(trash::list_id.eq_any(lists_where(user, Action::See)))
            .filter(trash::root_id.eq(trash::id))
    };
    let total: i64 = visible().select(count_star()).first(conn)?;
    let rows: Vec<(i64, i64, String, NaiveDateTime, Option<String>)> = visible()
        .left_join(users::table.on(users::id.nullable().eq(trash::trashed_by)))
        .order((trash::trashed_at.desc(), trash::id.desc()))
        .limit(limit)
        .offset(offset)
        .select((
            trash::id,
            trash::list_id,
            trash::title,
            trash::trashed_at,
            users::username.nullable(),
        ))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|row| row.0).collect();
    let along: Vec<(i64, i64)> = trash::table
        .filter(trash::root_id.eq_any(&ids))
        .filter(trash::root_id.ne(trash::id))
        .group_by(trash::root_id)
        .select((trash::root_id, count_star()))
        .load(conn)?;
    let along: HashMap<i64, i64> = along.into_iter().collect();
    let items = rows
        .into_iter()
        .map(|(id, list_id, title, trashed_at, trashed_by)| Trashed {
            id,
            list_id,
            title,
            trashed_at,
            trashed_by,
            subtasks: along.get(&id).copied().unwrap_or(0),
        })
        .collect();
    Ok((items, total))
}
