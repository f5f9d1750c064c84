//! The benchmark's databases: a small one (one user, fifty tasks whose
//! titles need escaping, an API token; and a user with 20 lists, 5 of them
//! shared with them), a large one (`ticked::seed`), and a scratch database
//! on a PostgreSQL server.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{Days, NaiveDate};
use diesel::connection::SimpleConnection;
use ticked::auth::token_hash;
use ticked::config::{Backend, PoolOptions};
use ticked::db::Database;
use ticked::db::DbConnection;
use ticked::domain::{
    Due, Labels, Level, ListInput, ListName, Priority, TaskInput, TaskNotes, TaskTitle, Username,
};
use ticked::models::task::Placement;
use ticked::models::{self, api_token, list, member, task, user};
use ticked::seed::{self, SEED_PASSWORD, SeedPlan};

use crate::{LISTS_USER, PASSWORD, TOKEN, USER, dav};

/// What the scenarios need to know of the small database.
pub struct Seeded {
    /// One of the lists shared with [`LISTS_USER`].
    pub shared_list: i64,
    /// [`LISTS_USER`]'s list of 500 tasks in a three-level tree.
    pub tree_list: i64,
    /// The list of 10,000 tasks a phone syncs (`dav`).
    pub sync_list: i64,
}

/// Lists of [`LISTS_USER`]: their own (the default one among them), and
/// those another user shares with them at write.
const OWN_LISTS: usize = 15;
const SHARED_LISTS: usize = 5;

/// One user with 50 tasks whose titles need escaping, and an API token;
/// and a user with 20 lists of 50 such tasks, 5 of the lists shared with
/// them; in the database `url` names (a SQLite file is made afresh).
pub fn seed_small(url: &str) -> anyhow::Result<Seeded> {
    if Backend::of(url) == Backend::Sqlite {
        drop(std::fs::remove_file(url));
    }
    let db = Database::connect(url, PoolOptions::single(Duration::from_secs(5)))?;
    let mut conn = db.blocking_conn()?;
    let hash = bcrypt::hash(PASSWORD, 12)?;
    // The first account, an administrator, as on a fresh server.
    let user = make_user(&mut conn, USER, &hash, true)?;
    add_tasks(&mut conn, user, None, |_| today())?;
    make_token(&mut conn, user, "bench", TOKEN)?;
    let mut seeded = seed_lists(&mut conn, &hash)?;
    let syncer = make_user(&mut conn, dav::SYNC_USER, &hash, false)?;
    eprint!(" {} tasks to sync:", dav::SYNC_TASKS);
    // One transaction: 10,000 commits would measure the disk, not ticked.
    seeded.sync_list = ticked::db::transaction(&mut conn, |conn| dav::seed(conn, syncer))?;
    Ok(seeded)
}

/// A personal access token (an app password, to a CalDAV client) of
/// `user`'s, named `name`.
pub fn make_token(
    conn: &mut DbConnection,
    user: i64,
    name: &str,
    token: &str,
) -> anyhow::Result<()> {
    api_token::create(
        conn,
        &api_token::NewApiToken {
            user_id: user,
            name,
            token_hash: &token_hash(token),
            last_chars: &token[token.len().saturating_sub(4)..],
            created_at: models::now(),
            expires_at: None,
        },
    )?;
    Ok(())
}

fn make_user(conn: &mut DbConnection, name: &str, hash: &str, admin: bool) -> anyhow::Result<i64> {
    let username = Username::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?;
    let user = user::create(conn, &username, hash, admin)?
        .map_err(|_| anyhow::anyhow!("the user {name} exists"))?;
    Ok(user.id)
}

/// 50 tasks whose titles and notes need escaping, each due on `due(n)`,
/// in `list` (or the user's default list).
fn add_tasks(
    conn: &mut DbConnection,
    user: i64,
    list: Option<i64>,
    due: fn(u64) -> NaiveDate,
) -> anyhow::Result<()> {
    for n in 1..=50 {
        let input = TaskInput {
            title: TaskTitle::parse(&format!("Task {n} <b>bold</b> & \"quoted\" 'text'"))
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            notes: TaskNotes::parse("Notes with <markup> & ampersands")
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            due: Due(Some(due(n))),
            priority: Priority::High,
            labels: Labels::default(),
            recurrence: None,
        };
        let place = Placement {
            list,
            ..Placement::default()
        };
        task::create(conn, user, &input, place)?.map_err(|refused| anyhow::anyhow!("{refused}"))?;
    }
    Ok(())
}

fn today() -> NaiveDate {
    models::now().date()
}

/// Three of an own list's fifty tasks due by today (the first of them two
/// days late), the rest in a month; one of a shared list's: Today shows 50
/// tasks from 20 lists, a page like the others.
fn mostly_later(n: u64) -> NaiveDate {
    match n {
        10 => today() - Days::new(2),
        25 | 40 => today(),
        _ => today() + Days::new(30),
    }
}

fn once_today(n: u64) -> NaiveDate {
    match n {
        25 => today(),
        _ => today() + Days::new(30),
    }
}

/// [`LISTS_USER`] with 15 lists of their own and 5 of a friend's, shared
/// with them at write; 50 tasks in each.
fn seed_lists(conn: &mut DbConnection, hash: &str) -> anyhow::Result<Seeded> {
    let lister = make_user(conn, LISTS_USER, hash, false)?;
    let friend = make_user(conn, "friend", hash, false)?;
    let named = |name: String| -> anyhow::Result<ListInput> {
        let name = ListName::parse(&name).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(ListInput { name, colour: None })
    };
    add_tasks(conn, lister, None, mostly_later)?;
    for n in 2..=OWN_LISTS {
        let made = list::create(conn, lister, &named(format!("Own list {n}"))?)?;
        add_tasks(conn, lister, Some(made.id), mostly_later)?;
    }
    let mut shared_list = 0;
    for n in 1..=SHARED_LISTS {
        let made = list::create(conn, friend, &named(format!("Shared list {n}"))?)?;
        add_tasks(conn, friend, Some(made.id), once_today)?;
        member::share(conn, friend, made.id, LISTS_USER, Level::Write)?
            .map_err(|refused| anyhow::anyhow!("{refused}"))?;
        shared_list = made.id;
    }
    let tree = list::create(conn, lister, &named("A tree".to_owned())?)?;
    add_tree(conn, lister, tree.id)?;
    Ok(Seeded {
        shared_list,
        tree_list: tree.id,
        sync_list: 0,
    })
}

/// 500 tasks in `list`, three levels deep: 20 tasks, each with 4
/// subtasks, each of those with 5. Added as people do, a subtask at a
/// time after its parent's others, so positions are where the app puts
/// them.
fn add_tree(conn: &mut DbConnection, user: i64, list: i64) -> anyhow::Result<()> {
    let mut add = |title: String, parent: Option<i64>| -> anyhow::Result<i64> {
        let input = TaskInput {
            title: TaskTitle::parse(&title).map_err(|e| anyhow::anyhow!("{e}"))?,
            notes: TaskNotes::default(),
            due: Due(None),
            priority: Priority::Normal,
            labels: Labels::parse(["errands"]).map_err(|e| anyhow::anyhow!("{e}"))?,
            recurrence: None,
        };
        let place = Placement {
            list: Some(list),
            parent,
            position: None,
        };
        Ok(task::create(conn, user, &input, place)?
            .map_err(|refused| anyhow::anyhow!("{refused}"))?
            .id)
    };
    for top in 1..=20 {
        let parent = add(format!("Project {top} & <co>"), None)?;
        for step in 1..=4 {
            let child = add(format!("Step {top}.{step}"), Some(parent))?;
            for detail in 1..=5 {
                add(format!("Detail {top}.{step}.{detail}"), Some(child))?;
            }
        }
    }
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
