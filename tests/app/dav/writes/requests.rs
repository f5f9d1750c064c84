//! Writes as plain requests, each header chosen: ETags guarding every PUT
//! and DELETE, the refusals and that each changes nothing, and the
//! privileges a calendar announces to each member.

use reqwest::StatusCode;
use serde_json::json;

use super::{strong, trashed, unfold};
use crate::dav::{dav_request, first_object};
use crate::helpers::{Api, TestApp, spawn_app, title};

/// A status, the `ETag` header if any, and the body.
type Answer = (StatusCode, Option<String>, String);

/// `method path` as `who` (username, and the app password of their
/// `Api`), with `headers` and `body` (as iCalendar for a PUT).
async fn send(
    app: &TestApp,
    who: (&str, &Api),
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Answer {
    let mut request = dav_request(app, who, method, path, body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request
        .send()
        .await
        .expect("the request reaches the server");
    let status = response.status();
    let etag = response
        .headers()
        .get("etag")
        .map(|value| value.to_str().expect("an ASCII ETag").to_owned());
    (status, etag, response.text().await.expect("a body"))
}

/// A calendar object of one `component` with `uid` and `lines`, CRLF.
fn ical(component: &str, uid: &str, lines: &[&str]) -> String {
    let (begin, end) = (format!("BEGIN:{component}"), format!("END:{component}"));
    let uid = format!("UID:{uid}");
    let mut all = vec![
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ticked tests//reqwest//EN",
    ];
    all.extend([begin.as_str(), uid.as_str(), "DTSTAMP:20260101T120000Z"]);
    all.extend_from_slice(lines);
    all.extend([end.as_str(), "END:VCALENDAR", ""]);
    all.join("\r\n")
}

fn vtodo(uid: &str, summary: &str) -> String {
    ical("VTODO", uid, &[format!("SUMMARY:{summary}").as_str()])
}

/// The id of `api`'s user's first list (made with a task "x" in it).
async fn first_list(api: &Api) -> i64 {
    let task = api.create(json!({"title": "x"})).await;
    task["list_id"].as_i64().expect("a list")
}

#[tokio::test]
async fn etags_guard_every_write() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let who = ("alice", &alice);
    let list = first_list(&alice).await;
    let path = format!("/dav/calendars/alice/{list}/mine.ics");
    let mine = vtodo("mine-1", "Mine");
    let changed = vtodo("mine-1", "Changed");
    let create = [("If-None-Match", "*")];

    let (status, etag, body) = send(&app, who, "PUT", &path, &create, &mine).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // No ETag on a PUT's answer (ticked rewrites the object): a GET's.
    assert_eq!(etag, None, "no ETag on a PUT");
    let (_, etag, _) = send(&app, who, "GET", &path, &[], "").await;
    let first = strong(etag, "GET");
    let (status, _, _) = send(&app, who, "PUT", &path, &create, &mine).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "If-None-Match: *");
    let wrong = [("If-Match", r#""wrong""#)];
    let (status, _, _) = send(&app, who, "PUT", &path, &wrong, &changed).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "a wrong If-Match");
    let (status, etag, body) = send(&app, who, "GET", &path, &[], "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(etag.as_deref(), Some(first.as_str()), "unchanged");
    assert!(unfold(&body).contains("SUMMARY:Mine"), "{body}");
    // If-Match on nothing at all fails too, and makes nothing.
    let other = format!("/dav/calendars/alice/{list}/other.ics");
    let right = [("If-Match", first.as_str())];
    let other_uid = vtodo("other-1", "Other");
    let (status, _, _) = send(&app, who, "PUT", &other, &right, &other_uid).await;
    assert_eq!(
        status,
        StatusCode::PRECONDITION_FAILED,
        "If-Match, no object"
    );
    let (status, _, _) = send(&app, who, "GET", &other, &[], "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, etag, body) = send(&app, who, "PUT", &path, &right, &changed).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(etag, None, "no ETag on a PUT");
    let (status, etag, body) = send(&app, who, "GET", &path, &[], "").await;
    assert_eq!(status, StatusCode::OK);
    let second = strong(etag, "GET");
    assert_ne!(first, second, "a new version, a new ETag");
    assert!(unfold(&body).contains("SUMMARY:Changed"), "{body}");
    assert!(alice.titles("").await.contains(&"Changed".to_owned()));

    let (status, _, _) = send(&app, who, "DELETE", &path, &wrong, "").await;
    assert_eq!(
        status,
        StatusCode::PRECONDITION_FAILED,
        "DELETE, wrong ETag"
    );
    let stale = [("If-Match", first.as_str())];
    let (status, _, _) = send(&app, who, "DELETE", &path, &stale, "").await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED, "DELETE, old ETag");
    let (status, _, _) = send(&app, who, "GET", &path, &[], "").await;
    assert_eq!(status, StatusCode::OK, "still there");
    let current = [("If-Match", second.as_str())];
    let (status, _, body) = send(&app, who, "DELETE", &path, &current, "").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, _, _) = send(&app, who, "GET", &path, &[], "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(alice.titles("").await, ["x"]);
    assert_eq!(trashed(&alice).await, ["Changed"]);
}

#[tokio::test]
async fn refusals_change_nothing() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let (_, eve) = app.api_user("eve").await;
    let (as_alice, as_bob, as_eve) = (("alice", &alice), ("bob", &bob), ("eve", &eve));
    let list = first_list(&alice).await;
    let shared = alice.create_list(json!({"name": "Shared"})).await;
    alice.share(shared, "bob", "read").await;
    alice
        .create(json!({"title": "Shared one", "list_id": shared}))
        .await;
    let home = format!("/dav/calendars/alice/{list}/");
    let first = vtodo("taken-1", "First");
    let path = format!("{home}first.ics");
    let (status, _, body) = send(&app, as_alice, "PUT", &path, &[], &first).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (before, total) = alice.list("").await;

    let empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nEND:VCALENDAR\r\n";
    let no_uid = vtodo("x", "No UID").replace("UID:x\r\n", "");
    let event = ical(
        "VEVENT",
        "event-1",
        &["SUMMARY:Party", "DTSTART:20261224T180000Z"],
    );
    let hourly = ical(
        "VTODO",
        "hourly-1",
        &[
            "SUMMARY:Hourly",
            "DUE;VALUE=DATE:20261224",
            "RRULE:FREQ=HOURLY",
        ],
    );
    let refused = [
        (
            "not iCalendar",
            "hello, not a calendar".to_owned(),
            Some(400),
            "",
        ),
        ("no VTODO", empty.to_owned(), Some(400), ""),
        ("no UID", no_uid, Some(400), ""),
        ("an event", event, Some(403), "supported-calendar-component"),
        (
            "a UID taken",
            vtodo("taken-1", "Second"),
            Some(409),
            "no-uid-conflict",
        ),
        // Some 4xx: a repeat ticked cannot keep.
        ("RRULE:FREQ=HOURLY", hourly, None, ""),
    ];
    let path = format!("{home}second.ics");
    for (what, text, expected, condition) in refused {
        let (status, _, body) = send(&app, as_alice, "PUT", &path, &[], &text).await;
        match expected {
            Some(expected) => assert_eq!(status.as_u16(), expected, "{what}: {body}"),
            None => assert!(status.is_client_error(), "{what}: {status} {body}"),
        }
        assert!(body.contains(condition), "{what}: {condition} in {body}");
    }

    // A reader may not write; a stranger is not told the list exists.
    let theirs = vtodo("theirs-1", "Theirs");
    let path = format!("/dav/calendars/bob/{shared}/x.ics");
    let (status, _, _) = send(&app, as_bob, "PUT", &path, &[], &theirs).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a reader's PUT");
    let href = first_object(&app, as_bob, &format!("/dav/calendars/bob/{shared}/")).await;
    let (status, _, _) = send(&app, as_bob, "DELETE", &href, &[], "").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a reader's DELETE");
    let (status, _, _) = send(&app, as_bob, "PUT", &href, &[], &theirs).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a reader's PUT over a task");
    let path = format!("/dav/calendars/eve/{shared}/x.ics");
    let (status, _, _) = send(&app, as_eve, "PUT", &path, &[], &theirs).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a stranger's PUT");
    let name = href.rsplit('/').next().expect("a name");
    let path = format!("/dav/calendars/eve/{shared}/{name}");
    let (status, _, _) = send(&app, as_eve, "DELETE", &path, &[], "").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a stranger's DELETE");
    let path = format!("/dav/calendars/alice/{shared}/x.ics");
    let (status, _, _) = send(&app, as_eve, "PUT", &path, &[], &theirs).await;
    assert!(
        status.is_client_error(),
        "a PUT into another's home: {status}"
    );

    let (after, after_total) = alice.list("").await;
    assert_eq!((after_total, &after), (total, &before), "nothing changed");
    assert_eq!(trashed(&alice).await, Vec::<String>::new());
}

#[tokio::test]
async fn the_calendars_say_who_may_write() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let (_, carol) = app.api_user("carol").await;
    let shared = alice.create_list(json!({"name": "Shared"})).await;
    alice.share(shared, "bob", "read").await;
    alice.share(shared, "carol", "write").await;
    let body = r#"<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-privilege-set/></d:prop></d:propfind>"#;
    let depth = [("Depth", "0")];
    let members = [
        ("alice", &alice, true),
        ("carol", &carol, true),
        ("bob", &bob, false),
    ];
    for (username, api, writes) in members {
        let path = format!("/dav/calendars/{username}/{shared}/");
        let (status, _, found) = send(&app, (username, api), "PROPFIND", &path, &depth, body).await;
        assert_eq!(status, StatusCode::MULTI_STATUS, "{username}: {found}");
        assert!(found.contains("<d:read/>"), "{username}: {found}");
        let may_write = found.contains("<d:write/>") || found.contains("<d:write-content/>");
        assert_eq!(may_write, writes, "{username}: {found}");
        // A reader is told nothing of writing at all.
        assert!(writes || !found.contains("write"), "{username}: {found}");
    }
    // Carol, who may write, does.
    let path = format!("/dav/calendars/carol/{shared}/carols.ics");
    let carols = vtodo("carols-1", "Carol's");
    let (status, _, body) = send(&app, ("carol", &carol), "PUT", &path, &[], &carols).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (tasks, _) = alice.list(&format!("?list={shared}")).await;
    assert_eq!(tasks.iter().map(title).collect::<Vec<_>>(), ["Carol's"]);
}

#[tokio::test]
async fn a_name_the_client_chose_comes_back_as_it_wrote_it_in_a_path() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let who = ("alice", &alice);
    let list = first_list(&alice).await;
    // A space and a `#` must be escaped in a path; `@` need not be.
    let path = format!("/dav/calendars/alice/{list}/my%20task%23a@b.ics");
    let (status, _, body) = send(&app, who, "PUT", &path, &[], &vtodo("named-1", "Named")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _, body) = send(&app, who, "GET", &path, &[], "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(unfold(&body).contains("SUMMARY:Named"), "{body}");
    let listing = r#"<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>"#;
    let calendar = format!("/dav/calendars/alice/{list}/");
    let (_, _, found) = send(&app, who, "PROPFIND", &calendar, &[("Depth", "1")], listing).await;
    assert!(
        found.contains(&format!("<d:href>{path}</d:href>")),
        "{found}"
    );
}
