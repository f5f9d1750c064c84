//! Writers for the reliability tests: clients that create tasks until told
//! to stop, a tally of what the server acknowledged, and the checks that
//! every acknowledged write is in the database.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use reqwest::header::LOCATION;
use reqwest::{Method, StatusCode};
use serde_json::json;

use tokio::task::JoinHandle;

use crate::helpers::{Api, Browser, TIMEOUT};

/// A write the server answered with success: the task's id (when the
/// answer names it) and its title, which is unique within a test.
#[derive(Debug, Clone)]
pub struct Acked {
    pub id: Option<i64>,
    pub title: String,
    pub owner: String,
}

/// What a crowd of writers saw.
#[derive(Debug, Default)]
pub struct Tally {
    pub acked: Vec<Acked>,
    /// Answers that were neither success nor expected: "status: body".
    pub unexpected: Vec<String>,
    /// Requests that got no answer at all.
    pub no_answer: usize,
}

type Shared = Arc<Mutex<Tally>>;

/// The id at the end of a `Location` header.
fn id_in_location(response: &reqwest::Response) -> Option<i64> {
    response
        .headers()
        .get(LOCATION)?
        .to_str()
        .ok()?
        .rsplit('/')
        .next()?
        .parse()
        .ok()
}

/// Records one answer to a create; `Err` when there was none.
async fn record(
    tally: &Shared,
    sent: reqwest::Result<reqwest::Response>,
    success: StatusCode,
    title: String,
    owner: &str,
) -> Result<(), ()> {
    let Ok(response) = sent else {
        tally.lock().unwrap().no_answer += 1;
        return Err(());
    };
    let status = response.status();
    let id = id_in_location(&response);
    // The body is read whatever the status, to look for a leaked SQLite
    // error; a body cut short by a crash does not undo the answer's status.
    let body = response.text().await.unwrap_or_default();
    let mut tally = tally.lock().unwrap();
    if status == success && !body.contains("database is locked") {
        tally.acked.push(Acked {
            id,
            title,
            owner: owner.to_owned(),
        });
    } else {
        tally
            .unexpected
            .push(format!("{status} for {title:?}: {body:.300}"));
    }
    Ok(())
}

/// One of many clients writing at once: a script with a token, or a
/// browser with its session and that session's CSRF token.
pub enum Client {
    Api(Arc<Api>),
    Form(Browser, String),
}

impl Client {
    /// Adds the task `title` as this client does, and says which status
    /// means "done".
    async fn add(&self, title: &str) -> (reqwest::Result<reqwest::Response>, StatusCode) {
        match self {
            Self::Api(api) => {
                let sent = api
                    .request(Method::POST, "/api/tasks")
                    .json(&json!({"title": title, "notes": "written under load"}))
                    .send()
                    .await;
                (sent, StatusCode::CREATED)
            }
            Self::Form(browser, csrf) => {
                let sent = browser
                    .client
                    .post(browser.url("/tasks"))
                    .form(&[
                        ("csrf_token", csrf.as_str()),
                        ("title", title),
                        ("return_to", "/tasks?filter=active"),
                    ])
                    .send()
                    .await;
                (sent, StatusCode::SEE_OTHER)
            }
        }
    }
}

/// Adds tasks as `client` does until `stop`, or until the server stops
/// answering.
async fn writer(client: Client, owner: String, name: String, stop: Arc<AtomicBool>, tally: Shared) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let title = format!("{name}-{n}");
        let (sent, done) = client.add(&title).await;
        if record(&tally, sent, done, title, &owner).await.is_err() {
            return;
        }
    }
}

/// A task as the database holds it, with its owner's name.
#[derive(Debug, QueryableByName)]
pub struct StoredTask {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub owner: String,
}

/// Every task in the database at `db`, by title.
pub fn stored_tasks(db: &str) -> HashMap<String, StoredTask> {
    let mut conn = ticked::db::establish(db).expect("the database opens");
    diesel::sql_query(
        "SELECT tasks.id, tasks.title, users.username AS owner \
         FROM tasks JOIN lists ON lists.id = tasks.list_id \
         JOIN users ON users.id = lists.owner_id",
    )
    .load::<StoredTask>(&mut conn)
    .expect("the tasks read")
    .into_iter()
    .map(|task| (task.title.clone(), task))
    .collect()
}

/// Every write in `acked` whose task is missing or not as acknowledged.
pub fn missing(acked: &[Acked], stored: &HashMap<String, StoredTask>) -> Vec<String> {
    acked
        .iter()
        .filter(|ack| match stored.get(&ack.title) {
            Some(task) => task.owner != ack.owner || ack.id.is_some_and(|id| id != task.id),
            None => true,
        })
        .map(|ack| format!("{ack:?}"))
        .collect()
}

#[derive(QueryableByName)]
pub struct Check {
    #[diesel(sql_type = Text)]
    pub integrity_check: String,
}

/// `PRAGMA integrity_check` of the SQLite file at `db`: "ok" when sound.
/// (PostgreSQL checks its own pages; it has no such statement.)
pub fn integrity(db: &Path) -> String {
    let mut conn =
        SqliteConnection::establish(db.to_str().expect("UTF-8")).expect("the database opens");
    diesel::sql_query("PRAGMA integrity_check")
        .load::<Check>(&mut conn)
        .expect("the check runs")
        .into_iter()
        .map(|row| row.integrity_check)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writers at work: told to stop together, their tally read at the end.
#[derive(Default)]
pub struct Crowd {
    stop: Arc<AtomicBool>,
    tally: Shared,
    writers: Vec<JoinHandle<()>>,
}

impl Crowd {
    /// `count` writers creating tasks through `owner`'s API, named
    /// `writer0`, `writer1`...
    pub fn of_api_writers(api: &Arc<Api>, owner: &str, count: usize) -> Self {
        let mut crowd = Self::default();
        for w in 0..count {
            crowd.add(Client::Api(Arc::clone(api)), owner, format!("writer{w}"));
        }
        crowd
    }

    /// Sets `client` writing as `owner`, its titles starting with `name`.
    pub fn add(&mut self, client: Client, owner: &str, name: String) {
        let (owner, stop, tally) = (
            owner.to_owned(),
            Arc::clone(&self.stop),
            Arc::clone(&self.tally),
        );
        self.writers
            .push(tokio::spawn(writer(client, owner, name, stop, tally)));
    }

    /// The writes acknowledged so far.
    pub fn acked(&self) -> Vec<Acked> {
        self.tally.lock().unwrap().acked.clone()
    }

    /// Stops every writer and waits for each to finish its last request
    /// (failing with `patience` after [`TIMEOUT`]); what they saw.
    pub async fn stop(self, patience: &str) -> Tally {
        self.stop.store(true, Ordering::Relaxed);
        for writer in self.writers {
            tokio::time::timeout(TIMEOUT, writer)
                .await
                .expect(patience)
                .expect("a writer finishes");
        }
        std::mem::take(&mut *self.tally.lock().unwrap())
    }
}
