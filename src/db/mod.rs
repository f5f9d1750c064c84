//! The database: which one (SQLite or PostgreSQL), a pool of connections to
//! it, the migrations, and the two doors every query goes through.
//!
//! One set of diesel queries serves both backends: [`DbConnection`] is an
//! enum over the two connection types (diesel's `MultiConnection`), and a
//! query written against it runs on whichever the `DATABASE_URL` names. The
//! few things that truly differ (the SQL of the migrations, how a write
//! transaction starts, pragmas, locks) are decided in this module.
//!
//! Diesel is synchronous, and a query that waits on the disk or the network
//! must not stall the async worker that also serves other requests, so
//! [`Database::read`] and [`Database::write`] run the query on the blocking
//! thread pool. Requests queue for a connection *before* that hand-off, on
//! an async semaphore with one permit per pooled connection: a burst of
//! requests waits as cheap futures instead of as parked threads, and a
//! thread only starts when a connection is free for it. On SQLite, writes
//! also queue for their turn there, one at a time, and then take the write
//! lock up front with an immediate transaction: SQLite allows one writer at
//! a time, and taking its lock at `BEGIN` (rather than upgrading a read
//! lock later) is what keeps "database is locked" away when many clients
//! write at once. PostgreSQL locks rows, not the database, so its writers
//! run side by side.

pub mod backup;
pub mod migrate_data;
pub mod schema;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{CustomizeConnection, ManageConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionResult, QueryResult, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};

use crate::errors::AppError;

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
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, $inner:ident => $query:expr) => {
        match $conn {
            $crate::db::DbConnection::Sqlite($inner) => $query,
            $crate::db::DbConnection::Postgres($inner) => $query,
        }
    };
}

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

/// The migrations, compiled into the binary and run at start, so that a new
/// version of ticked upgrades its database by itself. One folder per
/// backend: the tables are the same, the dialects are not.
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Any number, the same in every ticked process: the PostgreSQL advisory
/// lock under which migrations run, so that instances starting together
/// take turns instead of racing to create the same table.
const MIGRATION_LOCK: i64 = 0x7469_636b_6564; // "ticked"
/// The lock taken by writes that check an instance-wide rule about
/// accounts (there is always an administrator), see [`lock_accounts`].
const ACCOUNTS_LOCK: i64 = MIGRATION_LOCK + 1;

/// How long a connection waits for another's write lock before giving up.
/// Writers are serialised in-process, so this only matters when another
/// process on the same file (a `ticked user` command, a backup, a second
/// `ticked serve`) holds the lock.
const BUSY_TIMEOUT_MS: u32 = 5_000;

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

/// A shared handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Database {
    pool: Pool<Manager>,
    backend: Backend,
    /// One permit per pooled connection: the queue requests wait in.
    connections: Arc<Semaphore>,
    /// How long a request waits in that queue before "unavailable".
    queue_timeout: Duration,
    /// SQLite only: one writer at a time within this process.
    writer: Arc<Mutex<()>>,
}

impl Database {
    /// Opens the database `url` names (creating a SQLite file if need be),
    /// runs pending migrations and builds the pool. Fails at once if the
    /// database cannot be reached; [`Database::connect_with_retry`] waits.
    pub fn connect(url: &str, options: PoolOptions) -> anyhow::Result<Self> {
        let manager = Manager::new(url, options.connect_timeout);
        let mut conn = manager.establish()?;
        migrate(&mut conn).context("cannot run the database migrations")?;
        drop(conn);

        let pool = Pool::builder()
            .max_size(options.size)
            // A PostgreSQL connection may have died with its server since
            // it was last used; a SQLite file does not go away, and a test
            // query on every checkout would be pure cost.
            .test_on_check_out(Backend::of(url) == Backend::Postgres)
            .connection_timeout(options.connect_timeout)
            .connection_customizer(Box::new(SqlitePragmas))
            .build(manager)
            .context("cannot open the database connection pool")?;
        Ok(Self {
            pool,
            backend: Backend::of(url),
            connections: Arc::new(Semaphore::new(options.size as usize)),
            queue_timeout: options.connect_timeout,
            writer: Arc::new(Mutex::new(())),
        })
    }

    /// [`Database::connect`], trying again while the database cannot be
    /// reached (a PostgreSQL server still starting, a network not yet up),
    /// with one log line per attempt saying why and when the next is.
    /// What waiting cannot fix (a refused login, a bad migration, a SQLite
    /// file that cannot be opened) fails at once.
    pub async fn connect_with_retry(url: &str, options: PoolOptions) -> anyhow::Result<Self> {
        let mut wait = Duration::from_secs(1);
        loop {
            let attempt = {
                let url = url.to_owned();
                tokio::task::spawn_blocking(move || Self::connect(&url, options)).await?
            };
            match attempt {
                Ok(db) => return Ok(db),
                // A SQLite file that cannot be opened will not open later.
                Err(err) if Backend::of(url) == Backend::Postgres && is_unreachable(&err) => {
                    log::warn!(
                        "the database is not reachable ({err:#}); trying again in {} s",
                        wait.as_secs()
                    );
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(30));
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// Runs `query` on a pooled connection, off the async workers.
    pub async fn read<T, E, F>(&self, query: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: Into<AppError> + Send + 'static,
    {
        let connection = self.queue_for_connection().await?;
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            // The permit goes with the work: if the request is dropped
            // meanwhile, the connection still counts as taken until the
            // query ends.
            let _connection = connection;
            let mut conn = pool.get()?;
            query(&mut conn).map_err(Into::into)
        })
        .await?
    }

    /// Runs `change` in one short write transaction, off the async workers
    /// (and on SQLite one writer at a time). An `Err` rolls everything back.
    pub async fn write<T, E, F>(&self, change: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<diesel::result::Error> + Into<AppError> + Send + 'static,
    {
        let turn = match self.backend {
            Backend::Sqlite => Some(
                self.in_time("the turn to write", self.writer.clone().lock_owned())
                    .await?,
            ),
            Backend::Postgres => None,
        };
        let connection = self.queue_for_connection().await?;
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            // Held until the transaction ends, even if the request is
            // dropped meanwhile: the next writer waits for this one.
            let (_turn, _connection) = (turn, connection);
            let mut conn = pool.get()?;
            transaction(&mut conn, change).map_err(Into::into)
        })
        .await?
    }

    /// [`Database::write`] for code outside a request (the command line),
    /// which may block its thread.
    pub fn write_blocking<T, E, F>(&self, change: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E>,
        E: From<diesel::result::Error> + Into<AppError>,
    {
        let _turn = match self.backend {
            Backend::Sqlite => Some(self.writer.blocking_lock()),
            Backend::Postgres => None,
        };
        let mut conn = self.pool.get()?;
        transaction(&mut conn, change).map_err(Into::into)
    }

    /// Waits for a free connection. Past the connect timeout the request is
    /// answered "unavailable" rather than left waiting on a database that
    /// does not answer.
    async fn queue_for_connection(&self) -> Result<OwnedSemaphorePermit, AppError> {
        self.in_time(
            "a free connection",
            self.connections.clone().acquire_owned(),
        )
        .await?
        .map_err(AppError::internal)
    }

    async fn in_time<T>(&self, what: &str, wait: impl Future<Output = T>) -> Result<T, AppError> {
        tokio::time::timeout(self.queue_timeout, wait)
            .await
            .map_err(|_| {
                AppError::Unavailable(anyhow::anyhow!(
                    "waited {:?} for {what} in vain",
                    self.queue_timeout
                ))
            })
    }

    /// A connection for work outside a request (start-up, the command line).
    pub fn blocking_conn(&self) -> anyhow::Result<PooledConnection<Manager>> {
        Ok(self.pool.get()?)
    }

    /// Whether the database answers a trivial query: the health check.
    pub async fn ping(&self) -> Result<(), AppError> {
        self.read(|conn| -> QueryResult<()> { conn.batch_execute("SELECT 1") })
            .await
    }
}

/// Opens one connection to the database `url` names, without the pool or
/// the migrations: for tools and tests that look at a database directly.
pub fn establish(url: &str) -> anyhow::Result<DbConnection> {
    Manager::new(url, Duration::from_secs(10)).establish()
}

/// Runs `change` in a write transaction on `conn`. On SQLite it is an
/// immediate one: it takes the write lock at `BEGIN`, so it never fails
/// half-way for want of it. An `Err` from `change` rolls back.
pub fn transaction<T, E, F>(conn: &mut DbConnection, change: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    type Manager = <DbConnection as Connection>::TransactionManager;
    match conn {
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
        }
        DbConnection::Postgres(_) => Manager::begin_transaction(conn)?,
    }
    match change(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(err) => {
            Manager::rollback_transaction(conn)?;
            Err(err)
        }
    }
}

/// Makes the rest of this write transaction wait for any other write that
/// checks a rule about accounts as a whole ("the first account is the
/// administrator", "never remove the last administrator"). On SQLite every
/// write already has the database to itself; on PostgreSQL two instances
/// could otherwise each see one other administrator and both step down.
pub fn lock_accounts(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(_) => Ok(()),
        DbConnection::Postgres(pg) => diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(ACCOUNTS_LOCK)
            .execute(pg)
            .map(drop),
    }
}

/// Runs the migrations this backend has not run yet, under a lock held
/// for the whole run, so that of several processes starting at once one
/// migrates and the others then find nothing to do: on SQLite the write
/// lock of an immediate transaction, on PostgreSQL an advisory lock.
fn migrate(conn: &mut DbConnection) -> anyhow::Result<()> {
    let harness = |conn: &mut DbConnection, migrations| {
        conn.run_pending_migrations(migrations)
            .map(drop)
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    match conn {
        DbConnection::Sqlite(_) => transaction(conn, |conn| harness(conn, SQLITE_MIGRATIONS)),
        DbConnection::Postgres(pg) => {
            let lock = |pg: &mut PgConnection, sql| {
                diesel::sql_query(sql)
                    .bind::<diesel::sql_types::BigInt, _>(MIGRATION_LOCK)
                    .execute(pg)
            };
            lock(pg, "SELECT pg_advisory_lock($1)")?;
            let result = harness(conn, POSTGRES_MIGRATIONS);
            if let DbConnection::Postgres(pg) = conn {
                lock(pg, "SELECT pg_advisory_unlock($1)")?;
            }
            result
        }
    }
}

/// Whether a failure to connect is one that waiting may cure: the server
/// is not there yet, or not ready, or the database is still to be made.
/// When it answered and refused (bad credentials, no such role, a host
/// name that does not resolve, a malformed setting), waiting will not help,
/// and ticked stops at once with the reason.
fn is_unreachable(err: &anyhow::Error) -> bool {
    /// libpq's and the server's words for the refusals (in English: the
    /// bundled libpq has no translations).
    const REFUSALS: &[&str] = &[
        "password authentication failed",
        "no pg_hba.conf entry",
        "role \"",
        "could not translate host name",
        "invalid ",
    ];
    err.chain().any(|cause| {
        cause
            .downcast_ref::<diesel::ConnectionError>()
            .is_some_and(|e| match e {
                diesel::ConnectionError::BadConnection(message) => {
                    !REFUSALS.iter().any(|refusal| message.contains(refusal))
                }
                _ => false,
            })
    })
}

/// Opens connections for the pool. Diesel's own manager for a
/// `MultiConnection` tries each backend in turn and, when PostgreSQL is
/// down, reports only "invalid connection url"; this one knows the backend
/// from the URL, so the log says what really went wrong.
#[derive(Debug)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl Manager {
    fn new(url: &str, connect_timeout: Duration) -> Self {
        let backend = Backend::of(url);
        let url = match backend {
            Backend::Sqlite => url.to_owned(),
            Backend::Postgres => with_connect_timeout(url, connect_timeout),
        };
        Self { url, backend }
    }

    /// One new connection, as the pool makes them.
    fn open(&self) -> ConnectionResult<DbConnection> {
        match self.backend {
            Backend::Sqlite => SqliteConnection::establish(&self.url).map(DbConnection::Sqlite),
            Backend::Postgres => PgConnection::establish(&self.url).map(DbConnection::Postgres),
        }
    }

    /// The first connection, at start: [`Manager::open`] with the cause
    /// named, and a SQLite file switched to WAL.
    fn establish(&self) -> anyhow::Result<DbConnection> {
        let mut conn = self.open().with_context(|| match self.backend {
            Backend::Sqlite => format!("cannot open the database file {:?}", self.url),
            Backend::Postgres => format!("cannot connect to {}", redacted(&self.url)),
        })?;
        if let DbConnection::Sqlite(sqlite) = &mut conn {
            // WAL lets readers go on while one connection writes. It is a
            // property of the file, so it is set once here, not per
            // connection; with `synchronous = NORMAL` a committed write
            // survives the process being killed (only a power cut can lose
            // the last few).
            sqlite
                .batch_execute(&format!(
                    "PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL;"
                ))
                .context("cannot switch the database to WAL mode")?;
            warn_if_built_elsewhere(sqlite);
        }
        Ok(conn)
    }
}

/// Says so when the bundled SQLite was compiled without the options in
/// `.cargo/config.toml`, as happens when ticked is built from outside its
/// repository (`cargo install --git`, `--manifest-path`): it still works,
/// but every page is slower.
fn warn_if_built_elsewhere(sqlite: &mut SqliteConnection) {
    if compiled_with(sqlite, "ENABLE_QPSG") == Some(false) {
        log::warn!(
            "this SQLite was compiled without the options in .cargo/config.toml \
             (ticked was built from outside its repository?); pages will be slower"
        );
    }
}

/// Whether SQLite was compiled with `option` (`None`: it could not say).
fn compiled_with(sqlite: &mut SqliteConnection, option: &str) -> Option<bool> {
    #[derive(diesel::QueryableByName)]
    struct Used {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        used: i32,
    }
    diesel::sql_query("SELECT sqlite_compileoption_used(?) AS used")
        .bind::<diesel::sql_types::Text, _>(option)
        .get_result::<Used>(sqlite)
        .ok()
        .map(|row| row.used != 0)
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

/// `url` with libpq's `connect_timeout` set, unless it sets one itself:
/// without it, a server that does not answer leaves a connection attempt
/// waiting for as long as the operating system allows.
fn with_connect_timeout(url: &str, timeout: Duration) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!(
        "{url}{separator}connect_timeout={}",
        timeout.as_secs().max(1)
    )
}

/// A database URL with its password (if any) hidden, for logs.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            // Only fails for URLs that cannot have a password at all.
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Settings that belong to each SQLite connection rather than to the file.
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        let DbConnection::Sqlite(conn) = conn else {
            return Ok(());
        };
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
    fn a_connect_timeout_is_added_unless_given() {
        let five = Duration::from_secs(5);
        assert_eq!(
            with_connect_timeout("postgres://h/db", five),
            "postgres://h/db?connect_timeout=5"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?sslmode=disable", five),
            "postgres://h/db?sslmode=disable&connect_timeout=5"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?connect_timeout=2", five),
            "postgres://h/db?connect_timeout=2"
        );
    }

    #[test]
    fn sqlite_is_built_as_cargo_config_says() {
        let mut sqlite = SqliteConnection::establish(":memory:").expect("an in-memory database");
        for option in [
            "ENABLE_QPSG",
            "THREADSAFE=2",
            "DEFAULT_MEMSTATUS=0",
            "LIKE_DOESNT_MATCH_BLOBS",
        ] {
            assert_eq!(compiled_with(&mut sqlite, option), Some(true), "{option}");
        }
    }

    #[test]
    fn passwords_stay_out_of_logs() {
        assert_eq!(
            redacted("postgres://ticked:s3cret@db.example/ticked"),
            "postgres://ticked:***@db.example/ticked"
        );
        assert_eq!(redacted("ticked.db"), "ticked.db");
    }
}
