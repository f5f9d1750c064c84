//! Chromium and chromedriver: found on the machine (or their absence said
//! loudly), chromedriver run on a free port, and a fresh headless window
//! opened on the app.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use serde_json::{Value, json};

use super::page::Page;
use super::{PATIENCE, TestApp, skip};
use crate::server::free_port;

/// A program named by an environment variable, or the first of `names` on
/// the `PATH`.
fn find_program(variable: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let dirs = std::env::var_os("PATH")?;
    std::env::split_paths(&dirs)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|path| path.is_file())
}

/// The browser and its WebDriver server.
pub struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Tools {
    /// Chromium and chromedriver, or `None` after a loud message when either
    /// is missing (a failure with `CI=true`).
    pub fn find() -> Option<Self> {
        let chromium = find_program(
            "CHROME_BIN",
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let chromedriver = find_program("CHROMEDRIVER", &["chromedriver"]);
        match (chromium, chromedriver) {
            (Some(chromium), Some(chromedriver)) => Some(Self {
                chromium,
                chromedriver,
            }),
            (chromium, _) => {
                let missing = if chromium.is_none() {
                    "Chromium (`chromium` on the PATH, or CHROME_BIN)"
                } else {
                    "chromedriver (on the PATH, or CHROMEDRIVER)"
                };
                skip(&format!(
                    "browser tests need {missing}, which is not installed"
                ));
                None
            }
        }
    }
}

/// A running chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    chromium: PathBuf,
}

impl Driver {
    /// Finds the tools and starts chromedriver; `None` when the tools are
    /// missing (and this is not CI).
    pub async fn start() -> Option<Self> {
        let tools = Tools::find()?;
        let port = free_port();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Self {
            child,
            port,
            chromium: tools.chromium,
        };
        let deadline = Instant::now() + PATIENCE;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Some(driver)
    }

    /// A new headless Chromium window with a fresh profile, on `app`.
    pub async fn open(&self, app: &TestApp) -> Page {
        let profile = tempfile::tempdir().expect("a profile directory");
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": self.chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--hide-scrollbars",
                    "--lang=en-US",
                    "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
            // Console messages, CSP reports among them, for `problems`.
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object")
        };
        let mut builder = ClientBuilder::rustls().expect("TLS roots for the WebDriver client");
        builder.capabilities(capabilities);
        let client = builder
            .connect(&format!("http://127.0.0.1:{}/", self.port))
            .await
            .expect("chromedriver opens a Chromium session");
        let session = client
            .session_id()
            .await
            .expect("the session id")
            .expect("a session");
        let page = Page {
            client,
            base: app.address.clone(),
            driver_port: self.port,
            session,
            _profile: profile,
        };
        page.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": WATCH_VIOLATIONS }),
        )
        .await;
        page.set_viewport(1280, 800).await;
        page
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        drop(self.child.kill());
        drop(self.child.wait());
    }
}

/// Runs in every document before its own content: records Content
/// Security Policy violations, including those during load, which a
/// listener added later would miss.
const WATCH_VIOLATIONS: &str = r"
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || location.href}:${e.lineNumber}`);
});
";
