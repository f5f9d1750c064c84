//! Paging: one page of a view at a time, found by its number or, in the
//! lists' own order, by its neighbour (keyset paging). A page asked for by
//! number skips the rows before it; a Previous or Next link carries the key
//! of the task at the page's edge instead (its list, position and id), and
//! the database seeks to it in the `(list_id, position)` index: one page
//! read however far down the list, and no task repeated or skipped when
//! others are added or deleted meanwhile.

use diesel::prelude::*;

use super::list::{ListedTask, Totals, count, fetch, load_in_order, matching_in, sorted};
use super::walk::{self, Span, in_list_order};
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::{Cursor, ListQuery};
use crate::models::list::{self, MyList};

/// One page of a list, and how many tasks the whole view holds.
#[derive(Debug, Clone)]
pub struct Page {
    pub tasks: Vec<ListedTask>,
    pub total: i64,
    /// The page shown: the one asked for, or the last one if that is past
    /// the end (after deleting the last task of the last page, say). A
    /// page found by a cursor only knows its number from the link, so the
    /// number is kept within what the neighbours allow.
    pub page: u32,
    pub page_count: u32,
    /// Whether the view holds tasks before this page, and after it.
    pub has_previous: bool,
    pub has_next: bool,
}

impl Page {
    /// The view of the page before this one, if there is one: found from
    /// this page's first task when the view pages by key.
    pub fn previous(&self, query: &ListQuery) -> Option<ListQuery> {
        if !self.has_previous {
            return None;
        }
        let to = self.page.saturating_sub(1).max(1);
        Some(match self.tasks.first() {
            // Even to page 1: had tasks been deleted from it meanwhile,
            // page 1 by number would now reach into this page.
            Some(first) if query.pages_by_key() => {
                query.with_cursor(to, Cursor::Before(first.order_key()))
            }
            _ => query.with_page(to),
        })
    }

    /// The view of the page after this one, if there is one: found from
    /// this page's last task when the view pages by key.
    pub fn next(&self, query: &ListQuery) -> Option<ListQuery> {
        if !self.has_next {
            return None;
        }
        let to = self.page.saturating_add(1);
        Some(match self.tasks.last() {
            Some(last) if query.pages_by_key() => {
                query.with_cursor(to, Cursor::After(last.order_key()))
            }
            _ => query.with_page(to),
        })
    }
}

pub const PAGE_SIZE: i64 = 50;

/// The page of the view that `query` describes, for `user`; `mine` are
/// the lists they may see, as the page read them for its navigation (with
/// their kept counts, which give the view's total and say where the page
/// begins). A view of a list that is not among them is not found.
pub fn page(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    mine: &[MyList],
) -> QueryResult<Page> {
    if let Some(list) = query.list {
        list::among(mine, list)?;
    }
    let totals = Totals::of(mine, query.list);
    if !query.counted_as_kept() && !query.counted_by_label() {
        // A search (or a window of due dates) has no kept count, and
        // counting it is a scan of the view's tasks; the same scan, in
        // order, also gives the page. One pass over the ids instead of a
        // count and then a fetch. (A label alone is counted from its own
        // index, and its first page read in the lists' order until it is
        // full.)
        let ids: Vec<i64> = sorted(user, query, conn.backend())
            .select(tasks::id)
            .load(conn)?;
        let (page, page_count) = page_within(ids.len() as i64, query.page);
        let shown = ids
            .chunks(PAGE_SIZE as usize)
            .nth(page as usize - 1)
            .unwrap_or_default();
        return Ok(Page {
            tasks: load_in_order(conn, user, shown)?,
            total: ids.len() as i64,
            page,
            page_count,
            has_previous: page > 1,
            has_next: page < page_count,
        });
    }
    let total = count(conn, user, query, totals)?;
    let (page, page_count) = page_within(total, query.page);
    if let Some(cursor) = query.keyset() {
        let (tasks, more) = beside(conn, user, query, mine, cursor)?;
        // Nothing left beside the cursor (its neighbours were deleted
        // meanwhile): the page by number is the better answer.
        if !tasks.is_empty() {
            let (has_previous, has_next) = match cursor {
                Cursor::After(_) => (true, more),
                Cursor::Before(_) => (more, true),
            };
            let (page, page_count) = numbered(query.page, page_count, has_previous, has_next);
            return Ok(Page {
                tasks,
                total,
                page,
                page_count,
                has_previous,
                has_next,
            });
        }
    }
    let offset = i64::from(page - 1) * PAGE_SIZE;
    let tasks = fetch(conn, user, query, mine, total, PAGE_SIZE, offset)?;
    Ok(Page {
        tasks,
        total,
        page,
        page_count,
        has_previous: page > 1,
        has_next: page < page_count,
    })
}

/// The number to show for a page found by a cursor, and the page count:
/// the number its link asked for, kept after page 1 when there are tasks
/// before it and before the last page when there are tasks after it (tasks
/// added or deleted since the link was made shift the numbers, not the
/// tasks).
fn numbered(asked: u32, page_count: u32, has_previous: bool, has_next: bool) -> (u32, u32) {
    let page = if has_previous {
        asked
            .min(page_count.saturating_sub(u32::from(has_next)))
            .max(2)
    } else {
        1
    };
    (page, page_count.max(page + u32::from(has_next)))
}

/// The page of `query` beside `cursor`, in the lists' own order, and
/// whether there are more tasks beyond it in that direction: one seek in
/// the `(list_id, position)` index and one page read (and one task more,
/// to know), however far down the list. First the rest of the cursor's
/// own list; then, when the view spans lists and that was not a page, the
/// lists after it (or before it, going back).
fn beside(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    mine: &[MyList],
    cursor: Cursor,
) -> QueryResult<(Vec<ListedTask>, bool)> {
    let wanted = PAGE_SIZE + 1;
    let mut rows = within_list(conn, user, query, cursor, wanted)?;
    if query.list.is_none() && (rows.len() as i64) < wanted {
        let more = past_list(conn, user, query, mine, cursor, wanted - rows.len() as i64)?;
        rows.extend(more);
    }
    let more = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    if matches!(cursor, Cursor::Before(_)) {
        rows.reverse();
    }
    Ok((rows, more))
}

/// The tasks of the cursor's list beyond its key, nearest first. The
/// first condition of each pair repeats what the second implies, so that
/// the planner sees a range on `position` it can seek to.
fn within_list(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    cursor: Cursor,
    limit: i64,
) -> QueryResult<Vec<ListedTask>> {
    let select = matching_in(user, cursor.key().list, query, conn.backend());
    let seek = match cursor {
        Cursor::After(key) => select
            .filter(tasks::position.ge(key.position))
            .filter(tasks::position.gt(key.position).or(tasks::id.gt(key.id)))
            .order((tasks::position.asc(), tasks::id.asc())),
        Cursor::Before(key) => select
            .filter(tasks::position.le(key.position))
            .filter(tasks::position.lt(key.position).or(tasks::id.lt(key.id)))
            .order((tasks::position.desc(), tasks::id.desc())),
    };
    seek.limit(limit).select(ListedTask::as_select()).load(conn)
}

/// The tasks of the lists after the cursor's (before it, going back),
/// nearest first: list by list ([`walk`]), so that lists with nothing in
/// the view cost no query.
fn past_list(
    conn: &mut DbConnection,
    user: i64,
    query: &ListQuery,
    mine: &[MyList],
    cursor: Cursor,
    limit: i64,
) -> QueryResult<Vec<ListedTask>> {
    let spans = walk::spans_of(mine, query.filter);
    let key = cursor.key().list;
    let back = matches!(cursor, Cursor::Before(_));
    let past: Vec<Span> = if back {
        spans
            .into_iter()
            .rev()
            .filter(|span| span.list < key)
            .collect()
    } else {
        spans.into_iter().filter(|span| span.list > key).collect()
    };
    walk::walk(conn, user, query, past, 0, limit, |conn, one, wanted, _| {
        in_list_order(one, back)
            .limit(wanted)
            .select(ListedTask::as_select())
            .load(conn)
    })
}

/// How many pages `total` tasks fill (at least one, if empty), and the
/// page to show: `asked`, or the last one if that is past the end.
fn page_within(total: i64, asked: u32) -> (u32, u32) {
    let page_count =
        u32::try_from(((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)).unwrap_or(u32::MAX);
    (asked.min(page_count), page_count)
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn a_page_found_by_cursor_keeps_a_number_its_neighbours_allow() {
        // As the link said, when nothing moved.
        assert_eq!(numbered(2, 3, true, true), (2, 3));
        assert_eq!(numbered(3, 3, true, false), (3, 3));
        // Tasks deleted: page 3 of what is now 2 pages, and nothing after.
        assert_eq!(numbered(3, 2, true, false), (2, 2));
        // Tasks after it still, though the count says it is the last page.
        assert_eq!(numbered(2, 2, true, true), (2, 3));
        // Reached going back, and nothing before it: page 1.
        assert_eq!(numbered(2, 3, false, true), (1, 3));
        // A link that says page 1 but has tasks before it.
        assert_eq!(numbered(1, 3, true, true), (2, 3));
    }
}
