//! Seeding: filling a database with many users and tasks, to measure ticked
//! at scale (`ticked seed`, used by the benchmark). Not for production data.
//!
//! Rows are inserted in large batches inside long transactions on one
//! connection: the fastest way into SQLite, and fine here because nothing
//! else is using the database.

use std::time::Instant;

use anyhow::{Context, bail};
use chrono::{Days, NaiveDate, TimeDelta};
use diesel::prelude::*;
use rand::Rng;
use rand::seq::IndexedRandom;

use crate::db::schema::{tasks, users};
use crate::db::{self, DbConnection};
use crate::domain::Labels;
use crate::models::task::{self, NewTask};
use crate::models::{list, now};
use crate::on_backend;

/// What to make: the options of `ticked seed`, and of the benchmark's
/// large database.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct SeedPlan {
    /// Users to make.
    #[arg(long, default_value_t = 10_000)]
    pub users: u32,
    /// Tasks of each of them.
    #[arg(long, default_value_t = 1_000)]
    pub tasks_per_user: u32,
    /// Tasks of one more user, `big` (0 for none).
    #[arg(long, default_value_t = 100_000)]
    pub big_user_tasks: u32,
}

/// Every seeded account has this password, so a benchmark can log in.
pub const SEED_PASSWORD: &str = "seeded password";

const WORDS: &[&str] = &[
    "buy", "milk", "call", "mum", "fix", "bike", "invoice", "report", "garden", "book", "dentist",
    "train", "tickets", "review", "draft", "email", "plan", "trip", "water", "plants", "pay",
    "rent", "clean", "kitchen", "return", "library", "renew", "passport", "backup", "laptop",
    "cook", "dinner", "walk", "dog", "read", "paper",
];

/// The labels seeded tasks carry: each task has none, or one or two of
/// these, so that a filter by one selects a tenth to a fifth of a list.
const LABELS: &[&str] = &["errands", "Work", "home", "waiting", "someday"];

/// Titles with characters that must be escaped in HTML, as real ones have.
const DECORATIONS: &[&str] = &["", "", "", " & co", " <urgent>", " \"asap\"", " 'maybe'"];

const BATCH: usize = 500;

/// A random, plausible task.
fn task(rng: &mut impl Rng, list_id: i64, position: i64, today: NaiveDate) -> NewTask {
    let words = rng.random_range(2..=5);
    let mut title: Vec<&str> = (0..words)
        .map(|_| *WORDS.choose(rng).unwrap_or(&"task"))
        .collect();
    let number = rng.random_range(1..10_000).to_string();
    title.push(&number);
    let title = format!(
        "{}{}",
        title.join(" "),
        DECORATIONS.choose(rng).unwrap_or(&"")
    );
    let completed = rng.random_bool(0.3);
    let uid = task::new_uid();
    let created_at = now() - TimeDelta::minutes(rng.random_range(0..500_000));
    NewTask {
        list_id,
        notes: if rng.random_bool(0.3) {
            format!("remember the {}", WORDS.choose(rng).unwrap_or(&"thing"))
        } else {
            String::new()
        },
        title,
        completed,
        due: rng
            .random_bool(0.4)
            .then(|| today - Days::new(30) + Days::new(rng.random_range(0..120))),
        priority: rng.random_range(0..=2),
        position,
        parent_id: None,
        labels: labels(rng).to_db(),
        rrule: None,
        repeat_from: "due".to_owned(),
        completions: 0,
        last_done_at: None,
        dav_name: task::dav_name_of(&uid),
        uid,
        ical: None,
        created_at,
        updated_at: created_at,
        completed_at: completed.then_some(created_at),
    }
}

/// None, or one or two of [`LABELS`], as real lists have.
fn labels(rng: &mut impl Rng) -> Labels {
    let count = match rng.random_range(0..10) {
        0..=5 => 0,
        6..=8 => 1,
        _ => 2,
    };
    let chosen: Vec<&str> = LABELS.choose_multiple(rng, count).copied().collect();
    Labels::parse(chosen).unwrap_or_default()
}

/// Fills an empty database; `progress` is called now and then with
/// (tasks written, tasks planned).
pub fn seed(
    conn: &mut DbConnection,
    plan: SeedPlan,
    password_hash: &str,
    mut progress: impl FnMut(u64, u64),
) -> anyhow::Result<()> {
    let existing: i64 = users::table.count().get_result(conn)?;
    if existing > 0 {
        bail!("the database already has {existing} users; seed an empty one");
    }
    let mut owners: Vec<(String, u32)> = (1..=plan.users)
        .map(|n| (format!("user{n:05}"), plan.tasks_per_user))
        .collect();
    if plan.big_user_tasks > 0 {
        owners.push(("big".to_owned(), plan.big_user_tasks));
    }
    let planned: u64 = owners.iter().map(|(_, n)| u64::from(*n)).sum();
    let today = now().date();
    let mut rng = rand::rng();
    let mut written = 0_u64;
    let mut last_report = Instant::now();
    let mut batch: Vec<NewTask> = Vec::with_capacity(BATCH);

    // One transaction per chunk of users keeps the journal small and lets a
    // Ctrl-C keep what was done.
    for (chunk_index, chunk) in owners.chunks(100).enumerate() {
        db::transaction(conn, |conn| -> anyhow::Result<()> {
            for (index, (username, count)) in chunk.iter().enumerate() {
                // The first account is the administrator, as in the app.
                let first = chunk_index == 0 && index == 0;
                let user_id: i64 = diesel::insert_into(users::table)
                    .values((
                        users::username.eq(username),
                        users::password_hash.eq(password_hash),
                        users::is_admin.eq(first),
                        users::is_disabled.eq(false),
                        users::created_at.eq(now()),
                    ))
                    .returning(users::id)
                    .get_result(conn)?;
                let list_id = list::create_default(conn, user_id)?.id;
                for position in 1..=i64::from(*count) {
                    batch.push(task(&mut rng, list_id, position, today));
                    if batch.len() == BATCH {
                        written += flush(conn, &mut batch)?;
                    }
                }
                written += flush(conn, &mut batch)?;
                if last_report.elapsed().as_millis() >= 500 {
                    progress(written, planned);
                    last_report = Instant::now();
                }
            }
            Ok(())
        })
        .context("cannot write the seeded rows")?;
    }
    progress(written, planned);
    Ok(())
}

fn flush(conn: &mut DbConnection, batch: &mut Vec<NewTask>) -> anyhow::Result<u64> {
    if batch.is_empty() {
        return Ok(0);
    }
    let rows = &*batch;
    let ids: Vec<i64> = on_backend!(conn, conn => diesel::insert_into(tasks::table)
        .values(rows)
        .returning(tasks::id)
        .get_results(conn))?;
    // Their labels, in the table a label filter reads.
    task::index_labels(conn, &ids)?;
    batch.clear();
    Ok(ids.len() as u64)
}
