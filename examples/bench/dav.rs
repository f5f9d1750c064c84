//! The CalDAV scenarios: a phone's two kinds of sync against a list of
//! 10,000 tasks. The idle sync (a `sync-collection` with the current
//! token, which a phone sends every few minutes and which finds nothing)
//! runs under load like the pages, against `GET /healthz` (one query, no
//! login) as its baseline. The first sync (a `sync-collection` with no
//! token, then one `calendar-multiget` of every object it named, as DAVx5
//! and Thunderbird do when an account is added) is timed once per run,
//! one after the other, by one client.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use reqwest::{Method, StatusCode};
use ticked::db::DbConnection;
use ticked::domain::{Due, Labels, ListInput, ListName, Priority, TaskInput, TaskNotes, TaskTitle};
use ticked::models::task::Placement;
use ticked::models::{self, list, task};

use crate::load::{Row, run, summarize};
use crate::seed::make_token;
use crate::server::Server;

/// The user whose list is synced, and their app password.
pub const SYNC_USER: &str = "syncer";
const SYNC_TOKEN: &str = "tk_synctokensynctokensynctokensynctoken01";
/// How many tasks the synced list holds.
pub const SYNC_TASKS: usize = 10_000;
/// How many first syncs are timed.
const FIRST_SYNCS: usize = 5;

/// The names of the rows, for the targets.
pub const HEALTHZ: &str = "GET /healthz (the DAV baseline)";
pub const IDLE: &str = "REPORT sync-collection, idle (10,000 tasks)";
pub const FIRST: &str = "first sync: sync-collection + multiget of 10,000";

/// [`SYNC_USER`] (`user`) with a list of [`SYNC_TASKS`] tasks, some due,
/// some with notes and labels, a tenth done; returns the list's id.
pub fn seed(conn: &mut DbConnection, user: i64) -> anyhow::Result<i64> {
    let name = ListName::parse("Synced").map_err(|e| anyhow::anyhow!("{e}"))?;
    let made = list::create(conn, user, &ListInput { name, colour: None })?;
    make_token(conn, user, "phone", SYNC_TOKEN)?;
    let today = models::now().date();
    let labels = Labels::parse(["errands", "home"]).map_err(|e| anyhow::anyhow!("{e}"))?;
    for n in 0..SYNC_TASKS {
        if n % 2_000 == 0 {
            eprint!(" {n}");
        }
        let input = TaskInput {
            title: TaskTitle::parse(&format!("Synced task {n}, with a comma; and \"quotes\""))
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            notes: TaskNotes::parse(if n % 3 == 0 {
                "Some notes\nover two lines"
            } else {
                ""
            })
            .map_err(|e| anyhow::anyhow!("{e}"))?,
            due: Due((n % 4 == 0).then(|| today + chrono::Days::new(n as u64 % 60))),
            priority: Priority::Normal,
            labels: if n % 5 == 0 {
                labels.clone()
            } else {
                Labels::default()
            },
            recurrence: None,
        };
        let place = Placement {
            list: Some(made.id),
            ..Placement::default()
        };
        let task = task::create(conn, user, &input, place)?
            .map_err(|refused| anyhow::anyhow!("{refused}"))?;
        if n % 10 == 0 {
            let done = task::TaskChanges {
                completed: Some(true),
                ..task::TaskChanges::default()
            };
            task::change(conn, user, task.id, &done, today)?
                .map_err(|refused| anyhow::anyhow!("{refused}"))?;
        }
    }
    Ok(made.id)
}

/// A `REPORT` of `calendar` with `body`, as the syncing phone sends it.
fn report(client: &reqwest::Client, calendar: &str, body: String) -> reqwest::RequestBuilder {
    client
        .request(
            Method::from_bytes(b"REPORT").unwrap_or(Method::GET),
            calendar,
        )
        .basic_auth(SYNC_USER, Some(SYNC_TOKEN))
        .header("Depth", "1")
        .body(body)
}

/// A `sync-collection` body from `token` ("" for none).
fn sync_body(token: &str) -> String {
    format!(
        r#"<d:sync-collection xmlns:d="DAV:"><d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#
    )
}

/// A `sync-collection` of `calendar` from `token` ("" for none): the
/// status and the body.
async fn sync(
    client: &reqwest::Client,
    calendar: &str,
    token: &str,
) -> anyhow::Result<(StatusCode, String)> {
    let response = report(client, calendar, sync_body(token)).send().await?;
    Ok((response.status(), response.text().await?))
}

/// Every `<d:href>` of a multi-status answer, and its sync token.
fn hrefs_and_token(body: &str) -> (Vec<&str>, String) {
    let hrefs = body
        .split("<d:href>")
        .skip(1)
        .filter_map(|rest| rest.split("</d:href>").next())
        .collect();
    let token = body
        .split("<d:sync-token>")
        .nth(1)
        .and_then(|rest| rest.split("</d:sync-token>").next())
        .unwrap_or_default()
        .to_owned();
    (hrefs, token)
}

/// One first sync; returns how long it took and the token it ended with.
async fn first_sync(
    client: &reqwest::Client,
    calendar: &str,
) -> anyhow::Result<(Duration, String)> {
    let start = Instant::now();
    let (status, body) = sync(client, calendar, "").await?;
    if status != StatusCode::MULTI_STATUS {
        bail!("the first sync-collection answered {status}");
    }
    let (hrefs, token) = hrefs_and_token(&body);
    if hrefs.len() != SYNC_TASKS {
        bail!(
            "the first sync named {} objects, not {SYNC_TASKS}",
            hrefs.len()
        );
    }
    let mut multiget = String::from(
        r#"<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop>"#,
    );
    for href in &hrefs {
        multiget.push_str("<d:href>");
        multiget.push_str(href);
        multiget.push_str("</d:href>");
    }
    multiget.push_str("</c:calendar-multiget>");
    let response = report(client, calendar, multiget).send().await?;
    let status = response.status();
    let body = response.text().await?;
    let objects = body.matches("BEGIN:VTODO").count();
    if status != StatusCode::MULTI_STATUS || objects != SYNC_TASKS {
        bail!("the multiget answered {status} with {objects} objects");
    }
    Ok((start.elapsed(), token))
}

/// The sync scenarios on `server`, whose list `list` has [`SYNC_TASKS`].
pub async fn measure(
    server: &Server,
    list: i64,
    connections: usize,
    seconds: u64,
) -> anyhow::Result<Vec<Row>> {
    let base = server.base.clone();
    let calendar = format!("{base}/dav/calendars/{SYNC_USER}/{list}/");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;

    let mut times = Vec::new();
    let mut token = String::new();
    for _ in 0..FIRST_SYNCS {
        let (took, last) = first_sync(&client, &calendar).await?;
        times.push(took);
        token = last;
    }
    // Over the time they took, one after another: its rate is first syncs
    // a second, by one client.
    let took: Duration = times.iter().sum();
    let first = summarize(
        FIRST,
        times,
        0,
        took.as_secs_f64(),
        server.peak_memory_mib(),
    );

    let (status, _) = sync(&client, &calendar, &token).await?;
    if status != StatusCode::MULTI_STATUS {
        bail!("an idle sync answered {status}");
    }
    let healthz = format!("{base}/healthz");
    let mut rows = vec![
        run(
            HEALTHZ,
            connections,
            seconds,
            StatusCode::OK,
            Arc::new({
                let client = client.clone();
                move |_| client.get(&healthz)
            }),
            server,
        )
        .await,
    ];
    let body = sync_body(&token);
    rows.push(
        run(
            IDLE,
            connections,
            seconds,
            StatusCode::MULTI_STATUS,
            Arc::new(move |_| report(&client, &calendar, body.clone())),
            server,
        )
        .await,
    );
    rows.push(first);
    Ok(rows)
}
