//! The pages every visitor meets, and what every response carries.

use reqwest::StatusCode;

use crate::helpers::{attribute, spawn_app, text_of};

#[tokio::test]
async fn the_home_page_explains_ticked_and_offers_login_and_registration() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.cookies().next().is_none(),
        "looking at the home page starts no session"
    );
    let html = response.text().await.unwrap();
    assert!(html.contains("to-do"));
    let links = attribute(&html, "main a", "href");
    assert!(links.contains(&"/login".to_owned()));
    assert!(links.contains(&"/register".to_owned()));
}

#[tokio::test]
async fn a_logged_in_home_page_shows_the_counts() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    alice.add_task("one").await;
    let id = alice.add_task("two").await;
    alice
        .submit("/tasks", &format!("/tasks/{id}/toggle"), &[])
        .await;
    let html = alice.page("/").await;
    assert_eq!(text_of(&html, ".stats dt"), ["Open", "Done", "Overdue"]);
    assert_eq!(text_of(&html, ".stats dd"), ["1", "1", "0"]);
    assert!(attribute(&html, "main a", "href").contains(&"/tasks".to_owned()));
}

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let response = app.browser().get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn unknown_routes_get_a_styled_404_page() {
    let app = spawn_app().await;
    let response = app.browser().get("/no/such/page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = response.text().await.unwrap();
    assert_eq!(text_of(&html, "h1"), ["Not found"]);
    assert!(html.contains("/static/style.css"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let css = attribute(&alice.page("/").await, "link[rel=stylesheet]", "href")[0].clone();
    for path in [
        "/",
        "/tasks",
        "/login",
        "/no/such/page",
        "/healthz",
        css.as_str(),
    ] {
        let response = alice.get(path).await;
        let header = |name: &str| {
            response.headers().get(name).map_or_else(
                || panic!("{name} on {path}"),
                |v| v.to_str().unwrap().to_owned(),
            )
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{path}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(header("x-frame-options"), "DENY");
        assert_eq!(header("referrer-policy"), "same-origin");
    }
}

#[tokio::test]
async fn pages_are_not_cached_and_static_files_are_cached_for_long() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let page = alice.get("/tasks").await;
    assert_eq!(page.headers()["cache-control"], "no-store");

    let html = page.text().await.unwrap();
    let css = attribute(&html, "link[rel=stylesheet]", "href")[0].clone();
    assert!(css.starts_with("/static/style.css?v="));
    let response = alice.get(&css).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let cache = response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cache.contains("max-age=31536000"), "{cache}");
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("prefers-color-scheme: dark")
    );

    let icon = attribute(&html, "link[rel=icon]", "href")[0].clone();
    assert_eq!(alice.get(&icon).await.status(), StatusCode::OK);
    assert_eq!(
        alice.get("/static/nope.js").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_page_has_one_h1_a_skip_link_and_a_token_in_every_post_form() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let id = alice.add_task("a task").await;
    let anonymous = app.browser();
    for (browser, path) in [
        (&anonymous, "/"),
        (&anonymous, "/login"),
        (&anonymous, "/register"),
        (&alice, "/"),
        (&alice, "/tasks"),
        (&alice, &format!("/tasks/{id}")),
        (&alice, "/admin/users"),
    ] {
        let html = browser.page(path).await;
        assert_eq!(text_of(&html, "h1").len(), 1, "one h1 on {path}");
        assert_eq!(attribute(&html, "a.skip-link", "href"), ["#main"], "{path}");
        assert_eq!(text_of(&html, "main#main").len(), 1, "{path}");
        let post_forms = text_of(&html, "form[method=post]").len();
        let with_token = text_of(&html, "form[method=post] input[name=csrf_token]").len();
        assert_eq!(
            post_forms, with_token,
            "every POST form on {path} has a token"
        );
        assert!(!html.contains("<script"), "no script on {path}");
        assert!(!html.contains(" style="), "no inline style on {path}");
        // Every field has a label.
        for field in attribute(&html, "input:not([type=hidden]), select, textarea", "id") {
            assert_eq!(
                attribute(&html, &format!("label[for={field}]"), "for").len(),
                1,
                "label for #{field} on {path}"
            );
        }
    }
}

#[tokio::test]
async fn an_empty_list_says_what_to_do_next() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let html = alice.page("/tasks").await;
    assert!(text_of(&html, ".empty")[0].contains("first task"));
    assert_eq!(text_of(&html, ".todo-count"), ["0 items left"]);
    assert_eq!(attribute(&html, "#title", "autofocus").len(), 1);
}
