//! Roles: an administrator makes and unmakes administrators, but never the
//! last enabled one.

use reqwest::StatusCode;

use super::{
    USERS, account, accounts, act, alice_and_bob, assert_refused_as_last_admin, cells, sessions_of,
};
use crate::helpers::{assert_redirect, flash, spawn_app};

// --- Roles ------------------------------------------------------------------

#[tokio::test]
async fn an_administrator_can_make_a_user_an_administrator() {
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
    let (alice, alice_id, _bob, _) = alice_and_bob(&app).await;
    let before = accounts(&app);

    let response = act(&alice, alice_id, "role", &[("admin", "false")]).await;

    assert_refused_as_last_admin(response).await;
    assert_eq!(accounts(&app), before);
    alice.page(USERS).await;
}

#[tokio::test]
async fn the_last_administrator_cannot_be_disabled() {
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
    let app = spawn_app().await;
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
