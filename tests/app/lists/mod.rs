//! Lists and sharing: who may do what to a list (one table, walked through
//! both faces), and what sharing does to the rest of the app: shared lists
//! among yours, tasks moving between lists, accounts disabled or deleted, a
//! second instance that knows at once.

mod authorization;
mod forms;
mod paging;
mod sharing;
mod tasks;
mod upgrade;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, SmallInt, Text};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub(crate) use crate::helpers::LISTS;
use crate::helpers::{Api, TestApp, json_of};

/// Makes a list through the API; returns its id.
async fn create_list(api: &Api, name: &str) -> i64 {
    api.create_list(json!({ "name": name })).await
}

/// Shares `list` with `username` at `level` (or changes their level)
/// through the API.
async fn share(api: &Api, list: i64, username: &str, level: &str) {
    api.share(list, username, level).await;
}

/// Adds a task to `list` through the API; returns its id.
async fn add_to(api: &Api, list: i64, title: &str) -> i64 {
    id_of(&api.create(json!({"title": title, "list_id": list})).await)
}

/// The lists `GET /api/lists` gives, in its order.
async fn lists_of(api: &Api) -> Vec<Value> {
    json_of(api.get(LISTS).await, StatusCode::OK)
        .await
        .as_array()
        .expect("the lists are a JSON array")
        .clone()
}

/// The names of the lists `GET /api/lists` gives, in its order.
async fn list_names(api: &Api) -> Vec<String> {
    lists_of(api)
        .await
        .iter()
        .map(|list| list["name"].as_str().expect("a name").to_owned())
        .collect()
}

/// The id of the user's default list, "Tasks".
async fn default_list(api: &Api) -> i64 {
    let lists = lists_of(api).await;
    let default = lists
        .iter()
        .find(|list| list["is_default"] == true && list["level"] == "owner")
        .unwrap_or_else(|| panic!("a default list among {lists:?}"));
    id_of(default)
}

/// A list's members as "username: level", as any member reads them from
/// `GET /api/lists/{id}/members`, sorted.
async fn members(api: &Api, list: i64) -> Vec<String> {
    let members = json_of(
        api.get(&format!("{LISTS}/{list}/members")).await,
        StatusCode::OK,
    )
    .await;
    let mut members: Vec<String> = members
        .as_array()
        .expect("the members are a JSON array")
        .iter()
        .map(|member| {
            let field = |name: &str| member[name].as_str().expect("a string").to_owned();
            format!("{}: {}", field("username"), field("level"))
        })
        .collect();
    members.sort();
    members
}

/// The `id` of a list or task, from its JSON.
fn id_of(value: &Value) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("an id in {value}"))
}

/// A list, its members and its tasks, as the database holds them: what a
/// refusal must leave alone.
#[derive(Debug, PartialEq, Eq)]
struct State {
    list: Vec<ListRow>,
    members: Vec<MemberRow>,
    tasks: Vec<TaskRow>,
}

#[derive(Debug, PartialEq, Eq, QueryableByName)]
struct ListRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Nullable<Text>)]
    colour: Option<String>,
    #[diesel(sql_type = BigInt)]
    owner_id: i64,
}

#[derive(Debug, PartialEq, Eq, QueryableByName)]
struct MemberRow {
    #[diesel(sql_type = BigInt)]
    user_id: i64,
    #[diesel(sql_type = SmallInt)]
    level: i16,
}

#[derive(Debug, PartialEq, Eq, QueryableByName)]
struct TaskRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Bool)]
    completed: bool,
    #[diesel(sql_type = BigInt)]
    position: i64,
    #[diesel(sql_type = Text)]
    updated_at: String,
}

/// What the database holds of `list` now.
fn state(app: &TestApp, list: i64) -> State {
    let mut conn = app.db();
    State {
        list: diesel::sql_query(format!(
            "SELECT name, colour, owner_id FROM lists WHERE id = {list}"
        ))
        .load(&mut conn)
        .expect("the list"),
        members: diesel::sql_query(format!(
            "SELECT user_id, level FROM list_members WHERE list_id = {list} ORDER BY user_id"
        ))
        .load(&mut conn)
        .expect("its members"),
        // The time as text, CAST being the one spelling both backends know.
        tasks: diesel::sql_query(format!(
            "SELECT id, title, completed, position, CAST(updated_at AS TEXT) AS updated_at \
             FROM tasks WHERE list_id = {list} ORDER BY id"
        ))
        .load(&mut conn)
        .expect("its tasks"),
    }
}
