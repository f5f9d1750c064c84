//! The account page: API tokens (shown once, stored as a hash), and the
//! export and import of a user's tasks.

use chrono::{DateTime, TimeDelta, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use scraper::{Html, Selector};
use serde_json::{Value, json};

use crate::helpers::{
    Api, Browser, TestApp, assert_redirect, attribute, flash, on_postgres, spawn_app, text_of,
};

const BOUNDARY: &str = "ticked-test-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body as a browser sends the import form: the
/// CSRF token (unless `None`), then the file. Built by hand because
/// reqwest's `multipart` feature is not enabled.
fn import_body(csrf_token: Option<&str>, file: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    if let Some(token) = csrf_token {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\n\
                 Content-Disposition: form-data; name=\"csrf_token\"\r\n\
                 \r\n\
                 {token}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\n\
             Content-Disposition: form-data; name=\"file\"; filename=\"tasks.json\"\r\n\
             Content-Type: application/json\r\n\
             \r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs the import form with `csrf_token` exactly as given.
async fn post_import(
    browser: &Browser,
    csrf_token: Option<&str>,
    file: &[u8],
) -> reqwest::Response {
    browser
        .client
        .post(browser.url("/account/import"))
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(import_body(csrf_token, file))
        .send()
        .await
        .expect("POST reaches the server")
}

/// Imports `file` as a browser would from the account page.
async fn import(browser: &Browser, file: &[u8]) -> reqwest::Response {
    let token = browser.csrf_token("/account").await;
    post_import(browser, Some(&token), file).await
}

/// The user's export, parsed.
async fn export(browser: &Browser) -> Value {
    let response = browser.get("/account/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a JSON export")
}

/// The tasks of the user's export.
async fn exported_tasks(browser: &Browser) -> Vec<Value> {
    export(browser).await["tasks"]
        .as_array()
        .expect("a list of tasks")
        .clone()
}

/// What an import must keep of a task: everything but its id, url and
/// order number (which belong to the importing user's list).
fn portable(task: &Value) -> Value {
    json!({
        "title": task["title"],
        "notes": task["notes"],
        "completed": task["completed"],
        "due": task["due"],
        "priority": task["priority"],
        "created_at": task["created_at"],
        "updated_at": task["updated_at"],
        "completed_at": task["completed_at"],
    })
}

fn titles(tasks: &[Value]) -> Vec<&str> {
    tasks
        .iter()
        .map(|task| task["title"].as_str().expect("a title"))
        .collect()
}

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

/// The token list's rows, each as its cells' text: name, last
/// characters, created, last used, expires, and the revoke button.
fn token_rows(html: &str) -> Vec<Vec<String>> {
    let rows = Selector::parse("table.tokens tbody tr").expect("a valid selector");
    let cells = Selector::parse("th, td").expect("a valid selector");
    Html::parse_document(html)
        .select(&rows)
        .map(|row| {
            row.select(&cells)
                .map(|cell| cell.text().collect::<String>().trim().to_owned())
                .collect()
        })
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

/// Asserts a 422 account page with `message` beside the field `field`.
async fn assert_refused_beside(response: reqwest::Response, field: &str, message: &str) -> String {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("a body");
    let error = text_of(&html, &format!("p.field-error#{field}-error"));
    assert_eq!(error.len(), 1, "one error beside {field}: {html}");
    assert!(
        error[0].contains(message),
        "{:?} should contain {message:?}",
        error[0]
    );
    let described = attribute(&html, &format!("#{field}"), "aria-describedby");
    assert!(
        described
            .iter()
            .any(|ids| ids.contains(&format!("{field}-error"))),
        "#{field} is described by its error"
    );
    assert_eq!(
        attribute(&html, &format!("#{field}"), "aria-invalid"),
        ["true"]
    );
    html
}

/// Some tasks of every kind through the API: markup and unicode, notes,
/// due dates, priorities, two completed; the last one moved to the top.
async fn varied_tasks(api: &Api) {
    let bodies = [
        json!({"title": "Buy milk"}),
        json!({
            "title": "<script>alert('x')</script> & <b>bold</b> \"quoted\"",
            "notes": "line one\nline two\twith a tab & <i>markup</i>",
            "due": "2026-12-01",
            "priority": "high",
        }),
        json!({
            "title": "Café ☕ — 日本語 🎉",
            "notes": "ünïcödé",
            "due": "2030-02-28",
            "priority": "low",
        }),
        json!({"title": "Finished thing", "notes": "done long ago"}),
        json!({"title": "Another done", "due": "2025-01-31", "priority": "high"}),
    ];
    let mut ids = Vec::new();
    for body in bodies {
        ids.push(api.create(body).await["id"].as_i64().expect("an id"));
    }
    for (id, patch) in [
        (ids[3], json!({"completed": true})),
        (ids[4], json!({"completed": true})),
        (ids[4], json!({"order": 0})),
    ] {
        let response = api
            .request(reqwest::Method::PATCH, &format!("/api/tasks/{id}"))
            .json(&patch)
            .send()
            .await
            .expect("PATCH reaches the server");
        assert_eq!(response.status(), StatusCode::OK, "{patch}");
    }
}

// The page itself.

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

// API tokens.

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

// Export.

#[tokio::test]
async fn the_export_is_a_json_attachment_of_the_users_own_tasks_in_their_order() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    varied_tasks(&api).await;
    let (_bob, bob_api) = app.api_user("bob").await;
    bob_api.create(json!({"title": "bob's secret"})).await;

    let response = alice.get("/account/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert!(header(CONTENT_TYPE).starts_with("application/json"));
    let disposition = header(CONTENT_DISPOSITION);
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let filename = disposition
        .split("filename=")
        .nth(1)
        .expect("a filename")
        .trim_matches('"');
    assert!(filename.contains("alice"), "{filename}");
    assert!(filename.ends_with(".json"), "{filename}");

    let file: Value = response.json().await.expect("a JSON export");
    assert_eq!(file["format"], "ticked-tasks");
    assert_eq!(file["version"], 1);
    let exported_at: DateTime<Utc> = file["exported_at"]
        .as_str()
        .expect("a time")
        .parse()
        .expect("an RFC 3339 time");
    assert!((Utc::now() - exported_at).abs() < TimeDelta::minutes(1));

    let tasks = file["tasks"].as_array().expect("a list of tasks");
    assert_eq!(
        titles(tasks),
        [
            "Another done",
            "Buy milk",
            "<script>alert('x')</script> & <b>bold</b> \"quoted\"",
            "Café ☕ — 日本語 🎉",
            "Finished thing",
        ]
    );
    let fields = [
        "completed",
        "completed_at",
        "created_at",
        "due",
        "id",
        "notes",
        "order",
        "priority",
        "title",
        "updated_at",
        "url",
    ];
    for task in tasks {
        let mut keys: Vec<&str> = task
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, fields);
        let id = task["id"].as_i64().expect("an id");
        let url = task["url"].as_str().expect("a url");
        assert!(url.ends_with(&format!("/api/tasks/{id}")), "{url}");
    }
    let orders: Vec<i64> = tasks.iter().map(|t| t["order"].as_i64().unwrap()).collect();
    assert!(orders.is_sorted(), "{orders:?}");
    let markup = &tasks[2];
    assert_eq!(
        markup["notes"],
        "line one\nline two\twith a tab & <i>markup</i>"
    );
    assert_eq!(markup["due"], "2026-12-01");
    assert_eq!(markup["priority"], "high");
    assert_eq!(markup["completed"], false);
    assert_eq!(markup["completed_at"], Value::Null);
    assert_eq!(tasks[0]["completed"], true);
    assert!(tasks[0]["completed_at"].is_string());
    assert_eq!(tasks[1]["due"], Value::Null);
    assert_eq!(tasks[1]["priority"], "normal");
    assert_eq!(tasks[1]["notes"], "");

    // The very shape the API gives, task for task.
    let listed: Value = api
        .get("/api/tasks")
        .await
        .json()
        .await
        .expect("a JSON list");
    assert_eq!(file["tasks"], listed);
}

#[tokio::test]
async fn an_empty_list_exports_as_an_empty_file() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = export(&alice).await;
    assert_eq!(file["format"], "ticked-tasks");
    assert_eq!(file["version"], 1);
    assert_eq!(file["tasks"], json!([]));
}

// Import.

#[tokio::test]
async fn an_export_imported_by_another_user_gives_the_same_tasks() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    varied_tasks(&api).await;
    let response = alice.get("/account/export").await;
    let file = response.bytes().await.expect("a body");
    let original: Vec<Value> = serde_json::from_slice::<Value>(&file).unwrap()["tasks"]
        .as_array()
        .unwrap()
        .clone();

    let bob = app.user("bob").await;
    let response = import(&bob, &file).await;
    assert_redirect(&response, "/account");
    let html = bob.page("/account").await;
    assert_eq!(flash(&html).as_deref(), Some("Imported 5 tasks."));

    let imported = exported_tasks(&bob).await;
    assert_eq!(
        imported.iter().map(portable).collect::<Vec<_>>(),
        original.iter().map(portable).collect::<Vec<_>>()
    );
    assert_eq!(app.count("tasks"), 10);
    // Alice still has hers, unchanged.
    assert_eq!(exported_tasks(&alice).await, original);
    // Bob's copies are his own tasks, in his list.
    assert_eq!(
        bob.titles_on("/tasks").await.len(),
        5,
        "bob sees the imported tasks"
    );
}

#[tokio::test]
async fn imported_tasks_go_after_the_existing_ones() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    varied_tasks(&api).await;
    let file = alice.get("/account/export").await.bytes().await.unwrap();
    let original = exported_tasks(&alice).await;

    let bob = app.user("bob").await;
    bob.add_task("bob's first").await;
    bob.add_task("bob's second").await;
    assert_redirect(&import(&bob, &file).await, "/account");

    let tasks = exported_tasks(&bob).await;
    let mut expected = vec!["bob's first", "bob's second"];
    expected.extend(titles(&original));
    assert_eq!(titles(&tasks), expected);
    let orders: Vec<i64> = tasks.iter().map(|t| t["order"].as_i64().unwrap()).collect();
    assert!(
        orders.windows(2).all(|pair| pair[0] < pair[1]),
        "distinct increasing orders: {orders:?}"
    );

    // Importing the same file again appends another copy.
    assert_redirect(&import(&bob, &file).await, "/account");
    let tasks = exported_tasks(&bob).await;
    assert_eq!(tasks.len(), 12);
    assert_eq!(titles(&tasks[7..]), titles(&original));
}

#[tokio::test]
async fn a_hand_written_minimal_file_imports() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = br#"{"format":"ticked-tasks","version":1,"tasks":[{"title":"only a title"}]}"#;
    let before = Utc::now();
    assert_redirect(&import(&alice, file).await, "/account");
    let html = alice.page("/account").await;
    assert_eq!(flash(&html).as_deref(), Some("Imported 1 task."));

    let tasks = exported_tasks(&alice).await;
    assert_eq!(tasks.len(), 1);
    let task = &tasks[0];
    assert_eq!(task["title"], "only a title");
    assert_eq!(task["notes"], "");
    assert_eq!(task["completed"], false);
    assert_eq!(task["due"], Value::Null);
    assert_eq!(task["priority"], "normal");
    assert_eq!(task["completed_at"], Value::Null);
    let created: DateTime<Utc> = task["created_at"].as_str().unwrap().parse().unwrap();
    assert!(created >= before - TimeDelta::seconds(1), "created now");
    assert_eq!(alice.titles_on("/tasks").await, ["only a title"]);
}

#[tokio::test]
async fn an_import_of_thousands_of_tasks_is_stored_whole_and_in_order() {
    // More rows than one PostgreSQL statement can carry (65,535 values at
    // 10 a task), so the import must go in batches.
    const TASKS: usize = 7_000;
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let tasks: Vec<Value> = (0..TASKS)
        .map(|n| serde_json::json!({ "title": format!("imported {n:04}") }))
        .collect();
    let file = serde_json::json!({ "format": "ticked-tasks", "version": 1, "tasks": tasks });
    let response = import(&alice, file.to_string().as_bytes()).await;
    assert_redirect(&response, "/account");
    let html = alice.page("/account").await;
    assert_eq!(flash(&html).as_deref(), Some("Imported 7000 tasks."));
    assert_eq!(app.count("tasks"), 7_000);
    let last_page = alice.titles_on("/tasks?page=140").await;
    assert_eq!(last_page.last().map(String::as_str), Some("imported 6999"));
}

#[tokio::test]
async fn a_file_that_is_not_a_valid_export_is_refused_and_imports_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    alice.add_task("already here").await;
    let good = json!({"title": "a good task", "due": "2026-12-01", "priority": "high"});
    let file = |tasks: Value| {
        json!({"format": "ticked-tasks", "version": 1, "tasks": tasks})
            .to_string()
            .into_bytes()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "not JSON",
            b"title,done\nmilk,no\n".to_vec(),
            "not a ticked export",
        ),
        ("empty", Vec::new(), "not a ticked export"),
        (
            "JSON of another kind",
            br#"{"hello": "world"}"#.to_vec(),
            "not a ticked export",
        ),
        (
            "another format",
            json!({"format": "todo-txt", "version": 1, "tasks": [good]})
                .to_string()
                .into_bytes(),
            "not a ticked export",
        ),
        (
            "version 2",
            json!({"format": "ticked-tasks", "version": 2, "tasks": [good]})
                .to_string()
                .into_bytes(),
            "version 2",
        ),
        (
            "version 0",
            json!({"format": "ticked-tasks", "version": 0, "tasks": [good]})
                .to_string()
                .into_bytes(),
            "version 0",
        ),
        (
            "an empty title",
            file(json!([good, {"title": "  "}, good])),
            "Task 2 of the file",
        ),
        (
            "a due date in month 13",
            file(json!([good, good, {"title": "bad due", "due": "2026-13-01"}])),
            "Task 3 of the file",
        ),
        (
            "an unknown priority",
            file(json!([{"title": "urgent", "priority": "urgent"}, good])),
            "Task 1 of the file",
        ),
        (
            "a title that is not text",
            file(json!([good, {"title": 42}])),
            "not a ticked export",
        ),
    ];
    for (what, bytes, message) in cases {
        let response = import(&alice, &bytes).await;
        let html = assert_refused_beside(response, "file", message).await;
        assert_eq!(flash(&html), None, "{what}");
        assert_eq!(app.count("tasks"), 1, "{what}: nothing imported");
    }
    assert_eq!(alice.titles_on("/tasks").await, ["already here"]);
}

#[tokio::test]
async fn the_error_of_an_invalid_task_names_the_field() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = json!({
        "format": "ticked-tasks",
        "version": 1,
        "tasks": [{"title": "fine"}, {"title": "bad due", "due": "2026-13-01"}],
    });
    let response = import(&alice, file.to_string().as_bytes()).await;
    assert_refused_beside(response, "file", "due").await;
    assert_eq!(app.count("tasks"), 0);
}

const FORGED_IMPORT: &[u8] =
    br#"{"format":"ticked-tasks","version":1,"tasks":[{"title":"forged"}]}"#;

#[tokio::test]
async fn an_import_with_a_wrong_csrf_token_is_refused_and_imports_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let other = app.browser().csrf_token("/login").await;
    for csrf in ["", "wrong", other.as_str()] {
        let response = post_import(&alice, Some(csrf), FORGED_IMPORT).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{csrf:?}");
    }
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_import_without_the_csrf_token_part_is_refused_and_imports_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let response = post_import(&alice, None, FORGED_IMPORT).await;
    assert_eq!(app.count("tasks"), 0);
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_import_over_5_mib_is_too_large() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    // Valid JSON all the way, so only its size is wrong.
    let padding = " ".repeat(5 * 1024 * 1024);
    let file =
        format!(r#"{{"format":"ticked-tasks","version":1,"tasks":[{{"title":"big"}}]{padding}}}"#);
    let response = import(&alice, file.as_bytes()).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_import_needs_a_login() {
    let app = spawn_app().await;
    let browser = app.browser();
    let token = browser.csrf_token("/login").await;
    let file = br#"{"format":"ticked-tasks","version":1,"tasks":[{"title":"x"}]}"#;
    let response = post_import(&browser, Some(&token), file).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn an_import_error_numbers_the_task_by_its_place_in_the_file() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let file = json!({
        "format": "ticked-tasks",
        "version": 1,
        "tasks": [{"title": "a", "order": 5}, {"title": "", "order": 1}],
    });
    let response = import(&alice, file.to_string().as_bytes()).await;
    assert_refused_beside(response, "file", "Task 2 of the file").await;
    assert_eq!(app.count("tasks"), 0);
}
