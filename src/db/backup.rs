//! **Backups**: a copy of the live database, taken while the server runs.
//!
//! Copying `ticked.db` with `cp` while the server writes is not a backup:
//! the copy may catch a page half-written, and in WAL mode the latest
//! commits are not in that file at all but in `ticked.db-wal`. SQLite's
//! `VACUUM INTO` instead reads the whole database inside one read
//! transaction and writes it out as a new, compact file: a transactionally
//! consistent snapshot of the moment that transaction began. In WAL mode a
//! reader never blocks the writer, so the server goes on accepting writes
//! the whole time; they simply land after the snapshot. (SQLite's online
//! backup API is the other way to do this; it is a C API that diesel does
//! not expose, while `VACUUM INTO` is one SQL statement, and it leaves the
//! copy compacted, with no free pages.)

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::sql_types::Text;
use diesel::{Connection, RunQueryDsl, SqliteConnection};

/// How long the backup waits if a writer holds a lock it needs (only at
/// the very start of its read transaction; WAL readers do not wait after).
const BUSY_TIMEOUT_MS: u32 = 10_000;

/// Writes a consistent copy of the SQLite database at `database` to the new
/// file `destination`, and returns the copy's size in bytes.
///
/// Refuses to overwrite anything: an existing file at `destination` may be
/// the last good backup.
pub fn vacuum_into(database: &str, destination: &Path) -> anyhow::Result<u64> {
    // Opening a missing file would create an empty database and back that
    // up, a "success" that saves nothing.
    if !Path::new(database).is_file() {
        bail!("there is no database file at {database:?}");
    }
    if destination.exists() {
        bail!(
            "{} already exists; choose a new file name (a backup never overwrites)",
            destination.display()
        );
    }
    let target = absolute(destination)?;
    let target_text = target
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", destination.display()))?;

    let mut conn = SqliteConnection::establish(database)
        .with_context(|| format!("cannot open the database file {database:?}"))?;
    conn.batch_execute(&format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"))
        .context("cannot configure the database connection")?;
    // A bound parameter, not string formatting: the path may hold quotes.
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(target_text)
        .execute(&mut conn)
        .with_context(|| format!("cannot write the backup to {}", destination.display()))?;
    drop(conn);

    // SQLite syncs the copy as this connection's `synchronous` says (FULL,
    // the default). Syncing once more costs nothing, and syncing the
    // directory makes the new file's name durable too: only then is it
    // safe to say the backup is done.
    let file = std::fs::File::open(&target)
        .with_context(|| format!("cannot reopen the backup {}", destination.display()))?;
    file.sync_all()
        .with_context(|| format!("cannot flush the backup {} to disk", destination.display()))?;
    if let Some(dir) = target.parent()
        && let Ok(dir) = std::fs::File::open(dir)
    {
        // Not every platform can sync a directory; the file itself is safe.
        drop(dir.sync_all());
    }
    Ok(file.metadata()?.len())
}

/// `path` made absolute, so that SQLite cannot read a relative name such as
/// `file:x.db` as a URI.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database_with_rows(dir: &Path, rows: usize) -> String {
        let path = dir.join("source.db").to_str().expect("UTF-8").to_owned();
        let mut conn = SqliteConnection::establish(&path).expect("opens");
        conn.batch_execute("PRAGMA journal_mode = WAL; CREATE TABLE t (v TEXT);")
            .expect("schema");
        for i in 0..rows {
            conn.batch_execute(&format!("INSERT INTO t VALUES ('row {i}')"))
                .expect("insert");
        }
        path
    }

    #[test]
    fn a_backup_holds_every_committed_row_and_is_a_valid_database() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let source = database_with_rows(dir.path(), 25);
        let copy = dir.path().join("it's a copy.db");
        let bytes = vacuum_into(&source, &copy).expect("the backup works");
        assert!(bytes > 0);

        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = SqliteConnection::establish(copy.to_str().expect("UTF-8")).expect("opens");
        let count: Count = diesel::sql_query("SELECT COUNT(*) AS n FROM t")
            .get_result(&mut conn)
            .expect("the copy reads");
        assert_eq!(count.n, 25);
    }

    #[test]
    fn an_existing_destination_is_never_overwritten() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let source = database_with_rows(dir.path(), 1);
        let copy = dir.path().join("backup.db");
        std::fs::write(&copy, b"the last good backup").expect("written");
        let err = vacuum_into(&source, &copy).expect_err("refused");
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(
            std::fs::read(&copy).expect("still there"),
            b"the last good backup"
        );
    }

    #[test]
    fn a_missing_database_is_not_backed_up_as_an_empty_one() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let missing = dir.path().join("nothing.db");
        let copy = dir.path().join("backup.db");
        let err = vacuum_into(missing.to_str().expect("UTF-8"), &copy).expect_err("refused");
        assert!(err.to_string().contains("no database file"), "{err}");
        assert!(!missing.exists() && !copy.exists());
    }
}
