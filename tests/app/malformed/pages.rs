//! Malformed requests to every page route (`web::configure`), from a
//! logged-in administrator and from a visitor.

use reqwest::{Method, StatusCode};

use super::case::{
    CSRF, Case, JSON, OVERFLOW, OVERSIZED, export, import, long, multipart, multipart_type,
    with_passwords,
};
use super::judge::{assert_all_refused, world};
use super::sender::Sender;

/// Malformed requests to every page route (`web::configure`).
fn page_cases(task: i64, list: i64, bob: i64) -> Vec<Case> {
    let t = task;
    let mut cases = list_cases(list);
    cases.extend(richer_cases(task));
    cases.extend(vec![
        // Invalid UTF-8 in the fields.
        Case::checked_form("/register", with_passwords(b"username=\xff\xfe\xfd")),
        Case::checked_form("/login", b"username=admin&password=\xff\xfe"),
        Case::checked_form(
            "/account/password",
            b"current_password=\xff&new_password=\xfe",
        ),
        Case::checked_form(format!("/admin/users/{bob}/role"), b"admin=\xff"),
        Case::checked_form(format!("/admin/users/{bob}/status"), b"disabled=tru\xe9"),
        import(Some(&export(1, b"{\"title\": \"\xff\xfe\"}"))),
        // Bad percent-encoding.
        Case::checked_form(format!("/admin/users/{bob}/role"), "admin=%zz"),
        Case::checked_form(format!("/admin/users/{bob}/status"), "disabled=%FF%FE"),
        Case::checked_form("/account/tokens", "name=ok&expires_in=%zz"),
        Case::get("/tasks?page=%zz"),
        Case::get("/tasks?filter=%FF%FE"),
        Case::get("/tasks?sort=%"),
        Case::get("/tasks/%zz"),
        Case::get("/tasks/%FF%FE"),
        Case::form("/tasks", "csrf_token=%zz&title=forged"),
        // Missing fields.
        Case::form("/tasks", "title=forged"),
        Case::checked_form("/tasks", ""),
        Case::checked_form(format!("/tasks/{t}"), "notes=no+title"),
        Case::checked_form("/register", "username=carol"),
        Case::checked_form("/login", "username=admin"),
        Case::checked_form("/account/password", "new_password=a+new+password"),
        Case::checked_form("/account/delete", ""),
        Case::checked_form("/account/tokens", "expires_in=never"),
        Case::checked_form(format!("/admin/users/{bob}/role"), ""),
        Case::checked_form(format!("/admin/users/{bob}/status"), ""),
        import(None),
        // Duplicated fields.
        Case::checked_form("/tasks", "title=one&title=two"),
        Case::checked_form(format!("/tasks/{t}"), "title=one&title=two"),
        Case::checked_form(
            format!("/tasks/{t}/toggle"),
            "return_to=/tasks&return_to=/tasks",
        ),
        Case::checked_form(format!("/tasks/{t}/delete"), "return_to=/a&return_to=/b"),
        Case::checked_form("/tasks/toggle-all", "return_to=/a&return_to=/b"),
        Case::checked_form("/tasks/clear-completed", "return_to=/a&return_to=/b"),
        Case::checked_form("/register", with_passwords(b"username=carol&username=dave")),
        Case::checked_form("/login", "username=admin&password=x&password=y"),
        Case::checked_form("/account/tokens", "name=a&name=b&expires_in=never"),
        Case::checked_form(
            "/account/password",
            "current_password=a&current_password=b&new_password=a+new+password",
        ),
        Case::checked_form(format!("/admin/users/{bob}/role"), "admin=true&admin=false"),
        Case::checked_form(
            format!("/admin/users/{bob}/status"),
            "disabled=true&disabled=true",
        ),
        Case::get("/tasks?filter=active&filter=completed"),
        Case::get("/tasks?page=1&page=2"),
        // Wrong types.
        Case::checked_form(format!("/admin/users/{bob}/role"), "admin=yes"),
        Case::checked_form(format!("/admin/users/{bob}/status"), "disabled=1"),
        Case::checked_form("/account/tokens", "name=ok&expires_in=forever"),
        Case::checked_form("/tasks", "title=ok&due=tomorrow"),
        Case::checked_form("/tasks", "title=ok&priority=3"),
        Case::get("/tasks?page=two"),
        Case::get("/tasks?filter=done"),
        Case::get("/tasks?sort=random"),
        import(Some(
            b"{\"format\": \"ticked-tasks\", \"version\": \"one\", \"tasks\": []}",
        )),
        import(Some(b"[1, 2, 3]")),
        import(Some(b"not json at all")),
        // Huge and negative numbers.
        Case::get("/tasks?page=-1"),
        Case::get("/tasks?page=0"),
        Case::get(format!("/tasks?page={OVERFLOW}")),
        Case::get("/tasks?page=1000001"),
        Case::checked_form("/tasks", "title=ok&due=99999-12-31"),
        Case::checked_form("/tasks", "title=ok&due=-001-01-01"),
        Case::checked_form("/tasks", "title=ok&due=2026-13-45"),
        Case::checked_form("/account/tokens", "name=ok&expires_in=-1"),
        Case::checked_form("/account/tokens", format!("name=ok&expires_in={OVERFLOW}")),
        import(Some(&export(OVERFLOW, b""))),
        import(Some(&export(
            1,
            format!("{{\"title\": \"t\", \"order\": {OVERFLOW}}}"),
        ))),
        import(Some(
            b"{\"format\": \"ticked-tasks\", \"version\": -1, \"tasks\": []}",
        )),
        // Over-long values.
        Case::checked_form("/tasks", format!("title={}", long(201))),
        Case::checked_form("/tasks", format!("title=ok&notes={}", long(10_001))),
        Case::checked_form(format!("/tasks/{t}"), format!("title={}", long(201))),
        Case::checked_form(
            "/register",
            with_passwords(format!("username={}", long(33))),
        ),
        Case::checked_form("/register", format!("username=carol&password={}", long(73))),
        Case::checked_form(
            "/account/tokens",
            format!("name={}&expires_in=never", long(101)),
        ),
        Case::checked_form("/account/password", format!("new_password={}", long(73))),
        Case::get(format!("/tasks?q={}", long(201))),
        Case::get(format!("/login?next=/{}", long(5_000))).harmless(),
        import(Some(&export(
            1,
            format!("{{\"title\": \"{}\"}}", long(201)),
        ))),
        // Oversized bodies.
        Case::checked_form("/tasks", format!("title={}", long(OVERSIZED))),
        Case::checked_form(format!("/tasks/{t}"), format!("title={}", long(OVERSIZED))),
        Case::checked_form(
            format!("/tasks/{t}/toggle"),
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/tasks/{t}/delete"),
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form(
            "/tasks/toggle-all",
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form(
            "/tasks/clear-completed",
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form("/register", format!("username={}", long(OVERSIZED))),
        Case::checked_form("/login", format!("username={}", long(OVERSIZED))),
        Case::checked_form("/logout", format!("x={}", long(OVERSIZED))),
        Case::checked_form("/account/tokens", format!("name={}", long(OVERSIZED))),
        Case::checked_form("/account/delete", format!("password={}", long(OVERSIZED))),
        Case::checked_form(
            "/account/password",
            format!("new_password={}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/admin/users/{bob}/role"),
            format!("admin=true&x={}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/admin/users/{bob}/delete"),
            format!("x={}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/admin/users/{bob}/reset-password"),
            format!("x={}", long(OVERSIZED)),
        ),
        Case::checked_form("/tasks", format!("title={}", long(OVERSIZED))).chunked(),
        Case::checked_form(
            format!("/admin/users/{bob}/delete"),
            format!("x={}", long(OVERSIZED)),
        )
        .chunked(),
        import(Some(&export(
            1,
            format!("{{\"title\": \"{}\"}}", long(5 * 1024 * 1024 + 1)),
        ))),
        // Wrong content types.
        Case::new(Method::POST, "/tasks").body(JSON, format!("{{\"csrf_token\": \"{CSRF}\"}}")),
        Case::new(Method::POST, "/tasks")
            .body("text/plain", format!("csrf_token={CSRF}&title=forged")),
        Case::checked_form("/tasks", "title=forged").no_content_type(),
        Case::new(Method::POST, format!("/admin/users/{bob}/delete"))
            .body(JSON, format!("{{\"csrf_token\": \"{CSRF}\"}}")),
        Case::new(Method::POST, "/logout").body(&multipart_type(), multipart(None)),
        // Unknown methods.
        Case::new(Method::DELETE, "/"),
        Case::get("/logout"),
        Case::get("/tasks/toggle-all"),
        Case::get(format!("/tasks/{t}/delete")),
        Case::get("/account/tokens"),
        Case::get(format!("/admin/users/{bob}/delete")),
        Case::new(Method::PUT, "/account/import"),
        Case::new(Method::TRACE, "/"),
        // Path ids that overflow, or are not ids.
        Case::get(format!("/tasks/{OVERFLOW}")),
        Case::get("/tasks/-1"),
        Case::get("/tasks/0x10"),
        Case::get("/tasks/1e3"),
        Case::get(format!("/tasks/{}", "9".repeat(500))),
        Case::checked_form(format!("/tasks/{OVERFLOW}"), "title=mine+now"),
        Case::checked_form(format!("/tasks/{OVERFLOW}/toggle"), ""),
        Case::checked_form("/tasks/-9223372036854775809/delete", ""),
        Case::checked_form(format!("/account/tokens/{OVERFLOW}/revoke"), ""),
        Case::checked_form("/account/tokens/-1/revoke", ""),
        Case::checked_form(format!("/account/sessions/{}/end", long(500)), ""),
        Case::checked_form("/account/sessions/%FF%FE/end", ""),
        Case::checked_form(format!("/admin/users/{OVERFLOW}/role"), "admin=true"),
        Case::checked_form(format!("/admin/users/{OVERFLOW}/status"), "disabled=true"),
        Case::checked_form("/admin/users/-1/reset-password", ""),
        Case::checked_form(format!("/admin/users/{OVERFLOW}/delete"), ""),
        // Invalid UTF-8 and bad escapes in the request line itself.
        Case::raw_target("GET", b"/tasks/\xff\xfe"),
        Case::raw_target("GET", b"/tasks?q=\xff\xfe"),
        Case::raw_target("GET", b"/tasks?page=%"),
        Case::raw_target("POST", b"/tasks/%zz/toggle"),
    ]);
    // Without its token, or with a wrong one, every POST is refused before
    // anything else is read.
    for path in [
        "/tasks".to_owned(),
        format!("/tasks/{t}"),
        format!("/tasks/{t}/toggle"),
        format!("/tasks/{t}/delete"),
        "/tasks/toggle-all".to_owned(),
        "/tasks/clear-completed".to_owned(),
        "/logout".to_owned(),
        "/account/password".to_owned(),
        "/account/delete".to_owned(),
        "/account/tokens".to_owned(),
        "/account/tokens/1/revoke".to_owned(),
        format!("/admin/users/{bob}/role"),
        format!("/admin/users/{bob}/status"),
        format!("/admin/users/{bob}/reset-password"),
        format!("/admin/users/{bob}/delete"),
        "/lists".to_owned(),
        format!("/lists/{list}/settings"),
        format!("/lists/{list}/members"),
        format!("/lists/{list}/members/bob/remove"),
        format!("/lists/{list}/leave"),
        format!("/lists/{list}/hand-over"),
        format!("/lists/{list}/delete"),
        format!("/tasks/{t}/subtasks"),
        format!("/tasks/{t}/indent"),
        format!("/tasks/{t}/outdent"),
        format!("/trash/{t}/restore"),
        format!("/trash/{t}/delete"),
        "/trash/empty".to_owned(),
    ] {
        cases.push(Case::form(
            &path,
            "title=forged&admin=true&disabled=true&name=x",
        ));
        cases.push(Case::form(
            &path,
            "csrf_token=wrong&title=forged&admin=true",
        ));
        cases.push(Case::form(&path, b"csrf_token=\xff\xfe&admin=true"));
    }
    cases
}

/// Malformed requests to the pages of subtasks, labels and the trash.
fn richer_cases(task: i64) -> Vec<Case> {
    let t = task;
    vec![
        Case::checked_form(format!("/tasks/{t}/subtasks"), ""),
        Case::checked_form(format!("/tasks/{t}/subtasks"), b"title=\xff\xfe"),
        Case::checked_form(format!("/tasks/{t}/subtasks"), "title=a&title=b"),
        Case::checked_form(
            format!("/tasks/{t}/subtasks"),
            format!("title={}", long(OVERSIZED)),
        ),
        Case::checked_form(format!("/tasks/{OVERFLOW}/subtasks"), "title=x"),
        Case::checked_form(format!("/tasks/{t}/indent"), "return_to=/a&return_to=/b"),
        // A top task goes no further out: the page says so, nothing changes.
        Case::checked_form(format!("/tasks/{t}/outdent"), "return_to=%zz").harmless(),
        Case::checked_form("/tasks", format!("title=x&labels={}", long(41))),
        Case::checked_form("/tasks", "title=x&labels=a&labels=b"),
        Case::checked_form(format!("/tasks/{t}"), b"title=x&labels=\xff"),
        Case::get(format!("/tasks?label={}", long(41))),
        // Read as the replacement character: a label like any other.
        Case::get("/tasks?label=%FF%FE").harmless(),
        Case::get("/tasks?label=a&label=b"),
        Case::checked_form(format!("/trash/{OVERFLOW}/restore"), ""),
        Case::checked_form("/trash/-1/delete", ""),
        Case::checked_form("/trash/abc/restore", ""),
        Case::checked_form(format!("/trash/{t}/restore"), ""),
        Case::checked_form("/trash/empty", ""),
        Case::checked_form("/trash/empty", "confirm=%zz"),
        Case::checked_form("/trash/empty", "confirm=no"),
        Case::get("/trash/empty"),
        Case::get(format!("/tasks/{t}/indent")),
    ]
}

/// Malformed requests to the list pages, of the administrator's default
/// list `list` (which they own and may not leave, hand over or delete).
fn list_cases(list: i64) -> Vec<Case> {
    let l = list;
    vec![
        // Bad percent-encoding, and ids that are not ids.
        Case::get("/lists/%zz"),
        Case::get(format!("/lists/{l}?page=%zz")),
        Case::get("/lists/%FF%FE/settings"),
        Case::get(format!("/lists/{OVERFLOW}")),
        Case::checked_form("/lists", "name=%FF%FE"),
        Case::checked_form(format!("/lists/{l}/settings"), b"name=\xff\xfe"),
        Case::checked_form(format!("/lists/{l}/members"), "username=bob&level=%FF"),
        Case::checked_form(format!("/lists/{l}/delete"), "confirm=%zz"),
        Case::checked_form(format!("/lists/{OVERFLOW}/leave"), ""),
        // Missing, duplicated and invalid fields.
        Case::checked_form("/lists", ""),
        Case::checked_form("/lists", "name=one&name=two"),
        Case::checked_form("/lists", format!("name={}", long(101))),
        Case::checked_form(format!("/lists/{l}/settings"), "name=+&colour=red"),
        Case::checked_form(format!("/lists/{l}/settings"), "name=Home&colour=%23ff0000"),
        Case::checked_form(format!("/lists/{l}/members"), "username=bob&level=owner"),
        Case::checked_form(format!("/lists/{l}/members"), "level=write"),
        Case::checked_form(format!("/lists/{l}/members"), "username=nobody&level=read"),
        Case::checked_form(format!("/lists/{l}/members/nobody/remove"), ""),
        Case::checked_form(format!("/lists/{l}/delete"), ""),
        Case::checked_form(format!("/lists/{l}/delete"), "confirm=yes"),
        Case::checked_form(format!("/lists/{l}/hand-over"), "username=bob"),
        Case::checked_form(format!("/lists/{l}/leave"), ""),
    ]
}

/// Malformed requests from a visitor who is not logged in.
fn anonymous_page_cases(task: i64, list: i64, bob: i64) -> Vec<Case> {
    let mut cases = page_cases(task, list, bob);
    cases.extend([
        Case::checked_form(
            "/register",
            "username=%zz%zz&password=long+enough+1&password_confirm=long+enough+1",
        ),
        Case::checked_form(
            "/register",
            "username=carol&password=long+enough+1&password_confirm=long+enough+2",
        ),
        Case::checked_form(
            "/login",
            "username=nobody&password=long+enough+1&next=//evil.example",
        ),
        Case::get("/login?next=%FF%FE").harmless(),
        Case::get("/register?x=%zz").harmless(),
    ]);
    cases
}

#[tokio::test]
async fn malformed_requests_to_every_page_are_refused_with_a_4xx_and_change_nothing() {
    let world = world().await;
    let cases = page_cases(world.task, world.list, world.bob);
    assert_all_refused(&world, &world.admin, &cases, true).await;
    // Still logged in, with the session's token unchanged: nothing above
    // got as far as logging out or in.
    let browser = world.admin.browser();
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::OK);
    assert_eq!(browser.csrf_token("/tasks").await, world.admin.csrf);
}

#[tokio::test]
async fn malformed_requests_to_every_page_from_a_visitor_are_refused_and_change_nothing() {
    let world = world().await;
    // A visitor's session has a token too (the login form's), so the
    // cases get past the CSRF check wherever a visitor may post.
    let visitor = Sender::new(&world.app.address).await;
    let cases = anonymous_page_cases(world.task, world.list, world.bob);
    assert_all_refused(&world, &visitor, &cases, false).await;
}
