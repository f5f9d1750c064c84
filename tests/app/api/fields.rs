//! API errors name the field: anything wrong with one field of a body or a
//! query string (missing, of the wrong type, `null` where not allowed, an
//! invalid value) is a 422 `invalid_field` whose message is `field: what is
//! expected`; only what is about no one field is a 400 `bad_request`.
//! Either way nothing changes. One row per case.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Api, TASKS, TestApp, assert_error, path_of, spawn_app};

/// Asserts a 422 `invalid_field` saying exactly `expected`, which starts
/// with the field's name.
async fn assert_says(response: Response, expected: &str) {
    let what = format!("{} {:?}", response.url().path(), response.url().query());
    let message = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    let (field, _) = expected.split_once(": ").expect("a row names its field");
    assert!(
        message.starts_with(&format!("{field}: ")),
        "{what}: the message names {field}: {message:?}"
    );
    assert_eq!(message, expected, "{what}");
}

/// A user with one task, and what must stay as it is.
async fn one_task() -> (TestApp, Api, Value) {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api
        .create(json!({"title": "keep me", "notes": "n", "due": "2030-01-02", "priority": "high"}))
        .await;
    (app, api, task)
}

async fn assert_unchanged(app: &TestApp, api: &Api, task: &Value) {
    assert_eq!(app.count("tasks"), 1);
    assert_eq!(api.get_task(&path_of(task)).await, *task);
}

const WHOLE: &str = "expected a whole number";
const ORDER_RANGE: &str =
    "order: expected a whole number from -9007199254740992 to 9007199254740992";

#[tokio::test]
async fn a_new_task_with_a_field_missing_null_or_of_the_wrong_type_is_a_422_naming_it() {
    let (app, api, task) = one_task().await;

    for (body, expected) in [
        (json!({}), "title: A task needs a title.".to_owned()),
        (
            json!({"notes": "no title"}),
            "title: A task needs a title.".to_owned(),
        ),
        (
            json!({"title": null}),
            "title: A task needs a title.".to_owned(),
        ),
        (json!({"title": 5}), "title: expected text".to_owned()),
        (json!({"title": ["a"]}), "title: expected text".to_owned()),
        (json!({"title": true}), "title: expected text".to_owned()),
        (
            json!({"title": "ok", "notes": 5}),
            "notes: expected text".to_owned(),
        ),
        (
            json!({"title": "ok", "notes": {}}),
            "notes: expected text".to_owned(),
        ),
        (
            json!({"title": "ok", "due": 20300101}),
            "due: expected a date written YYYY-MM-DD".to_owned(),
        ),
        (
            json!({"title": "ok", "priority": 2}),
            "priority: expected low, normal or high".to_owned(),
        ),
        (
            json!({"title": "ok", "order": "first"}),
            format!("order: {WHOLE}"),
        ),
        (
            json!({"title": "ok", "order": 1.5}),
            format!("order: {WHOLE}"),
        ),
        (
            json!({"title": "ok", "order": true}),
            format!("order: {WHOLE}"),
        ),
        (
            json!({"title": "ok", "order": u64::MAX}),
            format!("order: {WHOLE}"),
        ),
        (
            json!({"title": "ok", "order": (1_i64 << 53) + 1}),
            ORDER_RANGE.to_owned(),
        ),
    ] {
        let response = api.send_json(Method::POST, TASKS, &body).await;
        assert_says(response, &expected).await;
    }
    assert_unchanged(&app, &api, &task).await;
}

#[tokio::test]
async fn a_patch_with_a_field_of_the_wrong_type_or_null_where_not_allowed_is_a_422_naming_it() {
    let (app, api, task) = one_task().await;
    let before = app.task_row(&task);

    for (body, expected) in [
        (json!({"title": 5}), "title: expected text".to_owned()),
        (
            json!({"title": null}),
            "title: A task needs a title.".to_owned(),
        ),
        (json!({"notes": 5}), "notes: expected text".to_owned()),
        (
            json!({"due": 20300101}),
            "due: expected a date written YYYY-MM-DD".to_owned(),
        ),
        (
            json!({"due": [2026, 1, 1]}),
            "due: expected a date written YYYY-MM-DD".to_owned(),
        ),
        (
            json!({"priority": 2}),
            "priority: expected low, normal or high".to_owned(),
        ),
        (
            json!({"completed": "yes"}),
            "completed: expected true or false".to_owned(),
        ),
        (
            json!({"completed": 1}),
            "completed: expected true or false".to_owned(),
        ),
        (
            json!({"completed": null}),
            "completed: expected true or false".to_owned(),
        ),
        (
            json!({"notes": "not saved", "completed": null}),
            "completed: expected true or false".to_owned(),
        ),
        (json!({"order": "first"}), format!("order: {WHOLE}")),
        (json!({"order": 1.5}), format!("order: {WHOLE}")),
        (json!({"order": null}), format!("order: {WHOLE}")),
        (json!({"order": i64::MAX}), ORDER_RANGE.to_owned()),
    ] {
        let response = api.send_json(Method::PATCH, &path_of(&task), &body).await;
        assert_says(response, &expected).await;
    }
    assert_eq!(app.task_row(&task), before);
    assert_unchanged(&app, &api, &task).await;
}

#[tokio::test]
async fn a_bad_list_parameter_is_a_422_naming_it() {
    let (app, api, task) = one_task().await;
    let limit = "limit: expected a whole number from 0 to 1000";
    let offset = "offset: expected a whole number from 0 to 2147483647";
    let long_search = format!("q={}", "x".repeat(201));

    for (query, expected) in [
        (
            "filter=x",
            "filter: expected one of all, active, completed".to_owned(),
        ),
        (
            "filter=done",
            "filter: expected one of all, active, completed".to_owned(),
        ),
        (
            "sort=x",
            "sort: expected one of order, created, due, priority, title".to_owned(),
        ),
        (
            long_search.as_str(),
            "q: a search has at most 200 characters".to_owned(),
        ),
        (
            "q=milk%01",
            "q: a search cannot hold control characters".to_owned(),
        ),
        ("limit=-1", limit.to_owned()),
        ("limit=abc", limit.to_owned()),
        ("limit=1001", limit.to_owned()),
        ("limit=1.5", limit.to_owned()),
        ("limit=99999999999999999999", limit.to_owned()),
        ("offset=-1", offset.to_owned()),
        ("offset=abc", offset.to_owned()),
        ("offset=2147483648", offset.to_owned()),
        ("sort=title&limit=ten", limit.to_owned()),
        (
            "due_after=2026-13-01",
            "due_after: A due date is a real date written YYYY-MM-DD.".to_owned(),
        ),
        (
            "due_before=tomorrow",
            "due_before: A due date is a real date written YYYY-MM-DD.".to_owned(),
        ),
        (
            "due_after=2026-12-02&due_before=2026-12-01",
            "due_after: 2026-12-02 is after due_before, 2026-12-01: the window holds no day"
                .to_owned(),
        ),
    ] {
        let response = api.send(Method::GET, &format!("{TASKS}?{query}")).await;
        assert_says(response, &expected).await;
    }
    assert_unchanged(&app, &api, &task).await;
}

#[tokio::test]
async fn a_bad_completed_parameter_when_deleting_is_a_422_naming_it() {
    let (app, api, task) = one_task().await;

    for query in [
        "completed=yes",
        "completed=",
        "completed=1",
        "completed=TRUE",
    ] {
        let response = api.send(Method::DELETE, &format!("{TASKS}?{query}")).await;
        assert_says(response, "completed: expected true or false").await;
    }
    assert_unchanged(&app, &api, &task).await;
}

#[tokio::test]
async fn what_is_about_no_one_field_is_a_400() {
    let (app, api, task) = one_task().await;
    let one = path_of(&task);
    let one = one.as_str();

    for (method, path, body) in [
        (Method::POST, TASKS, r#"{"title":"#),
        (Method::POST, TASKS, "not json"),
        (Method::POST, TASKS, ""),
        (Method::POST, TASKS, "[]"),
        (Method::POST, TASKS, "null"),
        (Method::POST, TASKS, r#"{"title": "a", "title": "b"}"#),
        (Method::PATCH, one, r#"{"completed": tru}"#),
        (Method::PATCH, one, "42"),
        (Method::PATCH, one, r#"{"notes": "a", "notes": null}"#),
    ] {
        let response = api.send_raw(method, path, body).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    for (method, query) in [
        (Method::GET, "filter=%zz"),
        (Method::GET, "limit=%FF%FE"),
        (Method::GET, "q=100%"),
        (Method::GET, "sort=due&sort=title"),
        (Method::DELETE, "completed=tru%65%"),
        (Method::DELETE, "completed=true&completed=false"),
    ] {
        let response = api.send(method, &format!("{TASKS}?{query}")).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    assert_unchanged(&app, &api, &task).await;
}
