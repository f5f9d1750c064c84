//! Malformed requests to every API route (`api::configure`), and requests
//! without a usable token. A row that says `naming(field)` must get a 422
//! naming that field, one that says `malformed()` a 400 `bad_request`.

use std::sync::Arc;

use reqwest::Method;

use super::case::{Case, FORM, OVERFLOW, OVERSIZED, long};
use super::judge::{assert_all_refused, world};
use super::sender::Sender;

/// Malformed requests to every API route (`api::configure`).
fn api_cases(task: i64, list: i64) -> Vec<Case> {
    let one = format!("/api/tasks/{task}");
    let post = |body: &str| Case::json(Method::POST, "/api/tasks", body);
    let patch = |body: &str| Case::json(Method::PATCH, one.clone(), body);
    let mut cases = vec![
        // Invalid UTF-8.
        Case::json(Method::POST, "/api/tasks", b"{\"title\": \"\xff\xfe\"}").malformed(),
        Case::json(Method::PATCH, one.clone(), b"{\"notes\": \"ok\xc3\x28\"}").malformed(),
        Case::json(
            Method::POST,
            "/api/tasks",
            b"\xef\xbb\xbf{\"title\": \"BOM\"}",
        )
        .malformed(),
        // Bad percent-encoding.
        Case::get("/api/tasks?filter=%zz").malformed(),
        Case::get("/api/tasks?limit=%FF%FE").malformed(),
        Case::get("/api/tasks/%zz"),
        Case::get("/api/tasks/%FF%FE"),
        Case::new(Method::DELETE, "/api/tasks?completed=%zz").malformed(),
        Case::new(Method::DELETE, "/api/tasks?completed=tru%65%").malformed(),
        // Missing fields, and bodies that are not an object.
        post("{}").naming("title"),
        post("{\"notes\": \"no title\"}").naming("title"),
        post("").malformed(),
        post("null").malformed(),
        post("[]").malformed(),
        post("[\"a title\"]").malformed(),
        post("\"a title\"").malformed(),
        patch("").malformed(),
        patch("null").malformed(),
        patch("[]").malformed(),
        patch("{\"title\": null}").naming("title"),
        patch("{\"completed\": null}").naming("completed"),
        patch("{\"order\": null}").naming("order"),
        // Duplicated fields and parameters.
        Case::get("/api/tasks?sort=due&sort=title").malformed(),
        Case::get("/api/tasks?limit=1&limit=2").malformed(),
        Case::new(Method::DELETE, "/api/tasks?completed=true&completed=true").malformed(),
        // Wrong types.
        post("{\"title\": 5}").naming("title"),
        post("{\"title\": [\"a\"]}").naming("title"),
        post("{\"title\": \"ok\", \"notes\": {}}").naming("notes"),
        post("{\"title\": \"ok\", \"due\": 20260101}").naming("due"),
        post("{\"title\": \"ok\", \"priority\": 2}").naming("priority"),
        post("{\"title\": \"ok\", \"order\": \"first\"}").naming("order"),
        post("{\"title\": \"ok\", \"order\": 1.5}").naming("order"),
        post("{\"title\": \"ok\", \"order\": true}").naming("order"),
        patch("{\"completed\": \"yes\"}").naming("completed"),
        patch("{\"completed\": 1}").naming("completed"),
        patch("{\"title\": false}").naming("title"),
        patch("{\"due\": [2026, 1, 1]}").naming("due"),
        Case::get("/api/tasks?limit=ten").naming("limit"),
        Case::get("/api/tasks?offset=1.5").naming("offset"),
        Case::get("/api/tasks?filter=done").naming("filter"),
        Case::get("/api/tasks?sort=random").naming("sort"),
        Case::new(Method::DELETE, "/api/tasks?completed=yes").naming("completed"),
        Case::new(Method::DELETE, "/api/tasks?completed=1").naming("completed"),
        // Huge and negative numbers.
        post(&format!("{{\"title\": \"ok\", \"order\": {OVERFLOW}}}")).naming("order"),
        post("{\"title\": \"ok\", \"order\": -9223372036854775809}").naming("order"),
        post("{\"title\": \"ok\", \"order\": 9007199254740993}").naming("order"),
        post("{\"title\": \"ok\", \"order\": -9007199254740993}").naming("order"),
        // No float holds 1e400: the JSON parser fails before any field has
        // a name.
        post("{\"title\": \"ok\", \"order\": 1e400}").malformed(),
        post("{\"title\": \"ok\", \"order\": 1e18}").naming("order"),
        post("{\"title\": \"ok\", \"due\": \"99999-12-31\"}").naming("due"),
        post("{\"title\": \"ok\", \"due\": \"-0001-01-01\"}").naming("due"),
        patch("{\"order\": 9223372036854775807}").naming("order"),
        patch("{\"order\": -9223372036854775808}").naming("order"),
        Case::get("/api/tasks?limit=-1").naming("limit"),
        Case::get("/api/tasks?limit=1001").naming("limit"),
        Case::get(format!("/api/tasks?limit={OVERFLOW}")).naming("limit"),
        Case::get("/api/tasks?offset=-1").naming("offset"),
        Case::get("/api/tasks?offset=2147483648").naming("offset"),
        Case::get(format!("/api/tasks?offset={OVERFLOW}")).naming("offset"),
        // Over-long values.
        post(&format!("{{\"title\": \"{}\"}}", long(201))).naming("title"),
        post(&format!(
            "{{\"title\": \"ok\", \"notes\": \"{}\"}}",
            long(10_001)
        ))
        .naming("notes"),
        patch(&format!("{{\"title\": \"{}\"}}", long(201))).naming("title"),
        patch(&format!("{{\"notes\": \"{}\"}}", long(10_001))).naming("notes"),
        Case::get(format!("/api/tasks?q={}", long(201))).naming("q"),
        Case::get(format!("/api/tasks?label={}", long(41))).naming("label"),
        Case::get("/api/tasks?label=a,b").naming("label"),
        Case::get("/api/labels?list=abc").naming("list"),
        Case::get(format!("/api/labels?list={OVERFLOW}")).naming("list"),
        post(&format!(
            "{{\"title\": \"x\", \"labels\": [\"{}\"]}}",
            long(41)
        ))
        .naming("labels"),
        post("{\"title\": \"x\", \"labels\": \"home\"}").naming("labels"),
        post("{\"title\": \"x\", \"parent_id\": \"one\"}").naming("parent_id"),
        post("{\"title\": \"x\", \"parent_id\": 999999}").naming("parent_id"),
        patch("{\"parent_id\": 1.5}").naming("parent_id"),
        patch("{\"labels\": null}").naming("labels"),
        patch(&format!("{{\"parent_id\": {task}}}")).naming("parent_id"),
        Case::new(Method::POST, format!("/api/tasks/{OVERFLOW}/restore")),
        Case::new(Method::POST, "/api/tasks/abc/restore"),
        Case::new(Method::POST, format!("/api/tasks/{task}/restore")),
        Case::new(Method::GET, format!("/api/tasks/{task}/restore")),
        Case::new(Method::POST, "/api/labels"),
        Case::get("/api/trash?limit=lots").naming("limit"),
        Case::get("/api/trash?offset=-1").naming("offset"),
        Case::get("/api/trash?limit=1&limit=2").malformed(),
        Case::new(Method::DELETE, "/api/trash"),
        // Oversized bodies.
        post(&format!("{{\"title\": \"{}\"}}", long(OVERSIZED))),
        patch(&format!("{{\"notes\": \"{}\"}}", long(OVERSIZED))),
        post(&format!("{{\"title\": \"{}\"}}", long(OVERSIZED))).chunked(),
        patch(&format!("{{\"notes\": \"{}\"}}", long(OVERSIZED))).chunked(),
        Case::json(
            Method::POST,
            "/api/tasks",
            format!("[{}]", "[".repeat(OVERSIZED / 2)),
        )
        .malformed(),
        Case::json(
            Method::POST,
            "/api/tasks",
            format!("{}1{}", "[".repeat(2_000), "]".repeat(2_000)),
        )
        .malformed(),
        // Wrong content types.
        post("{\"title\": \"sneaky\"}").no_content_type(),
        Case::new(Method::POST, "/api/tasks").body("text/plain", "{\"title\": \"sneaky\"}"),
        Case::new(Method::POST, "/api/tasks").body(FORM, "title=sneaky"),
        Case::new(Method::PATCH, one.clone()).body("text/json-ish", "{\"title\": \"sneaky\"}"),
        Case::new(Method::PATCH, one.clone()).body(FORM, "title=sneaky"),
        // Unknown methods.
        Case::new(Method::PUT, "/api/tasks"),
        Case::new(Method::PUT, one.clone()),
        Case::new(Method::POST, one.clone()),
        Case::new(Method::PATCH, "/api/tasks"),
        Case::new(Method::POST, "/api/openapi.json"),
        Case::new(Method::DELETE, "/api/openapi.json"),
        Case::new(Method::from_bytes(b"BREW").expect("a method"), "/api/tasks"),
        Case::new(Method::TRACE, one.clone()),
        // Path ids that overflow, or are not ids.
        Case::get(format!("/api/tasks/{OVERFLOW}")),
        Case::get("/api/tasks/9223372036854775807"),
        Case::get("/api/tasks/-9223372036854775809"),
        Case::get(format!("/api/tasks/{}", "9".repeat(500))),
        Case::json(
            Method::PATCH,
            format!("/api/tasks/{OVERFLOW}"),
            "{\"title\": \"mine now\"}",
        ),
        Case::new(Method::DELETE, format!("/api/tasks/{OVERFLOW}")),
        Case::new(Method::DELETE, "/api/tasks/-1"),
        Case::new(Method::DELETE, "/api/tasks/1e3"),
        // Invalid UTF-8 in the request line.
        Case::raw_target("GET", b"/api/tasks/\xff\xfe"),
        Case::raw_target("GET", b"/api/tasks?q=\xff\xfe"),
        Case::raw_target("DELETE", b"/api/tasks?completed=\xff"),
    ];
    cases.extend(list_cases(list));
    cases.extend(anonymous_api_cases(task));
    cases
}

/// Malformed requests to the list routes, of the administrator's default
/// list `list` (which they own and may not hand over or delete).
fn list_cases(list: i64) -> Vec<Case> {
    let one = format!("/api/lists/{list}");
    let member = format!("{one}/members/bob");
    let new = |body: &str| Case::json(Method::POST, "/api/lists", body);
    let patch = |body: &str| Case::json(Method::PATCH, one.clone(), body);
    let share = |body: &str| Case::json(Method::PUT, member.clone(), body);
    vec![
        new("{}").naming("name"),
        new("{\"name\": \" \"}").naming("name"),
        new("{\"name\": 5}").naming("name"),
        new("{\"name\": \"ok\", \"colour\": \"#ff0000\"}").naming("colour"),
        new("[]").malformed(),
        new("{\"name\": \"a\", \"name\": \"b\"}").malformed(),
        patch("{\"name\": null}").naming("name"),
        patch("{\"owner\": \"nobody\"}").naming("owner"),
        share("{}").naming("level"),
        share("{\"level\": \"owner\"}").naming("level"),
        share("{\"level\": 2}").naming("level"),
        share("null").malformed(),
        Case::get("/api/lists/%zz"),
        Case::get(format!("/api/lists/{OVERFLOW}")),
        Case::new(Method::DELETE, one.clone()),
        Case::new(Method::DELETE, format!("{one}/members/nobody")),
        Case::get(format!("/api/tasks?list={list}&due_after=2026-02-30")).naming("due_after"),
    ]
}

/// API requests without a usable token: each is a 401, whatever its body.
fn anonymous_api_cases(task: i64) -> Vec<Case> {
    let mut cases = Vec::new();
    for (method, path) in [
        (Method::GET, "/api/tasks".to_owned()),
        (Method::POST, "/api/tasks".to_owned()),
        (Method::DELETE, "/api/tasks".to_owned()),
        (Method::GET, format!("/api/tasks/{task}")),
        (Method::PATCH, format!("/api/tasks/{task}")),
        (Method::DELETE, format!("/api/tasks/{task}")),
    ] {
        for authorization in [
            "",
            "Bearer",
            "Bearer ",
            "Basic YWRtaW46cGFzcw==",
            "Bearer tk_wrongwrongwrongwrongwrongwrongwrongwrong",
            "Bearer \u{1F600}",
        ] {
            let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
            if !authorization.is_empty() {
                request.push_str(&format!("Authorization: {authorization}\r\n"));
            }
            let body = "{\"title\": \"sneaky\"}";
            request.push_str("Content-Type: application/json\r\nConnection: close\r\n");
            request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
            let mut case = Case::new(method.clone(), path.clone());
            case.raw = Some(request.into_bytes());
            cases.push(case);
        }
        // A token that is not even valid UTF-8.
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n").into_bytes();
        request
            .extend_from_slice(b"Authorization: Bearer tk_\xff\xfe\r\nConnection: close\r\n\r\n");
        let mut case = Case::new(method.clone(), path.clone());
        case.raw = Some(request);
        cases.push(case);
    }
    cases
}

#[tokio::test]
async fn malformed_requests_to_every_api_route_are_refused_with_a_json_4xx_and_change_nothing() {
    let mut world = world().await;
    world.admin.bearer = Some(world.token.clone());
    let cases = api_cases(world.task, world.list);
    let sender = Sender {
        client: world.admin.client.clone(),
        jar: Arc::clone(&world.admin.jar),
        base: world.admin.base.clone(),
        csrf: world.admin.csrf.clone(),
        bearer: world.admin.bearer.clone(),
    };
    assert_all_refused(&world, &sender, &cases, false).await;
}
