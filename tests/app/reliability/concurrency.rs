//! Concurrency: 64 clients writing at once, through the API and the forms,
//! never see a 5xx or "database is locked", and every write is stored once.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;

use super::writers::{Client, Crowd, missing, stored_tasks};
use crate::helpers::{PASSWORD, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_clients_writing_at_once_never_see_a_5xx_or_a_locked_database() {
    const WRITERS: usize = 64;
    let app = spawn_app().await;
    let mut apis = Vec::new();
    for name in ["alice", "bob"] {
        let (_, api) = app.api_user(name).await;
        apis.push((name.to_owned(), Arc::new(api)));
    }

    // Every client is ready (form clients logged in, each with a session
    // of its own) before any starts writing, so that all 64 write at once.
    let mut clients = Vec::new();
    for w in 0..WRITERS {
        let (owner, api) = &apis[w % apis.len()];
        let client = if w % 4 < 2 {
            Client::Api(Arc::clone(api))
        } else {
            let browser = app.browser();
            let response = browser.login(owner, PASSWORD).await;
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "logging in");
            let csrf = browser.csrf_token("/tasks").await;
            Client::Form(browser, csrf)
        };
        clients.push((owner.clone(), format!("client{w}"), client));
    }

    let mut crowd = Crowd::default();
    for (owner, name, client) in clients {
        crowd.add(client, &owner, name);
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    let tally = crowd.stop("a writer finishes its last request").await;

    assert!(
        tally.unexpected.is_empty(),
        "{} unexpected answers, e.g. {:#?}",
        tally.unexpected.len(),
        &tally.unexpected[..tally.unexpected.len().min(5)]
    );
    assert_eq!(tally.no_answer, 0, "requests without an answer");
    assert!(tally.acked.len() >= WRITERS, "every client wrote");
    let stored = stored_tasks(app.database.url());
    let lost = missing(&tally.acked, &stored);
    assert!(lost.is_empty(), "acknowledged but missing: {lost:?}");
    assert_eq!(
        stored.len(),
        tally.acked.len(),
        "no write twice, none unasked"
    );
    eprintln!(
        "concurrency: {WRITERS} clients, {} writes in 3 s",
        tally.acked.len()
    );
}
