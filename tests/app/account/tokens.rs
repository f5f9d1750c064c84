//! API tokens on the account page: shown once, stored as a hash, listed
//! with their last use and expiry, revoked, and refused when badly named.

use chrono::{TimeDelta, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use reqwest::StatusCode;

use super::{assert_refused_beside, token_rows};
use crate::helpers::{TestApp, assert_redirect, attribute, flash, on_postgres, spawn_app, text_of};

/// Every row of `table`, every column quoted and joined: a view of
/// `SELECT *` that no new column can escape.
fn rows_of(app: &TestApp, table: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        name: String,
    }
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        row: String,
    }
    let mut conn = app.db();
    let (columns_sql, quote) = if on_postgres() {
        (
            format!(
                "SELECT column_name::text AS name FROM information_schema.columns \
                 WHERE table_name = '{table}' ORDER BY ordinal_position"
            ),
            "quote_nullable(\"{}\"::text)",
        )
    } else {
        (
            format!("SELECT name FROM pragma_table_info('{table}')"),
            "quote(\"{}\")",
        )
    };
    let columns: Vec<Column> = diesel::sql_query(columns_sql)
        .load(&mut conn)
        .expect("the table's columns");
    assert!(!columns.is_empty(), "{table} has columns");
    let row = columns
        .iter()
        .map(|column| quote.replace("{}", &column.name))
        .collect::<Vec<_>>()
        .join(" || '|' || ");
    diesel::sql_query(format!("SELECT {row} AS row FROM {table}"))
        .load::<Row>(&mut conn)
        .expect("the table's rows")
        .into_iter()
        .map(|r| r.row)
        .collect()
}

/// One string column of one query, e.g. `SELECT token_hash AS value ...`.
fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Value {
        #[diesel(sql_type = Text)]
        value: String,
    }
    diesel::sql_query(sql)
        .load::<Value>(&mut app.db())
        .unwrap_or_else(|err| panic!("{sql}: {err}"))
        .into_iter()
        .map(|v| v.value)
        .collect()
}

/// The ids in the revoke forms of the token list, newest first.
fn token_ids(html: &str) -> Vec<i64> {
    attribute(
        html,
        "form[action^='/account/tokens/'][action$='/revoke']",
        "action",
    )
    .iter()
    .filter_map(|action| action.split('/').nth(3)?.parse().ok())
    .collect()
}

/// The status of `GET /api/tasks` with `token`.
async fn api_status(app: &TestApp, token: &str) -> StatusCode {
    app.api(token).get("/api/tasks").await.status()
}

/// `YYYY-MM-DD HH:MM`, as the token list shows a moment.
fn is_minute_stamp(text: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").is_ok()
}

#[tokio::test]
async fn a_new_token_is_shown_once_and_works_against_the_api() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let response = alice
        .submit(
            "/account",
            "/account/tokens",
            &[("name", "backup script"), ("expires_in", "never")],
        )
        .await;
    assert_redirect(&response, "/account");

    let html = alice.page("/account").await;
    let shown = text_of(&html, "code.token");
    assert_eq!(shown.len(), 1, "the new token is shown");
    let token = &shown[0];
    assert!(token.starts_with("tk_"), "{token}");
    assert!(token.len() > 30, "a token long enough to be unguessable");
    assert_eq!(
        flash(&html).as_deref(),
        Some("Token created. Copy it now: it will not be shown again.")
    );
    assert_eq!(api_status(&app, token).await, StatusCode::OK);

    let again = alice.page("/account").await;
    assert!(text_of(&again, "code.token").is_empty());
    assert!(!again.contains(token.as_str()));
    assert_eq!(flash(&again), None);
    assert_eq!(token_rows(&again).len(), 1, "the token is still listed");
}

#[tokio::test]
async fn the_database_holds_only_the_hash_of_a_token() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let token = alice.create_token("backup script", "30").await;

    let hashes = strings(&app, "SELECT token_hash AS value FROM api_tokens");
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0], token);
    assert_eq!(hashes[0], ticked::auth::token_hash(&token));
    let last_chars = strings(&app, "SELECT last_chars AS value FROM api_tokens");
    assert_eq!(last_chars, [&token[token.len() - 4..]]);

    // `create_token` has viewed the page, which takes the token out of the
    // session: from then on no table holds it.
    for table in ["api_tokens", "sessions"] {
        let rows = rows_of(&app, table);
        assert!(!rows.is_empty(), "{table} has rows");
        for row in rows {
            assert!(!row.contains(&token), "{table} holds the token: {row}");
            assert!(!row.contains(&token[3..]), "{table} holds the token: {row}");
        }
    }
}

#[tokio::test]
async fn the_token_list_shows_name_last_characters_dates_and_expiry() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let before = Utc::now();
    let mut tokens = Vec::new();
    for (name, expires_in) in [
        ("forever", "never"),
        ("a week", "7"),
        ("a month", "30"),
        ("a quarter", "90"),
        ("a year", "365"),
    ] {
        tokens.push((name, expires_in, alice.create_token(name, expires_in).await));
    }
    let after = Utc::now();

    let html = alice.page("/account").await;
    let rows = token_rows(&html);
    assert_eq!(rows.len(), tokens.len());
    // Newest first.
    for (row, (name, expires_in, token)) in rows.iter().zip(tokens.iter().rev()) {
        assert_eq!(row[0], *name);
        assert_eq!(row[1], format!("…{}", &token[token.len() - 4..]));
        assert!(is_minute_stamp(&row[2]), "created: {:?}", row[2]);
        assert_eq!(row[3], "never", "never used");
        if *expires_in == "never" {
            assert_eq!(row[4], "never");
        } else {
            assert!(is_minute_stamp(&row[4]), "expires: {:?}", row[4]);
            let days = TimeDelta::days(expires_in.parse().unwrap());
            let earliest = (before + days).format("%Y-%m-%d %H:%M").to_string();
            let latest = (after + days).format("%Y-%m-%d %H:%M").to_string();
            assert!(
                earliest <= row[4] && row[4] <= latest,
                "{name} expires {:?}, between {earliest} and {latest}",
                row[4]
            );
        }
        assert!(row[5].contains("Revoke"));
    }
}

#[tokio::test]
async fn using_a_token_shows_when_it_was_last_used() {
    let app = spawn_app().await;
    let (alice, _api) = app.api_user("alice").await;
    let token = alice.create_token("script", "never").await;
    let html = alice.page("/account").await;
    assert_eq!(token_rows(&html)[0][3], "never");

    assert_eq!(api_status(&app, &token).await, StatusCode::OK);
    let html = alice.page("/account").await;
    let rows = token_rows(&html);
    assert_eq!(rows[0][0], "script");
    assert!(is_minute_stamp(&rows[0][3]), "last used: {:?}", rows[0][3]);
    assert_eq!(rows[1][0], "tests");
    assert_eq!(rows[1][3], "never", "the other token was not used");
}

#[tokio::test]
async fn a_token_with_an_invalid_name_or_lifetime_is_refused_beside_its_field() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let too_long = "x".repeat(101);
    for (name, expires_in, field, message) in [
        ("", "never", "name", "Give the token a name"),
        ("   ", "30", "name", "Give the token a name"),
        (too_long.as_str(), "never", "name", "at most 100 characters"),
        (
            "script",
            "forever",
            "expires_in",
            "how long the token should last",
        ),
        (
            "script",
            "0",
            "expires_in",
            "how long the token should last",
        ),
        (
            "script",
            "-7",
            "expires_in",
            "how long the token should last",
        ),
    ] {
        let response = alice
            .submit(
                "/account",
                "/account/tokens",
                &[("name", name), ("expires_in", expires_in)],
            )
            .await;
        let html = assert_refused_beside(response, field, message).await;
        assert!(text_of(&html, "code.token").is_empty());
        assert_eq!(
            attribute(&html, "input#name", "value"),
            [name],
            "the name is kept"
        );
        assert_eq!(app.count("api_tokens"), 0, "{name:?} {expires_in:?}");
    }
}

#[tokio::test]
async fn a_name_of_exactly_100_characters_is_accepted() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let name = "é".repeat(100);
    alice.create_token(&name, "7").await;
    let html = alice.page("/account").await;
    assert_eq!(token_rows(&html)[0][0], name);
}

#[tokio::test]
async fn a_revoked_token_is_gone_and_no_longer_opens_the_api() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let keep = alice.create_token("keep", "never").await;
    let revoke = alice.create_token("old script", "never").await;
    assert_eq!(api_status(&app, &revoke).await, StatusCode::OK);

    let html = alice.page("/account").await;
    let id = token_ids(&html)[0];
    let response = alice
        .submit("/account", &format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_redirect(&response, "/account");

    let html = alice.page("/account").await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("Revoked the token “old script”.")
    );
    let rows = token_rows(&html);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "keep");
    assert_eq!(app.count("api_tokens"), 1);
    assert_eq!(api_status(&app, &revoke).await, StatusCode::UNAUTHORIZED);
    assert_eq!(api_status(&app, &keep).await, StatusCode::OK);

    let again = alice
        .submit("/account", &format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "already revoked");
}

#[tokio::test]
async fn revoking_another_users_token_is_not_found_and_it_keeps_working() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let token = alice.create_token("alice's", "never").await;
    let id = token_ids(&alice.page("/account").await)[0];

    let bob = app.user("bob").await;
    let response = bob
        .submit("/account", &format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("api_tokens"), 1);
    assert_eq!(api_status(&app, &token).await, StatusCode::OK);
    assert_eq!(token_rows(&alice.page("/account").await).len(), 1);
    assert!(token_rows(&bob.page("/account").await).is_empty());
}

#[tokio::test]
async fn token_forms_without_a_valid_csrf_token_are_refused() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let token = alice.create_token("keep", "never").await;
    let id = token_ids(&alice.page("/account").await)[0];
    let revoke = format!("/account/tokens/{id}/revoke");

    for csrf in [None, Some(""), Some("wrong")] {
        let with = |mut fields: Vec<(&'static str, &'static str)>| {
            if let Some(csrf) = csrf {
                fields.push(("csrf_token", csrf));
            }
            fields
        };
        let create = alice
            .post_raw(
                "/account/tokens",
                &with(vec![("name", "forged"), ("expires_in", "never")]),
            )
            .await;
        assert_eq!(create.status(), StatusCode::FORBIDDEN, "{csrf:?}");
        let revoked = alice.post_raw(&revoke, &with(vec![])).await;
        assert_eq!(revoked.status(), StatusCode::FORBIDDEN, "{csrf:?}");
    }
    assert_eq!(app.count("api_tokens"), 1);
    assert_eq!(api_status(&app, &token).await, StatusCode::OK);
    let html = alice.page("/account").await;
    assert!(text_of(&html, "code.token").is_empty());
}
