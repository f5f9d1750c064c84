//! Graceful shutdown: SIGTERM lets the requests in flight finish, then the
//! server exits 0.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::helpers::{Browser, PASSWORD, TIMEOUT, TestDatabase, start_binary};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_the_requests_in_flight_finish_then_exits_0() {
    const LOGINS: usize = 6;
    let database = TestDatabase::new();
    let (dir, db) = (database.dir(), database.url());
    // The production cost: each login hashes for a good fraction of a
    // second, and only a few hash at once, so the logins queue up.
    let server = start_binary(dir, db, &[("BCRYPT_COST", "12")]).await;
    let first = Browser::at(&server.base);
    assert_eq!(
        first.register("alice", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    let mut logins = Vec::new();
    for _ in 0..LOGINS {
        let browser = Browser::at(&server.base);
        let csrf = browser.csrf_token("/login").await;
        logins.push(tokio::spawn(async move {
            let response = browser
                .client
                .post(browser.url("/login"))
                .form(&[
                    ("csrf_token", csrf.as_str()),
                    ("username", "alice"),
                    ("password", PASSWORD),
                ])
                .send()
                .await;
            (response, Instant::now())
        }));
    }
    // A fresh connection answered after the logins' were opened shows that
    // the server has accepted theirs (the kernel hands them over in order).
    // The wait gives each login time to be sent even on a machine busy
    // with other tests; six logins hash one after another for well over
    // that, so some are still being worked on at SIGTERM.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let probe = reqwest::Client::new()
        .get(server.url("/healthz"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(probe.status(), StatusCode::OK);

    let terminated = Instant::now();
    server.terminate();
    let mut last_answer = terminated;
    for login in logins {
        let (response, answered) = tokio::time::timeout(TIMEOUT, login)
            .await
            .expect("a login in flight is answered")
            .expect("the login task finishes");
        let response = response.expect("a login in flight gets its answer, not a reset");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            response.headers()[LOCATION].to_str().unwrap(),
            "/tasks",
            "logged in"
        );
        last_answer = last_answer.max(answered);
    }
    assert!(
        last_answer > terminated,
        "some logins were still being worked on at SIGTERM"
    );
    let log = server.log();
    let status = server
        .exit_status()
        .await
        .unwrap_or_else(|| panic!("still running {TIMEOUT:?} after SIGTERM: {log}"));
    assert!(
        status.success(),
        "exit status {status} after SIGTERM: {log}"
    );
    eprintln!(
        "graceful shutdown: {LOGINS} logins finished {:?} after SIGTERM",
        last_answer - terminated
    );
}
