//! Sync tokens (RFC 6578): a first `sync-collection` gives every object
//! and a token; asking again with it gives nothing while nothing changed
//! (the idle sync a phone makes every few minutes), and after changes on
//! the web exactly what changed: the tasks added or edited, and a 404 for
//! each one deleted, moved to another list or gone to the trash, until it
//! comes back. A token ticked did not give is refused with
//! `valid-sync-token`, so that the client starts over; so is one older
//! than deletions the server has since forgotten (`forget_gone`), which
//! it could no longer report.

use reqwest::{Method, StatusCode};
use serde_json::json;
use ticked::models::task::calendar::forget_gone;

use super::{dav, dav_request};
use crate::helpers::{Api, TASKS, TestApp, path_of, spawn_app};

/// A `sync-collection` report from `token` (none: from the start).
fn report(token: &str) -> String {
    format!(
        r#"<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#
    )
}

/// Asserts that a sync of alice's list `list` from `token` is refused,
/// telling the client to start over.
async fn assert_refused(app: &TestApp, alice: &Api, list: i64, token: &str) {
    let path = format!("/dav/calendars/alice/{list}/");
    let (status, text) = dav(app, ("alice", alice), "REPORT", &path, "1", &report(token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{token}: {text}");
    assert!(text.contains("valid-sync-token"), "{token}: {text}");
}

/// A sync of alice's list `list` from `token`: the status, the names of
/// the objects sent and of those gone, and the new token.
async fn sync(
    app: &TestApp,
    alice: &Api,
    list: i64,
    token: &str,
) -> (StatusCode, Vec<String>, Vec<String>, String) {
    let path = format!("/dav/calendars/alice/{list}/");
    let (status, text) = dav(app, ("alice", alice), "REPORT", &path, "1", &report(token)).await;
    let mut sent = Vec::new();
    let mut gone = Vec::new();
    for response in text.split("<d:response>").skip(1) {
        let href = response
            .split("<d:href>")
            .nth(1)
            .and_then(|rest| rest.split("</d:href>").next())
            .unwrap_or_default();
        let name = href.rsplit('/').next().unwrap_or_default().to_owned();
        if response.contains("<d:propstat>") {
            sent.push(name);
        } else if response.contains("404 Not Found") {
            gone.push(name);
        }
    }
    let token = text
        .split("<d:sync-token>")
        .nth(1)
        .and_then(|rest| rest.split("</d:sync-token>").next())
        .unwrap_or_default()
        .to_owned();
    sent.sort();
    gone.sort();
    (status, sent, gone, token)
}

#[tokio::test]
async fn a_sync_token_gives_exactly_what_changed_since() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let keep = alice.create(json!({"title": "Keep"})).await;
    let edit = alice.create(json!({"title": "Edit"})).await;
    let gone = alice.create(json!({"title": "Gone"})).await;
    let moving = alice.create(json!({"title": "Moving"})).await;
    let list = keep["list_id"].as_i64().expect("a list");
    let other = alice.create_list(json!({"name": "Other"})).await;

    let (status, first, none, token) = sync(&app, &alice, list, "").await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!(first.len(), 4, "{first:?}");
    assert!(
        none.is_empty() && token.starts_with("urn:ticked:sync:"),
        "{token}"
    );
    let names: std::collections::HashMap<String, String> = {
        // Which object is which: the titles over the API, the names by GET.
        let mut names = std::collections::HashMap::new();
        for object in &first {
            let path = format!("/dav/calendars/alice/{list}/{object}");
            let (_, text) = dav(&app, ("alice", &alice), "GET", &path, "0", "").await;
            let title = text
                .lines()
                .find_map(|line| line.strip_prefix("SUMMARY:"))
                .unwrap_or_default()
                .trim()
                .to_owned();
            names.insert(title, object.clone());
        }
        names
    };

    // Nothing changed: nothing sent, the same token.
    let (status, idle, none, again) = sync(&app, &alice, list, &token).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert!(idle.is_empty() && none.is_empty(), "{idle:?} {none:?}");
    assert_eq!(again, token);

    // On the web and over the API: an edit, a new task, a deletion, a move.
    alice.patch(&edit, json!({"title": "Edited"})).await;
    alice.create(json!({"title": "Added"})).await;
    alice.send(Method::DELETE, &path_of(&gone)).await;
    alice.patch(&moving, json!({"list_id": other})).await;
    let (_, sent, gone_now, next) = sync(&app, &alice, list, &token).await;
    assert_ne!(next, token);
    assert_eq!(sent.len(), 2, "the edit and the new one: {sent:?}");
    assert!(sent.contains(&names["Edit"]), "{sent:?}");
    let mut expected_gone = vec![names["Gone"].clone(), names["Moving"].clone()];
    expected_gone.sort();
    assert_eq!(gone_now, expected_gone);
    assert!(!sent.contains(&names["Keep"]));

    // Back from the trash, it is there again.
    let restore = format!("{TASKS}/{}/restore", gone["id"]);
    assert_eq!(
        alice.send(Method::POST, &restore).await.status(),
        StatusCode::OK
    );
    let (_, sent, none, latest) = sync(&app, &alice, list, &next).await;
    assert_eq!(sent, [names["Gone"].clone()]);
    assert!(none.is_empty());

    // The calendar's own token is the report's, and moved on with it.
    let body = r#"<d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/></d:prop></d:propfind>"#;
    let (status, text) = dav(
        &app,
        ("alice", &alice),
        "PROPFIND",
        &format!("/dav/calendars/alice/{list}/"),
        "0",
        body,
    )
    .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{text}");
    assert!(text.contains(&format!(">{latest}<")), "{latest}: {text}");
    assert!(!text.contains(&token), "{text}");
}

#[tokio::test]
async fn a_token_ticked_did_not_give_makes_the_client_start_over() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let task = alice.create(json!({"title": "x"})).await;
    let list = task["list_id"].as_i64().expect("a list");
    let other = alice.create_list(json!({"name": "Other"})).await;
    let (_, _, _, theirs) = sync(&app, &alice, other, "").await;
    for token in [
        "nonsense".to_owned(),
        format!("urn:ticked:sync:{list}:999999"),
        format!("urn:ticked:sync:{list}:-1"),
        theirs,
    ] {
        assert_refused(&app, &alice, list, &token).await;
    }
}

#[tokio::test]
async fn a_token_from_before_forgotten_deletions_makes_the_client_start_over() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    alice.create(json!({"title": "Keep"})).await;
    let gone = alice.create(json!({"title": "Gone"})).await;
    let list = gone["list_id"].as_i64().expect("a list");
    let other = alice.create_list(json!({"name": "Other"})).await;
    alice
        .create(json!({"title": "Elsewhere", "list_id": other}))
        .await;
    let (_, _, _, old) = sync(&app, &alice, list, "").await;
    let (_, _, _, elsewhere) = sync(&app, &alice, other, "").await;
    let deleted = alice.send(Method::DELETE, &path_of(&gone)).await;
    assert!(deleted.status().is_success(), "{}", deleted.status());

    // The first cleanup after a deletion only notes when it was seen: the
    // deletion is still told to a client that has not heard of it.
    // (`models::now`, as the cleanup stamps, so that the two compare to
    // the microsecond.)
    let forgotten = forget_gone(&mut app.db(), ticked::models::now()).expect("a cleanup");
    assert_eq!(forgotten, 0, "nothing is old enough yet");
    let (status, sent, told, after) = sync(&app, &alice, list, &old).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert!(sent.is_empty() && told.len() == 1, "{sent:?} {told:?}");

    // A day on, it is forgotten: a token from before it could miss it.
    let later = ticked::models::now() + chrono::TimeDelta::days(1);
    let forgotten = forget_gone(&mut app.db(), later).expect("a cleanup");
    assert_eq!(forgotten, 1);
    assert_refused(&app, &alice, list, &old).await;
    // A token from after it is still good, as is another list's.
    let (status, sent, told, again) = sync(&app, &alice, list, &after).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert!(sent.is_empty() && told.is_empty(), "{sent:?} {told:?}");
    assert_eq!(again, after);
    let (status, _, _, _) = sync(&app, &alice, other, &elsewhere).await;
    assert_eq!(
        status,
        StatusCode::MULTI_STATUS,
        "the other list's floor is its own"
    );

    // Starting over works, and its token syncs idle.
    let (status, sent, told, fresh) = sync(&app, &alice, list, "").await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!(
        (sent.len(), told.len()),
        (1, 0),
        "Keep alone: {sent:?} {told:?}"
    );
    let (status, sent, told, idle) = sync(&app, &alice, list, &fresh).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert!(sent.is_empty() && told.is_empty(), "{sent:?} {told:?}");
    assert_eq!(idle, fresh);
}

#[tokio::test]
async fn a_first_sync_of_many_tasks_gets_every_one_by_a_multiget() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    // More than a batch (a report reads and writes 500 objects at a time):
    // every one comes out, once.
    let mut list = 0;
    for n in 0..1_050 {
        let task = alice.create(json!({"title": format!("Task {n}")})).await;
        list = task["list_id"].as_i64().expect("a list");
    }
    let (status, sent, gone, _) = sync(&app, &alice, list, "").await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert_eq!((sent.len(), gone.len()), (1_050, 0));
    let distinct: std::collections::HashSet<&String> = sent.iter().collect();
    assert_eq!(distinct.len(), 1_050);
    let path = format!("/dav/calendars/alice/{list}/");
    let hrefs: String = sent
        .iter()
        .map(|name| format!("<d:href>{path}{name}</d:href>"))
        .collect();
    let multiget = format!(
        r#"<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>{hrefs}</c:calendar-multiget>"#
    );
    // The response itself, for its headers.
    let response = dav_request(&app, ("alice", &alice), "REPORT", &path, &multiget)
        .header("Depth", "1")
        .send()
        .await
        .expect("the request reaches the server");
    assert_eq!(response.status(), StatusCode::MULTI_STATUS);
    // Handed to the connection in pieces, the answer still says its
    // length first (no chunked encoding), and is whole.
    let length = response.content_length().expect("a Content-Length");
    let found = response.text().await.expect("a body");
    assert!(found.len() > 100_000, "several pieces: {}", found.len());
    assert_eq!(found.len() as u64, length);
    assert!(found.trim_end().ends_with("</d:multistatus>"));
    assert_eq!(found.matches("BEGIN:VTODO").count(), 1_050);
    for n in [0, 499, 500, 1_049] {
        assert!(found.contains(&format!("SUMMARY:Task {n}\r")), "Task {n}");
    }
    // A client without sync tokens lists the calendar instead: every
    // object once, read a batch at a time like a report.
    let (status, listing) = dav(&app, ("alice", &alice), "PROPFIND", &path, "1", "").await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    let listed: std::collections::HashSet<&str> = listing
        .split("<d:href>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</d:href>"))
        .filter_map(|(href, _)| href.strip_prefix(path.as_str()))
        .filter(|name| !name.is_empty())
        .collect();
    assert_eq!(listing.matches(".ics</d:href>").count(), 1_050);
    assert_eq!(listed.len(), 1_050);
}

#[tokio::test]
async fn a_task_deleted_again_after_a_restore_is_remembered_from_its_second_deletion() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let task = alice.create(json!({"title": "Twice"})).await;
    let list = task["list_id"].as_i64().expect("a list");
    let (path, restore) = (path_of(&task), format!("{TASKS}/{}/restore", task["id"]));
    let delete = || alice.send(Method::DELETE, &path);

    // Deleted, seen by the cleanup (which notes when), then restored.
    assert!(delete().await.status().is_success());
    forget_gone(&mut app.db(), ticked::models::now()).expect("a cleanup");
    assert!(
        alice
            .send(Method::POST, &restore)
            .await
            .status()
            .is_success()
    );
    forget_gone(&mut app.db(), ticked::models::now()).expect("a cleanup");
    let (_, _, _, before) = sync(&app, &alice, list, "").await;

    // Deleted again: it went now, not when it first went, so a cleanup
    // that forgets what went before now keeps it, and a client that had
    // it is told it is gone.
    assert!(delete().await.status().is_success());
    let now = ticked::models::now();
    let forgotten = forget_gone(&mut app.db(), now).expect("a cleanup");
    assert_eq!(
        forgotten, 0,
        "the first deletion's note was cleared by the restore"
    );
    let (status, sent, told, _) = sync(&app, &alice, list, &before).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert!(sent.is_empty() && told.len() == 1, "{sent:?} {told:?}");
}
