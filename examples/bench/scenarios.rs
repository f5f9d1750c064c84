//! The scenarios: what is measured on the small database and on the large
//! one, each against the baseline of the same run (the server answering its
//! compiled-in stylesheet).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use reqwest::StatusCode;
use ticked::seed::SEED_PASSWORD;

use crate::load::{Login, Row, csrf_of, log_in, run};
use crate::seed::Seeded;
use crate::server::Server;
use crate::{Args, PASSWORD, TOKEN, USER};
use crate::{dav, lists};

/// The real server: the release binary, run in the benchmark's directory
/// (where its log goes).
pub struct Ticked {
    pub binary: PathBuf,
    pub dir: PathBuf,
}

impl Ticked {
    /// Starts the server on `db` with production's bcrypt cost; returns it
    /// and its start-up time, to the first answer of `/healthz`.
    async fn start(&self, db: &str) -> anyhow::Result<(Server, Duration)> {
        let mut server = Server::spawn(
            &self.binary,
            &self.dir,
            db,
            &[
                ("BCRYPT_COST", "12"),
                // The login storm sends each attempt from its own address,
                // so that it measures hashing rather than the login limit.
                ("TRUST_PROXY", "true"),
            ],
        );
        let startup = server
            .wait_healthy(Duration::from_secs(30))
            .await
            .map_err(anyhow::Error::msg)?;
        Ok((server, startup))
    }
}

/// Shows what the server wrote to its log during a run (warnings only, at
/// RUST_LOG=warn), as it would have shown on the terminal.
fn show_log(server: &Server) {
    let log = server.log();
    if !log.trim().is_empty() {
        eprint!("{log}");
    }
}

pub async fn measure_small(
    ticked: &Ticked,
    db: &str,
    seeded: &Seeded,
    args: &Args,
) -> anyhow::Result<Vec<Row>> {
    let (server, startup) = ticked.start(db).await?;
    println!(
        "start-up to the first /healthz: {:.0} ms (goal < 200 ms)",
        startup.as_secs_f64() * 1000.0
    );
    let base = server.base.clone();
    let login = log_in(&base, USER, PASSWORD).await?;
    let stylesheet = stylesheet_url(&login.client, &base).await?;
    let (c, s) = (args.connections, args.seconds);
    let mut rows = Vec::new();

    let plain = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    let css = format!("{base}{stylesheet}");
    rows.push(
        run(
            "baseline: GET /static/style.css",
            c,
            s,
            StatusCode::OK,
            Arc::new({
                let plain = plain.clone();
                move |_| plain.get(&css)
            }),
            &server,
        )
        .await,
    );

    let page = format!("{base}/tasks");
    let client = login.client.clone();
    rows.push(
        run(
            "GET /tasks (50 tasks)",
            c,
            s,
            StatusCode::OK,
            Arc::new({
                let client = client.clone();
                let page = page.clone();
                move |_| client.get(&page)
            }),
            &server,
        )
        .await,
    );

    let csrf = login.csrf.clone();
    rows.push(
        run(
            "POST /tasks (form + CSRF, 303)",
            c,
            s,
            StatusCode::SEE_OTHER,
            Arc::new({
                let client = client.clone();
                let page = page.clone();
                move |n| {
                    client.post(&page).form(&[
                        ("csrf_token", csrf.clone()),
                        ("title", format!("bench task {n}")),
                        ("return_to", "/tasks".to_owned()),
                    ])
                }
            }),
            &server,
        )
        .await,
    );

    let api = format!("{base}/api/tasks?limit=50");
    rows.push(
        run(
            "GET /api/tasks (50 tasks, token)",
            c,
            s,
            StatusCode::OK,
            Arc::new({
                let plain = plain.clone();
                move |_| plain.get(&api).bearer_auth(TOKEN)
            }),
            &server,
        )
        .await,
    );

    rows.extend(lists::measure(&server, seeded, c, s).await?);
    rows.extend(dav::measure(&server, seeded.sync_list, c, s).await?);
    rows.push(login_storm(&server, &login, c, s).await?);
    show_log(&server);
    Ok(rows)
}

/// Reads of `GET /tasks` while 16 clients keep logging in (bcrypt at cost
/// 12), half of them failing.
pub async fn login_storm(
    server: &Server,
    login: &Login,
    connections: usize,
    seconds: u64,
) -> anyhow::Result<Row> {
    let stop = Arc::new(AtomicBool::new(false));
    let base = server.base.clone();
    let mut storm = Vec::new();
    for worker in 0..16_u32 {
        let (stop, base) = (Arc::clone(&stop), base.clone());
        storm.push(tokio::spawn(async move {
            let mut n = 0_u32;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let Ok(client) = reqwest::Client::builder()
                    .cookie_store(true)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                else {
                    continue;
                };
                let Ok(csrf) = csrf_of(&client, &format!("{base}/login")).await else {
                    continue;
                };
                let (username, password) = if n.is_multiple_of(2) {
                    (USER.to_owned(), PASSWORD.to_owned())
                } else {
                    (format!("nobody{worker}x{n}"), "wrong".to_owned())
                };
                drop(
                    client
                        .post(format!("{base}/login"))
                        .header(
                            "X-Forwarded-For",
                            format!("10.{worker}.{}.{}", n / 250 % 250, n % 250),
                        )
                        .form(&[
                            ("csrf_token", csrf),
                            ("username", username),
                            ("password", password),
                        ])
                        .send()
                        .await,
                );
            }
        }));
    }
    let page = format!("{}/tasks", server.base);
    let client = login.client.clone();
    let row = run(
        "GET /tasks during 16 clients' logins",
        connections,
        seconds,
        StatusCode::OK,
        Arc::new(move |_| client.get(&page)),
        server,
    )
    .await;
    stop.store(true, Ordering::Relaxed);
    for worker in storm {
        drop(worker.await);
    }
    Ok(row)
}

pub async fn stylesheet_url(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let html = client
        .get(format!("{base}/tasks"))
        .send()
        .await?
        .text()
        .await?;
    let start = html
        .find("/static/style.css")
        .context("the stylesheet link")?;
    let end = html[start..].find('"').context("its end")? + start;
    Ok(html[start..end].to_owned())
}

pub async fn measure_large(ticked: &Ticked, db: &Path, args: &Args) -> anyhow::Result<Vec<Row>> {
    let (server, startup) = ticked.start(db.to_str().context("a UTF-8 path")?).await?;
    println!(
        "start-up to the first /healthz on the large database: {:.0} ms (goal < 200 ms)",
        startup.as_secs_f64() * 1000.0
    );
    let base = server.base.clone();
    let (c, s) = (args.connections, args.seconds);
    let mut rows = Vec::new();

    let plain = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;
    let stylesheet = {
        let login = log_in(&base, "user00001", SEED_PASSWORD).await?;
        stylesheet_url(&login.client, &base).await?
    };
    let css = format!("{base}{stylesheet}");
    rows.push(
        run(
            "baseline: GET /static/style.css",
            c,
            s,
            StatusCode::OK,
            Arc::new(move |_| plain.get(&css)),
            &server,
        )
        .await,
    );

    let typical = log_in(&base, "user00001", SEED_PASSWORD).await?;
    let page = format!("{base}/tasks");
    rows.push(
        run(
            &format!("GET /tasks ({} tasks)", args.plan.tasks_per_user),
            c,
            s,
            StatusCode::OK,
            Arc::new({
                let client = typical.client.clone();
                move |_| client.get(&page)
            }),
            &server,
        )
        .await,
    );

    let big = log_in(&base, "big", SEED_PASSWORD).await?;
    let last_page = args.plan.big_user_tasks.div_ceil(50).max(2);
    // The last page as a reader reaches it: by the Next link of the page
    // before, which seeks from that page's last task.
    let before_last = big
        .client
        .get(format!("{base}/tasks?page={}", last_page - 1))
        .send()
        .await?
        .text()
        .await?;
    let by_link = next_link(&before_last).context("the page before the last has a Next link")?;
    for (name, path) in [
        (
            "big user: GET /tasks page 1".to_owned(),
            "/tasks".to_owned(),
        ),
        (
            format!("big user: page {last_page} by its Next link"),
            by_link,
        ),
        (
            format!("big user: page {last_page} by number"),
            format!("/tasks?page={last_page}"),
        ),
        (
            "big user: search \"invoice 42\"".to_owned(),
            "/tasks?q=invoice+42".to_owned(),
        ),
        (
            "big user: label \"errands\"".to_owned(),
            "/tasks?label=errands".to_owned(),
        ),
    ] {
        let url = format!("{base}{path}");
        // Under load, and then one request at a time (the latency a single
        // reader sees).
        for (connections, label) in [(c, String::new()), (1, " (1 connection)".to_owned())] {
            let client = big.client.clone();
            let url = url.clone();
            rows.push(
                run(
                    &format!("{name}{label}"),
                    connections,
                    s,
                    StatusCode::OK,
                    Arc::new(move |_| client.get(&url)),
                    &server,
                )
                .await,
            );
        }
    }
    show_log(&server);
    Ok(rows)
}

/// The `href` of a page's `rel=next` link.
pub fn next_link(html: &str) -> Option<String> {
    let selector = scraper::Selector::parse("a[rel=next]").ok()?;
    scraper::Html::parse_document(html)
        .select(&selector)
        .next()?
        .value()
        .attr("href")
        .map(str::to_owned)
}
