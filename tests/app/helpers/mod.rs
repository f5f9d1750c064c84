//! The test harness: a real ticked on a real port with its own database
//! (a SQLite file, or a PostgreSQL database with
//! `TICKED_TEST_DATABASE=postgres`), and the clients that talk to it:
//! [`Browser`], which keeps cookies and does not follow redirects, so that
//! each test sees exactly what a browser would be told; [`Api`], a script
//! with a bearer token; and the real binary, for what needs a process.

mod api;
mod binary;
mod browser;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;
use ticked::db::DbConnection;

pub use self::api::{
    Api, LISTS, TASK_FIELDS, TASKS, assert_error, assert_invalid, fields_of, header, json_of,
    path_of, title,
};
pub use self::binary::{
    Server, TIMEOUT, api_user_at, assert_fails_saying, assert_success, spawn_binary, start_binary,
    stderr, stdout, ticked, ticked_in,
};
pub use self::browser::{Browser, assert_redirect, attribute, flash, location, text_of};
use crate::server::start_in_process;
pub use crate::test_database::{TestDatabase, on_postgres, sql_time};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub address: String,
    pub database: TestDatabase,
}

/// Starts ticked on a free port with a fresh database and bcrypt at its
/// lowest cost (tests only: production defaults to 12).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Like [`spawn_app`], with some settings overridden.
pub async fn spawn_app_with(settings: &[(&str, &str)]) -> TestApp {
    spawn_app_on(TestDatabase::new(), settings).await
}

/// Like [`spawn_app_with`], on a database of the test's choosing.
pub async fn spawn_app_on(database: TestDatabase, settings: &[(&str, &str)]) -> TestApp {
    let address = start_in_process(database.url(), settings).await;
    TestApp { address, database }
}

impl TestApp {
    /// Starts a second ticked on this app's database (as after a restart,
    /// or as another instance behind a load balancer); returns its address.
    pub async fn another_instance(&self) -> String {
        start_in_process(self.database.url(), &[]).await
    }

    /// A new browser, with no cookies yet.
    pub fn browser(&self) -> Browser {
        Browser::at(&self.address)
    }

    /// A browser logged in as a new user (the first one is the admin).
    pub async fn user(&self, username: &str) -> Browser {
        let browser = self.browser();
        let response = browser.register(username, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "registering {username}"
        );
        browser
    }

    /// The API as seen with `token`.
    pub fn api(&self, token: &str) -> Api {
        Api::at(&self.address, token)
    }

    /// A new user with a fresh API token: their browser and their API.
    pub async fn api_user(&self, username: &str) -> (Browser, Api) {
        let browser = self.user(username).await;
        let token = browser.create_token("tests", "never").await;
        (browser, self.api(&token))
    }

    /// `method path` from a client with no token and no cookies.
    pub async fn anonymous(&self, method: Method, path: &str) -> Response {
        reqwest::Client::new()
            .request(method, format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request reaches the server")
    }

    /// A direct connection to the app's database, for checking what a
    /// response claims.
    pub fn db(&self) -> DbConnection {
        self.database.conn()
    }

    /// Runs SQL on the app's database, behind its back: how a test makes
    /// time pass for a session.
    pub fn execute(&self, sql: &str) {
        self.database.execute(sql);
    }

    pub fn count(&self, sql_table: &str) -> i64 {
        self.database
            .number(&format!("SELECT COUNT(*) AS n FROM {sql_table}"))
    }

    /// The stored state of every session, as the session store wrote it.
    pub fn session_states(&self) -> Vec<String> {
        use ticked::db::schema::sessions;
        sessions::table
            .select(sessions::state)
            .load(&mut self.db())
            .expect("the sessions")
    }

    /// The id of the user named `username`.
    pub fn user_id(&self, username: &str) -> i64 {
        self.database.number(&format!(
            "SELECT id AS n FROM users WHERE username = '{username}'"
        ))
    }

    /// The task `task` (its JSON from the API) as the database holds it.
    pub fn task_row(&self, task: &Value) -> TaskRow {
        let id = task["id"].as_i64().expect("an id");
        // The time as text, CAST being the one spelling both backends know.
        diesel::sql_query(format!(
            "SELECT title, notes, completed, position, CAST(updated_at AS TEXT) AS updated_at \
             FROM tasks WHERE id = {id}"
        ))
        .get_result(&mut self.db())
        .unwrap_or_else(|err| panic!("task {id} is in the database: {err}"))
    }
}

/// A task as the database holds it: what a refused change must leave alone.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct TaskRow {
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    notes: String,
    #[diesel(sql_type = Bool)]
    completed: bool,
    #[diesel(sql_type = BigInt)]
    position: i64,
    #[diesel(sql_type = Text)]
    updated_at: String,
}
