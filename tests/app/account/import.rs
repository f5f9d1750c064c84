//! The import: an export brought back (by its user or another), checked
//! whole before anything is stored, behind the CSRF check and a size limit.

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{assert_refused_beside, export, import, post_import, titles, varied_tasks};
use crate::helpers::{Browser, assert_redirect, flash, spawn_app};

/// The tasks of the user's export.
async fn exported_tasks(browser: &Browser) -> Vec<Value> {
    export(browser).await["tasks"]
        .as_array()
        .expect("a list of tasks")
        .clone()
}

/// What an import must keep of a task: everything but its id, url and
/// order number (which belong to the importing user's list).
fn portable(task: &Value) -> Value {
    json!({
        "title": task["title"],
        "notes": task["notes"],
        "completed": task["completed"],
        "due": task["due"],
        "priority": task["priority"],
        "created_at": task["created_at"],
        "updated_at": task["updated_at"],
        "completed_at": task["completed_at"],
    })
}

#[tokio::test]
async fn an_export_imported_by_another_user_gives_the_same_tasks() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    varied_tasks(&api).await;
    let response = alice.get("/account/export").await;
    let file = response.bytes().await.expect("a body");
    let original: Vec<Value> = serde_json::from_slice::<Value>(&file).unwrap()["tasks"]
        .as_array()
        .unwrap()
        .clone();

    let bob = app.user("bob").await;
    let response = import(&bob, &file).await;
    assert_redirect(&response, "/account");
    let html = bob.page("/account").await;
    assert_eq!(flash(&html).as_deref(), Some("Imported 5 tasks."));

    let imported = exported_tasks(&bob).await;
    assert_eq!(
        imported.iter().map(portable).collect::<Vec<_>>(),
        original.iter().map(portable).collect::<Vec<_>>()
    );
    assert_eq!(app.count("tasks"), 10);
    // Alice still has hers, unchanged.
    assert_eq!(exported_tasks(&alice).await, original);
    // Bob's copies are his own tasks, in his list.
    assert_eq!(
        bob.titles_on("/tasks").await.len(),
        5,
        "bob sees the imported tasks"
    );
}

#[tokio::test]
async fn imported_tasks_go_after_the_existing_ones() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    varied_tasks(&api).await;
    let file = alice.get("/account/export").await.bytes().await.unwrap();
    let original = exported_tasks(&alice).await;

    let bob = app.user("bob").await;
    bob.add_task("bob's first").await;
    bob.add_task("bob's second").await;
    assert_redirect(&import(&bob, &file).await, "/account");

    let tasks = exported_tasks(&bob).await;
    let mut expected = vec!["bob's first", "bob's second"];
    expected.extend(titles(&original));
    assert_eq!(titles(&tasks), expected);
    let orders: Vec<i64> = tasks.iter().map(|t| t["order"].as_i64().unwrap()).collect();
    assert!(
        orders.windows(2).all(|pair| pair[0] < pair[1]),
        "distinct increasing orders: {orders:?}"
    );

    // Importing the same file again appends another copy.
    assert_redirect(&import(&bob, &file).await, "/account");
    let tasks = exported_tasks(&bob).await;
    assert_eq!(tasks.len(), 12);
    assert_eq!(titles(&tasks[7..]), titles(&original));
}

#[tokio::test]
async fn an_import_goes_to_the_importers_default_list_whatever_its_id() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    // Alice makes a list, so that ids of lists and of users part ways:
    // bob is user 2, and his default list is list 3.
    let token = alice.csrf_token("/lists").await;
    alice
        .post_raw("/lists", &[("csrf_token", &token), ("name", "Errands")])
        .await;
    let bob = app.user("bob").await;
    let file = br#"{"format":"ticked-tasks","version":1,"tasks":[{"title":"Bob's own"}]}"#;

    assert_redirect(&import(&bob, file).await, "/account");

    assert_eq!(bob.titles_on("/tasks").await, ["Bob's own"]);
    assert!(alice.titles_on("/tasks").await.is_empty());
    assert_eq!(
        app.count("tasks JOIN lists ON lists.id = tasks.list_id WHERE lists.owner_id = 2"),
        1
    );
}

#[tokio::test]
async fn a_hand_written_minimal_file_imports() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = br#"{"format":"ticked-tasks","version":1,"tasks":[{"title":"only a title"}]}"#;
    let before = Utc::now();
    assert_redirect(&import(&alice, file).await, "/account");
    let html = alice.page("/account").await;
    assert_eq!(flash(&html).as_deref(), Some("Imported 1 task."));

    let tasks = exported_tasks(&alice).await;
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!(task["title"], "only a title");
    assert_eq!(task["notes"], "");
    assert_eq!(task["completed"], false);
    assert_eq!(task["due"], Value::Null);
    assert_eq!(task["priority"], "normal");
    assert_eq!(task["completed_at"], Value::Null);
    let created: DateTime<Utc> = task["created_at"].as_str().unwrap().parse().unwrap();
    assert!(created >= before - TimeDelta::seconds(1), "created now");
    assert_eq!(alice.titles_on("/tasks").await, ["only a title"]);
}

#[tokio::test]
async fn an_import_of_thousands_of_tasks_is_stored_whole_and_in_order() {
    // More rows than one PostgreSQL statement can carry (65,535 values at
    // 10 a task), so the import must go in batches.
    const TASKS: usize = 7_000;
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let tasks: Vec<Value> = (0..TASKS)
        .map(|n| serde_json::json!({ "title": format!("imported {n:04}") }))
        .collect();
    let file = serde_json::json!({ "format": "ticked-tasks", "version": 1, "tasks": tasks });
    let response = import(&alice, file.to_string().as_bytes()).await;
    assert_redirect(&response, "/account");
    let html = alice.page("/account").await;
    assert_eq!(flash(&html).as_deref(), Some("Imported 7000 tasks."));
    assert_eq!(app.count("tasks"), 7_000);
    let last_page = alice.titles_on("/tasks?page=140").await;
    assert_eq!(last_page.last().map(String::as_str), Some("imported 6999"));
}

#[tokio::test]
async fn a_file_that_is_not_a_valid_export_is_refused_and_imports_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    alice.add_task("already here").await;
    let good = json!({"title": "a good task", "due": "2026-12-01", "priority": "high"});
    let file = |tasks: Value| {
        json!({"format": "ticked-tasks", "version": 1, "tasks": tasks})
            .to_string()
            .into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "not JSON",
            b"title,done\nmilk,no\n".to_vec(),
            "not a ticked export",
        ),
        ("empty", Vec::new(), "not a ticked export"),
        (
            "JSON of another kind",
            br#"{"hello": "world"}"#.to_vec(),
            "not a ticked export",
        ),
        (
            "another format",
            json!({"format": "todo-txt", "version": 1, "tasks": [good]})
                .to_string()
                .into_bytes(),
            "not a ticked export",
        ),
        (
            "version 3",
            json!({"format": "ticked-tasks", "version": 3, "tasks": [good]})
                .to_string()
                .into_bytes(),
            "version 3",
        ),
        (
            "version 0",
            json!({"format": "ticked-tasks", "version": 0, "tasks": [good]})
                .to_string()
                .into_bytes(),
            "version 0",
        ),
        (
            "an empty title",
            file(json!([good, {"title": "  "}, good])),
            "Task 2 of the file",
        ),
        (
            "a due date in month 13",
            file(json!([good, good, {"title": "bad due", "due": "2026-13-01"}])),
            "Task 3 of the file",
        ),
        (
            "an unknown priority",
            file(json!([{"title": "urgent", "priority": "urgent"}, good])),
            "Task 1 of the file",
        ),
        (
            "a title that is not text",
            file(json!([good, {"title": 42}])),
            "not a ticked export",
        ),
    ];
    for (what, bytes, message) in cases {
        let response = import(&alice, &bytes).await;
        let html = assert_refused_beside(response, "file", message).await;
        assert_eq!(flash(&html), None, "{what}");
        assert_eq!(app.count("tasks"), 1, "{what}: nothing imported");
    }
    assert_eq!(alice.titles_on("/tasks").await, ["already here"]);
}

#[tokio::test]
async fn the_error_of_an_invalid_task_names_the_field() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = json!({
        "format": "ticked-tasks",
        "version": 1,
        "tasks": [{"title": "fine"}, {"title": "bad due", "due": "2026-13-01"}],
    });
    let response = import(&alice, file.to_string().as_bytes()).await;
    assert_refused_beside(response, "file", "due").await;
    assert_eq!(app.count("tasks"), 0);
}

const FORGED_IMPORT: &[u8] =
    br#"{"format":"ticked-tasks","version":1,"tasks":[{"title":"forged"}]}"#;

#[tokio::test]
async fn an_import_with_a_wrong_csrf_token_is_refused_and_imports_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let other = app.browser().csrf_token("/login").await;
    for csrf in ["", "wrong", other.as_str()] {
        let response = post_import(&alice, Some(csrf), FORGED_IMPORT).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{csrf:?}");
    }
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_import_without_the_csrf_token_part_is_refused_and_imports_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let response = post_import(&alice, None, FORGED_IMPORT).await;
    assert_eq!(app.count("tasks"), 0);
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_import_over_5_mib_is_too_large() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    // Valid JSON all the way, so only its size is wrong.
    let padding = " ".repeat(5 * 1024 * 1024);
    let file =
        format!(r#"{{"format":"ticked-tasks","version":1,"tasks":[{{"title":"big"}}]{padding}}}"#);
    let response = import(&alice, file.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_import_needs_a_login() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token("/login").await;
    let file = br#"{"format":"ticked-tasks","version":1,"tasks":[{"title":"x"}]}"#;
    let response = post_import(&browser, Some(&token), file).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_import_error_numbers_the_task_by_its_place_in_the_file() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = json!({
        "format": "ticked-tasks",
        "version": 1,
        "tasks": [{"title": "a", "order": 5}, {"title": "", "order": 1}],
    });
    let response = import(&alice, file.to_string().as_bytes()).await;
    assert_refused_beside(response, "file", "Task 2 of the file").await;
    assert_eq!(app.count("tasks"), 0);
}
