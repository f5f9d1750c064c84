//! The trash: deleting moves a task (with its subtasks) there, out of
//! every view, count and export; restore puts it back where it was, or at
//! the end of its list when its parent is gone; the 30 days end in a purge;
//! and what a stranger or a reader may not do to it.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{add, id};
use crate::helpers::{TASKS, assert_error, flash, json_of, location, spawn_app, text_of};

#[tokio::test]
async fn a_deleted_task_leaves_the_api_and_its_restore_brings_it_back_in_its_place() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let first = add(&alice, "First", json!({})).await;
    let middle = add(&alice, "Middle", json!({"labels": ["Home"]})).await;
    add(&alice, "Last", json!({})).await;

    let gone = alice
        .send(Method::DELETE, &format!("{TASKS}/{}", id(&middle)))
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(alice.titles("").await, ["First", "Last"]);
    assert_eq!(alice.list("").await.1, 2);
    let missing = alice
        .send(Method::GET, &format!("{TASKS}/{}", id(&middle)))
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    // Its label goes with it, and is counted nowhere.
    assert_eq!(alice.titles("?label=home").await, Vec::<String>::new());
    let labels = json_of(alice.send(Method::GET, "/api/labels").await, StatusCode::OK).await;
    assert_eq!(labels, json!([]));

    let restore = format!("{TASKS}/{}/restore", id(&middle));
    let back = json_of(alice.send(Method::POST, &restore).await, StatusCode::OK).await;
    assert_eq!(back["id"], middle["id"]);
    assert_eq!(back["order"], middle["order"]);
    assert_eq!(back["labels"], json!(["Home"]));
    // Changed by coming back, for whoever syncs.
    assert_ne!(back["updated_at"], middle["updated_at"]);
    assert_eq!(alice.titles("").await, ["First", "Middle", "Last"]);
    assert_eq!(alice.titles("?label=HOME").await, ["Middle"]);
    // Restored once: it is no longer in the trash.
    let again = alice.send(Method::POST, &restore).await;
    assert_error(again, StatusCode::NOT_FOUND, "not_found").await;
    // A task that was never deleted is not in the trash either.
    let live = alice
        .send(Method::POST, &format!("{TASKS}/{}/restore", id(&first)))
        .await;
    assert_error(live, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_api_lists_the_trash_newest_first_with_who_and_how_to_restore() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, mallory) = app.api_user("mallory").await;
    let older = add(&alice, "Older", json!({})).await;
    let parent = add(&alice, "Parent", json!({})).await;
    add(&alice, "Child", json!({"parent_id": id(&parent)})).await;
    for task in [&older, &parent] {
        alice
            .send(Method::DELETE, &format!("{TASKS}/{}", id(task)))
            .await;
    }
    let response = alice.send(Method::GET, "/api/trash").await;
    assert_eq!(
        crate::helpers::header(&response, "X-Total-Count").as_deref(),
        Some("2")
    );
    let items = json_of(response, StatusCode::OK).await;
    let items = items.as_array().expect("an array");
    let titles: Vec<&str> = items
        .iter()
        .map(|item| item["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Parent", "Older"]);
    assert_eq!(items[0]["subtasks"], 1);
    assert_eq!(items[0]["deleted_by"], "alice");
    assert!(items[0]["deleted_at"].is_string());
    let restore = items[0]["restore_url"].as_str().expect("a URL");
    assert_eq!(
        restore,
        format!("{}{TASKS}/{}/restore", app.address, id(&parent))
    );
    let page = json_of(
        alice.send(Method::GET, "/api/trash?limit=1&offset=1").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page[0]["title"], "Older");
    // Someone else's trash is not theirs to see.
    let theirs = json_of(
        mallory.send(Method::GET, "/api/trash").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(theirs, json!([]));
}

#[tokio::test]
async fn a_parent_goes_to_the_trash_with_its_subtasks_and_comes_back_with_them() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let party = add(&alice, "Plan the party", json!({})).await;
    let invite = add(&alice, "Invite", json!({"parent_id": id(&party)})).await;
    add(&alice, "Write the list", json!({"parent_id": id(&invite)})).await;
    add(&alice, "Other", json!({})).await;

    alice
        .send(Method::DELETE, &format!("{TASKS}/{}", id(&party)))
        .await;
    assert_eq!(alice.titles("").await, ["Other"]);
    assert_eq!(app.count("trash"), 3);
    // A subtask that went with its parent is restored on its own too, at
    // the end of the list, since its parent is not back.
    let alone = json_of(
        alice
            .send(Method::POST, &format!("{TASKS}/{}/restore", id(&invite)))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(alone["parent_id"], json!(null));
    assert_eq!(
        alice.titles("").await,
        ["Other", "Invite", "Write the list"]
    );
    let party_back = json_of(
        alice
            .send(Method::POST, &format!("{TASKS}/{}/restore", id(&party)))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(party_back["parent_id"], json!(null));
    assert_eq!(app.count("trash"), 0);
}

#[tokio::test]
async fn the_list_page_offers_undo_and_the_trash_page_restores_deletes_and_empties() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let keep = alice.add_task("Keep").await;
    let oops = alice.add_task("Oops").await;

    let response = alice
        .submit(
            "/tasks?filter=active",
            &format!("/tasks/{oops}/delete"),
            &[("return_to", "/tasks?filter=active")],
        )
        .await;
    assert_eq!(location(&response), "/tasks?filter=active");
    let html = alice.page("/tasks?filter=active").await;
    assert_eq!(flash(&html).as_deref(), Some("Moved “Oops” to the trash."));
    assert_eq!(
        crate::helpers::attribute(&html, ".flash form", "action"),
        [format!("/trash/{oops}/restore")]
    );
    assert_eq!(
        crate::helpers::attribute(&html, ".flash input[name=return_to]", "value"),
        ["/tasks?filter=active"]
    );
    // Undo, as the flash's button sends it.
    let undo = alice
        .submit(
            "/tasks",
            &format!("/trash/{oops}/restore"),
            &[("return_to", "/tasks?filter=active")],
        )
        .await;
    assert_eq!(location(&undo), "/tasks?filter=active");
    let html = alice.page("/tasks").await;
    assert_eq!(flash(&html).as_deref(), Some("Restored “Oops”."));
    assert_eq!(alice.task_ids_on("/tasks").await, [keep, oops]);

    alice
        .submit("/tasks", &format!("/tasks/{oops}/delete"), &[])
        .await;
    alice
        .submit("/tasks", &format!("/tasks/{keep}/delete"), &[])
        .await;
    let trash = alice.page("/trash").await;
    assert_eq!(text_of(&trash, ".trash-list .task-title"), ["Keep", "Oops"]);
    alice
        .submit(
            "/trash",
            &format!("/trash/{oops}/delete"),
            &[("return_to", "/trash")],
        )
        .await;
    let trash = alice.page("/trash").await;
    assert_eq!(flash(&trash).as_deref(), Some("Deleted 1 task for good."));
    assert_eq!(text_of(&trash, ".trash-list .task-title"), ["Keep"]);
    // Emptying asks to be sure first, and does nothing until it is.
    let unsure = alice.submit("/trash", "/trash/empty", &[]).await;
    assert_eq!(unsure.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = unsure.text().await.expect("a page");
    assert_eq!(
        text_of(&html, "#confirm-error"),
        ["Tick the box to delete these tasks for good."]
    );
    assert_eq!(app.count("trash"), 1);
    alice
        .submit("/trash", "/trash/empty", &[("confirm", "yes")])
        .await;
    let trash = alice.page("/trash").await;
    assert_eq!(text_of(&trash, ".empty"), ["The trash is empty."]);
    assert_eq!(app.count("trash"), 0);
}

#[tokio::test]
async fn clearing_the_completed_tasks_puts_them_in_the_trash_and_the_counts_ignore_it() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    for title in ["a", "b", "c"] {
        let task = add(&alice, title, json!({})).await;
        if title != "b" {
            alice.patch(&task, json!({"completed": true})).await;
        }
    }
    let cleared = alice
        .send(Method::DELETE, &format!("{TASKS}?completed=true"))
        .await;
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("trash"), 2);
    let html = browser.page("/tasks").await;
    assert_eq!(text_of(&html, ".todo-count"), ["1 item left"]);
    assert_eq!(
        browser
            .page("/account/export")
            .await
            .matches("\"title\"")
            .count(),
        1,
        "the export holds the live task only"
    );
}

#[tokio::test]
async fn clearing_the_completed_keeps_a_done_task_with_open_subtasks_and_takes_whole_done_trees() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let done = json!({"completed": true});
    // A done parent with an open subtask two levels down stays, with the
    // done task between them.
    let trip = add(&alice, "Trip", json!({})).await;
    let book = add(&alice, "Book", json!({"parent_id": id(&trip)})).await;
    add(&alice, "Pack", json!({"parent_id": id(&book)})).await;
    for task in [&trip, &book] {
        alice.patch(task, done.clone()).await;
    }
    // A done tree goes whole, and comes back whole from one restore.
    let party = add(&alice, "Party", json!({})).await;
    let cake = add(&alice, "Cake", json!({"parent_id": id(&party)})).await;
    for task in [&party, &cake] {
        alice.patch(task, done.clone()).await;
    }
    let cleared = alice
        .send(Method::DELETE, &format!("{TASKS}?completed=true"))
        .await;
    assert_eq!(cleared.status(), StatusCode::NO_CONTENT);
    assert_eq!(alice.titles("").await, ["Trip", "Book", "Pack"]);
    let restore = format!("{TASKS}/{}/restore", id(&party));
    json_of(alice.send(Method::POST, &restore).await, StatusCode::OK).await;
    assert_eq!(
        alice.titles("").await,
        ["Trip", "Book", "Pack", "Party", "Cake"]
    );
    assert_eq!(app.count("trash"), 0);
}

#[tokio::test]
async fn a_reader_may_see_a_shared_lists_trash_but_not_restore_and_a_stranger_finds_nothing() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (bob_browser, bob) = app.api_user("bob").await;
    let (_, mallory) = app.api_user("mallory").await;
    let list = olive.create_list(json!({"name": "Shared"})).await;
    olive.share(list, "bob", "write").await;
    let task = add(&olive, "Shared task", json!({"list_id": list})).await;
    bob.send(Method::DELETE, &format!("{TASKS}/{}", id(&task)))
        .await;

    // Bob deleted it, and the owner's trash says so.
    olive.share(list, "bob", "read").await;
    let html = bob_browser.page("/trash").await;
    assert_eq!(text_of(&html, ".trash-list .task-title"), ["Shared task"]);
    assert!(
        text_of(&html, ".trash-list .task-meta")
            .concat()
            .contains("by bob")
    );
    assert_eq!(
        crate::helpers::attribute(&html, ".trash-list button", "formaction").len(),
        0
    );

    let restore = format!("{TASKS}/{}/restore", id(&task));
    assert_error(
        bob.send(Method::POST, &restore).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        mallory.send(Method::POST, &restore).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(app.count("trash"), 1);
    json_of(olive.send(Method::POST, &restore).await, StatusCode::OK).await;
}

#[tokio::test]
async fn the_purge_deletes_what_was_trashed_more_than_thirty_days_ago() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let old = add(&alice, "Old", json!({})).await;
    let recent = add(&alice, "Recent", json!({})).await;
    for task in [&old, &recent] {
        alice
            .send(Method::DELETE, &format!("{TASKS}/{}", id(task)))
            .await;
    }
    app.execute(&format!(
        "UPDATE trash SET trashed_at = '2020-01-01 00:00:00' WHERE id = {}",
        id(&old)
    ));
    // Past its 30 days, it is out of the trash before the purge comes.
    let listed = json_of(alice.send(Method::GET, "/api/trash").await, StatusCode::OK).await;
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Recent"]);
    let too_late = alice
        .send(Method::POST, &format!("{TASKS}/{}/restore", id(&old)))
        .await;
    assert_error(too_late, StatusCode::NOT_FOUND, "not_found").await;
    let before =
        ticked::models::now() - chrono::TimeDelta::days(ticked::models::task::trash::KEEP_DAYS);
    let purged = ticked::models::task::trash::purge_before(&mut app.db(), before).expect("purged");
    assert_eq!(purged, 1);
    let restore = |task: &serde_json::Value| format!("{TASKS}/{}/restore", id(task));
    assert_error(
        alice.send(Method::POST, &restore(&old)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    json_of(
        alice.send(Method::POST, &restore(&recent)).await,
        StatusCode::OK,
    )
    .await;
}
