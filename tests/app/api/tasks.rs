//! Creating, changing and deleting tasks through the API, as Todo-Backend's
//! behaviours ask: the answers' statuses, bodies and `Location`, and what
//! the list holds afterwards.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    TASK_FIELDS, TASKS, assert_error, assert_invalid, fields_of, header, json_of, path_of,
    spawn_app,
};

#[tokio::test]
async fn creating_a_task_answers_201_with_the_task_its_absolute_url_and_location() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let response = api
        .send_json(Method::POST, TASKS, &json!({"title": "Buy milk"}))
        .await;

    let location = header(&response, "location").expect("a Location header");
    let task = json_of(response, StatusCode::CREATED).await;
    let id = task["id"].as_i64().expect("a numeric id");
    let url = format!("{}/api/tasks/{id}", app.address);
    assert_eq!(task["url"], url);
    assert_eq!(location, url);
    assert_eq!(task["title"], "Buy milk");
    assert_eq!(task["notes"], "");
    assert_eq!(task["completed"], false);
    assert_eq!(task["due"], Value::Null);
    assert_eq!(task["priority"], "normal");
    assert_eq!(task["completed_at"], Value::Null);
    assert!(task["created_at"].is_string() && task["updated_at"].is_string());
    assert_eq!(fields_of(&task), TASK_FIELDS);
}

#[tokio::test]
async fn the_url_of_a_new_task_fetches_that_task() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let created = api
        .create(
            json!({"title": "Walk", "notes": "the dog", "due": "2030-05-06", "priority": "high"}),
        )
        .await;

    let response = api
        .client
        .get(created["url"].as_str().unwrap())
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();

    let fetched = json_of(response, StatusCode::OK).await;
    assert_eq!(fetched, created);
    assert_eq!(fetched["due"], "2030-05-06");
    assert_eq!(fetched["priority"], "high");
    assert_eq!(fetched["notes"], "the dog");
}

#[tokio::test]
async fn new_tasks_are_open_and_go_after_the_others() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let first = api.create(json!({"title": "first"})).await;
    let second = api.create(json!({"title": "second"})).await;
    let third = api
        .create(json!({"title": "third", "completed": true}))
        .await;

    for task in [&first, &second, &third] {
        assert_eq!(task["completed"], false, "{task}");
    }
    let orders: Vec<i64> = [&first, &second, &third]
        .iter()
        .map(|task| task["order"].as_i64().expect("a numeric order"))
        .collect();
    assert!(orders[0] < orders[1] && orders[1] < orders[2], "{orders:?}");
    assert_eq!(api.titles("").await, ["first", "second", "third"]);
}

#[tokio::test]
async fn a_task_created_with_an_order_keeps_it() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "one"})).await;
    api.create(json!({"title": "two"})).await;

    let placed = api.create(json!({"title": "zero", "order": -5})).await;

    assert_eq!(placed["order"], -5);
    assert_eq!(api.get_task(&path_of(&placed)).await["order"], -5);
    assert_eq!(api.titles("").await, ["zero", "one", "two"]);
}

#[tokio::test]
async fn patching_the_title_renames_the_task() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "old"})).await;

    let patched = api.patch(&task, json!({"title": "  new  "})).await;

    assert_eq!(patched["title"], "new");
    assert_eq!(api.get_task(&path_of(&task)).await["title"], "new");
}

#[tokio::test]
async fn completing_a_task_stamps_completed_at_and_reopening_clears_it() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "done soon"})).await;

    let done = api.patch(&task, json!({"completed": true})).await;
    assert_eq!(done["completed"], true);
    assert!(done["completed_at"].is_string(), "{done}");
    assert_eq!(api.get_task(&path_of(&task)).await, done);

    let open = api.patch(&task, json!({"completed": false})).await;
    assert_eq!(open["completed"], false);
    assert_eq!(open["completed_at"], Value::Null);
}

#[tokio::test]
async fn completing_an_already_completed_task_keeps_its_completed_at() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "done"})).await;
    let done = api.patch(&task, json!({"completed": true})).await;

    let again = api.patch(&task, json!({"completed": true})).await;

    assert_eq!(again["completed"], true);
    assert_eq!(again["completed_at"], done["completed_at"]);
}

#[tokio::test]
async fn patching_the_order_moves_the_task_in_the_list() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let first = api.create(json!({"title": "first"})).await;
    api.create(json!({"title": "second"})).await;
    let last = api.create(json!({"title": "third"})).await;

    let moved = api
        .patch(
            &first,
            json!({"order": last["order"].as_i64().unwrap() + 1}),
        )
        .await;

    assert_eq!(moved["order"], last["order"].as_i64().unwrap() + 1);
    assert_eq!(api.titles("").await, ["second", "third", "first"]);
}

#[tokio::test]
async fn a_task_sent_back_whole_as_a_patch_is_accepted() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "whole"})).await;
    let mut body = task.clone();
    body["title"] = json!("whole again");
    body["completed"] = json!(true);

    let patched = api.patch(&task, body).await;

    assert_eq!(patched["title"], "whole again");
    assert_eq!(patched["completed"], true);
    assert_eq!(patched["id"], task["id"]);
    assert_eq!(patched["url"], task["url"]);
}

#[tokio::test]
async fn a_deleted_task_answers_204_and_is_then_not_found() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "gone"})).await;
    let kept = api.create(json!({"title": "kept"})).await;

    let response = api.send(Method::DELETE, &path_of(&task)).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.text().await.unwrap().is_empty());
    assert_error(
        api.send(Method::GET, &path_of(&task)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        api.send(Method::DELETE, &path_of(&task)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(api.get_task(&path_of(&kept)).await, kept);
}

#[tokio::test]
async fn deleting_the_collection_deletes_all_of_the_users_tasks_and_only_theirs() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let done = alice.create(json!({"title": "a1"})).await;
    alice.patch(&done, json!({"completed": true})).await;
    alice.create(json!({"title": "a2"})).await;
    bob.create(json!({"title": "b1"})).await;

    let response = alice.send(Method::DELETE, TASKS).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(alice.list("").await, (vec![], 0));
    assert_eq!(bob.titles("").await, ["b1"]);
    assert_eq!(app.count("tasks"), 1);
}

#[tokio::test]
async fn deleting_the_collection_with_completed_true_deletes_only_the_done_tasks() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let done = api.create(json!({"title": "done"})).await;
    api.patch(&done, json!({"completed": true})).await;
    api.create(json!({"title": "open"})).await;
    let bobs = bob.create(json!({"title": "bob's done"})).await;
    bob.patch(&bobs, json!({"completed": true})).await;

    let response = api
        .send(Method::DELETE, &format!("{TASKS}?completed=true"))
        .await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(api.titles("").await, ["open"]);
    assert_eq!(bob.titles("").await, ["bob's done"]);
}

#[tokio::test]
async fn a_bad_completed_parameter_on_delete_is_a_422_naming_it_and_deletes_nothing() {
    // This was a 400: a bad value of one parameter is now a 422 naming it.
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "safe"})).await;

    for query in ["?completed=yes", "?completed=", "?completed=1"] {
        let response = api.send(Method::DELETE, &format!("{TASKS}{query}")).await;
        assert_invalid(response, "completed").await;
    }
    assert_eq!(api.titles("").await, ["safe"]);
}
