//! Authentication by bearer token, for the API: `Authorization: Bearer
//! <token>` names a personal access token, stored only as its SHA-256, and
//! the token names its user. Only the token counts: the API ignores the
//! session cookie, so another site's script cannot call it with a
//! visitor's cookies.

use actix_web::HttpRequest;
use actix_web::http::header::AUTHORIZATION;
use chrono::NaiveDateTime;

use super::token_hash;
use crate::db::Database;
use crate::errors::AppError;
use crate::models::api_token::TokenUse;
use crate::models::user::User;
use crate::models::{self, api_token};

/// "Last used" is written at most this often, so that a busy script does
/// not make every read a write.
const TOKEN_TOUCH_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

/// The token in `Authorization: Bearer <token>`, if there is one.
pub fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

/// The enabled user whose unexpired `token` (from [`bearer_token`]) came
/// with the request, or [`AppError::Unauthorized`].
pub async fn token_user(db: &Database, token: Option<String>) -> Result<User, AppError> {
    let token = token.ok_or(AppError::Unauthorized)?;
    let hash = token_hash(&token);
    let now = models::now();
    let (token, user) = db
        .read(move |conn| api_token::authenticate(conn, &hash, now))
        .await?
        .ok_or(AppError::Unauthorized)?;
    note_use(db, &token, now).await?;
    Ok(user)
}

/// Stamps `token` as used `now`, unless it was stamped lately: a write
/// per request would make every read a write.
pub(super) async fn note_use(
    db: &Database,
    token: &TokenUse,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if token
        .last_used_at
        .is_none_or(|used| now - used > TOKEN_TOUCH_EVERY)
    {
        let id = token.id;
        db.write(move |conn| api_token::touch(conn, id, now))
            .await?;
    }
    Ok(())
}
