//! Listing tasks: which of the owner's tasks a view selects (its filter
//! and search), in which order, and how many there are. The counts come
//! from `task_counts`, which triggers on `tasks` keep (one row per user,
//! so that a counter is one read however long the list), except for a
//! search, which has to count.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::expression::{SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{QueryFragment, QueryId};
use diesel::query_dsl::methods::LoadQuery;
use diesel::sql_types::Bool;

use super::Task;
use crate::config::Backend;
use crate::db::schema::{task_counts, tasks};
use crate::db::{DbBackend, DbConnection};
use crate::domain::{Filter, ListQuery, OrderKey, Priority, Sort};
use crate::models::lower;

/// A task as a list page shows it: a [`Task`] without its timestamps,
/// which only the task's own page and the API show. Reading them back costs
/// more than the rest of the row (see `docs/performance.md`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
pub struct ListedTask {
    pub id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<NaiveDate>,
    pub priority: i16,
    pub position: i64,
}

impl ListedTask {
    /// Where the task stands in its owner's own order.
    pub fn order_key(&self) -> OrderKey {
        OrderKey {
            position: self.position,
            id: self.id,
        }
    }

    pub fn priority(&self) -> Priority {
        Priority::from_db(self.priority)
    }

    /// Due before `today`, and not done. A task due today is not overdue.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.completed && self.due.is_some_and(|due| due < today)
    }
}

/// What a page of tasks can be loaded as: [`Task`] or [`ListedTask`]. The
/// bounds say "its columns can be selected from `tasks` in a boxed query".
pub trait TaskShape:
    Selectable<
        DbBackend,
        SelectExpression: SelectableExpression<tasks::table>
                              + QueryFragment<DbBackend>
                              + ValidGrouping<()>
                              + QueryId
                              + Send
                              + 'static,
    > + Send
    + 'static
{
    fn id(&self) -> i64;
}

impl TaskShape for Task {
    fn id(&self) -> i64 {
        self.id
    }
}

impl TaskShape for ListedTask {
    fn id(&self) -> i64 {
        self.id
    }
}

/// How many tasks a user has, by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub open: i64,
    pub done: i64,
    pub overdue: i64,
}

pub(super) type BoxedTasks<'a> = tasks::BoxedQuery<'a, DbBackend>;
/// A query of tasks loading each row as `T`.
pub(super) type BoxedRows<'a, T> =
    tasks::BoxedQuery<'a, DbBackend, diesel::dsl::AsSelect<T, DbBackend>>;

/// The owner's tasks that `query` selects: its filter and search, unsorted.
pub(super) fn matching<'a>(owner: i64, query: &'a ListQuery, backend: Backend) -> BoxedTasks<'a> {
    let mut select = tasks::table.filter(tasks::user_id.eq(owner)).into_boxed();
    match query.filter {
        Filter::All => {}
        Filter::Active => select = select.filter(tasks::completed.eq(false)),
        Filter::Completed => select = select.filter(tasks::completed.eq(true)),
    }
    if let Some(search) = &query.search {
        select = select.filter(containing(search, backend));
    }
    select
}

/// Tasks whose title or notes contain `text`, ignoring case: the one place
/// that says how a search matches, on either backend.
///
/// A scan of the owner's tasks (the `WHERE` clause starts with the owner,
/// so it never reads anyone else's). SQLite's LIKE already ignores case,
/// for ASCII letters; PostgreSQL's does not, so there both sides are
/// lower-cased first (which folds every alphabet: on PostgreSQL "É" also
/// finds "é", on SQLite only itself). On SQLite, lower() would double the
/// cost of the scan and fold nothing more. (Why not a full-text index:
/// `docs/performance.md`.)
fn containing(
    text: &str,
    backend: Backend,
) -> Box<dyn BoxableExpression<tasks::table, DbBackend, SqlType = Bool>> {
    let pattern = format!("%{}%", escape_like(text));
    match backend {
        Backend::Sqlite => Box::new(
            tasks::title
                .like(pattern.clone())
                .escape('\\')
                .or(tasks::notes.like(pattern).escape('\\')),
        ),
        Backend::Postgres => Box::new(
            lower(tasks::title)
                .like(lower(pattern.clone()))
                .escape('\\')
                .or(lower(tasks::notes).like(lower(pattern)).escape('\\')),
        ),
    }
}

/// Makes `%`, `_` and `\` in a search match themselves.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// `matching`, in the order the query asks for. Every order ends on a
/// unique column so that paging is stable.
pub(super) fn sorted<'a>(owner: i64, query: &'a ListQuery, backend: Backend) -> BoxedTasks<'a> {
    let select = matching(owner, query, backend);
    match query.sort {
        Sort::Order => select.order((tasks::position.asc(), tasks::id.asc())),
        Sort::Created => select.order((tasks::created_at.desc(), tasks::id.desc())),
        Sort::Due => select.order((
            tasks::due.is_null().asc(),
            tasks::due.asc(),
            tasks::position.asc(),
            tasks::id.asc(),
        )),
        Sort::Priority => select.order((
            tasks::priority.desc(),
            tasks::position.asc(),
            tasks::id.asc(),
        )),
        Sort::Title => select.order((lower(tasks::title).asc(), tasks::id.asc())),
    }
}

/// The owner's open and done counts, as the triggers on `tasks` keep them
/// in `task_counts`.
fn totals(conn: &mut DbConnection, owner: i64) -> QueryResult<(i64, i64)> {
    Ok(task_counts::table
        .find(owner)
        .select((task_counts::open, task_counts::done))
        .first(conn)
        .optional()?
        .unwrap_or((0, 0)))
}

/// How many of the owner's tasks `query` selects (its page aside). Without
/// a search that is one of the kept totals; a search has to count.
pub fn count(conn: &mut DbConnection, owner: i64, query: &ListQuery) -> QueryResult<i64> {
    if query.search.is_some() {
        return matching(owner, query, conn.backend())
            .count()
            .get_result(conn);
    }
    let (open, done) = totals(conn, owner)?;
    Ok(match query.filter {
        Filter::All => open + done,
        Filter::Active => open,
        Filter::Completed => done,
    })
}

/// Up to `limit` of the tasks `query` selects, skipping `offset`.
pub fn fetch<T>(
    conn: &mut DbConnection,
    owner: i64,
    query: &ListQuery,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<T>>
where
    T: TaskShape,
    for<'a> BoxedRows<'a, T>: LoadQuery<'a, DbConnection, T>,
{
    if offset == 0 {
        return sorted(owner, query, conn.backend())
            .limit(limit)
            .select(T::as_select())
            .load(conn);
    }
    // A late page skips many rows. Skipping them by id alone reads only the
    // index; then just the rows shown are loaded.
    let ids: Vec<i64> = sorted(owner, query, conn.backend())
        .limit(limit)
        .offset(offset)
        .select(tasks::id)
        .load::<i64>(conn)?;
    load_in_order(conn, owner, &ids)
}

/// The owner's tasks with these ids, in the order of `ids`.
pub(super) fn load_in_order<T>(
    conn: &mut DbConnection,
    owner: i64,
    ids: &[i64],
) -> QueryResult<Vec<T>>
where
    T: TaskShape,
    for<'a> BoxedRows<'a, T>: LoadQuery<'a, DbConnection, T>,
{
    let rank: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut rows: Vec<T> = tasks::table
        .filter(tasks::user_id.eq(owner))
        .filter(tasks::id.eq_any(ids))
        .into_boxed()
        .select(T::as_select())
        .load(conn)?;
    rows.sort_by_key(|task| rank.get(&task.id()).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

/// The owner's open, done and overdue counts, `today` deciding "overdue".
pub fn counts(conn: &mut DbConnection, owner: i64, today: NaiveDate) -> QueryResult<Counts> {
    let (open, done) = totals(conn, owner)?;
    // Read from the (user_id, completed, due) index alone.
    let overdue = tasks::table
        .filter(tasks::user_id.eq(owner))
        .filter(tasks::completed.eq(false))
        .filter(tasks::due.lt(today))
        .count()
        .get_result(conn)?;
    Ok(Counts {
        open,
        done,
        overdue,
    })
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_in_a_search_match_themselves() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
