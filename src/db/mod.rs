//! The database: a pool of connections, the settings SQLite needs on each,
//! the migrations, and the two doors every query goes through.
//!
//! Diesel is synchronous, and a query that waits on the disk must not stall
//! the async worker that also serves other requests, so [`Database::read`]
//! and [`Database::write`] run the query on the blocking thread pool. Writes
//! are funnelled one at a time through an in-process lock and an immediate
//! transaction: SQLite allows one writer at a time, and taking the write
//! lock up front (rather than upgrading a read lock later) is what keeps
//! "database is locked" away when many clients write at once.

pub mod backup;
pub mod schema;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::errors::AppError;

/// The connection type every model function takes.
pub type DbConnection = SqliteConnection;

/// The migrations, compiled into the binary and run at start, so that a new
/// version of ticked upgrades its database by itself.
const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// How long a connection waits for another's write lock before giving up.
/// Writers are serialised in-process, so this only matters when a second
/// process (a `ticked user` command, a backup) holds the lock.
const BUSY_TIMEOUT_MS: u32 = 5_000;

/// A shared handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Database {
    pool: Pool<ConnectionManager<DbConnection>>,
    writer: Arc<Mutex<()>>,
}

impl Database {
    /// Opens (creating if need be) the SQLite file at `path`, switches it to
    /// WAL, runs pending migrations and builds the pool.
    pub fn connect(path: &str, pool_size: u32) -> anyhow::Result<Self> {
        let mut conn = SqliteConnection::establish(path)
            .with_context(|| format!("cannot open the database file {path:?}"))?;
        // WAL lets readers go on while one connection writes. It is a
        // property of the file, so it is set once here, not per connection;
        // with `synchronous = NORMAL` a committed write survives the process
        // being killed (only a power cut can lose the last few).
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL;"
        ))
        .context("cannot switch the database to WAL mode")?;
        conn.run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("cannot run the database migrations")?;
        drop(conn);

        let pool = Pool::builder()
            .max_size(pool_size)
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(SqlitePragmas))
            .build(ConnectionManager::new(path))
            .context("cannot open the database connection pool")?;
        Ok(Self {
            pool,
            writer: Arc::new(Mutex::new(())),
        })
    }

    /// Runs `query` on a pooled connection, off the async workers.
    pub async fn read<T, E, F>(&self, query: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Into<AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            query(&mut conn).map_err(Into::into)
        })
        .await?
    }

    /// Runs `change` in one short immediate transaction, off the async
    /// workers and one writer at a time. An `Err` rolls everything back.
    pub async fn write<T, E, F>(&self, change: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<diesel::result::Error> + Into<AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let writer = Arc::clone(&self.writer);
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            // A panic while holding the lock poisons it, but the lock guards
            // no data of its own, so the next writer may safely go ahead.
            let _turn = writer.lock().unwrap_or_else(|poison| poison.into_inner());
            conn.immediate_transaction(change).map_err(Into::into)
        })
        .await?
    }

    /// A connection for work outside a request (start-up, the command line).
    pub fn blocking_conn(
        &self,
    ) -> anyhow::Result<diesel::r2d2::PooledConnection<ConnectionManager<DbConnection>>> {
        Ok(self.pool.get()?)
    }

    /// Whether the database answers a trivial query: the health check.
    pub async fn ping(&self) -> Result<(), AppError> {
        self.read(|conn| -> QueryResult<()> { conn.batch_execute("SELECT 1") })
            .await
    }
}

/// Settings that belong to each connection rather than to the file.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        // busy_timeout comes first: if another connection is busy while the
        // pool fills, the pragmas after it wait instead of failing.
        // foreign_keys is off by default in SQLite, and the ON DELETE CASCADE
        // rules that remove a user's tasks and sessions depend on it.
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}; \
             PRAGMA foreign_keys = ON; \
             PRAGMA synchronous = NORMAL;"
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}
