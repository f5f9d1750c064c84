//! The test harness: a real ticked on a real port with its own database
//! (a SQLite file, or a PostgreSQL database with
//! `TICKED_TEST_DATABASE=postgres`), and `Browser`, a client that keeps cookies and does not follow redirects,
//! so that each test sees exactly what a browser would be told.

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use scraper::{Html, Selector};
use ticked::config::Config;
use ticked::db::DbConnection;
use ticked::startup::Application;

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
    let address = start(database.url(), settings).await;
    TestApp { address, database }
}

/// Starts one more ticked on `db_url`; returns its address.
async fn start(db_url: &str, settings: &[(&str, &str)]) -> String {
    let db_url = db_url.to_owned();
    let config = Config::from_lookup(|name| {
        if let Some((_, value)) = settings.iter().find(|(key, _)| *key == name) {
            return Some((*value).to_owned());
        }
        match name {
            "DATABASE_URL" => Some(db_url.clone()),
            "BIND" => Some("127.0.0.1:0".to_owned()),
            "BCRYPT_COST" => Some("4".to_owned()),
            _ => None,
        }
    })
    .expect("a valid test configuration");
    let app = Application::build(config).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    address
}

impl TestApp {
    /// Starts a second ticked on this app's database (as after a restart,
    /// or as another instance behind a load balancer); returns its address.
    pub async fn another_instance(&self) -> String {
        start(self.database.url(), &[]).await
    }

    /// A new browser, with no cookies yet.
    pub fn browser(&self) -> Browser {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        Browser {
            client,
            base: self.address.clone(),
        }
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
        use diesel::prelude::*;
        use ticked::db::schema::sessions;
        sessions::table
            .select(sessions::state)
            .load(&mut self.db())
            .expect("the sessions")
    }
}

/// A script's view of the API: a plain client (no cookies) that sends a
/// bearer token.
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Api {
    /// A request to `path`, with the token.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    /// `GET path`, with the token.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("GET reaches the server")
    }

    /// Creates a task; returns its JSON.
    pub async fn create(&self, body: serde_json::Value) -> serde_json::Value {
        let response = self
            .request(reqwest::Method::POST, "/api/tasks")
            .json(&body)
            .send()
            .await
            .expect("POST reaches the server");
        assert_eq!(response.status(), StatusCode::CREATED, "creating {body}");
        response.json().await.expect("a JSON task")
    }
}

impl TestApp {
    /// The API as seen with `token`.
    pub fn api(&self, token: &str) -> Api {
        Api {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            base: self.address.clone(),
            token: token.to_owned(),
        }
    }

    /// A new user with a fresh API token: their browser and their API.
    pub async fn api_user(&self, username: &str) -> (Browser, Api) {
        let browser = self.user(username).await;
        let token = browser.create_token("tests", "never").await;
        (browser, self.api(&token))
    }
}

pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET reaches the server")
    }

    /// The page's HTML, asserting it answered 200.
    pub async fn page(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.expect("a body")
    }

    /// The CSRF token of the forms on `page`.
    pub async fn csrf_token(&self, page: &str) -> String {
        let html = self.page(page).await;
        attribute(&html, "input[name=csrf_token]", "value")
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{page} has a CSRF token"))
    }

    /// POSTs `fields` exactly as given (no token is added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("POST reaches the server")
    }

    /// Submits a form to `action` as a browser would from `page`: with the
    /// CSRF token that page carries.
    pub async fn submit(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_token(page).await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    pub async fn register(&self, username: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/register",
            "/register",
            &[
                ("username", username),
                ("password", password),
                ("password_confirm", password),
            ],
        )
        .await
    }

    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/login",
            "/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn logout(&self) -> reqwest::Response {
        self.submit("/tasks", "/logout", &[]).await
    }

    /// Creates an API token on the account page; returns the token, which
    /// the page shows once.
    pub async fn create_token(&self, name: &str, expires_in: &str) -> String {
        let response = self
            .submit(
                "/account",
                "/account/tokens",
                &[("name", name), ("expires_in", expires_in)],
            )
            .await;
        assert_redirect(&response, "/account");
        let html = self.page("/account").await;
        text_of(&html, "code.token")
            .into_iter()
            .next()
            .expect("the new token is shown")
    }

    /// Adds a task through the list's form; returns the new task's id.
    pub async fn add_task(&self, title: &str) -> i64 {
        let response = self.submit("/tasks", "/tasks", &[("title", title)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "adding {title:?}");
        *self
            .task_ids_on("/tasks?sort=created")
            .await
            .first()
            .expect("the new task is listed")
    }

    /// The ids of the tasks listed on `page`, in order.
    pub async fn task_ids_on(&self, page: &str) -> Vec<i64> {
        let html = self.page(page).await;
        attribute(&html, "button.check", "formaction")
            .iter()
            .filter_map(|action| action.split('/').nth(2)?.parse().ok())
            .collect()
    }

    /// The titles listed on `page`, in order.
    pub async fn titles_on(&self, page: &str) -> Vec<String> {
        text_of(&self.page(page).await, ".task-title")
    }
}

/// Where a redirect points.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("a Location header on a {}", response.status()))
        .to_owned()
}

/// Asserts a 303 See Other to `path`.
pub fn assert_redirect(response: &reqwest::Response, path: &str) {
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(response), path);
}

pub fn attribute(html: &str, selector: &str, name: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("a valid selector");
    Html::parse_document(html)
        .select(&selector)
        .filter_map(|el| el.value().attr(name).map(str::to_owned))
        .collect()
}

pub fn text_of(html: &str, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).expect("a valid selector");
    Html::parse_document(html)
        .select(&selector)
        .map(|el| el.text().collect::<String>().trim().to_owned())
        .collect()
}

/// The flash message a page shows, if any.
pub fn flash(html: &str) -> Option<String> {
    text_of(html, ".flash").into_iter().next()
}
