//! Signing out one of one's sessions, on any device, from the list on the
//! account page.

use actix_web::{HttpResponse, web};
use serde::de::IgnoredAny;

use super::ACCOUNT_PAGE;
use crate::auth::csrf::CsrfForm;
use crate::errors::AppError;
use crate::models::session;
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

/// `POST /account/sessions/{public_id}/end`: signs one session out (this
/// one: a logout).
pub async fn end(
    ctx: Ctx,
    public_id: web::Path<String>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let public_id = public_id.into_inner();
    if ctx.session.public_id().as_deref() == Some(public_id.as_str()) {
        ctx.session.log_out();
        flash::set("You have been logged out.");
        return Ok(see_other("/"));
    }
    let owner = ctx.user().id;
    let ended = ctx
        .db
        .write(move |conn| session::delete_by_public_id(conn, owner, &public_id))
        .await?;
    if ended == 0 {
        return Err(AppError::NotFound);
    }
    flash::set("That session has been signed out.");
    Ok(see_other(ACCOUNT_PAGE))
}
