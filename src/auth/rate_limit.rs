//! Rate limits on guessing passwords and on making accounts.
//!
//! A login form that answers as fast as it is asked lets an attacker try a
//! dictionary against an account. So failed logins are counted twice: per
//! client address (one attacker, many accounts) and per username (many
//! addresses, one account). Past the limit the answer is 429 with
//! `Retry-After`, checked before the password, and the same whether or not
//! the username exists, so the limit does not reveal accounts either.
//!
//! The counts are rows in the database, not memory, so that several
//! instances of ticked behind one proxy share them.

use actix_web::HttpRequest;
use chrono::TimeDelta;

use crate::config::Config;
use crate::db::Database;
use crate::errors::AppError;
use crate::models::{self, limit_event};

/// At most `max` events per bucket in any `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: TimeDelta,
}

/// More than 10 failed logins in 5 minutes, from one address or for one
/// username, and the next attempt is refused.
pub const LOGIN_FAILURES: Limit = Limit {
    max: 10,
    window: TimeDelta::minutes(5),
};

/// Accounts made from one address in an hour.
pub const REGISTRATIONS: Limit = Limit {
    max: 10,
    window: TimeDelta::hours(1),
};

/// Events older than this count for nothing and are purged.
pub const KEEP_EVENTS: TimeDelta = TimeDelta::days(1);

pub fn login_ip_bucket(ip: &str) -> String {
    format!("login-ip:{ip}")
}

pub fn login_user_bucket(username: &str) -> String {
    format!("login-user:{}", username.trim().to_ascii_lowercase())
}

pub fn register_ip_bucket(ip: &str) -> String {
    format!("register-ip:{ip}")
}

/// Refuses with 429 if any of `buckets` is at its limit.
pub async fn check(db: &Database, limit: Limit, buckets: &[String]) -> Result<(), AppError> {
    let buckets = buckets.to_vec();
    let now = models::now();
    let since = now - limit.window;
    let retry_after = db
        .read(move |conn| -> diesel::QueryResult<Option<u64>> {
            let mut wait = None;
            for bucket in &buckets {
                let (count, oldest) = limit_event::recent(conn, bucket, since)?;
                if count >= limit.max {
                    // Free again when the oldest counted event leaves the window.
                    let free_at = oldest.unwrap_or(now) + limit.window;
                    let seconds = u64::try_from((free_at - now).num_seconds()).unwrap_or(0) + 1;
                    wait = Some(wait.map_or(seconds, |w: u64| w.max(seconds)));
                }
            }
            Ok(wait)
        })
        .await?;
    match retry_after {
        Some(retry_after) => Err(AppError::TooManyRequests { retry_after }),
        None => Ok(()),
    }
}

/// Counts one event in each of `buckets`.
pub async fn record(db: &Database, buckets: &[String]) -> Result<(), AppError> {
    let buckets = buckets.to_vec();
    let now = models::now();
    db.write(move |conn| {
        buckets
            .iter()
            .try_for_each(|bucket| limit_event::record(conn, bucket, now))
    })
    .await?;
    Ok(())
}

/// Forgets a bucket's events.
pub async fn clear(db: &Database, bucket: String) -> Result<(), AppError> {
    db.write(move |conn| limit_event::clear(conn, &bucket))
        .await?;
    Ok(())
}

/// The client's address: the connection's peer, or, behind a trusted
/// proxy, the last address in `X-Forwarded-For`, the one the proxy itself
/// added (anything before it was written by the client and may be forged).
pub fn client_ip(req: &HttpRequest, config: &Config) -> String {
    if config.trust_proxy
        && let Some(forwarded) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return forwarded.to_owned();
    }
    req.peer_addr()
        .map_or_else(|| "unknown".to_owned(), |addr| addr.ip().to_string())
}
