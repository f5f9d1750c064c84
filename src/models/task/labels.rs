//! Labels, stored twice on purpose: `tasks.labels` holds a task's labels as
//! it shows them, so that a page reads them with the row, and
//! `task_labels` holds one row per label, lower-cased, so that "the tasks
//! labelled X in these lists" is a seek in its `(list_id, label_key)`
//! index rather than a scan. Only this module writes `task_labels`, always
//! in the transaction that changes the task, so the two never disagree.

use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{task_labels, tasks};
use crate::domain::{Action, Filter, Labels, ListQuery, label_key};
use crate::models::member::{self, ListIds, lists_where};
use crate::on_backend;

#[derive(Insertable)]
#[diesel(table_name = task_labels)]
struct LabelRow<'a> {
    task_id: i64,
    list_id: i64,
    label_key: String,
    label: &'a str,
}

/// Makes `task_labels` say what `labels` says for the task `id` in `list`.
pub(super) fn write(
    conn: &mut DbConnection,
    id: i64,
    list: i64,
    labels: &Labels,
) -> QueryResult<()> {
    diesel::delete(task_labels::table.filter(task_labels::task_id.eq(id))).execute(conn)?;
    add(conn, &[(id, list, labels)])
}

/// Adds the label rows of the tasks `ids`, which have none yet (restored,
/// imported or seeded ones), from the labels stored with each.
pub fn index(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<()> {
    for chunk in ids.chunks(10_000) {
        let stored: Vec<(i64, i64, String)> = tasks::table
            .filter(tasks::id.eq_any(chunk))
            .filter(tasks::labels.ne(""))
            .select((tasks::id, tasks::list_id, tasks::labels))
            .load(conn)?;
        let parsed: Vec<(i64, i64, Labels)> = stored
            .into_iter()
            .map(|(id, list, labels)| (id, list, Labels::from_db(&labels)))
            .collect();
        let rows: Vec<(i64, i64, &Labels)> = parsed
            .iter()
            .map(|(id, list, labels)| (*id, *list, labels))
            .collect();
        add(conn, &rows)?;
    }
    Ok(())
}

/// Adds the label rows of tasks that have none yet, as `(task, its list,
/// its labels)`.
pub(super) fn add(conn: &mut DbConnection, tasks: &[(i64, i64, &Labels)]) -> QueryResult<()> {
    let rows: Vec<LabelRow<'_>> = tasks
        .iter()
        .flat_map(|(id, list, labels)| {
            labels.iter().map(move |label| LabelRow {
                task_id: *id,
                list_id: *list,
                label_key: label.key(),
                label: label.as_str(),
            })
        })
        .collect();
    // 4 values a row: well under PostgreSQL's 65,535 per statement.
    for batch in rows.chunks(5_000) {
        on_backend!(conn, conn => diesel::insert_into(task_labels::table)
            .values(batch)
            .execute(conn))?;
    }
    Ok(())
}

/// Moves the label rows of the tasks `ids` along with them to `list`.
pub(super) fn moved(conn: &mut DbConnection, ids: &[i64], list: i64) -> QueryResult<()> {
    diesel::update(task_labels::table.filter(task_labels::task_id.eq_any(ids)))
        .set(task_labels::list_id.eq(list))
        .execute(conn)
        .map(drop)
}

/// The ids of the tasks labelled `key` in the lists `user` may see, as a
/// subquery for a `WHERE tasks.id IN (...)`. (A type diesel spells out,
/// like `member::lists_where`, so that it can sit in a query of either
/// backend.)
#[diesel::dsl::auto_type]
pub(super) fn labelled(user: i64, key: String) -> _ {
    let visible: ListIds = lists_where(user, Action::See);
    task_labels::table
        .filter(task_labels::list_id.eq_any(visible))
        .filter(task_labels::label_key.eq(key))
        .select(task_labels::task_id)
}

/// How many tasks the view `query` selects, when it narrows by a label
/// (and otherwise only by list and done or not): counted from the label's
/// rows in `task_labels`, a range of its index, and the tasks they name,
/// rather than by reading every task of the view's lists.
pub(super) fn count(conn: &mut DbConnection, user: i64, query: &ListQuery) -> QueryResult<i64> {
    let key = label_key(query.label.as_deref().unwrap_or_default());
    if query.filter == Filter::All {
        // The label's index alone.
        let mut counted = task_labels::table
            .filter(task_labels::list_id.eq_any(lists_where(user, Action::See)))
            .filter(task_labels::label_key.eq(key))
            .into_boxed();
        if let Some(list) = query.list {
            counted = counted.filter(task_labels::list_id.eq(list));
        }
        return counted.select(count_star()).first(conn);
    }
    let mut counted = task_labels::table
        .inner_join(tasks::table)
        .filter(task_labels::list_id.eq_any(lists_where(user, Action::See)))
        .filter(task_labels::label_key.eq(key))
        .into_boxed();
    if let Some(list) = query.list {
        counted = counted.filter(task_labels::list_id.eq(list));
    }
    match query.filter {
        Filter::All => {}
        Filter::Active => counted = counted.filter(tasks::completed.eq(false)),
        Filter::Completed => counted = counted.filter(tasks::completed.eq(true)),
    }
    counted.select(count_star()).first(conn)
}

/// A label in use, and on how many tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelCount {
    pub label: String,
    pub tasks: i64,
}

/// The labels on the tasks `user` can see (in one list, if `list` says
/// so; one they cannot see is not found), by name ignoring case, each with how many tasks carry it. One
/// spelling stands for all (the first in sort order) when tasks differ.
pub fn in_use(
    conn: &mut DbConnection,
    user: i64,
    list: Option<i64>,
) -> QueryResult<Vec<LabelCount>> {
    // Written out for each shape of the `WHERE`; grouping cannot be boxed.
    macro_rules! counted {
        ($visible:expr) => {
            $visible
                .group_by(task_labels::label_key)
                .select((
                    task_labels::label_key,
                    diesel::dsl::min(task_labels::label),
                    count_star(),
                ))
                .order(task_labels::label_key.asc())
                .load::<(String, Option<String>, i64)>(conn)?
        };
    }
    let visible =
        task_labels::table.filter(task_labels::list_id.eq_any(lists_where(user, Action::See)));
    let rows = match list {
        Some(list) => {
            // A list the user cannot see is not found, rather than empty.
            drop(member::check(conn, user, list, Action::See)?);
            counted!(visible.filter(task_labels::list_id.eq(list)))
        }
        None => counted!(visible),
    };
    Ok(rows
        .into_iter()
        .map(|(key, label, tasks)| LabelCount {
            label: label.unwrap_or(key),
            tasks,
        })
        .collect())
}
