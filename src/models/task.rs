//! The `tasks` table. Every function takes `owner`, the id of the user the
//! request is for, and filters on it: this is where authorization happens.
//! A task id that belongs to someone else matches no row, and the caller
//! sees exactly what it would for an id that never existed.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, max, not};
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use super::{lower, now};
use crate::db::DbConnection;
use crate::db::schema::tasks;
use crate::domain::{Filter, ListQuery, Priority, Sort, TaskInput};

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

    /// Due before `today`, and not done. A task due today is not overdue.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.completed && self.due.is_some_and(|due| due < today)
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
    pub tasks: Vec<Task>,
    pub total: i64,
    /// The page shown: the one asked for, or the last one if that is past
    /// the end (after deleting the last task of the last page, say).
    pub page: u32,
    pub page_count: u32,
}

pub const PAGE_SIZE: i64 = 50;

type BoxedTasks<'a> = tasks::BoxedQuery<'a, Sqlite>;

/// The owner's tasks that `query` selects: its filter and search, unsorted.
fn matching<'a>(owner: i64, query: &'a ListQuery) -> BoxedTasks<'a> {
    let mut select = tasks::table.filter(tasks::user_id.eq(owner)).into_boxed();
    match query.filter {
        Filter::All => {}
        Filter::Active => select = select.filter(tasks::completed.eq(false)),
        Filter::Completed => select = select.filter(tasks::completed.eq(true)),
    }
    if let Some(search) = &query.search {
        let pattern = format!("%{}%", escape_like(search));
        select = select.filter(
            tasks::title
                .like(pattern.clone())
                .escape('\\')
                .or(tasks::notes.like(pattern).escape('\\')),
        );
    }
    select
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

/// The page of the owner's list that `query` describes.
pub fn list(conn: &mut DbConnection, owner: i64, query: &ListQuery) -> QueryResult<Page> {
    let total: i64 = matching(owner, query).count().get_result(conn)?;
    let page_count =
        u32::try_from(((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)).unwrap_or(u32::MAX);
    let page = query.page.min(page_count);
    let select = matching(owner, query);
    // Every order ends on a unique column so that paging is stable.
    let select = match query.sort {
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
    };
    let tasks = select
        .limit(PAGE_SIZE)
        .offset(i64::from(page - 1) * PAGE_SIZE)
        .select(Task::as_select())
        .load(conn)?;
    Ok(Page {
        tasks,
        total,
        page,
        page_count,
    })
}

/// The owner's open, done and overdue counts, `today` deciding "overdue".
pub fn counts(conn: &mut DbConnection, owner: i64, today: NaiveDate) -> QueryResult<Counts> {
    let by_state: Vec<(bool, i64)> = tasks::table
        .filter(tasks::user_id.eq(owner))
        .group_by(tasks::completed)
        .select((tasks::completed, count_star()))
        .load(conn)?;
    let overdue = tasks::table
        .filter(tasks::user_id.eq(owner))
        .filter(tasks::completed.eq(false))
        .filter(tasks::due.lt(today))
        .count()
        .get_result(conn)?;
    let count_of = |state| {
        by_state
            .iter()
            .find(|(completed, _)| *completed == state)
            .map_or(0, |(_, n)| *n)
    };
    Ok(Counts {
        open: count_of(false),
        done: count_of(true),
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

/// Adds a task at the end of the owner's list, not completed.
pub fn create(conn: &mut DbConnection, owner: i64, input: &TaskInput) -> QueryResult<Task> {
    let last: Option<i64> = tasks::table
        .filter(tasks::user_id.eq(owner))
        .select(max(tasks::position))
        .first(conn)?;
    let now = now();
    diesel::insert_into(tasks::table)
        .values((
            tasks::user_id.eq(owner),
            tasks::title.eq(input.title.as_str()),
            tasks::notes.eq(input.notes.clone().into_inner()),
            tasks::completed.eq(false),
            tasks::due.eq(input.due.0),
            tasks::priority.eq(input.priority.to_db()),
            tasks::position.eq(last.unwrap_or(0) + 1),
            tasks::created_at.eq(now),
            tasks::updated_at.eq(now),
        ))
        .returning(Task::as_returning())
        .get_result(conn)
}

/// Saves an edit of title, notes, due date and priority.
pub fn update(
    conn: &mut DbConnection,
    owner: i64,
    id: i64,
    input: &TaskInput,
) -> QueryResult<Task> {
    diesel::update(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner)),
    )
    .set((
        tasks::title.eq(input.title.as_str()),
        tasks::notes.eq(input.notes.clone().into_inner()),
        tasks::due.eq(input.due.0),
        tasks::priority.eq(input.priority.to_db()),
        tasks::updated_at.eq(now()),
    ))
    .returning(Task::as_returning())
    .get_result(conn)
}

/// Marks a task done, or not done again; returns it as it now is.
pub fn toggle(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<Task> {
    let task = find(conn, owner, id)?;
    let completed = !task.completed;
    let now = now();
    diesel::update(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner)),
    )
    .set((
        tasks::completed.eq(completed),
        tasks::completed_at.eq(completed.then_some(now)),
        tasks::updated_at.eq(now),
    ))
    .returning(Task::as_returning())
    .get_result(conn)
}

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
    diesel::delete(
        tasks::table
            .filter(tasks::id.eq(id))
            .filter(tasks::user_id.eq(owner)),
    )
    .returning(Task::as_returning())
    .get_result(conn)
}

/// Deletes the owner's done tasks; returns how many went.
pub fn clear_completed(conn: &mut DbConnection, owner: i64) -> QueryResult<usize> {
    diesel::delete(
        tasks::table
            .filter(tasks::user_id.eq(owner))
            .filter(tasks::completed.eq(true)),
    )
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_in_a_search_match_themselves() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
