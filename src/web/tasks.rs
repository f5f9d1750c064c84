//! The task pages: the list with its filters, and one task's edit form.
//!
//! Every handler here takes [`CurrentUser`] and passes its id to the model
//! as the owner. After a change it redirects to `return_to`, the list view
//! the form was on, so filter, search, sort and page survive the round trip.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::QueryResult;
use serde::Deserialize;

use super::layout::Layout;
use super::{flash, render, see_other, today};
use crate::auth::CurrentUser;
use crate::auth::csrf::CsrfForm;
use crate::config::Config;
use crate::db::Database;
use crate::domain::{
    FieldErrors, Filter, ListQuery, LocalPath, Priority, RawListQuery, Sort, TaskInput,
};
use crate::errors::AppError;
use crate::models::task::{self, Counts, ListedTask, Task};
use crate::models::user::User;

/// The fields of the add and edit forms, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub title: String,
    pub notes: String,
    pub due: String,
    pub priority: String,
    pub return_to: Option<String>,
}

impl TaskForm {
    fn from_task(task: &Task) -> Self {
        Self {
            title: task.title.clone(),
            notes: task.notes.clone(),
            due: task.due.map(|d| d.to_string()).unwrap_or_default(),
            priority: task.priority().as_str().to_owned(),
            return_to: None,
        }
    }

    fn parse(&self) -> Result<TaskInput, FieldErrors> {
        TaskInput::parse(&self.title, &self.notes, &self.due, &self.priority)
    }
}

/// The forms that only act (toggle, delete...) carry nothing but where to
/// go back to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReturnTo {
    return_to: Option<String>,
}

/// Where a form sends the user after it succeeds: the view it came from.
fn back_to(return_to: Option<&str>) -> LocalPath {
    LocalPath::or(return_to, "/tasks")
}

/// The list view a `return_to` path describes, for showing that same view
/// again when the add form has an error.
fn view_of(path: &LocalPath) -> ListQuery {
    let query = path.as_str().split_once('?').map_or("", |(_, q)| q);
    serde_urlencoded::from_str::<RawListQuery>(query)
        .ok()
        .and_then(|raw| ListQuery::parse(&raw).ok())
        .unwrap_or_default()
}

/// "Wed 2 Jan 2030". Written out rather than with `format("%a %-d %b %Y")`,
/// which parses its pattern on every call: a list formats fifty of these.
fn short_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[date.month0() as usize % 12];
    format!("{} {} {month} {}", date.weekday(), date.day(), date.year())
}

/// A task as a row of the list shows it.
pub struct TaskRow {
    pub id: i64,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<String>,
    /// The due date as `YYYY-MM-DD`, for `<time datetime>`.
    pub due_iso: Option<String>,
    pub overdue: bool,
    pub due_today: bool,
    pub priority: &'static str,
}

impl TaskRow {
    fn new(task: ListedTask, today: chrono::NaiveDate) -> Self {
        Self {
            overdue: task.is_overdue(today),
            due_today: task.due == Some(today),
            priority: task.priority().as_str(),
            due: task.due.map(short_date),
            due_iso: task.due.map(|date| date.to_string()),
            id: task.id,
            title: task.title,
            notes: task.notes,
            completed: task.completed,
        }
    }
}

pub struct FilterLink {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

pub struct SortOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "tasks/list.html")]
struct ListPage {
    layout: Layout,
    tasks: Vec<TaskRow>,
    counts: Counts,
    items_left: String,
    query: ListQuery,
    total: i64,
    page: u32,
    page_count: u32,
    previous_page: Option<String>,
    next_page: Option<String>,
    filters: Vec<FilterLink>,
    sorts: Vec<SortOption>,
    return_to: String,
    form: TaskForm,
    errors: FieldErrors,
}

impl ListPage {
    fn search_text(&self) -> &str {
        self.query.search.as_deref().unwrap_or("")
    }

    fn without_search(&self) -> String {
        ListQuery {
            search: None,
            ..self.query.clone()
        }
        .with_page(1)
        .path()
    }

    fn filter_value(&self) -> &'static str {
        self.query.filter.as_str()
    }
}

#[derive(Template)]
#[template(path = "tasks/show.html")]
struct TaskPage {
    layout: Layout,
    task: Task,
    created: String,
    completed_at: Option<String>,
    form: TaskForm,
    errors: FieldErrors,
    priorities: [Priority; 3],
    return_to: String,
}

/// TodoMVC's counter wording.
fn items_left(open: i64) -> String {
    if open == 1 {
        "1 item left".to_owned()
    } else {
        format!("{open} items left")
    }
}

/// Renders the list for `query`; the add form holds `form` and `errors`.
async fn list_page(
    user: &User,
    session: &Session,
    db: &Database,
    config: &Config,
    query: ListQuery,
    form: TaskForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (owner, today) = (user.id, today(config.time_zone));
    let listed = query.clone();
    let (page, counts) = db
        .read(move |conn| -> QueryResult<_> {
            Ok((
                task::list(conn, owner, &listed)?,
                task::counts(conn, owner, today)?,
            ))
        })
        .await?;
    let previous_page = page.previous(&query).map(|view| view.path());
    let next_page = page.next(&query).map(|view| view.path());
    let query = ListQuery {
        page: page.page,
        ..query
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(
        status,
        &ListPage {
            layout: Layout::new(session, Some(user))?,
            tasks: page
                .tasks
                .into_iter()
                .map(|task| TaskRow::new(task, today))
                .collect(),
            items_left: items_left(counts.open),
            counts,
            total: page.total,
            page: page.page,
            page_count: page.page_count,
            previous_page,
            next_page,
            filters: Filter::ALL
                .into_iter()
                .map(|filter| FilterLink {
                    label: filter.label(),
                    href: query.with_filter(filter).path(),
                    current: filter == query.filter,
                })
                .collect(),
            sorts: Sort::ALL
                .into_iter()
                .map(|sort| SortOption {
                    value: sort.as_str(),
                    label: sort.label(),
                    selected: sort == query.sort,
                })
                .collect(),
            return_to: query.path(),
            query,
            form,
            errors,
        },
    )
}

/// `GET /tasks`
pub async fn list(
    CurrentUser(user): CurrentUser,
    raw: web::Query<RawListQuery>,
    session: Session,
    db: web::Data<Database>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let query = ListQuery::parse(&raw)
        .map_err(|e| AppError::BadRequest(format!("This list view is not valid: {e}.")))?;
    list_page(
        &user,
        &session,
        &db,
        &config,
        query,
        TaskForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// `POST /tasks`: adds a task at the end of the list.
pub async fn create(
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<TaskForm>,
    session: Session,
    db: web::Data<Database>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let back = back_to(form.return_to.as_deref());
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => {
            return list_page(&user, &session, &db, &config, view_of(&back), form, errors).await;
        }
    };
    let owner = user.id;
    let task = db
        .write(move |conn| task::create(conn, owner, &input, None))
        .await?;
    flash::set(format!("Added “{}”.", task.title));
    Ok(see_other(back.as_str()))
}

#[derive(Debug, Default, Deserialize)]
pub struct ShowQuery {
    return_to: Option<String>,
}

async fn task_page(
    status: StatusCode,
    user: &User,
    session: &Session,
    task: Task,
    form: TaskForm,
    errors: FieldErrors,
    return_to: &LocalPath,
) -> Result<HttpResponse, AppError> {
    let stamp = |at: chrono::NaiveDateTime| at.format("%-d %b %Y, %H:%M UTC").to_string();
    render(
        status,
        &TaskPage {
            layout: Layout::new(session, Some(user))?,
            created: stamp(task.created_at),
            completed_at: task.completed_at.map(stamp),
            task,
            form,
            errors,
            priorities: Priority::ALL,
            return_to: return_to.as_str().to_owned(),
        },
    )
}

/// `GET /tasks/{id}`: one task and its edit form.
pub async fn show(
    CurrentUser(user): CurrentUser,
    id: web::Path<i64>,
    query: web::Query<ShowQuery>,
    session: Session,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (user.id, id.into_inner());
    let task = db.read(move |conn| task::find(conn, owner, id)).await?;
    let form = TaskForm::from_task(&task);
    let back = back_to(query.return_to.as_deref());
    task_page(
        StatusCode::OK,
        &user,
        &session,
        task,
        form,
        FieldErrors::default(),
        &back,
    )
    .await
}

/// `POST /tasks/{id}`: saves the edit form.
pub async fn update(
    CurrentUser(user): CurrentUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<TaskForm>,
    session: Session,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (user.id, id.into_inner());
    let back = back_to(form.return_to.as_deref());
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => {
            let task = db.read(move |conn| task::find(conn, owner, id)).await?;
            return task_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &user,
                &session,
                task,
                form,
                errors,
                &back,
            )
            .await;
        }
    };
    let task = db
        .write(move |conn| task::change(conn, owner, id, &input.into()))
        .await?;
    flash::set(format!("Saved “{}”.", task.title));
    Ok(see_other(back.as_str()))
}

/// `POST /tasks/{id}/toggle`
pub async fn toggle(
    CurrentUser(user): CurrentUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (user.id, id.into_inner());
    let task = db.write(move |conn| task::toggle(conn, owner, id)).await?;
    let state = if task.completed { "done" } else { "not done" };
    flash::set(format!("Marked “{}” as {state}.", task.title));
    Ok(see_other(back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/{id}/delete`
pub async fn delete(
    CurrentUser(user): CurrentUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (user.id, id.into_inner());
    let task = db.write(move |conn| task::delete(conn, owner, id)).await?;
    flash::set(format!("Deleted “{}”.", task.title));
    Ok(see_other(back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/toggle-all`
pub async fn toggle_all(
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<ReturnTo>,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let owner = user.id;
    let done = db.write(move |conn| task::toggle_all(conn, owner)).await?;
    flash::set(if done {
        "Marked every task as done."
    } else {
        "Marked every task as not done."
    });
    Ok(see_other(back_to(form.return_to.as_deref()).as_str()))
}

/// `POST /tasks/clear-completed`
pub async fn clear_completed(
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<ReturnTo>,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let owner = user.id;
    let cleared = db
        .write(move |conn| task::delete_where(conn, owner, Some(true)))
        .await?;
    flash::set(match cleared {
        1 => "Cleared 1 completed task.".to_owned(),
        n => format!("Cleared {n} completed tasks."),
    });
    Ok(see_other(back_to(form.return_to.as_deref()).as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_dates_read_like_strftime() {
        for (y, m, d) in [(2030, 1, 2), (2026, 12, 31), (2024, 2, 29)] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            assert_eq!(short_date(date), date.format("%a %-d %b %Y").to_string());
        }
    }

    #[test]
    fn the_counter_speaks_like_todomvc() {
        assert_eq!(items_left(0), "0 items left");
        assert_eq!(items_left(1), "1 item left");
        assert_eq!(items_left(2), "2 items left");
    }

    #[test]
    fn a_return_path_gives_back_its_view() {
        let path = LocalPath::parse("/tasks?filter=active&q=milk&page=2").expect("local");
        let view = view_of(&path);
        assert_eq!(view.filter, Filter::Active);
        assert_eq!(view.search.as_deref(), Some("milk"));
        assert_eq!(view.page, 2);
    }
}
