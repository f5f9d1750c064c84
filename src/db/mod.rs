//! The **database**: which one (SQLite or PostgreSQL), a pool of
//! connections to it, the migrations, and the two doors every query goes
//! through. A map of the rooms:
//!
//! - `connection`: [`DbConnection`], one connection type over both
//!   databases (diesel's `MultiConnection`), so that one set of diesel
//!   queries serves both; `on_backend!` for the few statements diesel
//!   only compiles per backend.
//! - `pool`: [`Database`], the pool and the queue in front of it;
//!   [`Database::read`] and [`Database::write`] run a query off the async
//!   workers, writes in one short transaction; [`Database::try_write`]
//!   also rolls back a change its model refused.
//! - `migrations`: the SQL, embedded and run at start.
//! - `sqlite` and `postgres`: what only one backend needs (pragmas and
//!   immediate transactions; advisory locks and connect timeouts).
//! - `error`: [`DbError`], which becomes an `AppError` on the way up.
//! - [`backup`] and [`migrate_data`]: copying a whole database.
//! - `schema`: the tables, as diesel knows them (`diesel print-schema`).

pub mod backup;
mod connection;
mod error;
pub mod migrate_data;
mod migrations;
mod pool;
mod postgres;
pub mod schema;
mod sqlite;

use diesel::QueryResult;
use diesel::connection::{Connection, TransactionManager};

pub use connection::{DbBackend, DbConnection, Manager, establish};
pub use error::DbError;
pub use pool::Database;

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
        DbConnection::Sqlite(sqlite) => sqlite::begin_write(sqlite)?,
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
        DbConnection::Postgres(pg) => postgres::lock_accounts(pg),
    }
}
