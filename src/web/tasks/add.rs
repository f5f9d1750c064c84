//! The add box, on every list page, on Today and on Upcoming: `POST /tasks`
//! reads its one line with quick add (`models::task::quick`, over the
//! fields of its "Notes, due date, priority, labels" disclosure), adds the
//! task, and says what it understood. A line that leaves no title, or a
//! field that does not read, shows the page the box was on again, with the
//! line as typed and the error beside it (422).

use actix_web::HttpResponse;

use super::list::{ListOption, list_page, view_of};
use super::{TaskForm, due, list_id};
use crate::auth::csrf::CsrfForm;
use crate::domain::{Action, FieldErrors, LocalPath};
use crate::errors::AppError;
use crate::models::list::MyList;
use crate::models::task::{self, Placement, Typed};
use crate::web::context::Ctx;
use crate::web::{flash, refused_at_field, see_other};

/// The lists the box can add to, the one the form names (or the user's
/// default list) chosen.
pub(super) fn choices(lists: &[MyList], form: &TaskForm) -> Vec<ListOption> {
    let chosen = list_id(&form.list_id).ok().flatten();
    lists
        .iter()
        .filter(|my| my.may(Action::ChangeTasks))
        .map(|my| ListOption {
            id: my.list.id,
            name: my.list.name.clone(),
            selected: match chosen {
                Some(id) => id == my.list.id,
                None => my.is_my_default(),
            },
        })
        .collect()
}

/// `POST /tasks`: adds a task where the line's `#List`, the form's list or
/// the user's default list says, and goes back to the page it came from.
pub async fn create(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<TaskForm>,
) -> Result<HttpResponse, AppError> {
    let back = ctx.back_to(form.return_to.as_deref());
    let (input, list) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return again(&ctx, &back, form, errors).await,
    };
    let (user, today, line) = (ctx.user().id, ctx.today(), form.title.clone());
    let place = Placement {
        list,
        ..Placement::default()
    };
    // Added on Today, a task with no date of its own is due today.
    let on_today = back.as_str().split('?').next() == Some("/today");
    let added = ctx
        .db
        .try_write(move |conn| {
            let typed = Typed {
                line: &line,
                field: "title",
                today,
                due_by_default: on_today.then_some(today),
            };
            task::add_quick(conn, user, typed, input, place)
        })
        .await?;
    let (task, understood) = match added {
        Ok(added) => added,
        Err(refused) => return again(&ctx, &back, form, refused_at_field(refused)?).await,
    };
    if understood.is_empty() {
        flash::set(format!("Added “{}”.", task.title));
    } else {
        flash::set(format!(
            "Added “{}”: {}.",
            task.title,
            understood.join(", ")
        ));
    }
    Ok(see_other(back.as_str()))
}

/// The page the box was on, with `form` as typed and its `errors`.
async fn again(
    ctx: &Ctx,
    back: &LocalPath,
    form: TaskForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    match back.as_str().split('?').next() {
        Some("/today") => due::today_page(ctx, form, errors).await,
        Some("/upcoming") => due::upcoming_page(ctx, form, errors).await,
        _ => list_page(ctx, view_of(back), form, errors).await,
    }
}
