//! `ticked migrate-data`: a SQLite installation moved to PostgreSQL, then
//! served from there. Whatever backend this run tests, the source is a
//! SQLite file and the target a new PostgreSQL database, so these tests
//! need the PostgreSQL server (`.ci/postgres`), as CI has.

mod copy;
mod refusals;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;
use ticked::db::DbConnection;
use ticked::db::schema::{
    api_tokens, limit_events, list_members, lists, sessions, settings, task_labels, tasks, trash,
    users,
};

use crate::helpers::{Api, Browser, text_of, ticked_in};

/// How long one run of the binary may take before the test gives up.
const TIMEOUT: Duration = Duration::from_secs(60);

/// `ticked migrate-data --from from --to to`, in `dir`, with an empty
/// environment (but PATH), so that no `DATABASE_URL` or `.env` leaks in.
async fn migrate(dir: &Path, from: &str, to: &str) -> Output {
    let run = tokio::process::Command::from(ticked_in(dir))
        .env("BCRYPT_COST", "4")
        .args(["migrate-data", "--from", from, "--to", to])
        .kill_on_drop(true)
        .output();
    tokio::time::timeout(TIMEOUT, run)
        .await
        .unwrap_or_else(|_| panic!("migrate-data still ran after {TIMEOUT:?}"))
        .expect("the ticked binary runs")
}

type UserRow = (i64, String, String, bool, bool, NaiveDateTime);
type SessionRow = (
    i64,
    String,
    Option<i64>,
    String,
    NaiveDateTime,
    Option<String>,
);
type TokenRow = (i64, i64, String, String, Option<NaiveDateTime>);
type TaskRow = (
    i64,
    i64,
    String,
    String,
    bool,
    Option<NaiveDate>,
    i16,
    i64,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
);

/// A trashed task: its id, list, parent, title and who trashed it.
type TrashRow = (i64, i64, Option<i64>, String, Option<i64>);

/// A task's repeat: id, rule, what it counts from, how often it was done
/// and when last.
type RepeatRow = (i64, Option<String>, String, i64, Option<NaiveDateTime>);

/// A list: id, owner, name, colour, default, open and done counts.
type ListRow = (i64, i64, String, Option<String>, bool, i64, i64);

/// Every row of every table, in id order: two databases with equal
/// contents have equal snapshots, whichever backend each is on.
#[derive(Debug, PartialEq)]
struct Contents {
    users: Vec<UserRow>,
    settings: Vec<(String, String)>,
    sessions: Vec<SessionRow>,
    api_tokens: Vec<TokenRow>,
    tasks: Vec<TaskRow>,
    limit_events: Vec<(i64, String, NaiveDateTime)>,
    lists: Vec<ListRow>,
    /// Each list's CalDAV name (a list an app made) and feed secret.
    calendars: Vec<(i64, Option<String>, Option<String>)>,
    list_members: Vec<(i64, i64, i16)>,
    /// Each task's parent and labels (a tuple of every column is longer
    /// than the standard library compares).
    subtasks_and_labels: Vec<(i64, Option<i64>, String)>,
    task_labels: Vec<(i64, i64, String, String)>,
    repeats: Vec<RepeatRow>,
    trash: Vec<TrashRow>,
}

fn contents(conn: &mut DbConnection) -> Contents {
    Contents {
        users: users::table
            .order(users::id)
            .select((
                users::id,
                users::username,
                users::password_hash,
                users::is_admin,
                users::is_disabled,
                users::created_at,
            ))
            .load(conn)
            .unwrap(),
        settings: settings::table
            .order(settings::name)
            .select((settings::name, settings::value))
            .load(conn)
            .unwrap(),
        sessions: sessions::table
            .order(sessions::id)
            .select((
                sessions::id,
                sessions::key_hash,
                sessions::user_id,
                sessions::state,
                sessions::expires_at,
                sessions::public_id,
            ))
            .load(conn)
            .unwrap(),
        api_tokens: api_tokens::table
            .order(api_tokens::id)
            .select((
                api_tokens::id,
                api_tokens::user_id,
                api_tokens::name,
                api_tokens::token_hash,
                api_tokens::expires_at,
            ))
            .load(conn)
            .unwrap(),
        tasks: tasks::table
            .order(tasks::id)
            .select((
                tasks::id,
                tasks::list_id,
                tasks::title,
                tasks::notes,
                tasks::completed,
                tasks::due,
                tasks::priority,
                tasks::position,
                tasks::created_at,
                tasks::updated_at,
                tasks::completed_at,
            ))
            .load(conn)
            .unwrap(),
        subtasks_and_labels: tasks::table
            .order(tasks::id)
            .select((tasks::id, tasks::parent_id, tasks::labels))
            .load(conn)
            .unwrap(),
        repeats: tasks::table
            .order(tasks::id)
            .select((
                tasks::id,
                tasks::rrule,
                tasks::repeat_from,
                tasks::completions,
                tasks::last_done_at,
            ))
            .load(conn)
            .unwrap(),
        task_labels: task_labels::table
            .order((task_labels::task_id, task_labels::label_key))
            .select((
                task_labels::task_id,
                task_labels::list_id,
                task_labels::label_key,
                task_labels::label,
            ))
            .load(conn)
            .unwrap(),
        trash: trash::table
            .order(trash::id)
            .select((
                trash::id,
                trash::list_id,
                trash::parent_id,
                trash::title,
                trash::trashed_by,
            ))
            .load(conn)
            .unwrap(),
        limit_events: limit_events::table
            .order(limit_events::id)
            .select((
                limit_events::id,
                limit_events::bucket,
                limit_events::created_at,
            ))
            .load(conn)
            .unwrap(),
        lists: lists::table
            .order(lists::id)
            .select((
                lists::id,
                lists::owner_id,
                lists::name,
                lists::colour,
                lists::is_default,
                lists::open_tasks,
                lists::done_tasks,
            ))
            .load(conn)
            .unwrap(),
        calendars: lists::table
            .order(lists::id)
            .select((lists::id, lists::dav_name, lists::feed_secret))
            .load(conn)
            .unwrap(),
        list_members: list_members::table
            .order((list_members::user_id, list_members::list_id))
            .select((
                list_members::user_id,
                list_members::list_id,
                list_members::level,
            ))
            .load(conn)
            .unwrap(),
    }
}

/// Every task `api` sees, as JSON, without the `url` (which names the
/// server it was fetched from).
async fn tasks_seen_by(api: &Api) -> Vec<Value> {
    let response = api.get("/api/tasks?filter=all&limit=1000").await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut tasks: Vec<Value> = response.json().await.expect("a JSON list");
    for task in &mut tasks {
        task.as_object_mut().expect("a JSON task").remove("url");
    }
    tasks
}

/// The Open, Done and Overdue counts on the home page.
async fn home_counts(browser: &Browser) -> Vec<String> {
    text_of(&browser.page("/").await, ".stats dd")
}
