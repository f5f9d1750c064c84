//! What is due: a user's open tasks due by a day, counted list by list in
//! one query. The navigation's Today count is their sum, and a list's
//! "overdue" is its share of those due before the day. Dates move every
//! midnight, so these are counted when asked, never kept, from the
//! `(list_id, completed, due)` index alone. And the tasks themselves, due
//! in a window of days, for the Today and Upcoming views.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::list::{ListedTask, Totals, counted, sorted};
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::{Action, Filter, ListQuery, Sort};
use crate::models::member::lists_where;

/// How many tasks a view's lists hold, by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub open: i64,
    pub done: i64,
    pub overdue: i64,
}

impl Counts {
    /// The open, done and overdue counts of a view's lists (`list`, or all
    /// the user's): the kept `totals`, and the overdue from what is due.
    pub fn new(totals: Totals, due: &DueCounts, list: Option<i64>) -> Self {
        Self {
            open: totals.open,
            done: totals.done,
            overdue: due.overdue(list),
        }
    }
}

/// One list's open tasks due by the day, and of those, due before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ListDue {
    list: i64,
    by_day: i64,
    overdue: i64,
}

/// A user's open tasks due by a day, list by list (lists with none are
/// left out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueCounts {
    lists: Vec<ListDue>,
}

impl DueCounts {
    /// Open tasks due on the day or before it, in every list: what the
    /// Today view shows.
    pub fn by_day(&self) -> i64 {
        self.lists.iter().map(|due| due.by_day).sum()
    }

    /// Open tasks due before the day, in `list` (or in every list).
    pub fn overdue(&self, list: Option<i64>) -> i64 {
        self.lists
            .iter()
            .filter(|due| list.is_none_or(|id| id == due.list))
            .map(|due| due.overdue)
            .sum()
    }
}

/// The open tasks due by `day` in the lists `user` may see, counted list
/// by list, with how many of them are due before `day`.
pub fn due_counts(conn: &mut DbConnection, user: i64, day: NaiveDate) -> QueryResult<DueCounts> {
    // Counted per list and date and added up here, so that the query has a
    // fixed shape whose prepared statement diesel keeps (see
    // docs/performance.md); a row per date with something due, not per task.
    let rows: Vec<(i64, Option<NaiveDate>, i64)> = tasks::table
        .filter(tasks::list_id.eq_any(lists_where(user, Action::See)))
        .filter(tasks::completed.eq(false))
        .filter(tasks::due.le(day))
        .group_by((tasks::list_id, tasks::due))
        .select((tasks::list_id, tasks::due, count_star()))
        .load(conn)?;
    let mut lists: Vec<ListDue> = Vec::new();
    for (list, due, count) in rows {
        let overdue = if due < Some(day) { count } else { 0 };
        match lists.iter_mut().find(|seen| seen.list == list) {
            Some(seen) => {
                seen.by_day += count;
                seen.overdue += overdue;
            }
            None => lists.push(ListDue {
                list,
                by_day: count,
                overdue,
            }),
        }
    }
    Ok(DueCounts { lists })
}

/// Up to `limit` of the open tasks due from `from` (or any time before) to
/// `to`, both days included, in every list `user` may see: soonest first,
/// each list's tasks in their own order within a day. And how many more
/// there are beyond the `limit`.
pub fn due_in(
    conn: &mut DbConnection,
    user: i64,
    from: Option<NaiveDate>,
    to: NaiveDate,
    limit: i64,
) -> QueryResult<(Vec<ListedTask>, i64)> {
    let query = window(from, to);
    let tasks = load(conn, user, &query, limit)?;
    // Counted only when the page is full: only then can there be more.
    let more = if tasks.len() as i64 == limit {
        counted(conn, user, &query)? - limit
    } else {
        0
    };
    Ok((tasks, more))
}

/// Today's view: the open tasks due before `today` and those due on it
/// (each up to `limit`, with how many more), in every list `user` may
/// see; `due` are the counts the page has read for its navigation, which
/// give both totals. One query when today's tasks fit after the overdue
/// ones; a second for today's alone only when overdue tasks push them out.
pub fn due_by(
    conn: &mut DbConnection,
    user: i64,
    today: NaiveDate,
    due: &DueCounts,
    limit: i64,
) -> QueryResult<DueBy> {
    let all = load(conn, user, &window(None, today), limit)?;
    let (overdue, mut todays): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|task| task.due < Some(today));
    let all_overdue = due.overdue(None);
    let all_today = due.by_day() - all_overdue;
    if (todays.len() as i64) < all_today.min(limit) {
        todays = load(conn, user, &window(Some(today), today), limit)?;
    }
    Ok(DueBy {
        more_overdue: (all_overdue - overdue.len() as i64).max(0),
        more_today: (all_today - todays.len() as i64).max(0),
        overdue,
        today: todays,
    })
}

/// What [`due_by`] found: each group's tasks, and how many more there are
/// beyond them.
#[derive(Debug)]
pub struct DueBy {
    pub overdue: Vec<ListedTask>,
    pub more_overdue: i64,
    pub today: Vec<ListedTask>,
    pub more_today: i64,
}

/// The open tasks due from `from` (or any time before) to `to`, soonest
/// first.
fn window(from: Option<NaiveDate>, to: NaiveDate) -> ListQuery {
    ListQuery {
        filter: Filter::Active,
        sort: Sort::Due,
        due_from: from,
        due_to: Some(to),
        ..ListQuery::default()
    }
}

/// Up to `limit` of the tasks `query` selects, in its order.
fn load(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    limit: i64,
) -> QueryResult<Vec<ListedTask>> {
    sorted(user, query, conn.backend())
        .limit(limit)
        .select(ListedTask::as_select())
        .load(conn)
}
