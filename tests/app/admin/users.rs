//! What an administrator does to a user: disable and enable them (their
//! sessions end at once), reset their password (shown once), delete them
//! with their tasks.

use reqwest::StatusCode;

use super::{USERS, account, accounts, act, alice_and_bob, cells, sessions_of, user_ids};
use crate::helpers::{PASSWORD, assert_redirect, flash, spawn_app};

// --- Status -----------------------------------------------------------------

#[tokio::test]
async fn disabling_a_user_ends_their_live_session_at_once() {
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
    let (alice, _, _bob, bob_id) = alice_and_bob(&app).await;
    act(&alice, bob_id, "role", &[("admin", "true")]).await;

    let response = act(&alice, bob_id, "delete", &[]).await;

    assert_redirect(&response, USERS);
    assert_eq!(accounts(&app).len(), 1);
}
