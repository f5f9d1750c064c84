//! Flash messages ride in a signed cookie: shown once, never forged, and
//! a form's round trip writes nothing to the session.

use reqwest::StatusCode;

use crate::helpers::{flash, spawn_app};

/// The `Set-Cookie` header of `response` for the flash cookie, if any.
fn flash_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("ticked_flash="))
        .map(str::to_owned)
}

/// The cookie's `name=value` part, as a browser sends it back.
fn name_and_value(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap_or_default()
}

#[tokio::test]
async fn a_message_is_set_by_the_form_and_shown_once_by_the_next_page() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    // The welcome message of registering, shown and gone.
    alice.get("/tasks").await;

    let added = alice.submit("/tasks", "/tasks", &[("title", "milk")]).await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let cookie = flash_cookie(&added).expect("the redirect carries the message");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");

    let shown = alice.get("/tasks").await;
    let removal = flash_cookie(&shown).expect("the shown message is removed");
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert_eq!(
        flash(&shown.text().await.unwrap()).as_deref(),
        Some("Added “milk”.")
    );

    let again = alice.get("/tasks").await;
    assert_eq!(flash_cookie(&again), None);
    assert_eq!(flash(&again.text().await.unwrap()), None);
}

#[tokio::test]
async fn a_form_round_trip_leaves_the_session_row_alone() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    alice.get("/tasks").await;
    let state = || app.session_states();
    let before = state();

    alice.submit("/tasks", "/tasks", &[("title", "milk")]).await;
    assert_eq!(state(), before, "setting the message did not write it");
    let page = alice.page("/tasks").await;
    assert_eq!(flash(&page).as_deref(), Some("Added “milk”."));
    assert_eq!(state(), before, "showing the message did not write it");
}

#[tokio::test]
async fn a_message_signed_elsewhere_or_made_up_is_not_shown() {
    let app = spawn_app().await;
    let other = spawn_app().await;
    let alice = other.user("alice").await;
    let added = alice.submit("/tasks", "/tasks", &[("title", "milk")]).await;
    let foreign = flash_cookie(&added).expect("a flash cookie");
    let plain = reqwest::Client::new();

    for cookie in [
        // Signed with the other instance's key.
        name_and_value(&foreign).to_owned(),
        // Not signed at all.
        "ticked_flash=Your%20account%20is%20locked".to_owned(),
    ] {
        let response = plain
            .get(format!("{}/login", app.address))
            .header("Cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let removal = flash_cookie(&response).expect("the bad cookie is removed");
        assert!(removal.contains("Max-Age=0"), "{removal}");
        assert_eq!(flash(&response.text().await.unwrap()), None, "{cookie}");
    }
}
