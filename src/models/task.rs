//! The `tasks` table. Every function takes `owner`, the id of the user the
//! request is for, and filters on it: this is where authorization happens.
//! A task id that belongs to someone else matches no row, and the caller
//! sees exactly what it would for an id that never existed.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{max, not};
use diesel::expression::{SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{QueryFragment, QueryId};
use diesel::query_dsl::methods::LoadQuery;
use diesel::sql_types::Bool;

use super::{lower, now};
use crate::db::schema::{task_counts, tasks};
use crate::db::{Backend, DbBackend, DbConnection};
use crate::domain::{
    Cursor, Due, Filter, ListQuery, OrderKey, Priority, Sort, TaskInput, TaskNotes, TaskTitle,
};
use crate::on_backend;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tasks)]
pub struct Task {
    pub id: i64,
    pub user_id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<NaiveDate>,
    pub priority: i16,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

impl Task {
    pub fn priority(&self) -> Priority {
        Priority::from_db(self.priority)
    }
}

/// A task as a list page shows it: a [`Task`] without its timestamps,
/// which only the task's own page and the API show. SQLite keeps them as
/// text, and reading three of them back for each of fifty rows was the
/// largest single cost of a list page in a profile.
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

type BoxedTasks<'a> = tasks::BoxedQuery<'a, DbBackend>;
/// A query of tasks loading each row as `T`.
type BoxedRows<'a, T> = tasks::BoxedQuery<'a, DbBackend, diesel::dsl::AsSelect<T, DbBackend>>;

/// The owner's tasks that `query` selects: its filter and search, unsorted.
fn matching<'a>(owner: i64, query: &'a ListQuery, backend: Backend) -> BoxedTasks<'a> {
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
/// cost of the scan and fold nothing more.
///
/// An FTS5 trigram index was measured here and left out: it made a
/// selective search over 100,000 tasks four times faster, but doubled the
/// cost of every insert, and it answers for every user's tasks at once, so
/// its searches grow with the whole table rather than with one list.
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
fn sorted<'a>(owner: i64, query: &'a ListQuery, backend: Backend) -> BoxedTasks<'a> {
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
fn load_in_order<T>(conn: &mut DbConnection, owner: i64, ids: &[i64]) -> QueryResult<Vec<T>>
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

/// The page of the owner's list that `query` describes.
pub fn list(conn: &mut DbConnection, owner: i64, query: &ListQuery) -> QueryResult<Page> {
    if query.search.is_some() {
        // A search has no kept count, and counting it is a scan of the
        // owner's tasks; the same scan, in order, also gives the page. One
        // pass over the ids instead of a count and then a fetch.
        let ids: Vec<i64> = sorted(owner, query, conn.backend())
            .select(tasks::id)
            .load(conn)?;
        let (page, page_count) = page_within(ids.len() as i64, query.page);
        let shown = ids
            .chunks(PAGE_SIZE as usize)
            .nth(page as usize - 1)
            .unwrap_or_default();
        return Ok(Page {
            tasks: load_in_order(conn, owner, shown)?,
            total: ids.len() as i64,
            page,
            page_count,
            has_previous: page > 1,
            has_next: page < page_count,
        });
    }
    let total = count(conn, owner, query)?;
    let (page, page_count) = page_within(total, query.page);
    if let Some(cursor) = query.keyset() {
        let (tasks, more) = beside(conn, owner, query, cursor)?;
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
    let tasks = fetch(
        conn,
        owner,
        query,
        PAGE_SIZE,
        i64::from(page - 1) * PAGE_SIZE,
    )?;
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

/// The page of `query` beside `cursor`, in the owner's own order, and
/// whether there are more tasks beyond it in that direction: one seek in
/// the `(user_id, position)` index and one page read (and one task more,
/// to know), however far down the list. The first condition of each pair
/// repeats what the second implies, so that the planner sees a range on
/// `position` it can seek to.
fn beside(
    conn: &mut DbConnection,
    owner: i64,
    query: &ListQuery,
    cursor: Cursor,
) -> QueryResult<(Vec<ListedTask>, bool)> {
    let select = matching(owner, query, conn.backend());
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
    let mut rows: Vec<ListedTask> = seek
        .limit(PAGE_SIZE + 1)
        .select(ListedTask::as_select())
        .load(conn)?;
    let more = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    if matches!(cursor, Cursor::Before(_)) {
        rows.reverse();
    }
    Ok((rows, more))
}

/// How many pages `total` tasks fill (at least one, if empty), and the
/// page to show: `asked`, or the last one if that is past the end.
fn page_within(total: i64, asked: u32) -> (u32, u32) {
    let page_count =
        u32::try_from(((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)).unwrap_or(u32::MAX);
    (asked.min(page_count), page_count)
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

pub fn find(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    tasks::table
        .filter(tasks::id.eq(id))
        .filter(tasks::user_id.eq(owner))
        .select(Task::as_select())
        .first(conn)
}

/// [`find`], for a change computed from the row as it is (toggling,
/// stamping `completed_at`). On PostgreSQL, where writers run side by side,
/// the row is locked until the transaction ends, so that two changes at
/// once apply one after the other instead of both starting from the same
/// version. SQLite already writes one at a time.
fn find_for_change(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    match conn {
        DbConnection::Postgres(pg) => tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner))
            .select(Task::as_select())
            .for_update()
            .first(pg),
        DbConnection::Sqlite(_) => find(conn, owner, id),
    }
}

/// The position after the owner's last task.
fn next_position(conn: &mut DbConnection, owner: i64) -> QueryResult<i64> {
    let last: Option<i64> = tasks::table
        .filter(tasks::user_id.eq(owner))
        .select(max(tasks::position))
        .first(conn)?;
    // Saturating: positions are bounded where they come in, but a stored
    // one must never be able to make adding a task fail.
    Ok(last.unwrap_or(0).saturating_add(1))
}

/// Adds a task, not completed, at `position` or else at the end of the
/// owner's list.
pub fn create(
    conn: &mut DbConnection,
    owner: i64,
    input: &TaskInput,
    position: Option<i64>,
) -> QueryResult<Task> {
    let position = match position {
        Some(position) => position,
        None => next_position(conn, owner)?,
    };
    let now = now();
    let row = NewTask {
        user_id: owner,
        title: input.title.as_str(),
        notes: input.notes.as_str(),
        completed: false,
        due: input.due.0,
        priority: input.priority.to_db(),
        position,
        created_at: now,
        updated_at: now,
        completed_at: None,
    };
    on_backend!(conn, conn => diesel::insert_into(tasks::table)
        .values(&row)
        .returning(Task::as_returning())
        .get_result(conn))
}

#[derive(Debug, Insertable)]
#[diesel(table_name = tasks)]
struct NewTask<'a> {
    user_id: i64,
    title: &'a str,
    notes: &'a str,
    completed: bool,
    due: Option<NaiveDate>,
    priority: i16,
    position: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    completed_at: Option<NaiveDateTime>,
}

/// What to change in a task; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct TaskChanges {
    pub title: Option<TaskTitle>,
    pub notes: Option<TaskNotes>,
    pub due: Option<Due>,
    pub priority: Option<Priority>,
    pub completed: Option<bool>,
    pub position: Option<i64>,
}

impl From<TaskInput> for TaskChanges {
    fn from(input: TaskInput) -> Self {
        Self {
            title: Some(input.title),
            notes: Some(input.notes),
            due: Some(input.due),
            priority: Some(input.priority),
            completed: None,
            position: None,
        }
    }
}

/// Applies `changes` to one of the owner's tasks; returns it as it now is.
/// Completing a task stamps `completed_at`; reopening it clears the stamp.
pub fn change(
    conn: &mut DbConnection,
    owner: i64,
    id: i64,
    changes: &TaskChanges,
) -> QueryResult<Task> {
    #[derive(AsChangeset)]
    #[diesel(table_name = tasks)]
    struct Set<'a> {
        title: Option<&'a str>,
        notes: Option<&'a str>,
        due: Option<Option<NaiveDate>>,
        priority: Option<i16>,
        completed: Option<bool>,
        completed_at: Option<Option<NaiveDateTime>>,
        position: Option<i64>,
        updated_at: NaiveDateTime,
    }

    let current = find_for_change(conn, owner, id)?;
    let now = now();
    let completed_at = match changes.completed {
        Some(done) if done != current.completed => Some(done.then_some(now)),
        _ => None,
    };
    let set = Set {
        title: changes.title.as_ref().map(TaskTitle::as_str),
        notes: changes.notes.as_ref().map(TaskNotes::as_str),
        due: changes.due.map(|due| due.0),
        priority: changes.priority.map(Priority::to_db),
        completed: changes.completed,
        completed_at,
        position: changes.position,
        updated_at: now,
    };
    on_backend!(conn, conn => diesel::update(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner)),
    )
    .set(&set)
    .returning(Task::as_returning())
    .get_result(conn))
}

/// Marks a task done, or not done again; returns it as it now is.
pub fn toggle(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    let task = find_for_change(conn, owner, id)?;
    let changes = TaskChanges {
        completed: Some(!task.completed),
        ..TaskChanges::default()
    };
    change(conn, owner, id, &changes)
}

/// A task read from an export file, checked.
#[derive(Debug, Clone)]
pub struct ImportedTask {
    pub input: TaskInput,
    pub completed: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

/// Adds `imported` after the owner's last task, in the order given, with
/// their timestamps kept. Returns how many were added.
pub fn import(
    conn: &mut DbConnection,
    owner: i64,
    imported: &[ImportedTask],
) -> QueryResult<usize> {
    let first = next_position(conn, owner)?;
    let rows: Vec<NewTask<'_>> = imported
        .iter()
        .zip(0_i64..)
        .map(|(task, offset)| (task, first.saturating_add(offset)))
        .map(|(task, position)| NewTask {
            user_id: owner,
            title: task.input.title.as_str(),
            notes: task.input.notes.as_str(),
            completed: task.completed,
            due: task.input.due.0,
            priority: task.input.priority.to_db(),
            position,
            created_at: task.created_at,
            updated_at: task.updated_at,
            completed_at: if task.completed {
                task.completed_at.or(Some(task.updated_at))
            } else {
                None
            },
        })
        .collect();
    // In batches: PostgreSQL takes at most 65,535 values per statement, and
    // a 5 MiB import can hold tens of thousands of tasks of 10 columns.
    let mut added = 0;
    for batch in rows.chunks(IMPORT_BATCH) {
        added += on_backend!(conn, conn => diesel::insert_into(tasks::table)
            .values(batch)
            .execute(conn))?;
    }
    Ok(added)
}

/// Rows per `INSERT` of an import: 10,000 values, well under PostgreSQL's
/// limit.
const IMPORT_BATCH: usize = 1_000;

/// Marks every task done, or, if every one already was, every one open.
/// Returns whether the tasks are now done.
pub fn toggle_all(conn: &mut DbConnection, owner: i64) -> QueryResult<bool> {
    let any_open = diesel::select(diesel::dsl::exists(
        tasks::table
            .filter(tasks::user_id.eq(owner))
            .filter(tasks::completed.eq(false)),
    ))
    .get_result::<bool>(conn)?;
    let now = now();
    let mine = tasks::table.filter(tasks::user_id.eq(owner));
    if any_open {
        diesel::update(mine.filter(not(tasks::completed)))
            .set((
                tasks::completed.eq(true),
                tasks::completed_at.eq(now),
                tasks::updated_at.eq(now),
            ))
            .execute(conn)?;
    } else {
        diesel::update(mine)
            .set((
                tasks::completed.eq(false),
                tasks::completed_at.eq(None::<NaiveDateTime>),
                tasks::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(any_open)
}

/// Deletes a task; returns it as it was.
pub fn delete(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    on_backend!(conn, conn => diesel::delete(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner)),
    )
    .returning(Task::as_returning())
    .get_result(conn))
}

/// Deletes the owner's tasks: the done ones, the open ones, or (`None`)
/// all of them. Returns how many went.
pub fn delete_where(
    conn: &mut DbConnection,
    owner: i64,
    completed: Option<bool>,
) -> QueryResult<usize> {
    let mut delete = diesel::delete(tasks::table.filter(tasks::user_id.eq(owner))).into_boxed();
    if let Some(completed) = completed {
        delete = delete.filter(tasks::completed.eq(completed));
    }
    delete.execute(conn)
}

/// Every one of the owner's tasks, in the owner's order: for an export.
pub fn all(conn: &mut DbConnection, owner: i64) -> QueryResult<Vec<Task>> {
    tasks::table
        .filter(tasks::user_id.eq(owner))
        .order((tasks::position.asc(), tasks::id.asc()))
        .select(Task::as_select())
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::{escape_like, numbered};

    #[test]
    fn like_wildcards_in_a_search_match_themselves() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }

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
