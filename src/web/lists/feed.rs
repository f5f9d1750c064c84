//! The list settings' calendar feed: making its secret address (or a new
//! one, which ends the old) and revoking it. The feed itself is served by
//! the DAV face (`dav::feed`); who may do this is `models::feed`'s rule.

use actix_web::{HttpResponse, web};
use serde::de::IgnoredAny;

use crate::auth::csrf::CsrfForm;
use crate::auth::random_token;
use crate::errors::AppError;
use crate::models::feed;
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

/// The feed's secret: 32 letters and digits, about 190 bits, which no
/// one guesses.
const SECRET_LEN: usize = 32;

/// `POST /lists/{id}/feed`: a new secret address for the list's feed.
pub async fn make(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    set(ctx, id.into_inner(), Some(random_token(SECRET_LEN))).await
}

/// `POST /lists/{id}/feed/revoke`: the feed address stops working.
pub async fn revoke(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    set(ctx, id.into_inner(), None).await
}

async fn set(ctx: Ctx, id: i64, secret: Option<String>) -> Result<HttpResponse, AppError> {
    let user = ctx.user().id;
    let made = secret.is_some();
    ctx.db
        .try_write(move |conn| feed::set(conn, user, id, secret.as_deref()))
        .await??;
    flash::set(if made {
        "Made a new feed address: an address given out before no longer works."
    } else {
        "Revoked the feed address: it no longer works."
    });
    Ok(see_other(&format!("{}#feed", super::settings_of(id))))
}
