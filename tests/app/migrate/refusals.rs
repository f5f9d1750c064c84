//! What `ticked migrate-data` refuses, and how it fails: a copy that breaks
//! half way leaves the target empty, a second run is refused, and a
//! missing source or a target that is not PostgreSQL makes nothing.

use std::path::Path;

use super::{contents, migrate};
use crate::helpers::{TestDatabase, assert_fails_saying, assert_success, spawn_app_on, stderr};

#[tokio::test]
async fn a_copy_that_fails_half_way_leaves_the_target_empty_and_can_be_run_again() {
    let old = spawn_app_on(TestDatabase::sqlite(), &[]).await;
    old.user("alice").await.add_task("Kept").await;
    // A task whose owner is gone, as a database once used without
    // `foreign_keys` may hold: PostgreSQL refuses it, after the users and
    // sessions went in.
    old.execute(
        "PRAGMA foreign_keys = OFF; INSERT INTO tasks (list_id, title, notes, completed, priority, position, created_at, updated_at) \
         VALUES (99, 'Orphan', '', 0, 1, 2, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
    );
    let Some(target) = TestDatabase::postgres_or_skip(module_path!()) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();

    let output = migrate(work.path(), old.database.url(), target.url()).await;
    assert!(!output.status.success());
    let last = stderr(&output)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    assert!(
        last.starts_with("ticked: nothing was copied: cannot copy tasks: ")
            && last.contains("foreign key"),
        "{last}"
    );
    for table in [
        "users",
        "settings",
        "sessions",
        "lists",
        "list_members",
        "tasks",
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        assert_eq!(target.number(&sql), 0, "{table} is empty");
    }

    old.execute("DELETE FROM tasks WHERE list_id = 99");
    assert_success(&migrate(work.path(), old.database.url(), target.url()).await);
    assert_eq!(
        contents(&mut target.conn()),
        contents(&mut old.database.conn())
    );
}

#[tokio::test]
async fn a_second_run_into_the_same_database_is_refused_and_adds_nothing() {
    let old = spawn_app_on(TestDatabase::sqlite(), &[]).await;
    old.user("alice").await.add_task("Only once").await;
    let Some(target) = TestDatabase::postgres_or_skip(module_path!()) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    assert_success(&migrate(work.path(), old.database.url(), target.url()).await);
    let before = contents(&mut target.conn());

    let again = migrate(work.path(), old.database.url(), target.url()).await;
    assert_fails_saying(
        &again,
        "the target database is not empty (1 users, 1 tasks)",
    );
    assert_eq!(contents(&mut target.conn()), before);
    assert_eq!(before.lists.len(), 1);
    assert_eq!((before.lists[0].5, before.lists[0].6), (1, 0));
}

#[tokio::test]
async fn a_missing_source_or_a_target_that_is_not_postgres_is_refused_and_nothing_is_made() {
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("ticked.db");
    let missing = missing.to_str().unwrap();
    // Never contacted: the source is checked first.
    let nowhere = "postgres://nobody@127.0.0.1:1/never";

    let output = migrate(work.path(), missing, nowhere).await;
    assert_fails_saying(&output, "there is no SQLite database file at");
    assert!(!Path::new(missing).exists(), "no file is made");

    let output = migrate(work.path(), nowhere, nowhere).await;
    assert_fails_saying(&output, "--from must be the path of a SQLite database file");

    let source = work.path().join("old.db");
    std::fs::write(&source, b"").unwrap();
    let output = migrate(work.path(), source.to_str().unwrap(), "new.db").await;
    assert_fails_saying(&output, "--to must be a PostgreSQL URL");
    assert_eq!(std::fs::metadata(&source).unwrap().len(), 0, "untouched");

    let left: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(left, ["old.db"]);
}
