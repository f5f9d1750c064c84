//! Every state-changing form needs the session's CSRF token.

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, spawn_app};

/// Every POST route, with fields that would succeed given a valid token.
fn every_post(task: i64, user: i64) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    vec![
        ("/tasks".into(), vec![("title", "forged")]),
        (format!("/tasks/{task}"), vec![("title", "forged")]),
        (format!("/tasks/{task}/toggle"), vec![]),
        (format!("/tasks/{task}/delete"), vec![]),
        ("/tasks/toggle-all".into(), vec![]),
        ("/tasks/clear-completed".into(), vec![]),
        (format!("/admin/users/{user}/role"), vec![("admin", "true")]),
        (
            format!("/admin/users/{user}/status"),
            vec![("disabled", "true")],
        ),
        (format!("/admin/users/{user}/reset-password"), vec![]),
        (format!("/admin/users/{user}/delete"), vec![]),
        ("/logout".into(), vec![]),
    ]
}

#[tokio::test]
async fn a_post_without_a_valid_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.user("alice").await;
    app.user("bob").await;
    let task = admin.add_task("keep me").await;
    let snapshot = || {
        (
            app.count("tasks"),
            app.count("users"),
            app.count("users WHERE is_admin"),
            app.count("users WHERE is_disabled"),
            app.count("tasks WHERE completed"),
            app.count("tasks WHERE title = 'keep me'"),
        )
    };
    let before = snapshot();
    let other_token = app.browser().csrf_token("/login").await;

    for (path, fields) in every_post(task, 2) {
        for token in [None, Some("wrong"), Some(other_token.as_str()), Some("")] {
            let mut all = fields.clone();
            if let Some(token) = token {
                all.push(("csrf_token", token));
            }
            let response = admin.post_raw(&path, &all).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "POST {path} with {token:?}"
            );
            let html = response.text().await.unwrap();
            assert!(html.contains("Form expired"), "a styled page for {path}");
        }
    }
    assert_eq!(snapshot(), before);
    assert_eq!(
        admin.get("/tasks").await.status(),
        StatusCode::OK,
        "still logged in"
    );
}

#[tokio::test]
async fn login_and_registration_need_the_token_too() {
    let app = spawn_app().await;
    app.user("alice").await;
    let browser = app.browser();
    let response = browser
        .post_raw("/login", &[("username", "alice"), ("password", PASSWORD)])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = browser
        .post_raw(
            "/register",
            &[
                ("username", "eve"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("users"), 1);
}

#[tokio::test]
async fn the_token_changes_at_login() {
    let app = spawn_app().await;
    app.user("alice").await;
    let browser = app.browser();
    let before = browser.csrf_token("/login").await;
    browser.login("alice", PASSWORD).await;
    let after = browser.csrf_token("/tasks").await;
    assert_ne!(before, after);
    let response = browser
        .post_raw(
            "/tasks",
            &[("csrf_token", &before), ("title", "with the old token")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
