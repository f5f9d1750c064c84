//! Labels: typed on the forms and sent over the API, shown as links that
//! filter the view, matched ignoring case in every list the user can see,
//! counted by `GET /api/labels`; and the limits, each a 422 that names the
//! field and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{add, id};
use crate::helpers::{TASKS, assert_invalid, attribute, json_of, spawn_app, text_of};

#[tokio::test]
async fn labels_are_kept_as_typed_and_filter_pages_and_the_api_ignoring_case() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let work = alice.create_list(json!({"name": "Work"})).await;
    browser
        .submit(
            "/tasks",
            "/tasks",
            &[("title", "Buy milk"), ("labels", " errands, Home ,, home")],
        )
        .await;
    add(&alice, "Call mum", json!({"labels": ["HOME"]})).await;
    add(
        &alice,
        "Report",
        json!({"labels": ["work"], "list_id": work}),
    )
    .await;
    add(&alice, "Nothing", json!({})).await;

    let milk = &alice.list("?q=milk").await.0[0];
    assert_eq!(milk["labels"], json!(["errands", "Home"]));
    assert_eq!(alice.titles("?label=home").await, ["Buy milk", "Call mum"]);
    assert_eq!(alice.list("?label=Home").await.1, 2);
    assert_eq!(
        alice.titles(&format!("?label=WORK&list={work}")).await,
        ["Report"]
    );
    assert_eq!(alice.titles("?label=home&q=mum").await, ["Call mum"]);
    assert_eq!(alice.titles("?label=nobody").await, Vec::<String>::new());

    // Each chip links to the same view with its label.
    let html = browser.page("/tasks?filter=active").await;
    let chips = attribute(&html, "a.label-chip", "href");
    assert!(
        chips.contains(&"/tasks?filter=active&label=Home".to_owned()),
        "{chips:?}"
    );
    let filtered = browser.page("/tasks?label=HOME").await;
    assert_eq!(text_of(&filtered, ".task-title"), ["Buy milk", "Call mum"]);
    assert_eq!(text_of(&filtered, ".label-filter a"), ["Show every label"]);

    let labels = json_of(alice.send(Method::GET, "/api/labels").await, StatusCode::OK).await;
    assert_eq!(
        labels,
        json!([
            {"label": "errands", "tasks": 1},
            {"label": "HOME", "tasks": 2},
            {"label": "work", "tasks": 1},
        ])
    );
    let in_work = json_of(
        alice
            .send(Method::GET, &format!("/api/labels?list={work}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(in_work, json!([{"label": "work", "tasks": 1}]));
    let (_, bob) = app.api_user("bob").await;
    let hidden = bob
        .send(Method::GET, &format!("/api/labels?list={work}"))
        .await;
    crate::helpers::assert_error(hidden, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn editing_replaces_the_labels_and_moving_a_task_takes_them_along() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let other = alice.create_list(json!({"name": "Other"})).await;
    let task = add(&alice, "Task", json!({"labels": ["a", "b"]})).await;
    let changed = alice.patch(&task, json!({"labels": ["c"]})).await;
    assert_eq!(changed["labels"], json!(["c"]));
    assert_eq!(alice.titles("?label=a").await, Vec::<String>::new());
    alice.patch(&task, json!({"list_id": other})).await;
    assert_eq!(
        alice.titles(&format!("?label=c&list={other}")).await,
        ["Task"]
    );
    // The edit page shows them in its field, and saving the form keeps them.
    let page = format!("/tasks/{}", id(&task));
    let html = browser.page(&page).await;
    assert_eq!(attribute(&html, "#labels", "value"), ["c"]);
    browser
        .submit(
            &page,
            &page,
            &[
                ("title", "Task"),
                ("labels", "c, d"),
                ("list_id", &other.to_string()),
            ],
        )
        .await;
    assert_eq!(
        alice.get_task(&format!("{TASKS}/{}", id(&task))).await["labels"],
        json!(["c", "d"])
    );
    let cleared = alice.patch(&task, json!({"labels": []})).await;
    assert_eq!(cleared["labels"], json!([]));
    assert_eq!(app.count("task_labels"), 0);
}

#[tokio::test]
async fn a_label_too_long_or_too_many_is_refused_naming_the_field_and_nothing_changes() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let task = add(&alice, "Task", json!({"labels": ["kept"]})).await;
    let long = "x".repeat(41);
    let many: Vec<String> = (0..21).map(|n| format!("l{n}")).collect();
    for labels in [
        json!([long]),
        json!(many),
        json!([""]),
        json!(["a,b"]),
        json!("home"),
    ] {
        let body = json!({"title": "New", "labels": labels});
        assert_invalid(alice.send_json(Method::POST, TASKS, &body).await, "labels").await;
        let patch = json!({"labels": labels});
        let path = format!("{TASKS}/{}", id(&task));
        assert_invalid(
            alice.send_json(Method::PATCH, &path, &patch).await,
            "labels",
        )
        .await;
    }
    assert_invalid(
        alice
            .send(Method::GET, &format!("{TASKS}?label={long}"))
            .await,
        "label",
    )
    .await;
    assert_eq!(alice.titles("").await, ["Task"]);
    assert_eq!(
        alice.get_task(&format!("{TASKS}/{}", id(&task))).await["labels"],
        json!(["kept"])
    );

    // The form keeps what was typed and says what is wrong beside it.
    let typed = format!("ok, {long}");
    let response = browser
        .submit("/tasks", "/tasks", &[("title", "New"), ("labels", &typed)])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("a page");
    assert_eq!(attribute(&html, "#labels", "value"), [typed]);
    assert!(
        text_of(&html, "#labels-error")
            .concat()
            .contains("40 characters")
    );
    assert_eq!(app.count("tasks"), 1);
}

#[tokio::test]
async fn a_label_on_many_tasks_pages_like_one_on_few() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    // 600 labelled among 900, so that the view is read in its order; and
    // one label on three, found by its index.
    let mut expected = Vec::new();
    for n in 0..900 {
        let labels = match n % 3 {
            0 => json!([]),
            _ if n % 300 == 1 => json!(["common", "rare"]),
            _ => json!(["common"]),
        };
        let task = add(&alice, &format!("t{n:03}"), json!({"labels": labels})).await;
        if n % 3 != 0 {
            expected.push(task["title"].as_str().unwrap().to_owned());
        }
    }
    let (page, total) = alice.list("?label=common&limit=50").await;
    assert_eq!(total, 600);
    let titles: Vec<&str> = page
        .iter()
        .map(|task| task["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, expected[..50]);
    let later = alice.titles("?label=COMMON&limit=50&offset=550").await;
    assert_eq!(later, expected[550..]);
    assert_eq!(alice.titles("?label=rare").await, ["t001", "t301", "t601"]);
    let html = browser.page("/tasks?label=common&page=12").await;
    assert_eq!(text_of(&html, ".task-title"), expected[550..]);
    // Done ones counted the other way, through the tasks.
    let first = alice.list("?label=common&limit=1").await.0[0].clone();
    alice.patch(&first, json!({"completed": true})).await;
    assert_eq!(alice.list("?label=common&filter=active").await.1, 599);
    assert_eq!(alice.list("?label=common&filter=completed").await.1, 1);
}
