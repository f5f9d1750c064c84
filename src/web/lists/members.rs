//! The forms of a list's members: share (or change a level), remove a
//! member, leave, hand over. Each comes back to the settings page; the
//! model checks the user's level against `domain::access` and says why
//! when it refuses.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::settings::{Typed, refused_here};
use super::settings_of;
use crate::auth::csrf::CsrfForm;
use crate::domain::{FieldErrors, Level};
use crate::errors::AppError;
use crate::models::member;
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShareForm {
    username: String,
    level: String,
}

/// `POST /lists/{id}/members`: shares the list with someone at a level,
/// or changes the level they have.
pub async fn share(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ShareForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    let typed = Typed {
        username: form.username.clone(),
        level: form.level.clone(),
        ..Typed::default()
    };
    let level = match Level::parse(&form.level) {
        Ok(level) => level,
        Err(invalid) => {
            let mut errors = FieldErrors::default();
            errors.add("level", invalid.0);
            return super::settings::settings_page(&ctx, id, typed, errors).await;
        }
    };
    let username = form.username;
    let shared = ctx
        .db
        .try_write(move |conn| member::share(conn, user, id, &username, level))
        .await?;
    match shared {
        Ok(shared) => {
            flash::set(match shared.before {
                Some(_) => format!("{} now has {} access.", shared.username, shared.level),
                None => format!("Shared with {} ({} access).", shared.username, shared.level),
            });
            Ok(see_other(&settings_of(id)))
        }
        Err(refused) => refused_here(&ctx, id, "username", typed, refused).await,
    }
}

/// `POST /lists/{id}/members/{username}/remove`
pub async fn remove(
    ctx: Ctx,
    path: web::Path<(i64, String)>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (id, username) = path.into_inner();
    let user = ctx.user().id;
    let removed = ctx
        .db
        .try_write(move |conn| member::unshare(conn, user, id, &username))
        .await?;
    match removed {
        Ok(removed) => {
            flash::set(format!("{removed} no longer shares this list."));
            Ok(see_other(&settings_of(id)))
        }
        Err(refused) => refused_here(&ctx, id, "username", Typed::default(), refused).await,
    }
}

/// `POST /lists/{id}/leave`
pub async fn leave(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    ctx.db
        .try_write(move |conn| member::leave(conn, user, id))
        .await??;
    flash::set("You left the list.".to_owned());
    Ok(see_other("/lists"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HandOverForm {
    username: String,
}

/// `POST /lists/{id}/hand-over`: the owner gives the list to one of its
/// admins, and stays on as an admin.
pub async fn hand_over(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<HandOverForm>,
) -> Result<HttpResponse, AppError> {
    let (user, id) = (ctx.user().id, id.into_inner());
    let username = form.username;
    let handed = ctx
        .db
        .try_write(move |conn| member::hand_over(conn, user, id, &username))
        .await?;
    match handed {
        Ok(owner) => {
            flash::set(format!(
                "{owner} now owns this list; you are an admin of it."
            ));
            Ok(see_other(&settings_of(id)))
        }
        Err(refused) => refused_here(&ctx, id, "new_owner", Typed::default(), refused).await,
    }
}
