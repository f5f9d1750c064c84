//! Several instances on one database, as behind a load balancer: any
//! request may land on any instance, so everything a request depends on
//! (the session and its key, CSRF tokens, login counters, tokens) lives in
//! the database, and the instances behave as one. Run on either backend;
//! the outage and start-up tests need PostgreSQL and skip on SQLite.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    Browser, PASSWORD, Server, TIMEOUT, TestDatabase, assert_redirect, on_postgres, spawn_app_on,
    spawn_binary, start_binary,
};
use crate::test_database::postgres_server_url;

/// Two `ticked serve` processes on one fresh database.
async fn two_instances() -> (TestDatabase, Server, Server) {
    let database = TestDatabase::new();
    let a = start_binary(database.dir(), database.url(), &[]).await;
    let b = start_binary(database.dir(), database.url(), &[]).await;
    (database, a, b)
}

/// The same browser (one cookie jar), its requests sent to `base`.
fn same_browser_at(browser: &Browser, base: &str) -> Browser {
    Browser {
        client: browser.client.clone(),
        base: base.to_owned(),
    }
}

/// The session cookie a response set.
fn session_cookie(response: &reqwest::Response) -> String {
    response
        .cookies()
        .find(|c| c.name() == "ticked_session")
        .expect("a session cookie")
        .value()
        .to_owned()
}

/// What `GET /tasks` on `base` answers to a copy of `cookie`.
async fn replay(base: &str, cookie: &str) -> StatusCode {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{base}/tasks"))
        .header("Cookie", format!("ticked_session={cookie}"))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_made_on_one_instance_works_on_another_and_a_logout_ends_it_on_both() {
    let (_database, a, b) = two_instances().await;
    let on_a = Browser::at(&a.base);
    let registered = on_a.register("alice", PASSWORD).await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let cookie = session_cookie(&registered);

    // The next requests land on B: the session, and the CSRF token kept
    // in it, are B's too.
    let on_b = same_browser_at(&on_a, &b.base);
    let id = on_b.add_task("added through B").await;
    assert_eq!(
        on_a.titles_on("/tasks").await,
        ["added through B"],
        "A sees what B wrote"
    );
    assert_eq!(
        on_a.get(&format!("/tasks/{id}")).await.status(),
        StatusCode::OK
    );

    // Logging out on B ends the session for A as well, even for a copy of
    // the cookie.
    assert_eq!(replay(&a.base, &cookie).await, StatusCode::OK);
    assert_redirect(&on_b.logout().await, "/");
    assert_eq!(replay(&a.base, &cookie).await, StatusCode::SEE_OTHER);
    assert_eq!(replay(&b.base, &cookie).await, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_disabled_on_one_instance_is_logged_out_of_every_instance_at_once() {
    let (_database, a, b) = two_instances().await;
    let admin = Browser::at(&a.base);
    assert_eq!(
        admin.register("admin", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let bob = Browser::at(&b.base);
    let registered = bob.register("bob", PASSWORD).await;
    let cookie = session_cookie(&registered);
    assert_eq!(replay(&b.base, &cookie).await, StatusCode::OK);

    let html = admin.page("/admin/users").await;
    let status_forms = crate::helpers::attribute(&html, "form[action$='/status']", "action");
    let bobs_form = status_forms.last().expect("a status form for bob");
    let response = admin
        .submit("/admin/users", bobs_form, &[("disabled", "true")])
        .await;
    assert_redirect(&response, "/admin/users");

    assert_eq!(replay(&b.base, &cookie).await, StatusCode::SEE_OTHER);
    assert_eq!(replay(&a.base, &cookie).await, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_count_toward_one_limit_across_instances() {
    let (_database, a, b) = two_instances().await;
    assert_eq!(
        Browser::at(&a.base)
            .register("alice", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // Ten failures, five on each instance: each has seen only five.
    for n in 0..10 {
        let server = if n % 2 == 0 { &a } else { &b };
        let response = Browser::at(&server.base)
            .login("alice", "wrong password")
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "try {n}"
        );
    }
    for server in [&a, &b] {
        let response = Browser::at(&server.base).login("alice", PASSWORD).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_on_an_empty_database_migrate_it_once() {
    let database = TestDatabase::new();
    let servers: Vec<Server> = (0..3)
        .map(|_| spawn_binary(database.dir(), database.url(), &[]))
        .collect();
    let mut healthy = Vec::new();
    for server in servers {
        healthy.push(server.healthy().await);
    }
    // Each one serves; an account made on one logs in on the others.
    let first = Browser::at(&healthy[0].base);
    assert_eq!(
        first.register("alice", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    for server in &healthy[1..] {
        let response = Browser::at(&server.base).login("alice", PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    // Each migration ran once: as many recorded as there are, and no
    // instance logged a failure (such as a table made twice).
    let folder = if database.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let migrations = std::fs::read_dir(format!(
        "{}/migrations/{folder}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .count();
    assert_eq!(
        database.number("SELECT COUNT(*) AS n FROM __diesel_schema_migrations"),
        i64::try_from(migrations).unwrap()
    );
    for server in &healthy {
        assert!(!server.log().contains("ERROR"), "{}", server.log());
    }
}

/// Runs SQL on the PostgreSQL server's maintenance database.
fn on_server(sql: &str) {
    ticked::db::establish(&postgres_server_url())
        .expect("the server answers")
        .batch_execute(sql)
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}

/// The database name at the end of a PostgreSQL URL.
fn name_of(url: &str) -> String {
    url::Url::parse(url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_is_not_there_at_start_is_waited_for() {
    if !on_postgres() {
        eprintln!("skipped: waiting for the database is a PostgreSQL matter");
        return;
    }
    let database = TestDatabase::postgres();
    let name = name_of(database.url());
    on_server(&format!("DROP DATABASE {name}"));

    let server = spawn_binary(database.dir(), database.url(), &[]);
    let start = Instant::now();
    while !server.log().contains("trying again") {
        assert!(
            start.elapsed() < TIMEOUT,
            "no retry logged: {}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(server.log().contains(&name), "the log names the database");

    on_server(&format!("CREATE DATABASE {name}"));
    let server = server.healthy().await;
    assert_eq!(
        Browser::at(&server.base)
            .register("alice", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_refuses_the_login_stops_the_server_at_once() {
    if !on_postgres() {
        eprintln!("skipped: logins to the database are a PostgreSQL matter");
        return;
    }
    let database = TestDatabase::postgres();
    let mut url = url::Url::parse(database.url()).unwrap();
    url.set_username("nobody_at_all").unwrap();
    let server = spawn_binary(database.dir(), url.as_str(), &[]);
    let log = server.log.clone();
    let status = server.exit_status().await;
    let log = std::fs::read_to_string(log).unwrap();
    assert!(
        status.is_some_and(|status| !status.success()),
        "the server stops by itself, failing: {log}"
    );
    assert!(log.contains("nobody_at_all"), "the log says why: {log}");
    assert!(!log.contains("trying again"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_away_requests_get_503_and_ticked_recovers_when_it_returns() {
    if !on_postgres() {
        eprintln!("skipped: a SQLite file does not go away");
        return;
    }
    let app = spawn_app_on(
        TestDatabase::postgres(),
        &[("DATABASE_CONNECT_TIMEOUT", "1s")],
    )
    .await;
    let (browser, api) = app.api_user("alice").await;
    browser.add_task("kept through the outage").await;
    let name = name_of(app.database.url());

    // The database refuses new connections and drops the open ones.
    on_server(&format!(
        "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    ));
    let page = browser.get("/tasks").await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.headers().contains_key("retry-after"));
    assert!(page.text().await.unwrap().contains("unavailable"));
    let json = api.get("/api/tasks").await;
    assert_eq!(json.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = json.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
    assert_eq!(
        browser.get("/healthz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );

    // Back again: the pool replaces its dead connections by itself.
    on_server(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"));
    let start = Instant::now();
    loop {
        let status = browser.get("/tasks").await.status();
        if status == StatusCode::OK {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(start.elapsed() < TIMEOUT, "ticked did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        browser.titles_on("/tasks").await,
        ["kept through the outage"]
    );
}
