//! The real `ticked` binary: `ticked user ...` from a terminal on the server,
//! bad settings stopping it at start, and `ticked serve` serving until
//! SIGTERM. Each run gets an empty environment (only PATH) and a temporary
//! working directory, so neither the developer's settings nor a `.env` file
//! of the repository leak in.

use std::io::Write;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestDatabase, assert_redirect, location, spawn_app_with};

/// How long any run of the binary may take before the test gives up on it.
const TIMEOUT: Duration = Duration::from_secs(10);
const NEW_PASSWORD: &str = "a brand new secret";

/// `ticked` with an empty environment (but PATH), working in `dir`, its
/// standard streams piped.
fn ticked(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ticked"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(dir)
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
        let _ = input.write_all(stdin.as_bytes());
    }
    if wait_for_exit(&mut child, TIMEOUT).is_none() {
        let _ = child.kill();
        let output = child.wait_with_output().expect("the killed child's output");
        panic!(
            "ticked still ran after {TIMEOUT:?}; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    child.wait_with_output().expect("the child's output")
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

/// A free port on 127.0.0.1 (free when this returns, at least).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("a local address").port()
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
struct Server {
    database: TestDatabase,
}

impl Server {
    fn new() -> Self {
        Self {
            database: TestDatabase::new(),
        }
    }

    /// `ticked args` on this database, bcrypt at its lowest cost.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = ticked(self.database.dir());
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

    /// Like [`Server::run`], off the async test's thread.
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
    async fn web(&self) -> crate::helpers::TestApp {
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

// `ticked user create`

#[tokio::test]
async fn an_administrator_created_on_the_command_line_can_log_in_and_administer() {
    let server = Server::new();
    let output = server
        .run_in_background(
            &["user", "create", "boss", "--admin"],
            &format!("{PASSWORD}\n"),
        )
        .await;
    assert_success(&output);
    assert_eq!(stdout(&output).trim(), "Created administrator boss.");
    assert!(
        !stdout(&output).contains(PASSWORD),
        "the password is never printed"
    );

    let app = server.web().await;
    let browser = app.browser();
    assert_redirect(&browser.login("boss", PASSWORD).await, "/tasks");
    assert_eq!(browser.get("/admin/users").await.status(), StatusCode::OK);
}

#[test]
fn the_first_account_is_an_administrator_even_without_admin_and_the_second_is_not() {
    let server = Server::new();
    assert_eq!(
        server.create("first", PASSWORD, false).trim(),
        "Created administrator first."
    );
    assert_eq!(
        server.create("second", PASSWORD, false).trim(),
        "Created user second."
    );
    let accounts: Vec<_> = server
        .accounts()
        .into_iter()
        .map(|a| (a.username, a.is_admin))
        .collect();
    assert_eq!(
        accounts,
        [("first".to_owned(), true), ("second".to_owned(), false)]
    );
}

#[tokio::test]
async fn a_plain_user_created_on_the_command_line_logs_in_but_cannot_administer() {
    let server = Server::new();
    server.create("first", PASSWORD, false);
    server.create("second", PASSWORD, false);

    let app = server.web().await;
    let browser = app.browser();
    assert_redirect(&browser.login("second", PASSWORD).await, "/tasks");
    assert_eq!(
        browser.get("/admin/users").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[test]
fn a_taken_name_in_another_case_is_refused_and_the_account_is_untouched() {
    let server = Server::new();
    server.create("Alice", PASSWORD, true);
    let before = server.accounts();

    let output = server.run(&["user", "create", "aLICE"], &format!("{NEW_PASSWORD}\n"));
    assert_fails_saying(&output, "taken");
    assert!(stdout(&output).is_empty());

    let after = server.accounts();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].username, "Alice");
    assert_eq!(after[0].password_hash, before[0].password_hash);
}

#[test]
fn a_bad_username_is_refused_and_creates_nothing() {
    let server = Server::new();
    for name in ["al", "bad name!", &"x".repeat(33), "<b>x</b>"] {
        let output = server.run(&["user", "create", name], &format!("{PASSWORD}\n"));
        assert_fails_saying(&output, "username");
    }
    assert!(server.accounts().is_empty());
}

#[test]
fn a_bad_password_is_refused_and_creates_nothing() {
    let server = Server::new();
    for (password, words) in [
        ("short", "at least 8"),
        ("", "at least 8"),
        ("alice123", "not be the username"),
        (&"x".repeat(73), "at most 72"),
    ] {
        let output = server.run(&["user", "create", "alice123"], &format!("{password}\n"));
        assert_fails_saying(&output, words);
    }
    assert!(server.accounts().is_empty());
}

#[test]
fn only_the_first_line_of_stdin_is_the_password() {
    let server = Server::new();
    server.create("alice", &format!("{PASSWORD}\r\nsomething else"), false);
    let hash = &server.accounts()[0].password_hash;
    assert!(bcrypt::verify(PASSWORD, hash).expect("a bcrypt hash"));
}

// `ticked user reset-password`

#[tokio::test]
async fn a_password_reset_on_the_command_line_replaces_the_password_and_ends_sessions() {
    let server = Server::new();
    server.create("admin", PASSWORD, true);
    server.create("carol", PASSWORD, false);
    let app = server.web().await;
    let carol = app.browser();
    assert_redirect(&carol.login("carol", PASSWORD).await, "/tasks");
    assert_eq!(carol.get("/tasks").await.status(), StatusCode::OK);
    let admin = app.browser();
    assert_redirect(&admin.login("admin", PASSWORD).await, "/tasks");

    // Found ignoring case, like a login.
    let output = server
        .run_in_background(
            &["user", "reset-password", "CAROL"],
            &format!("{NEW_PASSWORD}\n"),
        )
        .await;
    assert_success(&output);
    assert!(stdout(&output).contains("Set a new password for carol"));

    let ended = carol.get("/tasks").await;
    assert_eq!(ended.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&ended).starts_with("/login"),
        "{}",
        location(&ended)
    );

    let old = app.browser().login("carol", PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_redirect(&app.browser().login("carol", NEW_PASSWORD).await, "/tasks");

    // Nobody else was logged out.
    assert_eq!(admin.get("/tasks").await.status(), StatusCode::OK);
}

#[test]
fn a_password_reset_for_an_unknown_name_fails_and_changes_nothing() {
    let server = Server::new();
    server.create("alice", PASSWORD, false);
    let before = server.accounts()[0].password_hash.clone();

    let output = server.run(
        &["user", "reset-password", "nobody"],
        &format!("{NEW_PASSWORD}\n"),
    );
    assert_fails_saying(&output, "no user named nobody");
    assert!(stdout(&output).is_empty());
    assert_eq!(server.accounts()[0].password_hash, before);
}

#[test]
fn a_too_short_new_password_is_refused_and_the_old_one_stays() {
    let server = Server::new();
    server.create("alice", PASSWORD, false);
    let before = server.accounts()[0].password_hash.clone();

    let output = server.run(&["user", "reset-password", "alice"], "short\n");
    assert_fails_saying(&output, "at least 8");
    assert_eq!(server.accounts()[0].password_hash, before);
}

// `ticked seed`

#[tokio::test]
async fn seed_fills_an_empty_database_with_users_who_can_log_in() {
    let server = Server::new();
    let output = server.run(
        &[
            "seed",
            "--users",
            "3",
            "--tasks-per-user",
            "5",
            "--big-user-tasks",
            "60",
        ],
        "",
    );
    assert_success(&output);
    assert!(stderr(&output).contains("of 75 tasks"), "progress is shown");
    let accounts = server.accounts();
    assert_eq!(accounts.len(), 4);
    assert!(accounts[0].is_admin);
    let web = server.web().await;
    let big = web.browser();
    assert_redirect(
        &big.login("big", ticked::seed::SEED_PASSWORD).await,
        "/tasks",
    );
    assert!(
        big.page("/tasks?page=2")
            .await
            .contains("Page 2 of 2 (60 tasks)")
    );

    let again = server.run(&["seed", "--users", "1"], "");
    assert_fails_saying(&again, "already has");
}

// Start-up

#[test]
fn each_bad_setting_stops_the_server_at_once_with_one_line_naming_it() {
    for (name, value) in [
        ("BCRYPT_COST", "abc"),
        ("REGISTRATION", "maybe"),
        ("SESSION_KEY", "short"),
        ("PUBLIC_URL", "notaurl"),
        ("BIND", "nonsense"),
        ("TZ", "Mars/Base"),
        ("RUST_LOG", "ticked=loud"),
    ] {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut command = ticked(dir.path());
        // Everything else valid, and on port 0, so that a setting that slips
        // through makes a server that the timeout catches, not a clash.
        command
            .env("BIND", "127.0.0.1:0")
            .env("BCRYPT_COST", "4")
            .env(name, value);
        let output = run(command, "");
        assert_fails_saying(&output, name);
        // The bad value is shown, except a secret.
        assert_eq!(
            stderr(&output).contains(value),
            name != "SESSION_KEY",
            "{name}={value}: {}",
            stderr(&output)
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("the directory reads")
            .collect();
        assert!(left.is_empty(), "{name}={value} made files: {left:?}");
    }
}

#[test]
fn a_database_file_that_cannot_be_opened_stops_the_server_at_once() {
    // Waiting is for a database server that may come back; a file in a
    // directory that does not exist will not.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("no such directory").join("ticked.db");
    let mut command = ticked(dir.path());
    command
        .arg("serve")
        .env("DATABASE_URL", &missing)
        .env("BIND", "127.0.0.1:0")
        .env("BCRYPT_COST", "4");
    let output = run(command, "");
    assert_fails_saying(&output, "cannot open the database file");
}

#[test]
fn a_port_in_use_stops_the_server_with_one_line_naming_the_address() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = taken.local_addr().expect("a local address").to_string();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut command = ticked(dir.path());
    command.env("BIND", &address).env("BCRYPT_COST", "4");
    let output = run(command, "");
    assert_fails_saying(&output, &address);
}

/// Kills the server if the test fails before it stopped by itself.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[tokio::test]
async fn serve_answers_until_sigterm_then_exits_cleanly_with_its_database_in_the_working_directory()
{
    let dir = tempfile::tempdir().expect("a temporary directory");
    let port = free_port();
    let log = std::fs::File::create(dir.path().join("server.log")).expect("a log file");
    let mut command = ticked(dir.path());
    command
        .arg("serve")
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("BCRYPT_COST", "4")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    let mut server = Running(command.spawn().expect("the ticked binary starts"));
    let log = || std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();

    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/healthz");
    let start = Instant::now();
    loop {
        if let Ok(response) = client.get(&url).send().await
            && response.status() == StatusCode::OK
            && response.text().await.is_ok_and(|body| body.trim() == "ok")
        {
            break;
        }
        assert!(
            matches!(server.0.try_wait(), Ok(None)),
            "the server exited early: {}",
            log()
        );
        assert!(
            start.elapsed() < TIMEOUT,
            "no /healthz within {TIMEOUT:?}: {}",
            log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        dir.path().join("ticked.db").is_file(),
        "ticked.db in the working directory"
    );

    let pid = server.0.id().to_string();
    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(&pid)
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let stopped = Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        let status = wait_for_exit(&mut server.0, TIMEOUT);
        (status, server)
    })
    .await
    .expect("waiting finishes")
    .0;
    let status =
        status.unwrap_or_else(|| panic!("still running {TIMEOUT:?} after SIGTERM: {}", log()));
    assert!(
        status.success(),
        "exit status {status} after SIGTERM: {}",
        log()
    );
    assert!(
        stopped.elapsed() < TIMEOUT,
        "took {:?} to stop",
        stopped.elapsed()
    );
    drop(client);
}
