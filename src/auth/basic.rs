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

use actix_web::HttpRequest;
use actix_web::http::header::AUTHORIZATION;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::rate_limit::{self, LOGIN_FAILURES};
use super::{bearer, token_hash};
use crate::config::Config;
use crate::db::Database;
use crate::errors::AppError;
use crate::models::user::User;
use crate::models::{self, api_token};

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

/// The enabled user whose name and unexpired token came with the request,
/// or [`AppError::Unauthorized`]; past the limit of failures,
/// [`AppError::TooManyRequests`].
pub async fn basic_user(
    db: &Database,
    config: &Config,
    req: &HttpRequest,
) -> Result<User, AppError> {
    let Some((username, secret)) = credentials(req) else {
        // Asking without credentials is how a client learns it must send
        // them: not a failure.
        return Err(AppError::Unauthorized);
    };
    let ip = rate_limit::client_ip(req, config);
    let buckets = [
        rate_limit::login_ip_bucket(&ip),
        rate_limit::login_user_bucket(&username),
    ];
    let (hash, now) = (token_hash(&secret), models::now());
    let found = db
        .read(move |conn| api_token::authenticate(conn, &hash, now))
        .await?;
    match found {
        Some((token, user)) if user.username.eq_ignore_ascii_case(username.trim()) => {
            bearer::note_use(db, &token, now).await?;
            Ok(user)
        }
        _ => {
            rate_limit::check(db, LOGIN_FAILURES, &buckets).await?;
            rate_limit::record(db, &buckets).await?;
            Err(AppError::Unauthorized)
        }
    }
}
