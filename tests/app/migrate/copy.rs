//! What `ticked migrate-data` copies: every account, task, token and session
//! of a SQLite installation, served from PostgreSQL afterwards, and tables
//! larger than a batch whole, with progress along the way.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use ticked::db::schema::{lists, tasks};

use super::{contents, home_counts, migrate, tasks_seen_by};
use crate::helpers::{
    Browser, PASSWORD, TestDatabase, assert_redirect, assert_success, spawn_app_on, spawn_app_with,
    stderr, stdout,
};

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
    // A subtask whose parent has the higher id (it was moved under a later
    // task), labels, and a repeat done once.
    let parent = bob_api
        .create(json!({
            "title": "Later parent",
            "labels": ["Home", "errands"],
            "due": "2026-12-01",
            "rrule": "FREQ=WEEKLY;COUNT=5",
            "repeat_from": "completion",
        }))
        .await;
    let done = bob_api
        .request(Method::PATCH, &format!("/api/tasks/{}", parent["id"]))
        .json(&json!({"completed": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let walk = &tasks_seen_by(&bob_api).await[0];
    let moved = bob_api
        .request(Method::PATCH, &format!("/api/tasks/{}", walk["id"]))
        .json(&json!({"parent_id": parent["id"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), StatusCode::OK);
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
    assert_eq!(bob_tasks.len(), 3);
    assert_eq!(home_counts(&admin).await, ["1", "1", "0"]);
    // A list an app made over CalDAV (its calendar at the name the app
    // chose) and with a feed address: both go with it.
    let mut source = old.database.conn();
    let first: i64 = lists::table
        .select(lists::id)
        .order(lists::id)
        .first(&mut source)
        .unwrap();
    diesel::update(lists::table.find(first))
        .set((
            lists::dav_name.eq("made-by-an-app"),
            lists::feed_secret.eq("a-feed-secret"),
        ))
        .execute(&mut source)
        .unwrap();
    drop(source);

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
        "copying tasks: 5 of 5 (100%)",
        "copying task_labels: 2 of 2 (100%)",
        "copying trash: 1 of 1 (100%)",
        "copying api_tokens: 2 of 2 (100%)",
        "copying sessions: ",
        "copying settings: 1 of 1 (100%)",
        "copying limit_events: ",
    ] {
        assert!(progress.contains(line), "{line:?} in {progress}");
    }
    let summary = stdout(&output);
    assert!(summary.contains("tasks: 5 rows"), "{summary}");
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
    // The change log is written afresh: every CalDAV token from before the
    // move is below the floor, and apps sync from scratch once.
    assert_eq!(
        target.number("SELECT COUNT(*) AS n FROM lists WHERE sync_floor <> sync_seq"),
        0
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

    // New rows get new ids: each sequence starts past the copied ones (the
    // later parent is the last task made), and past a deleted task too.
    let added = moved.add_task("After the move").await;
    assert_eq!(added, parent["id"].as_i64().unwrap() + 1);
    assert!(added > gone);
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
         INSERT INTO tasks (list_id, title, notes, completed, priority, position, created_at, updated_at, uid) \
         SELECT 1, 'bulk ' || i, '', i % 3 = 0, 1, i, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'bulk-' || i \
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
            "lists",
            "list_members",
            "tasks",
            "task_labels",
            "trash",
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
        target.number("SELECT open_tasks + 2 * done_tasks AS n FROM lists WHERE id = 1"),
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
