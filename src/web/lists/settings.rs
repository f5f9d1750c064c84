//! A list's settings page: its name and colour, its members with their
//! levels, and the forms to share it, leave it, hand it over or delete it,
//! each shown only to those whose level allows it. Every form here comes
//! back to this page, with the error beside its field when it was refused
//! as asked (422), or to the lists when the list is gone for the user.

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::QueryResult;
use serde::Deserialize;

use super::{ListForm, colours};
use crate::auth::csrf::CsrfForm;
use crate::domain::{Action, FieldErrors, Level, Refused};
use crate::errors::AppError;
use crate::models::feed;
use crate::models::list::{self, MyList};
use crate::models::member::{self, Member};
use crate::web::context::Ctx;
use crate::web::layout::Layout;
use crate::web::{Choice, flash, form_status, refused_beside, render, see_other};

/// What the forms of the page held when one of them was refused.
#[derive(Debug, Default)]
pub struct Typed {
    pub list: Option<ListForm>,
    pub username: String,
    pub level: String,
}

#[derive(Template)]
#[template(path = "lists/settings.html")]
struct SettingsPage {
    layout: Layout,
    my: MyList,
    members: Vec<Member>,
    form: ListForm,
    colours: Vec<Choice>,
    typed: Typed,
    levels: Vec<Level>,
    /// The admins the owner could hand the list over to.
    admins: Vec<String>,
    errors: FieldErrors,
    /// The user looking at the page.
    me: i64,
    /// The list's feed address, for those who may manage it and while it
    /// has one.
    feed: Option<String>,
}

impl SettingsPage {
    fn may(&self, action: Action) -> bool {
        self.my.may(action)
    }

    /// Whether the user may give someone `level`.
    fn may_share(&self, level: &Level) -> bool {
        self.may(Action::Share(*level))
    }

    /// Whether the user may take this member's level away (or change it).
    fn may_manage(&self, member: &Member) -> bool {
        member.level != Level::Owner
            && member.user_id != self.me
            && self.may(Action::Share(member.level))
    }
}

/// Renders the settings of list `id`, with what was typed and refused.
pub(super) async fn settings_page(
    ctx: &Ctx,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let (seen, my, members, secret) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            let seen = list::seen(conn, user, today)?;
            let my = list::among(&seen.lists, id)?.clone();
            let members = member::of_list(conn, user, id)?;
            Ok((seen, my, members, feed::secret(conn, user, id)?))
        })
        .await?;
    let feed = secret.map(|secret| format!("{}{}", ctx.base(), feed::path(&secret)));
    let form = typed.list.clone().unwrap_or_else(|| ListForm::of(&my));
    let admins = members
        .iter()
        .filter(|member| member.level == Level::Admin)
        .map(|member| member.username.clone())
        .collect();
    render(
        form_status(&errors),
        &SettingsPage {
            layout: ctx.layout_with(&seen)?,
            colours: colours(&form.colour),
            levels: Level::SHARED.to_vec(),
            admins,
            my,
            members,
            form,
            typed,
            errors,
            me: user,
            feed,
        },
    )
}

/// `GET /lists/{id}/settings`
pub async fn show(ctx: Ctx, id: web::Path<i64>) -> Result<HttpResponse, AppError> {
    settings_page(
        &ctx,
        id.into_inner(),
        Typed::default(),
        FieldErrors::default(),
    )
    .await
}

/// `POST /lists/{id}/settings`: renames the list, sets its colour.
pub async fn update(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ListForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => {
            let typed = Typed {
                list: Some(form),
                ..Typed::default()
            };
            return settings_page(&ctx, id, typed, errors).await;
        }
    };
    let changes = input.into();
    let changed = ctx
        .db
        .try_write(move |conn| list::change(conn, user, id, &changes))
        .await??;
    flash::set(format!("Saved the list “{}”.", changed.name));
    Ok(see_other(&super::settings_of(id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteForm {
    confirm: String,
}

/// `POST /lists/{id}/delete`: deletes the list and its tasks, once the
/// owner has ticked the box that says they mean it.
pub async fn delete(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    if form.confirm != "yes" {
        let mut errors = FieldErrors::default();
        errors.add(
            "confirm",
            "Tick the box to say that the list and its tasks should go.",
        );
        return settings_page(&ctx, id, Typed::default(), errors).await;
    }
    let deleted = ctx
        .db
        .try_write(move |conn| list::delete(conn, user, id))
        .await?;
    match deleted {
        Ok(list) => {
            flash::set(format!("Deleted the list “{}” and its tasks.", list.name));
            Ok(see_other("/lists"))
        }
        Err(refused) => refused_here(&ctx, id, "confirm", Typed::default(), refused).await,
    }
}

/// The settings page again with a refusal beside `field`, or the 403 for a
/// refusal of the user's level.
pub(super) async fn refused_here(
    ctx: &Ctx,
    id: i64,
    field: &'static str,
    typed: Typed,
    refused: Refused,
) -> Result<HttpResponse, AppError> {
    let errors = refused_beside(field, refused)?;
    settings_page(ctx, id, typed, errors).await
}
