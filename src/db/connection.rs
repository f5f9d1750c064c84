//! One connection type for two databases, and how connections are opened.
//!
//! [`DbConnection`] is an enum over diesel's SQLite and PostgreSQL
//! connections (diesel's `MultiConnection`): every model function takes
//! one, and a query written against it runs on whichever database the
//! `DATABASE_URL` names. [`Manager`] opens them for the pool.

use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::ManageConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionResult};
use secrecy::{ExposeSecret, SecretString};

use super::{postgres, sqlite};
use crate::config::{Backend, redacted};

/// A connection to either backend; every model function takes one.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

impl DbConnection {
    /// Which database this connection is to, for the rare query that is
    /// better said differently on each.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }
}

/// The backend type of queries built for [`DbConnection`] (boxed queries
/// name it).
pub type DbBackend = MultiBackend;

/// Runs `$query` on the connection `$conn` holds, with `$inner` bound to
/// the concrete `SqliteConnection` or `PgConnection`.
///
/// Most queries run on [`DbConnection`] itself. A few of diesel's
/// statements (`RETURNING`, `ON CONFLICT`, multi-row `INSERT`) are only
/// implemented for each backend, not for the enum over both; written once
/// inside this macro, such a query is compiled for each backend and the
/// right one runs.
///
/// The few queries nearly every request runs (a session's, a token's and a
/// calendar's lookups) are written here too:
/// through the enum, diesel writes a query's SQL again (twice) every time
/// it runs it; on the backend's own connection it finds the prepared
/// statement by the query's type and writes no SQL (see
/// `docs/performance.md`).
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, $inner:ident => $query:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($inner) => $query,
            $crate::db::DbConnection::Postgres($inner) => $query,
        }
    };
}

/// Opens one connection to the database `url` names, without the pool or
/// the migrations: for tools and tests that look at a database directly.
pub fn establish(url: &str) -> anyhow::Result<DbConnection> {
    Manager::new(url, Duration::from_secs(10)).establish()
}

/// Opens connections for the pool. Diesel's own manager for a
/// `MultiConnection` tries each backend in turn and, when PostgreSQL is
/// down, reports only "invalid connection url"; this one knows the backend
/// from the URL, so the log says what really went wrong.
pub struct Manager {
    /// May hold a password: printed only redacted.
    url: SecretString,
    backend: Backend,
}

impl std::fmt::Debug for Manager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Manager")
            .field("url", &redacted(self.url.expose_secret()))
            .field("backend", &self.backend)
            .finish()
    }
}

impl Manager {
    pub(super) fn new(url: &str, connect_timeout: Duration) -> Self {
        let backend = Backend::of(url);
        let url = match backend {
            Backend::Sqlite => url.to_owned(),
            Backend::Postgres => postgres::with_connect_timeout(url, connect_timeout),
        };
        Self {
            url: url.into(),
            backend,
        }
    }

    /// One new connection, as the pool makes them.
    fn open(&self) -> ConnectionResult<DbConnection> {
        let url = self.url.expose_secret();
        match self.backend {
            Backend::Sqlite => SqliteConnection::establish(url).map(DbConnection::Sqlite),
            Backend::Postgres => PgConnection::establish(url).map(DbConnection::Postgres),
        }
    }

    /// The first connection, at start: [`Manager::open`] with the cause
    /// named, and a SQLite file made ready for many connections.
    pub(super) fn establish(&self) -> anyhow::Result<DbConnection> {
        let mut conn = self.open().with_context(|| match self.backend {
            Backend::Sqlite => format!(
                "cannot open the database file {:?}",
                self.url.expose_secret()
            ),
            Backend::Postgres => {
                format!("cannot connect to {}", redacted(self.url.expose_secret()))
            }
        })?;
        if let DbConnection::Sqlite(sqlite) = &mut conn {
            sqlite::prepare_file(sqlite)?;
        }
        Ok(conn)
    }
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        self.open().map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    /// A connection left broken (a transaction that could not be ended)
    /// is dropped rather than handed out again. One whose server went
    /// away is caught by `is_valid` when it is next checked out, so the
    /// pool heals by itself once the database is back.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_never_prints_a_database_password() {
        let manager = Manager::new(
            "postgres://ticked:s3cret@db.example/ticked",
            Duration::from_secs(5),
        );
        let printed = format!("{manager:?}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(printed.contains("ticked:***@db.example"), "{printed}");
    }
}
