//! The real `ticked` binary: `ticked user ...` from a terminal on the server,
//! `ticked seed`, bad settings stopping it at start, and `ticked serve`
//! serving until SIGTERM. Each run gets an empty environment (only PATH) and
//! a temporary working directory, so neither the developer's settings nor a
//! `.env` file of the repository leak in.

mod seed;
mod startup;
mod users;

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::helpers::{TestApp, TestDatabase, assert_success, spawn_app_with, stdout, ticked_in};

/// How long any run of the binary may take before the test gives up on it.
const TIMEOUT: Duration = Duration::from_secs(10);
const NEW_PASSWORD: &str = "a brand new secret";

/// `ticked` with an empty environment (but PATH), working in `dir`, its
/// standard streams piped.
fn piped(dir: &Path) -> Command {
    let mut command = ticked_in(dir);
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Waits up to `timeout` for `child` to exit.
fn wait_for_exit(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited on") {
            return Some(status);
        }
        if start.elapsed() > timeout {
            return None;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Runs `command` with `stdin` as its standard input and returns what it
/// printed; fails the test if it is still running after [`TIMEOUT`].
fn run(mut command: Command, stdin: &str) -> Output {
    let mut child = command.spawn().expect("the ticked binary starts");
    if let Some(mut input) = child.stdin.take() {
        // The program may exit before reading (a bad username): a broken
        // pipe here is its business, not the test's.
        drop(input.write_all(stdin.as_bytes()));
    }
    if wait_for_exit(&mut child, TIMEOUT).is_none() {
        drop(child.kill());
        let output = child.wait_with_output().expect("the killed child's output");
        panic!(
            "ticked still ran after {TIMEOUT:?}; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    child.wait_with_output().expect("the child's output")
}

#[derive(Debug, QueryableByName)]
struct Account {
    #[diesel(sql_type = Text)]
    username: String,
    #[diesel(sql_type = Bool)]
    is_admin: bool,
    #[diesel(sql_type = Text)]
    password_hash: String,
}

/// A working directory with a database of its own, for `ticked user`.
struct Install {
    database: TestDatabase,
}

impl Install {
    fn new() -> Self {
        Self {
            database: TestDatabase::new(),
        }
    }

    /// `ticked args` on this database, bcrypt at its lowest cost.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = piped(self.database.dir());
        command
            .args(args)
            .env("DATABASE_URL", self.database.url())
            .env("BIND", "127.0.0.1:0")
            .env("BCRYPT_COST", "4");
        command
    }

    /// Runs `ticked args` with `stdin` as standard input.
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        run(self.command(args), stdin)
    }

    /// Like [`Install::run`], off the async test's thread.
    async fn run_in_background(&self, args: &[&str], stdin: &str) -> Output {
        let command = self.command(args);
        let stdin = stdin.to_owned();
        tokio::task::spawn_blocking(move || run(command, &stdin))
            .await
            .expect("the run finishes")
    }

    /// Creates an account from the command line, asserting it worked.
    fn create(&self, name: &str, password: &str, admin: bool) -> String {
        let mut args = vec!["user", "create", name];
        if admin {
            args.push("--admin");
        }
        let output = self.run(&args, &format!("{password}\n"));
        assert_success(&output);
        stdout(&output)
    }

    /// The web app on this database.
    async fn web(&self) -> TestApp {
        spawn_app_with(&[("DATABASE_URL", self.database.url())]).await
    }

    /// Every account, oldest first, read from the database itself.
    fn accounts(&self) -> Vec<Account> {
        let mut conn = self.database.conn();
        diesel::sql_query("SELECT username, is_admin, password_hash FROM users ORDER BY id")
            .load(&mut conn)
            .expect("the users table reads")
    }
}
