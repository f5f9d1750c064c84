//! PATCH semantics: only the fields a PATCH sends change, `null` clears
//! what may be empty, and refuses what may not.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{assert_invalid, path_of, spawn_app};

#[tokio::test]
async fn a_patch_changes_only_the_fields_it_sends() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api
        .create(json!({"title": "full", "notes": "some notes", "due": "2030-01-02", "priority": "high"}))
        .await;

    let patched = api.patch(&task, json!({"notes": "other notes"})).await;

    assert_eq!(patched["notes"], "other notes");
    for field in [
        "id",
        "title",
        "completed",
        "due",
        "priority",
        "order",
        "created_at",
        "url",
    ] {
        assert_eq!(patched[field], task[field], "{field}");
    }

    let patched = api.patch(&task, json!({"due": "2031-12-31"})).await;
    assert_eq!(patched["due"], "2031-12-31");
    assert_eq!(patched["notes"], "other notes");
    assert_eq!(patched["priority"], "high");

    let patched = api.patch(&task, json!({"priority": "low"})).await;
    assert_eq!(patched["priority"], "low");
    assert_eq!(patched["due"], "2031-12-31");
    assert_eq!(patched["title"], "full");

    let unchanged = api.patch(&task, json!({})).await;
    for field in ["title", "notes", "completed", "due", "priority", "order"] {
        assert_eq!(unchanged[field], patched[field], "{field}");
    }
}

#[tokio::test]
async fn null_clears_notes_due_and_priority() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api
        .create(json!({"title": "full", "notes": "some notes", "due": "2030-01-02", "priority": "high"}))
        .await;

    let cleared = api
        .patch(&task, json!({"notes": null, "due": null, "priority": null}))
        .await;

    assert_eq!(cleared["notes"], "");
    assert_eq!(cleared["due"], Value::Null);
    assert_eq!(cleared["priority"], "normal");
    assert_eq!(cleared["title"], "full");
    assert_eq!(api.get_task(&path_of(&task)).await, cleared);
}

#[tokio::test]
async fn null_for_title_completed_or_order_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "keep me"})).await;
    let before = app.task_row(&task);

    for field in ["title", "completed", "order"] {
        let response = api
            .send_json(Method::PATCH, &path_of(&task), &json!({ field: null }))
            .await;
        assert_invalid(response, field).await;
    }
    let response = api
        .send_json(
            Method::PATCH,
            &path_of(&task),
            &json!({"notes": "not saved", "completed": null}),
        )
        .await;
    assert_invalid(response, "completed").await;
    assert_eq!(app.task_row(&task), before);
}
