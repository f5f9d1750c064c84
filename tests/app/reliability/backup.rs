//! Backups: `ticked backup` copies the database consistently while writes
//! go on, and never overwrites a file.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use super::writers::{Crowd, integrity, missing, stored_tasks};
use crate::helpers::{Api, PASSWORD, TestDatabase, spawn_app_on, start_binary, ticked};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_write_load_is_sound_and_holds_every_earlier_write() {
    // `ticked backup` copies a SQLite file; PostgreSQL has pg_dump.
    let app = spawn_app_on(TestDatabase::sqlite(), &[]).await;
    let (_, api) = app.api_user("alice").await;
    let api = Arc::new(api);
    let crowd = Crowd::of_api_writers(&api, "alice", 8);
    tokio::time::sleep(Duration::from_millis(700)).await;

    let before = crowd.acked();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let copy = dir.path().join("backup.db");
    let command = ticked(
        dir.path(),
        app.database.url(),
        &["backup", copy.to_str().unwrap()],
    );
    let output = tokio::task::spawn_blocking(move || {
        let mut command = command;
        command.output()
    })
    .await
    .unwrap()
    .expect("ticked backup runs");
    let written_meanwhile = crowd.acked().len() - before.len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let tally = crowd.stop("a writer finishes").await;

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "ticked backup failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("backing up "), "{stdout}");
    assert!(
        lines[0].ends_with(&format!(" to {}", copy.display())),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("done: ") && lines[1].contains(" bytes in "),
        "{stdout}"
    );
    assert!(tally.unexpected.is_empty(), "{:#?}", tally.unexpected);
    assert!(
        tally.acked.len() > before.len(),
        "writes went on after the backup started"
    );

    assert_eq!(integrity(&copy), "ok");
    let in_copy = stored_tasks(copy.to_str().unwrap());
    let lost = missing(&before, &in_copy);
    assert!(
        lost.is_empty(),
        "{} writes acknowledged before the backup are not in it: {:?}",
        lost.len(),
        &lost[..lost.len().min(10)]
    );
    // A snapshot, not a smear: it is some prefix of the writes, and a
    // restore of it serves them.
    assert!(in_copy.len() <= tally.acked.len());
    let restored_dir = tempfile::tempdir().expect("a temporary directory");
    let restored = restored_dir.path().join("ticked.db");
    std::fs::copy(&copy, &restored).expect("the backup copies");
    let server = start_binary(restored_dir.path(), restored.to_str().unwrap(), &[]).await;
    let api = Api {
        base: server.base.clone(),
        client: reqwest::Client::new(),
        token: api.token.clone(),
    };
    let response = api
        .request(Method::GET, "/api/tasks?limit=1")
        .send()
        .await
        .expect("the restored server answers");
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the token is restored too"
    );
    assert_eq!(
        response.headers()["X-Total-Count"].to_str().unwrap(),
        in_copy.len().to_string()
    );
    eprintln!(
        "backup: {} writes before it, {written_meanwhile} during it, {} in the copy",
        before.len(),
        in_copy.len()
    );
}

#[test]
fn a_backup_never_overwrites_an_existing_file() {
    let database = TestDatabase::sqlite();
    let (dir, db) = (database.dir(), database.url());
    std::fs::write(dir.join("old.db"), b"last week's backup").unwrap();
    // Any database will do; `ticked user create` makes one.
    let mut create = ticked(dir, db, &["user", "create", "alice"]);
    create
        .env("BCRYPT_COST", "4")
        .stdin(Stdio::piped())
        .stdout(Stdio::null());
    let mut child = create.spawn().unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        format!("{PASSWORD}\n").as_bytes(),
    )
    .unwrap();
    assert!(child.wait().unwrap().success());

    let output = ticked(dir, db, &["backup", "old.db"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(
        std::fs::read(dir.join("old.db")).unwrap(),
        b"last week's backup"
    );
}
