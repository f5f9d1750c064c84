//! The harness: find Chromium and chromedriver, run chromedriver on a free
//! port, start ticked on another, and open [`Page`]s, browser windows with
//! the few helpers that make the tests read like what a person does.

mod driver;
mod page;

use std::io::Write;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

pub use self::driver::Driver;
pub use self::page::Page;
use crate::server::start_in_process;
use crate::test_database::TestDatabase;

pub const PASSWORD: &str = "correct horse battery";

/// How long a page may take to do what a test waits for.
const PATIENCE: Duration = Duration::from_secs(15);

/// `CI=true`, as `.ci/run` is run: what is missing fails instead of skipping.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// Says loudly that a test does not run here, or fails it in CI.
pub fn skip(reason: &str) {
    assert!(
        !in_ci(),
        "{reason}. CI=true, so the browser tests must run: see .ci/run."
    );
    // Once per reason, straight to the terminal: `cargo test` would swallow
    // `eprintln!` from a test that passes.
    static SHOWN: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut shown = SHOWN.lock().unwrap_or_else(PoisonError::into_inner);
    if shown.iter().any(|r| r == reason) {
        return;
    }
    shown.push(reason.to_owned());
    let bar = "!".repeat(76);
    drop(write!(
        std::io::stderr(),
        "\n{bar}\n!! SKIPPED: {reason}.\n!! These checks did NOT run. On Debian: \
         apt-get install chromium chromium-driver; npm install --no-save axe-core@4\n{bar}\n\n"
    ));
}

/// ticked on a free port with its own database (SQLite, or PostgreSQL with
/// `TICKED_TEST_DATABASE=postgres`), bcrypt at its lowest cost, started as
/// `tests/app` starts it (`tests/common/server.rs`).
pub struct TestApp {
    pub address: String,
    _database: TestDatabase,
}

pub async fn spawn_app() -> TestApp {
    let database = TestDatabase::new();
    let address = start_in_process(database.url(), &[]).await;
    TestApp {
        address,
        _database: database,
    }
}
