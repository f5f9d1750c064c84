//! The API and the pages show the same tasks: what one makes or changes,
//! the other shows.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TASKS, spawn_app};

#[tokio::test]
async fn tasks_made_through_the_api_show_on_the_tasks_page() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    api.create(json!({"title": "from the API"})).await;
    let done = api.create(json!({"title": "done through the API"})).await;
    api.patch(&done, json!({"completed": true})).await;

    assert_eq!(
        browser.titles_on("/tasks").await,
        ["from the API", "done through the API"]
    );
    assert_eq!(
        browser.titles_on("/tasks?filter=completed").await,
        ["done through the API"]
    );
    let id = done["id"].as_i64().unwrap();
    assert!(
        browser
            .page(&format!("/tasks/{id}"))
            .await
            .contains("done through the API")
    );
}

#[tokio::test]
async fn tasks_added_or_toggled_on_the_page_show_in_the_api() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    let first = api.create(json!({"title": "from the API"})).await;

    let id = browser.add_task("from the page").await;
    let (tasks, total) = api.list("").await;
    assert_eq!(total, 2);
    assert_eq!(tasks[1]["id"], id);
    assert_eq!(tasks[1]["title"], "from the page");
    assert_eq!(tasks[1]["completed"], false);
    assert!(tasks[1]["order"].as_i64() > first["order"].as_i64());
    assert_eq!(tasks[1]["url"], format!("{}/api/tasks/{id}", app.address));

    let response = browser
        .submit("/tasks", &format!("/tasks/{id}/toggle"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let toggled = api.get_task(&format!("{TASKS}/{id}")).await;
    assert_eq!(toggled["completed"], true);
    assert!(toggled["completed_at"].is_string());
}
