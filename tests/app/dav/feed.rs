//! A list's calendar feed: made and revoked on its settings page by those
//! who may change the list, read with no login at its secret address as a
//! subscribing calendar app reads it (the `icalendar` package parses it:
//! `tests/dav/feed.py`), giving the open tasks with a due date as all-day
//! events, and nothing once revoked or replaced.

use std::process::Stdio;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{PATIENCE, client_available};
use crate::helpers::{
    Browser, PASSWORD, TestApp, TestDatabase, api_user_at, attribute, header, spawn_app,
    start_binary,
};

const FEED_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/dav/feed.py");

/// The feed address the settings page of `list` shows `browser`, if any.
async fn address(browser: &Browser, list: i64) -> Option<String> {
    let page = browser.page(&format!("/lists/{list}/settings")).await;
    attribute(&page, "#feed-address", "value")
        .into_iter()
        .next()
}

/// The feed at `url` as the `icalendar` package reads it.
async fn parsed(url: &str) -> Value {
    let output = tokio::time::timeout(
        PATIENCE,
        tokio::process::Command::new("python3")
            .args([FEED_SCRIPT, url])
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output(),
    )
    .await
    .expect("the feed reader finishes")
    .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the feed does not read: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).expect("the reader prints JSON")
}

/// Makes a new feed for `list` on its settings page, as `browser`; returns
/// the address the page then shows.
async fn make_feed(browser: &Browser, list: i64) -> String {
    let settings = format!("/lists/{list}/settings");
    let made = browser
        .submit(&settings, &format!("/lists/{list}/feed"), &[])
        .await;
    assert_eq!(
        made.status(),
        StatusCode::SEE_OTHER,
        "making list {list}'s feed"
    );
    address(browser, list)
        .await
        .expect("the page shows the address")
}

/// `GET` of the feed at `url`, with no login.
async fn fetch(app: &TestApp, url: &str) -> reqwest::Response {
    let path = url
        .strip_prefix(&app.address)
        .expect("an address on the app");
    app.anonymous(Method::GET, path).await
}

async fn status_of(app: &TestApp, url: &str) -> StatusCode {
    fetch(app, url).await.status()
}

/// The `VEVENT` of the feed text `feed` whose summary is `summary`.
fn event<'a>(feed: &'a str, summary: &str) -> &'a str {
    feed.split("BEGIN:VEVENT")
        .skip(1)
        .find(|event| event.contains(&format!("SUMMARY:{summary}\r\n")))
        .unwrap_or_else(|| panic!("an event {summary:?} in {feed}"))
}

#[tokio::test]
async fn a_feed_gives_the_open_tasks_with_a_due_date_until_it_is_revoked() {
    let app = spawn_app().await;
    let (alice_web, alice) = app.api_user("alice").await;
    let list = alice.create_list(json!({"name": "Home"})).await;
    let settings = format!("/lists/{list}/settings");
    assert_eq!(address(&alice_web, list).await, None, "no feed until made");

    for task in [
        json!({"title": "Pay rent", "due": "2026-12-01", "notes": "to the landlord", "list_id": list}),
        json!({"title": "Water plants", "due": "2026-12-02", "rrule": "FREQ=DAILY;INTERVAL=3", "list_id": list}),
        json!({"title": "Someday", "list_id": list}),
    ] {
        alice.create(task).await;
    }
    let done = alice
        .create(json!({"title": "Done already", "due": "2026-11-20", "list_id": list}))
        .await;
    alice.patch(&done, json!({"completed": true})).await;
    alice
        .create(json!({"title": "Elsewhere", "due": "2026-12-01"}))
        .await;

    let url = make_feed(&alice_web, list).await;
    assert!(url.starts_with(&format!("{}/feeds/", app.address)), "{url}");
    assert!(url.ends_with(".ics"), "{url}");

    let response = fetch(&app, &url).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("a body");
    assert!(
        text.contains("\r\n") && text.lines().all(|line| line.len() <= 75),
        "{text}"
    );

    if client_available() {
        let feed = parsed(&url).await;
        assert!(
            feed["content_type"]
                .as_str()
                .unwrap_or_default()
                .starts_with("text/calendar")
        );
        assert_eq!(feed["name"], "Home");
        assert_eq!(feed["todos"], 0, "subscribing apps read events");
        let events = feed["events"].as_array().expect("events");
        let summaries: Vec<&str> = events
            .iter()
            .filter_map(|e| e["summary"].as_str())
            .collect();
        assert_eq!(
            summaries,
            ["Pay rent", "Water plants"],
            "open, due, this list's"
        );
        assert_eq!(events[0]["start"], "2026-12-01");
        assert_eq!(
            events[0]["end"], "2026-12-02",
            "an all-day event ends the next day"
        );
        assert_eq!(events[0]["description"], "to the landlord");
        assert_eq!(events[0]["transparent"], true);
        // UIDs of their own: an app that also syncs the tasks keeps both.
        let uid = events[0]["uid"].as_str().unwrap_or_default();
        assert!(uid.ends_with("-due"), "{uid}");
        assert_eq!(events[1]["rrule"], "FREQ=DAILY;INTERVAL=3");
    }

    // A new address ends the old one; revoking ends the feed.
    let renewed = make_feed(&alice_web, list).await;
    assert_ne!(renewed, url);
    assert_eq!(status_of(&app, &url).await, StatusCode::NOT_FOUND);
    assert_eq!(status_of(&app, &renewed).await, StatusCode::OK);
    let revoked = alice_web
        .submit(&settings, &format!("/lists/{list}/feed/revoke"), &[])
        .await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    assert_eq!(address(&alice_web, list).await, None);
    assert_eq!(status_of(&app, &renewed).await, StatusCode::NOT_FOUND);
    assert_eq!(
        app.anonymous(Method::GET, "/feeds/.ics").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_task_repeating_from_its_completion_has_no_rule_in_the_feed_and_one_on_a_schedule_has() {
    let app = spawn_app().await;
    let (alice_web, alice) = app.api_user("alice").await;
    let list = alice.create_list(json!({"name": "Home"})).await;
    for (title, repeat_from) in [("Mow the lawn", "due"), ("Get a haircut", "completion")] {
        alice
            .create(json!({
                "title": title, "due": "2026-12-01", "rrule": "FREQ=WEEKLY",
                "repeat_from": repeat_from, "list_id": list,
            }))
            .await;
    }
    let url = make_feed(&alice_web, list).await;
    let text = fetch(&app, &url).await.text().await.expect("a body");

    assert!(
        event(&text, "Mow the lawn").contains("RRULE:FREQ=WEEKLY\r\n"),
        "{text}"
    );
    // Its next date is not known until it is done: a rule would show the
    // subscriber dates that never come.
    let haircut = event(&text, "Get a haircut");
    assert!(!haircut.contains("RRULE"), "{text}");
    assert!(haircut.contains("DTSTART;VALUE=DATE:20261201"), "{text}");
}

#[tokio::test]
async fn the_feed_is_a_calendar_that_no_shared_cache_keeps() {
    let app = spawn_app().await;
    let (alice_web, alice) = app.api_user("alice").await;
    let list = alice.create_list(json!({"name": "Home"})).await;
    let url = make_feed(&alice_web, list).await;

    let response = fetch(&app, &url).await;
    assert_eq!(response.status(), StatusCode::OK);
    let content_type = header(&response, "content-type").unwrap_or_default();
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    // The address is a secret: a proxy that kept the answer would give
    // the list to whoever asked it next. Five minutes spares the server a
    // subscribing app that polls too eagerly.
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("private, max-age=300")
    );
}

#[tokio::test]
async fn an_admin_of_the_list_who_is_not_its_owner_makes_and_revokes_its_feed() {
    let app = spawn_app().await;
    let (alice_web, alice) = app.api_user("alice").await;
    let bob_web = app.user("bob").await;
    let list = alice.create_list(json!({"name": "Shared"})).await;
    alice.share(list, "bob", "admin").await;

    let url = make_feed(&bob_web, list).await;
    assert_eq!(status_of(&app, &url).await, StatusCode::OK);
    assert_eq!(
        address(&alice_web, list).await.as_deref(),
        Some(url.as_str()),
        "the list's one feed, which its owner sees too"
    );

    let settings = format!("/lists/{list}/settings");
    let revoked = bob_web
        .submit(&settings, &format!("/lists/{list}/feed/revoke"), &[])
        .await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &url).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_those_who_may_change_the_list_see_or_make_its_feed() {
    let app = spawn_app().await;
    let (alice_web, alice) = app.api_user("alice").await;
    let bob_web = app.user("bob").await;
    let carol_web = app.user("carol").await;
    let list = alice.create_list(json!({"name": "Shared"})).await;
    alice.share(list, "bob", "write").await;
    let url = make_feed(&alice_web, list).await;

    // A writer sees the list's settings but not its feed, and cannot make
    // or revoke one.
    let settings = format!("/lists/{list}/settings");
    let page = bob_web.page(&settings).await;
    assert!(
        !page.contains(&url) && !page.contains("id=\"feed\""),
        "{page}"
    );
    for action in ["feed", "feed/revoke"] {
        let refused = bob_web
            .submit(&settings, &format!("/lists/{list}/{action}"), &[])
            .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{action}");
    }
    // A stranger does not find the list at all.
    let token = carol_web.csrf_token("/lists").await;
    let stranger = carol_web
        .post_raw(
            &format!("/lists/{list}/feed/revoke"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        status_of(&app, &url).await,
        StatusCode::OK,
        "nothing changed"
    );
}

#[tokio::test]
async fn a_disabled_owners_feed_gives_nothing_until_they_are_enabled() {
    let app = spawn_app().await;
    let admin = app.user("admin").await;
    let (bob_web, bob) = app.api_user("bob").await;
    let list = bob.create_list(json!({"name": "Bob's"})).await;
    bob.create(json!({"title": "Due", "due": "2026-12-01", "list_id": list}))
        .await;
    let url = make_feed(&bob_web, list).await;
    assert_eq!(status_of(&app, &url).await, StatusCode::OK);

    let status = format!("/admin/users/{}/status", app.user_id("bob"));
    admin
        .submit("/admin/users", &status, &[("disabled", "true")])
        .await;
    assert_eq!(status_of(&app, &url).await, StatusCode::NOT_FOUND);
    admin
        .submit("/admin/users", &status, &[("disabled", "false")])
        .await;
    assert_eq!(status_of(&app, &url).await, StatusCode::OK);
}

#[tokio::test]
async fn the_server_log_writes_a_feeds_address_without_its_secret() {
    let database = TestDatabase::new();
    let server = start_binary(database.dir(), database.url(), &[("RUST_LOG", "info")]).await;
    let alice = api_user_at(&server.base, "alice").await;
    let list = alice.create_list(json!({"name": "Home"})).await;
    let browser = Browser::at(&server.base);
    browser.login("alice", PASSWORD).await;
    let url = make_feed(&browser, list).await;
    let fetched = reqwest::get(&url).await.expect("the feed answers");
    assert_eq!(fetched.status(), StatusCode::OK);
    let secret = url
        .rsplit('/')
        .next()
        .and_then(|file| file.strip_suffix(".ics"))
        .expect("a secret");
    let log = server.log();
    assert!(log.contains("\"GET /feeds/… HTTP/1.1\" 200"), "{log}");
    assert!(!log.contains(secret), "{log}");
}
