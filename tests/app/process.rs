//! The real binary: `ticked serve` as a child process on a port of its
//! own, for the tests that need a process to kill, restart, or run twice.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{Api, Browser, PASSWORD};

/// How long any one wait on the real binary may take.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// A free port on 127.0.0.1 (free when this returns, at least).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("a local address").port()
}

/// `ticked args` with an empty environment (but PATH) on the database
/// `db` (a file path or a PostgreSQL URL), working in `dir`.
pub fn ticked(dir: &Path, db: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ticked"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("DATABASE_URL", db)
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null());
    command
}

/// `ticked serve` running on a port of its own; killed if dropped running.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    /// Starts the binary on `db` and waits for its `/healthz`.
    pub async fn start(dir: &Path, db: &str, bcrypt_cost: u32) -> Self {
        let cost = bcrypt_cost.to_string();
        let server = Self::spawn(dir, db, &[("BCRYPT_COST", &cost)]);
        server.healthy().await
    }

    /// Starts the binary on `db` with `settings` added (BCRYPT_COST 4 and
    /// RUST_LOG warn unless they say otherwise), without waiting for it.
    pub fn spawn(dir: &Path, db: &str, settings: &[(&str, &str)]) -> Self {
        let port = free_port();
        let log = dir.join(format!("server-{port}.log"));
        let mut command = ticked(dir, db, &["serve"]);
        command
            .env("BIND", format!("127.0.0.1:{port}"))
            .env("BCRYPT_COST", "4")
            .env("RUST_LOG", "warn")
            .envs(settings.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"));
        Self {
            child: command.spawn().expect("the ticked binary starts"),
            base: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// Waits for the server's `/healthz` to answer 200 (failing the test
    /// if it exits or takes longer than [`TIMEOUT`]).
    pub async fn healthy(mut self) -> Self {
        let client = reqwest::Client::new();
        let start = Instant::now();
        loop {
            if let Ok(response) = client.get(self.url("/healthz")).send().await
                && response.status() == StatusCode::OK
            {
                return self;
            }
            assert!(
                matches!(self.child.try_wait(), Ok(None)),
                "the server exited early: {}",
                self.log()
            );
            assert!(
                start.elapsed() < TIMEOUT,
                "no /healthz within {TIMEOUT:?}: {}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

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

    /// Waits (off the async threads) for the server to exit.
    pub async fn exit_status(mut self) -> Option<ExitStatus> {
        tokio::task::spawn_blocking(move || {
            let start = Instant::now();
            while start.elapsed() < TIMEOUT {
                if let Some(status) = self.child.try_wait().expect("the child can be waited on") {
                    return Some(status);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            None
        })
        .await
        .expect("waiting finishes")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A browser (cookies kept, redirects not followed) on any base address.
pub fn browser_at(base: &str) -> Browser {
    Browser {
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client"),
        base: base.to_owned(),
    }
}

/// Registers `username` on the server at `base` and makes them a token.
pub async fn api_user_at(base: &str, username: &str) -> Api {
    let browser = browser_at(base);
    let response = browser.register(username, PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "registering");
    let token = browser.create_token("reliability", "never").await;
    Api {
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client"),
        base: base.to_owned(),
        token,
    }
}
