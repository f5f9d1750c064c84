//! Real-browser tests: the real app on a free port, driven through headless
//! Chromium by chromedriver (WebDriver), the way people use it.
//!
//! Each test starts its own chromedriver and its own ticked with a fresh
//! database (SQLite, or PostgreSQL with `TICKED_TEST_DATABASE=postgres`).
//! Without Chromium or chromedriver on the machine the tests say so loudly
//! and pass, so that `cargo test` works anywhere; with
//! `CI=true` a missing browser is a failure. The accessibility checks load
//! axe-core from `node_modules/` (`npm install --no-save axe-core@4`, as
//! `.ci/run` does), under the same rule.
//!
//! Besides asserting, the page tour leaves two things behind: the HTML of
//! every main page in `target/html-pages/` (for the Nu HTML checker that
//! `.ci/run` runs), and screenshots in `target/screenshots/` (or in
//! `docs/screenshots/` with `UPDATE_SCREENSHOTS=1`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed one is a failed test, with its location

mod checks;
mod due;
mod flows;
mod harness;
mod keyboard;
mod pages;
mod repeat;
mod richer;
mod sharing;
// Shared with tests/app and examples/bench; the browser tests need less.
#[allow(dead_code)]
#[path = "../common/server.rs"]
mod server;
// Shared with tests/app, which uses all of it; the browser tests need less.
#[allow(dead_code)]
#[path = "../common/test_database.rs"]
mod test_database;
