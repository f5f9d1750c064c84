//! `PROPPATCH` of a calendar: a client renames a list and sets its colour
//! at once; a read member is refused (403) and nothing changes; a protected
//! property fails the whole request, the rest marked 424 and not set.

use reqwest::StatusCode;
use serde_json::json;

use super::dav;
use crate::helpers::{LISTS, json_of, spawn_app};

fn update(props: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:a="http://apple.com/ns/ical/"><d:set><d:prop>{props}</d:prop></d:set></d:propertyupdate>"#
    )
}

#[tokio::test]
async fn a_client_renames_a_list_and_a_reader_cannot() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let list = alice.create_list(json!({"name": "Home"})).await;
    alice.share(list, "bob", "read").await;
    let path = format!("/dav/calendars/alice/{list}/");
    let read = || async {
        json_of(
            alice
                .send(reqwest::Method::GET, &format!("{LISTS}/{list}"))
                .await,
            StatusCode::OK,
        )
        .await
    };

    let rename = update(
        "<d:displayname>House</d:displayname><a:calendar-color>#3B72D9FF</a:calendar-color>",
    );
    let (status, body) = dav(&app, ("alice", &alice), "PROPPATCH", &path, "0", &rename).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    assert!(body.contains("200 OK") && !body.contains("403"), "{body}");
    let now = read().await;
    assert_eq!(
        (&now["name"], &now["colour"]),
        (&json!("House"), &json!("blue"))
    );

    // Bob may only read: every property is refused, nothing changes.
    let theirs = format!("/dav/calendars/bob/{list}/");
    let (status, body) = dav(
        &app,
        ("bob", &bob),
        "PROPPATCH",
        &theirs,
        "0",
        &update("<d:displayname>Mine</d:displayname>"),
    )
    .await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{body}");
    assert!(body.contains("403 Forbidden"), "{body}");
    assert_eq!(read().await, now);

    // A protected property fails the request: the name is not set (424).
    let mixed = update("<d:displayname>Other</d:displayname><d:getetag>x</d:getetag>");
    let (_, body) = dav(&app, ("alice", &alice), "PROPPATCH", &path, "0", &mixed).await;
    assert!(
        body.contains("403 Forbidden") && body.contains("424 Failed Dependency"),
        "{body}"
    );
    let (_, body) = dav(
        &app,
        ("alice", &alice),
        "PROPPATCH",
        &path,
        "0",
        &update("<d:displayname>  </d:displayname>"),
    )
    .await;
    assert!(body.contains("409 Conflict"), "an empty name: {body}");
    assert_eq!(read().await, now);
    let (status, _) = dav(
        &app,
        ("alice", &alice),
        "PROPPATCH",
        &path,
        "0",
        "<nonsense/>",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
