//! A list's tasks as a CalDAV calendar holds them: whole rows, each with
//! its parent's UID (a subtask's `RELATED-TO`), in the list's order; every
//! one, or those with some UIDs. Only in a list the user can see: another
//! list has no objects for them.

use diesel::prelude::*;

use super::Task;
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::Action;
use crate::models::member::lists_where;

diesel::alias!(tasks as parents: ParentTasks);

/// The tasks of `list` (all of them, or those whose UID is in `uids`),
/// each with its parent's UID.
pub fn objects(
    conn: &mut DbConnection,
    user: i64,
    list: i64,
    uids: Option<&[String]>,
) -> QueryResult<Vec<(Task, Option<String>)>> {
    let mut query = tasks::table
        .left_join(parents.on(tasks::parent_id.eq(parents.field(tasks::id).nullable())))
        .filter(tasks::list_id.eq(list))
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .select((Task::as_select(), parents.field(tasks::uid).nullable()))
        .order((tasks::position, tasks::id))
        .into_boxed();
    if let Some(uids) = uids {
        query = query.filter(tasks::uid.eq_any(uids));
    }
    query.load(conn)
}
