//! CORS: the API answers any origin (it takes no cookies, so a page
//! elsewhere gains nothing), and the pages answer none.

use reqwest::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ALLOW, CONTENT_TYPE, ORIGIN, VARY,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TASKS, assert_error, header, json_of, path_of, spawn_app};

fn assert_lists(value: Option<String>, wanted: &[&str], what: &str) {
    let value = value.unwrap_or_else(|| panic!("{what} is present"));
    let items: Vec<String> = value
        .split(',')
        .map(|item| item.trim().to_ascii_lowercase())
        .collect();
    for item in wanted {
        assert!(
            items.contains(&item.to_ascii_lowercase()),
            "{what} ({value:?}) lists {item}"
        );
    }
}

#[tokio::test]
async fn a_preflight_is_answered_204_with_the_allowed_methods_and_headers() {
    let app = spawn_app().await;

    for (path, method) in [
        (TASKS, "POST"),
        ("/api/tasks/1", "PATCH"),
        ("/api/tasks/1", "DELETE"),
    ] {
        let response = reqwest::Client::new()
            .request(Method::OPTIONS, format!("{}{path}", app.address))
            .header(ORIGIN, "https://elsewhere.example")
            .header(ACCESS_CONTROL_REQUEST_METHOD, method)
            .header(
                ACCESS_CONTROL_REQUEST_HEADERS,
                "authorization, content-type",
            )
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header(&response, ACCESS_CONTROL_ALLOW_ORIGIN.as_str()).as_deref(),
            Some("*"),
            "{path}"
        );
        assert_lists(
            header(&response, ACCESS_CONTROL_ALLOW_METHODS.as_str()),
            &["GET", "POST", "PATCH", "DELETE"],
            "Access-Control-Allow-Methods",
        );
        assert_lists(
            header(&response, ACCESS_CONTROL_ALLOW_HEADERS.as_str()),
            &["Authorization", "Content-Type"],
            "Access-Control-Allow-Headers",
        );
        let max_age = header(&response, ACCESS_CONTROL_MAX_AGE.as_str());
        assert!(
            max_age.is_some_and(|seconds| seconds.parse::<u32>().is_ok_and(|s| s > 0)),
            "{path}: a preflight may be kept a while"
        );
    }
}

#[tokio::test]
async fn api_answers_allow_any_origin_and_expose_location_and_x_total_count() {
    // Every request here carries an `Origin`, as every cross-origin request
    // from a browser does. (Requests without one were answered
    // `Access-Control-Allow-Origin: *` too before actix-cors; it labels
    // only CORS requests, and marks the others `Vary: Origin`, below.)
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let from_elsewhere = |method: Method, path: &str| {
        api.request(method, path)
            .header(ORIGIN, "https://elsewhere.example")
    };
    let created = from_elsewhere(Method::POST, TASKS)
        .json(&json!({"title": "cross-origin"}))
        .send()
        .await
        .unwrap();
    let task_path = format!("{TASKS}/{}", created.json::<Value>().await.unwrap()["id"]);

    let requests = [
        from_elsewhere(Method::GET, TASKS),
        from_elsewhere(Method::POST, TASKS).json(&json!({"title": "another"})),
        from_elsewhere(Method::GET, &task_path),
        from_elsewhere(Method::GET, "/api/tasks/999999"),
        from_elsewhere(Method::GET, "/api/nope"),
        from_elsewhere(Method::POST, TASKS).json(&json!({"title": 5})),
        reqwest::Client::new()
            .get(format!("{}{TASKS}", app.address))
            .header(ORIGIN, "https://elsewhere.example"),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let what = format!("{} {}", response.status(), response.url().path());
        assert_eq!(
            header(&response, ACCESS_CONTROL_ALLOW_ORIGIN.as_str()).as_deref(),
            Some("*"),
            "{what}"
        );
        assert_lists(
            header(&response, ACCESS_CONTROL_EXPOSE_HEADERS.as_str()),
            &["Location", "X-Total-Count"],
            &what,
        );
    }
}

#[tokio::test]
async fn an_api_answer_without_an_origin_varies_by_origin() {
    // So that a shared cache never hands an answer made for a request
    // without `Origin` (and so without `Access-Control-Allow-Origin`) to a
    // cross-origin one.
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    for response in [
        api.send(Method::GET, TASKS).await,
        app.anonymous(Method::GET, TASKS).await,
    ] {
        assert_lists(header(&response, VARY.as_str()), &["Origin"], "Vary");
    }
}

#[tokio::test]
async fn a_preflight_for_a_method_or_header_not_allowed_is_refused_with_a_json_error() {
    let app = spawn_app().await;

    for (method, headers) in [("PUT", "content-type"), ("POST", "x-secret")] {
        let response = reqwest::Client::new()
            .request(Method::OPTIONS, format!("{}{TASKS}", app.address))
            .header(ORIGIN, "https://elsewhere.example")
            .header(ACCESS_CONTROL_REQUEST_METHOD, method)
            .header(ACCESS_CONTROL_REQUEST_HEADERS, headers)
            .send()
            .await
            .unwrap();
        assert!(
            !response
                .headers()
                .contains_key(ACCESS_CONTROL_ALLOW_METHODS),
            "{method} {headers}"
        );
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
}

#[tokio::test]
async fn a_plain_options_request_is_told_the_allowed_methods() {
    let app = spawn_app().await;

    for (path, allowed) in [
        (TASKS, ["GET", "POST", "DELETE"]),
        ("/api/tasks/1", ["GET", "PATCH", "DELETE"]),
    ] {
        let response = app.anonymous(Method::OPTIONS, path).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "{path}");
        assert_lists(header(&response, ALLOW.as_str()), &allowed, "Allow");
    }
}

#[tokio::test]
async fn pages_do_not_allow_other_origins() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;

    for path in ["/", "/login", "/tasks", "/account", "/no-such-page"] {
        let response = browser
            .client
            .get(browser.url(path))
            .header(ORIGIN, "https://elsewhere.example")
            .send()
            .await
            .unwrap();
        assert!(
            !response.headers().contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
            "{path}"
        );
    }
    for path in ["/", "/login"] {
        let response = app.anonymous(Method::GET, path).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(!response.headers().contains_key(ACCESS_CONTROL_ALLOW_ORIGIN));
    }
}

#[tokio::test]
async fn a_get_or_delete_with_a_json_content_type_and_no_body_works() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "t"})).await;
    let with_type = |method: Method, path: &str| {
        api.request(method, path)
            .header(CONTENT_TYPE, "application/json")
            .send()
    };

    let response = with_type(Method::GET, TASKS).await.unwrap();
    assert_eq!(json_of(response, StatusCode::OK).await, json!([task]));
    let response = with_type(Method::GET, &path_of(&task)).await.unwrap();
    assert_eq!(json_of(response, StatusCode::OK).await, task);
    let response = with_type(Method::DELETE, &path_of(&task)).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    api.create(json!({"title": "u"})).await;
    let response = with_type(Method::DELETE, TASKS).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("tasks"), 0);
}
