//! The administrators' page: who may see it, what each action does, and the
//! rule that there is always an enabled administrator left.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use reqwest::StatusCode;

use crate::helpers::{
    self, Browser, PASSWORD, TestApp, assert_redirect, attribute, flash, text_of,
};

const USERS: &str = "/admin/users";
const LAST_ADMIN: &str = "That is the last administrator who can log in.";

/// An account as the database holds it.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
struct Account {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Text)]
    password_hash: String,
    #[diesel(sql_type = Bool)]
    is_admin: bool,
    #[diesel(sql_type = Bool)]
    is_disabled: bool,
}

/// Every account, oldest first.
fn accounts(app: &TestApp) -> Vec<Account> {
    diesel::sql_query(
        "SELECT id, username, password_hash, is_admin, is_disabled FROM users ORDER BY id",
    )
    .load(&mut app.db())
    .expect("the accounts")
}

fn account(app: &TestApp, id: i64) -> Account {
    accounts(app)
        .into_iter()
        .find(|account| account.id == id)
        .unwrap_or_else(|| panic!("account {id} exists"))
}

fn sessions_of(app: &TestApp, user_id: i64) -> i64 {
    app.count(&format!("sessions WHERE user_id = {user_id}"))
}

/// The user ids on the users page, in row order (oldest first), read from
/// the actions of the role forms (`/admin/users/{id}/role`).
async fn user_ids(admin: &Browser) -> Vec<i64> {
    let html = admin.page(USERS).await;
    attribute(&html, "form[action$='/role']", "action")
        .iter()
        .map(|action| {
            action
                .split('/')
                .nth(3)
                .and_then(|id| id.parse().ok())
                .unwrap_or_else(|| panic!("an id in {action:?}"))
        })
        .collect()
}

/// The administrator alice and the plain user bob, both logged in, with
/// their ids.
async fn alice_and_bob(app: &TestApp) -> (Browser, i64, Browser, i64) {
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let ids = user_ids(&alice).await;
    assert_eq!(ids.len(), 2, "two rows on the users page");
    (alice, ids[0], bob, ids[1])
}

/// Submits an admin form for user `id` from the users page.
async fn act(admin: &Browser, id: i64, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    admin
        .submit(USERS, &format!("/admin/users/{id}/{action}"), fields)
        .await
}

/// The cells of the `row`th account (from 1) on the users page.
fn cells(html: &str, row: usize) -> Vec<String> {
    text_of(html, &format!("tbody tr:nth-child({row}) td"))
}

/// Asserts a 409 answer showing the users page with the last-admin error.
async fn assert_refused_as_last_admin(response: reqwest::Response) {
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = response.text().await.expect("a body");
    let error = text_of(&html, ".form-error").join(" ");
    assert!(error.contains(LAST_ADMIN), "the reason is shown: {error:?}");
    assert!(
        !text_of(&html, "tbody th[scope=row]").is_empty(),
        "the users are listed again"
    );
}

fn is_date_time(text: &str) -> bool {
    // `%Y-%m-%d %H:%M`
    text.len() == 16
        && text.char_indices().all(|(i, c)| match i {
            4 | 7 => c == '-',
            10 => c == ' ',
            13 => c == ':',
            _ => c.is_ascii_digit(),
        })
}

// --- Who may see the page ---------------------------------------------------

#[tokio::test]
async fn a_visitor_is_sent_to_log_in_and_back_to_the_users_page() {
    let app = helpers::spawn_app().await;
    app.user("alice").await;

    let response = app.browser().get(USERS).await;

    assert_redirect(&response, "/login?next=%2Fadmin%2Fusers");
}

#[tokio::test]
async fn a_non_admin_gets_a_403_page() {
    let app = helpers::spawn_app().await;
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
    let app = helpers::spawn_app().await;
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
    let app = helpers::spawn_app().await;
    let (alice, alice_id, bob, bob_id) = alice_and_bob(&app).await;
    bob.add_task("Water the plants").await;
    bob.add_task("Call the plumber").await;

    let html = alice.page(USERS).await;

    let names: Vec<String> = text_of(&html, "tbody th[scope=row]")
        .iter()
        .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(names, ["alice (you)", "bob"]);

    let (alice_row, bob_row) = (cells(&html, 1), cells(&html, 2));
    assert_eq!(alice_row[..3], ["Administrator", "Active", "0"]);
    assert_eq!(bob_row[..3], ["User", "Active", "2"]);
    for row in [&alice_row, &bob_row] {
        assert!(is_date_time(&row[3]), "created: {:?}", row[3]);
        // Registering logs in, so there is a last login.
        assert!(is_date_time(&row[4]), "last login: {:?}", row[4]);
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

// --- Roles ------------------------------------------------------------------

#[tokio::test]
async fn an_administrator_can_make_a_user_an_administrator() {
    let app = helpers::spawn_app().await;
    let (alice, _, bob, bob_id) = alice_and_bob(&app).await;

    let response = act(&alice, bob_id, "role", &[("admin", "true")]).await;

    assert_redirect(&response, USERS);
    let html = alice.page(USERS).await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("bob is now an administrator.")
    );
    assert_eq!(cells(&html, 2)[0], "Administrator");
    assert!(account(&app, bob_id).is_admin);
    // From bob's very next request.
    bob.page(USERS).await;
}

#[tokio::test]
async fn with_two_administrators_one_can_be_demoted() {
    let app = helpers::spawn_app().await;
    let (alice, _, bob, bob_id) = alice_and_bob(&app).await;
    act(&alice, bob_id, "role", &[("admin", "true")]).await;
    bob.page(USERS).await;

    let response = act(&alice, bob_id, "role", &[("admin", "false")]).await;

    assert_redirect(&response, USERS);
    assert_eq!(
        flash(&alice.page(USERS).await).as_deref(),
        Some("bob is no longer an administrator.")
    );
    assert!(!account(&app, bob_id).is_admin);
    assert_eq!(bob.get(USERS).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn with_two_administrators_one_can_demote_themself() {
    let app = helpers::spawn_app().await;
    let (alice, alice_id, _bob, bob_id) = alice_and_bob(&app).await;
    act(&alice, bob_id, "role", &[("admin", "true")]).await;

    let response = act(&alice, alice_id, "role", &[("admin", "false")]).await;

    assert_redirect(&response, USERS);
    assert!(!account(&app, alice_id).is_admin);
    assert!(account(&app, bob_id).is_admin);
    assert_eq!(alice.get(USERS).await.status(), StatusCode::FORBIDDEN);
}

// --- The last administrator -------------------------------------------------

#[tokio::test]
async fn the_last_administrator_cannot_be_demoted() {
    let app = helpers::spawn_app().await;
    let (alice, alice_id, _bob, _) = alice_and_bob(&app).await;
    let before = accounts(&app);

    let response = act(&alice, alice_id, "role", &[("admin", "false")]).await;

    assert_refused_as_last_admin(response).await;
    assert_eq!(accounts(&app), before);
    alice.page(USERS).await;
}

#[tokio::test]
async fn the_last_administrator_cannot_be_disabled() {
    let app = helpers::spawn_app().await;
    let (alice, alice_id, _bob, _) = alice_and_bob(&app).await;
    let before = accounts(&app);
    let sessions = sessions_of(&app, alice_id);

    let response = act(&alice, alice_id, "status", &[("disabled", "true")]).await;

    assert_refused_as_last_admin(response).await;
    assert_eq!(accounts(&app), before);
    assert_eq!(sessions_of(&app, alice_id), sessions, "no session ended");
    alice.page(USERS).await;
}

#[tokio::test]
async fn the_last_administrator_cannot_be_deleted() {
    let app = helpers::spawn_app().await;
    let (alice, alice_id, _bob, _) = alice_and_bob(&app).await;
    alice.add_task("Keep me").await;
    let before = accounts(&app);

    let response = act(&alice, alice_id, "delete", &[]).await;

    assert_refused_as_last_admin(response).await;
    assert_eq!(accounts(&app), before);
    assert_eq!(app.count("tasks"), 1);
    alice.page(USERS).await;
}

#[tokio::test]
async fn a_disabled_administrator_does_not_count_as_another_administrator() {
    let app = helpers::spawn_app().await;
    let (alice, alice_id, _bob, bob_id) = alice_and_bob(&app).await;
    act(&alice, bob_id, "role", &[("admin", "true")]).await;
    act(&alice, bob_id, "status", &[("disabled", "true")]).await;
    let before = accounts(&app);

    for (action, fields) in [
        ("role", &[("admin", "false")][..]),
        ("status", &[("disabled", "true")][..]),
        ("delete", &[][..]),
    ] {
        let response = act(&alice, alice_id, action, fields).await;
        assert_eq!(response.status(), StatusCode::CONFLICT, "{action}");
    }
    assert_eq!(accounts(&app), before);
}

// --- Status -----------------------------------------------------------------

#[tokio::test]
async fn disabling_a_user_ends_their_live_session_at_once() {
    let app = helpers::spawn_app().await;
    let (alice, _, bob, bob_id) = alice_and_bob(&app).await;
    bob.page("/tasks").await;
    assert!(sessions_of(&app, bob_id) > 0);

    let response = act(&alice, bob_id, "status", &[("disabled", "true")]).await;

    assert_redirect(&response, USERS);
    let html = alice.page(USERS).await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("bob is disabled and has been logged out everywhere.")
    );
    assert_eq!(cells(&html, 2)[1], "Disabled");
    assert!(account(&app, bob_id).is_disabled);
    assert_eq!(sessions_of(&app, bob_id), 0);
    assert_redirect(&bob.get("/tasks").await, "/login?next=%2Ftasks");
}

#[tokio::test]
async fn enabling_a_user_again_does_not_bring_back_their_old_session() {
    let app = helpers::spawn_app().await;
    let (alice, _, bob, bob_id) = alice_and_bob(&app).await;
    act(&alice, bob_id, "status", &[("disabled", "true")]).await;

    let response = act(&alice, bob_id, "status", &[("disabled", "false")]).await;

    assert_redirect(&response, USERS);
    let html = alice.page(USERS).await;
    assert_eq!(flash(&html).as_deref(), Some("bob can log in again."));
    assert_eq!(cells(&html, 2)[1], "Active");
    assert!(!account(&app, bob_id).is_disabled);
    assert_redirect(&bob.get("/tasks").await, "/login?next=%2Ftasks");
}

#[tokio::test]
async fn a_disabled_user_cannot_log_in_until_enabled_again() {
    let app = helpers::spawn_app().await;
    let (alice, _, _bob, bob_id) = alice_and_bob(&app).await;
    act(&alice, bob_id, "status", &[("disabled", "true")]).await;

    let refused = app.browser();
    let response = refused.login("bob", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_redirect(&refused.get("/tasks").await, "/login?next=%2Ftasks");

    act(&alice, bob_id, "status", &[("disabled", "false")]).await;
    let again = app.browser();
    assert_redirect(&again.login("bob", PASSWORD).await, "/tasks");
    again.page("/tasks").await;
}

// --- Password reset ---------------------------------------------------------

/// The one-time password in a reset's flash message, checking its form.
fn one_time_password(message: &str, username: &str) -> String {
    let rest = message
        .strip_prefix(&format!("New password for {username}: "))
        .unwrap_or_else(|| panic!("a new password message: {message:?}"));
    let (password, tail) = rest
        .split_once(' ')
        .unwrap_or_else(|| panic!("text after the password: {message:?}"));
    assert_eq!(password.len(), 16, "{password:?}");
    assert!(
        password.chars().all(|c| c.is_ascii_alphanumeric()),
        "{password:?}"
    );
    assert!(tail.starts_with("— shown only this once"), "{tail:?}");
    password.to_owned()
}

#[tokio::test]
async fn a_reset_password_is_shown_once() {
    let app = helpers::spawn_app().await;
    let (alice, _, _bob, bob_id) = alice_and_bob(&app).await;

    let response = act(&alice, bob_id, "reset-password", &[]).await;

    assert_redirect(&response, USERS);
    let set_cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap_or_default().to_owned())
        .collect();
    let shown = alice.get(USERS).await;
    let shown_cookies = format!("{:?}", shown.headers().get_all("set-cookie"));
    let html = shown.text().await.expect("a page");
    let message = flash(&html).expect("a flash message");
    let password = one_time_password(&message, "bob");
    // A secret stays on the server: it is in no cookie, not even a signed one.
    for cookie in set_cookies.iter().chain([&shown_cookies]) {
        assert!(!cookie.contains(&password), "{cookie}");
    }

    let again = alice.page(USERS).await;
    assert_eq!(flash(&again), None);
    assert!(!again.contains(&password));
}

#[tokio::test]
async fn a_reset_password_replaces_the_old_one_and_ends_the_users_sessions() {
    let app = helpers::spawn_app().await;
    let (alice, _, bob, bob_id) = alice_and_bob(&app).await;
    let old_hash = account(&app, bob_id).password_hash;

    act(&alice, bob_id, "reset-password", &[]).await;
    let message = flash(&alice.page(USERS).await).expect("a flash message");
    let password = one_time_password(&message, "bob");

    assert_ne!(account(&app, bob_id).password_hash, old_hash);
    assert!(
        !account(&app, bob_id).password_hash.contains(&password),
        "only a hash is stored"
    );
    assert_eq!(sessions_of(&app, bob_id), 0);
    assert_redirect(&bob.get("/tasks").await, "/login?next=%2Ftasks");

    let with_old = app.browser();
    assert_eq!(
        with_old.login("bob", PASSWORD).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let with_new = app.browser();
    assert_redirect(&with_new.login("bob", &password).await, "/tasks");
    with_new.page("/tasks").await;
}

// --- Deletion ---------------------------------------------------------------

#[tokio::test]
async fn deleting_a_user_removes_them_with_their_tasks_and_sessions() {
    let app = helpers::spawn_app().await;
    let (alice, alice_id, bob, bob_id) = alice_and_bob(&app).await;
    alice.add_task("Alice's task").await;
    bob.add_task("Bob's first").await;
    bob.add_task("Bob's second").await;
    assert!(sessions_of(&app, bob_id) > 0);

    let response = act(&alice, bob_id, "delete", &[]).await;

    assert_redirect(&response, USERS);
    let html = alice.page(USERS).await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("Deleted the account bob and its tasks.")
    );
    assert_eq!(user_ids(&alice).await, [alice_id]);
    assert_eq!(
        accounts(&app)
            .iter()
            .map(|a| a.username.as_str())
            .collect::<Vec<_>>(),
        ["alice"]
    );
    assert_eq!(app.count("tasks"), 1, "only alice's task is left");
    assert_eq!(sessions_of(&app, bob_id), 0);
    assert_redirect(&bob.get("/tasks").await, "/login?next=%2Ftasks");
}

#[tokio::test]
async fn with_two_administrators_one_can_be_deleted() {
    let app = helpers::spawn_app().await;
    let (alice, _, _bob, bob_id) = alice_and_bob(&app).await;
    act(&alice, bob_id, "role", &[("admin", "true")]).await;

    let response = act(&alice, bob_id, "delete", &[]).await;

    assert_redirect(&response, USERS);
    assert_eq!(accounts(&app).len(), 1);
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
    let app = helpers::spawn_app().await;
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
    let app = helpers::spawn_app().await;
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
    let app = helpers::spawn_app().await;
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
