//! Judging the answers: a 4xx that says why (a page, or the JSON error
//! envelope), no change to the database, and a server that still answers.

use std::time::Instant;

use diesel::prelude::*;
use diesel::sql_types::Text;
use reqwest::StatusCode;
use serde_json::Value;

use super::case::{Case, Expect, JSON};
use super::sender::{Answer, Sender};
use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// Why `answer` is not an acceptable answer to `case`, if it is not.
pub fn judge(case: &Case, answer: &Answer, logged_in: bool) -> Option<String> {
    let status = answer.status;
    let api = case.path.starts_with("/api");
    if status >= 500 {
        return Some(format!(
            "{status}: {}",
            String::from_utf8_lossy(&answer.body)
        ));
    }
    // A page that needs a login sends a stranger to the login form first:
    // a refusal too, before the input is even looked at.
    let to_login = !api && !logged_in && status == 303 && answer.location.starts_with("/login");
    if to_login {
        return None;
    }
    let refused = (400..500).contains(&status);
    if case.expect != Expect::Harmless && !refused {
        return Some(format!("{status}, not a 4xx"));
    }
    if !refused {
        return None;
    }
    let text = String::from_utf8_lossy(&answer.body);
    if case.expect == Expect::Unparsable {
        return (status != 400).then(|| format!("{status}, not 400"));
    }
    if text.trim().is_empty() {
        return Some(format!("{status} with an empty body"));
    }
    if api {
        let envelope: Option<Value> = serde_json::from_slice(&answer.body).ok();
        let detail = envelope.as_ref().map(|body| &body["error"]);
        let clear = detail.is_some_and(|error| {
            error["code"].as_str().is_some_and(|code| !code.is_empty())
                && error["message"].as_str().is_some_and(|m| !m.is_empty())
        });
        if !clear || !answer.content_type.starts_with(JSON) {
            return Some(format!(
                "{status} is not the JSON error envelope: {text:.200}"
            ));
        }
        let error = detail.map(|error| {
            let text = |key: &str| error[key].as_str().unwrap_or_default().to_owned();
            (text("code"), text("message"))
        });
        let (code, message) = error.unwrap_or_default();
        match case.expect {
            Expect::Invalid(field)
                if status != 422
                    || code != "invalid_field"
                    || !message.starts_with(&format!("{field}: ")) =>
            {
                return Some(format!(
                    "{status} {code} {message:?}, not a 422 invalid_field naming {field}"
                ));
            }
            Expect::Malformed if status != 400 || code != "bad_request" => {
                return Some(format!(
                    "{status} {code} {message:?}, not a 400 bad_request"
                ));
            }
            _ => {}
        }
    } else if !answer.content_type.starts_with("text/html") {
        return Some(format!("{status} is not a page: {:?}", answer.content_type));
    }
    None
}

/// Sends every case; returns the failures, one line each.
pub async fn run_cases(sender: &Sender, cases: &[Case], logged_in: bool) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        match sender.send(case).await {
            Ok(answer) => {
                if std::env::var_os("RELIABILITY_TRACE").is_some() {
                    eprintln!(
                        "{} -> {} {:.60}",
                        case.describe(),
                        answer.status,
                        String::from_utf8_lossy(&answer.body).replace('\n', " ")
                    );
                }
                if let Some(why) = judge(case, &answer, logged_in) {
                    failures.push(format!("{}: {why}", case.describe()));
                }
            }
            Err(why) => failures.push(format!("{}: {why}", case.describe())),
        }
    }
    failures
}

/// Every row that a refused request must leave alone, as text. (Sessions
/// and rate-limit events are left out: visiting a form makes a session,
/// and a failed login is rightly counted.)
pub fn snapshot(app: &TestApp) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        line: String,
    }
    let mut conn = app.db();
    [
        "SELECT id || '|' || list_id || '|' || title || '|' || notes || '|' || completed \
         || '|' || COALESCE(CAST(due AS TEXT), '') || '|' || priority || '|' || position \
         || '|' || CAST(created_at AS TEXT) || '|' || CAST(updated_at AS TEXT) || '|' \
         || COALESCE(CAST(completed_at AS TEXT), '') AS line \
         FROM tasks ORDER BY id",
        "SELECT id || '|' || owner_id || '|' || name || '|' || COALESCE(colour, '') || '|' \
         || open_tasks || '|' || done_tasks AS line FROM lists ORDER BY id",
        "SELECT user_id || '|' || list_id || '|' || level AS line \
         FROM list_members ORDER BY user_id, list_id",
        "SELECT id || '|' || username || '|' || password_hash || '|' || is_admin || '|' \
         || is_disabled || '|' || COALESCE(CAST(last_login_at AS TEXT), '') AS line \
         FROM users ORDER BY id",
        "SELECT id || '|' || user_id || '|' || name || '|' || token_hash || '|' \
         || COALESCE(CAST(expires_at AS TEXT), '') AS line FROM api_tokens ORDER BY id",
        "SELECT name || '|' || value AS line FROM settings ORDER BY name",
    ]
    .into_iter()
    .flat_map(|sql| {
        diesel::sql_query(sql)
            .load::<Line>(&mut conn)
            .expect("the snapshot reads")
            .into_iter()
            .map(|row| row.line)
    })
    .collect()
}

/// The world the cases run in: an administrator with tasks (one done), a
/// second user, and their ids.
pub struct World {
    pub app: TestApp,
    pub admin: Sender,
    pub task: i64,
    /// The administrator's default list, which holds the task.
    pub list: i64,
    pub bob: i64,
    pub token: String,
}

pub async fn world() -> World {
    let app = spawn_app().await;
    let mut admin = Sender::new(&app.address).await;
    let browser = admin.browser();
    assert_eq!(
        browser.register("admin", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let task = browser.add_task("keep me as I am").await;
    let done = browser.add_task("done already").await;
    let response = browser
        .submit("/tasks", &format!("/tasks/{done}/toggle"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let token = browser.create_token("scripts", "never").await;
    admin.csrf = browser.csrf_token("/tasks").await;
    app.browser().register("bob", PASSWORD).await;
    let bob = app.user_id("bob");
    let list = app
        .api(&token)
        .get_task(&format!("/api/tasks/{task}"))
        .await["list_id"]
        .as_i64()
        .expect("the task's list");
    World {
        app,
        admin,
        task,
        list,
        bob,
        token,
    }
}

/// Runs `cases` from `sender`, then checks that nothing changed and that
/// the server still answers.
pub async fn assert_all_refused(world: &World, sender: &Sender, cases: &[Case], logged_in: bool) {
    let before = snapshot(&world.app);
    let started = Instant::now();
    let mut problems = run_cases(sender, cases, logged_in).await;
    let elapsed = started.elapsed();
    let after = snapshot(&world.app);
    let new: Vec<_> = after.iter().filter(|row| !before.contains(row)).collect();
    let gone: Vec<_> = before.iter().filter(|row| !after.contains(row)).collect();
    if !new.is_empty() || !gone.is_empty() {
        problems.push(format!(
            "the database changed: new rows {new:?}, rows gone {gone:?}"
        ));
    }
    match reqwest::get(format!("{}/healthz", world.app.address)).await {
        Ok(health) if health.status() == StatusCode::OK => {}
        other => problems.push(format!("/healthz afterwards: {other:?}")),
    }
    assert!(
        problems.is_empty(),
        "{} problems with {} malformed requests:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
    eprintln!("{} malformed requests refused in {elapsed:?}", cases.len());
}
