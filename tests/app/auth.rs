//! Registration, login, logout and sessions.

use reqwest::StatusCode;

use crate::helpers::{
    PASSWORD, assert_redirect, flash, location, spawn_app, spawn_app_with, sql_time, text_of,
};

#[tokio::test]
async fn the_first_account_is_an_administrator_and_the_second_is_not() {
    let app = spawn_app().await;
    let first = app.user("alice").await;
    let second = app.user("bob").await;

    assert_eq!(first.get("/admin/users").await.status(), StatusCode::OK);
    assert_eq!(
        second.get("/admin/users").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn registering_logs_in_and_welcomes_the_user() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser.register("alice", PASSWORD).await;
    assert_redirect(&response, "/tasks");
    let html = browser.page("/tasks").await;
    assert!(flash(&html).is_some_and(|f| f.contains("Welcome, alice")));
}

#[tokio::test]
async fn a_username_is_unique_ignoring_case() {
    let app = spawn_app().await;
    app.user("Alice").await;
    let response = app.browser().register("aLICE", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert!(html.contains("That username is taken."));
    assert_eq!(app.count("users"), 1);
}

#[tokio::test]
async fn registration_rules_are_shown_beside_the_fields_with_the_input_kept() {
    let app = spawn_app().await;
    let browser = app.browser();
    for (username, password, confirm, field) in [
        ("al", PASSWORD, PASSWORD, "username-error"),
        ("bad name!", PASSWORD, PASSWORD, "username-error"),
        ("alice", "short", "short", "password-error"),
        ("alice", "alice", "alice", "password-error"),
        ("alice12345", "ALICE12345", "ALICE12345", "password-error"),
        ("alice", &"x".repeat(73), &"x".repeat(73), "password-error"),
        (
            "alice",
            PASSWORD,
            "something else",
            "password_confirm-error",
        ),
    ] {
        let response = browser
            .submit(
                "/register",
                "/register",
                &[
                    ("username", username),
                    ("password", password),
                    ("password_confirm", confirm),
                ],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{username}/{password}"
        );
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("id=\"{field}\"")),
            "{field} for {username}/{password}"
        );
        let escaped = username.replace('!', "&#33;");
        assert!(
            html.contains(&format!("value=\"{username}\"")) || html.contains(&escaped),
            "the username is kept"
        );
        assert!(
            !html.contains(password) || password.len() < 6,
            "the password is never echoed"
        );
    }
    assert_eq!(app.count("users"), 0);
}

#[tokio::test]
async fn closed_registration_refuses_new_accounts() {
    let app = spawn_app_with(&[("REGISTRATION", "closed")]).await;
    let browser = app.browser();
    let html = browser.page("/register").await;
    assert!(html.contains("Registration is closed"));
    // The form is not shown, so post with a token taken from the login page.
    let response = browser
        .submit(
            "/login",
            "/register",
            &[
                ("username", "mallory"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("users"), 0);
}

#[tokio::test]
async fn login_succeeds_with_the_right_password() {
    let app = spawn_app().await;
    app.user("alice").await;
    let browser = app.browser();
    assert_redirect(&browser.login("ALICE", PASSWORD).await, "/tasks");
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_message() {
    let app = spawn_app().await;
    app.user("alice").await;
    let browser = app.browser();

    let wrong = browser.login("alice", "not the password").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = text_of(&wrong.text().await.unwrap(), ".form-error");

    let unknown = browser.login("nobody", "not the password").await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = text_of(&unknown.text().await.unwrap(), ".form-error");

    assert_eq!(wrong, vec!["Incorrect username or password.".to_owned()]);
    assert_eq!(wrong, unknown);
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_page_that_needs_a_login_comes_back_after_it() {
    let app = spawn_app().await;
    app.user("alice").await;
    let browser = app.browser();
    let response = browser.get("/tasks?filter=active").await;
    assert_redirect(&response, "/login?next=%2Ftasks%3Ffilter%3Dactive");

    let token = browser
        .csrf_token("/login?next=%2Ftasks%3Ffilter%3Dactive")
        .await;
    let response = browser
        .post_raw(
            "/login",
            &[
                ("csrf_token", &token),
                ("username", "alice"),
                ("password", PASSWORD),
                ("next", "/tasks?filter=active"),
            ],
        )
        .await;
    assert_redirect(&response, "/tasks?filter=active");
}

#[tokio::test]
async fn next_after_login_goes_only_to_paths_on_this_site() {
    let app = spawn_app().await;
    app.user("alice").await;
    for next in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        let browser = app.browser();
        let token = browser.csrf_token("/login").await;
        let response = browser
            .post_raw(
                "/login",
                &[
                    ("csrf_token", &token),
                    ("username", "alice"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_redirect(&response, "/tasks");
    }
}

#[tokio::test]
async fn logging_in_gives_a_new_session_key() {
    let app = spawn_app().await;
    app.user("alice").await;
    let browser = app.browser();
    let before = browser.get("/login").await;
    let pre_login_cookie = before
        .cookies()
        .find(|c| c.name() == "ticked_session")
        .expect("the login form starts a session")
        .value()
        .to_owned();
    let after = browser.login("alice", PASSWORD).await;
    let post_login_cookie = after
        .cookies()
        .find(|c| c.name() == "ticked_session")
        .expect("login sets the cookie")
        .value()
        .to_owned();
    assert_ne!(pre_login_cookie, post_login_cookie);

    // The pre-login key is dead: presenting it is presenting no session.
    let stale = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = stale
        .get(format!("{}/tasks", app.address))
        .header("Cookie", format!("ticked_session={pre_login_cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax() {
    let app = spawn_app().await;
    let response = app.browser().register("alice", PASSWORD).await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("ticked_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "plain HTTP without PUBLIC_URL");
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure() {
    let app = spawn_app_with(&[("PUBLIC_URL", "https://todo.example.org")]).await;
    let response = app.browser().get("/login").await;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("ticked_session="))
        .expect("a session cookie");
    assert!(cookie.contains("Secure"));
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;

    // Keep a copy of the logged-in cookie, as a thief would.
    let jar_cookie = {
        let response = app.browser().login("alice", PASSWORD).await;
        response
            .cookies()
            .find(|c| c.name() == "ticked_session")
            .unwrap()
            .value()
            .to_owned()
    };
    let thief = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let with_stolen = || {
        thief
            .get(format!("{}/tasks", app.address))
            .header("Cookie", format!("ticked_session={jar_cookie}"))
            .send()
    };
    assert_eq!(with_stolen().await.unwrap().status(), StatusCode::OK);

    // That session logs out; the copied cookie must stop working too.
    let token = {
        let html = with_stolen().await.unwrap().text().await.unwrap();
        crate::helpers::attribute(&html, "input[name=csrf_token]", "value")[0].clone()
    };
    let response = thief
        .post(format!("{}/logout", app.address))
        .header("Cookie", format!("ticked_session={jar_cookie}"))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/");
    assert_eq!(with_stolen().await.unwrap().status(), StatusCode::SEE_OTHER);

    // The other browser's session is untouched.
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn logout_says_goodbye_once() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;
    assert_redirect(&browser.logout().await, "/");
    let html = browser.page("/").await;
    assert_eq!(flash(&html).as_deref(), Some("You have been logged out."));
    assert_eq!(flash(&browser.page("/").await), None);
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::OK);
    // Three days without use (the idle limit is two).
    app.execute(&format!(
        "UPDATE sessions SET last_seen_at = {}",
        sql_time(-3 * 86_400)
    ));
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_session_ends_after_its_lifetime_even_when_used() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;
    app.execute(&format!(
        "UPDATE sessions SET expires_at = {}",
        sql_time(-60)
    ));
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn sessions_survive_a_restart_of_the_server() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;
    // A second server on the same database file: the session key was kept
    // in the database, so it reads the first one's cookies.
    let second = app.another_instance().await;
    let response = browser
        .client
        .get(format!("{second}/tasks"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_sessions_are_purged_from_the_database() {
    let app = spawn_app().await;
    app.user("alice").await;
    app.user("bob").await;
    app.execute(&format!(
        "UPDATE sessions SET last_seen_at = {} \
             WHERE user_id = (SELECT id FROM users WHERE username = 'alice')",
        sql_time(-3 * 86_400)
    ));
    assert_eq!(app.count("sessions"), 2);
    // The purge runs at start and then hourly; a restart shows it at once.
    let _restarted = app.another_instance().await;
    for _ in 0..50 {
        if app.count("sessions") == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(app.count("sessions"), 1);
}

#[tokio::test]
async fn the_stored_session_never_holds_the_user_it_is_loaded_with() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    alice.page("/tasks").await;
    // A new token is kept in the session until the account page shows it:
    // two saves of a session that was loaded with its user.
    alice.create_token("laptop", "never").await;

    let states = app.session_states();
    assert!(!states.is_empty());
    for state in states {
        assert!(state.contains("user_id"), "{state}");
        assert!(!state.contains("loaded_user"), "{state}");
        assert!(!state.contains("password_hash"), "{state}");
    }
}
