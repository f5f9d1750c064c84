//! A list's tasks as a CalDAV calendar holds them: whole rows, each with
//! its parent's UID (a subtask's `RELATED-TO`), a batch at a time or those
//! with some object names. Only in a list the user can see:
//! another list has no objects for them. And what a client's write keeps
//! besides ticked's fields: the object's name, its UID, and the object as
//! the client wrote it.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Task;
use crate::db::DbConnection;
use crate::db::schema::{dav_changes, lists, tasks};
use crate::domain::Action;
use crate::models::member::lists_where;
use crate::models::now;

diesel::alias!(tasks as parents: ParentTasks);

/// The tasks of `list` whose object's name is in `names`, each with its
/// parent's UID. Each name is a bound value, and a
/// statement binds some thousands at most: a caller with more asks a
/// batch at a time (as `dav::calendar::each_object` does).
pub fn objects(
    conn: &mut DbConnection,
    user: i64,
    list: i64,
    names: &[String],
) -> QueryResult<Vec<(Task, Option<String>)>> {
    tasks::table
        .left_join(parents.on(tasks::parent_id.eq(parents.field(tasks::id).nullable())))
        .filter(tasks::list_id.eq(list))
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .filter(tasks::dav_name.eq_any(names))
        .select((Task::as_select(), parents.field(tasks::uid).nullable()))
        .order((tasks::position, tasks::id))
        .load(conn)
}

/// Up to `limit` tasks of `list` after the one with id `after`, by id,
/// each with its parent's UID: a calendar read a batch at a time. By id
/// rather than by place, so that a task moved or deleted between two
/// batches shifts none of the others out of the reading.
pub fn objects_after(
    conn: &mut DbConnection,
    user: i64,
    list: i64,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<(Task, Option<String>)>> {
    tasks::table
        .left_join(parents.on(tasks::parent_id.eq(parents.field(tasks::id).nullable())))
        .filter(tasks::list_id.eq(list))
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .filter(tasks::id.gt(after))
        .select((Task::as_select(), parents.field(tasks::uid).nullable()))
        .order(tasks::id)
        .limit(limit)
        .load(conn)
}

/// The task of `list` with `uid` (its id and object's name), if there is
/// one: a new object must not take a UID another already has, and a
/// subtask names its parent by UID.
pub fn with_uid(
    conn: &mut DbConnection,
    list: i64,
    uid: &str,
) -> QueryResult<Option<(i64, String)>> {
    tasks::table
        .filter(tasks::list_id.eq(list))
        .filter(tasks::uid.eq(uid))
        .select((tasks::id, tasks::dav_name))
        .first(conn)
        .optional()
}

/// Keeps what a client wrote of task `id` (which `user` was just allowed
/// to change): its UID, its object's name and the object itself.
pub fn keep(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    (uid, name, object): (&str, &str, &str),
) -> QueryResult<Task> {
    crate::on_backend!(conn, conn => diesel::update(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::list_id.eq_any(lists_where(user, Action::ChangeTasks))),
    )
    .set((
        tasks::uid.eq(uid),
        tasks::dav_name.eq(name),
        tasks::ical.eq(object),
        tasks::updated_at.eq(now()),
    ))
    .returning(Task::as_returning())
    .get_result(conn))
}

/// The objects of `list` changed since the list's seq was `since`, each
/// with whether it is gone: what a `sync-collection` report answers.
/// Nothing for a list `user` cannot see.
pub fn changed_since(
    conn: &mut DbConnection,
    user: i64,
    list: i64,
    since: i64,
) -> QueryResult<Vec<(String, bool)>> {
    dav_changes::table
        .filter(dav_changes::list_id.eq(list))
        .filter(dav_changes::list_id.eq_any(lists_where(user, Action::See)))
        .filter(dav_changes::seq.gt(since))
        .order(dav_changes::seq)
        .select((dav_changes::dav_name, dav_changes::gone))
        .load(conn)
}

/// How long a deleted object is remembered for `sync-collection`: a client
/// that has not synced for longer starts over.
pub const KEEP_GONE: chrono::TimeDelta = chrono::TimeDelta::days(90);

/// The server's cleanup of the change log: stamps the objects that went
/// since the last run, and forgets those gone before `before`, raising
/// each list's floor (the oldest token it answers) past them, so that a
/// client holding an older token is told to start over rather than miss
/// a deletion. Returns how many were forgotten.
pub fn forget_gone(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    // Stamped here rather than by the triggers: adding a task is the hot
    // write, and an hour's precision is plenty for a 90-day memory.
    diesel::update(
        dav_changes::table.filter(dav_changes::gone.and(dav_changes::gone_at.is_null())),
    )
    .set(dav_changes::gone_at.eq(now()))
    .execute(conn)?;
    diesel::update(
        dav_changes::table.filter(
            dav_changes::gone
                .eq(false)
                .and(dav_changes::gone_at.is_not_null()),
        ),
    )
    .set(dav_changes::gone_at.eq(None::<NaiveDateTime>))
    .execute(conn)?;
    let old = || {
        dav_changes::table
            .filter(dav_changes::gone)
            .filter(dav_changes::gone_at.lt(before))
    };
    // An hour's worth of records at most: each list's highest is found
    // here rather than by a GROUP BY, which SQLite answers by reading the
    // whole log instead of the stamped index.
    let mut floors: BTreeMap<i64, i64> = BTreeMap::new();
    let old_ones: Vec<(i64, i64)> = old()
        .select((dav_changes::list_id, dav_changes::seq))
        .load(conn)?;
    for (list, seq) in old_ones {
        let floor = floors.entry(list).or_insert(seq);
        *floor = (*floor).max(seq);
    }
    for (list, floor) in floors {
        diesel::update(lists::table.find(list).filter(lists::sync_floor.lt(floor)))
            .set(lists::sync_floor.eq(floor))
            .execute(conn)?;
    }
    diesel::delete(old()).execute(conn)
}
