//! The account page: API tokens (shown once, stored as a hash), and the
//! export and import of a user's lists and tasks.

mod export;
mod import;
mod lists;
mod page;
mod subtasks;
mod tokens;

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use scraper::{Html, Selector};
use serde_json::{Value, json};

use crate::helpers::{Api, Browser, attribute, text_of};

/// The user's export, parsed.
async fn export(browser: &Browser) -> Value {
    let response = browser.get("/account/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a JSON export")
}

fn titles(tasks: &[Value]) -> Vec<&str> {
    tasks
        .iter()
        .map(|task| task["title"].as_str().expect("a title"))
        .collect()
}

/// The token list's rows, each as its cells' text: name, last
/// characters, created, last used, expires, and the revoke button.
fn token_rows(html: &str) -> Vec<Vec<String>> {
    let rows = Selector::parse("table.tokens tbody tr").expect("a valid selector");
    let cells = Selector::parse("th, td").expect("a valid selector");
    Html::parse_document(html)
        .select(&rows)
        .map(|row| {
            row.select(&cells)
                .map(|cell| cell.text().collect::<String>().trim().to_owned())
                .collect()
        })
        .collect()
}

/// Asserts a 422 account page with `message` beside the field `field`.
async fn assert_refused_beside(response: reqwest::Response, field: &str, message: &str) -> String {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("a body");
    let error = text_of(&html, &format!("p.field-error#{field}-error"));
    assert_eq!(error.len(), 1, "one error beside {field}: {html}");
    assert!(
        error[0].contains(message),
        "{:?} should contain {message:?}",
        error[0]
    );
    let described = attribute(&html, &format!("#{field}"), "aria-describedby");
    assert!(
        described
            .iter()
            .any(|ids| ids.contains(&format!("{field}-error"))),
        "#{field} is described by its error"
    );
    assert_eq!(
        attribute(&html, &format!("#{field}"), "aria-invalid"),
        ["true"]
    );
    html
}

/// Some tasks of every kind through the API: markup and unicode, notes,
/// due dates, priorities, two completed; the last one moved to the top.
async fn varied_tasks(api: &Api) {
    let bodies = [
        json!({"title": "Buy milk"}),
        json!({
            "title": "<script>alert('x')</script> & <b>bold</b> \"quoted\"",
            "notes": "line one\nline two\twith a tab & <i>markup</i>",
            "due": "2026-12-01",
            "priority": "high",
        }),
        json!({
            "title": "Café ☕ — 日本語 🎉",
            "notes": "ünïcödé",
            "due": "2030-02-28",
            "priority": "low",
        }),
        json!({"title": "Finished thing", "notes": "done long ago"}),
        json!({"title": "Another done", "due": "2025-01-31", "priority": "high"}),
    ];
    let mut ids = Vec::new();
    for body in bodies {
        ids.push(api.create(body).await["id"].as_i64().expect("an id"));
    }
    for (id, patch) in [
        (ids[3], json!({"completed": true})),
        (ids[4], json!({"completed": true})),
        (ids[4], json!({"order": 0})),
    ] {
        let response = api
            .request(reqwest::Method::PATCH, &format!("/api/tasks/{id}"))
            .json(&patch)
            .send()
            .await
            .expect("PATCH reaches the server");
        assert_eq!(response.status(), StatusCode::OK, "{patch}");
    }
}

const BOUNDARY: &str = "ticked-test-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body as a browser sends the import form: the
/// CSRF token (unless `None`), then the file. Built by hand because
/// reqwest's `multipart` feature is not enabled.
fn import_body(csrf_token: Option<&str>, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(token) = csrf_token {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\n\
                 Content-Disposition: form-data; name=\"csrf_token\"\r\n\
                 \r\n\
                 {token}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"tasks.json\"\r\n\
             Content-Type: application/json\r\n\
             \r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs the import form with `csrf_token` exactly as given.
async fn post_import(
    browser: &Browser,
    csrf_token: Option<&str>,
    file: &[u8],
) -> reqwest::Response {
    browser
        .client
        .post(browser.url("/account/import"))
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(import_body(csrf_token, file))
        .send()
        .await
        .expect("POST reaches the server")
}

/// Imports `file` as a browser would from the account page.
async fn import(browser: &Browser, file: &[u8]) -> reqwest::Response {
    let token = browser.csrf_token("/account").await;
    post_import(browser, Some(&token), file).await
}
