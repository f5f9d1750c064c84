//! [`Browser`]: a client that keeps cookies and does not follow redirects,
//! with the forms a person fills in, and the few readers of HTML the tests
//! share.

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use scraper::{Html, Selector};

pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
}

impl Browser {
    /// A browser with no cookies yet, on the server at `base`.
    pub fn at(base: &str) -> Self {
        Self {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("a client"),
            base: base.to_owned(),
        }
    }

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
    text_of(html, ".flash p").into_iter().next()
}
