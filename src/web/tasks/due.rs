//! The views across lists by due date: Today (open tasks due today or
//! overdue, overdue first) and Upcoming (the open tasks of the next 14
//! days, a day at a time, the weekday named). Both read every list the
//! user can see (`models::task::due_in`, the list page's query narrowed to
//! a window of due dates), and show each task with its list and the list
//! page's buttons, which come back here.

use actix_web::HttpResponse;
use askama::Template;
use chrono::{Days, NaiveDate};
use diesel::QueryResult;

use super::list::ListOption;
use super::row::{RowsOf, TaskRow};
use super::{TaskForm, add};
use crate::domain::{Action, FieldErrors, ListQuery};
use crate::errors::AppError;
use crate::models::list::{self, MyList, Seen};
use crate::models::task::{self, ListedTask};
use crate::web::context::Ctx;
use crate::web::layout::Layout;
use crate::web::{form_status, render};

/// How far ahead Upcoming looks: tomorrow through this many days ahead.
pub const UPCOMING_DAYS: u64 = 14;

/// At most this many tasks on one of these pages; the page says how many
/// more there are, and where to see them.
const SHOWN: i64 = 500;

/// The tasks of one heading: overdue, today, or one day ahead.
pub struct DayGroup {
    pub heading: String,
    /// The heading's `id`, which its list is labelled by.
    pub id: String,
    pub tasks: Vec<TaskRow>,
}

/// What differs between Today and Upcoming.
struct DueView {
    title: &'static str,
    intro: String,
    empty: &'static str,
    groups: Vec<DayGroup>,
    return_to: &'static str,
}

#[derive(Template)]
#[template(path = "tasks/due.html")]
struct DuePage {
    layout: Layout,
    view: DueView,
    /// Tasks in the window beyond the ones shown.
    more: i64,
    /// All of them, by due date, on the list page.
    all_href: &'static str,
    /// Where the rows' buttons and links come back to (the row template
    /// reads it by this name).
    return_to: &'static str,
    /// The add box (`tasks/add_form.html`): as typed, its errors, and the
    /// lists it can add to.
    writable: bool,
    form: TaskForm,
    errors: FieldErrors,
    add_list: Option<i64>,
    add_to: Vec<ListOption>,
}

/// How these views draw their rows: with each task's list, flat in the
/// order of their days, a label linking to that label across every list.
fn rows_of<'a>(today: NaiveDate, lists: &'a [MyList], every_list: &'a ListQuery) -> RowsOf<'a> {
    RowsOf {
        today,
        lists,
        across: true,
        view: every_list,
        nest: false,
    }
}

/// `GET /today`: open tasks due today or before, overdue first. Each
/// heading has its own share of the page, so that many overdue tasks never
/// push today's out of it. A task added here is due today unless its line
/// or its fields say otherwise (`add::create`).
pub async fn today(ctx: Ctx) -> Result<HttpResponse, AppError> {
    today_page(&ctx, TaskForm::default(), FieldErrors::default()).await
}

/// Today, with the add box holding `form` and `errors`.
pub(super) async fn today_page(
    ctx: &Ctx,
    form: TaskForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let (seen, due, around) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            let seen = list::seen(conn, user, today)?;
            let due = task::due_by(conn, user, today, &seen.due, SHOWN)?;
            let around = task::around(conn, user, due.overdue.iter().chain(&due.today))?;
            Ok((seen, due, around))
        })
        .await?;
    let more = due.more_overdue + due.more_today;
    let (overdue, due_today) = (due.overdue, due.today);
    let groups = [
        ("Overdue".to_owned(), "overdue".to_owned(), overdue),
        (
            format!("Today, {}", long_date(today)),
            "today".to_owned(),
            due_today,
        ),
    ]
    .into_iter()
    .filter(|(_, _, tasks)| !tasks.is_empty())
    .map(|(heading, id, tasks)| DayGroup {
        heading,
        id,
        tasks: rows_of(today, &seen.lists, &ListQuery::default()).rows(tasks, &around),
    })
    .collect();
    let view = DueView {
        title: "Today",
        intro: "Open tasks due today or overdue, from every list you can see.".to_owned(),
        empty: "Nothing due today. Well done!",
        groups,
        return_to: "/today",
    };
    page(ctx, &seen, view, more, (form, errors))
}

/// `GET /upcoming`: open tasks due tomorrow through 14 days ahead, a day at
/// a time.
pub async fn upcoming(ctx: Ctx) -> Result<HttpResponse, AppError> {
    upcoming_page(&ctx, TaskForm::default(), FieldErrors::default()).await
}

/// Upcoming, with the add box holding `form` and `errors`.
pub(super) async fn upcoming_page(
    ctx: &Ctx,
    form: TaskForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let (from, to) = (today + Days::new(1), today + Days::new(UPCOMING_DAYS));
    let (seen, (tasks, more), around) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            let due = task::due_in(conn, user, Some(from), to, SHOWN)?;
            let around = task::around(conn, user, &due.0)?;
            Ok((list::seen(conn, user, today)?, due, around))
        })
        .await?;
    // Soonest first, so each day's tasks come together. (Every task in the
    // window has a due date: an undated one is in no window.)
    let mut days: Vec<(NaiveDate, Vec<ListedTask>)> = Vec::new();
    for task in tasks {
        let Some(due) = task.due else { continue };
        match days.last_mut() {
            Some((day, tasks)) if *day == due => tasks.push(task),
            _ => days.push((due, vec![task])),
        }
    }
    let groups = days
        .into_iter()
        .map(|(day, tasks)| DayGroup {
            heading: long_date(day),
            id: format!("day-{day}"),
            tasks: rows_of(today, &seen.lists, &ListQuery::default()).rows(tasks, &around),
        })
        .collect();
    let view = DueView {
        title: "Upcoming",
        intro: format!(
            "Open tasks due in the next {UPCOMING_DAYS} days, {} to {}, from every list you can see.",
            long_date(from),
            long_date(to)
        ),
        empty: "Nothing due in the next two weeks.",
        groups,
        return_to: "/upcoming",
    };
    page(ctx, &seen, view, more, (form, errors))
}

fn page(
    ctx: &Ctx,
    seen: &Seen,
    view: DueView,
    more: i64,
    (form, errors): (TaskForm, FieldErrors),
) -> Result<HttpResponse, AppError> {
    let page = DuePage {
        layout: ctx.layout_with(seen)?,
        return_to: view.return_to,
        view,
        more,
        all_href: "/tasks?filter=active&sort=due",
        writable: seen.lists.iter().any(|my| my.may(Action::ChangeTasks)),
        add_to: add::choices(&seen.lists, &form),
        add_list: None,
        form,
        errors,
    };
    render(form_status(&page.errors), &page)
}

/// "Monday 30 November".
fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B").to_string()
}
