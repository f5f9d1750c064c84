//! The protocol's edges, request by request: what a read member's and a
//! stranger's calendars look like, a query's filter for open tasks, a
//! property nobody knows (404 inside the 207, never a failed request), a
//! report ticked does not make (403), XML that does not read (400), and
//! an app password's use noted as an API token's is.

use reqwest::StatusCode;
use serde_json::json;

use super::{dav, dav_request, first_object, propfind_root};
use crate::helpers::{PASSWORD, spawn_app};

const CALENDAR_DATA: &str = r#"<d:prop><d:getetag/><c:calendar-data/></d:prop>"#;

fn query(filter: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">{CALENDAR_DATA}<c:filter>{filter}</c:filter></c:calendar-query>"#
    )
}

#[tokio::test]
async fn a_read_member_sees_a_read_only_calendar_and_a_stranger_none() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let (_, eve) = app.api_user("eve").await;
    let shared = alice.create_list(json!({"name": "Shared"})).await;
    alice.share(shared, "bob", "read").await;
    let body = r#"<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-privilege-set/><d:displayname/></d:prop></d:propfind>"#;

    let (status, mine) = dav(
        &app,
        ("alice", &alice),
        "PROPFIND",
        &format!("/dav/calendars/alice/{shared}/"),
        "0",
        body,
    )
    .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{mine}");
    // The owner may write; a reader is told so before trying.
    assert!(
        mine.contains("<d:read/>")
            && (mine.contains("<d:write/>") || mine.contains("<d:write-content/>")),
        "{mine}"
    );
    let (status, theirs) = dav(
        &app,
        ("bob", &bob),
        "PROPFIND",
        &format!("/dav/calendars/bob/{shared}/"),
        "0",
        body,
    )
    .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{theirs}");
    assert!(
        theirs.contains("<d:read/>") && !theirs.contains("write"),
        "{theirs}"
    );
    assert!(
        theirs.contains("<d:displayname>Shared</d:displayname>"),
        "{theirs}"
    );

    // Eve can see neither the list nor anyone else's home.
    let theirs = format!("/dav/calendars/eve/{shared}/");
    for (path, depth) in [
        (theirs.as_str(), "0"),
        ("/dav/calendars/alice/", "1"),
        ("/dav/calendars/eve/not-a-list/", "0"),
    ] {
        let (status, _) = dav(&app, ("eve", &eve), "PROPFIND", path, depth, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_query_for_open_tasks_leaves_out_the_done_ones() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    alice.create(json!({"title": "Open one"})).await;
    let done = alice.create(json!({"title": "Done one"})).await;
    alice.patch(&done, json!({"completed": true})).await;
    let list = done["list_id"].as_i64().expect("a list");
    let path = format!("/dav/calendars/alice/{list}/");
    let who = ("alice", &alice);

    let open = r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:prop-filter name="COMPLETED"><c:is-not-defined/></c:prop-filter><c:prop-filter name="STATUS"><c:text-match negate-condition="yes">COMPLETED</c:text-match></c:prop-filter></c:comp-filter></c:comp-filter>"#;
    let (status, found) = dav(&app, who, "REPORT", &path, "1", &query(open)).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{found}");
    assert!(
        found.contains("SUMMARY:Open one") && !found.contains("Done one"),
        "{found}"
    );

    let every = r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"/></c:comp-filter>"#;
    let (_, found) = dav(&app, who, "REPORT", &path, "1", &query(every)).await;
    assert!(
        found.contains("Open one") && found.contains("Done one"),
        "{found}"
    );
    // Events are not kept here: a query for them finds nothing.
    let events =
        r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter>"#;
    let (_, found) = dav(&app, who, "REPORT", &path, "1", &query(events)).await;
    assert!(!found.contains("<d:response>"), "{found}");

    // A multiget names objects: the one found, and a 404 for the other.
    let href = first_object(&app, who, &path).await;
    let multiget = format!(
        r#"<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">{CALENDAR_DATA}<d:href>{href}</d:href><d:href>{path}nothing.ics</d:href></c:calendar-multiget>"#
    );
    let (status, found) = dav(&app, who, "REPORT", &path, "1", &multiget).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{found}");
    assert!(
        found.contains("BEGIN:VTODO") && found.contains("404 Not Found"),
        "{found}"
    );
    // Its text is the object's GET, with the same ETag.
    let object = dav_request(&app, who, "GET", &href, "")
        .send()
        .await
        .expect("GET reaches the server");
    let etag = object.headers()["etag"]
        .to_str()
        .expect("an ETag")
        .to_owned();
    // (Inside XML text, its quotes may be written `&quot;`.)
    let bare = etag.trim_matches('"');
    assert!(
        etag.starts_with('"') && found.contains(bare),
        "{etag} in {found}"
    );
    let text = object.text().await.expect("a body");
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "lines end in CRLF: {text:?}"
    );
}

#[tokio::test]
async fn unknown_properties_are_404s_inside_the_answer_and_bad_requests_400s() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let who = ("alice", &alice);
    let unknown = r#"<d:propfind xmlns:d="DAV:" xmlns:x="urn:example"><d:prop><d:displayname/><x:shoe-size/></d:prop></d:propfind>"#;
    let (status, found) = dav(&app, who, "PROPFIND", "/dav/calendars/alice/", "0", unknown).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{found}");
    assert!(
        found.contains("shoe-size") && found.contains("404 Not Found"),
        "{found}"
    );
    assert!(found.contains("200 OK"), "{found}");

    let list = alice.create(json!({"title": "x"})).await["list_id"]
        .as_i64()
        .expect("a list");
    let path = format!("/dav/calendars/alice/{list}/");
    for bad in [
        "<d:propfind xmlns:d=\"DAV:\">",
        "not xml at all <",
        "<a><b></a>",
        "<d:prop xmlns:d=\"DAV:\"/>",
    ] {
        let (status, _) = dav(&app, who, "PROPFIND", &path, "0", bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let deep = format!("{}{}", "<a>".repeat(5_000), "</a>".repeat(5_000));
    let (status, _) = dav(&app, who, "PROPFIND", &path, "0", &deep).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A report ticked does not make.
    let busy = r#"<c:free-busy-query xmlns:c="urn:ietf:params:xml:ns:caldav"/>"#;
    let (status, found) = dav(&app, who, "REPORT", &path, "1", busy).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{found}");
    assert!(found.contains("supported-report"), "{found}");
    let (status, _) = dav(&app, who, "REPORT", &path, "1", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn wrong_app_passwords_count_toward_the_login_limit() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    for n in 0..10 {
        let response = propfind_root(&app, Some(("alice", "tk_guess"))).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    // The eleventh wrong guess is told to wait, as a login form would be,
    // and so is the login form for that username.
    let response = propfind_root(&app, Some(("alice", "tk_guess"))).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let login = app.browser().login("alice", PASSWORD).await;
    assert_eq!(login.status(), StatusCode::TOO_MANY_REQUESTS);
    // The app password itself still works: it is checked before the limit,
    // since no number of guesses finds one.
    let response = propfind_root(&app, Some(("alice", &alice.token))).await;
    assert_eq!(response.status(), StatusCode::MULTI_STATUS);
}

#[tokio::test]
async fn a_report_is_answered_once_per_path_and_refuses_what_would_make_it_huge() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let task = alice.create(json!({"title": "Only one"})).await;
    let list = task["list_id"].as_i64().expect("a list");
    let path = format!("/dav/calendars/alice/{list}/");
    let who = ("alice", &alice);
    let href = first_object(&app, who, &path).await;

    // The same path twice is answered once; a path elsewhere gets a 404.
    let multiget = format!(
        r#"<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">{CALENDAR_DATA}<d:href>{href}</d:href><d:href>{href}</d:href><d:href>/dav/calendars/bob/1/x.ics</d:href></c:calendar-multiget>"#
    );
    let (status, found) = dav(&app, who, "REPORT", &path, "1", &multiget).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{found}");
    assert_eq!(found.matches("BEGIN:VTODO").count(), 1, "{found}");
    assert!(
        found.contains(
            "<d:href>/dav/calendars/bob/1/x.ics</d:href><d:status>HTTP/1.1 404 Not Found"
        ),
        "{found}"
    );

    // More properties than any client asks for, a filter of hundreds of
    // elements, and a time-range that does not read (in a calendar where
    // no task would reach it) are each a 400 before anything is read.
    let many: String = (0..100)
        .map(|n| format!("<x:p{n} xmlns:x=\"urn:x\"/>"))
        .collect();
    let too_many = format!(
        r#"<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop>{many}</d:prop></c:calendar-query>"#
    );
    let (status, text) = dav(&app, who, "REPORT", &path, "1", &too_many).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("prop"), "{text}");
    let ranges: String = (0..100)
        .map(|_| r#"<c:time-range start="20260101T000000Z"/>"#)
        .collect();
    let huge = query(&format!(
        r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO">{ranges}</c:comp-filter></c:comp-filter>"#
    ));
    let (status, text) = dav(&app, who, "REPORT", &path, "1", &huge).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("filter"), "{text}");
    let bad = query(
        r#"<c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:prop-filter name="X-NONE"><c:time-range start="soon"/></c:prop-filter></c:comp-filter></c:comp-filter>"#,
    );
    let (status, text) = dav(&app, who, "REPORT", &path, "1", &bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("time-range"), "{text}");
}

#[tokio::test]
async fn a_dav_request_with_an_app_password_notes_when_the_token_was_last_used() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let used = "api_tokens WHERE last_used_at IS NOT NULL";
    assert_eq!(app.count(used), 0, "not used yet");

    let response = propfind_root(&app, Some(("alice", &alice.token))).await;
    assert_eq!(response.status(), StatusCode::MULTI_STATUS);
    // The account page's "last used" is how a person finds a phone's app
    // password still in use before revoking it: DAV counts as much as the
    // API does.
    assert_eq!(app.count(used), 1);
}
