//! Durability: a write acknowledged before `kill -9` is there after a
//! restart, and the SQLite file is sound.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};

use super::writers::{Crowd, integrity, missing, stored_tasks};
use crate::helpers::{Api, TestDatabase, api_user_at, start_binary};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_acknowledged_before_a_kill_9_is_there_after_a_restart() {
    let database = TestDatabase::new();
    let (dir, db) = (database.dir(), database.url());
    let mut server = start_binary(dir, db, &[]).await;
    let api = Arc::new(api_user_at(&server.base, "alice").await);

    let crowd = Crowd::of_api_writers(&api, "alice", 8);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Mid-stream: every writer has a request on the wire or about to be.
    server.kill_9();
    let tally = crowd.stop("the writers notice the server is gone").await;
    assert!(tally.unexpected.is_empty(), "{:#?}", tally.unexpected);
    assert!(
        tally.acked.len() >= 8,
        "the writers got going before the kill: {} writes",
        tally.acked.len()
    );

    // The same file, a new process: recovery replays the WAL.
    let server = start_binary(dir, db, &[]).await;
    let stored = stored_tasks(db);
    let lost = missing(&tally.acked, &stored);
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes were lost after kill -9: {:?}",
        lost.len(),
        tally.acked.len(),
        &lost[..lost.len().min(10)]
    );
    if !database.is_postgres() {
        assert_eq!(integrity(&database.sqlite_path()), "ok");
    }
    // And the restarted server serves them.
    let api = Api {
        base: server.base.clone(),
        ..Arc::try_unwrap(api).ok().expect("the writers are done")
    };
    let response = api
        .request(Method::GET, "/api/tasks?limit=1")
        .send()
        .await
        .expect("the restarted server answers");
    assert_eq!(response.status(), StatusCode::OK);
    let total: usize = response.headers()["X-Total-Count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        total >= tally.acked.len(),
        "{total} < {}",
        tally.acked.len()
    );
    eprintln!(
        "durability: {} acknowledged writes, {} unanswered, all there after kill -9",
        tally.acked.len(),
        tally.no_answer
    );
}
