//! [`Api`]: a script's view of the API, a plain client (no cookies) that
//! sends a bearer token; and the readers of its answers, above all of the
//! JSON error envelope `{"error": {"code", "message"}}`.

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

/// The task collection.
pub const TASKS: &str = "/api/tasks";
/// The list collection.
pub const LISTS: &str = "/api/lists";

pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Api {
    /// The API of the server at `base`, as seen with `token`.
    pub fn at(base: &str, token: &str) -> Self {
        Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            base: base.to_owned(),
            token: token.to_owned(),
        }
    }

    /// A request to `path`, with the token.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    /// `GET path`, with the token.
    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path)
            .send()
            .await
            .expect("GET reaches the server")
    }

    /// Creates a task; returns its JSON.
    pub async fn create(&self, body: Value) -> Value {
        let response = self
            .request(Method::POST, TASKS)
            .json(&body)
            .send()
            .await
            .expect("POST reaches the server");
        assert_eq!(response.status(), StatusCode::CREATED, "creating {body}");
        response.json().await.expect("a JSON task")
    }

    /// Makes a list (`{"name", "colour"}`); returns its id.
    pub async fn create_list(&self, body: Value) -> i64 {
        let response = self.send_json(Method::POST, LISTS, &body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "making {body}");
        let list: Value = response.json().await.expect("a JSON list");
        list["id"].as_i64().expect("the list's id")
    }

    /// Shares `list` with `username` at `level` (or changes their level).
    pub async fn share(&self, list: i64, username: &str, level: &str) {
        let path = format!("{LISTS}/{list}/members/{username}");
        let body = serde_json::json!({ "level": level });
        let response = self.send_json(Method::PUT, &path, &body).await;
        let status = response.status();
        let text = response.text().await.expect("a body");
        assert!(
            status.is_success(),
            "sharing list {list} with {username} at {level}: {status} {text}"
        );
    }

    /// `method path`, without a body.
    pub async fn send(&self, method: Method, path: &str) -> Response {
        self.request(method, path)
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// `method path` with `body` as JSON.
    pub async fn send_json(&self, method: Method, path: &str, body: &Value) -> Response {
        self.request(method, path)
            .json(body)
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// Sends `body` exactly as given, labelled as JSON.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        self.request(method, path)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// PATCHes `changes` and returns the task as it now is.
    pub async fn patch(&self, task: &Value, changes: Value) -> Value {
        json_of(
            self.send_json(Method::PATCH, &path_of(task), &changes)
                .await,
            StatusCode::OK,
        )
        .await
    }

    /// The task at `path`, asserting a 200.
    pub async fn get_task(&self, path: &str) -> Value {
        json_of(self.send(Method::GET, path).await, StatusCode::OK).await
    }

    /// `GET /api/tasks{query}`: the tasks and `X-Total-Count`.
    pub async fn list(&self, query: &str) -> (Vec<Value>, i64) {
        let response = self.send(Method::GET, &format!("{TASKS}{query}")).await;
        let total = header(&response, "X-Total-Count")
            .unwrap_or_else(|| panic!("X-Total-Count on {TASKS}{query}"))
            .parse()
            .expect("X-Total-Count is a number");
        let body = json_of(response, StatusCode::OK).await;
        let tasks = body.as_array().expect("the list is a JSON array").clone();
        (tasks, total)
    }

    /// The titles `GET /api/tasks{query}` lists, in order.
    pub async fn titles(&self, query: &str) -> Vec<String> {
        self.list(query).await.0.iter().map(title).collect()
    }
}

/// The API path of a task, from its JSON.
pub fn path_of(task: &Value) -> String {
    format!("{TASKS}/{}", task["id"])
}

/// The fields of a task, as the API and the export show it, by name.
pub const TASK_FIELDS: [&str; 18] = [
    "completed",
    "completed_at",
    "completions",
    "created_at",
    "due",
    "id",
    "labels",
    "last_done_at",
    "list_id",
    "notes",
    "order",
    "parent_id",
    "priority",
    "repeat_from",
    "rrule",
    "title",
    "updated_at",
    "url",
];

/// The names of a task's fields, sorted: to compare with [`TASK_FIELDS`].
pub fn fields_of(task: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = task
        .as_object()
        .expect("a task is a JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// A task's title, from its JSON.
pub fn title(task: &Value) -> String {
    task["title"].as_str().expect("a title").to_owned()
}

pub fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().expect("an ASCII header").to_owned())
}

/// Asserts `status` and reads the JSON body.
pub async fn json_of(response: Response, status: StatusCode) -> Value {
    let url = response.url().clone();
    let actual = response.status();
    let text = response.text().await.expect("a body");
    assert_eq!(actual, status, "{url}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{url}: not JSON ({err}): {text}"))
}

/// An error answer: its status, `error.code` and `error.message`, after
/// checking that it is the API's JSON error envelope.
pub async fn error_of(response: Response) -> (StatusCode, String, String) {
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
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> String {
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
pub async fn assert_invalid(response: Response, field: &str) {
    let message = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert!(
        message.starts_with(&format!("{field}: ")),
        "the message names {field}: {message:?}"
    );
}
