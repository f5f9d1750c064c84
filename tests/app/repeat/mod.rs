//! Repeating tasks and quick add, through the real forms and the real API:
//! what completing, skipping and undoing do to a repeating task, the edit
//! page's Repeat fields, the rules the API refuses, and the add box's one
//! line read into a task.

mod api;
mod quick;
mod web;

use chrono::{Days, NaiveDate};
use serde_json::Value;

/// Today where the test server is (it runs in UTC), and so many days on.
fn today_plus(days: u64) -> String {
    (chrono::Utc::now().date_naive() + Days::new(days)).to_string()
}

/// Today, so many days back.
fn days_ago(days: u64) -> String {
    (chrono::Utc::now().date_naive() - Days::new(days)).to_string()
}

/// "Wed 2 Dec": how messages name a day.
fn said(day: &str) -> String {
    let day: NaiveDate = day.parse().expect("a date");
    day.format("%a %-d %b").to_string()
}

fn id(task: &Value) -> i64 {
    task["id"].as_i64().expect("an id")
}
