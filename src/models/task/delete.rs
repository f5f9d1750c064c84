//! Deleting: which tasks a delete takes to the trash. One task goes with
//! every subtask under it; "clear completed" takes the done tasks, except
//! one that still has open subtasks, so that no unfinished work goes
//! unasked.

use std::collections::HashSet;

use diesel::prelude::*;

use super::tree::CHUNK;
use super::{Task, changeable, check_list, find_for_change, trash};
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::Refused;

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
/// change, to the trash, with their subtasks: the done ones (but those
/// with open subtasks), the open ones, or (`completed: None`) all of them.
/// Returns how many tasks went. Call it in a transaction.
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
    let mut roots: Vec<i64> = chosen.select(tasks::id).load(conn)?;
    if completed == Some(true) {
        let keep = above_open(conn, user, list)?;
        roots.retain(|id| !keep.contains(id));
    }
    trash::bury(conn, user, roots).map(Ok)
}

/// The tasks (of `list`, or of every list `user` may change) with an open
/// task somewhere under them: found by walking up from every open subtask,
/// a level at a time.
fn above_open(conn: &mut DbConnection, user: i64, list: Option<i64>) -> QueryResult<HashSet<i64>> {
    let mut above: HashSet<i64> = HashSet::new();
    let mut level: Vec<i64> = tasks::table
        .into_boxed()
        .filter(changeable(user, list))
        .filter(tasks::completed.eq(false))
        .filter(tasks::parent_id.is_not_null())
        .select(tasks::parent_id.assume_not_null())
        .load(conn)?;
    while !level.is_empty() {
        level.retain(|id| above.insert(*id));
        let mut next = Vec::new();
        for chunk in level.chunks(CHUNK) {
            next.extend(
                tasks::table
                    .filter(tasks::id.eq_any(chunk))
                    .filter(tasks::parent_id.is_not_null())
                    .select(tasks::parent_id.assume_not_null())
                    .load::<i64>(conn)?,
            );
        }
        level = next;
    }
    Ok(above)
}
