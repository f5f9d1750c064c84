//! The export: a JSON attachment of the user's own tasks, in their order.

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use serde_json::{Value, json};

use super::{export, titles, varied_tasks};
use crate::helpers::{TASK_FIELDS, fields_of, spawn_app};

#[tokio::test]
async fn the_export_is_a_json_attachment_of_the_users_own_tasks_in_their_order() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    varied_tasks(&api).await;
    let (_bob, bob_api) = app.api_user("bob").await;
    bob_api.create(json!({"title": "bob's secret"})).await;

    let response = alice.get("/account/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header(CONTENT_TYPE).starts_with("application/json"));
    let disposition = header(CONTENT_DISPOSITION);
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let filename = disposition
        .split("filename=")
        .nth(1)
        .expect("a filename")
        .trim_matches('"');
    assert!(filename.contains("alice"), "{filename}");
    assert!(filename.ends_with(".json"), "{filename}");

    let file: Value = response.json().await.expect("a JSON export");
    assert_eq!(file["format"], "ticked-tasks");
    assert_eq!(file["version"], 2);
    let exported_at: DateTime<Utc> = file["exported_at"]
        .as_str()
        .expect("a time")
        .parse()
        .expect("an RFC 3339 time");
    assert!((Utc::now() - exported_at).abs() < TimeDelta::minutes(1));

    let tasks = file["tasks"].as_array().expect("a list of tasks");
    assert_eq!(
        titles(tasks),
        [
            "Another done",
            "Buy milk",
            "<script>alert('x')</script> & <b>bold</b> \"quoted\"",
            "Café ☕ — 日本語 🎉",
            "Finished thing",
        ]
    );
    for task in tasks {
        assert_eq!(fields_of(task), TASK_FIELDS);
        let id = task["id"].as_i64().expect("an id");
        let url = task["url"].as_str().expect("a url");
        assert!(url.ends_with(&format!("/api/tasks/{id}")), "{url}");
    }
    let orders: Vec<i64> = tasks.iter().map(|t| t["order"].as_i64().unwrap()).collect();
    assert!(orders.is_sorted(), "{orders:?}");
    let markup = &tasks[2];
    assert_eq!(
        markup["notes"],
        "line one\nline two\twith a tab & <i>markup</i>"
    );
    assert_eq!(markup["due"], "2026-12-01");
    assert_eq!(markup["priority"], "high");
    assert_eq!(markup["completed"], false);
    assert_eq!(markup["completed_at"], Value::Null);
    assert_eq!(tasks[0]["completed"], true);
    assert!(tasks[0]["completed_at"].is_string());
    assert_eq!(tasks[1]["due"], Value::Null);
    assert_eq!(tasks[1]["priority"], "normal");
    assert_eq!(tasks[1]["notes"], "");

    // The very shape the API gives, task for task.
    let listed: Value = api
        .get("/api/tasks")
        .await
        .json()
        .await
        .expect("a JSON list");
    assert_eq!(file["tasks"], listed);
}

#[tokio::test]
async fn an_empty_list_exports_as_an_empty_file() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = export(&alice).await;
    assert_eq!(file["format"], "ticked-tasks");
    assert_eq!(file["version"], 2);
    assert_eq!(file["lists"].as_array().map(Vec::len), Some(1));
    assert_eq!(file["tasks"], json!([]));
}

#[tokio::test]
async fn the_export_holds_the_lists_you_own_not_those_shared_with_you() {
    let app = spawn_app().await;
    let (olive, olive_api) = app.api_user("olive").await;
    let (bob, bob_api) = app.api_user("bob").await;
    let shared = olive_api.create_list(json!({"name": "Shared"})).await;
    olive_api
        .create(json!({"title": "olive's, shared", "list_id": shared}))
        .await;
    olive_api.share(shared, "bob", "write").await;
    bob_api.create(json!({"title": "bob's own"})).await;

    let bob_file = export(&bob).await;
    assert_eq!(titles(bob_file["tasks"].as_array().unwrap()), ["bob's own"]);
    let olive_file = export(&olive).await;
    assert_eq!(
        titles(olive_file["tasks"].as_array().unwrap()),
        ["olive's, shared"]
    );
}
