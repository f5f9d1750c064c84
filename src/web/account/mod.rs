//! The account page: what a user manages about their own account, one file
//! per thing managed: their [`password`] (changing it ends every other
//! session), their [`sessions`] (each can be signed out from here), API
//! [`tokens`] (shown once, stored as a hash), the [`transfer`] of their
//! tasks (export and import in the API's shape), and [`delete`]-ing the
//! account. This file draws the page they share.

pub mod delete;
pub mod password;
pub mod sessions;
pub mod tokens;
pub mod transfer;

use actix_web::HttpResponse;
use askama::Template;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::QueryResult;
use secrecy::SecretString;

use super::context::Ctx;
use super::layout::Layout;
use super::{form_status, render};
use crate::auth::OneTime;
use crate::auth::password::PasswordHasher;
use crate::auth::rate_limit::{self, LOGIN_FAILURES};
use crate::domain::{FieldErrors, TokenLifetime};
use crate::errors::AppError;
use crate::models::{self, api_token, session, user};

/// Where every form of the page comes back to.
const ACCOUNT_PAGE: &str = "/account";

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub last_chars: String,
    pub created: String,
    pub last_used: Option<String>,
    pub expires: Option<String>,
    pub expired: bool,
}

pub struct SessionView {
    pub public_id: String,
    pub created: String,
    pub last_seen: String,
    pub ip: String,
    pub browser: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    sessions: Vec<SessionView>,
    new_token: Option<String>,
    tokens: Vec<TokenRow>,
    token_name: String,
    lifetimes: [u32; 4],
    errors: FieldErrors,
    /// The server address a CalDAV app asks for.
    server: String,
}

/// `GET /account`
pub async fn show(ctx: Ctx) -> Result<HttpResponse, AppError> {
    account_page(&ctx, String::new(), FieldErrors::default()).await
}

/// The page again, status 422, with `message` beside `field`.
async fn refuse(ctx: &Ctx, field: &'static str, message: &str) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    account_page(ctx, String::new(), errors).await
}

/// The page, the new-token form holding `token_name`, and `errors` beside
/// their fields (422 if there are any).
async fn account_page(
    ctx: &Ctx,
    token_name: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let idle = TimeDelta::from_std(ctx.config.session_idle).unwrap_or(TimeDelta::MAX);
    let owner = ctx.user().id;
    let now = models::now();
    let idle_cutoff = now - idle;
    let (tokens, live) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            Ok((
                api_token::list(conn, owner)?,
                session::list_for_user(conn, owner, now, idle_cutoff)?,
            ))
        })
        .await?;
    let stamp = |at: NaiveDateTime| at.format("%Y-%m-%d %H:%M").to_string();
    let this_session = ctx.session.public_id();
    let sessions = live
        .into_iter()
        .filter_map(|row| {
            let public_id = row.public_id?;
            Some(SessionView {
                current: this_session.as_deref() == Some(public_id.as_str()),
                public_id,
                created: stamp(row.created_at),
                last_seen: stamp(row.last_seen_at),
                ip: row.ip.unwrap_or_else(|| "unknown".to_owned()),
                browser: row.user_agent.unwrap_or_else(|| "unknown".to_owned()),
            })
        })
        .collect();
    let tokens = tokens
        .into_iter()
        .map(|token| TokenRow {
            id: token.id,
            expired: token.expires_at.is_some_and(|at| at <= now),
            name: token.name,
            last_chars: token.last_chars,
            created: stamp(token.created_at),
            last_used: token.last_used_at.map(stamp),
            expires: token.expires_at.map(stamp),
        })
        .collect();
    let status = form_status(&errors);
    render(
        status,
        &AccountPage {
            layout: ctx.layout().await?,
            username: ctx.user().username.clone(),
            server: format!("{}/", ctx.base()),
            sessions,
            new_token: ctx.session.take_once(OneTime::NewApiToken),
            tokens,
            token_name,
            lifetimes: TokenLifetime::CHOICES,
            errors,
        },
    )
}

/// Checks the user's own password before a change that needs it, counting
/// a wrong one against the login limit: a stolen session must not become a
/// way to guess the password. The hash is read fresh from the database
/// (the user loaded with the session comes without it).
async fn confirm_password(
    ctx: &Ctx,
    hasher: &PasswordHasher,
    password: SecretString,
) -> Result<bool, AppError> {
    let bucket = [rate_limit::login_user_bucket(&ctx.user().username)];
    rate_limit::check(&ctx.db, LOGIN_FAILURES, &bucket).await?;
    let id = ctx.user().id;
    let stored = ctx.db.read(move |conn| user::find(conn, id)).await?;
    let ok = hasher.verify(password, Some(stored.password_hash)).await?;
    if !ok {
        rate_limit::record(&ctx.db, &bucket).await?;
    }
    Ok(ok)
}
