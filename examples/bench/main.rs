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

mod dav;
mod lists;
mod load;
mod report;
mod scenarios;
mod seed;
// Shared with the tests: starting the real binary and waiting for it. It
// fails the way a test does, with `expect`: here, a failed measurement.
#[allow(dead_code, clippy::expect_used)]
#[path = "../../tests/common/server.rs"]
mod server;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;
use ticked::seed::SeedPlan;

use crate::report::{compare_pages, large_targets, print_table, print_targets, small_targets};
use crate::scenarios::{Ticked, measure_large, measure_small};
use crate::seed::{ScratchPostgres, seed_large, seed_small};

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
    /// The large database.
    #[command(flatten)]
    plan: SeedPlan,
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
/// The user with 20 lists, 5 of them shared with them.
const LISTS_USER: &str = "lister";

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let binary = build_release()?;
    let temp = tempfile::tempdir()?;
    let dir = args.dir.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir)?;
    let ticked = Ticked {
        binary,
        dir: dir.clone(),
    };
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
    let seeded = step("seeding the small database", || seed_small(small))?;
    let small_rows = runtime.block_on(measure_small(&ticked, small, &seeded, &args))?;
    print_table("small database (50 tasks on the page)", &small_rows);
    print_targets("targets, small database", &small_targets(&small_rows));

    if let Some(server) = &args.postgres {
        let scratch = ScratchPostgres::create(server)?;
        let seeded = step("seeding the small database on PostgreSQL", || {
            seed_small(&scratch.url)
        })?;
        let rows = runtime.block_on(measure_small(&ticked, &scratch.url, &seeded, &args))?;
        print_table("small database on PostgreSQL (50 tasks on the page)", &rows);
    }

    if args.large {
        let large = dir.join("large.db");
        let plan = args.plan;
        seed_large(&large, plan)?;
        let large_rows = runtime.block_on(measure_large(&ticked, &large, &args))?;
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
    // Absolute: the server runs in a working directory of its own.
    let binary = PathBuf::from(target).join("release").join("ticked");
    std::fs::canonicalize(&binary).with_context(|| format!("no {}", binary.display()))
}

fn step<T>(what: &str, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let start = Instant::now();
    eprint!("{what}...");
    let result = work()?;
    eprintln!(" done in {:.1} s", start.elapsed().as_secs_f64());
    Ok(result)
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
