//! Starting ticked for a test or the benchmark, and waiting for it: the one
//! harness that every test binary and `examples/bench` share through
//! `#[path]`.
//!
//! Two ways to run it:
//! - in process ([`start_in_process`]): `Application::build` on port 0, the
//!   server spawned on the test's own runtime. Fast, and the way most tests
//!   reach the app.
//! - the real binary ([`Server`]): `ticked serve` as a child process, with
//!   an empty environment (but PATH) and a working directory of its own, so
//!   that neither the developer's settings nor a `.env` file leak in. For
//!   what needs a process: `kill -9`, SIGTERM, a restart, several instances,
//!   its memory.
//!
//! Both start bcrypt at its lowest cost (4) unless told otherwise: a test
//! that logs in does not need production's 12.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use ticked::config::Config;
use ticked::startup::Application;

/// How long any one wait on the real binary may take in a test.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// How often a start-up polls `/healthz`: often, because the benchmark
/// reads the start-up time off it.
const POLL: Duration = Duration::from_millis(2);

/// A free port on 127.0.0.1 (free when this returns, at least).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Starts ticked inside this process on `db_url`, on a free port, bcrypt at
/// cost 4, with `settings` overriding any of that; returns its address
/// (`http://127.0.0.1:PORT`). It serves on the caller's runtime until that
/// ends.
pub async fn start_in_process(db_url: &str, settings: &[(&str, &str)]) -> String {
    let config = Config::from_lookup(|name| {
        if let Some((_, value)) = settings.iter().find(|(key, _)| *key == name) {
            return Some((*value).to_owned());
        }
        match name {
            "DATABASE_URL" => Some(db_url.to_owned()),
            "BIND" => Some("127.0.0.1:0".to_owned()),
            "BCRYPT_COST" => Some("4".to_owned()),
            _ => None,
        }
    })
    .expect("a valid test configuration");
    let app = Application::build(config).await.expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    address
}

/// The executable `exe` with an empty environment (but PATH), working in
/// `dir`, reading nothing from standard input.
pub fn command(exe: &Path, dir: &Path) -> Command {
    let mut command = Command::new(exe);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .current_dir(dir)
        .stdin(Stdio::null());
    command
}

/// `ticked serve` running on a port of its own, its standard error in a
/// log file; killed if dropped running.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub log: PathBuf,
    /// When the process was started, for the start-up time.
    started: Instant,
}

impl Server {
    /// Starts `exe serve` on the database `db` (a file path or a PostgreSQL
    /// URL) and waits for its `/healthz` (failing the test after
    /// [`TIMEOUT`]).
    pub async fn start(exe: &Path, dir: &Path, db: &str, settings: &[(&str, &str)]) -> Self {
        Self::spawn(exe, dir, db, settings).healthy().await
    }

    /// Starts `exe serve` on `db`, working in `dir`, with `settings` added
    /// (BCRYPT_COST 4 and RUST_LOG warn unless they say otherwise), without
    /// waiting for it.
    pub fn spawn(exe: &Path, dir: &Path, db: &str, settings: &[(&str, &str)]) -> Self {
        let mut command = command(exe, dir);
        command
            .arg("serve")
            .env("DATABASE_URL", db)
            .env("BCRYPT_COST", "4")
            .env("RUST_LOG", "warn")
            .envs(settings.iter().copied());
        Self::launch(command, dir)
    }

    /// Runs `command` (a `ticked serve` of the caller's making) on a free
    /// port, its standard error in `dir/server-PORT.log`, without waiting.
    pub fn launch(mut command: Command, dir: &Path) -> Self {
        let port = free_port();
        let log = dir.join(format!("server-{port}.log"));
        command
            .env("BIND", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"));
        let started = Instant::now();
        Self {
            child: command.spawn().expect("the ticked binary starts"),
            base: format!("http://127.0.0.1:{port}"),
            log,
            started,
        }
    }

    /// Waits for `/healthz` to answer 200, failing the test if the server
    /// exits or takes longer than [`TIMEOUT`].
    pub async fn healthy(self) -> Self {
        self.healthy_within(TIMEOUT).await
    }

    /// Like [`healthy`](Self::healthy), with a timeout of the caller's.
    pub async fn healthy_within(mut self, timeout: Duration) -> Self {
        if let Err(why) = self.wait_healthy(timeout).await {
            panic!("{why}");
        }
        self
    }

    /// Waits for `/healthz` to answer 200; returns the time from the start
    /// of the process, or why it did not come (with the server's log).
    pub async fn wait_healthy(&mut self, timeout: Duration) -> Result<Duration, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(500))
            .build()
            .map_err(|err| format!("no HTTP client: {err}"))?;
        let url = self.url("/healthz");
        let waiting = Instant::now();
        loop {
            if let Ok(response) = client.get(&url).send().await
                && response.status() == reqwest::StatusCode::OK
            {
                return Ok(self.started.elapsed());
            }
            if !matches!(self.child.try_wait(), Ok(None)) {
                return Err(format!("the server exited early: {}", self.log()));
            }
            if waiting.elapsed() >= timeout {
                return Err(format!("no /healthz within {timeout:?}: {}", self.log()));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the server has written to its standard error so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `kill -9`: no chance to flush or clean up anything.
    pub fn kill_9(&mut self) {
        self.child.kill().expect("SIGKILL is sent");
        self.child.wait().expect("the killed server is reaped");
    }

    /// `kill -TERM`: the polite way to stop a server.
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(sent.success());
    }

    /// Waits up to [`TIMEOUT`] for the server to exit; `None` if it is
    /// still running.
    pub async fn exit_status(mut self) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < TIMEOUT {
            if let Some(status) = self.child.try_wait().expect("the child can be waited on") {
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        None
    }

    /// Peak resident memory so far, in MiB (Linux).
    pub fn peak_memory_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            drop(self.child.kill());
            drop(self.child.wait());
        }
    }
}
