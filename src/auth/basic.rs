//! Authentication by HTTP Basic, for CalDAV clients: the username and a
//! personal access token, which a client keeps as its "app password". The
//! account's password never works here: a phone that stores it in its
//! settings would hold the key to the whole account, and could not be
//! signed out alone (a token can, by revoking it on the account page).
//!
//! Failures count toward the same limits as failed logins (per address,
//! per username), and every failure looks the same, whether or not the
//! account exists. Unlike the login form's, the limit is read only after
//! a failure: an app password is a random token of about 240 bits, which
//! no number of guesses finds, so the limit is there to slow a guesser
//! down and to say so (429), and a phone's sync every few minutes does not
//! pay for reading it.
//!
//! The check is split so that a face can make it in the same turn on the
//! database as the request's own read: [`Login::of`] reads the headers,
//! [`verify`] is the query, [`accepted`] and [`refused`] what follows.

use actix_web::HttpRequest;
use actix_web::http::header::AUTHORIZATION;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::rate_limit::{self, LOGIN_FAILURES};
use super::{bearer, token_hash};
use crate::config::Config;
use crate::db::{Database, DbConnection};
use crate::errors::AppError;
use crate::models::api_token::{self, TokenUse};
use crate::models::user::User;

/// The username and secret in `Authorization: Basic <base64>`, if there
/// are any.
pub fn credentials(req: &HttpRequest) -> Option<(String, String)> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (username, secret) = decoded.split_once(':')?;
    Some((username.to_owned(), secret.to_owned()))
}

/// What a request says about who sends it: the username, the hash of the
/// app password, and the address it came from (where a failure counts).
/// Read from the headers alone, so that checking it can share a turn on
/// the database with the request's own read ([`verify`]).
#[derive(Debug, Clone)]
pub struct Login {
    pub username: String,
    token_hash: String,
    ip: String,
}

impl Login {
    /// The login of `req`, if it sent Basic credentials.
    pub fn of(req: &HttpRequest, config: &Config) -> Option<Self> {
        let (username, secret) = credentials(req)?;
        Some(Self {
            token_hash: token_hash(&secret),
            ip: rate_limit::client_ip(req, config),
            username,
        })
    }
}

/// The enabled user `login` names, if its token is theirs and unexpired
/// (with the token, for [`accepted`]); `None` for any failure alike.
pub fn verify(
    conn: &mut DbConnection,
    login: &Login,
    now: NaiveDateTime,
) -> QueryResult<Option<(TokenUse, User)>> {
    Ok(api_token::authenticate(conn, &login.token_hash, now)?
        .filter(|(_, user)| user.username.eq_ignore_ascii_case(login.username.trim())))
}

/// After [`verify`] found the user: notes the token's use.
pub async fn accepted(db: &Database, token: &TokenUse, now: NaiveDateTime) -> Result<(), AppError> {
    bearer::note_use(db, token, now).await
}

/// After [`verify`] found no one: counts the failure (past the limit, a
/// 429 that says when to try again) and answers 401.
pub async fn refused(db: &Database, login: &Login) -> AppError {
    let buckets = [
        rate_limit::login_ip_bucket(&login.ip),
        rate_limit::login_user_bucket(&login.username),
    ];
    if let Err(limited) = rate_limit::check(db, LOGIN_FAILURES, &buckets).await {
        return limited;
    }
    match rate_limit::record(db, &buckets).await {
        Ok(()) => AppError::Unauthorized,
        Err(err) => err,
    }
}
