//! `ticked user create` and `ticked user reset-password`: accounts made and
//! mended from a terminal on the server, with the same rules as the pages.

use reqwest::StatusCode;

use super::{Install, NEW_PASSWORD};
use crate::helpers::{
    PASSWORD, assert_fails_saying, assert_redirect, assert_success, location, stdout,
};

// `ticked user create`

#[tokio::test]
async fn an_administrator_created_on_the_command_line_can_log_in_and_administer() {
    let server = Install::new();
    let output = server
        .run_in_background(
            &["user", "create", "boss", "--admin"],
            &format!("{PASSWORD}\n"),
        )
        .await;
    assert_success(&output);
    assert_eq!(stdout(&output).trim(), "Created administrator boss.");
    assert!(
        !stdout(&output).contains(PASSWORD),
        "the password is never printed"
    );

    let app = server.web().await;
    let browser = app.browser();
    assert_redirect(&browser.login("boss", PASSWORD).await, "/tasks");
    assert_eq!(browser.get("/admin/users").await.status(), StatusCode::OK);
}

#[test]
fn the_first_account_is_an_administrator_even_without_admin_and_the_second_is_not() {
    let server = Install::new();
    assert_eq!(
        server.create("first", PASSWORD, false).trim(),
        "Created administrator first."
    );
    assert_eq!(
        server.create("second", PASSWORD, false).trim(),
        "Created user second."
    );
    let accounts: Vec<_> = server
        .accounts()
        .into_iter()
        .map(|a| (a.username, a.is_admin))
        .collect();
    assert_eq!(
        accounts,
        [("first".to_owned(), true), ("second".to_owned(), false)]
    );
}

#[tokio::test]
async fn a_plain_user_created_on_the_command_line_logs_in_but_cannot_administer() {
    let server = Install::new();
    server.create("first", PASSWORD, false);
    server.create("second", PASSWORD, false);

    let app = server.web().await;
    let browser = app.browser();
    assert_redirect(&browser.login("second", PASSWORD).await, "/tasks");
    assert_eq!(
        browser.get("/admin/users").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[test]
fn a_taken_name_in_another_case_is_refused_and_the_account_is_untouched() {
    let server = Install::new();
    server.create("Alice", PASSWORD, true);
    let before = server.accounts();

    let output = server.run(&["user", "create", "aLICE"], &format!("{NEW_PASSWORD}\n"));
    assert_fails_saying(&output, "taken");
    assert!(stdout(&output).is_empty());

    let after = server.accounts();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].username, "Alice");
    assert_eq!(after[0].password_hash, before[0].password_hash);
}

#[test]
fn a_bad_username_is_refused_and_creates_nothing() {
    let server = Install::new();
    for name in ["al", "bad name!", &"x".repeat(33), "<b>x</b>"] {
        let output = server.run(&["user", "create", name], &format!("{PASSWORD}\n"));
        assert_fails_saying(&output, "username");
    }
    assert!(server.accounts().is_empty());
}

#[test]
fn a_bad_password_is_refused_and_creates_nothing() {
    let server = Install::new();
    for (password, words) in [
        ("short", "at least 8"),
        ("", "at least 8"),
        ("alice123", "not be the username"),
        (&"x".repeat(73), "at most 72"),
    ] {
        let output = server.run(&["user", "create", "alice123"], &format!("{password}\n"));
        assert_fails_saying(&output, words);
    }
    assert!(server.accounts().is_empty());
}

#[test]
fn only_the_first_line_of_stdin_is_the_password() {
    let server = Install::new();
    server.create("alice", &format!("{PASSWORD}\r\nsomething else"), false);
    let hash = &server.accounts()[0].password_hash;
    assert!(bcrypt::verify(PASSWORD, hash).expect("a bcrypt hash"));
}

// `ticked user reset-password`

#[tokio::test]
async fn a_password_reset_on_the_command_line_replaces_the_password_and_ends_sessions() {
    let server = Install::new();
    server.create("admin", PASSWORD, true);
    server.create("carol", PASSWORD, false);
    let app = server.web().await;
    let carol = app.browser();
    assert_redirect(&carol.login("carol", PASSWORD).await, "/tasks");
    assert_eq!(carol.get("/tasks").await.status(), StatusCode::OK);
    let admin = app.browser();
    assert_redirect(&admin.login("admin", PASSWORD).await, "/tasks");

    // Found ignoring case, like a login.
    let output = server
        .run_in_background(
            &["user", "reset-password", "CAROL"],
            &format!("{NEW_PASSWORD}\n"),
        )
        .await;
    assert_success(&output);
    assert!(stdout(&output).contains("Set a new password for carol"));

    let ended = carol.get("/tasks").await;
    assert_eq!(ended.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&ended).starts_with("/login"),
        "{}",
        location(&ended)
    );

    let old = app.browser().login("carol", PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_redirect(&app.browser().login("carol", NEW_PASSWORD).await, "/tasks");

    // Nobody else was logged out.
    assert_eq!(admin.get("/tasks").await.status(), StatusCode::OK);
}

#[test]
fn a_password_reset_for_an_unknown_name_fails_and_changes_nothing() {
    let server = Install::new();
    server.create("alice", PASSWORD, false);
    let before = server.accounts()[0].password_hash.clone();

    let output = server.run(
        &["user", "reset-password", "nobody"],
        &format!("{NEW_PASSWORD}\n"),
    );
    assert_fails_saying(&output, "no user named nobody");
    assert!(stdout(&output).is_empty());
    assert_eq!(server.accounts()[0].password_hash, before);
}

#[test]
fn a_too_short_new_password_is_refused_and_the_old_one_stays() {
    let server = Install::new();
    server.create("alice", PASSWORD, false);
    let before = server.accounts()[0].password_hash.clone();

    let output = server.run(&["user", "reset-password", "alice"], "short\n");
    assert_fails_saying(&output, "at least 8");
    assert_eq!(server.accounts()[0].password_hash, before);
}
