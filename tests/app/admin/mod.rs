//! The administrators' page: who may see it, what each action does, and the
//! rule that there is always an enabled administrator left.

mod access;
mod roles;
mod users;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp, attribute, text_of};

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
