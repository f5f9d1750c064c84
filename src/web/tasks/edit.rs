//! One task's page: its edit form (with the lists it can move to), shown
//! again with the errors beside their fields (422) when the input is not
//! valid. Someone who may only read the task's list sees it without the
//! form.

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::QueryResult;

use super::TaskForm;
use crate::auth::csrf::CsrfForm;
use crate::domain::{Action, FieldErrors, LocalPath, Priority};
use crate::errors::AppError;
use crate::models::list;
use crate::models::task::{self, Task, TaskChanges};
use crate::web::context::Ctx;
use crate::web::layout::Layout;
use crate::web::{flash, form_status, refused_beside, render, see_other};

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
}

/// Renders the task's page, the form holding `form` and `errors`.
async fn task_page(
    ctx: &Ctx,
    id: i64,
    form: Option<TaskForm>,
    errors: FieldErrors,
    back: &LocalPath,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let (task, seen) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            Ok((task::find(conn, user, id)?, list::seen(conn, user, today)?))
        })
        .await?;
    let form = form.unwrap_or_else(|| TaskForm::from_task(&task));
    let lists = &seen.lists;
    let home = lists.iter().find(|my| my.list.id == task.list_id);
    let stamp = |at: chrono::NaiveDateTime| at.format("%-d %b %Y, %H:%M UTC").to_string();
    let status = form_status(&errors);
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
            completed_at: task.completed_at.map(stamp),
            task,
            form,
            errors,
            priorities: Priority::ALL,
            return_to: back.as_str().to_owned(),
        },
    )
}

/// `GET /tasks/{id}`: one task and its edit form; `?return_to=` is the
/// list view to go back to.
pub async fn show(ctx: Ctx, id: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let back = ctx.back_to(None);
    task_page(&ctx, id.into_inner(), None, FieldErrors::default(), &back).await
}

/// `POST /tasks/{id}`: saves the edit form.
pub async fn update(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<TaskForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    let back = ctx.back_to(form.return_to.as_deref());
    let (input, list) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return task_page(&ctx, id, Some(form), errors, &back).await,
    };
    let changes = TaskChanges {
        list,
        ..input.into()
    };
    let saved = ctx
        .db
        .try_write(move |conn| task::change(conn, user, id, &changes))
        .await?;
    match saved {
        Ok(task) => {
            flash::set(format!("Saved “{}”.", task.title));
            Ok(see_other(back.as_str()))
        }
        Err(refused) => {
            let errors = refused_beside("list_id", refused)?;
            task_page(&ctx, id, Some(form), errors, &back).await
        }
    }
}
