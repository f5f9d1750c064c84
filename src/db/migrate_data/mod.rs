//! **Moving between backends**: `ticked migrate-data` copies a whole SQLite
//! installation into a new PostgreSQL database, for the day one machine is
//! no longer enough.
//!
//! It is a copy of rows, not of files: each table is read from SQLite and
//! written to PostgreSQL through the same diesel schema, in dependency
//! order (users before the rows that point at them), a batch at a time.
//! Ids are copied as they are, because they are in URLs, API clients and
//! other rows; PostgreSQL's id sequences are then moved past them, since a
//! `BIGSERIAL` only counts up from where it was told. Password hashes,
//! token hashes, sessions and the session key in `settings` come along
//! unchanged, so nobody has to log in again or make a new token.
//!
//! Two transactions make it all-or-nothing. On the source, one read
//! transaction is one snapshot: every table is read as of the same moment,
//! even if a server is still writing. On the target, everything is written
//! in one transaction, so a failure half-way (a row PostgreSQL refuses, a
//! lost connection, Ctrl-C) leaves the target as empty as it was, and
//! running the command again is safe. Every table's number of rows is
//! checked on both sides before the commit.
//!
//! The lists' task counts are the one thing not copied: they are derived
//! from `tasks`, and PostgreSQL keeps them with a trigger on `tasks`, so
//! copying them as well would count every task twice. They are counted
//! afresh from the copied tasks instead, and checked against them. So is
//! the CalDAV change log, after which every list's sync floor is its seq
//! (CalDAV clients sync afresh).

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text};
use diesel::sqlite::SqliteConnection;

mod rows;

use rows::{
    ApiTokenRow, ById, ByKey, LimitEventRow, ListRow, MemberRow, SessionRow, SettingRow,
    TaskLabelRow, TaskRow, TrashRow, UserRow,
};

use super::schema::{limit_events, lists, sessions, settings, tasks, users};
use super::{Database, DbConnection};
use crate::config::{Backend, PoolOptions, redacted};

/// Rows per `INSERT`. The widest table (trash, 16 columns) then binds 16,000
/// values, well under PostgreSQL's 65,535 per statement, and a batch is
/// large enough that the round trips do not dominate.
const BATCH: i64 = 1_000;

/// How long opening either database may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// At most this often a progress line, however fast the batches go.
const REPORT_EVERY: Duration = Duration::from_millis(500);

/// What was copied: each table, in the order it was copied, with its
/// number of rows (the same in source and target: that was checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub tables: Vec<(&'static str, u64)>,
}

/// Copies the SQLite database at `from` into the empty PostgreSQL database
/// at `to`, calling `progress(table, rows copied, rows in table)` as it
/// goes. Both databases are first brought up to this version's migrations.
pub fn migrate_data(
    from: &str,
    to: &str,
    mut progress: impl FnMut(&str, u64, u64),
) -> anyhow::Result<Summary> {
    if Backend::of(from) != Backend::Sqlite {
        bail!("--from must be the path of a SQLite database file, not a PostgreSQL URL");
    }
    // Opening a missing path would create an empty database and copy that:
    // a "success" that moves nothing and leaves a stray file behind.
    if !Path::new(from).is_file() {
        bail!("there is no SQLite database file at {from:?}");
    }
    if Backend::of(to) != Backend::Postgres {
        bail!("--to must be a PostgreSQL URL (postgres://USER:PASSWORD@HOST/DATABASE), not {to:?}");
    }

    let options = PoolOptions::single(CONNECT_TIMEOUT);
    let source = Database::connect(from, options)
        .with_context(|| format!("cannot open the source database {from:?}"))?;
    let target = Database::connect(to, options)
        .with_context(|| format!("cannot open the target database {}", redacted(to)))?;
    let mut source = source.blocking_conn()?;
    let mut target = target.blocking_conn()?;
    let (DbConnection::Sqlite(source), DbConnection::Postgres(target)) =
        (&mut *source, &mut *target)
    else {
        bail!("the source must be SQLite and the target PostgreSQL");
    };

    let mut progress = Progress {
        report: &mut progress,
        last: Instant::now(),
    };
    // An error anywhere rolls the target's transaction back, so whatever
    // went wrong, the answer to "what is in the target now?" is the same.
    source
        .transaction(|source| {
            target.transaction(|target| copy_everything(source, target, &mut progress))
        })
        .context("nothing was copied")
}

/// The whole copy, inside the source's snapshot and the target's
/// transaction.
fn copy_everything(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    progress: &mut Progress<'_>,
) -> anyhow::Result<Summary> {
    make_room(target)?;
    let tables = vec![
        ("users", copy_by_id::<UserRow>(source, target, progress)?),
        ("settings", copy_settings(source, target, progress)?),
        (
            "sessions",
            copy_by_id::<SessionRow>(source, target, progress)?,
        ),
        (
            "api_tokens",
            copy_by_id::<ApiTokenRow>(source, target, progress)?,
        ),
        ("lists", copy_by_id::<ListRow>(source, target, progress)?),
        (
            "list_members",
            copy_by_key::<MemberRow>(source, target, progress)?,
        ),
        // The triggers on `tasks` count them into their lists as they go
        // in, once per batch; checked below.
        ("tasks", copy_by_id::<TaskRow>(source, target, progress)?),
        (
            "task_labels",
            copy_by_key::<TaskLabelRow>(source, target, progress)?,
        ),
        ("trash", copy_by_id::<TrashRow>(source, target, progress)?),
        (
            "limit_events",
            copy_by_id::<LimitEventRow>(source, target, progress)?,
        ),
    ];
    copy_parents(source, target)?;
    check_list_counts(target)?;
    // The change log (`dav_changes`) is not copied but written afresh by
    // the triggers: a CalDAV client's token from before the move is below
    // the floor, and the client starts over rather than miss a change.
    diesel::update(lists::table)
        .set(lists::sync_floor.eq(lists::sync_seq))
        .execute(target)?;
    Ok(Summary { tables })
}

/// Refuses a target that already holds someone's data: merging two
/// installations would clash on ids, and a second run must not add
/// everything twice.
///
/// A target with no users and no tasks holds nothing anyone would miss,
/// but it is not necessarily bare: a server started on it once (to check
/// the connection, say) has stored its own session key and perhaps a
/// visitor's anonymous session or a failed login. Those rows would clash
/// with the copied ones and the source's session key must win for the old
/// cookies to keep working, so they are removed (inside the transaction,
/// so only if the copy succeeds).
fn make_room(target: &mut PgConnection) -> anyhow::Result<()> {
    let users: i64 = users::table.count().get_result(target)?;
    let tasks: i64 = tasks::table.count().get_result(target)?;
    if users > 0 || tasks > 0 {
        bail!(
            "the target database is not empty ({users} users, {tasks} tasks); \
             migrate-data only copies into a new, empty database"
        );
    }
    diesel::delete(sessions::table).execute(target)?;
    diesel::delete(limit_events::table).execute(target)?;
    diesel::delete(settings::table).execute(target)?;
    Ok(())
}

/// Calls the caller's progress function once per table when it is done,
/// and in between at most every [`REPORT_EVERY`].
struct Progress<'a> {
    report: &'a mut dyn FnMut(&str, u64, u64),
    last: Instant,
}

impl Progress<'_> {
    fn batch(&mut self, table: &str, copied: u64, total: u64) {
        if copied < total && self.last.elapsed() >= REPORT_EVERY {
            (self.report)(table, copied, total);
            self.last = Instant::now();
        }
    }

    fn finished(&mut self, table: &str, copied: u64, total: u64) {
        (self.report)(table, copied, total);
        self.last = Instant::now();
    }
}

/// Copies one table and moves its id sequence past the copied ids; returns
/// the number of rows.
fn copy_by_id<T: ById>(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    progress: &mut Progress<'_>,
) -> anyhow::Result<u64> {
    let table = T::TABLE;
    let total = count(T::count_source(source)?);
    let mut copied = 0;
    // Paging by id ("after the last one seen") rather than by OFFSET: each
    // batch is then an index lookup, not a scan past every earlier row.
    let mut last_id = i64::MIN;
    loop {
        let rows = T::batch_after(source, last_id)
            .with_context(|| format!("cannot read {table} from the source"))?;
        let Some(last) = rows.last() else {
            break;
        };
        last_id = last.id();
        T::insert(target, &rows).with_context(|| format!("cannot copy {table}"))?;
        copied += rows.len() as u64;
        progress.batch(table, copied, total);
    }
    progress.finished(table, copied, total);

    let in_target = count(T::count_target(target)?);
    if copied != total || in_target != total {
        bail!(
            "{table}: the source has {total} rows, {copied} were copied \
             and the target has {in_target}"
        );
    }
    if T::SEQUENCE {
        move_sequence_past(source, target, table, last_id)?;
    }
    Ok(total)
}

/// Sets `table`'s id sequence so that the next id PostgreSQL hands out is
/// above every id the table has ever used.
///
/// "Ever", not just "now": SQLite's `AUTOINCREMENT` never reuses the id of
/// a deleted row (it remembers the highest in `sqlite_sequence`), so a
/// script that deleted task 50 gets a 404 for `/api/tasks/50` forever. The
/// move must not turn that into someone's new task.
fn move_sequence_past(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &str,
    last_id: i64,
) -> anyhow::Result<()> {
    #[derive(QueryableByName)]
    struct Sequence {
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let highest_ever = diesel::sql_query("SELECT seq FROM sqlite_sequence WHERE name = ?")
        .bind::<Text, _>(table)
        .get_result::<Sequence>(source)
        .optional()?
        .map_or(0, |s| s.seq);
    let next = last_id.max(highest_ever).saturating_add(1);
    // `false`: `next` itself is the next id, not the one after it.
    diesel::sql_query("SELECT setval(pg_get_serial_sequence($1, 'id'), $2, false)")
        .bind::<Text, _>(table)
        .bind::<BigInt, _>(next)
        .execute(target)
        .with_context(|| format!("cannot move the id sequence of {table}"))?;
    Ok(())
}

/// `settings` is keyed by name and holds a handful of rows: one batch.
fn copy_settings(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    progress: &mut Progress<'_>,
) -> anyhow::Result<u64> {
    let rows: Vec<SettingRow> = settings::table
        .order(settings::name)
        .select(SettingRow::as_select())
        .load(source)
        .context("cannot read settings from the source")?;
    diesel::insert_into(settings::table)
        .values(&rows)
        .execute(target)
        .context("cannot copy settings")?;
    let copied = rows.len() as u64;
    progress.finished("settings", copied, copied);
    let in_target = count(settings::table.count().get_result(target)?);
    if in_target != copied {
        bail!("settings: {copied} rows were copied and the target has {in_target}");
    }
    Ok(copied)
}

/// Copies a table keyed by two columns, in batches in the order of its key.
fn copy_by_key<T: ByKey>(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    progress: &mut Progress<'_>,
) -> anyhow::Result<u64> {
    let table = T::TABLE;
    let total = count(T::count_source(source)?);
    let mut copied = 0;
    let mut last: Option<T::Key> = None;
    loop {
        let rows = T::batch_after(source, last.as_ref())
            .with_context(|| format!("cannot read {table} from the source"))?;
        let Some(row) = rows.last() else {
            break;
        };
        last = Some(row.key());
        T::insert(target, &rows).with_context(|| format!("cannot copy {table}"))?;
        copied += rows.len() as u64;
        progress.batch(table, copied, total);
    }
    progress.finished(table, copied, total);
    let in_target = count(T::count_target(target)?);
    if copied != total || in_target != total {
        bail!(
            "{table}: the source has {total} rows, {copied} were copied \
             and the target has {in_target}"
        );
    }
    Ok(total)
}

/// Sets every subtask's parent, once all the tasks are there (a parent can
/// have a higher id than its subtask).
fn copy_parents(source: &mut SqliteConnection, target: &mut PgConnection) -> anyhow::Result<()> {
    let pairs: Vec<(i64, Option<i64>)> = tasks::table
        .filter(tasks::parent_id.is_not_null())
        .order(tasks::id)
        .select((tasks::id, tasks::parent_id))
        .load(source)
        .context("cannot read the subtasks' parents from the source")?;
    for batch in pairs.chunks(10_000) {
        let (ids, parents): (Vec<i64>, Vec<i64>) = batch
            .iter()
            .filter_map(|(id, parent)| parent.map(|parent| (*id, parent)))
            .unzip();
        // Two arrays, one statement: PostgreSQL pairs them up by place.
        diesel::sql_query(
            "UPDATE tasks SET parent_id = given.parent_id \
             FROM unnest($1, $2) AS given(id, parent_id) WHERE tasks.id = given.id",
        )
        .bind::<Array<BigInt>, _>(ids)
        .bind::<Array<BigInt>, _>(parents)
        .execute(target)
        .context("cannot copy the subtasks' parents")?;
    }
    let in_target: i64 = tasks::table
        .filter(tasks::parent_id.is_not_null())
        .count()
        .get_result(target)?;
    if count(in_target) != pairs.len() as u64 {
        bail!(
            "tasks: the source has {} subtasks and the target {in_target}",
            pairs.len()
        );
    }
    Ok(())
}

/// Checks that every list's kept counts agree with its tasks.
fn check_list_counts(target: &mut PgConnection) -> anyhow::Result<()> {
    #[derive(QueryableByName)]
    struct Wrong {
        #[diesel(sql_type = BigInt)]
        lists: i64,
    }
    let wrong = diesel::sql_query(
        "SELECT COUNT(*) AS lists FROM lists \
         LEFT JOIN ( \
             SELECT list_id, \
                    COUNT(*) FILTER (WHERE NOT completed) AS open, \
                    COUNT(*) FILTER (WHERE completed) AS done \
             FROM tasks GROUP BY list_id \
         ) AS actual ON actual.list_id = lists.id \
         WHERE COALESCE(actual.open, 0) <> lists.open_tasks \
            OR COALESCE(actual.done, 0) <> lists.done_tasks",
    )
    .get_result::<Wrong>(target)?
    .lists;
    if wrong > 0 {
        bail!("the task counts of {wrong} lists disagree with their tasks");
    }
    Ok(())
}

/// A `COUNT(*)`, which is never negative.
fn count(rows: i64) -> u64 {
    u64::try_from(rows).unwrap_or(0)
}
