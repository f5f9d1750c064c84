//! One task's page: its edit form (with the lists it can move to), its
//! subtasks and the form that adds one, each shown again with the errors
//! beside their fields (422) when the input is not valid. Someone who may
//! only read the task's list sees it without the forms.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::{OptionalExtension, QueryResult};

use serde::Deserialize;

use super::{ReturnTo, TaskForm};
use crate::auth::csrf::CsrfForm;
use crate::domain::{Action, FieldErrors, LocalPath, Priority, Refused, RepeatForm, TaskInput};
use crate::errors::AppError;
use crate::models::list;
use crate::models::task::{self, ListedTask, Placement, Task, TaskChanges};
use crate::web::context::Ctx;
use crate::web::layout::Layout;
use crate::web::{flash, form_status, refused_at_field, render, see_other};

#[derive(Template)]
#[template(path = "tasks/show.html")]
struct TaskPage {
    layout: Layout,
    task: Task,
    /// The task's list, and whether the user may change its tasks.
    list_name: String,
    writable: bool,
    /// The lists it can move to: those the user may change tasks in.
    targets: Vec<(i64, String)>,
    created: String,
    completed_at: Option<String>,
    form: TaskForm,
    errors: FieldErrors,
    priorities: [Priority; 3],
    return_to: String,
    labels: Vec<String>,
    /// Its parent's id and title, for a subtask.
    parent: Option<(i64, String)>,
    subtasks: Vec<ListedTask>,
    /// The "Add a subtask" form, as typed, and its error.
    subtask: SubtaskForm,
    subtask_error: Option<String>,
    /// How it repeats, in words ("Every 3 days, from the due date").
    repeat_words: Option<String>,
    /// "Done 3 times, last on 29 Nov 2026", for a repeating task.
    done_record: Option<String>,
}

impl TaskPage {
    fn subtasks_done(&self) -> usize {
        self.subtasks.iter().filter(|task| task.completed).count()
    }
}

/// The "Add a subtask" form: a title is all it asks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SubtaskForm {
    pub title: String,
    pub return_to: Option<String>,
}

/// What the task page shows besides the task: its edit form and the
/// subtask form as typed, with their errors.
#[derive(Default)]
struct Typed {
    form: Option<TaskForm>,
    errors: FieldErrors,
    subtask: SubtaskForm,
    subtask_error: Option<String>,
}

/// Renders the task's page, the form holding `form` and `errors`.
async fn task_page(
    ctx: &Ctx,
    id: i64,
    typed: Typed,
    back: &LocalPath,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let (task, seen, parent, subtasks) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            let task = task::find(conn, user, id)?;
            let parent = match task.parent_id {
                Some(parent) => task::find(conn, user, parent).optional()?,
                None => None,
            };
            let subtasks = task::subtasks(conn, user, id)?;
            Ok((task, list::seen(conn, user, today)?, parent, subtasks))
        })
        .await?;
    let Typed {
        form,
        errors,
        subtask,
        subtask_error,
    } = typed;
    let form = form.unwrap_or_else(|| TaskForm::from_task(&task));
    let status = if subtask_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        form_status(&errors)
    };
    let lists = &seen.lists;
    let home = lists.iter().find(|my| my.list.id == task.list_id);
    let stamp = |at: chrono::NaiveDateTime| at.format("%-d %b %Y, %H:%M UTC").to_string();
    render(
        status,
        &TaskPage {
            layout: ctx.layout_with(&seen)?,
            list_name: home.map(|my| my.list.name.clone()).unwrap_or_default(),
            writable: home.is_some_and(|my| my.may(Action::ChangeTasks)),
            targets: lists
                .iter()
                .filter(|my| my.may(Action::ChangeTasks))
                .map(|my| (my.list.id, my.list.name.clone()))
                .collect(),
            created: stamp(task.created_at),
            repeat_words: task.recurrence().map(|recurrence| recurrence.describe()),
            done_record: done_record(&task),
            labels: task.labels().names().map(str::to_owned).collect(),
            completed_at: task.completed_at.map(stamp),
            task,
            form,
            errors,
            priorities: Priority::ALL,
            return_to: back.as_str().to_owned(),
            parent: parent.map(|parent| (parent.id, parent.title)),
            subtasks,
            subtask,
            subtask_error,
        },
    )
}

/// "Done 3 times, last on 29 Nov 2026", for a task done at least once
/// while it repeats.
fn done_record(task: &Task) -> Option<String> {
    let last = task.last_done_at?.format("%-d %b %Y");
    Some(match task.completions {
        1 => format!("Done once, on {last}."),
        n => format!("Done {n} times, last on {last}."),
    })
}

/// `GET /tasks/{id}`: one task and its edit form; `?return_to=` is the
/// list view to go back to.
pub async fn show(ctx: Ctx, id: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let back = ctx.back_to(None);
    task_page(&ctx, id.into_inner(), Typed::default(), &back).await
}

/// `POST /tasks/{id}`: saves the edit form.
pub async fn update(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<TaskForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id, today) = (ctx.user().id, id.into_inner(), ctx.today());
    let back = ctx.back_to(form.return_to.as_deref());
    let (input, list) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => {
            let typed = Typed {
                form: Some(form),
                errors,
                ..Typed::default()
            };
            return task_page(&ctx, id, typed, &back).await;
        }
    };
    let changes = TaskChanges {
        list,
        ..input.into()
    };
    let saved = ctx
        .db
        .try_write(move |conn| task::change(conn, user, id, &changes, today))
        .await?;
    match saved {
        Ok(task) => {
            flash::set(format!("Saved “{}”.", task.title));
            Ok(see_other(back.as_str()))
        }
        Err(refused) => {
            let typed = Typed {
                errors: refused_at_field(refused)?,
                form: Some(form),
                ..Typed::default()
            };
            task_page(&ctx, id, typed, &back).await
        }
    }
}

/// `POST /tasks/{id}/subtasks`: adds a subtask, after the task's last one,
/// and comes back to the task's page.
pub async fn add_subtask(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<SubtaskForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    let back = ctx.back_to(form.return_to.as_deref());
    let input = match TaskInput::parse(&form.title, "", "", "", "") {
        Ok(input) => input,
        Err(errors) => {
            let typed = Typed {
                subtask_error: errors.get("title").map(str::to_owned),
                subtask: form,
                ..Typed::default()
            };
            return task_page(&ctx, id, typed, &back).await;
        }
    };
    let place = Placement {
        parent: Some(id),
        ..Placement::default()
    };
    let added = ctx
        .db
        .try_write(move |conn| {
            // A task the user cannot see is not found, as its page is not.
            task::find(conn, user, id)?;
            task::create(conn, user, &input, place)
        })
        .await??;
    flash::set(format!("Added the subtask “{}”.", added.title));
    Ok(see_other(&page_of(id, &back)))
}

/// Where the task's page buttons come back to: the page, with the view it
/// goes back to.
pub(super) fn page_of(id: i64, back: &LocalPath) -> String {
    let query = serde_urlencoded::to_string([("return_to", back.as_str())]).unwrap_or_default();
    format!("/tasks/{id}?{query}")
}

/// `POST /tasks/{id}/indent` and `/outdent`: the task goes a level in,
/// under the task above it, or a level out, from under its parent. Where
/// there is no such level, the page says so and nothing changes.
async fn move_level(
    ctx: Ctx,
    id: i64,
    form: ReturnTo,
    inward: bool,
) -> Result<HttpResponse, AppError> {
    let user = ctx.user().id;
    let moved = ctx
        .db
        .try_write(move |conn| {
            if inward {
                task::indent(conn, user, id)
            } else {
                task::outdent(conn, user, id)
            }
        })
        .await?;
    match moved {
        Ok((task, parent)) if inward => {
            flash::set(format!("“{}” is now a subtask of “{parent}”.", task.title));
        }
        Ok((task, parent)) => {
            flash::set(format!(
                "“{}” is no longer a subtask of “{parent}”.",
                task.title
            ));
        }
        Err(Refused::Invalid { message, .. }) => flash::set(message),
        Err(denied) => return Err(denied.into()),
    }
    let back = ctx.back_to(form.return_to.as_deref());
    Ok(see_other(&page_of(id, &back)))
}

/// `POST /tasks/{id}/indent`
pub async fn indent(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    move_level(ctx, id.into_inner(), form, true).await
}

/// `POST /tasks/{id}/outdent`
pub async fn outdent(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReturnTo>,
) -> Result<HttpResponse, AppError> {
    move_level(ctx, id.into_inner(), form, false).await
}
