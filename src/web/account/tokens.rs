//! API tokens: made here, shown once, stored only as their SHA-256, and
//! revoked here.

use actix_web::{HttpResponse, web};
use chrono::TimeDelta;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{ACCOUNT_PAGE, account_page};
use crate::auth::csrf::CsrfForm;
use crate::auth::{OneTime, random_token, token_hash};
use crate::domain::{FieldErrors, TokenLifetime, TokenName};
use crate::errors::AppError;
use crate::models;
use crate::models::api_token::{self, NewApiToken};
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

/// `tk_` makes a leaked token easy to recognise (and to search for in code).
const TOKEN_PREFIX: &str = "tk_";
const TOKEN_RANDOM_LEN: usize = 40;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    name: String,
    expires_in: String,
}

/// `POST /account/tokens`: makes a token and shows it once.
pub async fn create(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", TokenName::parse(&form.name));
    let lifetime = errors.check("expires_in", TokenLifetime::parse(&form.expires_in));
    let (Some(name), Some(lifetime)) = (name, lifetime) else {
        return account_page(&ctx, form.name, errors).await;
    };

    let token = format!("{TOKEN_PREFIX}{}", random_token(TOKEN_RANDOM_LEN));
    let hash = token_hash(&token);
    let last_chars = token[token.len() - 4..].to_owned();
    let now = models::now();
    let expires_at = lifetime
        .0
        .and_then(|days| now.checked_add_signed(TimeDelta::days(i64::from(days))));
    let owner = ctx.user().id;
    ctx.db
        .write(move |conn| {
            api_token::create(
                conn,
                &NewApiToken {
                    user_id: owner,
                    name: name.as_str(),
                    token_hash: &hash,
                    last_chars: &last_chars,
                    created_at: now,
                    expires_at,
                },
            )
        })
        .await?;
    ctx.session.keep_once(OneTime::NewApiToken, token);
    flash::set("Token created. Copy it now: it will not be shown again.");
    Ok(see_other(ACCOUNT_PAGE))
}

/// `POST /account/tokens/{id}/revoke`
pub async fn revoke(
    ctx: Ctx,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (ctx.user().id, id.into_inner());
    let token = ctx
        .db
        .write(move |conn| api_token::revoke(conn, owner, id))
        .await?;
    flash::set(format!("Revoked the token “{}”.", token.name));
    Ok(see_other(ACCOUNT_PAGE))
}
