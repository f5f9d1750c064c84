//! Authentication of the API: bearer tokens only, refused when wrong,
//! revoked, expired or a disabled user's, with `WWW-Authenticate: Bearer`.

use reqwest::header::WWW_AUTHENTICATE;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{
    PASSWORD, TASKS, assert_error, attribute, header, json_of, path_of, spawn_app, sql_time,
};

#[tokio::test]
async fn a_request_without_a_token_is_a_401_with_www_authenticate_bearer() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "private"})).await;

    for (method, path) in [
        (Method::GET, TASKS.to_owned()),
        (Method::POST, TASKS.to_owned()),
        (Method::DELETE, TASKS.to_owned()),
        (Method::GET, path_of(&task)),
        (Method::PATCH, path_of(&task)),
        (Method::DELETE, path_of(&task)),
    ] {
        let response = reqwest::Client::new()
            .request(method.clone(), format!("{}{path}", app.address))
            .json(&json!({"title": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            header(&response, "www-authenticate").as_deref(),
            Some("Bearer"),
            "{method} {path}"
        );
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    assert_eq!(api.list("").await.1, 1);
}

#[tokio::test]
async fn a_wrong_token_or_another_scheme_is_a_401() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let url = format!("{}{TASKS}", app.address);

    let authorizations = [
        "Bearer not-a-token".to_owned(),
        format!("Bearer {}x", api.token),
        format!("Bearer {}", &api.token[..api.token.len() - 1]),
        "Bearer ".to_owned(),
        "Bearer".to_owned(),
        format!("Basic {}", api.token),
        format!("Token {}", api.token),
        api.token.clone(),
        "Basic YWxpY2U6Y29ycmVjdCBob3JzZSBiYXR0ZXJ5".to_owned(),
    ];
    for authorization in authorizations {
        let response = reqwest::Client::new()
            .get(&url)
            .header("authorization", &authorization)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{authorization:?}"
        );
        assert!(response.headers().contains_key(WWW_AUTHENTICATE));
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    let response = reqwest::Client::new()
        .get(&url)
        .basic_auth("alice", Some(PASSWORD))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn the_bearer_scheme_is_not_case_sensitive() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;

    let response = reqwest::Client::new()
        .get(format!("{}{TASKS}", app.address))
        .header("authorization", format!("bearer {}", api.token))
        .send()
        .await
        .unwrap();

    assert_eq!(json_of(response, StatusCode::OK).await, json!([]));
}

#[tokio::test]
async fn a_session_cookie_does_not_authenticate_the_api() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    api.create(json!({"title": "private"})).await;
    browser.page("/tasks").await;

    let response = browser.get(TASKS).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let response = browser
        .client
        .post(browser.url(TASKS))
        .json(&json!({"title": "with a cookie"}))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.count("tasks"), 1);
}

#[tokio::test]
async fn a_revoked_token_is_a_401() {
    let app = spawn_app().await;
    let (browser, api) = app.api_user("alice").await;
    assert_eq!(api.list("").await.1, 0);
    let html = browser.page("/account").await;
    let actions = attribute(&html, "form[action$='/revoke']", "action");
    assert_eq!(actions.len(), 1, "one token on the account page");

    let response = browser.submit("/account", &actions[0], &[]).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("api_tokens"), 0);
    assert_error(
        api.send(Method::GET, TASKS).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let response = api
        .send_json(Method::POST, TASKS, &json!({"title": "x"}))
        .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_expired_token_is_a_401_while_an_unexpired_one_works() {
    let app = spawn_app().await;
    let browser = app.user("alice").await;
    let expiring = app.api(&browser.create_token("expiring", "30").await);
    let lasting = app.api(&browser.create_token("lasting", "never").await);
    assert_eq!(expiring.list("").await.1, 0);

    app.execute(&format!(
        "UPDATE api_tokens SET expires_at = {} WHERE name = 'expiring'",
        sql_time(-60)
    ));

    let response = expiring.send(Method::GET, TASKS).await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(lasting.list("").await.1, 0);
}

#[tokio::test]
async fn the_token_of_a_disabled_user_is_a_401_until_they_are_enabled() {
    let app = spawn_app().await;
    let admin = app.user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    bob.create(json!({"title": "bob's"})).await;
    let status = format!("/admin/users/{}/status", app.user_id("bob"));

    let response = admin
        .submit("/admin/users", &status, &[("disabled", "true")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    assert_error(
        bob.send(Method::GET, TASKS).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let response = bob
        .send_json(Method::POST, TASKS, &json!({"title": "x"}))
        .await;
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(app.count("tasks"), 1);

    let response = admin
        .submit("/admin/users", &status, &[("disabled", "false")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(bob.titles("").await, ["bob's"]);
}

#[tokio::test]
async fn last_used_at_is_empty_until_the_token_is_first_used() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let used = "api_tokens WHERE last_used_at IS NOT NULL";
    assert_eq!(app.count("api_tokens"), 1);
    assert_eq!(app.count(used), 0);

    let wrong = app.api("not-the-token");
    assert_error(
        wrong.send(Method::GET, TASKS).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert_eq!(app.count(used), 0, "a wrong token touches nothing");

    api.list("").await;
    assert_eq!(app.count(used), 1);
    assert_eq!(
        app.count("api_tokens WHERE last_used_at >= created_at"),
        1,
        "last used after it was made"
    );
}
