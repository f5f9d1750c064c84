//! What is due: a user's open tasks due by a day, counted list by list in
//! one query. The navigation's Today count is their sum, and a list's
//! "overdue" is its share of those due before the day. Dates move every
//! midnight, so these are counted when asked, never kept, from the
//! `(list_id, completed, due)` index alone.

use chrono::NaiveDate;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::Action;
use crate::models::member::lists_where;

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
    // Counted per list and date, and added up here: a query of fixed
    // shape, whose prepared statement diesel keeps (a `CASE` written as
    // SQL text would be prepared again on every page), with a row per date
    // that has something due, not per task.
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
