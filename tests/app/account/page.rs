//! The account page itself: it needs a login, and greets its user.

use super::token_rows;
use crate::helpers::{assert_redirect, spawn_app, text_of};

#[tokio::test]
async fn the_account_page_and_the_export_need_a_login() {
    let app = spawn_app().await;
    let browser = app.browser();
    assert_redirect(&browser.get("/account").await, "/login?next=%2Faccount");
    assert_redirect(
        &browser.get("/account/export").await,
        "/login?next=%2Faccount%2Fexport",
    );
}

#[tokio::test]
async fn the_account_page_greets_its_user_and_lists_no_tokens_at_first() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let html = alice.page("/account").await;
    assert_eq!(text_of(&html, "h1"), ["Your account, alice"]);
    assert!(text_of(&html, "p.muted").contains(&"You have no tokens.".to_owned()));
    assert!(text_of(&html, "code.token").is_empty());
    assert!(token_rows(&html).is_empty());
}

#[tokio::test]
async fn the_account_page_says_what_to_give_a_calendar_app() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let html = alice.page("/account").await;
    // The address this browser reached ticked at: what a phone reaches too.
    assert_eq!(
        text_of(&html, "code.server-address"),
        [format!("{}/", app.address)]
    );
    let said = text_of(&html, "#app-passwords").concat();
    assert!(said.contains("app password"), "{said}");
    // With PUBLIC_URL set, that is the address, whatever the request's.
    let public =
        crate::helpers::spawn_app_with(&[("PUBLIC_URL", "https://todo.example.org")]).await;
    let bob = public.user("bob").await;
    let html = bob.page("/account").await;
    assert_eq!(
        text_of(&html, "code.server-address"),
        ["https://todo.example.org/"]
    );
}
