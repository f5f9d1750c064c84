//! The benchmark's databases: a small one (one user, fifty tasks whose
//! titles need escaping, an API token), a large one (`ticked::seed`), and a
//! scratch database on a PostgreSQL server.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::connection::SimpleConnection;
use ticked::auth::token_hash;
use ticked::config::{Backend, PoolOptions};
use ticked::db::Database;
use ticked::domain::{Due, Priority, TaskInput, TaskNotes, TaskTitle, Username};
use ticked::models::{self, api_token, task, user};
use ticked::seed::{self, SEED_PASSWORD, SeedPlan};

use crate::{PASSWORD, TOKEN, USER};

/// One user with 50 tasks whose titles need escaping, and an API token,
/// in the database `url` names (a SQLite file is made afresh).
pub fn seed_small(url: &str) -> anyhow::Result<()> {
    if Backend::of(url) == Backend::Sqlite {
        drop(std::fs::remove_file(url));
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
        task::create(&mut conn, user.id, None, &input, None)?
            .map_err(|refused| anyhow::anyhow!("{refused}"))?;
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

pub fn seed_large(path: &Path, plan: SeedPlan) -> anyhow::Result<()> {
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
pub struct ScratchPostgres {
    pub server: String,
    pub name: String,
    pub url: String,
}

impl ScratchPostgres {
    pub fn create(server: &str) -> anyhow::Result<Self> {
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
            drop(admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            )));
        }
    }
}
