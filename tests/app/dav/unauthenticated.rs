//! Authentication on every DAV route, table-driven: each method on each
//! resource that `dav::configure` lists, at alice's real paths and with a
//! body the handler would accept, is answered with the challenge a CalDAV
//! client needs (401, `WWW-Authenticate: Basic realm="ticked"`, never a
//! redirect to the login page), both when it sends no credentials and
//! when it sends a wrong app password. The handlers now check the app
//! password themselves, inside their own turn on the database
//! (`DavCtx`), so no extractor stands in front of them any more: a new
//! route, or a handler that reaches the database some other way, would
//! answer a stranger instead. After all of it alice's tasks, lists and
//! object are exactly as they were, so no refused write went through
//! first.
//!
//! `/.well-known/caldav` (a redirect) and `/feeds/{file}` (a secret in
//! the URL) are not in the table: neither asks for Basic credentials.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{assert_challenge, dav_request, first_object, plain_http};
use crate::helpers::{Api, LISTS, TaskRow, TestApp, header, json_of, spawn_app};

/// A wrong app password, shaped like a real one.
const WRONG: &str = "tk_wrong";

/// Where `MKCALENDAR` asks for a new calendar: had it been let through,
/// a list would appear.
const NEW_CALENDAR: &str = "0F1E2D3C-4B5A-4978-8796-A5B4C3D2E1F0";

const XML: &str = "application/xml; charset=utf-8";
const ICALENDAR: &str = "text/calendar; charset=utf-8";

const PROPFIND: &str = r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:displayname/><d:getetag/></d:prop></d:propfind>"#;

/// A first sync: every object, and a token.
const SYNC: &str = r#"<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token></d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#;

const RENAME: &str = r#"<?xml version="1.0" encoding="utf-8"?><d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>Hacked</d:displayname></d:prop></d:set></d:propertyupdate>"#;

const MKCALENDAR: &str = r#"<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop><d:displayname>Evil</d:displayname><c:supported-calendar-component-set><c:comp name="VTODO"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>"#;

const EVIL: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//ticked tests//reqwest//EN\r\n\
    BEGIN:VTODO\r\nUID:evil-1\r\nDTSTAMP:20260101T120000Z\r\nSUMMARY:Evil\r\n\
    END:VTODO\r\nEND:VCALENDAR\r\n";

/// One row of the table: a method, a path, and a body with its type.
struct Route {
    method: Method,
    path: String,
    body: Option<(&'static str, &'static str)>,
}

fn route(method: &str, path: &str, body: Option<(&'static str, &'static str)>) -> Route {
    Route {
        method: Method::from_bytes(method.as_bytes()).expect("a method"),
        path: path.to_owned(),
        body,
    }
}

/// Every DAV route, at alice's `calendar` and its `object`.
fn routes(calendar: &str, object: &str) -> Vec<Route> {
    let collections = [
        "/",
        "/dav/",
        "/dav/principals/alice/",
        "/dav/calendars/alice/",
        calendar,
    ];
    let mut routes = Vec::new();
    for path in collections {
        routes.push(route("OPTIONS", path, None));
        routes.push(route("PROPFIND", path, Some((XML, PROPFIND))));
    }
    let new_calendar = format!("/dav/calendars/alice/{NEW_CALENDAR}/");
    let new_object = format!("{calendar}evil-1.ics");
    routes.extend([
        route("REPORT", calendar, Some((XML, SYNC))),
        route("PROPPATCH", calendar, Some((XML, RENAME))),
        route("MKCALENDAR", &new_calendar, Some((XML, MKCALENDAR))),
        route("DELETE", calendar, None),
        route("OPTIONS", object, None),
        route("GET", object, None),
        route("PROPFIND", object, Some((XML, PROPFIND))),
        route("PUT", &new_object, Some((ICALENDAR, EVIL))),
        route("DELETE", object, None),
    ]);
    routes
}

/// Sends `route`, with `auth` as Basic (or none).
async fn send(app: &TestApp, route: &Route, auth: Option<(&str, &str)>) -> reqwest::Response {
    let mut request = plain_http().request(
        route.method.clone(),
        format!("{}{}", app.address, route.path),
    );
    if matches!(route.method.as_str(), "PROPFIND" | "REPORT") {
        request = request.header("Depth", "1");
    }
    if let Some((content_type, body)) = route.body {
        request = request.header("Content-Type", content_type).body(body);
    }
    if let Some((username, password)) = auth {
        request = request.basic_auth(username, Some(password));
    }
    request
        .send()
        .await
        .expect("the request reaches the server")
}

/// What alice could lose to a request let through: the titles of the tasks
/// she sees, the task's row, her lists, and the object's `ETag` and text.
type State = (Vec<String>, TaskRow, Value, String, String);

/// Alice, with one task, "Keep", alone in a list of her own (not her
/// default list, which DAV may never delete anyway, so that a `DELETE`
/// let through would show).
struct Alice {
    api: Api,
    task: Value,
    calendar: String,
    object: String,
}

impl Alice {
    async fn new(app: &TestApp) -> Self {
        let (_, api) = app.api_user("alice").await;
        let home = api.create_list(json!({"name": "Home"})).await;
        let task = api.create(json!({"title": "Keep", "list_id": home})).await;
        let list = task["list_id"].as_i64().expect("the task's list");
        assert_eq!(list, home, "{task}");
        let calendar = format!("/dav/calendars/alice/{list}/");
        let object = first_object(app, ("alice", &api), &calendar).await;
        Self {
            api,
            task,
            calendar,
            object,
        }
    }

    /// Her [`State`]: the task's row with its `updated_at`, so that even a
    /// write of the same values would show; the object as her client reads
    /// it, with the right app password (which shows too that the table's
    /// object path is a real one).
    async fn state(&self, app: &TestApp) -> State {
        let titles = self.api.titles("").await;
        let row = app.task_row(&self.task);
        let lists = json_of(self.api.get(LISTS).await, StatusCode::OK).await;
        let object = dav_request(app, ("alice", &self.api), "GET", &self.object, "")
            .send()
            .await
            .expect("GET reaches the server");
        assert_eq!(object.status(), StatusCode::OK, "GET {}", self.object);
        let etag = header(&object, "etag").expect("an ETag");
        let text = object.text().await.expect("the object");
        (titles, row, lists, etag, text)
    }
}

/// Asserts that alice's state is still `before`, and that it is the one
/// she started with: "Keep" alone, in "Home" (not renamed "Hacked"), no
/// "Evil" list or task.
async fn assert_unchanged(app: &TestApp, alice: &Alice, before: &State) {
    let after = alice.state(app).await;
    assert_eq!(&after, before, "nothing changed");
    let (titles, _, lists, _, text) = after;
    assert_eq!(titles, ["Keep"]);
    let names: Vec<&str> = lists
        .as_array()
        .expect("an array of lists")
        .iter()
        .map(|list| list["name"].as_str().expect("a list's name"))
        .collect();
    assert!(names.contains(&"Home"), "{lists:#}");
    assert!(
        !names.contains(&"Hacked") && !names.contains(&"Evil"),
        "{lists:#}"
    );
    assert!(!text.contains("Evil"), "{text}");
}

#[tokio::test]
async fn every_dav_route_challenges_a_request_without_credentials_and_changes_nothing() {
    let app = spawn_app().await;
    let alice = Alice::new(&app).await;
    let before = alice.state(&app).await;
    app.execute("DELETE FROM limit_events");

    for route in routes(&alice.calendar, &alice.object) {
        let who = format!("{} {} without credentials", route.method, route.path);
        assert_challenge(send(&app, &route, None).await, &who).await;
    }

    // A client asks without credentials first, and learns from the 401
    // that it must send them: that is no guess, and locks no one out.
    assert_eq!(app.count("limit_events"), 0, "no failed login counted");
    assert_unchanged(&app, &alice, &before).await;
}

#[tokio::test]
async fn every_dav_route_challenges_a_wrong_app_password_counts_it_and_changes_nothing() {
    let app = spawn_app().await;
    let alice = Alice::new(&app).await;
    let before = alice.state(&app).await;

    for route in routes(&alice.calendar, &alice.object) {
        // Each wrong password counts as a failed login, and more than ten
        // in five minutes, for one address or for one username, are
        // answered 429. The table has more routes than that, all sent as
        // alice (her paths are the real ones) from one address: spreading
        // them over several users would still fill the address's count,
        // and accepting 429 past the tenth would leave those routes'
        // 401 unseen. So the count is forgotten before each request, as
        // five minutes passing would forget it, and every route must give
        // the 401 itself; that it counted is checked after.
        app.execute("DELETE FROM limit_events");
        let who = format!("{} {} with a wrong app password", route.method, route.path);
        assert_challenge(send(&app, &route, Some(("alice", WRONG))).await, &who).await;
        assert_eq!(
            app.count("limit_events"),
            2,
            "{who}: counted as a failed login, for the address and for alice"
        );
    }

    assert_unchanged(&app, &alice, &before).await;
}
