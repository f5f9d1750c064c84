//! The JSON API, as a script sees it: Todo-Backend's behaviours, the list's
//! query, PATCH semantics, validation, JSON errors, bearer tokens, one
//! user's tasks kept from another's, CORS, and the API and the pages
//! showing the same tasks.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use reqwest::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD,
    CONTENT_TYPE, ORIGIN, WWW_AUTHENTICATE,
};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Api, Browser, TestApp, attribute, spawn_app, sql_time};

const TASKS: &str = "/api/tasks";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The API path of a task, from its JSON.
fn path_of(task: &Value) -> String {
    format!("{TASKS}/{}", task["id"])
}

async fn send(api: &Api, method: Method, path: &str) -> Response {
    api.request(method, path)
        .send()
        .await
        .expect("the request reaches the server")
}

async fn send_json(api: &Api, method: Method, path: &str, body: &Value) -> Response {
    api.request(method, path)
        .json(body)
        .send()
        .await
        .expect("the request reaches the server")
}

/// Sends `body` exactly as given, labelled as JSON.
async fn send_raw(
    api: &Api,
    method: Method,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> Response {
    api.request(method, path)
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .expect("the request reaches the server")
}

/// A client with no token and no cookies.
async fn anonymous(app: &TestApp, method: Method, path: &str) -> Response {
    reqwest::Client::new()
        .request(method, format!("{}{path}", app.address))
        .send()
        .await
        .expect("the request reaches the server")
}

/// Asserts `status` and reads the JSON body.
async fn json_of(response: Response, status: StatusCode) -> Value {
    let url = response.url().clone();
    let actual = response.status();
    let text = response.text().await.expect("a body");
    assert_eq!(actual, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{url}: not JSON ({err}): {text}"))
}

/// PATCHes `changes` and returns the task as it now is.
async fn patch(api: &Api, task: &Value, changes: Value) -> Value {
    json_of(
        send_json(api, Method::PATCH, &path_of(task), &changes).await,
        StatusCode::OK,
    )
    .await
}

async fn get_task(api: &Api, path: &str) -> Value {
    json_of(send(api, Method::GET, path).await, StatusCode::OK).await
}

/// `GET /api/tasks{query}`: the tasks and `X-Total-Count`.
async fn list(api: &Api, query: &str) -> (Vec<Value>, i64) {
    let response = send(api, Method::GET, &format!("{TASKS}{query}")).await;
    let total = header(&response, "X-Total-Count")
        .unwrap_or_else(|| panic!("X-Total-Count on {TASKS}{query}"))
        .parse()
        .expect("X-Total-Count is a number");
    let body = json_of(response, StatusCode::OK).await;
    let tasks = body.as_array().expect("the list is a JSON array").clone();
    (tasks, total)
}

async fn titles(api: &Api, query: &str) -> Vec<String> {
    list(api, query).await.0.iter().map(title).collect()
}

fn title(task: &Value) -> String {
    task["title"].as_str().expect("a title").to_owned()
}

fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header").to_owned())
}

/// An error answer: its status, `error.code` and `error.message`, after
/// checking that it is the API's JSON error envelope.
async fn error_of(response: Response) -> (StatusCode, String, String) {
    let status = response.status();
    assert!(
        status.is_client_error() || status.is_server_error(),
        "an error, not {status} for {}",
        response.url()
    );
    let content_type = header(&response, "content-type").unwrap_or_default();
    let text = response.text().await.expect("a body");
    assert!(
        content_type.starts_with("application/json"),
        "a {status} error is JSON, not {content_type:?}: {text}"
    );
    let body: Value = serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("a {status} error parses as JSON ({err}): {text}"));
    let code = body["error"]["code"].as_str();
    let message = body["error"]["message"].as_str();
    match (code, message) {
        (Some(code), Some(message)) => (status, code.to_owned(), message.to_owned()),
        _ => panic!("a {status} error has a string error.code and error.message: {text}"),
    }
}

/// Asserts an error of `status` with `code`; returns its message.
async fn assert_error(response: Response, status: StatusCode, code: &str) -> String {
    let what = format!(
        "{} {}",
        response.url().path(),
        response.url().query().unwrap_or("")
    );
    let (actual, actual_code, message) = error_of(response).await;
    assert_eq!(
        (actual, actual_code.as_str()),
        (status, code),
        "{what}: {message}"
    );
    message
}

/// Asserts a 422 `invalid_field` whose message names `field`.
async fn assert_invalid(response: Response, field: &str) {
    let message = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert!(
        message.starts_with(&format!("{field}: ")),
        "the message names {field}: {message:?}"
    );
}

/// A task as the database holds it.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    notes: String,
    #[diesel(sql_type = Bool)]
    completed: bool,
    #[diesel(sql_type = BigInt)]
    position: i64,
    #[diesel(sql_type = Text)]
    updated_at: String,
}

fn row(app: &TestApp, task: &Value) -> Row {
    let id = task["id"].as_i64().expect("an id");
    // The time as text, CAST being the one spelling both backends know.
    diesel::sql_query(format!(
        "SELECT title, notes, completed, position, CAST(updated_at AS TEXT) AS updated_at \
         FROM tasks WHERE id = {id}"
    ))
    .get_result(&mut app.db())
    .unwrap_or_else(|err| panic!("task {id} is in the database: {err}"))
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

fn user_id(app: &TestApp, username: &str) -> i64 {
    diesel::sql_query(format!(
        "SELECT id FROM users WHERE username = '{username}'"
    ))
    .get_result::<Id>(&mut app.db())
    .expect("the user exists")
    .id
}

// ---------------------------------------------------------------------------
// Todo-Backend behaviours
// ---------------------------------------------------------------------------

#[tokio::test]
async fn creating_a_task_answers_201_with_the_task_its_absolute_url_and_location() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let response = send_json(&api, Method::POST, TASKS, &json!({"title": "Buy milk"})).await;

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
    let mut keys: Vec<&str> = task
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "completed",
            "completed_at",
            "created_at",
            "due",
            "id",
            "notes",
            "order",
            "priority",
            "title",
            "updated_at",
            "url"
        ]
    );
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
    assert_eq!(titles(&api, "").await, ["first", "second", "third"]);
}

#[tokio::test]
async fn a_task_created_with_an_order_keeps_it() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "one"})).await;
    api.create(json!({"title": "two"})).await;

    let placed = api.create(json!({"title": "zero", "order": -5})).await;

    assert_eq!(placed["order"], -5);
    assert_eq!(get_task(&api, &path_of(&placed)).await["order"], -5);
    assert_eq!(titles(&api, "").await, ["zero", "one", "two"]);
}

#[tokio::test]
async fn patching_the_title_renames_the_task() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "old"})).await;

    let patched = patch(&api, &task, json!({"title": "  new  "})).await;

    assert_eq!(patched["title"], "new");
    assert_eq!(get_task(&api, &path_of(&task)).await["title"], "new");
}

#[tokio::test]
async fn completing_a_task_stamps_completed_at_and_reopening_clears_it() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "done soon"})).await;

    let done = patch(&api, &task, json!({"completed": true})).await;
    assert_eq!(done["completed"], true);
    assert!(done["completed_at"].is_string(), "{done}");
    assert_eq!(get_task(&api, &path_of(&task)).await, done);

    let open = patch(&api, &task, json!({"completed": false})).await;
    assert_eq!(open["completed"], false);
    assert_eq!(open["completed_at"], Value::Null);
}

#[tokio::test]
async fn completing_an_already_completed_task_keeps_its_completed_at() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "done"})).await;
    let done = patch(&api, &task, json!({"completed": true})).await;

    let again = patch(&api, &task, json!({"completed": true})).await;

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

    let moved = patch(
        &api,
        &first,
        json!({"order": last["order"].as_i64().unwrap() + 1}),
    )
    .await;

    assert_eq!(moved["order"], last["order"].as_i64().unwrap() + 1);
    assert_eq!(titles(&api, "").await, ["second", "third", "first"]);
}

#[tokio::test]
async fn a_task_sent_back_whole_as_a_patch_is_accepted() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "whole"})).await;
    let mut body = task.clone();
    body["title"] = json!("whole again");
    body["completed"] = json!(true);

    let patched = patch(&api, &task, body).await;

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

    let response = send(&api, Method::DELETE, &path_of(&task)).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.text().await.unwrap().is_empty());
    assert_error(
        send(&api, Method::GET, &path_of(&task)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        send(&api, Method::DELETE, &path_of(&task)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(get_task(&api, &path_of(&kept)).await, kept);
}

#[tokio::test]
async fn deleting_the_collection_deletes_all_of_the_users_tasks_and_only_theirs() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let done = alice.create(json!({"title": "a1"})).await;
    patch(&alice, &done, json!({"completed": true})).await;
    alice.create(json!({"title": "a2"})).await;
    bob.create(json!({"title": "b1"})).await;

    let response = send(&alice, Method::DELETE, TASKS).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(list(&alice, "").await, (vec![], 0));
    assert_eq!(titles(&bob, "").await, ["b1"]);
    assert_eq!(app.count("tasks"), 1);
}

#[tokio::test]
async fn deleting_the_collection_with_completed_true_deletes_only_the_done_tasks() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let done = api.create(json!({"title": "done"})).await;
    patch(&api, &done, json!({"completed": true})).await;
    api.create(json!({"title": "open"})).await;
    let bobs = bob.create(json!({"title": "bob's done"})).await;
    patch(&bob, &bobs, json!({"completed": true})).await;

    let response = send(&api, Method::DELETE, &format!("{TASKS}?completed=true")).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(titles(&api, "").await, ["open"]);
    assert_eq!(titles(&bob, "").await, ["bob's done"]);
}

#[tokio::test]
async fn a_bad_completed_parameter_on_delete_is_a_400_and_deletes_nothing() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "safe"})).await;

    for query in ["?completed=yes", "?completed=", "?completed=1"] {
        let response = send(&api, Method::DELETE, &format!("{TASKS}{query}")).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    assert_eq!(titles(&api, "").await, ["safe"]);
}

// ---------------------------------------------------------------------------
// Listing: filter, search, sort, paging
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_list_is_a_json_array_with_the_total_in_x_total_count() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    assert_eq!(list(&api, "").await, (vec![], 0));

    let first = api.create(json!({"title": "first"})).await;
    let second = api.create(json!({"title": "second"})).await;

    assert_eq!(list(&api, "").await, (vec![first, second], 2));
}

#[tokio::test]
async fn the_list_filters_active_and_completed_tasks() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let done = api.create(json!({"title": "done"})).await;
    patch(&api, &done, json!({"completed": true})).await;
    api.create(json!({"title": "open 1"})).await;
    api.create(json!({"title": "open 2"})).await;

    let (active, active_total) = list(&api, "?filter=active").await;
    let (completed, completed_total) = list(&api, "?filter=completed").await;
    let (all, all_total) = list(&api, "?filter=all").await;

    assert_eq!(
        active.iter().map(title).collect::<Vec<_>>(),
        ["open 1", "open 2"]
    );
    assert_eq!(active_total, 2);
    assert_eq!(completed.iter().map(title).collect::<Vec<_>>(), ["done"]);
    assert_eq!(completed_total, 1);
    assert_eq!(all.len(), 3);
    assert_eq!(all_total, 3);
}

#[tokio::test]
async fn the_list_searches_titles_and_notes() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "Buy milk"})).await;
    api.create(json!({"title": "Groceries", "notes": "eggs, milk, bread"}))
        .await;
    api.create(json!({"title": "Call mum"})).await;
    api.create(json!({"title": "100% done"})).await;

    assert_eq!(titles(&api, "?q=milk").await, ["Buy milk", "Groceries"]);
    assert_eq!(list(&api, "?q=milk").await.1, 2);
    assert_eq!(titles(&api, "?q=MILK").await, ["Buy milk", "Groceries"]);
    assert_eq!(titles(&api, "?q=%25").await, ["100% done"]);
    assert_eq!(list(&api, "?q=nothing").await, (vec![], 0));
    let (_, bob) = app.api_user("bob").await;
    assert_eq!(list(&bob, "?q=milk").await, (vec![], 0));
}

#[tokio::test]
async fn the_list_sorts_by_order_created_due_priority_and_title() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "banana", "due": "2030-03-01", "priority": "low"}))
        .await;
    api.create(json!({"title": "Apple", "priority": "high"}))
        .await;
    api.create(json!({"title": "cherry", "due": "2030-01-01"}))
        .await;

    for (sort, expected) in [
        ("", ["banana", "Apple", "cherry"]),
        ("?sort=order", ["banana", "Apple", "cherry"]),
        ("?sort=created", ["cherry", "Apple", "banana"]),
        ("?sort=due", ["cherry", "banana", "Apple"]),
        ("?sort=priority", ["Apple", "cherry", "banana"]),
        ("?sort=title", ["Apple", "banana", "cherry"]),
    ] {
        assert_eq!(titles(&api, sort).await, expected, "{sort}");
    }
}

#[tokio::test]
async fn limit_and_offset_page_the_list_while_x_total_count_stays_the_total() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    for n in 1..=5 {
        api.create(json!({"title": format!("t{n}")})).await;
    }
    let page = |tasks: Vec<Value>| tasks.iter().map(title).collect::<Vec<_>>();

    let (tasks, total) = list(&api, "?limit=2").await;
    assert_eq!(
        (page(tasks), total),
        (vec!["t1".to_owned(), "t2".to_owned()], 5)
    );
    let (tasks, total) = list(&api, "?limit=2&offset=2").await;
    assert_eq!(
        (page(tasks), total),
        (vec!["t3".to_owned(), "t4".to_owned()], 5)
    );
    let (tasks, total) = list(&api, "?limit=2&offset=4").await;
    assert_eq!((page(tasks), total), (vec!["t5".to_owned()], 5));
    let (tasks, total) = list(&api, "?offset=10").await;
    assert_eq!((tasks.len(), total), (0, 5));
    let (tasks, total) = list(&api, "?limit=0").await;
    assert_eq!((tasks.len(), total), (0, 5));
    let (tasks, total) = list(&api, "?limit=1000&sort=title&q=t&filter=active").await;
    assert_eq!((tasks.len(), total), (5, 5));
    let (tasks, total) = list(&api, "?limit=1&filter=active&sort=created").await;
    assert_eq!((page(tasks), total), (vec!["t5".to_owned()], 5));
}

#[tokio::test]
async fn bad_list_parameters_are_a_400_json_error() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "one"})).await;

    for query in [
        "?filter=x",
        "?sort=x",
        "?limit=-1",
        "?limit=abc",
        "?limit=5000",
        "?limit=1001",
        "?limit=1.5",
        "?offset=-1",
        "?offset=abc",
        "?limit=99999999999999999999",
    ] {
        let response = send(&api, Method::GET, &format!("{TASKS}{query}")).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
}

// ---------------------------------------------------------------------------
// PATCH: only what is sent changes
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_patch_changes_only_the_fields_it_sends() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api
        .create(json!({"title": "full", "notes": "some notes", "due": "2030-01-02", "priority": "high"}))
        .await;

    let patched = patch(&api, &task, json!({"notes": "other notes"})).await;

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

    let patched = patch(&api, &task, json!({"due": "2031-12-31"})).await;
    assert_eq!(patched["due"], "2031-12-31");
    assert_eq!(patched["notes"], "other notes");
    assert_eq!(patched["priority"], "high");

    let patched = patch(&api, &task, json!({"priority": "low"})).await;
    assert_eq!(patched["priority"], "low");
    assert_eq!(patched["due"], "2031-12-31");
    assert_eq!(patched["title"], "full");

    let unchanged = patch(&api, &task, json!({})).await;
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

    let cleared = patch(
        &api,
        &task,
        json!({"notes": null, "due": null, "priority": null}),
    )
    .await;

    assert_eq!(cleared["notes"], "");
    assert_eq!(cleared["due"], Value::Null);
    assert_eq!(cleared["priority"], "normal");
    assert_eq!(cleared["title"], "full");
    assert_eq!(get_task(&api, &path_of(&task)).await, cleared);
}

#[tokio::test]
async fn null_for_title_completed_or_order_is_a_422_naming_the_field() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "keep me"})).await;
    let before = row(&app, &task);

    for field in ["title", "completed", "order"] {
        let response = send_json(
            &api,
            Method::PATCH,
            &path_of(&task),
            &json!({ field: null }),
        )
        .await;
        assert_invalid(response, field).await;
    }
    let response = send_json(
        &api,
        Method::PATCH,
        &path_of(&task),
        &json!({"notes": "not saved", "completed": null}),
    )
    .await;
    assert_invalid(response, "completed").await;
    assert_eq!(row(&app, &task), before);
}

// ---------------------------------------------------------------------------
// Validation: the same rules as the pages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_invalid_new_task_is_a_422_naming_the_field_and_nothing_is_created() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let long = "x".repeat(201);

    for (body, field) in [
        (json!({"title": ""}), "title"),
        (json!({"title": "   "}), "title"),
        (json!({"title": long}), "title"),
        (json!({"title": "two\nlines"}), "title"),
        (json!({"title": "ok", "due": "2026-02-30"}), "due"),
        (json!({"title": "ok", "due": "tomorrow"}), "due"),
        (json!({"title": "ok", "due": "2026-2-3"}), "due"),
        (json!({"title": "ok", "priority": "urgent"}), "priority"),
        (json!({"title": "ok", "notes": "x".repeat(10_001)}), "notes"),
    ] {
        let response = send_json(&api, Method::POST, TASKS, &body).await;
        assert_invalid(response, field).await;
    }
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_invalid_patch_is_a_422_naming_the_field_and_changes_nothing() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api
        .create(json!({"title": "valid", "notes": "n", "due": "2030-01-02"}))
        .await;
    let before = row(&app, &task);
    let long = "x".repeat(201);

    for (body, field) in [
        (json!({"title": ""}), "title"),
        (json!({"title": "   "}), "title"),
        (json!({"title": long}), "title"),
        (json!({"due": "2026-02-30"}), "due"),
        (json!({"due": "tomorrow"}), "due"),
        (json!({"priority": "urgent"}), "priority"),
        (
            json!({"notes": "changed", "priority": "urgent"}),
            "priority",
        ),
        (
            json!({"title": "changed", "completed": true, "due": "tomorrow"}),
            "due",
        ),
    ] {
        let response = send_json(&api, Method::PATCH, &path_of(&task), &body).await;
        assert_invalid(response, field).await;
    }
    assert_eq!(row(&app, &task), before);
    assert_eq!(get_task(&api, &path_of(&task)).await, task);
}

#[tokio::test]
async fn a_title_of_200_characters_is_accepted_after_trimming() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let title = "é".repeat(200);

    let task = api.create(json!({"title": format!("  {title}  ")})).await;

    assert_eq!(task["title"], title.as_str());
}

#[tokio::test]
async fn a_new_task_without_a_title_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let response = send_json(&api, Method::POST, TASKS, &json!({"notes": "no title"})).await;

    let (status, _, message) = error_of(response).await;
    assert!(
        status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{status}"
    );
    assert!(message.contains("title"), "{message}");
    assert_eq!(app.count("tasks"), 0);
}

// ---------------------------------------------------------------------------
// Errors: JSON, with the right status, never 500
// ---------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_and_wrong_types_are_a_400() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "target"})).await;
    let before = row(&app, &task);

    for body in [
        r#"{"title":"#,
        r#"{"title": 5}"#,
        "",
        "not json",
        r#"{"title": "a", "order": "first"}"#,
    ] {
        let response = send_raw(&api, Method::POST, TASKS, body).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    for body in [
        r#"{"title":"#,
        r#"{"completed": "yes"}"#,
        r#"{"title": 5}"#,
        r#"{"order": 1.5}"#,
        r#"{"due": 20300101}"#,
    ] {
        let response = send_raw(&api, Method::PATCH, &path_of(&task), body).await;
        assert_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }
    assert_eq!(app.count("tasks"), 1);
    assert_eq!(row(&app, &task), before);
}

#[tokio::test]
async fn a_json_array_or_null_body_to_create_is_a_400() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let mut accepted = Vec::new();
    for body in ["[]", r#"["from an array"]"#, "null", "\"a string\"", "42"] {
        let response = send_raw(&api, Method::POST, TASKS, body).await;
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
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn a_json_array_or_null_body_to_patch_is_a_400() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "target"})).await;
    let before = row(&app, &task);

    let mut accepted = Vec::new();
    for body in ["[]", r#"["from an array"]"#, "null", "42"] {
        let response = send_raw(&api, Method::PATCH, &path_of(&task), body).await;
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
    assert_eq!(row(&app, &task), before);
}

#[tokio::test]
async fn a_body_over_64_kib_is_a_413() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "target"})).await;
    let big = json!({"title": "big", "notes": "x".repeat(65 * 1024)});

    let response = send_json(&api, Method::POST, TASKS, &big).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let response = send_json(&api, Method::PATCH, &path_of(&task), &big).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    assert_eq!(app.count("tasks"), 1);
    assert_eq!(get_task(&api, &path_of(&task)).await, task);
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
    assert_eq!(titles(&api, "").await, ["target"]);
}

#[tokio::test]
async fn an_unknown_foreign_or_malformed_id_is_a_404() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let bobs = bob.create(json!({"title": "bob's"})).await;
    let before = row(&app, &bobs);

    for path in [
        format!("{TASKS}/123456"),
        path_of(&bobs),
        format!("{TASKS}/abc"),
        format!("{TASKS}/99999999999999999999"),
        format!("{TASKS}/-1"),
        format!("{TASKS}/0"),
    ] {
        for response in [
            send(&alice, Method::GET, &path).await,
            send_json(&alice, Method::PATCH, &path, &json!({"title": "mine now"})).await,
            send(&alice, Method::DELETE, &path).await,
        ] {
            assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
        }
    }
    assert_eq!(row(&app, &bobs), before);
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
            send(&api, Method::GET, &path).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_error(
            anonymous(&app, Method::GET, &path).await,
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
        let response = send_json(&api, method.clone(), &path, &json!({"title": "x"})).await;
        assert_error(
            response,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        )
        .await;
    }
    assert_eq!(get_task(&api, &path_of(&task)).await, task);
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
    let response = send_json(api, Method::POST, TASKS, &json!({"title": "after"})).await;
    let task = json_of(response, StatusCode::CREATED).await;
    assert_eq!(task["title"], "after");
    assert_eq!(
        titles(api, "").await.last().map(String::as_str),
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
        titles(api, "").await.last().map(String::as_str),
        Some("from the page")
    );
    assert_eq!(app.count("tasks"), 3);
}

#[tokio::test]
async fn creating_a_task_with_the_largest_order_does_not_break_adding_more() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;

    let response = send_json(
        &api,
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

    let response = send_json(
        &api,
        Method::PATCH,
        &path_of(&task),
        &json!({"order": i64::MAX}),
    )
    .await;
    if response.status() == StatusCode::OK {
        assert_new_tasks_still_go_last(&app, &browser, &api).await;
    } else {
        assert_invalid(response, "order").await;
    }
}

// ---------------------------------------------------------------------------
// Authentication: bearer tokens only
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_request_without_a_token_is_a_401_with_www_authenticate_bearer() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "private"})).await;

    for (method, path) in [
        (Method::GET, TASKS.to_owned()),
        (Method::POST, TASKS.to_owned()),
        (Method::DELETE, TASKS.to_owned()),
        (Method::GET, path_of(&task)),
        (Method::PATCH, path_of(&task)),
        (Method::DELETE, path_of(&task)),
    ] {
        let response = reqwest::Client::new()
            .request(method.clone(), format!("{}{path}", app.address))
            .json(&json!({"title": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            header(&response, "www-authenticate").as_deref(),
            Some("Bearer"),
            "{method} {path}"
        );
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    assert_eq!(list(&api, "").await.1, 1);
}

#[tokio::test]
async fn a_wrong_token_or_another_scheme_is_a_401() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let url = format!("{}{TASKS}", app.address);

    let authorizations = [
        "Bearer not-a-token".to_owned(),
        format!("Bearer {}x", api.token),
        format!("Bearer {}", &api.token[..api.token.len() - 1]),
        "Bearer ".to_owned(),
        "Bearer".to_owned(),
        format!("Basic {}", api.token),
        format!("Token {}", api.token),
        api.token.clone(),
        "Basic YWxpY2U6Y29ycmVjdCBob3JzZSBiYXR0ZXJ5".to_owned(),
    ];
    for authorization in authorizations {
        let response = reqwest::Client::new()
            .get(&url)
            .header("authorization", &authorization)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{authorization:?}"
        );
        assert!(response.headers().contains_key(WWW_AUTHENTICATE));
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    let response = reqwest::Client::new()
        .get(&url)
        .basic_auth("alice", Some(crate::helpers::PASSWORD))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn the_bearer_scheme_is_not_case_sensitive() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let response = reqwest::Client::new()
        .get(format!("{}{TASKS}", app.address))
        .header("authorization", format!("bearer {}", api.token))
        .send()
        .await
        .unwrap();

    assert_eq!(json_of(response, StatusCode::OK).await, json!([]));
}

#[tokio::test]
async fn a_session_cookie_does_not_authenticate_the_api() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    api.create(json!({"title": "private"})).await;
    browser.page("/tasks").await;

    let response = browser.get(TASKS).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let response = browser
        .client
        .post(browser.url(TASKS))
        .json(&json!({"title": "with a cookie"}))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.count("tasks"), 1);
}

#[tokio::test]
async fn a_revoked_token_is_a_401() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    assert_eq!(list(&api, "").await.1, 0);
    let html = browser.page("/account").await;
    let actions = attribute(&html, "form[action$='/revoke']", "action");
    assert_eq!(actions.len(), 1, "one token on the account page");

    let response = browser.submit("/account", &actions[0], &[]).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("api_tokens"), 0);
    assert_error(
        send(&api, Method::GET, TASKS).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let response = send_json(&api, Method::POST, TASKS, &json!({"title": "x"})).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_expired_token_is_a_401_while_an_unexpired_one_works() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;
    let expiring = app.api(&browser.create_token("expiring", "30").await);
    let lasting = app.api(&browser.create_token("lasting", "never").await);
    assert_eq!(list(&expiring, "").await.1, 0);

    app.execute(&format!(
        "UPDATE api_tokens SET expires_at = {} WHERE name = 'expiring'",
        sql_time(-60)
    ));

    let response = send(&expiring, Method::GET, TASKS).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(list(&lasting, "").await.1, 0);
}

#[tokio::test]
async fn the_token_of_a_disabled_user_is_a_401_until_they_are_enabled() {
    let app = spawn_app().await;
    let admin = app.user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    bob.create(json!({"title": "bob's"})).await;
    let status = format!("/admin/users/{}/status", user_id(&app, "bob"));

    let response = admin
        .submit("/admin/users", &status, &[("disabled", "true")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    assert_error(
        send(&bob, Method::GET, TASKS).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let response = send_json(&bob, Method::POST, TASKS, &json!({"title": "x"})).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.count("tasks"), 1);

    let response = admin
        .submit("/admin/users", &status, &[("disabled", "false")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(titles(&bob, "").await, ["bob's"]);
}

#[tokio::test]
async fn last_used_at_is_empty_until_the_token_is_first_used() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let used = "api_tokens WHERE last_used_at IS NOT NULL";
    assert_eq!(app.count("api_tokens"), 1);
    assert_eq!(app.count(used), 0);

    let wrong = app.api("not-the-token");
    assert_error(
        send(&wrong, Method::GET, TASKS).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert_eq!(app.count(used), 0, "a wrong token touches nothing");

    list(&api, "").await;
    assert_eq!(app.count(used), 1);
    assert_eq!(
        app.count("api_tokens WHERE last_used_at >= created_at"),
        1,
        "last used after it was made"
    );
}

// ---------------------------------------------------------------------------
// Isolation: one user's token never reaches another's tasks
// ---------------------------------------------------------------------------

#[tokio::test]
async fn another_users_tasks_are_not_listed_and_not_found() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    alice.create(json!({"title": "alice's"})).await;
    let bobs = bob
        .create(json!({"title": "bob's", "notes": "secret"}))
        .await;

    assert_eq!(titles(&alice, "").await, ["alice's"]);
    assert_eq!(list(&alice, "").await.1, 1);
    assert_eq!(list(&alice, "?q=secret").await, (vec![], 0));
    assert_eq!(list(&alice, "?filter=active&sort=title").await.1, 1);
    assert_error(
        send(&alice, Method::GET, &path_of(&bobs)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(titles(&bob, "").await, ["bob's"]);
}

#[tokio::test]
async fn another_users_task_cannot_be_changed() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let bobs = bob.create(json!({"title": "bob's", "notes": "n"})).await;
    let before = row(&app, &bobs);

    for changes in [
        json!({"title": "alice's now"}),
        json!({"completed": true}),
        json!({"notes": null, "due": null, "priority": null}),
        json!({"order": 99}),
        json!({}),
    ] {
        let response = send_json(&alice, Method::PATCH, &path_of(&bobs), &changes).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    assert_eq!(row(&app, &bobs), before);
    assert_eq!(get_task(&bob, &path_of(&bobs)).await, bobs);
}

#[tokio::test]
async fn another_users_task_cannot_be_deleted_one_by_one_or_all_at_once() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let alices = alice.create(json!({"title": "alice's"})).await;
    patch(&alice, &alices, json!({"completed": true})).await;
    alice.create(json!({"title": "alice's open"})).await;
    let bobs = bob.create(json!({"title": "bob's"})).await;

    let response = send(&bob, Method::DELETE, &path_of(&alices)).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = send(&bob, Method::DELETE, &format!("{TASKS}?completed=true")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = send(&bob, Method::DELETE, TASKS).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    assert_eq!(titles(&alice, "").await, ["alice's", "alice's open"]);
    assert_error(
        send(&bob, Method::GET, &path_of(&bobs)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(app.count("tasks"), 2);
}

// ---------------------------------------------------------------------------
// CORS
// ---------------------------------------------------------------------------

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
    }
}

#[tokio::test]
async fn api_answers_allow_any_origin_and_expose_location_and_x_total_count() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let created = api
        .request(Method::POST, TASKS)
        .header(ORIGIN, "https://elsewhere.example")
        .json(&json!({"title": "cross-origin"}))
        .send()
        .await
        .unwrap();
    let task_path = format!("{TASKS}/{}", created.json::<Value>().await.unwrap()["id"]);

    let responses = [
        send(&api, Method::GET, TASKS).await,
        send_json(&api, Method::POST, TASKS, &json!({"title": "another"})).await,
        send(&api, Method::GET, &task_path).await,
        send(&api, Method::GET, "/api/tasks/999999").await,
        send(&api, Method::GET, "/api/nope").await,
        anonymous(&app, Method::GET, TASKS).await,
    ];
    for response in responses {
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
        let response = anonymous(&app, Method::GET, path).await;
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

// ---------------------------------------------------------------------------
// The API and the pages show the same tasks
// ---------------------------------------------------------------------------

#[tokio::test]
async fn tasks_made_through_the_api_show_on_the_tasks_page() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    api.create(json!({"title": "from the API"})).await;
    let done = api.create(json!({"title": "done through the API"})).await;
    patch(&api, &done, json!({"completed": true})).await;

    assert_eq!(
        browser.titles_on("/tasks").await,
        ["from the API", "done through the API"]
    );
    assert_eq!(
        browser.titles_on("/tasks?filter=completed").await,
        ["done through the API"]
    );
    let id = done["id"].as_i64().unwrap();
    assert!(
        browser
            .page(&format!("/tasks/{id}"))
            .await
            .contains("done through the API")
    );
}

#[tokio::test]
async fn tasks_added_or_toggled_on_the_page_show_in_the_api() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    let first = api.create(json!({"title": "from the API"})).await;

    let id = browser.add_task("from the page").await;
    let (tasks, total) = list(&api, "").await;
    assert_eq!(total, 2);
    assert_eq!(tasks[1]["id"], id);
    assert_eq!(tasks[1]["title"], "from the page");
    assert_eq!(tasks[1]["completed"], false);
    assert!(tasks[1]["order"].as_i64() > first["order"].as_i64());
    assert_eq!(tasks[1]["url"], format!("{}/api/tasks/{id}", app.address));

    let response = browser
        .submit("/tasks", &format!("/tasks/{id}/toggle"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let toggled = get_task(&api, &format!("{TASKS}/{id}")).await;
    assert_eq!(toggled["completed"], true);
    assert!(toggled["completed_at"].is_string());
}
