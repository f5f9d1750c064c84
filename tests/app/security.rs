//! Attacks every public web app meets: password guessing, timing, session
//! theft and fixation, oversized bodies; and the account page's own
//! defences (change password, sign out sessions, delete the account).

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{
    Browser, PASSWORD, TestApp, assert_invalid, assert_redirect, attribute, flash, spawn_app,
    spawn_app_with, text_of,
};

/// A login attempt as if from `ip` (the app must trust the proxy header).
async fn login_from(
    browser: &Browser,
    ip: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    let token = browser.csrf_token("/login").await;
    browser
        .client
        .post(browser.url("/login"))
        .header("X-Forwarded-For", ip)
        .form(&[
            ("csrf_token", token.as_str()),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

// Login throttling

#[tokio::test]
async fn more_than_ten_failures_from_one_address_are_answered_429() {
    let app = spawn_app().await;
    app.user("alice").await;
    let attacker = app.browser();
    for n in 0..10 {
        let response = attacker.login(&format!("victim{n}"), "guess").await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {n}"
        );
    }
    let response = attacker.login("alice", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = retry_after(&response);
    assert!((1..=300).contains(&wait), "Retry-After {wait}");
    assert!(response.text().await.unwrap().contains("Too many attempts"));
}

#[tokio::test]
async fn more_than_ten_failures_for_one_username_are_answered_429_from_any_address() {
    let app = spawn_app_with(&[("TRUST_PROXY", "true")]).await;
    app.user("alice").await;
    let attacker = app.browser();
    for n in 0..10 {
        let response = login_from(&attacker, &format!("198.51.100.{n}"), "alice", "guess").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = login_from(&attacker, "203.0.113.77", "ALICE", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another account from another address is unaffected.
    app.user("bob").await;
    let response = login_from(&app.browser(), "203.0.113.78", "bob", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_limit_answers_the_same_whether_or_not_the_account_exists() {
    let app = spawn_app_with(&[("TRUST_PROXY", "true")]).await;
    app.user("alice").await;
    let attacker = app.browser();
    let mut answers = Vec::new();
    for name in ["alice", "nobody"] {
        for n in 0..10 {
            login_from(&attacker, &format!("192.0.2.{n}"), name, "guess").await;
        }
        let response = login_from(&attacker, "192.0.2.200", name, "guess").await;
        let status = response.status();
        let body = text_of(&response.text().await.unwrap(), "main");
        answers.push((status, body));
    }
    assert_eq!(answers[0].0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answers[0], answers[1]);
}

#[tokio::test]
async fn a_successful_login_resets_the_accounts_failures() {
    let app = spawn_app_with(&[("TRUST_PROXY", "true")]).await;
    app.user("alice").await;
    let browser = app.browser();
    for n in 0..9 {
        login_from(&browser, &format!("198.51.100.{n}"), "alice", "typo").await;
    }
    let response = login_from(&browser, "198.51.100.50", "alice", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let other = app.browser();
    for n in 0..9 {
        let response =
            login_from(&other, &format!("198.51.100.{}", 100 + n), "alice", "typo").await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "count started again"
        );
    }
}

#[tokio::test]
async fn a_forwarded_address_is_ignored_unless_the_proxy_is_trusted() {
    let app = spawn_app().await;
    let attacker = app.browser();
    for n in 0..10 {
        login_from(
            &attacker,
            &format!("198.51.100.{n}"),
            &format!("u{n}"),
            "guess",
        )
        .await;
    }
    // Claiming yet another address does not escape the limit.
    let response = login_from(&attacker, "203.0.113.1", "someone", "guess").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn registration_is_limited_per_address() {
    let app = spawn_app().await;
    for n in 0..10 {
        app.user(&format!("user{n}")).await;
    }
    let response = app.browser().register("one_too_many", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("users"), 10);
}

// Timing

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[tokio::test]
async fn an_unknown_username_takes_as_long_as_a_wrong_password() {
    // A cost high enough that hashing dominates the request.
    let app = spawn_app_with(&[("TRUST_PROXY", "true"), ("BCRYPT_COST", "10")]).await;
    app.user("alice").await;
    let browser = app.browser();
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for n in 0..9 {
        for (name, samples) in [("alice", &mut known), (&*format!("ghost{n}"), &mut unknown)] {
            let token = browser.csrf_token("/login").await;
            let start = Instant::now();
            let response = browser
                .client
                .post(browser.url("/login"))
                .header("X-Forwarded-For", format!("198.51.100.{n}"))
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("username", name),
                    ("password", "wrong"),
                ])
                .send()
                .await
                .unwrap();
            samples.push(start.elapsed());
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    let (known, unknown) = (median(known), median(unknown));
    let ratio = unknown.as_secs_f64() / known.as_secs_f64();
    // Without the dummy hash an unknown name answers in a small fraction of
    // the time; with it both do the same work.
    assert!(
        (0.5..2.0).contains(&ratio),
        "unknown {unknown:?} vs wrong password {known:?}"
    );
}

// Limits

#[tokio::test]
async fn a_form_body_over_64_kib_is_413_and_changes_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let notes = "x".repeat(70 * 1024);
    let response = alice
        .submit("/tasks", "/tasks", &[("title", "big"), ("notes", &notes)])
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.unwrap().contains("too large"));
    assert_eq!(app.count("tasks"), 0);
}

// The account page

async fn account_fields(
    browser: &Browser,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    browser.submit("/account", action, fields).await
}

async fn change_password(browser: &Browser, current: &str, new: &str) -> reqwest::Response {
    account_fields(
        browser,
        "/account/password",
        &[
            ("current_password", current),
            ("new_password", new),
            ("new_password_confirm", new),
        ],
    )
    .await
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_every_other_session() {
    let app = spawn_app().await;
    let here = app.user("alice").await;
    let elsewhere = app.browser();
    assert_redirect(&elsewhere.login("alice", PASSWORD).await, "/tasks");

    let response = change_password(&here, "not it", "a new long password").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(text_of(&html, "#current_password-error").len(), 1);
    assert_eq!(elsewhere.get("/tasks").await.status(), StatusCode::OK);

    let response = change_password(&here, PASSWORD, "a new long password").await;
    assert_redirect(&response, "/account");
    assert_eq!(
        here.get("/tasks").await.status(),
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        elsewhere.get("/tasks").await.status(),
        StatusCode::SEE_OTHER,
        "the other ends"
    );

    let fresh = app.browser();
    assert_eq!(
        fresh.login("alice", PASSWORD).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_redirect(&fresh.login("alice", "a new long password").await, "/tasks");
}

#[tokio::test]
async fn a_new_password_follows_the_rules() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let response = change_password(&alice, PASSWORD, "short").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = account_fields(
        &alice,
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "long enough 1"),
            ("new_password_confirm", "long enough 2"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(
        text_of(&html, "#new_password_confirm-error"),
        ["The two passwords differ."]
    );
    assert_redirect(&app.browser().login("alice", PASSWORD).await, "/tasks");
}

#[tokio::test]
async fn the_sessions_list_shows_each_session_and_marks_this_one() {
    let app = spawn_app().await;
    let here = app.user("alice").await;
    let elsewhere = app.browser();
    elsewhere.login("alice", PASSWORD).await;
    let html = here.page("/account").await;
    let rows = text_of(&html, "table.sessions tbody tr");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        text_of(&html, "table.sessions tr.current .this-session"),
        ["(this session)"]
    );
    assert!(rows.iter().all(|row| row.contains("127.0.0.1")));
}

#[tokio::test]
async fn another_session_can_be_signed_out_from_the_account_page() {
    let app = spawn_app().await;
    let here = app.user("alice").await;
    let elsewhere = app.browser();
    elsewhere.login("alice", PASSWORD).await;
    let html = here.page("/account").await;
    let other = attribute(&html, "table.sessions tr:not(.current) form", "action")[0].clone();
    assert_redirect(&here.submit("/account", &other, &[]).await, "/account");
    assert_eq!(
        elsewhere.get("/tasks").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(here.get("/tasks").await.status(), StatusCode::OK);

    // Another user cannot sign it out: it is not theirs.
    let bob = app.user("bob").await;
    let mine = attribute(
        &here.page("/account").await,
        "table.sessions tr.current form",
        "action",
    )[0]
    .clone();
    assert_eq!(
        bob.submit("/account", &mine, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(here.get("/tasks").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_this_session_logs_out() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let html = alice.page("/account").await;
    let mine = attribute(&html, "table.sessions tr.current form", "action")[0].clone();
    assert_redirect(&alice.submit("/account", &mine, &[]).await, "/");
    assert_eq!(alice.get("/tasks").await.status(), StatusCode::SEE_OTHER);
}

async fn delete_account(browser: &Browser, password: &str) -> reqwest::Response {
    account_fields(browser, "/account/delete", &[("password", password)]).await
}

#[tokio::test]
async fn deleting_my_account_needs_my_password_and_removes_everything() {
    let app = spawn_app().await;
    app.user("admin").await;
    let (bob, api) = app.api_user("bob").await;
    bob.add_task("bob's task").await;

    let response = delete_account(&bob, "wrong").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("users WHERE username = 'bob'"), 1);

    let response = delete_account(&bob, PASSWORD).await;
    assert_redirect(&response, "/");
    let html = bob.page("/").await;
    assert!(flash(&html).is_some_and(|f| f.contains("deleted")));
    assert_eq!(app.count("users WHERE username = 'bob'"), 0);
    assert_eq!(app.count("tasks"), 0);
    assert_eq!(app.count("api_tokens"), 0);
    assert_eq!(bob.get("/tasks").await.status(), StatusCode::SEE_OTHER);
    let response = api.get("/api/tasks").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_last_administrator_cannot_delete_their_account() {
    let app = spawn_app().await;
    let admin = app.user("admin").await;
    let response = delete_account(&admin, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(text_of(&html, "#delete_password-error")[0].contains("last administrator"));
    assert_eq!(app.count("users"), 1);
    assert_eq!(admin.get("/tasks").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn wrong_passwords_on_the_account_page_count_toward_the_login_limit() {
    let app: TestApp = spawn_app().await;
    let alice = app.user("alice").await;
    for _ in 0..10 {
        let response = delete_account(&alice, "guess").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = delete_account(&alice, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("users"), 1);
}

#[tokio::test]
async fn a_nul_byte_or_control_character_is_refused_with_a_4xx_on_either_backend() {
    // PostgreSQL text cannot hold a NUL at all: such input must be turned
    // away before it reaches a query, never become a 500.
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    alice.add_task("kept").await;

    for query in ["/tasks?q=%00", "/tasks?q=a%00b", "/tasks?q=%07bell"] {
        let response = alice.get(query).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
    }
    // The API names the parameter at fault (a 422; it was a 400 before
    // API errors named their field).
    let response = api.get("/api/tasks?q=%00").await;
    assert_invalid(response, "q").await;

    // A name no account could have is answered like a wrong password.
    let response = app.browser().login("alice\0", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response = app.browser().login("ali\0ce", "anything at all").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(alice.titles_on("/tasks").await, ["kept"]);
}
