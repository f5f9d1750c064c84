//! The migrations: the SQL that makes and changes the tables, compiled
//! into the binary and run at start, so that a new version of ticked
//! upgrades its database by itself. One folder per backend
//! (`migrations/sqlite/`, `migrations/postgres/`): the tables are the same,
//! the dialects are not. The triggers that keep each list's open and done
//! counts (`lists.open_tasks`, `lists.done_tasks`, so that a counter is one
//! row, not a count) are there too.

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, postgres, transaction};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Runs the migrations this backend has not run yet, under a lock held
/// for the whole run, so that of several processes starting at once one
/// migrates and the others then find nothing to do: on SQLite the write
/// lock of an immediate transaction, on PostgreSQL an advisory lock.
pub(super) fn run_pending(conn: &mut DbConnection) -> anyhow::Result<()> {
    let harness = |conn: &mut DbConnection, migrations| {
        conn.run_pending_migrations(migrations)
            .map(drop)
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    match conn {
        DbConnection::Sqlite(_) => transaction(conn, |conn| harness(conn, SQLITE_MIGRATIONS)),
        DbConnection::Postgres(pg) => {
            postgres::session_lock(pg, postgres::MIGRATION_LOCK, true)?;
            let result = harness(conn, POSTGRES_MIGRATIONS);
            if let DbConnection::Postgres(pg) = conn {
                postgres::session_lock(pg, postgres::MIGRATION_LOCK, false)?;
            }
            result
        }
    }
}
