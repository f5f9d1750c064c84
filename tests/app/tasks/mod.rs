//! The task list and every action on it, through the real forms.

mod actions;
mod due;
mod listing;
mod paging;
mod views;

use reqwest::StatusCode;

use crate::helpers::{Browser, attribute};

/// Adds `count` tasks titled "task 001", "task 002"... in order; their titles.
async fn add_numbered(browser: &Browser, count: usize) -> Vec<String> {
    let titles: Vec<String> = (1..=count).map(|n| format!("task {n:03}")).collect();
    add_titled(browser, &titles).await;
    titles
}

/// The `href` of the page's Previous (`rel` "prev") or Next ("next") link.
fn page_link(html: &str, rel: &str) -> Option<String> {
    attribute(html, &format!("a[rel={rel}]"), "href").pop()
}

/// Deletes a task through its button on the list.
async fn delete_task(browser: &Browser, id: i64) {
    browser
        .submit("/tasks", &format!("/tasks/{id}/delete"), &[])
        .await;
}

/// Adds one task for each title, in order.
async fn add_titled(browser: &Browser, titles: &[String]) {
    let fields: Vec<[(&str, &str); 1]> = titles.iter().map(|t| [("title", t.as_str())]).collect();
    let forms: Vec<&[(&str, &str)]> = fields.iter().map(|f| &f[..]).collect();
    add_many(browser, &forms).await;
}

/// Adds tasks with one token fetch, for tests that need many.
async fn add_many(browser: &Browser, tasks: &[&[(&str, &str)]]) {
    let token = browser.csrf_token("/tasks").await;
    for fields in tasks {
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        let response = browser.post_raw("/tasks", &all).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{fields:?}");
    }
}
