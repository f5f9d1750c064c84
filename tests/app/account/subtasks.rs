//! Exports carry each task's parent, labels and repeat, and an import
//! makes the same trees anew (under new ids) with the same labels and
//! repeats; a file whose parents point elsewhere or loop, or whose repeat
//! is outside the subset, is refused whole.

use serde_json::{Value, json};

use super::{assert_refused_beside, export, import};
use crate::helpers::{assert_redirect, spawn_app};

/// Each task of an export as (title, its parent's title, labels).
fn trees(file: &Value) -> Vec<(String, Option<String>, Value)> {
    let tasks = file["tasks"].as_array().expect("tasks");
    let title_of = |id: &Value| {
        tasks
            .iter()
            .find(|task| &task["id"] == id)
            .map(|task| task["title"].as_str().expect("a title").to_owned())
    };
    tasks
        .iter()
        .map(|task| {
            (
                task["title"].as_str().expect("a title").to_owned(),
                title_of(&task["parent_id"]),
                task["labels"].clone(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_import_makes_the_same_subtasks_and_labels_under_new_ids() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let party = api
        .create(json!({"title": "Party", "labels": ["Home"]}))
        .await;
    let later = api.create(json!({"title": "Later"})).await;
    let cake = api
        .create(json!({"title": "Cake", "parent_id": party["id"], "labels": ["errands", "food"]}))
        .await;
    // A parent with a higher id than its subtask.
    api.patch(&later, json!({"parent_id": cake["id"]})).await;
    let file = export(&alice).await;
    let expected = vec![
        ("Party".to_owned(), None, json!(["Home"])),
        (
            "Cake".to_owned(),
            Some("Party".to_owned()),
            json!(["errands", "food"]),
        ),
        ("Later".to_owned(), Some("Cake".to_owned()), json!([])),
    ];
    assert_eq!(trees(&file), expected);

    let bob = app.user("bob").await;
    let bytes = serde_json::to_vec(&file).expect("JSON");
    assert_redirect(&import(&bob, &bytes).await, "/account");
    let imported = export(&bob).await;
    assert_eq!(trees(&imported), expected);
    assert_ne!(imported["tasks"][0]["id"], file["tasks"][0]["id"]);
    // The labels are filterable, not just shown.
    let titles: Vec<String> = bob.titles_on("/tasks?label=FOOD").await;
    assert_eq!(titles, ["Cake"]);
}

#[tokio::test]
async fn a_file_whose_parents_point_elsewhere_or_loop_is_refused_whole() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = |tasks: Value| {
        serde_json::to_vec(&json!({
            "format": "ticked-tasks",
            "version": 2,
            "lists": [{"id": 1, "name": "Tasks", "is_default": true}, {"id": 2, "name": "Other"}],
            "tasks": tasks,
        }))
        .expect("JSON")
    };
    let refused = [
        (
            json!([{"id": 1, "title": "a", "parent_id": 9}]),
            "is not a task of its list",
        ),
        (
            json!([{"id": 1, "title": "a", "list_id": 1}, {"id": 2, "title": "b", "list_id": 2, "parent_id": 1}]),
            "is not a task of its list",
        ),
        (
            json!([{"id": 1, "title": "a", "parent_id": 2}, {"id": 2, "title": "b", "parent_id": 1}]),
            "makes a loop",
        ),
        (
            json!([{"id": 1, "title": "a", "labels": ["x".repeat(41)]}]),
            "40 characters",
        ),
        (
            json!([{"id": 1, "title": "a"}, {"id": 1, "title": "b"}]),
            "two tasks of the file have the id 1",
        ),
        (
            json!([{"id": 1, "title": "a", "due": "2026-12-01", "rrule": "FREQ=HOURLY"}]),
            "rrule: FREQ=HOURLY",
        ),
        (
            json!([{"id": 1, "title": "a", "rrule": "FREQ=DAILY"}]),
            "needs a due date",
        ),
    ];
    for (tasks, message) in refused {
        let response = import(&alice, &file(tasks)).await;
        assert_refused_beside(response, "file", message).await;
        assert_eq!(app.count("tasks"), 0, "{message}");
        assert_eq!(app.count("lists"), 1, "{message}");
    }
}

#[tokio::test]
async fn an_import_keeps_each_repeat_and_its_record() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let plants = api
        .create(json!({
            "title": "Water plants",
            "due": "2026-12-01",
            "rrule": "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=4",
            "repeat_from": "completion",
        }))
        .await;
    let done = api.patch(&plants, json!({"completed": true})).await;
    let file = export(&alice).await;
    let exported = &file["tasks"][0];
    for field in ["rrule", "repeat_from", "completions", "last_done_at", "due"] {
        assert_eq!(exported[field], done[field], "{field}");
    }
    assert_eq!(exported["rrule"], "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3");

    let bob = app.user("bob").await;
    let bytes = serde_json::to_vec(&file).expect("JSON");
    assert_redirect(&import(&bob, &bytes).await, "/account");
    let imported = &export(&bob).await["tasks"][0];
    for field in ["rrule", "repeat_from", "completions", "last_done_at", "due"] {
        assert_eq!(imported[field], done[field], "{field}");
    }
}
