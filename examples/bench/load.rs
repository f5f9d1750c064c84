//! Load and its measure: logged-in clients, `connections` loops of one
//! request for a fixed time, and what they measured (requests/s, latency
//! percentiles, errors, the server's peak memory).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use reqwest::StatusCode;

use crate::server::Server;

/// A logged-in browser: its cookie jar and the CSRF token of its session.
pub struct Login {
    pub client: reqwest::Client,
    pub csrf: String,
}

pub async fn log_in(base: &str, username: &str, password: &str) -> anyhow::Result<Login> {
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

pub async fn csrf_of(client: &reqwest::Client, url: &str) -> anyhow::Result<String> {
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
pub struct Row {
    pub name: String,
    pub requests: u64,
    pub seconds: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub errors: u64,
    pub memory_mib: Option<f64>,
}

impl Row {
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds
    }
}

pub type Request = Arc<dyn Fn(u64) -> reqwest::RequestBuilder + Send + Sync>;

/// Runs `connections` loops of `request` for `seconds`; a response with any
/// status but `expect` is an error.
pub async fn run(
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

pub fn summarize(
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
