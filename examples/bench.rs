//! The benchmark: builds ticked in release mode, seeds a fresh database,
//! starts the real server, drives it over loopback and prints a table of
//! requests/s, latency percentiles, errors and the server's peak memory.
//!
//! Every figure is also printed as a ratio to a baseline measured in the
//! same run (the server answering its compiled-in stylesheet), because the
//! absolute numbers say more about the machine than about ticked.
//!
//! ```sh
//! cargo run --release --example bench                 # small database
//! cargo run --release --example bench -- --large      # + 10,000 users x 1,000 tasks
//! cargo run --release --example bench -- --postgres postgres://postgres@127.0.0.1:55432/postgres
//! ```
//!
//! With `--postgres`, the small database's scenarios run a second time on a
//! fresh database made on that PostgreSQL server (and dropped afterwards).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use diesel::connection::SimpleConnection;
use reqwest::StatusCode;
use ticked::auth::token_hash;
use ticked::db::{Backend, Database, PoolOptions};
use ticked::domain::{Due, Priority, TaskInput, TaskNotes, TaskTitle, Username};
use ticked::models::{self, api_token, task, user};
use ticked::seed::{self, SEED_PASSWORD, SeedPlan};

#[derive(Debug, Parser)]
#[command(about = "Measure ticked over loopback against a baseline from the same run.")]
struct Args {
    /// Seconds per scenario.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Concurrent connections.
    #[arg(long, default_value_t = 64)]
    connections: usize,
    /// Also measure a large database (slow to seed).
    #[arg(long)]
    large: bool,
    /// Users in the large database.
    #[arg(long, default_value_t = 10_000)]
    users: u32,
    /// Tasks per user in the large database.
    #[arg(long, default_value_t = 1_000)]
    tasks_per_user: u32,
    /// Tasks of the one big user in the large database.
    #[arg(long, default_value_t = 100_000)]
    big_user_tasks: u32,
    /// Keep the databases in this directory instead of a temporary one.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Also measure the small database on PostgreSQL: the URL of a server
    /// (any database on it) where a scratch database may be made.
    #[arg(long)]
    postgres: Option<String>,
}

const USER: &str = "bench";
const PASSWORD: &str = "bench password";
const TOKEN: &str = "tk_benchmarktokenbenchmarktokenbenchmark1";

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let binary = build_release()?;
    let temp = tempfile::tempdir()?;
    let dir = args.dir.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    println!("machine: {} cores, {}", cores(), cpu_model());
    println!(
        "each scenario: {} s, {} connections; bcrypt cost 12\n",
        args.seconds, args.connections
    );

    let small = dir.join("small.db");
    let small = small.to_str().context("a UTF-8 path")?;
    step("seeding the small database", || seed_small(small))?;
    let small_rows = runtime.block_on(measure_small(&binary, small, &args))?;
    print_table("small database (50 tasks on the page)", &small_rows);
    print_targets("targets, small database", &small_targets(&small_rows));

    if let Some(server) = &args.postgres {
        let scratch = ScratchPostgres::create(server)?;
        step("seeding the small database on PostgreSQL", || {
            seed_small(&scratch.url)
        })?;
        let rows = runtime.block_on(measure_small(&binary, &scratch.url, &args))?;
        print_table("small database on PostgreSQL (50 tasks on the page)", &rows);
    }

    if args.large {
        let large = dir.join("large.db");
        let plan = SeedPlan {
            users: args.users,
            tasks_per_user: args.tasks_per_user,
            big_user_tasks: args.big_user_tasks,
        };
        seed_large(&large, plan)?;
        let large_rows = runtime.block_on(measure_large(&binary, &large, &args))?;
        print_table(
            &format!(
                "large database ({} users x {} tasks, and `big` with {})",
                plan.users, plan.tasks_per_user, plan.big_user_tasks
            ),
            &large_rows,
        );
        compare_pages(&small_rows, &large_rows);
        print_targets(
            "targets, large database",
            &large_targets(&small_rows, &large_rows),
        );
    }
    Ok(())
}

/// Builds the real server binary in release mode. The benchmark itself is
/// named in the same command so that cargo resolves the dependencies' features
/// exactly as for `cargo run --release --example bench`, and reuses that build
/// instead of compiling every dependency a second time.
fn build_release() -> anyhow::Result<PathBuf> {
    println!("building ticked in release mode...");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "build",
            "--release",
            "--bin",
            "ticked",
            "--example",
            "bench",
        ])
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("the release build failed");
    }
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
    Ok(PathBuf::from(target).join("release").join("ticked"))
}

fn step<T>(what: &str, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let start = Instant::now();
    eprint!("{what}...");
    let result = work()?;
    eprintln!(" done in {:.1} s", start.elapsed().as_secs_f64());
    Ok(result)
}

/// One user with 50 tasks whose titles need escaping, and an API token,
/// in the database `url` names (a SQLite file is made afresh).
fn seed_small(url: &str) -> anyhow::Result<()> {
    if Backend::of(url) == Backend::Sqlite {
        let _ = std::fs::remove_file(url);
    }
    let db = Database::connect(url, PoolOptions::single(Duration::from_secs(5)))?;
    let mut conn = db.blocking_conn()?;
    let hash = bcrypt::hash(PASSWORD, 12)?;
    let username = Username::parse(USER).map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = user::create(&mut conn, &username, &hash, true)?
        .map_err(|_| anyhow::anyhow!("the bench user exists"))?;
    for n in 1..=50 {
        let input = TaskInput {
            title: TaskTitle::parse(&format!("Task {n} <b>bold</b> & \"quoted\" 'text'"))
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            notes: TaskNotes::parse("Notes with <markup> & ampersands")
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            due: Due(Some(models::now().date())),
            priority: Priority::High,
        };
        task::create(&mut conn, user.id, &input, None)?;
    }
    api_token::create(
        &mut conn,
        &api_token::NewApiToken {
            user_id: user.id,
            name: "bench",
            token_hash: &token_hash(TOKEN),
            last_chars: "ark1",
            created_at: models::now(),
            expires_at: None,
        },
    )?;
    Ok(())
}

fn seed_large(path: &Path, plan: SeedPlan) -> anyhow::Result<()> {
    if path.exists() {
        println!("reusing {}", path.display());
        return Ok(());
    }
    let db = Database::connect(
        path.to_str().context("a UTF-8 path")?,
        PoolOptions::single(Duration::from_secs(5)),
    )?;
    let mut conn = db.blocking_conn()?;
    let hash = bcrypt::hash(SEED_PASSWORD, 12)?;
    let start = Instant::now();
    seed::seed(&mut conn, plan, &hash, |done, planned| {
        let rate = done as f64 / start.elapsed().as_secs_f64().max(0.001);
        eprint!(
            "\rseeding: {done} / {planned} tasks ({:.0}%), {rate:.0} tasks/s   ",
            done as f64 * 100.0 / planned.max(1) as f64
        );
    })?;
    eprintln!("\nseeded in {:.0} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// A database of the benchmark's own on a PostgreSQL server, dropped when
/// the benchmark ends.
struct ScratchPostgres {
    server: String,
    name: String,
    url: String,
}

impl ScratchPostgres {
    fn create(server: &str) -> anyhow::Result<Self> {
        let name = format!("ticked_bench_{}", std::process::id());
        ticked::db::establish(server)?
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .with_context(|| format!("cannot make a scratch database on {server}"))?;
        let mut url = url::Url::parse(server)?;
        url.set_path(&name);
        Ok(Self {
            server: server.to_owned(),
            name,
            url: url.to_string(),
        })
    }
}

impl Drop for ScratchPostgres {
    fn drop(&mut self) {
        if let Ok(mut admin) = ticked::db::establish(&self.server) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// The real server, in its own process, so its memory can be read.
struct Server {
    child: Child,
    base: String,
    startup: Duration,
}

impl Server {
    fn start(binary: &Path, db: impl AsRef<std::ffi::OsStr>) -> anyhow::Result<Self> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let child = Command::new(binary)
            .env("DATABASE_URL", db)
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("BCRYPT_COST", "12")
            // The login storm sends each attempt from its own address, so
            // that it measures hashing rather than the login limit.
            .env("TRUST_PROXY", "true")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("cannot start the server")?;
        let startup = wait_healthy(&base, started)?;
        Ok(Self {
            child,
            base,
            startup,
        })
    }

    /// Peak resident memory so far, in MiB (Linux).
    fn peak_memory_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_healthy(base: &str, started: Instant) -> anyhow::Result<Duration> {
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()?;
    while started.elapsed() < Duration::from_secs(30) {
        if let Ok(response) = client.get(format!("{base}/healthz")).send()
            && response.status() == StatusCode::OK
        {
            return Ok(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    bail!("the server did not answer /healthz within 30 s")
}

/// A logged-in browser: its cookie jar and the CSRF token of its session.
struct Login {
    client: reqwest::Client,
    csrf: String,
}

async fn log_in(base: &str, username: &str, password: &str) -> anyhow::Result<Login> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .build()?;
    let csrf = csrf_of(&client, &format!("{base}/login")).await?;
    let response = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("username", username),
            ("password", password),
        ])
        .send()
        .await?;
    if response.status() != StatusCode::SEE_OTHER {
        bail!("cannot log in as {username}: {}", response.status());
    }
    let csrf = csrf_of(&client, &format!("{base}/tasks")).await?;
    Ok(Login { client, csrf })
}

async fn csrf_of(client: &reqwest::Client, url: &str) -> anyhow::Result<String> {
    let html = client.get(url).send().await?.text().await?;
    let start = html
        .find("name=\"csrf_token\" value=\"")
        .context("a CSRF token on the page")?
        + "name=\"csrf_token\" value=\"".len();
    let end = html[start..].find('"').context("the token's end")? + start;
    Ok(html[start..end].to_owned())
}

/// What one scenario measured.
#[derive(Debug, Clone)]
struct Row {
    name: String,
    requests: u64,
    seconds: f64,
    p50: Duration,
    p99: Duration,
    errors: u64,
    memory_mib: Option<f64>,
}

impl Row {
    fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

type Request = Arc<dyn Fn(u64) -> reqwest::RequestBuilder + Send + Sync>;

/// Runs `connections` loops of `request` for `seconds`; a response with any
/// status but `expect` is an error.
async fn run(
    name: &str,
    connections: usize,
    seconds: u64,
    expect: StatusCode,
    request: Request,
    server: &Server,
) -> Row {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let counter = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for _ in 0..connections {
        let request = Arc::clone(&request);
        let counter = Arc::clone(&counter);
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0_u64;
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let start = Instant::now();
                let ok = match request(n).send().await {
                    Ok(response) => {
                        let status = response.status();
                        // Read the whole body, as a browser would.
                        response.bytes().await.is_ok() && status == expect
                    }
                    Err(_) => false,
                };
                latencies.push(start.elapsed());
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        if let Ok((l, e)) = worker.await {
            latencies.extend(l);
            errors += e;
        }
    }
    let seconds = started.elapsed().as_secs_f64().max(0.001);
    summarize(name, latencies, errors, seconds, server.peak_memory_mib())
}

fn summarize(
    name: &str,
    mut latencies: Vec<Duration>,
    errors: u64,
    seconds: f64,
    memory_mib: Option<f64>,
) -> Row {
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    Row {
        name: name.to_owned(),
        requests: latencies.len() as u64,
        seconds,
        p50: at(0.50),
        p99: at(0.99),
        errors,
        memory_mib,
    }
}

async fn measure_small(binary: &Path, db: &str, args: &Args) -> anyhow::Result<Vec<Row>> {
    let server = Server::start(binary, db)?;
    println!(
        "start-up to the first /healthz: {:.0} ms (goal < 200 ms)",
        server.startup.as_secs_f64() * 1000.0
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

    rows.push(login_storm(&server, &login, c, s).await?);
    Ok(rows)
}

/// Reads of `GET /tasks` while 16 clients keep logging in (bcrypt at cost
/// 12), half of them failing.
async fn login_storm(
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
                let _ = client
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
                    .await;
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
        let _ = worker.await;
    }
    Ok(row)
}

async fn stylesheet_url(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
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

async fn measure_large(binary: &Path, db: &Path, args: &Args) -> anyhow::Result<Vec<Row>> {
    let server = Server::start(binary, db)?;
    println!(
        "start-up to the first /healthz on the large database: {:.0} ms (goal < 200 ms)",
        server.startup.as_secs_f64() * 1000.0
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
            &format!("GET /tasks ({} tasks)", args.tasks_per_user),
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
    let last_page = args.big_user_tasks.div_ceil(50).max(2);
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
    Ok(rows)
}

/// The `href` of a page's `rel=next` link.
fn next_link(html: &str) -> Option<String> {
    let selector = scraper::Selector::parse("a[rel=next]").ok()?;
    scraper::Html::parse_document(html)
        .select(&selector)
        .next()?
        .value()
        .attr("href")
        .map(str::to_owned)
}

/// One target of the issue that asked for this benchmark, and the figure
/// measured for it.
struct Target {
    what: &'static str,
    measured: f64,
    goal: f64,
    /// Whether the measured figure must reach the goal (or stay below it).
    at_least: bool,
    unit: &'static str,
}

impl Target {
    /// A figure that must reach `goal`.
    fn at_least(what: &'static str, measured: f64, goal: f64, unit: &'static str) -> Self {
        Self {
            what,
            measured,
            goal,
            at_least: true,
            unit,
        }
    }

    /// A figure that must stay at or below `goal`.
    fn at_most(what: &'static str, measured: f64, goal: f64, unit: &'static str) -> Self {
        Self {
            at_least: false,
            ..Self::at_least(what, measured, goal, unit)
        }
    }

    fn print(&self) {
        let met = if self.at_least {
            self.measured >= self.goal
        } else {
            self.measured <= self.goal
        };
        let verdict = if met {
            "met".to_owned()
        } else {
            let factor = if self.at_least {
                self.goal / self.measured.max(1e-9)
            } else {
                self.measured / self.goal.max(1e-9)
            };
            format!("MISSED by {factor:.2}x")
        };
        let sign = if self.at_least { ">=" } else { "<=" };
        println!(
            "  {:<48} {:>9.2}{} (goal {sign} {}{}): {verdict}",
            self.what, self.measured, self.unit, self.goal, self.unit
        );
    }
}

fn find<'a>(rows: &'a [Row], prefix: &str) -> Option<&'a Row> {
    rows.iter().find(|row| row.name.starts_with(prefix))
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The small database's figures against their targets.
fn small_targets(rows: &[Row]) -> Vec<Target> {
    let Some(base) = rows.first().map(Row::rate) else {
        return Vec::new();
    };
    let mut targets = Vec::new();
    if let Some(list) = find(rows, "GET /tasks (") {
        targets.push(Target::at_least(
            "GET /tasks throughput, x baseline",
            list.rate() / base,
            0.30,
            "x",
        ));
    }
    if let Some(post) = find(rows, "POST /tasks") {
        targets.push(Target::at_least(
            "POST /tasks throughput, x baseline",
            post.rate() / base,
            0.15,
            "x",
        ));
        targets.push(Target::at_most(
            "POST /tasks p99",
            ms(post.p99),
            50.0,
            " ms",
        ));
    }
    if let (Some(quiet), Some(storm)) =
        (find(rows, "GET /tasks ("), find(rows, "GET /tasks during"))
    {
        targets.push(Target::at_most(
            "reads' p99 in the login storm, x without",
            ms(storm.p99) / ms(quiet.p99).max(1e-9),
            3.0,
            "x",
        ));
    }
    targets.extend(common_targets(rows));
    targets
}

/// What every run must show: no errors, and memory in bounds.
fn common_targets(rows: &[Row]) -> Vec<Target> {
    let peak_mb = rows
        .iter()
        .filter_map(|row| row.memory_mib)
        .fold(0.0_f64, f64::max)
        * 1.048_576;
    vec![
        Target::at_most(
            "errors, all scenarios",
            rows.iter().map(|row| row.errors).sum::<u64>() as f64,
            0.0,
            "",
        ),
        Target::at_most("peak server memory (MB, not MiB)", peak_mb, 100.0, " MB"),
    ]
}

/// The large database's figures against their targets, the typical user's
/// page compared with the small database's.
fn large_targets(small: &[Row], large: &[Row]) -> Vec<Target> {
    let mut targets = Vec::new();
    if let (Some(small_page), Some(large_page)) =
        (find(small, "GET /tasks ("), find(large, "GET /tasks ("))
    {
        targets.push(Target::at_most(
            "typical user's page p50, x small database",
            ms(large_page.p50) / ms(small_page.p50).max(1e-9),
            1.5,
            "x",
        ));
    }
    for (what, prefix) in [
        (
            "100,000 tasks: page 1 p50, one at a time",
            "big user: GET /tasks page 1 (1",
        ),
        (
            "100,000 tasks: last page by link, one at a time",
            "big user: page",
        ),
        (
            "100,000 tasks: search p50, one at a time",
            "big user: search",
        ),
    ] {
        let row = large
            .iter()
            .find(|row| row.name.starts_with(prefix) && row.name.ends_with("(1 connection)"));
        if let Some(row) = row {
            targets.push(Target {
                what,
                measured: ms(row.p50),
                goal: 10.0,
                at_least: false,
                unit: " ms",
            });
        }
    }
    targets.extend(common_targets(large));
    targets
}

fn print_targets(title: &str, targets: &[Target]) {
    println!(
        "
{title}"
    );
    for target in targets {
        target.print();
    }
}

fn print_table(title: &str, rows: &[Row]) {
    let Some(baseline) = rows.first() else { return };
    println!("\n{title}");
    println!(
        "{:<52} {:>9} {:>7} {:>9} {:>9} {:>7} {:>9}",
        "scenario", "req/s", "x base", "p50 ms", "p99 ms", "errors", "peak MiB"
    );
    for row in rows {
        println!(
            "{:<52} {:>9.0} {:>7.2} {:>9.2} {:>9.2} {:>7} {:>9}",
            row.name,
            row.rate(),
            row.rate() / baseline.rate(),
            row.p50.as_secs_f64() * 1000.0,
            row.p99.as_secs_f64() * 1000.0,
            row.errors,
            row.memory_mib.map_or("?".to_owned(), |m| format!("{m:.1}")),
        );
    }
    if let (Some(quiet), Some(storm)) = (
        rows.iter().find(|r| r.name.starts_with("GET /tasks (")),
        rows.iter().find(|r| r.name.contains("logins")),
    ) {
        println!(
            "reads' p99 during the login storm: {:.2}x their p99 without it",
            storm.p99.as_secs_f64() / quiet.p99.as_secs_f64().max(1e-9)
        );
    }
}

/// The large database's list page against the small one's, each as a ratio
/// to its own run's baseline.
fn compare_pages(small: &[Row], large: &[Row]) {
    let relative = |rows: &[Row]| {
        let base = rows.first()?.rate();
        let page = rows.iter().find(|r| r.name.starts_with("GET /tasks ("))?;
        Some((page.p50, page.rate() / base))
    };
    if let (Some((small_p50, small_x)), Some((large_p50, large_x))) =
        (relative(small), relative(large))
    {
        println!(
            "\nGET /tasks, large vs small database: p50 {:.2}x, throughput (as a share of the baseline) {:.2}x",
            large_p50.as_secs_f64() / small_p50.as_secs_f64().max(1e-9),
            large_x / small_x.max(1e-9)
        );
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}
