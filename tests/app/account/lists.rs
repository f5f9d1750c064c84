//! Export and import with lists (file version 2): the lists you own travel
//! with their tasks, the default list's tasks land in the importer's
//! default list, and a version 1 file still imports.

use serde_json::{Value, json};

use super::{assert_refused_beside, export, import, titles};
use crate::helpers::{Api, Browser, assert_redirect, flash, spawn_app};

/// The titles of the tasks in list `id`, in their order, as the API
/// gives them.
async fn titles_in(api: &Api, id: i64) -> Vec<String> {
    api.titles(&format!("?list={id}")).await
}

/// Alice's lists: her default list with two tasks, "Errands" (green) with
/// two and "Empty" with none; and "Olive's" shared with her at write,
/// with a task of hers in it, which her export must not hold.
async fn alice_with_lists(app: &crate::helpers::TestApp) -> (Browser, Api) {
    let (alice, api) = app.api_user("alice").await;
    let (_olive, olive) = app.api_user("olive").await;
    api.create(json!({"title": "default one"})).await;
    let errands = api
        .create_list(json!({"name": "Errands", "colour": "green"}))
        .await;
    api.create(json!({"title": "post the letter", "list_id": errands}))
        .await;
    api.create(json!({"title": "default two"})).await;
    api.create(json!({"title": "buy stamps", "list_id": errands, "order": 0}))
        .await;
    api.create_list(json!({"name": "Empty"})).await;
    let shared = olive.create_list(json!({"name": "Olive's"})).await;
    olive.share(shared, "alice", "write").await;
    api.create(json!({"title": "in olive's list", "list_id": shared}))
        .await;
    (alice, api)
}

#[tokio::test]
async fn the_export_holds_the_lists_you_own_and_each_task_names_its_list() {
    let app = spawn_app().await;
    let (alice, _api) = alice_with_lists(&app).await;

    let file = export(&alice).await;
    assert_eq!(file["version"], 2);
    let lists = file["lists"].as_array().expect("lists");
    let names: Vec<&str> = lists.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Tasks", "Errands", "Empty"]);
    assert_eq!(lists[0]["is_default"], true);
    assert_eq!(lists[1]["is_default"], false);
    assert_eq!(lists[1]["colour"], "green");
    assert_eq!(lists[2]["colour"], Value::Null);

    let tasks = file["tasks"].as_array().expect("tasks");
    let in_list = |index: usize| -> Vec<&str> {
        let id = &lists[index]["id"];
        titles(tasks)
            .into_iter()
            .zip(tasks)
            .filter(|(_, task)| &task["list_id"] == id)
            .map(|(title, _)| title)
            .collect()
    };
    assert_eq!(in_list(0), ["default one", "default two"]);
    assert_eq!(in_list(1), ["buy stamps", "post the letter"]);
    assert!(in_list(2).is_empty());
    assert_eq!(tasks.len(), 4, "no task of the list shared with her");
}

#[tokio::test]
async fn an_import_makes_the_files_lists_and_fills_the_default_list() {
    let app = spawn_app().await;
    let (alice, _api) = alice_with_lists(&app).await;
    let file = alice.get("/account/export").await.bytes().await.unwrap();
    let (bob, bob_api) = app.api_user("bob").await;
    bob_api.create(json!({"title": "bob's own"})).await;
    let lists_before = app.count("lists");

    assert_redirect(&import(&bob, &file).await, "/account");
    let html = bob.page("/account").await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("Imported 4 tasks, with 2 new lists.")
    );
    assert_eq!(app.count("lists"), lists_before + 2);

    let lists: Value = bob_api.get("/api/lists").await.json().await.unwrap();
    let lists = lists.as_array().unwrap();
    let summary: Vec<(&str, &Value, &str)> = lists
        .iter()
        .map(|l| {
            let level = l["level"].as_str().unwrap();
            (l["name"].as_str().unwrap(), &l["colour"], level)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Tasks", &Value::Null, "owner"),
            ("Empty", &Value::Null, "owner"),
            ("Errands", &json!("green"), "owner"),
        ]
    );
    let id = |index: usize| lists[index]["id"].as_i64().unwrap();
    assert_eq!(
        titles_in(&bob_api, id(0)).await,
        ["bob's own", "default one", "default two"]
    );
    assert!(titles_in(&bob_api, id(1)).await.is_empty());
    assert_eq!(
        titles_in(&bob_api, id(2)).await,
        ["buy stamps", "post the letter"]
    );
    // The made lists keep their counts like any other.
    assert_eq!(lists[2]["open"], 2);
}

#[tokio::test]
async fn a_version_1_file_imports_into_the_default_list_whatever_its_list_ids() {
    let app = spawn_app().await;
    let (bob, bob_api) = app.api_user("bob").await;
    // Version 1 had no lists; list ids from another server mean nothing.
    let file = json!({
        "format": "ticked-tasks",
        "version": 1,
        "tasks": [
            {"title": "first", "list_id": 9999, "order": 1},
            {"title": "second", "list_id": 4, "order": 2},
        ],
    });
    assert_redirect(&import(&bob, file.to_string().as_bytes()).await, "/account");
    assert_eq!(
        flash(&bob.page("/account").await).as_deref(),
        Some("Imported 2 tasks.")
    );
    assert_eq!(app.count("lists"), 1);
    assert_eq!(bob_api.titles("").await, ["first", "second"]);
}

#[tokio::test]
async fn a_hand_written_version_2_file_needs_only_names_and_titles() {
    let app = spawn_app().await;
    let (bob, bob_api) = app.api_user("bob").await;
    let file = json!({
        "format": "ticked-tasks",
        "version": 2,
        "lists": [{"id": 1, "name": "Garden"}],
        "tasks": [{"title": "to the default list"}, {"title": "weed", "list_id": 1}],
    });
    assert_redirect(&import(&bob, file.to_string().as_bytes()).await, "/account");
    assert_eq!(
        flash(&bob.page("/account").await).as_deref(),
        Some("Imported 2 tasks, with 1 new list.")
    );
    let lists: Value = bob_api.get("/api/lists").await.json().await.unwrap();
    let garden = lists[1]["id"].as_i64().unwrap();
    assert_eq!(lists[1]["name"], "Garden");
    assert_eq!(titles_in(&bob_api, garden).await, ["weed"]);
    assert_eq!(bob_api.titles("").await, ["to the default list", "weed"]);
}

#[tokio::test]
async fn a_version_2_file_with_a_wrong_list_is_refused_and_makes_nothing() {
    let app = spawn_app().await;
    let (bob, _api) = app.api_user("bob").await;
    let file = |lists: Value, tasks: Value| {
        json!({"format": "ticked-tasks", "version": 2, "lists": lists, "tasks": tasks})
            .to_string()
            .into_bytes()
    };
    let garden = json!({"id": 1, "name": "Garden"});
    let cases = [
        (
            "a task in no list of the file",
            file(json!([garden]), json!([{"title": "x", "list_id": 2}])),
            "Task 1 of the file: its list_id 2",
        ),
        (
            "two lists with one id",
            file(json!([garden, {"id": 1, "name": "Shed"}]), json!([])),
            "List 2 of the file: its id 1",
        ),
        (
            "two default lists",
            file(
                json!([{"id": 1, "name": "A", "is_default": true}, {"id": 2, "name": "B", "is_default": true}]),
                json!([]),
            ),
            "List 2 of the file: a file has one default list",
        ),
        (
            "a colour not in the palette",
            file(
                json!([{"id": 1, "name": "Garden", "colour": "#00ff00"}]),
                json!([]),
            ),
            "List 1 of the file: The colour is one of",
        ),
        (
            "a list with an empty name",
            file(json!([garden, {"id": 2, "name": " "}]), json!([])),
            "List 2 of the file: A list needs a name",
        ),
        (
            "a bad task after good lists",
            file(json!([garden]), json!([{"title": "", "list_id": 1}])),
            "Task 1 of the file",
        ),
    ];
    for (what, bytes, message) in cases {
        let response = import(&bob, &bytes).await;
        let html = assert_refused_beside(response, "file", message).await;
        assert_eq!(flash(&html), None, "{what}");
        assert_eq!(app.count("lists"), 1, "{what}: no list made");
        assert_eq!(app.count("tasks"), 0, "{what}: no task added");
    }
}
