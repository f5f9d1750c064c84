//! Who may use the administrators' page: a visitor is sent to log in, a
//! non-admin gets a 403 from the page and every action, and the page lists
//! every account.

use reqwest::StatusCode;

use super::{USERS, accounts, alice_and_bob, cells, is_date_time, sessions_of};
use crate::helpers::{assert_redirect, attribute, spawn_app, text_of};

// --- Who may see the page ---------------------------------------------------

#[tokio::test]
async fn a_visitor_is_sent_to_log_in_and_back_to_the_users_page() {
    let app = spawn_app().await;
    app.user("alice").await;

    let response = app.browser().get(USERS).await;

    assert_redirect(&response, "/login?next=%2Fadmin%2Fusers");
}

#[tokio::test]
async fn a_non_admin_gets_a_403_page() {
    let app = spawn_app().await;
    let (_alice, _, bob, _) = alice_and_bob(&app).await;

    let response = bob.get(USERS).await;

    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = response.text().await.expect("a body");
    assert_eq!(text_of(&html, "h1"), ["Forbidden"]);
    assert!(html.contains("You do not have permission to see this page."));
    assert!(
        text_of(&html, "tbody th[scope=row]").is_empty(),
        "no user list"
    );
}

#[tokio::test]
async fn only_an_administrator_sees_the_users_link() {
    let app = spawn_app().await;
    let (alice, _, bob, _) = alice_and_bob(&app).await;

    let link = "nav a[href='/admin/users']";
    assert_eq!(
        attribute(&alice.page("/tasks").await, link, "href").len(),
        1
    );
    assert!(attribute(&bob.page("/tasks").await, link, "href").is_empty());
}

// --- The list ---------------------------------------------------------------

#[tokio::test]
async fn the_users_page_lists_every_account_oldest_first() {
    let app = spawn_app().await;
    let (alice, alice_id, bob, bob_id) = alice_and_bob(&app).await;
    bob.add_task("Water the plants").await;
    bob.add_task("Call the plumber").await;
    let token = bob.csrf_token("/lists").await;
    bob.post_raw("/lists", &[("csrf_token", &token), ("name", "Garden")])
        .await;

    let html = alice.page(USERS).await;

    let names: Vec<String> = text_of(&html, "tbody th[scope=row]")
        .iter()
        .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(names, ["alice (you)", "bob"]);

    let (alice_row, bob_row) = (cells(&html, 1), cells(&html, 2));
    // Role, status, lists owned, tasks in them.
    assert_eq!(alice_row[..4], ["Administrator", "Active", "1", "0"]);
    assert_eq!(bob_row[..4], ["User", "Active", "2", "2"]);
    for row in [&alice_row, &bob_row] {
        assert!(is_date_time(&row[4]), "created: {:?}", row[4]);
        // Registering logs in, so there is a last login.
        assert!(is_date_time(&row[5]), "last login: {:?}", row[5]);
    }

    assert_eq!(
        attribute(&html, "form[action$='/role']", "action"),
        [
            format!("/admin/users/{alice_id}/role"),
            format!("/admin/users/{bob_id}/role")
        ]
    );
    assert_eq!(
        attribute(&html, "input[name=admin]", "value"),
        ["false", "true"],
        "each role form asks for the other role"
    );
    assert_eq!(
        attribute(&html, "input[name=disabled]", "value"),
        ["true", "true"]
    );
}

// --- Refusals ---------------------------------------------------------------

/// Every admin action, with the fields its form sends.
const ACTIONS: [(&str, &[(&str, &str)]); 4] = [
    ("role", &[("admin", "true")]),
    ("status", &[("disabled", "true")]),
    ("reset-password", &[]),
    ("delete", &[]),
];

#[tokio::test]
async fn a_non_admin_gets_a_403_from_every_admin_action_and_nothing_changes() {
    let app = spawn_app().await;
    let (_alice, alice_id, bob, bob_id) = alice_and_bob(&app).await;
    let before = accounts(&app);
    let alice_sessions = sessions_of(&app, alice_id);

    for target in [alice_id, bob_id] {
        for (action, fields) in ACTIONS {
            // bob's token is valid: only his role is wrong.
            let response = bob
                .submit("/tasks", &format!("/admin/users/{target}/{action}"), fields)
                .await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{action} on user {target}"
            );
        }
    }

    assert_eq!(accounts(&app), before);
    assert_eq!(sessions_of(&app, alice_id), alice_sessions);
    bob.page("/tasks").await;
}

#[tokio::test]
async fn an_unknown_user_is_not_found() {
    let app = spawn_app().await;
    let (alice, _, _bob, _) = alice_and_bob(&app).await;
    let before = accounts(&app);

    for id in ["999", "not-a-number"] {
        for (action, fields) in ACTIONS {
            let response = alice
                .submit(USERS, &format!("/admin/users/{id}/{action}"), fields)
                .await;
            assert_eq!(
                response.status(),
                StatusCode::NOT_FOUND,
                "{action} on user {id}"
            );
        }
    }

    assert_eq!(accounts(&app), before);
}

#[tokio::test]
async fn an_admin_action_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    let (alice, _, _bob, bob_id) = alice_and_bob(&app).await;
    let before = accounts(&app);

    for (action, fields) in ACTIONS {
        let response = alice
            .post_raw(&format!("/admin/users/{bob_id}/{action}"), fields)
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{action}");
    }

    assert_eq!(accounts(&app), before);
}
