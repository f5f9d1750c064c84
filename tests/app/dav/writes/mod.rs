//! Writes over CalDAV: a task made, renamed, completed and deleted by a
//! real client (`caldav`, scenario `write`), as the API then shows it; a
//! web edit that keeps what the client wrote and ticked has no field for
//! (an X- property, an alarm). In `requests`, plain requests: ETags
//! guarding every PUT and DELETE; the refusals (not iCalendar, an event, a
//! UID taken, a reader, a stranger, a repeat ticked cannot keep), each of
//! which changes nothing; and the privileges each calendar announces, so a
//! client knows before it tries.

mod requests;

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{client, client_available, plain_http};
use crate::helpers::{Api, path_of, spawn_app, title};

/// Asserts a strong, quoted ETag; returns it.
fn strong(etag: Option<String>, what: &str) -> String {
    let etag = etag.unwrap_or_else(|| panic!("{what}: an ETag header"));
    assert!(
        etag.len() > 2 && etag.starts_with('"') && etag.ends_with('"'),
        "{what}: a strong, quoted ETag, not {etag}"
    );
    etag
}

/// iCalendar text with its folded lines unfolded, in LF.
fn unfold(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace("\n ", "")
        .replace("\n\t", "")
}

/// The titles in `api`'s trash.
async fn trashed(api: &Api) -> Vec<String> {
    let response = api.get("/api/trash").await;
    assert_eq!(response.status(), StatusCode::OK);
    let items: Value = response.json().await.expect("the trash as JSON");
    items
        .as_array()
        .expect("an array")
        .iter()
        .map(title)
        .collect()
}

#[tokio::test]
async fn a_client_creates_edits_completes_and_deletes_a_task() {
    if !client_available() {
        return;
    }
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let found = client(&app, "write", "alice", &alice).await;

    let calendar = found["calendar"].as_str().expect("the calendar's URL");
    let url = found["made"]["url"].as_str().expect("the object's URL");
    assert_eq!(url, format!("{calendar}client-made-1.ics"), "{found:#}");
    let fetched = &found["fetched"];
    assert_eq!(fetched["url"], url, "read back where it was put");
    for (field, value) in [
        ("uid", json!("client-made-1")),
        ("summary", json!("Made in a client")),
        ("due", json!("2026-12-24")),
        ("priority", json!(1)),
        ("categories", json!(["phone", "Shop"])),
        ("status", json!("NEEDS-ACTION")),
        ("completed", Value::Null),
        ("vtodo_count", json!(1)),
        ("parse_errors", json!([])),
    ] {
        assert_eq!(fetched[field], value, "{field}: {fetched:#}");
    }
    let raw = unfold(fetched["raw"].as_str().expect("the object's text"));
    for kept in ["X-CLIENT-THING:keep me", "BEGIN:VALARM", "TRIGGER:-PT15M"] {
        assert!(raw.contains(kept), "{kept} kept: {raw}");
    }
    let first = strong(fetched["etag"].as_str().map(str::to_owned), "GET");
    // ticked writes its fields over what was sent, so a PUT's answer has
    // no ETag (RFC 4791 §5.3.4): the client reads the object again.
    assert_eq!(found["made"]["etag"], Value::Null, "no ETag on a PUT");

    let edited = &found["edited"];
    assert_eq!(edited["summary"], "Edited in a client", "{edited:#}");
    let second = strong(edited["etag"].as_str().map(str::to_owned), "GET");
    assert_ne!(first, second, "an edit changes the ETag");
    assert_eq!(found["edited_put_etag"], Value::Null, "{found:#}");
    let completed = &found["completed"];
    assert_eq!(completed["status"], "COMPLETED", "{completed:#}");
    assert!(completed["completed"].is_string(), "{completed:#}");
    assert_eq!(completed["summary"], "Edited in a client");
    let third = completed["etag"].as_str().expect("an ETag");
    assert_ne!(third, second, "completing changes the ETag");
    assert_eq!(found["completed_put_etag"], Value::Null, "{found:#}");
    assert_eq!(found["summaries"], json!(["Edited in a client"]));

    // What caldav sent: a plain PUT to make (to <uid>.ics, as text/calendar),
    // If-Match with the ETag it saw last to change, a plain DELETE.
    let line = |write: &Value| {
        let text = |name: &str| write[name].as_str().unwrap_or("-").to_owned();
        let path = text("path");
        let object = path.rsplit('/').next().unwrap_or_default();
        let ical = text("content_type").starts_with("text/calendar");
        format!(
            "{} {object} {} if-match {} if-none-match {}{}",
            text("method"),
            write["status"],
            text("if_match"),
            text("if_none_match"),
            if ical { " ical" } else { "" }
        )
    };
    let writes = found["writes"].as_array().expect("the writes");
    let writes: Vec<String> = writes.iter().map(line).collect();
    assert_eq!(
        writes,
        [
            "PUT client-made-1.ics 201 if-match - if-none-match - ical".to_owned(),
            format!("PUT client-made-1.ics 204 if-match {first} if-none-match - ical"),
            format!("PUT client-made-1.ics 204 if-match {second} if-none-match - ical"),
            "PUT client-made-2.ics 201 if-match - if-none-match - ical".to_owned(),
            "DELETE client-made-2.ics 204 if-match - if-none-match -".to_owned(),
        ],
        "{found:#}"
    );

    // The API sees what the client wrote.
    let (tasks, _) = alice.list("").await;
    assert_eq!(
        tasks.iter().map(title).collect::<Vec<_>>(),
        ["Edited in a client"]
    );
    let task = &tasks[0];
    assert_eq!(task["completed"], true, "{task:#}");
    assert_eq!(task["due"], "2026-12-24");
    assert_eq!(task["priority"], "high");
    assert_eq!(task["labels"], json!(["phone", "Shop"]));
    assert!(url.contains(&format!("/{}/", task["list_id"])), "{url}");
    assert_eq!(trashed(&alice).await, ["To be deleted"]);
    let deleted = found["deleted_url"].as_str().expect("its URL");
    let gone = plain_http()
        .get(deleted)
        .basic_auth("alice", Some(&alice.token))
        .send()
        .await
        .expect("GET reaches the server");
    assert_eq!(gone.status(), StatusCode::NOT_FOUND, "{deleted}");
}

#[tokio::test]
async fn a_web_edit_keeps_what_the_client_wrote() {
    if !client_available() {
        return;
    }
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    client(&app, "write", "alice", &alice).await;
    let (tasks, _) = alice.list("").await;
    let task = tasks
        .iter()
        .find(|task| title(task) == "Edited in a client")
        .unwrap_or_else(|| panic!("the client's task among {tasks:#?}"));
    let page = format!("/tasks/{}", task["id"]);
    let fields = [
        ("title", "Edited on the web"),
        ("due", "2026-12-24"),
        ("priority", "high"),
        ("labels", "phone,Shop"),
        ("notes", ""),
    ];
    let saved = browser.submit(&page, &page, &fields).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "saving {page}");
    let now = alice.get_task(&path_of(task)).await;
    assert_eq!(now["title"], "Edited on the web");
    assert_eq!(now["completed"], true, "an edit keeps it done: {now:#}");

    let found = client(&app, "dump", "alice", &alice).await;
    let raw = found["objects"]["client-made-1"]
        .as_str()
        .unwrap_or_else(|| panic!("the client's object: {found:#}"));
    let raw = unfold(raw);
    for kept in [
        "SUMMARY:Edited on the web",
        "X-CLIENT-THING:keep me",
        "BEGIN:VALARM",
        "TRIGGER:-PT15M",
        "DESCRIPTION:Reminder",
        "STATUS:COMPLETED",
        "DUE;VALUE=DATE:20261224",
        "PRIORITY:1",
    ] {
        assert!(raw.contains(kept), "{kept} in {raw}");
    }
    assert_eq!(raw.matches("X-CLIENT-THING").count(), 1, "once: {raw}");
    assert_eq!(raw.matches("BEGIN:VALARM").count(), 1, "once: {raw}");
    assert_eq!(raw.matches("SUMMARY:").count(), 1, "once: {raw}");
    assert!(!raw.contains("Edited in a client"), "{raw}");
}
