//! Malformed requests to every API route (`api::configure`), and requests
//! without a usable token.

use std::sync::Arc;

use reqwest::Method;

use super::case::{Case, FORM, OVERFLOW, OVERSIZED, long};
use super::judge::{assert_all_refused, world};
use super::sender::Sender;

/// Malformed requests to every API route (`api::configure`).
fn api_cases(task: i64) -> Vec<Case> {
    let one = format!("/api/tasks/{task}");
    let post = |body: &str| Case::json(Method::POST, "/api/tasks", body);
    let patch = |body: &str| Case::json(Method::PATCH, one.clone(), body);
    let mut cases = vec![
        // Invalid UTF-8.
        Case::json(Method::POST, "/api/tasks", b"{\"title\": \"\xff\xfe\"}"),
        Case::json(Method::PATCH, one.clone(), b"{\"notes\": \"ok\xc3\x28\"}"),
        Case::json(
            Method::POST,
            "/api/tasks",
            b"\xef\xbb\xbf{\"title\": \"BOM\"}",
        ),
        // Bad percent-encoding.
        Case::get("/api/tasks?filter=%zz"),
        Case::get("/api/tasks?limit=%FF%FE"),
        Case::get("/api/tasks/%zz"),
        Case::get("/api/tasks/%FF%FE"),
        Case::new(Method::DELETE, "/api/tasks?completed=%zz"),
        Case::new(Method::DELETE, "/api/tasks?completed=tru%65%"),
        // Missing fields, and bodies that are not an object.
        post("{}"),
        post("{\"notes\": \"no title\"}"),
        post(""),
        post("null"),
        post("[]"),
        post("[\"a title\"]"),
        post("\"a title\""),
        patch(""),
        patch("null"),
        patch("[]"),
        patch("{\"title\": null}"),
        patch("{\"completed\": null}"),
        patch("{\"order\": null}"),
        // Duplicated fields and parameters.
        Case::get("/api/tasks?sort=due&sort=title"),
        Case::get("/api/tasks?limit=1&limit=2"),
        Case::new(Method::DELETE, "/api/tasks?completed=true&completed=true"),
        // Wrong types.
        post("{\"title\": 5}"),
        post("{\"title\": [\"a\"]}"),
        post("{\"title\": \"ok\", \"notes\": {}}"),
        post("{\"title\": \"ok\", \"due\": 20260101}"),
        post("{\"title\": \"ok\", \"priority\": 2}"),
        post("{\"title\": \"ok\", \"order\": \"first\"}"),
        post("{\"title\": \"ok\", \"order\": 1.5}"),
        post("{\"title\": \"ok\", \"order\": true}"),
        patch("{\"completed\": \"yes\"}"),
        patch("{\"completed\": 1}"),
        patch("{\"title\": false}"),
        patch("{\"due\": [2026, 1, 1]}"),
        Case::get("/api/tasks?limit=ten"),
        Case::get("/api/tasks?offset=1.5"),
        Case::get("/api/tasks?filter=done"),
        Case::get("/api/tasks?sort=random"),
        Case::new(Method::DELETE, "/api/tasks?completed=yes"),
        Case::new(Method::DELETE, "/api/tasks?completed=1"),
        // Huge and negative numbers.
        post(&format!("{{\"title\": \"ok\", \"order\": {OVERFLOW}}}")),
        post("{\"title\": \"ok\", \"order\": -9223372036854775809}"),
        post("{\"title\": \"ok\", \"order\": 9007199254740993}"),
        post("{\"title\": \"ok\", \"order\": -9007199254740993}"),
        post("{\"title\": \"ok\", \"order\": 1e400}"),
        post("{\"title\": \"ok\", \"order\": 1e18}"),
        post("{\"title\": \"ok\", \"due\": \"99999-12-31\"}"),
        post("{\"title\": \"ok\", \"due\": \"-0001-01-01\"}"),
        patch("{\"order\": 9223372036854775807}"),
        patch("{\"order\": -9223372036854775808}"),
        Case::get("/api/tasks?limit=-1"),
        Case::get("/api/tasks?limit=1001"),
        Case::get(format!("/api/tasks?limit={OVERFLOW}")),
        Case::get("/api/tasks?offset=-1"),
        Case::get("/api/tasks?offset=2147483648"),
        Case::get(format!("/api/tasks?offset={OVERFLOW}")),
        // Over-long values.
        post(&format!("{{\"title\": \"{}\"}}", long(201))),
        post(&format!(
            "{{\"title\": \"ok\", \"notes\": \"{}\"}}",
            long(10_001)
        )),
        patch(&format!("{{\"title\": \"{}\"}}", long(201))),
        patch(&format!("{{\"notes\": \"{}\"}}", long(10_001))),
        Case::get(format!("/api/tasks?q={}", long(201))),
        // Oversized bodies.
        post(&format!("{{\"title\": \"{}\"}}", long(OVERSIZED))),
        patch(&format!("{{\"notes\": \"{}\"}}", long(OVERSIZED))),
        post(&format!("{{\"title\": \"{}\"}}", long(OVERSIZED))).chunked(),
        patch(&format!("{{\"notes\": \"{}\"}}", long(OVERSIZED))).chunked(),
        Case::json(
            Method::POST,
            "/api/tasks",
            format!("[{}]", "[".repeat(OVERSIZED / 2)),
        ),
        Case::json(
            Method::POST,
            "/api/tasks",
            format!("{}1{}", "[".repeat(2_000), "]".repeat(2_000)),
        ),
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
    cases.extend(anonymous_api_cases(task));
    cases
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
    let cases = api_cases(world.task);
    let sender = Sender {
        client: world.admin.client.clone(),
        jar: Arc::clone(&world.admin.jar),
        base: world.admin.base.clone(),
        csrf: world.admin.csrf.clone(),
        bearer: world.admin.bearer.clone(),
    };
    assert_all_refused(&world, &sender, &cases, false).await;
}
