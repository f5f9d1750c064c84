//! Isolation: one user's token never reaches another's tasks, to list, read,
//! change or delete.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TASKS, assert_error, path_of, spawn_app};

#[tokio::test]
async fn another_users_tasks_are_not_listed_and_not_found() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    alice.create(json!({"title": "alice's"})).await;
    let bobs = bob
        .create(json!({"title": "bob's", "notes": "secret"}))
        .await;

    assert_eq!(alice.titles("").await, ["alice's"]);
    assert_eq!(alice.list("").await.1, 1);
    assert_eq!(alice.list("?q=secret").await, (vec![], 0));
    assert_eq!(alice.list("?filter=active&sort=title").await.1, 1);
    assert_error(
        alice.send(Method::GET, &path_of(&bobs)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(bob.titles("").await, ["bob's"]);
}

#[tokio::test]
async fn another_users_task_cannot_be_changed() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let bobs = bob.create(json!({"title": "bob's", "notes": "n"})).await;
    let before = app.task_row(&bobs);

    for changes in [
        json!({"title": "alice's now"}),
        json!({"completed": true}),
        json!({"notes": null, "due": null, "priority": null}),
        json!({"order": 99}),
        json!({}),
    ] {
        let response = alice
            .send_json(Method::PATCH, &path_of(&bobs), &changes)
            .await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    assert_eq!(app.task_row(&bobs), before);
    assert_eq!(bob.get_task(&path_of(&bobs)).await, bobs);
}

#[tokio::test]
async fn another_users_task_cannot_be_deleted_one_by_one_or_all_at_once() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let alices = alice.create(json!({"title": "alice's"})).await;
    alice.patch(&alices, json!({"completed": true})).await;
    alice.create(json!({"title": "alice's open"})).await;
    let bobs = bob.create(json!({"title": "bob's"})).await;

    let response = bob.send(Method::DELETE, &path_of(&alices)).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = bob
        .send(Method::DELETE, &format!("{TASKS}?completed=true"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = bob.send(Method::DELETE, TASKS).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    assert_eq!(alice.titles("").await, ["alice's", "alice's open"]);
    assert_error(
        bob.send(Method::GET, &path_of(&bobs)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(app.count("tasks"), 2);
}
