//! The pool of connections, and the queue in front of it: the two doors,
//! [`Database::read`] and [`Database::write`], that every query of a
//! request goes through.
//!
//! Diesel is synchronous, and a query that waits on the disk or the network
//! must not stall the async worker that also serves other requests, so
//! both doors run the query on the blocking thread pool. Requests queue for
//! a connection *before* that hand-off, on an async semaphore with one
//! permit per pooled connection: a burst of requests waits as cheap futures
//! instead of as parked threads, and a thread only starts when a connection
//! is free for it. On SQLite, writes also queue for their turn, one at a
//! time (SQLite has one writer, and a writer that waited in SQLite's own
//! busy loop would hold a thread and a connection meanwhile). PostgreSQL
//! locks rows, not the database, so its writers run side by side.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use diesel::QueryResult;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{Pool, PooledConnection};
use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};

use super::connection::Manager;
use super::{DbConnection, DbError, migrations, postgres, sqlite, transaction};
use crate::config::{Backend, PoolOptions};

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
        migrations::run_pending(&mut conn).context("cannot run the database migrations")?;
        drop(conn);

        let backend = Backend::of(url);
        let pool = Pool::builder()
            .max_size(options.size)
            // A PostgreSQL connection may have died with its server since
            // it was last used; a SQLite file does not go away, and a test
            // query on every checkout would be pure cost.
            .test_on_check_out(backend == Backend::Postgres)
            .connection_timeout(options.connect_timeout)
            .connection_customizer(Box::new(sqlite::Pragmas))
            .build(manager)
            .context("cannot open the database connection pool")?;
        Ok(Self {
            pool,
            backend,
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
                Err(err)
                    if Backend::of(url) == Backend::Postgres && postgres::is_unreachable(&err) =>
                {
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
    pub async fn read<T, F>(&self, query: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut DbConnection) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let connection = self.queue_for_connection().await?;
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            // The permit goes with the work: if the request is dropped
            // meanwhile, the connection still counts as taken until the
            // query ends.
            let _connection = connection;
            let mut conn = pool.get()?;
            query(&mut conn).map_err(DbError::from)
        })
        .await?
    }

    /// Runs `change` in one short write transaction, off the async workers
    /// (and on SQLite one writer at a time). An `Err` rolls everything back.
    pub async fn write<T, F>(&self, change: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut DbConnection) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.in_write_turn(move |conn| transaction(conn, change).map_err(DbError::from))
            .await
    }

    /// [`Database::write`], for a change that may be refused: a refusal
    /// (`Ok(Err(_))`, such as a level too low for the second of two steps)
    /// rolls back whatever the change wrote before it, as an error does,
    /// so that a refused change is never half made.
    pub async fn try_write<T, R, F>(&self, change: F) -> Result<Result<T, R>, DbError>
    where
        F: FnOnce(&mut DbConnection) -> QueryResult<Result<T, R>> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
    {
        /// Why the transaction was rolled back.
        enum Undone<R> {
            Failed(diesel::result::Error),
            Refused(R),
        }
        impl<R> From<diesel::result::Error> for Undone<R> {
            fn from(err: diesel::result::Error) -> Self {
                Self::Failed(err)
            }
        }
        self.in_write_turn(move |conn| {
            let outcome = transaction(conn, |conn| match change(conn) {
                Ok(Ok(done)) => Ok(done),
                Ok(Err(refused)) => Err(Undone::Refused(refused)),
                Err(err) => Err(Undone::Failed(err)),
            });
            match outcome {
                Ok(done) => Ok(Ok(done)),
                Err(Undone::Refused(refused)) => Ok(Err(refused)),
                Err(Undone::Failed(err)) => Err(err.into()),
            }
        })
        .await
    }

    /// Runs `work` with a connection when it is this request's turn to
    /// write, off the async workers.
    async fn in_write_turn<T, F>(&self, work: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, DbError> + Send + 'static,
        T: Send + 'static,
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
            work(&mut conn)
        })
        .await?
    }

    /// [`Database::write`] for code outside a request (the command line),
    /// which may block its thread.
    pub fn write_blocking<T, F>(&self, change: F) -> Result<T, DbError>
    where
        F: FnOnce(&mut DbConnection) -> QueryResult<T>,
    {
        let _turn = match self.backend {
            Backend::Sqlite => Some(self.writer.blocking_lock()),
            Backend::Postgres => None,
        };
        let mut conn = self.pool.get()?;
        transaction(&mut conn, change).map_err(DbError::from)
    }

    /// Waits for a free connection. Past the connect timeout the request is
    /// answered "unavailable" rather than left waiting on a database that
    /// does not answer.
    async fn queue_for_connection(&self) -> Result<OwnedSemaphorePermit, DbError> {
        self.in_time(
            "a free connection",
            self.connections.clone().acquire_owned(),
        )
        .await?
        .map_err(|closed| DbError::Failed(closed.into()))
    }

    async fn in_time<T>(&self, what: &str, wait: impl Future<Output = T>) -> Result<T, DbError> {
        tokio::time::timeout(self.queue_timeout, wait)
            .await
            .map_err(|_| {
                DbError::Unavailable(anyhow::anyhow!(
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
    pub async fn ping(&self) -> Result<(), DbError> {
        self.read(|conn| conn.batch_execute("SELECT 1")).await
    }
}
