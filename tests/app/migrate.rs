//! `ticked migrate-data`: a SQLite installation moved to PostgreSQL, then
//! served from there. Whatever backend this run tests, the source is a
//! SQLite file and the target a new PostgreSQL database, so these tests
//! need the PostgreSQL server (`.ci/postgres`), as CI has.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use ticked::db::DbConnection;
use ticked::db::schema::{api_tokens, limit_events, sessions, settings, task_counts, tasks, users};

use crate::cli::{assert_fails_saying, assert_success, stderr, stdout};
use crate::helpers::{
    Api, Browser, PASSWORD, TestDatabase, assert_redirect, spawn_app_on, spawn_app_with, text_of,
};

/// How long one run of the binary may take before the test gives up.
const TIMEOUT: Duration = Duration::from_secs(60);

/// `ticked migrate-data --from from --to to`, in `dir`, with an empty
/// environment (but PATH), so that no `DATABASE_URL` or `.env` leaks in.
async fn migrate(dir: &Path, from: &str, to: &str) -> Output {
    let run = tokio::process::Command::new(env!("CARGO_BIN_EXE_ticked"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("BCRYPT_COST", "4")
        .current_dir(dir)
        .args(["migrate-data", "--from", from, "--to", to])
        .kill_on_drop(true)
        .output();
    tokio::time::timeout(TIMEOUT, run)
        .await
        .unwrap_or_else(|_| panic!("migrate-data still ran after {TIMEOUT:?}"))
        .expect("the ticked binary runs")
}

type UserRow = (i64, String, String, bool, bool, NaiveDateTime);
type SessionRow = (
    i64,
    String,
    Option<i64>,
    String,
    NaiveDateTime,
    Option<String>,
);
type TokenRow = (i64, i64, String, String, Option<NaiveDateTime>);
type TaskRow = (
    i64,
    i64,
    String,
    String,
    bool,
    Option<NaiveDate>,
    i16,
    i64,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

/// Every row of every table, in id order: two databases with equal
/// contents have equal snapshots, whichever backend each is on.
#[derive(Debug, PartialEq)]
struct Contents {
    users: Vec<UserRow>,
    settings: Vec<(String, String)>,
    sessions: Vec<SessionRow>,
    api_tokens: Vec<TokenRow>,
    tasks: Vec<TaskRow>,
    limit_events: Vec<(i64, String, NaiveDateTime)>,
    task_counts: Vec<(i64, i64, i64)>,
}

fn contents(conn: &mut DbConnection) -> Contents {
    Contents {
        users: users::table
            .order(users::id)
            .select((
                users::id,
                users::username,
                users::password_hash,
                users::is_admin,
                users::is_disabled,
                users::created_at,
            ))
            .load(conn)
            .unwrap(),
        settings: settings::table
            .order(settings::name)
            .select((settings::name, settings::value))
            .load(conn)
            .unwrap(),
        sessions: sessions::table
            .order(sessions::id)
            .select((
                sessions::id,
                sessions::key_hash,
                sessions::user_id,
                sessions::state,
                sessions::expires_at,
                sessions::public_id,
            ))
            .load(conn)
            .unwrap(),
        api_tokens: api_tokens::table
            .order(api_tokens::id)
            .select((
                api_tokens::id,
                api_tokens::user_id,
                api_tokens::name,
                api_tokens::token_hash,
                api_tokens::expires_at,
            ))
            .load(conn)
            .unwrap(),
        tasks: tasks::table
            .order(tasks::id)
            .select((
                tasks::id,
                tasks::user_id,
                tasks::title,
                tasks::notes,
                tasks::completed,
                tasks::due,
                tasks::priority,
                tasks::position,
                tasks::created_at,
                tasks::updated_at,
                tasks::completed_at,
            ))
            .load(conn)
            .unwrap(),
        limit_events: limit_events::table
            .order(limit_events::id)
            .select((
                limit_events::id,
                limit_events::bucket,
                limit_events::created_at,
            ))
            .load(conn)
            .unwrap(),
        // A row of zeros (left when a user's last task goes) reads the
        // same as no row, and the copy has none: the trigger only adds rows.
        task_counts: task_counts::table
            .filter(task_counts::open.ne(0).or(task_counts::done.ne(0)))
            .order(task_counts::user_id)
            .select((task_counts::user_id, task_counts::open, task_counts::done))
            .load(conn)
            .unwrap(),
    }
}

/// Every task `api` sees, as JSON, without the `url` (which names the
/// server it was fetched from).
async fn tasks_seen_by(api: &Api) -> Vec<Value> {
    let response = api.get("/api/tasks?filter=all&limit=1000").await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut tasks: Vec<Value> = response.json().await.expect("a JSON list");
    for task in &mut tasks {
        task.as_object_mut().expect("a JSON task").remove("url");
    }
    tasks
}

/// The Open, Done and Overdue counts on the home page.
async fn home_counts(browser: &Browser) -> Vec<String> {
    text_of(&browser.page("/").await, ".stats dd")
}

#[tokio::test]
async fn a_sqlite_installation_moved_to_postgres_keeps_every_account_task_token_and_session() {
    // The installation: an administrator with a done and an open task, a
    // user with tasks made through the API, one of them since deleted.
    let old = spawn_app_on(TestDatabase::sqlite(), &[]).await;
    let admin = old.user("admin").await;
    let milk = admin.add_task("Buy milk").await;
    let rent = admin.add_task("Pay rent").await;
    assert_redirect(
        &admin
            .submit("/tasks", &format!("/tasks/{rent}/toggle"), &[])
            .await,
        "/tasks",
    );
    let admin_token = admin.create_token("admin's script", "never").await;
    let bob = old.user("bob").await;
    let bob_token = bob.create_token("bob's script", "never").await;
    let bob_api = old.api(&bob_token);
    bob_api
        .create(
            json!({"title": "Walk", "notes": "the dog", "due": "2030-05-06", "priority": "high"}),
        )
        .await;
    bob_api
        .create(json!({"title": "Call mum", "completed": true}))
        .await;
    let gone = bob_api.create(json!({"title": "Temporary"})).await["id"]
        .as_i64()
        .unwrap();
    let deleted = bob_api
        .request(Method::DELETE, &format!("/api/tasks/{gone}"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let failed = old.browser().login("bob", "not the password").await;
    assert_eq!(failed.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let admin_tasks = tasks_seen_by(&old.api(&admin_token)).await;
    let bob_tasks = tasks_seen_by(&bob_api).await;
    assert_eq!(admin_tasks.len(), 2);
    assert_eq!(bob_tasks.len(), 2);
    assert_eq!(home_counts(&admin).await, ["1", "1", "0"]);

    // The target: new, but a server was started on it once to check the
    // connection, so it already holds a session key of its own.
    let Some(target) = TestDatabase::postgres_or_skip(module_path!()) else {
        return;
    };
    let early = spawn_app_with(&[("DATABASE_URL", target.url())]).await;
    assert_eq!(early.browser().get("/login").await.status(), StatusCode::OK);
    assert_eq!(target.number("SELECT COUNT(*) AS n FROM settings"), 1);

    let work = tempfile::tempdir().unwrap();
    let output = migrate(work.path(), old.database.url(), target.url()).await;
    assert_success(&output);
    let progress = stderr(&output);
    for line in [
        "copying users: 2 of 2 (100%)",
        "copying tasks: 4 of 4 (100%)",
        "copying api_tokens: 2 of 2 (100%)",
        "copying sessions: ",
        "copying settings: 1 of 1 (100%)",
        "copying limit_events: ",
    ] {
        assert!(progress.contains(line), "{line:?} in {progress}");
    }
    let summary = stdout(&output);
    assert!(summary.contains("tasks: 4 rows"), "{summary}");
    assert!(
        summary.lines().last().unwrap().starts_with("done"),
        "{summary}"
    );

    // Row for row the same, the trigger-kept counts included (not doubled)
    // and the target's own session key replaced by the source's.
    assert_eq!(
        contents(&mut target.conn()),
        contents(&mut old.database.conn())
    );

    let new = spawn_app_with(&[("DATABASE_URL", target.url())]).await;

    // The same tasks, ids, titles, completion, dates, order and times, seen
    // through the old tokens.
    assert_eq!(tasks_seen_by(&new.api(&admin_token)).await, admin_tasks);
    assert_eq!(tasks_seen_by(&new.api(&bob_token)).await, bob_tasks);

    // The admin's browser is still logged in on the new server: its session
    // row and the key that signs its cookie came along.
    let moved = Browser {
        client: admin.client.clone(),
        base: new.address.clone(),
    };
    assert_eq!(
        moved.titles_on("/tasks?sort=created").await,
        ["Pay rent", "Buy milk"]
    );
    assert_eq!(home_counts(&moved).await, ["1", "1", "0"]);
    assert_eq!(moved.get("/admin/users").await.status(), StatusCode::OK);

    // New rows get new ids: each sequence starts past the copied ones, and
    // past the deleted task too (SQLite never reused its id either).
    let added = moved.add_task("After the move").await;
    assert_eq!(added, gone + 1);
    assert!(added > milk);
    assert_eq!(home_counts(&moved).await, ["2", "1", "0"]);
    let carol = new.user("carol").await;
    carol.add_task("Carol's first").await;
    carol.create_token("carol's script", "never").await;

    // Both old passwords still work; a wrong one is still counted.
    for name in ["admin", "bob"] {
        assert_redirect(&new.browser().login(name, PASSWORD).await, "/tasks");
    }
    let failed = new.browser().login("bob", "not the password").await;
    assert_eq!(failed.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn tables_larger_than_a_batch_are_copied_whole_with_progress_along_the_way() {
    let old = spawn_app_on(TestDatabase::sqlite(), &[]).await;
    old.user("alice").await;
    // 2,500 tasks, a third of them done, written behind the app's back (its
    // SQLite triggers count them); one with a time to the nanosecond, as
    // rows written by versions before times were cut to microseconds have.
    old.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) \
         INSERT INTO tasks (user_id, title, notes, completed, priority, position, created_at, updated_at) \
         SELECT 1, 'bulk ' || i, '', i % 3 = 0, 1, i, '2026-01-01 00:00:00', '2026-01-01 00:00:00' \
         FROM n",
    );
    old.execute("UPDATE tasks SET created_at = '2026-01-01 10:00:00.123456789' WHERE id = 7");
    let Some(target) = TestDatabase::postgres_or_skip(module_path!()) else {
        return;
    };

    let (from, to) = (old.database.url().to_owned(), target.url().to_owned());
    let (summary, reports) = tokio::task::spawn_blocking(move || {
        let mut reports = Vec::new();
        let summary = ticked::db::migrate_data::migrate_data(&from, &to, |table, done, total| {
            reports.push((table.to_owned(), done, total));
        });
        (summary, reports)
    })
    .await
    .unwrap();
    let summary = summary.unwrap();

    let order: Vec<_> = summary.tables.iter().map(|(table, _)| *table).collect();
    assert_eq!(
        order,
        [
            "users",
            "settings",
            "sessions",
            "api_tokens",
            "tasks",
            "limit_events"
        ]
    );
    for (table, rows) in &summary.tables {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        assert_eq!(*rows, old.database.number(&sql) as u64, "{table}");
        assert_eq!(*rows, target.number(&sql) as u64, "{table}");
    }
    let tasks: Vec<_> = reports.iter().filter(|(t, ..)| t == "tasks").collect();
    assert!(
        tasks.windows(2).all(|w| w[0].1 < w[1].1),
        "progress only goes forward: {tasks:?}"
    );
    assert_eq!(tasks.last().unwrap(), &&("tasks".to_owned(), 2500, 2500));

    assert_eq!(target.number("SELECT COUNT(*) AS n FROM tasks"), 2500);
    assert_eq!(
        target.number("SELECT COUNT(DISTINCT id) AS n FROM tasks WHERE id BETWEEN 1 AND 2500"),
        2500
    );
    assert_eq!(
        target.number("SELECT open + 2 * done AS n FROM task_counts WHERE user_id = 1"),
        1667 + 2 * 833
    );
    // PostgreSQL keeps microseconds: the nanoseconds are cut, nothing else.
    let created: NaiveDateTime = tasks::table
        .find(7)
        .select(tasks::created_at)
        .first(&mut target.conn())
        .unwrap();
    assert_eq!(
        created.to_string(),
        "2026-01-01 10:00:00.123456",
        "the time of task 7"
    );
}

#[tokio::test]
async fn a_copy_that_fails_half_way_leaves_the_target_empty_and_can_be_run_again() {
    let old = spawn_app_on(TestDatabase::sqlite(), &[]).await;
    old.user("alice").await.add_task("Kept").await;
    // A task whose owner is gone, as a database once used without
    // `foreign_keys` may hold: PostgreSQL refuses it, after the users and
    // sessions went in.
    old.execute(
        "PRAGMA foreign_keys = OFF; INSERT INTO tasks (user_id, title, notes, completed, priority, position, created_at, updated_at) \
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
    for table in ["users", "settings", "sessions", "tasks", "task_counts"] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        assert_eq!(target.number(&sql), 0, "{table} is empty");
    }

    old.execute("DELETE FROM tasks WHERE user_id = 99");
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
    assert_eq!(before.task_counts, [(1, 1, 0)]);
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
