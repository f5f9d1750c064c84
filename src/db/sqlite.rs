//! What is particular to SQLite: a file that many connections share, one
//! writer at a time, and a library compiled into ticked.
//!
//! - **WAL** (write-ahead log) lets readers go on while one connection
//!   writes. It is a property of the file, set once at start.
//! - **Per-connection pragmas** ([`Pragmas`]): a busy timeout, foreign keys
//!   (off by default in SQLite, and `ON DELETE CASCADE` depends on them),
//!   and `synchronous = NORMAL`, with which a committed write survives the
//!   process being killed (only a power cut can lose the last few).
//! - **Immediate transactions** ([`begin_write`]): a write takes the write
//!   lock at `BEGIN` instead of upgrading a read lock later, which is what
//!   keeps "database is locked" away when many clients write at once.
//! - **Compile options** (`.cargo/config.toml`): SQLite is built for a
//!   pool, and ticked checks at start that its build has them
//!   ([`warn_if_built_elsewhere`]). `docs/performance.md` tells how each
//!   was found.

use anyhow::Context;
use diesel::connection::{AnsiTransactionManager, SimpleConnection};
use diesel::r2d2::CustomizeConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{QueryResult, RunQueryDsl};

use super::DbConnection;

/// How long a connection waits for another's write lock before giving up.
/// Writers are serialised in-process, so this only matters when another
/// process on the same file (a `ticked user` command, a backup, a second
/// `ticked serve`) holds the lock.
const BUSY_TIMEOUT_MS: u32 = 5_000;

/// Makes a SQLite file ready for the pool: WAL mode, and a word in the log
/// if this SQLite was not compiled as ticked expects.
pub(super) fn prepare_file(sqlite: &mut SqliteConnection) -> anyhow::Result<()> {
    // busy_timeout first: with journal_mode first, the pool's parallel
    // start logs "database is locked".
    sqlite
        .batch_execute(&format!(
            "PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL;"
        ))
        .context("cannot switch the database to WAL mode")?;
    warn_if_built_elsewhere(sqlite);
    Ok(())
}

/// Settings that belong to each SQLite connection rather than to the file.
#[derive(Debug)]
pub(super) struct Pragmas;

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        let DbConnection::Sqlite(conn) = conn else {
            return Ok(());
        };
        // busy_timeout comes first: if another connection is busy while the
        // pool fills, the pragmas after it wait instead of failing.
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}; \
             PRAGMA foreign_keys = ON; \
             PRAGMA synchronous = NORMAL;"
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Begins a write transaction that holds the write lock from its first
/// statement, so that it never fails half-way for want of it.
pub(super) fn begin_write(sqlite: &mut SqliteConnection) -> QueryResult<()> {
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")
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

#[cfg(test)]
mod tests {
    use diesel::Connection;

    use super::*;

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
}
