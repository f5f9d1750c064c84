//! The list pages: every list the user can see with its open count and a
//! form for a new one ([`index`], [`create`]), and each list's settings
//! and members ([`settings`], [`members`]). A list's tasks are shown by
//! `tasks::list`, the same view as `/tasks`.
//!
//! What a user may do to a list is decided by the models from
//! `domain::access`; the pages only leave out the forms the user's level
//! would not allow, and a forged one is refused all the same (403).

pub mod feed;
pub mod members;
pub mod settings;

/// The address of list `id`'s settings page, where its forms return.
fn settings_of(id: i64) -> String {
    format!("/lists/{id}/settings")
}

use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use super::context::Ctx;
use super::layout::Layout;
use super::{Choice, flash, form_status, render, see_other};
use crate::auth::csrf::CsrfForm;
use crate::domain::{Colour, FieldErrors, ListInput};
use crate::errors::AppError;
use crate::models::list::{self, MyList};

/// The fields of the new-list and settings forms, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListForm {
    pub name: String,
    pub colour: String,
}

impl ListForm {
    fn of(my: &MyList) -> Self {
        Self {
            name: my.list.name.clone(),
            colour: my.list.colour.clone().unwrap_or_default(),
        }
    }

    fn parse(&self) -> Result<ListInput, FieldErrors> {
        ListInput::parse(&self.name, &self.colour)
    }
}

/// The palette, with `chosen` selected.
fn colours(chosen: &str) -> Vec<Choice> {
    Colour::ALL
        .into_iter()
        .map(|colour| Choice {
            value: colour.as_str(),
            label: colour.label(),
            selected: colour.as_str() == chosen,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "lists/index.html")]
struct ListsPage {
    layout: Layout,
    lists: Vec<MyList>,
    form: ListForm,
    colours: Vec<Choice>,
    errors: FieldErrors,
}

async fn lists_page(
    ctx: &Ctx,
    form: ListForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let seen = ctx
        .db
        .read(move |conn| list::seen(conn, user, today))
        .await?;
    render(
        form_status(&errors),
        &ListsPage {
            layout: ctx.layout_with(&seen)?,
            colours: colours(&form.colour),
            lists: seen.lists,
            form,
            errors,
        },
    )
}

/// `GET /lists`
pub async fn index(ctx: Ctx) -> Result<HttpResponse, AppError> {
    lists_page(&ctx, ListForm::default(), FieldErrors::default()).await
}

/// `POST /lists`: makes a list and opens it.
pub async fn create(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<ListForm>,
) -> Result<HttpResponse, AppError> {
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => return lists_page(&ctx, form, errors).await,
    };
    let user = ctx.user().id;
    let made = ctx
        .db
        .write(move |conn| list::create(conn, user, &input))
        .await?;
    flash::set(format!("Made the list “{}”.", made.name));
    Ok(see_other(&format!("/lists/{}", made.id)))
}
