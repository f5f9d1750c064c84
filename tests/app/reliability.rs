//! Reliability: what SPEC.md promises under crashes, load and hostile input.
//!
//! - a write acknowledged before `kill -9` is there after a restart;
//! - 64 clients writing at once never see a 5xx or "database is locked";
//! - SIGTERM lets the requests in flight finish, then exits 0;
//! - malformed requests to every route are refused with a 4xx that says
//!   why, change nothing, and leave the server answering;
//! - `ticked backup` copies the database consistently while writes go on.
//!
//! Every test is bounded: writers run for a fixed time, every wait on the
//! real binary has a timeout, and a server left running is killed on drop.
//! `RELIABILITY_TRACE=1 cargo test malformed -- --nocapture` prints the
//! answer to every malformed request.

use std::collections::HashMap;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{Api, Browser, PASSWORD, TestApp, TestDatabase, spawn_app, spawn_app_on};
use crate::process::{Server, TIMEOUT, api_user_at, browser_at, ticked};

// ---------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------

/// A write the server answered with success: the task's id (when the
/// answer names it) and its title, which is unique within a test.
#[derive(Debug, Clone)]
struct Acked {
    id: Option<i64>,
    title: String,
    owner: String,
}

/// What a crowd of writers saw.
#[derive(Debug, Default)]
struct Tally {
    acked: Vec<Acked>,
    /// Answers that were neither success nor expected: "status: body".
    unexpected: Vec<String>,
    /// Requests that got no answer at all.
    no_answer: usize,
}

type Shared = Arc<Mutex<Tally>>;

/// The id at the end of a `Location` header.
fn id_in_location(response: &reqwest::Response) -> Option<i64> {
    response
        .headers()
        .get(LOCATION)?
        .to_str()
        .ok()?
        .rsplit('/')
        .next()?
        .parse()
        .ok()
}

/// Records one answer to a create; `Err` when there was none.
async fn record(
    tally: &Shared,
    sent: reqwest::Result<reqwest::Response>,
    success: StatusCode,
    title: String,
    owner: &str,
) -> Result<(), ()> {
    let Ok(response) = sent else {
        tally.lock().unwrap().no_answer += 1;
        return Err(());
    };
    let status = response.status();
    let id = id_in_location(&response);
    // The body is read whatever the status, to look for a leaked SQLite
    // error; a body cut short by a crash does not undo the answer's status.
    let body = response.text().await.unwrap_or_default();
    let mut tally = tally.lock().unwrap();
    if status == success && !body.contains("database is locked") {
        tally.acked.push(Acked {
            id,
            title,
            owner: owner.to_owned(),
        });
    } else {
        tally
            .unexpected
            .push(format!("{status} for {title:?}: {body:.300}"));
    }
    Ok(())
}

/// Creates tasks through the API until `stop`, or until the server stops
/// answering.
async fn api_writer(
    api: Arc<Api>,
    owner: String,
    name: String,
    stop: Arc<AtomicBool>,
    tally: Shared,
) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let title = format!("{name}-{n}");
        let sent = api
            .request(Method::POST, "/api/tasks")
            .json(&json!({"title": title, "notes": "written under load"}))
            .send()
            .await;
        if record(&tally, sent, StatusCode::CREATED, title, &owner)
            .await
            .is_err()
        {
            return;
        }
    }
}

/// One of many clients writing at once: a script with a token, or a
/// browser with its session and that session's CSRF token.
enum Client {
    Api(Arc<Api>),
    Form(Browser, String),
}

/// Adds tasks through the list's form, with its CSRF token, until `stop`.
async fn form_writer(
    browser: Browser,
    csrf: String,
    owner: String,
    name: String,
    stop: Arc<AtomicBool>,
    tally: Shared,
) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let title = format!("{name}-{n}");
        let sent = browser
            .client
            .post(browser.url("/tasks"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("title", title.as_str()),
                ("return_to", "/tasks?filter=active"),
            ])
            .send()
            .await;
        if record(&tally, sent, StatusCode::SEE_OTHER, title, &owner)
            .await
            .is_err()
        {
            return;
        }
    }
}

/// A task as the database holds it, with its owner's name.
#[derive(Debug, QueryableByName)]
struct StoredTask {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    owner: String,
}

/// Every task in the database at `db`, by title.
fn stored_tasks(db: &str) -> HashMap<String, StoredTask> {
    let mut conn = ticked::db::establish(db).expect("the database opens");
    diesel::sql_query(
        "SELECT tasks.id, tasks.title, users.username AS owner \
         FROM tasks JOIN users ON users.id = tasks.user_id",
    )
    .load::<StoredTask>(&mut conn)
    .expect("the tasks read")
    .into_iter()
    .map(|task| (task.title.clone(), task))
    .collect()
}

/// Every write in `acked` whose task is missing or not as acknowledged.
fn missing(acked: &[Acked], stored: &HashMap<String, StoredTask>) -> Vec<String> {
    acked
        .iter()
        .filter(|ack| match stored.get(&ack.title) {
            Some(task) => task.owner != ack.owner || ack.id.is_some_and(|id| id != task.id),
            None => true,
        })
        .map(|ack| format!("{ack:?}"))
        .collect()
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// `PRAGMA integrity_check` of the SQLite file at `db`: "ok" when sound.
/// (PostgreSQL checks its own pages; it has no such statement.)
fn integrity(db: &Path) -> String {
    let mut conn =
        SqliteConnection::establish(db.to_str().expect("UTF-8")).expect("the database opens");
    diesel::sql_query("PRAGMA integrity_check")
        .load::<Check>(&mut conn)
        .expect("the check runs")
        .into_iter()
        .map(|row| row.integrity_check)
        .collect::<Vec<_>>()
        .join("; ")
}

// ---------------------------------------------------------------------------
// Durability
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_acknowledged_before_a_kill_9_is_there_after_a_restart() {
    let database = TestDatabase::new();
    let (dir, db) = (database.dir(), database.url());
    let mut server = Server::start(dir, db, 4).await;
    let api = Arc::new(api_user_at(&server.base, "alice").await);

    let stop = Arc::new(AtomicBool::new(false));
    let tally = Shared::default();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            tokio::spawn(api_writer(
                Arc::clone(&api),
                "alice".to_owned(),
                format!("writer{w}"),
                Arc::clone(&stop),
                Arc::clone(&tally),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Mid-stream: every writer has a request on the wire or about to be.
    server.kill_9();
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        tokio::time::timeout(TIMEOUT, writer)
            .await
            .expect("the writers notice the server is gone")
            .expect("a writer finishes");
    }
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    assert!(tally.unexpected.is_empty(), "{:#?}", tally.unexpected);
    assert!(
        tally.acked.len() >= 8,
        "the writers got going before the kill: {} writes",
        tally.acked.len()
    );

    // The same file, a new process: recovery replays the WAL.
    let server = Server::start(dir, db, 4).await;
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

// ---------------------------------------------------------------------------
// Concurrency
// ---------------------------------------------------------------------------

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

    let stop = Arc::new(AtomicBool::new(false));
    let tally = Shared::default();
    let writers: Vec<_> = clients
        .into_iter()
        .map(|(owner, name, client)| {
            let (stop, tally) = (Arc::clone(&stop), Arc::clone(&tally));
            match client {
                Client::Api(api) => tokio::spawn(api_writer(api, owner, name, stop, tally)),
                Client::Form(browser, csrf) => {
                    tokio::spawn(form_writer(browser, csrf, owner, name, stop, tally))
                }
            }
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        tokio::time::timeout(TIMEOUT, writer)
            .await
            .expect("a writer finishes its last request")
            .expect("a writer finishes");
    }

    let tally = std::mem::take(&mut *tally.lock().unwrap());
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

// ---------------------------------------------------------------------------
// Graceful shutdown
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_the_requests_in_flight_finish_then_exits_0() {
    const LOGINS: usize = 4;
    let database = TestDatabase::new();
    let (dir, db) = (database.dir(), database.url());
    // The production cost: each login hashes for a good fraction of a
    // second, and only a few hash at once, so the logins queue up.
    let server = Server::start(dir, db, 12).await;
    let first = browser_at(&server.base);
    assert_eq!(
        first.register("alice", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );

    let mut logins = Vec::new();
    for _ in 0..LOGINS {
        let browser = browser_at(&server.base);
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
    tokio::time::sleep(Duration::from_millis(300)).await;
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

// ---------------------------------------------------------------------------
// Backups
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_write_load_is_sound_and_holds_every_earlier_write() {
    // `ticked backup` copies a SQLite file; PostgreSQL has pg_dump.
    let app = spawn_app_on(TestDatabase::sqlite(), &[]).await;
    let (_, api) = app.api_user("alice").await;
    let api = Arc::new(api);
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Shared::default();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            tokio::spawn(api_writer(
                Arc::clone(&api),
                "alice".to_owned(),
                format!("writer{w}"),
                Arc::clone(&stop),
                Arc::clone(&tally),
            ))
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(700)).await;

    let before = tally.lock().unwrap().acked.clone();
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
    let written_meanwhile = tally.lock().unwrap().acked.len() - before.len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        tokio::time::timeout(TIMEOUT, writer)
            .await
            .expect("a writer finishes")
            .expect("a writer finishes");
    }

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
    let tally = std::mem::take(&mut *tally.lock().unwrap());
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
    let server = Server::start(restored_dir.path(), restored.to_str().unwrap(), 4).await;
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

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

/// Stands for the session's CSRF token in a case's body.
const CSRF: &str = "@CSRF@";
const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const BOUNDARY: &str = "reliability-boundary-f3b1c2";
/// Past the 64 KiB limit on forms and JSON.
const OVERSIZED: usize = 70 * 1024;
/// An id no `i64` holds.
const OVERFLOW: &str = "99999999999999999999";

/// What a malformed request must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A 4xx with a body that says why.
    Refused,
    /// A read that may answer normally (it changes nothing by nature), but
    /// never with a 5xx.
    Harmless,
    /// A request line that HTTP itself forbids (bytes outside ASCII): the
    /// HTTP layer answers 400 before any route sees it, with no body.
    Unparsable,
}

/// One malformed request.
#[derive(Debug, Clone)]
struct Case {
    method: Method,
    path: String,
    content_type: Option<String>,
    /// `@CSRF@` is replaced with the session's token before sending.
    body: Vec<u8>,
    /// Sent over a bare socket, exactly as written (but `@HEADERS@`, which
    /// becomes the session's cookie and the bearer token), when the request
    /// itself is something no HTTP client library would send.
    raw: Option<Vec<u8>>,
    /// Sent over a bare socket with a chunked body.
    chunked: bool,
    expect: Expect,
}

impl Case {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            content_type: None,
            body: Vec::new(),
            raw: None,
            chunked: false,
            expect: Expect::Refused,
        }
    }

    fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    /// A url-encoded form POST; the body is sent exactly as given.
    fn form(path: impl Into<String>, body: impl AsRef<[u8]>) -> Self {
        Self::new(Method::POST, path).body(FORM, body)
    }

    /// A form POST carrying the session's CSRF token, then `fields`.
    fn checked_form(path: impl Into<String>, fields: impl AsRef<[u8]>) -> Self {
        let mut body = format!("csrf_token={CSRF}&").into_bytes();
        body.extend_from_slice(fields.as_ref());
        Self::form(path, body)
    }

    fn json(method: Method, path: impl Into<String>, body: impl AsRef<[u8]>) -> Self {
        Self::new(method, path).body(JSON, body)
    }

    fn body(mut self, content_type: &str, body: impl AsRef<[u8]>) -> Self {
        self.content_type = Some(content_type.to_owned());
        self.body = body.as_ref().to_vec();
        self
    }

    fn no_content_type(mut self) -> Self {
        self.content_type = None;
        self
    }

    fn harmless(mut self) -> Self {
        self.expect = Expect::Harmless;
        self
    }

    /// The same request with a `Transfer-Encoding: chunked` body, so that
    /// no `Content-Length` warns the server of its size.
    fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    /// A bodiless request whose target is `target`, byte for byte.
    fn raw_target(method: &str, target: &[u8]) -> Self {
        let mut request = format!("{method} ").into_bytes();
        request.extend_from_slice(target);
        request.extend_from_slice(
            b" HTTP/1.1\r\nHost: localhost\r\n@HEADERS@Connection: close\r\n\r\n",
        );
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let mut case = Self::new(method, String::from_utf8_lossy(target));
        case.raw = Some(request);
        if !target.is_ascii() {
            case.expect = Expect::Unparsable;
        }
        case
    }

    fn describe(&self) -> String {
        let body = String::from_utf8_lossy(&self.body);
        let body: String = body.chars().take(80).collect();
        let raw = match (&self.raw, self.chunked) {
            (Some(_), _) => " (raw)",
            (None, true) => " (chunked)",
            (None, false) => "",
        };
        format!(
            "{} {}{raw} [{}] {body:?}",
            self.method,
            self.path.chars().take(100).collect::<String>(),
            self.content_type.as_deref().unwrap_or("no content type")
        )
    }
}

/// A `multipart/form-data` body: the CSRF token, then `file` (if any).
fn multipart(file: Option<&[u8]>) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{CSRF}\r\n"
    )
    .into_bytes();
    if let Some(file) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
                 filename=\"tasks.json\"\r\nContent-Type: application/json\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

fn import(file: Option<&[u8]>) -> Case {
    Case::new(Method::POST, "/account/import").body(&multipart_type(), multipart(file))
}

/// An export file of `version` holding `tasks` (JSON objects, comma-separated).
fn export(version: impl std::fmt::Display, tasks: impl AsRef<[u8]>) -> Vec<u8> {
    let mut file = format!("{{\"format\": \"ticked-tasks\", \"version\": {version}, \"tasks\": [")
        .into_bytes();
    file.extend_from_slice(tasks.as_ref());
    file.extend_from_slice(b"]}");
    file
}

/// Registration fields, then a good password typed twice.
fn with_passwords(fields: impl AsRef<[u8]>) -> Vec<u8> {
    let mut body = fields.as_ref().to_vec();
    body.extend_from_slice(b"&password=long+enough+1&password_confirm=long+enough+1");
    body
}

/// `n` times `x`, as a form value.
fn long(n: usize) -> String {
    "x".repeat(n)
}

/// Who sends the cases: a session (logged in or not) with its CSRF token,
/// and an API token (or none).
struct Sender {
    client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    base: String,
    csrf: String,
    bearer: Option<String>,
}

/// An answer, read whole.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: String,
    location: String,
    body: Vec<u8>,
}

impl Sender {
    /// A session of its own, with the token its `/login` form carries.
    async fn new(base: &str) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        let mut sender = Self {
            client,
            jar,
            base: base.to_owned(),
            csrf: String::new(),
            bearer: None,
        };
        sender.csrf = sender.browser().csrf_token("/login").await;
        sender
    }

    /// The same session, seen as a `Browser`.
    fn browser(&self) -> Browser {
        Browser {
            client: self.client.clone(),
            base: self.base.clone(),
        }
    }

    fn cookies(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().expect("a URL");
        self.jar
            .cookies(&url)
            .and_then(|value| value.to_str().ok().map(str::to_owned))
    }

    async fn send(&self, case: &Case) -> Result<Answer, String> {
        let body = replace(&case.body, CSRF.as_bytes(), self.csrf.as_bytes());
        let raw = case
            .raw
            .clone()
            .or_else(|| case.chunked.then(|| chunked(case, &body)));
        if let Some(raw) = &raw {
            let mut headers = String::new();
            if let Some(cookies) = self.cookies() {
                headers.push_str(&format!("Cookie: {cookies}\r\n"));
            }
            if let Some(token) = &self.bearer {
                headers.push_str(&format!("Authorization: Bearer {token}\r\n"));
            }
            let raw = replace(raw, CSRF.as_bytes(), self.csrf.as_bytes());
            let raw = replace(&raw, b"@HEADERS@", headers.as_bytes());
            return send_raw(&self.base, &raw).await;
        }
        let mut request = self
            .client
            .request(case.method.clone(), format!("{}{}", self.base, case.path));
        if let Some(content_type) = &case.content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request
            .body(body)
            .send()
            .await
            .map_err(|err| format!("no answer: {err}"))?;
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        Ok(Answer {
            status: response.status().as_u16(),
            content_type: header(CONTENT_TYPE),
            location: header(LOCATION),
            body: response
                .bytes()
                .await
                .map_err(|err| format!("the body breaks off: {err}"))?
                .to_vec(),
        })
    }
}

/// `case` as a request with its `body` sent in chunks.
fn chunked(case: &Case, body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "{} {} HTTP/1.1\r\nHost: localhost\r\n@HEADERS@Transfer-Encoding: chunked\r\n",
        case.method, case.path
    )
    .into_bytes();
    if let Some(content_type) = &case.content_type {
        request.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
    }
    request.extend_from_slice(b"Connection: close\r\n\r\n");
    for chunk in body.chunks(8 * 1024) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    request
}

fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with);
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Sends `request` as is over a new connection and reads the answer (the
/// request asks the server to close the connection after it).
async fn send_raw(base: &str, request: &[u8]) -> Result<Answer, String> {
    let address = base.trim_start_matches("http://");
    let exchange = async {
        let stream = tokio::net::TcpStream::connect(address)
            .await
            .map_err(|err| format!("cannot connect: {err}"))?;
        let (mut reader, mut writer) = stream.into_split();
        // Read while writing: the server may answer (413) and close before
        // it has read the whole request, and a reader that waited for the
        // writing to end could lose that answer to the connection's reset.
        let reading = tokio::spawn(async move {
            let mut answer = Vec::new();
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer).await {
                if n == 0 {
                    break;
                }
                answer.extend_from_slice(&buffer[..n]);
            }
            answer
        });
        let _ = writer.write_all(request).await;
        reading
            .await
            .map_err(|err| format!("reading failed: {err}"))
    };
    let answer = tokio::time::timeout(TIMEOUT, exchange)
        .await
        .map_err(|_| "no answer in time".to_owned())??;
    parse_answer(&answer).ok_or_else(|| {
        format!(
            "not an HTTP answer: {:?}",
            String::from_utf8_lossy(&answer[..answer.len().min(200)])
        )
    })
}

/// Reads a raw HTTP/1.1 answer: status, two headers and the body
/// (de-chunked).
fn parse_answer(answer: &[u8]) -> Option<Answer> {
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&answer[..split]).ok()?;
    let mut body = answer[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut header = HashMap::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        header.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    if header
        .get("transfer-encoding")
        .is_some_and(|te| te.contains("chunked"))
    {
        let mut decoded = Vec::new();
        let mut rest = &body[..];
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n")?;
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..end]).ok()?.trim(), 16).ok()?;
            rest = &rest[end + 2..];
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(rest.get(..size)?);
            rest = rest.get(size + 2..)?;
        }
        body = decoded;
    }
    let get = |name: &str| header.get(name).cloned().unwrap_or_default();
    Some(Answer {
        status,
        content_type: get("content-type"),
        location: get("location"),
        body,
    })
}

/// Why `answer` is not an acceptable answer to `case`, if it is not.
fn judge(case: &Case, answer: &Answer, logged_in: bool) -> Option<String> {
    let status = answer.status;
    let api = case.path.starts_with("/api");
    if status >= 500 {
        return Some(format!(
            "{status}: {}",
            String::from_utf8_lossy(&answer.body)
        ));
    }
    // A page that needs a login sends a stranger to the login form first:
    // a refusal too, before the input is even looked at.
    let to_login = !api && !logged_in && status == 303 && answer.location.starts_with("/login");
    if to_login {
        return None;
    }
    let refused = (400..500).contains(&status);
    if case.expect == Expect::Refused && !refused {
        return Some(format!("{status}, not a 4xx"));
    }
    if !refused {
        return None;
    }
    let text = String::from_utf8_lossy(&answer.body);
    if case.expect == Expect::Unparsable {
        return (status != 400).then(|| format!("{status}, not 400"));
    }
    if text.trim().is_empty() {
        return Some(format!("{status} with an empty body"));
    }
    if api {
        let envelope: Option<Value> = serde_json::from_slice(&answer.body).ok();
        let detail = envelope.as_ref().map(|body| &body["error"]);
        let clear = detail.is_some_and(|error| {
            error["code"].as_str().is_some_and(|code| !code.is_empty())
                && error["message"].as_str().is_some_and(|m| !m.is_empty())
        });
        if !clear || !answer.content_type.starts_with(JSON) {
            return Some(format!(
                "{status} is not the JSON error envelope: {text:.200}"
            ));
        }
    } else if !answer.content_type.starts_with("text/html") {
        return Some(format!("{status} is not a page: {:?}", answer.content_type));
    }
    None
}

/// Sends every case; returns the failures, one line each.
async fn run_cases(sender: &Sender, cases: &[Case], logged_in: bool) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        match sender.send(case).await {
            Ok(answer) => {
                if std::env::var_os("RELIABILITY_TRACE").is_some() {
                    eprintln!(
                        "{} -> {} {:.60}",
                        case.describe(),
                        answer.status,
                        String::from_utf8_lossy(&answer.body).replace('\n', " ")
                    );
                }
                if let Some(why) = judge(case, &answer, logged_in) {
                    failures.push(format!("{}: {why}", case.describe()));
                }
            }
            Err(why) => failures.push(format!("{}: {why}", case.describe())),
        }
    }
    failures
}

/// Every row that a refused request must leave alone, as text. (Sessions
/// and rate-limit events are left out: visiting a form makes a session,
/// and a failed login is rightly counted.)
fn snapshot(app: &TestApp) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Line {
        #[diesel(sql_type = Text)]
        line: String,
    }
    let mut conn = app.db();
    [
        "SELECT id || '|' || user_id || '|' || title || '|' || notes || '|' || completed \
         || '|' || COALESCE(CAST(due AS TEXT), '') || '|' || priority || '|' || position \
         || '|' || CAST(created_at AS TEXT) || '|' || CAST(updated_at AS TEXT) || '|' \
         || COALESCE(CAST(completed_at AS TEXT), '') AS line \
         FROM tasks ORDER BY id",
        "SELECT id || '|' || username || '|' || password_hash || '|' || is_admin || '|' \
         || is_disabled || '|' || COALESCE(CAST(last_login_at AS TEXT), '') AS line \
         FROM users ORDER BY id",
        "SELECT id || '|' || user_id || '|' || name || '|' || token_hash || '|' \
         || COALESCE(CAST(expires_at AS TEXT), '') AS line FROM api_tokens ORDER BY id",
        "SELECT name || '|' || value AS line FROM settings ORDER BY name",
    ]
    .into_iter()
    .flat_map(|sql| {
        diesel::sql_query(sql)
            .load::<Line>(&mut conn)
            .expect("the snapshot reads")
            .into_iter()
            .map(|row| row.line)
    })
    .collect()
}

/// The world the cases run in: an administrator with tasks (one done), a
/// second user, and their ids.
struct World {
    app: TestApp,
    admin: Sender,
    task: i64,
    bob: i64,
    token: String,
}

async fn world() -> World {
    let app = spawn_app().await;
    let mut admin = Sender::new(&app.address).await;
    let browser = admin.browser();
    assert_eq!(
        browser.register("admin", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let task = browser.add_task("keep me as I am").await;
    let done = browser.add_task("done already").await;
    let response = browser
        .submit("/tasks", &format!("/tasks/{done}/toggle"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let token = browser.create_token("scripts", "never").await;
    admin.csrf = browser.csrf_token("/tasks").await;
    app.browser().register("bob", PASSWORD).await;
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = BigInt)]
        id: i64,
    }
    let bob = diesel::sql_query("SELECT id FROM users WHERE username = 'bob'")
        .get_result::<Id>(&mut app.db())
        .expect("bob exists")
        .id;
    World {
        app,
        admin,
        task,
        bob,
        token,
    }
}

/// Malformed requests to every page route (`web::configure`).
fn page_cases(task: i64, bob: i64) -> Vec<Case> {
    let t = task;
    let mut cases = vec![
        // Invalid UTF-8 in the fields.
        Case::checked_form("/register", with_passwords(b"username=\xff\xfe\xfd")),
        Case::checked_form("/login", b"username=admin&password=\xff\xfe"),
        Case::checked_form(
            "/account/password",
            b"current_password=\xff&new_password=\xfe",
        ),
        Case::checked_form(format!("/admin/users/{bob}/role"), b"admin=\xff"),
        Case::checked_form(format!("/admin/users/{bob}/status"), b"disabled=tru\xe9"),
        import(Some(&export(1, b"{\"title\": \"\xff\xfe\"}"))),
        // Bad percent-encoding.
        Case::checked_form(format!("/admin/users/{bob}/role"), "admin=%zz"),
        Case::checked_form(format!("/admin/users/{bob}/status"), "disabled=%FF%FE"),
        Case::checked_form("/account/tokens", "name=ok&expires_in=%zz"),
        Case::get("/tasks?page=%zz"),
        Case::get("/tasks?filter=%FF%FE"),
        Case::get("/tasks?sort=%"),
        Case::get("/tasks/%zz"),
        Case::get("/tasks/%FF%FE"),
        Case::form("/tasks", "csrf_token=%zz&title=forged"),
        // Missing fields.
        Case::form("/tasks", "title=forged"),
        Case::checked_form("/tasks", ""),
        Case::checked_form(format!("/tasks/{t}"), "notes=no+title"),
        Case::checked_form("/register", "username=carol"),
        Case::checked_form("/login", "username=admin"),
        Case::checked_form("/account/password", "new_password=a+new+password"),
        Case::checked_form("/account/delete", ""),
        Case::checked_form("/account/tokens", "expires_in=never"),
        Case::checked_form(format!("/admin/users/{bob}/role"), ""),
        Case::checked_form(format!("/admin/users/{bob}/status"), ""),
        import(None),
        // Duplicated fields.
        Case::checked_form("/tasks", "title=one&title=two"),
        Case::checked_form(format!("/tasks/{t}"), "title=one&title=two"),
        Case::checked_form(
            format!("/tasks/{t}/toggle"),
            "return_to=/tasks&return_to=/tasks",
        ),
        Case::checked_form(format!("/tasks/{t}/delete"), "return_to=/a&return_to=/b"),
        Case::checked_form("/tasks/toggle-all", "return_to=/a&return_to=/b"),
        Case::checked_form("/tasks/clear-completed", "return_to=/a&return_to=/b"),
        Case::checked_form("/register", with_passwords(b"username=carol&username=dave")),
        Case::checked_form("/login", "username=admin&password=x&password=y"),
        Case::checked_form("/account/tokens", "name=a&name=b&expires_in=never"),
        Case::checked_form(
            "/account/password",
            "current_password=a&current_password=b&new_password=a+new+password",
        ),
        Case::checked_form(format!("/admin/users/{bob}/role"), "admin=true&admin=false"),
        Case::checked_form(
            format!("/admin/users/{bob}/status"),
            "disabled=true&disabled=true",
        ),
        Case::get("/tasks?filter=active&filter=completed"),
        Case::get("/tasks?page=1&page=2"),
        // Wrong types.
        Case::checked_form(format!("/admin/users/{bob}/role"), "admin=yes"),
        Case::checked_form(format!("/admin/users/{bob}/status"), "disabled=1"),
        Case::checked_form("/account/tokens", "name=ok&expires_in=forever"),
        Case::checked_form("/tasks", "title=ok&due=tomorrow"),
        Case::checked_form("/tasks", "title=ok&priority=3"),
        Case::get("/tasks?page=two"),
        Case::get("/tasks?filter=done"),
        Case::get("/tasks?sort=random"),
        import(Some(
            b"{\"format\": \"ticked-tasks\", \"version\": \"one\", \"tasks\": []}",
        )),
        import(Some(b"[1, 2, 3]")),
        import(Some(b"not json at all")),
        // Huge and negative numbers.
        Case::get("/tasks?page=-1"),
        Case::get("/tasks?page=0"),
        Case::get(format!("/tasks?page={OVERFLOW}")),
        Case::get("/tasks?page=1000001"),
        Case::checked_form("/tasks", "title=ok&due=99999-12-31"),
        Case::checked_form("/tasks", "title=ok&due=-001-01-01"),
        Case::checked_form("/tasks", "title=ok&due=2026-13-45"),
        Case::checked_form("/account/tokens", "name=ok&expires_in=-1"),
        Case::checked_form("/account/tokens", format!("name=ok&expires_in={OVERFLOW}")),
        import(Some(&export(OVERFLOW, b""))),
        import(Some(&export(
            1,
            format!("{{\"title\": \"t\", \"order\": {OVERFLOW}}}"),
        ))),
        import(Some(
            b"{\"format\": \"ticked-tasks\", \"version\": -1, \"tasks\": []}",
        )),
        // Over-long values.
        Case::checked_form("/tasks", format!("title={}", long(201))),
        Case::checked_form("/tasks", format!("title=ok&notes={}", long(10_001))),
        Case::checked_form(format!("/tasks/{t}"), format!("title={}", long(201))),
        Case::checked_form(
            "/register",
            with_passwords(format!("username={}", long(33))),
        ),
        Case::checked_form("/register", format!("username=carol&password={}", long(73))),
        Case::checked_form(
            "/account/tokens",
            format!("name={}&expires_in=never", long(101)),
        ),
        Case::checked_form("/account/password", format!("new_password={}", long(73))),
        Case::get(format!("/tasks?q={}", long(201))),
        Case::get(format!("/login?next=/{}", long(5_000))).harmless(),
        import(Some(&export(
            1,
            format!("{{\"title\": \"{}\"}}", long(201)),
        ))),
        // Oversized bodies.
        Case::checked_form("/tasks", format!("title={}", long(OVERSIZED))),
        Case::checked_form(format!("/tasks/{t}"), format!("title={}", long(OVERSIZED))),
        Case::checked_form(
            format!("/tasks/{t}/toggle"),
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/tasks/{t}/delete"),
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form(
            "/tasks/toggle-all",
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form(
            "/tasks/clear-completed",
            format!("return_to=/{}", long(OVERSIZED)),
        ),
        Case::checked_form("/register", format!("username={}", long(OVERSIZED))),
        Case::checked_form("/login", format!("username={}", long(OVERSIZED))),
        Case::checked_form("/logout", format!("x={}", long(OVERSIZED))),
        Case::checked_form("/account/tokens", format!("name={}", long(OVERSIZED))),
        Case::checked_form("/account/delete", format!("password={}", long(OVERSIZED))),
        Case::checked_form(
            "/account/password",
            format!("new_password={}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/admin/users/{bob}/role"),
            format!("admin=true&x={}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/admin/users/{bob}/delete"),
            format!("x={}", long(OVERSIZED)),
        ),
        Case::checked_form(
            format!("/admin/users/{bob}/reset-password"),
            format!("x={}", long(OVERSIZED)),
        ),
        Case::checked_form("/tasks", format!("title={}", long(OVERSIZED))).chunked(),
        Case::checked_form(
            format!("/admin/users/{bob}/delete"),
            format!("x={}", long(OVERSIZED)),
        )
        .chunked(),
        import(Some(&export(
            1,
            format!("{{\"title\": \"{}\"}}", long(5 * 1024 * 1024 + 1)),
        ))),
        // Wrong content types.
        Case::new(Method::POST, "/tasks").body(JSON, format!("{{\"csrf_token\": \"{CSRF}\"}}")),
        Case::new(Method::POST, "/tasks")
            .body("text/plain", format!("csrf_token={CSRF}&title=forged")),
        Case::checked_form("/tasks", "title=forged").no_content_type(),
        Case::new(Method::POST, format!("/admin/users/{bob}/delete"))
            .body(JSON, format!("{{\"csrf_token\": \"{CSRF}\"}}")),
        Case::new(Method::POST, "/logout").body(&multipart_type(), multipart(None)),
        // Unknown methods.
        Case::new(Method::DELETE, "/"),
        Case::get("/logout"),
        Case::get("/tasks/toggle-all"),
        Case::get(format!("/tasks/{t}/delete")),
        Case::get("/account/tokens"),
        Case::get(format!("/admin/users/{bob}/delete")),
        Case::new(Method::PUT, "/account/import"),
        Case::new(Method::TRACE, "/"),
        // Path ids that overflow, or are not ids.
        Case::get(format!("/tasks/{OVERFLOW}")),
        Case::get("/tasks/-1"),
        Case::get("/tasks/0x10"),
        Case::get("/tasks/1e3"),
        Case::get(format!("/tasks/{}", "9".repeat(500))),
        Case::checked_form(format!("/tasks/{OVERFLOW}"), "title=mine+now"),
        Case::checked_form(format!("/tasks/{OVERFLOW}/toggle"), ""),
        Case::checked_form("/tasks/-9223372036854775809/delete", ""),
        Case::checked_form(format!("/account/tokens/{OVERFLOW}/revoke"), ""),
        Case::checked_form("/account/tokens/-1/revoke", ""),
        Case::checked_form(format!("/account/sessions/{}/end", long(500)), ""),
        Case::checked_form("/account/sessions/%FF%FE/end", ""),
        Case::checked_form(format!("/admin/users/{OVERFLOW}/role"), "admin=true"),
        Case::checked_form(format!("/admin/users/{OVERFLOW}/status"), "disabled=true"),
        Case::checked_form("/admin/users/-1/reset-password", ""),
        Case::checked_form(format!("/admin/users/{OVERFLOW}/delete"), ""),
        // Invalid UTF-8 and bad escapes in the request line itself.
        Case::raw_target("GET", b"/tasks/\xff\xfe"),
        Case::raw_target("GET", b"/tasks?q=\xff\xfe"),
        Case::raw_target("GET", b"/tasks?page=%"),
        Case::raw_target("POST", b"/tasks/%zz/toggle"),
    ];
    // Without its token, or with a wrong one, every POST is refused before
    // anything else is read.
    for path in [
        "/tasks".to_owned(),
        format!("/tasks/{t}"),
        format!("/tasks/{t}/toggle"),
        format!("/tasks/{t}/delete"),
        "/tasks/toggle-all".to_owned(),
        "/tasks/clear-completed".to_owned(),
        "/logout".to_owned(),
        "/account/password".to_owned(),
        "/account/delete".to_owned(),
        "/account/tokens".to_owned(),
        "/account/tokens/1/revoke".to_owned(),
        format!("/admin/users/{bob}/role"),
        format!("/admin/users/{bob}/status"),
        format!("/admin/users/{bob}/reset-password"),
        format!("/admin/users/{bob}/delete"),
    ] {
        cases.push(Case::form(
            &path,
            "title=forged&admin=true&disabled=true&name=x",
        ));
        cases.push(Case::form(
            &path,
            "csrf_token=wrong&title=forged&admin=true",
        ));
        cases.push(Case::form(&path, b"csrf_token=\xff\xfe&admin=true"));
    }
    cases
}

/// Malformed requests to every API route (`api::configure`).
fn api_cases(task: i64) -> Vec<Case> {
    let one = format!("/api/tasks/{task}");
    let post = |body: &str| Case::json(Method::POST, "/api/tasks", body);
    let patch = |body: &str| Case::json(Method::PATCH, one.clone(), body);
    let mut cases = vec![
        // Invalid UTF-8.
        Case::json(Method::POST, "/api/tasks", b"{\"title\": \"\xff\xfe\"}"),
        Case::json(Method::PATCH, one.clone(), b"{\"notes\": \"ok\xc3\x28\"}"),
        Case::json(
            Method::POST,
            "/api/tasks",
            b"\xef\xbb\xbf{\"title\": \"BOM\"}",
        ),
        // Bad percent-encoding.
        Case::get("/api/tasks?filter=%zz"),
        Case::get("/api/tasks?limit=%FF%FE"),
        Case::get("/api/tasks/%zz"),
        Case::get("/api/tasks/%FF%FE"),
        Case::new(Method::DELETE, "/api/tasks?completed=%zz"),
        Case::new(Method::DELETE, "/api/tasks?completed=tru%65%"),
        // Missing fields, and bodies that are not an object.
        post("{}"),
        post("{\"notes\": \"no title\"}"),
        post(""),
        post("null"),
        post("[]"),
        post("[\"a title\"]"),
        post("\"a title\""),
        patch(""),
        patch("null"),
        patch("[]"),
        patch("{\"title\": null}"),
        patch("{\"completed\": null}"),
        patch("{\"order\": null}"),
        // Duplicated fields and parameters.
        Case::get("/api/tasks?sort=due&sort=title"),
        Case::get("/api/tasks?limit=1&limit=2"),
        Case::new(Method::DELETE, "/api/tasks?completed=true&completed=true"),
        // Wrong types.
        post("{\"title\": 5}"),
        post("{\"title\": [\"a\"]}"),
        post("{\"title\": \"ok\", \"notes\": {}}"),
        post("{\"title\": \"ok\", \"due\": 20260101}"),
        post("{\"title\": \"ok\", \"priority\": 2}"),
        post("{\"title\": \"ok\", \"order\": \"first\"}"),
        post("{\"title\": \"ok\", \"order\": 1.5}"),
        post("{\"title\": \"ok\", \"order\": true}"),
        patch("{\"completed\": \"yes\"}"),
        patch("{\"completed\": 1}"),
        patch("{\"title\": false}"),
        patch("{\"due\": [2026, 1, 1]}"),
        Case::get("/api/tasks?limit=ten"),
        Case::get("/api/tasks?offset=1.5"),
        Case::get("/api/tasks?filter=done"),
        Case::get("/api/tasks?sort=random"),
        Case::new(Method::DELETE, "/api/tasks?completed=yes"),
        Case::new(Method::DELETE, "/api/tasks?completed=1"),
        // Huge and negative numbers.
        post(&format!("{{\"title\": \"ok\", \"order\": {OVERFLOW}}}")),
        post("{\"title\": \"ok\", \"order\": -9223372036854775809}"),
        post("{\"title\": \"ok\", \"order\": 9007199254740993}"),
        post("{\"title\": \"ok\", \"order\": -9007199254740993}"),
        post("{\"title\": \"ok\", \"order\": 1e400}"),
        post("{\"title\": \"ok\", \"order\": 1e18}"),
        post("{\"title\": \"ok\", \"due\": \"99999-12-31\"}"),
        post("{\"title\": \"ok\", \"due\": \"-0001-01-01\"}"),
        patch("{\"order\": 9223372036854775807}"),
        patch("{\"order\": -9223372036854775808}"),
        Case::get("/api/tasks?limit=-1"),
        Case::get("/api/tasks?limit=1001"),
        Case::get(format!("/api/tasks?limit={OVERFLOW}")),
        Case::get("/api/tasks?offset=-1"),
        Case::get("/api/tasks?offset=2147483648"),
        Case::get(format!("/api/tasks?offset={OVERFLOW}")),
        // Over-long values.
        post(&format!("{{\"title\": \"{}\"}}", long(201))),
        post(&format!(
            "{{\"title\": \"ok\", \"notes\": \"{}\"}}",
            long(10_001)
        )),
        patch(&format!("{{\"title\": \"{}\"}}", long(201))),
        patch(&format!("{{\"notes\": \"{}\"}}", long(10_001))),
        Case::get(format!("/api/tasks?q={}", long(201))),
        // Oversized bodies.
        post(&format!("{{\"title\": \"{}\"}}", long(OVERSIZED))),
        patch(&format!("{{\"notes\": \"{}\"}}", long(OVERSIZED))),
        post(&format!("{{\"title\": \"{}\"}}", long(OVERSIZED))).chunked(),
        patch(&format!("{{\"notes\": \"{}\"}}", long(OVERSIZED))).chunked(),
        Case::json(
            Method::POST,
            "/api/tasks",
            format!("[{}]", "[".repeat(OVERSIZED / 2)),
        ),
        Case::json(
            Method::POST,
            "/api/tasks",
            format!("{}1{}", "[".repeat(2_000), "]".repeat(2_000)),
        ),
        // Wrong content types.
        post("{\"title\": \"sneaky\"}").no_content_type(),
        Case::new(Method::POST, "/api/tasks").body("text/plain", "{\"title\": \"sneaky\"}"),
        Case::new(Method::POST, "/api/tasks").body(FORM, "title=sneaky"),
        Case::new(Method::PATCH, one.clone()).body("text/json-ish", "{\"title\": \"sneaky\"}"),
        Case::new(Method::PATCH, one.clone()).body(FORM, "title=sneaky"),
        // Unknown methods.
        Case::new(Method::PUT, "/api/tasks"),
        Case::new(Method::PUT, one.clone()),
        Case::new(Method::POST, one.clone()),
        Case::new(Method::PATCH, "/api/tasks"),
        Case::new(Method::POST, "/api/openapi.json"),
        Case::new(Method::DELETE, "/api/openapi.json"),
        Case::new(Method::from_bytes(b"BREW").expect("a method"), "/api/tasks"),
        Case::new(Method::TRACE, one.clone()),
        // Path ids that overflow, or are not ids.
        Case::get(format!("/api/tasks/{OVERFLOW}")),
        Case::get("/api/tasks/9223372036854775807"),
        Case::get("/api/tasks/-9223372036854775809"),
        Case::get(format!("/api/tasks/{}", "9".repeat(500))),
        Case::json(
            Method::PATCH,
            format!("/api/tasks/{OVERFLOW}"),
            "{\"title\": \"mine now\"}",
        ),
        Case::new(Method::DELETE, format!("/api/tasks/{OVERFLOW}")),
        Case::new(Method::DELETE, "/api/tasks/-1"),
        Case::new(Method::DELETE, "/api/tasks/1e3"),
        // Invalid UTF-8 in the request line.
        Case::raw_target("GET", b"/api/tasks/\xff\xfe"),
        Case::raw_target("GET", b"/api/tasks?q=\xff\xfe"),
        Case::raw_target("DELETE", b"/api/tasks?completed=\xff"),
    ];
    cases.extend(anonymous_api_cases(task));
    cases
}

/// API requests without a usable token: each is a 401, whatever its body.
fn anonymous_api_cases(task: i64) -> Vec<Case> {
    let mut cases = Vec::new();
    for (method, path) in [
        (Method::GET, "/api/tasks".to_owned()),
        (Method::POST, "/api/tasks".to_owned()),
        (Method::DELETE, "/api/tasks".to_owned()),
        (Method::GET, format!("/api/tasks/{task}")),
        (Method::PATCH, format!("/api/tasks/{task}")),
        (Method::DELETE, format!("/api/tasks/{task}")),
    ] {
        for authorization in [
            "",
            "Bearer",
            "Bearer ",
            "Basic YWRtaW46cGFzcw==",
            "Bearer tk_wrongwrongwrongwrongwrongwrongwrongwrong",
            "Bearer \u{1F600}",
        ] {
            let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
            if !authorization.is_empty() {
                request.push_str(&format!("Authorization: {authorization}\r\n"));
            }
            let body = "{\"title\": \"sneaky\"}";
            request.push_str("Content-Type: application/json\r\nConnection: close\r\n");
            request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
            let mut case = Case::new(method.clone(), path.clone());
            case.raw = Some(request.into_bytes());
            cases.push(case);
        }
        // A token that is not even valid UTF-8.
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n").into_bytes();
        request
            .extend_from_slice(b"Authorization: Bearer tk_\xff\xfe\r\nConnection: close\r\n\r\n");
        let mut case = Case::new(method.clone(), path.clone());
        case.raw = Some(request);
        cases.push(case);
    }
    cases
}

/// Malformed requests from a visitor who is not logged in.
fn anonymous_page_cases(task: i64, bob: i64) -> Vec<Case> {
    let mut cases = page_cases(task, bob);
    cases.extend([
        Case::checked_form(
            "/register",
            "username=%zz%zz&password=long+enough+1&password_confirm=long+enough+1",
        ),
        Case::checked_form(
            "/register",
            "username=carol&password=long+enough+1&password_confirm=long+enough+2",
        ),
        Case::checked_form(
            "/login",
            "username=nobody&password=long+enough+1&next=//evil.example",
        ),
        Case::get("/login?next=%FF%FE").harmless(),
        Case::get("/register?x=%zz").harmless(),
    ]);
    cases
}

/// Runs `cases` from `sender`, then checks that nothing changed and that
/// the server still answers.
async fn assert_all_refused(world: &World, sender: &Sender, cases: &[Case], logged_in: bool) {
    let before = snapshot(&world.app);
    let started = Instant::now();
    let mut problems = run_cases(sender, cases, logged_in).await;
    let elapsed = started.elapsed();
    let after = snapshot(&world.app);
    let new: Vec<_> = after.iter().filter(|row| !before.contains(row)).collect();
    let gone: Vec<_> = before.iter().filter(|row| !after.contains(row)).collect();
    if !new.is_empty() || !gone.is_empty() {
        problems.push(format!(
            "the database changed: new rows {new:?}, rows gone {gone:?}"
        ));
    }
    match reqwest::get(format!("{}/healthz", world.app.address)).await {
        Ok(health) if health.status() == StatusCode::OK => {}
        other => problems.push(format!("/healthz afterwards: {other:?}")),
    }
    assert!(
        problems.is_empty(),
        "{} problems with {} malformed requests:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
    eprintln!("{} malformed requests refused in {elapsed:?}", cases.len());
}

#[tokio::test]
async fn malformed_requests_to_every_page_are_refused_with_a_4xx_and_change_nothing() {
    let world = world().await;
    let cases = page_cases(world.task, world.bob);
    assert_all_refused(&world, &world.admin, &cases, true).await;
    // Still logged in, with the session's token unchanged: nothing above
    // got as far as logging out or in.
    let browser = world.admin.browser();
    assert_eq!(browser.get("/tasks").await.status(), StatusCode::OK);
    assert_eq!(browser.csrf_token("/tasks").await, world.admin.csrf);
}

#[tokio::test]
async fn malformed_requests_to_every_page_from_a_visitor_are_refused_and_change_nothing() {
    let world = world().await;
    // A visitor's session has a token too (the login form's), so the
    // cases get past the CSRF check wherever a visitor may post.
    let visitor = Sender::new(&world.app.address).await;
    let cases = anonymous_page_cases(world.task, world.bob);
    assert_all_refused(&world, &visitor, &cases, false).await;
}

#[tokio::test]
async fn malformed_requests_to_every_api_route_are_refused_with_a_json_4xx_and_change_nothing() {
    let mut world = world().await;
    world.admin.bearer = Some(world.token.clone());
    let cases = api_cases(world.task);
    let sender = Sender {
        client: world.admin.client.clone(),
        jar: Arc::clone(&world.admin.jar),
        base: world.admin.base.clone(),
        csrf: world.admin.csrf.clone(),
        bearer: world.admin.bearer.clone(),
    };
    assert_all_refused(&world, &sender, &cases, false).await;
}

/// Malformed requests that slipped through once: each note says how.
fn edge_cases(task: i64) -> Vec<Case> {
    vec![
        // Form bodies were decoded leniently (serde_urlencoded): bytes that
        // are not UTF-8, raw or percent-encoded, became U+FFFD and were
        // stored.
        Case::checked_form(format!("/tasks/{task}"), b"title=ok\xc3\x28"),
        Case::checked_form("/tasks", "title=%FF%FE"),
        Case::checked_form("/account/tokens", b"name=\xff\xfe&expires_in=never"),
        // The page resources with several methods answered any other
        // method with a bare 405: no body, no page.
        Case::new(Method::PUT, "/tasks"),
        Case::new(Method::DELETE, format!("/tasks/{task}")),
        Case::new(Method::PATCH, format!("/tasks/{task}")),
        Case::new(Method::from_bytes(b"BREW").expect("a method"), "/tasks"),
        Case::new(Method::PUT, "/login"),
        Case::new(Method::DELETE, "/register"),
        // The import form's reader refused a body that is not multipart, or
        // has no boundary, with actix's plain-text error, not a page.
        Case::checked_form("/account/import", "file=tasks.json"),
        Case::new(Method::POST, "/account/import")
            .body("multipart/form-data", multipart(Some(b"[]"))),
        // A JSON object with a key twice: the API took the last one.
        Case::json(
            Method::POST,
            "/api/tasks",
            "{\"title\": \"first\", \"title\": \"second\"}",
        ),
        Case::json(
            Method::PATCH,
            format!("/api/tasks/{task}"),
            "{\"title\": \"first\", \"title\": \"second\"}",
        ),
    ]
}

#[tokio::test]
async fn edge_cases_that_once_slipped_through_are_refused() {
    let mut world = world().await;
    world.admin.bearer = Some(world.token.clone());
    let cases = edge_cases(world.task);
    assert_all_refused(&world, &world.admin, &cases, true).await;
}
