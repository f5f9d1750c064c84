//! Malformed requests that slipped through once, kept so that they do not
//! again: each note says how.

use reqwest::Method;

use super::case::{Case, multipart};
use super::judge::{assert_all_refused, world};

/// Malformed requests that slipped through once: each note says how.
fn edge_cases(task: i64) -> Vec<Case> {
    vec![
        // Form bodies were decoded leniently (serde_urlencoded): bytes that
        // are not UTF-8, raw or percent-encoded, became U+FFFD and were
        // stored.
        Case::checked_form(format!("/tasks/{task}"), b"title=ok\xc3\x28"),
        Case::checked_form("/tasks", "title=%FF%FE"),
        Case::checked_form("/account/tokens", b"name=\xff\xfe&expires_in=never"),
        // The page resources with several methods answered any other
        // method with a bare 405: no body, no page.
        Case::new(Method::PUT, "/tasks"),
        Case::new(Method::DELETE, format!("/tasks/{task}")),
        Case::new(Method::PATCH, format!("/tasks/{task}")),
        Case::new(Method::from_bytes(b"BREW").expect("a method"), "/tasks"),
        Case::new(Method::PUT, "/login"),
        Case::new(Method::DELETE, "/register"),
        // The import form's reader refused a body that is not multipart, or
        // has no boundary, with actix's plain-text error, not a page.
        Case::checked_form("/account/import", "file=tasks.json"),
        Case::new(Method::POST, "/account/import")
            .body("multipart/form-data", multipart(Some(b"[]"))),
        // A JSON object with a key twice: the API took the last one.
        Case::json(
            Method::POST,
            "/api/tasks",
            "{\"title\": \"first\", \"title\": \"second\"}",
        ),
        Case::json(
            Method::PATCH,
            format!("/api/tasks/{task}"),
            "{\"title\": \"first\", \"title\": \"second\"}",
        ),
    ]
}

#[tokio::test]
async fn edge_cases_that_once_slipped_through_are_refused() {
    let mut world = world().await;
    world.admin.bearer = Some(world.token.clone());
    let cases = edge_cases(world.task);
    assert_all_refused(&world, &world.admin, &cases, true).await;
}
