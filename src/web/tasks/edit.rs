//! One task's page: its edit form, shown again with the errors beside
//! their fields (422) when the input is not valid.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::TaskForm;
use crate::auth::csrf::CsrfForm;
use crate::domain::{FieldErrors, LocalPath, Priority};
use crate::errors::AppError;
use crate::models::task::{self, Task};
use crate::web::context::Ctx;
use crate::web::layout::Layout;
use crate::web::{flash, form_status, render, see_other};

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

/// Renders the task's page, the form holding `form` and `errors`.
fn task_page(
    ctx: &Ctx,
    task: Task,
    form: TaskForm,
    errors: FieldErrors,
    back: &LocalPath,
) -> Result<HttpResponse, AppError> {
    let stamp = |at: chrono::NaiveDateTime| at.format("%-d %b %Y, %H:%M UTC").to_string();
    let status = form_status(&errors);
    render(
        status,
        &TaskPage {
            layout: ctx.layout()?,
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
    let (owner, id) = (ctx.user().id, id.into_inner());
    let task = ctx.db.read(move |conn| task::find(conn, owner, id)).await?;
    let form = TaskForm::from_task(&task);
    task_page(&ctx, task, form, FieldErrors::default(), &ctx.back_to(None))
}

/// `POST /tasks/{id}`: saves the edit form.
pub async fn update(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<TaskForm>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (ctx.user().id, id.into_inner());
    let back = ctx.back_to(form.return_to.as_deref());
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => {
            let task = ctx.db.read(move |conn| task::find(conn, owner, id)).await?;
            return task_page(&ctx, task, form, errors, &back);
        }
    };
    let task = ctx
        .db
        .write(move |conn| task::change(conn, owner, id, &input.into()))
        .await?;
    flash::set(format!("Saved “{}”.", task.title));
    Ok(see_other(back.as_str()))
}
