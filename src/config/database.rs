//! Which database ticked keeps its data in, and how it connects: the
//! `DATABASE_URL`, `DATABASE_POOL_SIZE` and `DATABASE_CONNECT_TIMEOUT`
//! settings, checked.
//!
//! A PostgreSQL URL may hold a password, so the URL is a secret: its
//! `Debug` never shows it, and logs show it [`DatabaseUrl::redacted`].

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use super::{ConfigError, error};

/// Which database a `DATABASE_URL` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` and `postgresql://` URLs are PostgreSQL; anything else
    /// is the path of a SQLite file.
    pub fn of(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

/// The path of a SQLite file, or a `postgres://` URL.
#[derive(Clone)]
pub struct DatabaseUrl(SecretString);

impl DatabaseUrl {
    /// The URL as it is, password and all: only for opening connections.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn backend(&self) -> Backend {
        Backend::of(self.expose())
    }

    /// The URL with its password (if any) hidden, for logs.
    pub fn redacted(&self) -> String {
        redacted(self.expose())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// A database URL with its password (if any) hidden, for logs.
pub fn redacted(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Only fails for URLs that cannot have a password at all.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// How the pool behaves: from `DATABASE_POOL_SIZE` and
/// `DATABASE_CONNECT_TIMEOUT`.
#[derive(Debug, Clone, Copy)]
pub struct PoolOptions {
    pub size: u32,
    /// How long opening a connection, or waiting for a free one, may take
    /// before a request gives up with "unavailable".
    pub connect_timeout: Duration,
}

impl PoolOptions {
    /// One connection, for a command-line tool.
    pub fn single(connect_timeout: Duration) -> Self {
        Self {
            size: 1,
            connect_timeout,
        }
    }
}

/// SQLite serves many readers at once but one writer, and PostgreSQL's
/// default limit is 100 connections for all clients: eight per instance
/// keeps two cores busy without crowding either.
const DEFAULT_POOL_SIZE: u32 = 8;
const MAX_POOL_SIZE: u32 = 1_000;

pub(super) fn parse_database_url(value: Option<String>) -> Result<DatabaseUrl, ConfigError> {
    let url = match value {
        None => "ticked.db".to_owned(),
        Some(value) => {
            let value = value.trim();
            if Backend::of(value) == Backend::Postgres {
                parse_postgres_url(value)?
            } else {
                let path = value.strip_prefix("sqlite://").unwrap_or(value);
                if path.is_empty() {
                    return Err(error("DATABASE_URL", "names no file".to_owned()));
                }
                path.to_owned()
            }
        }
    };
    Ok(DatabaseUrl(url.into()))
}

/// A PostgreSQL URL, checked as far as can be without connecting. Its
/// query parameters (`sslmode`, `connect_timeout`, ...) go to libpq as they
/// are, except that a TLS mode this build cannot honour is refused here
/// rather than at the first connection.
fn parse_postgres_url(value: &str) -> Result<String, ConfigError> {
    let url = Url::parse(value)
        .map_err(|err| error("DATABASE_URL", format!("is not a valid URL: {err}")))?;
    if url.path().trim_start_matches('/').is_empty() {
        return Err(error(
            "DATABASE_URL",
            "names no database (postgres://user:password@host/DATABASE)".to_owned(),
        ));
    }
    let sslmode = url
        .query_pairs()
        .find(|(key, _)| key == "sslmode")
        .map(|(_, mode)| mode.into_owned());
    if let Some(mode) = sslmode
        && matches!(mode.as_str(), "require" | "verify-ca" | "verify-full")
    {
        return Err(error(
            "DATABASE_URL",
            format!(
                "sslmode={mode} needs TLS, and this build's libpq has none; \
                 see \"TLS to the database\" in the README"
            ),
        ));
    }
    Ok(value.to_owned())
}

pub(super) fn parse_pool_size(value: Option<String>) -> Result<u32, ConfigError> {
    let Some(value) = value else {
        return Ok(DEFAULT_POOL_SIZE);
    };
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|size| (1..=MAX_POOL_SIZE).contains(size))
        .ok_or_else(|| {
            error(
                "DATABASE_POOL_SIZE",
                format!("must be a whole number from 1 to {MAX_POOL_SIZE} (got {value:?})"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_names_the_backend() {
        assert_eq!(Backend::of("ticked.db"), Backend::Sqlite);
        assert_eq!(Backend::of("/var/lib/ticked/t.db"), Backend::Sqlite);
        assert_eq!(Backend::of("postgres://u@h/db"), Backend::Postgres);
        assert_eq!(Backend::of("postgresql://u@h/db"), Backend::Postgres);
    }

    #[test]
    fn passwords_stay_out_of_logs() {
        assert_eq!(
            redacted("postgres://ticked:s3cret@db.example/ticked"),
            "postgres://ticked:***@db.example/ticked"
        );
        assert_eq!(redacted("ticked.db"), "ticked.db");
        let url = parse_database_url(Some("postgres://ticked:s3cret@db.example/t".into()))
            .expect("valid");
        assert!(!format!("{url:?}").contains("s3cret"));
    }
}
