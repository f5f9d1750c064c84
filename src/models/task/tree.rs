//! Subtasks: a task's `parent_id` names another task of the same list, to
//! any depth, and never makes a cycle (a task cannot be its own
//! ancestor). The tree is stored as one pointer per task and walked a
//! level at a time, each level one query on the `parent_id` index: trees
//! are wide and shallow, and both backends answer that the same way.
//!
//! Subtasks sit right after their parent's other subtasks in the list's
//! order (`position`), so that the lists' own order, which pages follow,
//! shows a parent and its subtasks together.

use std::collections::{HashMap, HashSet};

use diesel::dsl::{count_star, max};
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::{ListedTask, Task, labels};
use crate::config::Backend;
use crate::db::schema::tasks;
use crate::db::{DbBackend, DbConnection};
use crate::domain::{Action, Refused};
use crate::models::member::lists_where;

/// At most this many ids per `IN (...)`: SQLite binds each as a variable.
pub(super) const CHUNK: usize = 10_000;

/// The subtasks of `parents` that `user` may change, one level down, as
/// `(id, parent)`. Every walk of a tree is for a change, so on PostgreSQL
/// the rows are locked until the transaction ends: two changes of one
/// tree at once (deleting a parent and its subtask) then go one after the
/// other, the second finding what the first left.
fn children(conn: &mut DbConnection, user: i64, parents: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    // Written out for each backend: only PostgreSQL locks rows.
    macro_rules! below {
        ($chunk:expr) => {
            tasks::table
                .filter(tasks::parent_id.eq_any($chunk))
                .filter(tasks::list_id.eq_any(lists_where(user, Action::ChangeTasks)))
                .select((tasks::id, tasks::parent_id.assume_not_null()))
        };
    }
    let mut found = Vec::new();
    for chunk in parents.chunks(CHUNK) {
        found.extend(match conn {
            DbConnection::Postgres(pg) => below!(chunk).for_update().load::<(i64, i64)>(pg)?,
            DbConnection::Sqlite(_) => below!(chunk).load::<(i64, i64)>(conn)?,
        });
    }
    Ok(found)
}

/// `roots` and every task under them that `user` may change, level by
/// level: each level's tasks come after their parents. A root under
/// another root is not a root: it comes along with the one above it.
pub(super) fn levels(
    conn: &mut DbConnection,
    user: i64,
    roots: Vec<i64>,
) -> QueryResult<Vec<Vec<i64>>> {
    // `seen` holds what is not to be named again below: the roots, except
    // in the first walk, which looks for roots under other roots.
    let walk = |conn: &mut DbConnection,
                roots: Vec<i64>,
                mut seen: HashSet<i64>|
     -> QueryResult<Vec<Vec<i64>>> {
        let mut levels = vec![roots];
        loop {
            let above = levels.last().map_or(&[][..], Vec::as_slice);
            let below: Vec<i64> = children(conn, user, above)?
                .into_iter()
                .map(|(id, _)| id)
                .filter(|id| seen.insert(*id))
                .collect();
            if below.is_empty() {
                return Ok(levels);
            }
            levels.push(below);
        }
    };
    let first = walk(conn, roots, HashSet::new())?;
    let under: HashSet<i64> = first.iter().skip(1).flatten().copied().collect();
    let tops: Vec<i64> = first[0]
        .iter()
        .copied()
        .filter(|id| !under.contains(id))
        .collect();
    if tops.len() == first[0].len() {
        // No root is under another: the first walk is the answer.
        return Ok(first);
    }
    let seen = tops.iter().copied().collect();
    walk(conn, tops, seen)
}

/// Whether `parent` may be the parent of `task` (a new task when `None`)
/// in `list`: it must be a task of that list, and not `task` itself or
/// one of its subtasks. A refusal names `parent_id`.
pub(super) fn check_parent(
    conn: &mut DbConnection,
    task: Option<i64>,
    list: i64,
    parent: i64,
) -> QueryResult<Result<(), Refused>> {
    let refused = |message: String| Ok(Err(Refused::invalid("parent_id", message)));
    let mut up: Option<i64> = Some(parent);
    let mut seen = HashSet::new();
    while let Some(at) = up {
        if Some(at) == task {
            return refused(if at == parent {
                "A task cannot be its own parent.".to_owned()
            } else {
                format!("Task {parent} is a subtask of this task: that would make a loop.")
            });
        }
        if !seen.insert(at) {
            break;
        }
        // Locked on PostgreSQL, like the walks down: the parent cannot move
        // to another list while its new subtask is being added.
        let up_one = tasks::table
            .filter(tasks::id.eq(at))
            .select((tasks::list_id, tasks::parent_id));
        let found: Option<(i64, Option<i64>)> = match conn {
            DbConnection::Postgres(pg) => up_one.for_share().first(pg).optional()?,
            DbConnection::Sqlite(_) => up_one.first(conn).optional()?,
        };
        match found {
            Some((in_list, above)) if in_list == list => up = above,
            // Only the named parent can be missing or elsewhere: the ones
            // above it are in its list.
            _ => {
                return refused(format!(
                    "There is no task {parent} in this task's list to be its parent."
                ));
            }
        }
    }
    Ok(Ok(()))
}

/// The position for a new last subtask of `parent`: after the last of the
/// tasks under it. Later tasks of the list move down one if there is no
/// room (positions are whole numbers).
pub(super) fn position_under(
    conn: &mut DbConnection,
    user: i64,
    list: i64,
    parent: i64,
) -> QueryResult<i64> {
    let under: Vec<i64> = levels(conn, user, vec![parent])?.concat();
    let mut last = i64::MIN;
    for chunk in under.chunks(CHUNK) {
        let chunk_last: Option<i64> = tasks::table
            .filter(tasks::id.eq_any(chunk))
            .select(max(tasks::position))
            .first(conn)?;
        last = last.max(chunk_last.unwrap_or(i64::MIN));
    }
    let taken = tasks::table
        .filter(tasks::list_id.eq(list))
        .filter(tasks::position.eq(last.saturating_add(1)))
        .select(count_star())
        .first::<i64>(conn)?
        > 0;
    if taken {
        diesel::update(
            tasks::table
                .filter(tasks::list_id.eq(list))
                .filter(tasks::position.gt(last)),
        )
        .set(tasks::position.eq(tasks::position + 1))
        .execute(conn)?;
    }
    Ok(last.saturating_add(1))
}

/// Brings the subtasks of `task` along, to its list, right after it, in
/// the order they had (it has just moved to another list, or come back
/// from the trash to the end of its list); and the label rows of all of
/// them.
pub(super) fn move_subtasks(conn: &mut DbConnection, user: i64, task: &Task) -> QueryResult<()> {
    let under: Vec<i64> = levels(conn, user, vec![task.id])?
        .into_iter()
        .skip(1)
        .flatten()
        .collect();
    let mut in_order: Vec<(i64, i64)> = Vec::with_capacity(under.len());
    for chunk in under.chunks(CHUNK) {
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
    for chunk in all.chunks(CHUNK) {
        labels::moved(conn, chunk, task.list_id)?;
    }
    Ok(())
}

/// How many subtasks each of `parents` (tasks the caller has already
/// found for the user) has directly, and how many of those are done:
/// "2 of 5 done".
///
/// Every list page asks, subtasks or not, so the statement should be one
/// the connection keeps prepared. Diesel prepares an `IN` of a list of ids
/// anew each time on SQLite, at a cost like a whole small query; so there
/// the ids go in groups of [`PROGRESS_GROUP`] as `parent_id = ? OR ...`
/// (the last group padded with 0, which is no task's id), a statement of
/// one shape, which SQLite still answers from the `parent_id` index.
/// PostgreSQL takes them as one array, a statement of one shape too.
fn progress(conn: &mut DbConnection, parents: &[i64]) -> QueryResult<HashMap<i64, (i64, i64)>> {
    let mut rows: Vec<(Option<i64>, bool, i64)> = Vec::new();
    let groups: Vec<Box<dyn BoxableExpression<tasks::table, DbBackend, SqlType = Bool>>> =
        match conn.backend() {
            Backend::Postgres => vec![Box::new(
                tasks::parent_id.assume_not_null().eq_any(parents.to_vec()),
            )],
            Backend::Sqlite => parents
                .chunks(PROGRESS_GROUP)
                .map(|group| {
                    let id = |at: usize| group.get(at).copied().unwrap_or(0);
                    let mut any: Box<
                        dyn BoxableExpression<tasks::table, DbBackend, SqlType = Bool>,
                    > = Box::new(tasks::parent_id.assume_not_null().eq(id(0)));
                    for at in 1..PROGRESS_GROUP {
                        any = Box::new(any.or(tasks::parent_id.assume_not_null().eq(id(at))));
                    }
                    any
                })
                .collect(),
        };
    for group in groups {
        rows.extend(
            tasks::table
                .filter(tasks::parent_id.is_not_null())
                .filter(group)
                .group_by((tasks::parent_id, tasks::completed))
                .select((tasks::parent_id, tasks::completed, count_star()))
                .load::<(Option<i64>, bool, i64)>(conn)?,
        );
    }
    let mut progress: HashMap<i64, (i64, i64)> = HashMap::new();
    for (parent, completed, count) in rows {
        let Some(parent) = parent else { continue };
        let entry = progress.entry(parent).or_default();
        entry.1 += count;
        if completed {
            entry.0 += count;
        }
    }
    Ok(progress)
}

/// Ids per statement of [`progress`] on SQLite: a page's worth.
const PROGRESS_GROUP: usize = 50;

/// What a page of tasks shows beside them: each one's subtasks done and
/// in all, and the titles of the parents that are not on the page, for
/// context ("in Plan the party").
#[derive(Debug, Default)]
pub struct Around {
    pub progress: HashMap<i64, (i64, i64)>,
    pub parents: HashMap<i64, String>,
}

/// [`Around`] the page `shown` (tasks the user may see, as read for them).
pub fn around<'a>(
    conn: &mut DbConnection,
    user: i64,
    shown: impl IntoIterator<Item = &'a ListedTask>,
) -> QueryResult<Around> {
    let (ids, parents): (Vec<i64>, Vec<Option<i64>>) = shown
        .into_iter()
        .map(|task| (task.id, task.parent_id))
        .unzip();
    if ids.is_empty() {
        return Ok(Around::default());
    }
    let on_page: HashSet<i64> = ids.iter().copied().collect();
    let missing: Vec<i64> = parents
        .into_iter()
        .flatten()
        .filter(|parent| !on_page.contains(parent))
        .collect();
    let parents = if missing.is_empty() {
        HashMap::new()
    } else {
        tasks::table
            .filter(tasks::id.eq_any(&missing))
            .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
            .select((tasks::id, tasks::title))
            .load::<(i64, String)>(conn)?
            .into_iter()
            .collect()
    };
    Ok(Around {
        progress: progress(conn, &ids)?,
        parents,
    })
}

/// The direct subtasks of `parent`, in their order, if `user` may see it.
pub fn subtasks(conn: &mut DbConnection, user: i64, parent: i64) -> QueryResult<Vec<ListedTask>> {
    tasks::table
        .filter(tasks::parent_id.eq(parent))
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .order((tasks::position.asc(), tasks::id.asc()))
        .select(ListedTask::as_select())
        .load(conn)
}
