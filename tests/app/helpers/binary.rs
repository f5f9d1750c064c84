//! The real `ticked` binary, as the tests run it: through the shared
//! harness (`tests/common/server.rs`) with the executable cargo built for
//! this test run, and the readers of what a run printed.

use std::path::Path;
use std::process::{Command, Output};

use reqwest::StatusCode;

use super::{Api, Browser, PASSWORD};
pub use crate::server::{Server, TIMEOUT};

/// The executable cargo built for this test run.
fn executable() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_ticked"))
}

/// `ticked` with an empty environment (but PATH), working in `dir`, reading
/// nothing from standard input.
pub fn ticked_in(dir: &Path) -> Command {
    crate::server::command(executable(), dir)
}

/// `ticked args` on the database `db` (a file path or a PostgreSQL URL),
/// working in `dir`.
pub fn ticked(dir: &Path, db: &str, args: &[&str]) -> Command {
    let mut command = ticked_in(dir);
    command.env("DATABASE_URL", db).args(args);
    command
}

/// `ticked serve` on `db` with `settings` added (BCRYPT_COST 4 and
/// RUST_LOG warn unless they say otherwise), not waited for.
pub fn spawn_binary(dir: &Path, db: &str, settings: &[(&str, &str)]) -> Server {
    Server::spawn(executable(), dir, db, settings)
}

/// Like [`spawn_binary`], and waits for its `/healthz`.
pub async fn start_binary(dir: &Path, db: &str, settings: &[(&str, &str)]) -> Server {
    Server::start(executable(), dir, db, settings).await
}

/// Registers `username` on the server at `base` and makes them a token.
pub async fn api_user_at(base: &str, username: &str) -> Api {
    let browser = Browser::at(base);
    let response = browser.register(username, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "registering");
    let token = browser.create_token("reliability", "never").await;
    Api::at(base, &token)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "ticked failed with {}: {}",
        output.status,
        stderr(output)
    );
}

/// Asserts a failure explained in one line of stderr containing `words`.
pub fn assert_fails_saying(output: &Output, words: &str) {
    let message = stderr(output);
    assert!(
        !output.status.success(),
        "ticked succeeded; stdout: {}",
        stdout(output)
    );
    assert_eq!(
        message.trim_end().lines().count(),
        1,
        "one line: {message:?}"
    );
    assert!(
        message.to_lowercase().contains(&words.to_lowercase()),
        "{message:?} says {words:?}"
    );
}
