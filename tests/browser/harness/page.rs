//! [`Page`]: one browser window, with the few helpers that make the tests
//! read like what a person does, and the readers of what went wrong in it
//! (console errors, Content Security Policy violations).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use tempfile::TempDir;

use super::{PASSWORD, PATIENCE};

/// One browser window. Dropping it ends the WebDriver session, which quits
/// Chromium, even when a test fails half-way.
pub struct Page {
    pub client: Client,
    pub(super) base: String,
    pub(super) driver_port: u16,
    pub(super) session: String,
    pub(super) _profile: TempDir,
}

impl Drop for Page {
    fn drop(&mut self) {
        // Blocking on purpose: a failed test unwinds without an async
        // runtime to finish on, and Chromium must not outlive the test.
        let address = ("127.0.0.1", self.driver_port);
        if let Ok(mut stream) = TcpStream::connect(address) {
            drop(stream.set_read_timeout(Some(PATIENCE)));
            let request = format!(
                "DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
                 Connection: close\r\nContent-Length: 0\r\n\r\n",
                self.session, self.driver_port
            );
            if stream.write_all(request.as_bytes()).is_ok() {
                read_response(&mut stream);
            }
        }
    }
}

/// Reads one HTTP response to its end (chromedriver keeps the connection
/// open, so "until the server closes" would wait for the timeout).
fn read_response(stream: &mut TcpStream) {
    let mut response = Vec::new();
    let mut chunk = [0_u8; 4096];
    while let Ok(n @ 1..) = stream.read(&mut chunk) {
        response.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&response);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if response.len() >= end + 4 + length {
                return;
            }
        }
    }
}

impl Page {
    /// Opens a path of the app.
    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|err| panic!("opening {path}: {err}"));
    }

    /// The current path with its query, e.g. `/tasks?filter=active`.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("the current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Runs JavaScript in the page; a returned promise is awaited.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|err| panic!("script failed: {err}\n{script:.300}"))
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(SessionCommand {
                path: "goog/cdp/execute",
                body: json!({ "cmd": cmd, "params": params }),
            })
            .await
            .unwrap_or_else(|err| panic!("DevTools command {cmd}: {err}"))
    }

    /// Makes the viewport exactly `width` by `height` CSS pixels.
    pub async fn set_viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": width < 600,
            }),
        )
        .await;
    }

    /// Emulates the user's light or dark colour-scheme preference.
    pub async fn set_dark(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await;
    }

    pub async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(err) => panic!("no {css} on {}: {err}", self.path().await),
        }
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
            .len()
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        let text = self
            .find(css)
            .await
            .text()
            .await
            .expect("an element's text");
        text.trim().to_owned()
    }

    /// The texts of every element matching `css`, in document order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find_all")
        {
            texts.push(element.text().await.expect("text").trim().to_owned());
        }
        texts
    }

    /// The titles in the task list, in order.
    pub async fn titles(&self) -> Vec<String> {
        self.texts(".task-title").await
    }

    /// The flash message, if the page shows one.
    pub async fn flash(&self) -> Option<String> {
        self.texts(".flash p").await.into_iter().next()
    }

    /// Types into a field, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("the field clears");
        field.send_keys(text).await.expect("typing");
    }

    /// Sets a field's value directly (date inputs, whose typing depends on
    /// the locale).
    pub async fn set_value(&self, css: &str, value: &str) {
        self.js(
            "document.querySelector(arguments[0]).value = arguments[1];",
            vec![json!(css), json!(value)],
        )
        .await;
    }

    /// Clicks something that loads a new page (a link, a submit button) and
    /// waits until that page has loaded.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.mark_document().await;
        element
            .click()
            .await
            .unwrap_or_else(|err| panic!("clicking {css}: {err}"));
        self.wait_for_new_document().await;
    }

    /// Presses and releases a key (`fantoccini::key::Key`, or a character)
    /// wherever the focus is, as a keyboard would.
    pub async fn press(&self, key: impl Into<char>) {
        let key = key.into();
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(actions)
            .await
            .expect("the key press");
    }

    /// Types text, key by key, wherever the focus is.
    pub async fn type_keys(&self, text: &str) {
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in text.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await.expect("typing");
    }

    /// Like [`press`](Self::press), for a key that loads a new page.
    pub async fn press_and_load(&self, key: impl Into<char>) {
        self.mark_document().await;
        self.press(key).await;
        self.wait_for_new_document().await;
    }

    /// Leaves a mark on the current document, which the next one lacks.
    async fn mark_document(&self) {
        self.js("window.__tickedOldDocument = true;", vec![]).await;
    }

    async fn wait_for_new_document(&self) {
        self.wait_until(
            "return !window.__tickedOldDocument && document.readyState === 'complete';",
            "a new page to load",
        )
        .await;
    }

    /// Waits until `script` returns `true`.
    pub async fn wait_until(&self, script: &str, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            // Errors are expected while a navigation replaces the document.
            if let Ok(Value::Bool(true)) = self.client.execute(script, vec![]).await {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} on {}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What the focused element is, as a CSS-like description.
    pub async fn focused(&self) -> String {
        let value = self
            .js(
                "const e = document.activeElement; \
                 return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') \
                   + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '') \
                   + (e.closest('form') ? ' in form.' + e.closest('form').className : '');",
                vec![],
            )
            .await;
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Console errors and Content Security Policy violations since the last
    /// call, except a page's own error status (a 404 page, a form shown
    /// again with 422), which Chrome logs as "Failed to load resource".
    pub async fn problems(&self) -> Vec<String> {
        let current = self.client.current_url().await.expect("the URL");
        let mut problems = Vec::new();
        let csp = self
            .js("return window.__cspViolations || [];", vec![])
            .await;
        self.js("window.__cspViolations = [];", vec![]).await;
        for violation in csp.as_array().into_iter().flatten() {
            problems.push(format!(
                "CSP violation: {}",
                violation.as_str().unwrap_or_default()
            ));
        }
        let log = self
            .client
            .issue_cmd(SessionCommand {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await
            .expect("the browser's console log");
        for entry in log.as_array().into_iter().flatten() {
            let level = entry["level"].as_str().unwrap_or_default();
            let message = entry["message"].as_str().unwrap_or_default();
            let own_status = message.starts_with(current.as_str())
                && message
                    .contains("Failed to load resource: the server responded with a status of");
            if (level == "SEVERE" || level == "WARNING") && !own_status {
                problems.push(format!("console {level}: {message}"));
            }
        }
        problems
    }

    /// Fails when the console shows an error or a CSP violation.
    pub async fn assert_clean(&self, context: &str) {
        let problems = self.problems().await;
        assert!(
            problems.is_empty(),
            "{context} ({}):\n  {}",
            self.path().await,
            problems.join("\n  ")
        );
    }

    /// Registers through the form; the new user is then logged in.
    pub async fn register(&self, username: &str) {
        self.goto("/register").await;
        self.fill("#username", username).await;
        self.fill("#password", PASSWORD).await;
        self.fill("#password_confirm", PASSWORD).await;
        self.click("form[action='/register'] button[type=submit]")
            .await;
        assert_eq!(self.path().await, "/tasks", "registered {username}");
    }

    /// Logs in through the form.
    pub async fn log_in(&self, username: &str) {
        self.fill("#username", username).await;
        self.fill("#password", PASSWORD).await;
        self.click("form[action='/login'] button[type=submit]")
            .await;
    }

    /// Adds a task through the list's form and its Add button.
    pub async fn add_task(&self, title: &str) {
        self.fill("#title", title).await;
        self.click(".add-row button[type=submit]").await;
    }

    /// The `n`th task's row (from 1), as a CSS selector.
    pub fn row(n: usize) -> String {
        format!(".task-list > li:nth-child({n})")
    }
}

/// A WebDriver command on the current session that fantoccini has no
/// method for (chromedriver's log and DevTools endpoints).
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}
