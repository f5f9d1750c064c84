//! Calendars a client makes and deletes. `MKCALENDAR` makes a list at the
//! address the client chose (a UUID, as Apple's apps and DAVx5 choose),
//! with the name and colour it asks for; where ticked cannot keep one
//! (something there already, a number, a name another list has, a
//! calendar for events, someone else's home, a body that does not read)
//! nothing is made. `DELETE` of a calendar deletes the list with its
//! tasks, for its owner only and never the default list, and frees the
//! address. A real client (`caldav`, scenarios `make-list` and
//! `delete-list`) does the same from its side.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{client, client_available, dav, dav_request};
use crate::helpers::{Api, LISTS, TestApp, assert_error, header, json_of, path_of, spawn_app};

/// Where the calendars of these tests are made.
const SEGMENT: &str = "6E3B2A10-1C2D-4E5F-8A9B-0C1D2E3F4A5B";

/// A component set of tasks only, as every calendar of ticked's holds.
const TODOS: &str = r#"<c:supported-calendar-component-set><c:comp name="VTODO"/></c:supported-calendar-component-set>"#;

/// A `PROPFIND` of names alone.
const DISPLAYNAME: &str =
    r#"<d:propfind xmlns:d="DAV:"><d:prop><d:displayname/></d:prop></d:propfind>"#;

/// A task as a client writes it.
const APPLES: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ticked tests//reqwest//EN\r\n\
    BEGIN:VTODO\r\nUID:apples-1\r\nDTSTAMP:20260101T120000Z\r\nSUMMARY:Buy apples\r\n\
    END:VTODO\r\nEND:VCALENDAR\r\n";

/// A `MKCALENDAR` body that sets `props`.
fn mkcalendar(props: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:a="http://apple.com/ns/ical/"><d:set><d:prop>{props}</d:prop></d:set></c:mkcalendar>"#
    )
}

/// A `MKCALENDAR` body for a calendar of tasks named `name`.
fn named_todos(name: &str) -> String {
    mkcalendar(&format!("<d:displayname>{name}</d:displayname>{TODOS}"))
}

/// Alice's calendar at `segment`.
fn at(segment: &str) -> String {
    format!("/dav/calendars/alice/{segment}/")
}

/// The lists `api`'s user sees over the API.
async fn lists(api: &Api) -> Vec<Value> {
    let lists = json_of(api.get(LISTS).await, StatusCode::OK).await;
    lists.as_array().expect("an array of lists").clone()
}

/// Their names, sorted.
async fn names(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = lists(api)
        .await
        .iter()
        .map(|list| list["name"].as_str().expect("a name").to_owned())
        .collect();
    names.sort();
    names
}

/// The list named `name` that `api`'s user sees.
async fn named(api: &Api, name: &str) -> Value {
    let all = lists(api).await;
    all.iter()
        .find(|list| list["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("a list named {name}: {all:#?}"))
}

/// A list's id, from its JSON.
fn id_of(list: &Value) -> i64 {
    list["id"].as_i64().expect("a list's id")
}

/// The `<d:response>` about `href` in a multi-status `body`.
fn response_for<'a>(body: &'a str, href: &str) -> &'a str {
    let tag = format!("<d:href>{href}</d:href>");
    body.split("<d:response>")
        .find(|response| response.contains(&tag))
        .unwrap_or_else(|| panic!("a response for {href}: {body}"))
}

/// `PUT` of [`APPLES`] into alice's calendar at `segment`, as a client
/// sends it.
async fn put_apples(app: &TestApp, alice: &Api, segment: &str) -> StatusCode {
    let path = format!("{}apples-1.ics", at(segment));
    dav_request(app, ("alice", alice), "PUT", &path, APPLES)
        .send()
        .await
        .expect("PUT reaches the server")
        .status()
}

#[tokio::test]
async fn a_calendar_a_client_makes_is_a_list_with_the_name_and_colour_it_asked_for() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let who = ("alice", &alice);
    let body = mkcalendar(&format!(
        "<d:displayname>Groceries</d:displayname><a:calendar-color>#3B72D9FF</a:calendar-color>{TODOS}"
    ));
    let (status, text) = dav(&app, who, "MKCALENDAR", &at(SEGMENT), "0", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");

    // The home lists it where the client put it, by the name it gave.
    let home = "/dav/calendars/alice/";
    let (status, listing) = dav(&app, who, "PROPFIND", home, "1", DISPLAYNAME).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{listing}");
    let made = response_for(&listing, &at(SEGMENT));
    assert!(
        made.contains("<d:displayname>Groceries</d:displayname>"),
        "{made}"
    );
    // Over the API it is a list like any other, its colour the palette's
    // nearest.
    let list = named(&alice, "Groceries").await;
    assert_eq!(
        (&list["colour"], &list["level"], &list["is_default"]),
        (&json!("blue"), &json!("owner"), &json!(false)),
        "{list:#}"
    );
    // A task written into the calendar is one of the list's.
    assert_eq!(put_apples(&app, &alice, SEGMENT).await, StatusCode::CREATED);
    let id = id_of(&list);
    assert_eq!(alice.titles(&format!("?list={id}")).await, ["Buy apples"]);

    // Something is there now: a second MKCALENDAR is refused, as is one at
    // the id of a list made on the web.
    let (status, text) = dav(&app, who, "MKCALENDAR", &at(SEGMENT), "0", &body).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{text}");
    assert!(text.contains("resource-must-be-null"), "{text}");
    let default = id_of(&named(&alice, "Tasks").await).to_string();
    let (status, text) = dav(&app, who, "MKCALENDAR", &at(&default), "0", "").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{text}");
    assert_eq!(names(&alice).await, ["Groceries", "Tasks"]);

    // OPTIONS says that calendars can be made and deleted here.
    let options = dav_request(&app, who, "OPTIONS", &at(SEGMENT), "")
        .send()
        .await
        .expect("OPTIONS reaches the server");
    let listed = |name: &str| -> Vec<String> {
        header(&options, name)
            .unwrap_or_default()
            .split(',')
            .map(|item| item.trim().to_owned())
            .collect()
    };
    let (classes, allow) = (listed("dav"), listed("allow"));
    for class in ["1", "3", "calendar-access"] {
        assert!(classes.iter().any(|c| c == class), "DAV: {classes:?}");
    }
    for method in ["MKCALENDAR", "DELETE"] {
        assert!(allow.iter().any(|m| m == method), "Allow: {allow:?}");
    }
}

#[tokio::test]
async fn no_calendar_is_made_where_ticked_cannot_keep_one() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let bobs = "/dav/calendars/bob/bobs-place/";
    let (status, text) = dav(&app, ("bob", &bob), "MKCALENDAR", bobs, "0", "").await;
    assert_eq!(status, StatusCode::CREATED, "{text}");

    let events = mkcalendar(
        r#"<c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>"#,
    );
    // A displayname that never closes: not XML.
    let not_xml = mkcalendar("<d:displayname>Half");
    let propfind = DISPLAYNAME.to_owned();
    let long = named_todos(&"x".repeat(300));
    let location = "calendar-collection-location-ok";
    let bobs_home = format!("/dav/calendars/bob/{SEGMENT}/");
    // (where, body, the answer's status, what it names)
    let refused = [
        // A number is where a list made on the web is.
        (at("12345"), named_todos("Numbers"), 403, location),
        // Bob's list is there, though alice cannot see it.
        (at("bobs-place"), named_todos("Mine"), 403, location),
        (at(SEGMENT), events, 403, "supported-calendar-component"),
        (at(SEGMENT), long, 400, "displayname"),
        (at(SEGMENT), not_xml, 400, ""),
        (at(SEGMENT), propfind, 400, ""),
        (bobs_home, named_todos("Bob's"), 404, ""),
    ];
    let who = ("alice", &alice);
    for (path, body, status, says) in refused {
        let (actual, text) = dav(&app, who, "MKCALENDAR", &path, "0", &body).await;
        assert_eq!(actual.as_u16(), status, "{path} {body}: {text}");
        assert!(text.contains(says), "{path} {body}: {text}");
    }

    // Nothing was made, for alice or for bob.
    assert_eq!(names(&alice).await, ["Tasks"]);
    assert_eq!(names(&bob).await, ["Tasks", "bobs-place"]);
    let (status, _) = dav(&app, who, "PROPFIND", &at(SEGMENT), "0", DISPLAYNAME).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_calendar_made_without_a_body_is_named_after_its_address() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let who = ("alice", &alice);
    let (status, text) = dav(&app, who, "MKCALENDAR", &at(SEGMENT), "0", "").await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let list = named(&alice, SEGMENT).await;
    assert_eq!(list["colour"], Value::Null, "{list:#}");

    // A list made on the web stays at its id, beside it.
    let web = alice.create_list(json!({"name": "Home"})).await;
    let home = "/dav/calendars/alice/";
    let (_, listing) = dav(&app, who, "PROPFIND", home, "1", DISPLAYNAME).await;
    let made = response_for(&listing, &at(SEGMENT));
    assert!(
        made.contains(&format!("<d:displayname>{SEGMENT}</d:displayname>")),
        "{made}"
    );
    let on_the_web = response_for(&listing, &at(&web.to_string()));
    assert!(
        on_the_web.contains("<d:displayname>Home</d:displayname>"),
        "{on_the_web}"
    );
}

#[tokio::test]
async fn deleting_a_calendar_deletes_its_list_and_tasks_and_frees_its_address() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let who = ("alice", &alice);
    let body = named_todos("Groceries");
    let (status, _) = dav(&app, who, "MKCALENDAR", &at(SEGMENT), "0", &body).await;
    assert_eq!(status, StatusCode::CREATED);
    let list = id_of(&named(&alice, "Groceries").await);
    let task = alice
        .create(json!({"title": "Buy apples", "list_id": list}))
        .await;

    let (status, text) = dav(&app, who, "DELETE", &at(SEGMENT), "0", "").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{text}");
    let gone = alice.get(&format!("{LISTS}/{list}")).await;
    assert_error(gone, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(
        alice.get(&path_of(&task)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let (status, _) = dav(&app, who, "PROPFIND", &at(SEGMENT), "0", DISPLAYNAME).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = dav(&app, who, "DELETE", &at(SEGMENT), "0", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleted once");

    // The address is free again, for a new, empty list.
    let (status, text) = dav(&app, who, "MKCALENDAR", &at(SEGMENT), "0", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let again = named(&alice, "Groceries").await;
    assert_ne!(id_of(&again), list);
    assert_eq!((&again["open"], &again["done"]), (&json!(0), &json!(0)));
}

#[tokio::test]
async fn only_its_owner_deletes_a_calendar_and_never_the_default_list() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let (_, eve) = app.api_user("eve").await;
    let default = alice.create(json!({"title": "Kept"})).await["list_id"]
        .as_i64()
        .expect("a list");
    let (status, text) = dav(
        &app,
        ("alice", &alice),
        "DELETE",
        &at(&default.to_string()),
        "0",
        "",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    assert_eq!(alice.titles(&format!("?list={default}")).await, ["Kept"]);

    let shared = bob.create_list(json!({"name": "Bob's"})).await;
    bob.create(json!({"title": "Bob's task", "list_id": shared}))
        .await;
    // A member who may change the tasks, or even the list, may not delete it.
    for level in ["write", "admin"] {
        bob.share(shared, "alice", level).await;
        let path = at(&shared.to_string());
        let (status, text) = dav(&app, ("alice", &alice), "DELETE", &path, "0", "").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{level}: {text}");
    }
    // Nor in someone else's home, nor where one cannot see the list.
    let bobs = format!("/dav/calendars/bob/{shared}/");
    let (status, _) = dav(&app, ("alice", &alice), "DELETE", &bobs, "0", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let eves = format!("/dav/calendars/eve/{shared}/");
    let (status, _) = dav(&app, ("eve", &eve), "DELETE", &eves, "0", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(bob.titles(&format!("?list={shared}")).await, ["Bob's task"]);

    let (status, text) = dav(&app, ("bob", &bob), "DELETE", &bobs, "0", "").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "the owner may: {text}");
}

#[tokio::test]
async fn a_client_makes_a_calendar_fills_it_and_deletes_it() {
    if !client_available() {
        return;
    }
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let place = "/dav/calendars/alice/groceries-6e3b2a10/";

    let found = client(&app, "make-list", "alice", &alice).await;
    assert_eq!(found["before"], json!(["Tasks"]), "{found:#}");
    assert_eq!(found["after"], json!(["Groceries", "Tasks"]), "{found:#}");
    let made = &found["made"];
    let url = made["url"].as_str().expect("the calendar's URL");
    assert!(url.ends_with(place), "where the client asked: {found:#}");
    assert_eq!(made["name"], "Groceries", "{found:#}");
    assert_eq!(made["components"], json!(["VTODO"]), "{found:#}");
    assert_eq!(made["summaries"], json!(["Buy apples"]), "{found:#}");
    let todo = made["todo_url"].as_str().unwrap_or_default();
    assert!(todo.starts_with(url), "the todo is in it: {found:#}");
    let made_with = format!("MKCALENDAR {place} 201");
    assert!(
        found["requests"]
            .as_array()
            .is_some_and(|all| all.contains(&json!(made_with))),
        "{made_with}: {found:#}"
    );
    // The todo is a task of the new list.
    let list = id_of(&named(&alice, "Groceries").await);
    assert_eq!(alice.titles(&format!("?list={list}")).await, ["Buy apples"]);

    let found = client(&app, "delete-list", "alice", &alice).await;
    assert_eq!(found["deleted"], url, "{found:#}");
    assert_eq!(found["afterwards"], "NotFoundError", "{found:#}");
    assert_eq!(found["after"], json!(["Tasks"]), "{found:#}");
    let writes = found["writes"].as_array().expect("the writes");
    assert_eq!(writes.len(), 1, "{found:#}");
    assert_eq!(
        (
            &writes[0]["method"],
            &writes[0]["path"],
            &writes[0]["status"]
        ),
        (&json!("DELETE"), &json!(place), &json!(204)),
        "{found:#}"
    );
    assert_eq!(names(&alice).await, ["Tasks"]);
    let gone = alice.get(&format!("{LISTS}/{list}")).await;
    assert_error(gone, StatusCode::NOT_FOUND, "not_found").await;
}
