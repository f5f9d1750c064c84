//! The lists' own order across several lists, read one list at a time.
//!
//! That order is (list, position, id): the order of the `(list_id,
//! position)` index, so one query could read it, `list_id IN (the user's
//! lists) ORDER BY list_id, position, id`. Neither planner reads that
//! query from the index in every case: PostgreSQL joins the lists first
//! and then sorts every task in them to give a page of 50 (2.4 ms for a
//! list of 7,000, and growing with it), and SQLite, asked for the lists
//! after one, reads every task of that one to find none of them beyond
//! it. One list at a time (`list_id = ?`, ordered by position and id) is
//! an index seek on both; the lists' kept counts say which lists a page
//! skips whole, so an empty list, or one before the page, costs no query.

use diesel::prelude::*;
use diesel::query_dsl::methods::LoadQuery;

use super::list::{BoxedRows, BoxedTasks, TaskShape, Totals, load_in_order, matching_in};
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::{Filter, ListQuery};
use crate::models::list::MyList;

/// One of the lists a view spans, and how many of its tasks the view's
/// filter selects (from the kept counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub list: i64,
    pub tasks: i64,
}

/// The lists a user may see, as a page has already read them
/// ([`crate::models::list::visible`]), in the lists' own order, each with
/// how many tasks `filter` selects in it.
pub(super) fn spans_of(mine: &[MyList], filter: Filter) -> Vec<Span> {
    let mut spans: Vec<Span> = mine
        .iter()
        .map(|my| span(my.list.id, my.list.open_tasks, my.list.done_tasks, filter))
        .collect();
    spans.sort_by_key(|span| span.list);
    spans
}

fn span(list: i64, open: i64, done: i64, filter: Filter) -> Span {
    Span {
        list,
        tasks: Totals { open, done }.selected_by(filter),
    }
}

/// Up to `limit` rows of the view `query`, list by list through `spans`
/// (in the order given), skipping the first `skip` of them. `read` reads
/// one list: it gets the view's query narrowed to that list, how many rows
/// are still wanted, and how many of that list's to skip; it orders them.
pub(super) fn walk<'q, R>(
    conn: &mut DbConnection,
    user: i64,
    query: &'q ListQuery,
    spans: impl IntoIterator<Item = Span>,
    mut skip: i64,
    limit: i64,
    mut read: impl FnMut(&mut DbConnection, BoxedTasks<'q>, i64, i64) -> QueryResult<Vec<R>>,
) -> QueryResult<Vec<R>> {
    let mut rows = Vec::new();
    for span in spans {
        let wanted = limit - rows.len() as i64;
        if wanted <= 0 {
            break;
        }
        // A count read a moment before the rows may be a task out; then
        // the next list makes up for it, or the page has one task fewer.
        if skip >= span.tasks {
            skip -= span.tasks;
            continue;
        }
        let one = matching_in(user, span.list, query, conn.backend());
        rows.extend(read(conn, one, wanted, skip)?);
        skip = 0;
    }
    Ok(rows)
}

/// [`super::fetch`] in the lists' own order over every list the user may see
/// (`spans`): list by list ([`walk`]).
pub(super) fn fetch_across_lists<T>(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    spans: &[Span],
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<T>>
where
    T: TaskShape,
    for<'a> BoxedRows<'a, T>: LoadQuery<'a, DbConnection, T>,
{
    let spans = spans.iter().copied();
    if offset == 0 {
        return walk(
            conn,
            user,
            query,
            spans,
            0,
            limit,
            |conn, one, wanted, _| {
                in_list_order(one, false)
                    .limit(wanted)
                    .select(T::as_select())
                    .load(conn)
            },
        );
    }
    // As in `fetch`: skip by id, then load the rows shown.
    let ids = walk(
        conn,
        user,
        query,
        spans,
        offset,
        limit,
        |conn, one, wanted, skip| {
            in_list_order(one, false)
                .limit(wanted)
                .offset(skip)
                .select(tasks::id)
                .load::<i64>(conn)
        },
    )?;
    load_in_order(conn, user, &ids)
}

/// One list's tasks in its own order, or backwards.
pub(super) fn in_list_order(one: BoxedTasks<'_>, back: bool) -> BoxedTasks<'_> {
    if back {
        one.order((tasks::position.desc(), tasks::id.desc()))
    } else {
        one.order((tasks::position.asc(), tasks::id.asc()))
    }
}
