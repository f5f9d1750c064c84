//! CalDAV as a real client sees it. A server tested only by requests its
//! own authors wrote agrees with their reading of RFC 4791, which is where
//! other servers went wrong; so these tests drive ticked with Python's
//! `caldav` package (`tests/dav/client.py`), a client nobody on this team
//! wrote, from the bare server address a person would type, and read every
//! object it fetches a second time with the `icalendar` package, a parser
//! that owes nothing to ticked's. Without `python3 -m pip install caldav`
//! those checks say loudly that they did not run (and fail in CI); the
//! plain-HTTP checks of discovery and authentication, made with reqwest,
//! run everywhere.

mod collections;
mod feed;
mod proppatch;
mod protocol;
mod sync;
mod time_range;
mod unauthenticated;
mod writes;

use std::io::Write;
use std::process::Stdio;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use reqwest::header::{LOCATION, WWW_AUTHENTICATE};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Api, PASSWORD, TestApp, header, spawn_app};

/// The client script, run with `python3` from PATH.
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/dav/client.py");

/// How long one run of the client may take.
const PATIENCE: Duration = Duration::from_secs(60);

/// `CI=true`, as `.ci/run` is run: a missing client fails instead of skipping.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// Why the client cannot run here (no python3, or no `caldav` in it), if so.
fn missing_client() -> Option<String> {
    let output = std::process::Command::new("python3")
        .args(["-c", "import caldav, icalendar"])
        .stdin(Stdio::null())
        .output();
    match output {
        Err(err) => Some(format!("no python3 on PATH ({err})")),
        Ok(output) if !output.status.success() => Some(format!(
            "python3 cannot import caldav: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Ok(_) => None,
    }
}

/// Whether the client can run; if not, says so loudly (or fails in CI), as
/// `tests/browser/harness` does for a missing browser.
fn client_available() -> bool {
    static MISSING: OnceLock<Option<String>> = OnceLock::new();
    let Some(reason) = MISSING.get_or_init(missing_client) else {
        return true;
    };
    assert!(
        !in_ci(),
        "{reason}. CI=true, so the CalDAV client tests must run: \
         `python3 -m pip install caldav` in .ci/run."
    );
    // Once, straight to the terminal: `cargo test` would swallow
    // `eprintln!` from a test that passes.
    static SHOWN: Mutex<bool> = Mutex::new(false);
    let mut shown = SHOWN.lock().unwrap_or_else(PoisonError::into_inner);
    if !*shown {
        *shown = true;
        let bar = "!".repeat(76);
        drop(write!(
            std::io::stderr(),
            "\n{bar}\n!! SKIPPED: {reason}.\n!! The CalDAV client checks did NOT run. \
             Install the client: python3 -m pip install caldav\n{bar}\n\n"
        ));
    }
    false
}

/// Runs the client's `scenario` against `app` as `api`'s user, from the
/// bare server address; returns the JSON it prints, after checking that it
/// succeeded and that no request it made got a 5xx.
async fn client(app: &TestApp, scenario: &str, username: &str, api: &Api) -> Value {
    let base = format!("{}/", app.address);
    let mut command = tokio::process::Command::new("python3");
    command
        .arg(SCRIPT)
        .args([scenario, base.as_str(), username, api.token.as_str()])
        .stdin(Stdio::null())
        .kill_on_drop(true);
    // The server is on 127.0.0.1: no proxy may stand in between.
    for proxy in ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        command.env_remove(proxy).env_remove(proxy.to_lowercase());
    }
    // The script's own output is awaited on this runtime, so the server,
    // which serves on it too, keeps answering meanwhile.
    let output = tokio::time::timeout(PATIENCE, command.output())
        .await
        .unwrap_or_else(|_| panic!("the caldav client ({scenario}) finishes within {PATIENCE:?}"))
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the caldav client failed ({scenario}, {}):\n{stderr}\n{stdout}",
        output.status
    );
    let found: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|err| panic!("the client ({scenario}) printed JSON ({err}): {stdout}"));
    let requests = found["requests"].as_array().expect("the client's requests");
    for request in requests {
        // "METHOD /path STATUS"
        let line = request.as_str().expect("a request line");
        let status: u16 = line
            .rsplit(' ')
            .next()
            .and_then(|status| status.parse().ok())
            .unwrap_or_else(|| panic!("a status at the end of {line:?}"));
        assert!(
            status < 500,
            "the server failed a request of the client ({scenario}): {line}\nall: {requests:#?}"
        );
    }
    found
}

/// A client that shows redirects rather than following them.
fn plain_http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// A request of `method path` as `who` (username, and the app password
/// of their `Api`), with `body`: iCalendar for a PUT, XML otherwise. Not
/// sent yet, for a test that adds headers or reads the response's own.
fn dav_request(
    app: &TestApp,
    (username, api): (&str, &Api),
    method: &str,
    path: &str,
    body: &str,
) -> reqwest::RequestBuilder {
    let method = Method::from_bytes(method.as_bytes()).expect("a method");
    let content_type = if method == Method::PUT {
        "text/calendar; charset=utf-8"
    } else {
        "application/xml"
    };
    plain_http()
        .request(method, format!("{}{path}", app.address))
        .basic_auth(username, Some(&api.token))
        .header("Content-Type", content_type)
        .body(body.to_owned())
}

/// `method path` as `who`, at `depth`, with `body`: the status and body.
async fn dav(
    app: &TestApp,
    who: (&str, &Api),
    method: &str,
    path: &str,
    depth: &str,
    body: &str,
) -> (StatusCode, String) {
    let response = dav_request(app, who, method, path, body)
        .header("Depth", depth)
        .send()
        .await
        .expect("the request reaches the server");
    let status = response.status();
    (status, response.text().await.expect("a body"))
}

/// The path of the first object in the calendar at `path`, as a Depth 1
/// `PROPFIND` lists it to `who`.
async fn first_object(app: &TestApp, who: (&str, &Api), path: &str) -> String {
    let etags = r#"<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>"#;
    let (status, listing) = dav(app, who, "PROPFIND", path, "1", etags).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{listing}");
    listing
        .split("<d:href>")
        .filter_map(|part| part.split("</d:href>").next())
        .find(|href| href.ends_with(".ics"))
        .unwrap_or_else(|| panic!("an object's path in {listing}"))
        .to_owned()
}

fn propfind() -> Method {
    Method::from_bytes(b"PROPFIND").expect("PROPFIND is a method")
}

/// `PROPFIND /dav/` asking for the principal, with `auth` as Basic (or none).
async fn propfind_root(app: &TestApp, auth: Option<(&str, &str)>) -> reqwest::Response {
    let mut request = plain_http()
        .request(propfind(), format!("{}/dav/", app.address))
        .header("Depth", "0")
        .header("Content-Type", "application/xml")
        .body(
            r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>"#,
        );
    if let Some((username, password)) = auth {
        request = request.basic_auth(username, Some(password));
    }
    request.send().await.expect("PROPFIND reaches the server")
}

/// Asserts the 401 that makes a client send Basic credentials, and that it
/// is not a redirect to the login page; returns its body.
async fn assert_challenge(response: reqwest::Response, who: &str) -> String {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{who}");
    assert!(
        response.headers().get(LOCATION).is_none(),
        "{who}: no redirect"
    );
    let challenge = header(&response, WWW_AUTHENTICATE.as_str()).unwrap_or_default();
    assert!(
        challenge.starts_with(r#"Basic realm="ticked""#),
        "{who}: WWW-Authenticate is {challenge:?}"
    );
    response.text().await.expect("a body")
}

/// The calendar named `name` in the client's `todos` answer.
fn calendar<'a>(found: &'a Value, name: &str) -> &'a Vec<Value> {
    found["calendars"][name]
        .as_array()
        .unwrap_or_else(|| panic!("a calendar named {name}: {found:#}"))
}

/// The task titled `summary` in `todos`.
fn todo<'a>(todos: &'a [Value], summary: &str) -> &'a Value {
    todos
        .iter()
        .find(|todo| todo["summary"] == summary)
        .unwrap_or_else(|| panic!("a task {summary:?} among {todos:#?}"))
}

#[tokio::test]
async fn a_client_discovers_the_calendars_from_the_bare_address() {
    if !client_available() {
        return;
    }
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    alice.create_list(json!({"name": "Home"})).await;
    let groceries = bob.create_list(json!({"name": "Groceries"})).await;
    bob.share(groceries, "alice", "read").await;

    let found = client(&app, "discover", "alice", &alice).await;
    let principal = found["principal"].as_str().expect("a principal URL");
    assert!(
        principal.ends_with("/dav/principals/alice/"),
        "the principal: {found:#}"
    );
    let calendars = found["calendars"].as_array().expect("the calendars");
    let names: Vec<&str> = calendars
        .iter()
        .map(|c| c["name"].as_str().expect("a displayname"))
        .collect();
    assert_eq!(names, ["Groceries", "Home", "Tasks"], "{found:#}");
    let home = format!("{}/dav/calendars/alice/", app.address);
    let mut urls = Vec::new();
    for calendar in calendars {
        assert_eq!(calendar["components"], json!(["VTODO"]), "{calendar}");
        let url = calendar["url"].as_str().expect("a calendar URL");
        assert!(
            url.starts_with(&home) && url.len() > home.len() && url.ends_with('/'),
            "a calendar in alice's home, {home}: {url}"
        );
        urls.push(url);
    }
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), 3, "one URL per calendar: {found:#}");
}

#[tokio::test]
async fn a_client_reads_every_task_with_its_fields() {
    if !client_available() {
        return;
    }
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let milk = alice
        .create(json!({
            "title": "Buy milk", "due": "2026-12-01", "priority": "high",
            "labels": ["errands", "Shop"], "notes": "2 litres",
        }))
        .await;
    alice
        .create(json!({"title": "Oat milk", "parent_id": milk["id"]}))
        .await;
    alice
        .create(
            json!({"title": "Water plants", "due": "2026-12-01", "rrule": "FREQ=DAILY;INTERVAL=3"}),
        )
        .await;
    let done = alice.create(json!({"title": "Done thing"})).await;
    alice.patch(&done, json!({"completed": true})).await;
    alice
        .create(json!({"title": "Low one", "priority": "low"}))
        .await;

    let found = client(&app, "todos", "alice", &alice).await;
    let names: Vec<&str> = found["calendars"]
        .as_object()
        .expect("the calendars")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, ["Tasks"], "{found:#}");
    let todos = calendar(&found, "Tasks");
    let summaries: Vec<&str> = todos
        .iter()
        .map(|t| t["summary"].as_str().expect("a SUMMARY"))
        .collect();
    assert_eq!(
        summaries,
        [
            "Buy milk",
            "Done thing",
            "Low one",
            "Oat milk",
            "Water plants"
        ],
        "every task, the completed one too"
    );

    let milk = todo(todos, "Buy milk");
    assert_eq!(milk["status"], "NEEDS-ACTION");
    assert_eq!(milk["due"], "2026-12-01", "DUE;VALUE=DATE: {milk:#}");
    assert_eq!(milk["priority"], 1);
    assert_eq!(milk["categories"], json!(["errands", "Shop"]));
    assert_eq!(milk["description"], "2 litres");
    assert_eq!(milk["related_to"], Value::Null);
    assert_eq!(milk["completed"], Value::Null);
    let oat = todo(todos, "Oat milk");
    assert_eq!(
        oat["related_to"], milk["uid"],
        "the subtask names its parent"
    );
    assert_eq!(oat["priority"], 5, "normal");
    assert_eq!(oat["description"], Value::Null);
    let water = todo(todos, "Water plants");
    assert_eq!(water["rrule"], "FREQ=DAILY;INTERVAL=3");
    assert_eq!(water["due"], "2026-12-01");
    let done = todo(todos, "Done thing");
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(done["percent_complete"], 100);
    assert!(done["completed"].is_string(), "COMPLETED: {done:#}");
    assert_eq!(todo(todos, "Low one")["priority"], 9);

    let mut uids = Vec::new();
    for task in todos {
        let uid = task["uid"].as_str().unwrap_or_default();
        assert!(!uid.is_empty(), "a UID: {task:#}");
        uids.push(uid);
        // One object, one VTODO, read by a second parser without a fault.
        assert_eq!(task["vtodo_count"], 1, "{task:#}");
        assert_eq!(task["other_components"], json!([]), "{task:#}");
        assert_eq!(task["parse_errors"], json!([]), "{task:#}");
        for property in ["dtstamp", "created", "last_modified"] {
            assert!(task[property].is_string(), "{property}: {task:#}");
        }
        assert!(task["sort_order"].is_i64(), "X-APPLE-SORT-ORDER: {task:#}");
        let etag = task["etag"].as_str().unwrap_or_default();
        assert!(
            etag.len() > 2 && etag.starts_with('"') && etag.ends_with('"'),
            "a strong, quoted ETag: {task:#}"
        );
        let url = task["url"].as_str().expect("a URL");
        assert!(url.ends_with(&format!("/{uid}.ics")), "{task:#}");
    }
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), todos.len(), "every UID distinct: {todos:#?}");
}

#[tokio::test]
async fn a_wrong_app_password_is_refused() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;

    assert_challenge(propfind_root(&app, None).await, "no credentials").await;
    let wrong = propfind_root(&app, Some(("alice", "wrong"))).await;
    let wrong = assert_challenge(wrong, "a wrong app password").await;
    let nobody = propfind_root(&app, Some(("nobody", "wrong"))).await;
    let nobody = assert_challenge(nobody, "no such account").await;
    assert_eq!(wrong, nobody, "a failure says nothing of who exists");
    let password = propfind_root(&app, Some(("alice", PASSWORD))).await;
    assert_challenge(password, "the account password, not an app password").await;
    // A session cookie does not sign a DAV request in.
    let with_cookie = browser
        .client
        .request(propfind(), browser.url("/dav/"))
        .header("Depth", "0")
        .send()
        .await
        .expect("PROPFIND reaches the server");
    assert_challenge(with_cookie, "a session cookie").await;
    let right = propfind_root(&app, Some(("alice", alice.token.as_str()))).await;
    assert_eq!(
        right.status(),
        StatusCode::MULTI_STATUS,
        "the app password works"
    );

    if !client_available() {
        return;
    }
    let found = client(&app, "unauthorized", "alice", &alice).await;
    assert_eq!(found["error"], "AuthorizationError", "{found:#}");
    assert_eq!(found["status"], 401, "{found:#}");
}

#[tokio::test]
async fn the_well_known_address_leads_to_the_dav_root_which_offers_calendar_access() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let http = plain_http();
    for method in [Method::GET, propfind()] {
        let response = http
            .request(
                method.clone(),
                format!("{}/.well-known/caldav", app.address),
            )
            .send()
            .await
            .expect("the request reaches the server");
        assert_eq!(
            response.status(),
            StatusCode::MOVED_PERMANENTLY,
            "{method} /.well-known/caldav"
        );
        let location = header(&response, LOCATION.as_str()).unwrap_or_default();
        assert!(
            location.ends_with("/dav/"),
            "{method}: Location {location:?}"
        );
    }

    let response = http
        .request(Method::OPTIONS, format!("{}/dav/", app.address))
        .basic_auth("alice", Some(&alice.token))
        .send()
        .await
        .expect("OPTIONS reaches the server");
    assert!(response.status().is_success(), "{}", response.status());
    let dav = header(&response, "dav").unwrap_or_default();
    assert!(dav.contains("calendar-access"), "DAV: {dav:?}");
}
