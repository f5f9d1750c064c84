//! Start-up of the real binary: each bad setting stops it at once with one
//! line naming it, and `ticked serve` serves until SIGTERM, then exits
//! cleanly.

use std::net::TcpListener;
use std::time::Instant;

use reqwest::StatusCode;

use super::{TIMEOUT, piped, run};
use crate::helpers::{Server, assert_fails_saying, stderr, ticked_in};

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
        let mut command = piped(dir.path());
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
    let mut command = piped(dir.path());
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
    let mut command = piped(dir.path());
    command.env("BIND", &address).env("BCRYPT_COST", "4");
    let output = run(command, "");
    assert_fails_saying(&output, &address);
}

#[tokio::test]
async fn serve_answers_until_sigterm_then_exits_cleanly_with_its_database_in_the_working_directory()
{
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut command = ticked_in(dir.path());
    command.arg("serve").env("BCRYPT_COST", "4");
    let server = Server::launch(command, dir.path())
        .healthy_within(TIMEOUT)
        .await;
    let log_file = server.log.clone();
    let log = || std::fs::read_to_string(&log_file).unwrap_or_default();
    let health = reqwest::get(server.url("/healthz"))
        .await
        .expect("/healthz answers");
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.text().await.expect("a body").trim(), "ok");
    assert!(
        dir.path().join("ticked.db").is_file(),
        "ticked.db in the working directory"
    );

    server.terminate();
    let stopped = Instant::now();
    let status = server
        .exit_status()
        .await
        .unwrap_or_else(|| panic!("still running {TIMEOUT:?} after SIGTERM: {}", log()));
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
}
