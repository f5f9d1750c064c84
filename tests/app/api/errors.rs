//! Errors of the API: malformed JSON, wrong types, sizes, content types,
//! ids, routes and methods each get the JSON error envelope with the right
//! status, never a 500, and change nothing.

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{
    Api, Browser, TASKS, TestApp, assert_error, assert_invalid, header, json_of, path_of, spawn_app,
};

#[tokio::test]
async fn malformed_json_is_a_400() {
    // A wrong type was a 400 here too; it is now a 422 naming the field
    // (`fields.rs`).
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "target"})).await;
    let before = app.task_row(&task);

    for body in [r#"{"title":"#, "", "not json", r#"{"title": "a",}"#] {
        let response = api.send_raw(Method::POST, TASKS, body).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    for body in [r#"{"title":"#, r#"{"completed": yes}"#, "{'title': 'a'}"] {
        let response = api.send_raw(Method::PATCH, &path_of(&task), body).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    assert_eq!(app.count("tasks"), 1);
    assert_eq!(app.task_row(&task), before);
}

/// Sends each of `bodies` (none a JSON object): each must be a 400
/// `bad_request`, and none accepted.
async fn assert_only_objects_accepted(api: &Api, method: Method, path: &str, bodies: &[&str]) {
    let mut accepted = Vec::new();
    for body in bodies {
        let response = api.send_raw(method.clone(), path, (*body).to_owned()).await;
        if response.status().is_success() {
            accepted.push((body, response.status()));
        } else {
            assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
        }
    }
    assert_eq!(
        accepted,
        [],
        "bodies that are not a JSON object were accepted"
    );
}

#[tokio::test]
async fn a_json_array_or_null_body_to_create_is_a_400() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let bodies = ["[]", r#"["from an array"]"#, "null", "\"a string\"", "42"];
    assert_only_objects_accepted(&api, Method::POST, TASKS, &bodies).await;
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn a_json_array_or_null_body_to_patch_is_a_400() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "target"})).await;
    let before = app.task_row(&task);

    let bodies = ["[]", r#"["from an array"]"#, "null", "42"];
    assert_only_objects_accepted(&api, Method::PATCH, &path_of(&task), &bodies).await;
    assert_eq!(app.task_row(&task), before);
}

#[tokio::test]
async fn a_body_over_64_kib_is_a_413() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "target"})).await;
    let big = json!({"title": "big", "notes": "x".repeat(65 * 1024)});

    let response = api.send_json(Method::POST, TASKS, &big).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let response = api.send_json(Method::PATCH, &path_of(&task), &big).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    assert_eq!(app.count("tasks"), 1);
    assert_eq!(api.get_task(&path_of(&task)).await, task);
}

#[tokio::test]
async fn a_body_that_is_not_labelled_json_is_a_415() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "target"})).await;
    let body = r#"{"title": "sneaky"}"#;

    for (method, path) in [
        (Method::POST, TASKS.to_owned()),
        (Method::PATCH, path_of(&task)),
    ] {
        for content_type in [
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            None,
        ] {
            let mut request = api.request(method.clone(), &path).body(body);
            if let Some(content_type) = content_type {
                request = request.header(CONTENT_TYPE, content_type);
            }
            let response = request.send().await.unwrap();
            assert_error(
                response,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
            )
            .await;
        }
    }
    assert_eq!(api.titles("").await, ["target"]);
}

#[tokio::test]
async fn an_unknown_foreign_or_malformed_id_is_a_404() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let bobs = bob.create(json!({"title": "bob's"})).await;
    let before = app.task_row(&bobs);

    for path in [
        format!("{TASKS}/123456"),
        path_of(&bobs),
        format!("{TASKS}/abc"),
        format!("{TASKS}/99999999999999999999"),
        format!("{TASKS}/-1"),
        format!("{TASKS}/0"),
    ] {
        for response in [
            alice.send(Method::GET, &path).await,
            alice
                .send_json(Method::PATCH, &path, &json!({"title": "mine now"}))
                .await,
            alice.send(Method::DELETE, &path).await,
        ] {
            assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    assert_eq!(app.task_row(&bobs), before);
}

#[tokio::test]
async fn an_unknown_route_under_api_is_a_404_json_error() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "t"})).await;

    for path in [
        "/api".to_owned(),
        "/api/".to_owned(),
        "/api/nope".to_owned(),
        "/api/task".to_owned(),
        format!("{}/toggle", path_of(&task)),
    ] {
        assert_error(
            api.send(Method::GET, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_error(
            app.anonymous(Method::GET, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
}

#[tokio::test]
async fn an_unsupported_method_is_a_405_json_error() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "t"})).await;

    for (method, path) in [
        (Method::PUT, TASKS.to_owned()),
        (Method::PATCH, TASKS.to_owned()),
        (Method::PUT, path_of(&task)),
        (Method::POST, path_of(&task)),
    ] {
        let response = api
            .send_json(method.clone(), &path, &json!({"title": "x"}))
            .await;
        let allow = header(&response, "allow").unwrap_or_default();
        assert!(allow.contains("GET"), "{method} {path}: Allow is {allow:?}");
        assert_error(
            response,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        )
        .await;
    }
    assert_eq!(api.get_task(&path_of(&task)).await, task);
    assert_eq!(app.count("tasks"), 1);
}

#[tokio::test]
async fn a_json_content_type_with_a_charset_is_accepted() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let response = api
        .request(Method::POST, TASKS)
        .header(CONTENT_TYPE, "application/json; charset=utf-8")
        .body(r#"{"title": "with a charset"}"#)
        .send()
        .await
        .unwrap();

    let task = json_of(response, StatusCode::CREATED).await;
    assert_eq!(task["title"], "with a charset");
}

/// Adds a task without an order, through the API and through the page
/// form, after a task already holds the largest order there is: both must
/// work (or the huge order must have been refused), and never be a 500.
async fn assert_new_tasks_still_go_last(app: &TestApp, browser: &Browser, api: &Api) {
    let response = api
        .send_json(Method::POST, TASKS, &json!({"title": "after"}))
        .await;
    let task = json_of(response, StatusCode::CREATED).await;
    assert_eq!(task["title"], "after");
    assert_eq!(
        api.titles("").await.last().map(String::as_str),
        Some("after")
    );
    let response = browser
        .submit("/tasks", "/tasks", &[("title", "from the page")])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "adding on the page"
    );
    assert_eq!(
        api.titles("").await.last().map(String::as_str),
        Some("from the page")
    );
    assert_eq!(app.count("tasks"), 3);
}

#[tokio::test]
async fn creating_a_task_with_the_largest_order_does_not_break_adding_more() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;

    let response = api
        .send_json(
            Method::POST,
            TASKS,
            &json!({"title": "huge", "order": i64::MAX}),
        )
        .await;
    if response.status() == StatusCode::CREATED {
        assert_new_tasks_still_go_last(&app, &browser, &api).await;
    } else {
        assert_invalid(response, "order").await;
    }
}

#[tokio::test]
async fn moving_a_task_to_the_largest_order_does_not_break_adding_more() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "huge"})).await;

    let response = api
        .send_json(Method::PATCH, &path_of(&task), &json!({"order": i64::MAX}))
        .await;
    if response.status() == StatusCode::OK {
        assert_new_tasks_still_go_last(&app, &browser, &api).await;
    } else {
        assert_invalid(response, "order").await;
    }
}
