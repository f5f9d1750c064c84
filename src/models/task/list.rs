//! Listing tasks: which tasks a view selects (the lists the user may see,
//! or one of them; its filter, search and window of due dates), in which
//! order, and how many there are. The counts come from each list's
//! `open_tasks` and `done_tasks`, which triggers on `tasks` keep (so that
//! a counter is one row per list however long the list), except for a
//! search or a window of due dates, which have to count.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::expression::{SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{QueryFragment, QueryId};
use diesel::query_dsl::methods::LoadQuery;
use diesel::sql_types::Bool;

use super::walk::{self, fetch_across_lists};
use super::{Task, labels};
use crate::config::Backend;
use crate::db::schema::tasks;
use crate::db::{DbBackend, DbConnection};
use crate::domain::{Action, Filter, Labels, ListQuery, OrderKey, Priority, Sort, label_key};
use crate::models::list::MyList;
use crate::models::lower;
use crate::models::member::{self, lists_where};

/// A task as a list page shows it: a [`Task`] without its timestamps,
/// which only the task's own page and the API show. Reading them back costs
/// more than the rest of the row (see `docs/performance.md`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
pub struct ListedTask {
    pub id: i64,
    pub list_id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<NaiveDate>,
    pub priority: i16,
    pub position: i64,
    pub parent_id: Option<i64>,
    pub labels: String,
    pub rrule: Option<String>,
}

impl ListedTask {
    /// Where the task stands in its list's own order.
    pub fn order_key(&self) -> OrderKey {
        OrderKey {
            list: self.list_id,
            position: self.position,
            id: self.id,
        }
    }

    pub fn priority(&self) -> Priority {
        Priority::from_db(self.priority)
    }

    pub fn labels(&self) -> Labels {
        Labels::from_db(&self.labels)
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

/// The kept open and done counts of the lists a view shows: all the
/// user's lists, or one of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub open: i64,
    pub done: i64,
}

impl Totals {
    /// The totals of `list` (`None`: of every one) among the user's lists,
    /// as [`crate::models::list::visible`] loaded them.
    pub fn of(mine: &[MyList], list: Option<i64>) -> Self {
        mine.iter()
            .filter(|my| list.is_none_or(|id| id == my.list.id))
            .fold(Self::default(), |sum, my| Self {
                open: sum.open + my.list.open_tasks,
                done: sum.done + my.list.done_tasks,
            })
    }

    /// How many of these tasks `filter` selects.
    pub fn selected_by(self, filter: Filter) -> i64 {
        match filter {
            Filter::All => self.open + self.done,
            Filter::Active => self.open,
            Filter::Completed => self.done,
        }
    }
}

pub(super) type BoxedTasks<'a> = tasks::BoxedQuery<'a, DbBackend>;
/// A query of tasks loading each row as `T`.
pub(super) type BoxedRows<'a, T> =
    tasks::BoxedQuery<'a, DbBackend, diesel::dsl::AsSelect<T, DbBackend>>;

/// The tasks that `query` selects for `user`: in the lists they may see
/// (or the one the query names), with its filter and search, unsorted.
pub(super) fn matching<'a>(user: i64, query: &'a ListQuery, backend: Backend) -> BoxedTasks<'a> {
    narrowed(
        in_lists(user, query.list),
        user,
        query,
        backend,
        Labelled::Few,
    )
}

/// How the tasks with the query's label are best found. A label on few
/// of the view's tasks: read those from the label's index, then put them
/// in order. On many: read the view in its order, keeping the labelled,
/// until the page is full. SQLite, which keeps no statistics here, would
/// take the first way for both: 15 ms for a label on 10,000 of 100,000
/// tasks, against 4 the second way (which takes 13 for a label on five).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Labelled {
    Few,
    Many,
}

impl Labelled {
    /// From this many labelled tasks in the view on, read it in order.
    const MANY: i64 = 500;

    /// The way for a view of `count` tasks, all of them labelled.
    pub(super) fn of(count: i64) -> Self {
        if count >= Self::MANY {
            Self::Many
        } else {
            Self::Few
        }
    }
}

/// [`matching`] in one of the lists, whichever the query names.
pub(super) fn matching_in<'a>(
    user: i64,
    list: i64,
    query: &'a ListQuery,
    backend: Backend,
) -> BoxedTasks<'a> {
    narrowed(
        in_lists(user, Some(list)),
        user,
        query,
        backend,
        Labelled::Few,
    )
}

/// The tasks of `list` if `user` may see it, or of every list they may see.
fn in_lists<'a>(user: i64, list: Option<i64>) -> BoxedTasks<'a> {
    match list {
        Some(list) => tasks::table
            .filter(
                tasks::list_id
                    .nullable()
                    .eq(member::list_if(user, list, Action::See)),
            )
            .into_boxed(),
        None => tasks::table
            .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
            .into_boxed(),
    }
}

/// `select` with the query's filter, search, label and window of dates.
fn narrowed<'a>(
    mut select: BoxedTasks<'a>,
    user: i64,
    query: &ListQuery,
    backend: Backend,
    labelled: Labelled,
) -> BoxedTasks<'a> {
    match query.filter {
        Filter::All => {}
        Filter::Active => select = select.filter(tasks::completed.eq(false)),
        Filter::Completed => select = select.filter(tasks::completed.eq(true)),
    }
    if let Some(search) = &query.search {
        select = select.filter(containing(search, backend));
    }
    if let Some(label) = &query.label {
        let ids = labels::labelled(user, label_key(label));
        select = match labelled {
            Labelled::Few => select.filter(tasks::id.eq_any(ids)),
            // `id + 0` is not the key, so the planner cannot look the
            // labelled tasks up by it and reads the view in order instead.
            Labelled::Many => select.filter((tasks::id + 0_i64).eq_any(ids)),
        };
    }
    // A task with no due date is in no window.
    if let Some(from) = query.due_from {
        select = select.filter(tasks::due.ge(from));
    }
    if let Some(to) = query.due_to {
        select = select.filter(tasks::due.le(to));
    }
    select
}

/// Tasks whose title or notes contain `text`, ignoring case: the one place
/// that says how a search matches, on either backend.
///
/// A scan of the view's tasks (the `WHERE` clause starts with the lists,
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
/// unique column so that paging is stable. The lists' own order is each
/// list's tasks together, lists in the order they were made: the order of
/// the `(list_id, position)` index, so that the first page is read from
/// it and never sorted.
pub(super) fn sorted<'a>(user: i64, query: &'a ListQuery, backend: Backend) -> BoxedTasks<'a> {
    sorted_for(user, query, backend, Labelled::Few)
}

/// [`sorted`], finding the labelled tasks the way `labelled` says.
fn sorted_for<'a>(
    user: i64,
    query: &'a ListQuery,
    backend: Backend,
    labelled: Labelled,
) -> BoxedTasks<'a> {
    let select = narrowed(in_lists(user, query.list), user, query, backend, labelled);
    match query.sort {
        Sort::Order => select.order((tasks::list_id.asc(), tasks::position.asc(), tasks::id.asc())),
        Sort::Created => select.order((tasks::created_at.desc(), tasks::id.desc())),
        // Within a day, each list's tasks together in their own order.
        Sort::Due => select.order((
            tasks::due.is_null().asc(),
            tasks::due.asc(),
            tasks::list_id.asc(),
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

/// How many tasks `query` selects (its page aside), given the kept
/// totals of its lists. Without a search, a label or a window of due dates
/// that is one of the totals; a label alone is counted from its index;
/// otherwise it has to count.
pub fn count(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    totals: Totals,
) -> QueryResult<i64> {
    if query.counted_by_label() {
        return labels::count(conn, user, query);
    }
    if !query.counted_as_kept() {
        return counted(conn, user, query);
    }
    Ok(totals.selected_by(query.filter))
}

/// How many tasks `query` selects, counted.
pub(super) fn counted(conn: &mut DbConnection, user: i64, query: &ListQuery) -> QueryResult<i64> {
    matching(user, query, conn.backend())
        .count()
        .get_result(conn)
}

/// Up to `limit` of the tasks `query` selects, skipping `offset`; `mine`
/// are the lists the user may see, as read for the same request (their
/// kept counts say where a page across lists begins), and `total` how
/// many tasks the view holds, as [`count`] gave it (how a label's tasks
/// are best found depends on it). A view of a list that is not among them
/// is not found, rather than empty.
pub fn fetch<T>(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    mine: &[MyList],
    total: i64,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<T>>
where
    T: TaskShape,
    for<'a> BoxedRows<'a, T>: LoadQuery<'a, DbConnection, T>,
{
    if let Some(list) = query.list {
        crate::models::list::among(mine, list)?;
    }
    if query.list.is_none() && query.pages_by_key() {
        let spans = walk::spans_of(mine, query.filter);
        return fetch_across_lists(conn, user, query, &spans, limit, offset);
    }
    let labelled = if query.counted_by_label() {
        Labelled::of(total)
    } else {
        Labelled::Few
    };
    if offset == 0 {
        return sorted_for(user, query, conn.backend(), labelled)
            .limit(limit)
            .select(T::as_select())
            .load(conn);
    }
    // A late page skips many rows. Skipping them by id alone reads only the
    // index; then just the rows shown are loaded.
    let ids: Vec<i64> = sorted_for(user, query, conn.backend(), labelled)
        .limit(limit)
        .offset(offset)
        .select(tasks::id)
        .load::<i64>(conn)?;
    load_in_order(conn, user, &ids)
}

/// The tasks with these ids that `user` may see, in the order of `ids`.
pub(super) fn load_in_order<T>(
    conn: &mut DbConnection,
    user: i64,
    ids: &[i64],
) -> QueryResult<Vec<T>>
where
    T: TaskShape,
    for<'a> BoxedRows<'a, T>: LoadQuery<'a, DbConnection, T>,
{
    let rank: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut rows: Vec<T> = tasks::table
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .filter(tasks::id.eq_any(ids))
        .into_boxed()
        .select(T::as_select())
        .load(conn)?;
    rows.sort_by_key(|task| rank.get(&task.id()).copied().unwrap_or(usize::MAX));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_in_a_search_match_themselves() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
