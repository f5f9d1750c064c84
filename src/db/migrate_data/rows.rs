//! The rows `migrate-data` copies: one struct per table, every column
//! included (what is read is what is written), and [`ById`], the few
//! queries each table's copy needs, written once for all of them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;

use super::BATCH;
use crate::db::schema::{
    api_tokens, limit_events, list_members, lists, sessions, settings, task_labels, tasks, trash,
    users,
};

/// A table with a `BIGSERIAL id`, copied in batches in id order.
pub(super) trait ById: Sized {
    const TABLE: &'static str;
    /// Whether ids come from the table's own sequence (`trash` keeps the
    /// ids its tasks had).
    const SEQUENCE: bool = true;
    fn id(&self) -> i64;
    fn count_source(source: &mut SqliteConnection) -> QueryResult<i64>;
    fn count_target(target: &mut PgConnection) -> QueryResult<i64>;
    /// The next batch: rows with an id above `after`, lowest first.
    fn batch_after(source: &mut SqliteConnection, after: i64) -> QueryResult<Vec<Self>>;
    fn insert(target: &mut PgConnection, rows: &[Self]) -> QueryResult<usize>;
}

/// Implements [`ById`] for a row struct of `$table`: the same few queries
/// for every table, written once.
macro_rules! by_id {
    ($row:ident, $table:ident $(, $sequence:literal)?) => {
        impl ById for $row {
            const TABLE: &'static str = stringify!($table);
            $(const SEQUENCE: bool = $sequence;)?

            fn id(&self) -> i64 {
                self.id
            }

            fn count_source(source: &mut SqliteConnection) -> QueryResult<i64> {
                $table::table.count().get_result(source)
            }

            fn count_target(target: &mut PgConnection) -> QueryResult<i64> {
                $table::table.count().get_result(target)
            }

            fn batch_after(source: &mut SqliteConnection, after: i64) -> QueryResult<Vec<Self>> {
                $table::table
                    .filter($table::id.gt(after))
                    .order($table::id)
                    .limit(BATCH)
                    .select(Self::as_select())
                    .load(source)
            }

            fn insert(target: &mut PgConnection, rows: &[Self]) -> QueryResult<usize> {
                diesel::insert_into($table::table)
                    .values(rows)
                    .execute(target)
            }
        }
    };
}

// One row struct per table, every column included: what is read is what is
// written. They live here rather than in `models` because nothing else
// should insert a row with its id already chosen.

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub(super) struct UserRow {
    id: i64,
    username: String,
    password_hash: String,
    is_admin: bool,
    is_disabled: bool,
    created_at: NaiveDateTime,
    last_login_at: Option<NaiveDateTime>,
}
by_id!(UserRow, users);

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = settings)]
pub(super) struct SettingRow {
    name: String,
    value: String,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub(super) struct SessionRow {
    id: i64,
    key_hash: String,
    user_id: Option<i64>,
    state: String,
    created_at: NaiveDateTime,
    last_seen_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    ip: Option<String>,
    user_agent: Option<String>,
    public_id: Option<String>,
}
by_id!(SessionRow, sessions);

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub(super) struct ApiTokenRow {
    id: i64,
    user_id: i64,
    name: String,
    token_hash: String,
    last_chars: String,
    created_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    expires_at: Option<NaiveDateTime>,
}
by_id!(ApiTokenRow, api_tokens);

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = lists)]
pub(super) struct ListRow {
    id: i64,
    owner_id: i64,
    name: String,
    colour: Option<String>,
    is_default: bool,
    // Without `open_tasks` and `done_tasks`: the triggers on `tasks` count
    // the copied tasks into them as they go in (checked after the copy);
    // copied too, every task would count twice.
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    // Copied, and moved on by the triggers as the tasks go in; then every
    // token a client holds is put below the floor (see `mod.rs`).
    sync_seq: i64,
    dav_name: Option<String>,
    feed_secret: Option<String>,
}
by_id!(ListRow, lists);

/// `list_members` has no id of its own (its key is the user and the list),
/// so it is copied in batches by that key.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = list_members)]
pub(super) struct MemberRow {
    user_id: i64,
    list_id: i64,
    level: i16,
    created_at: NaiveDateTime,
}

/// Every column but `parent_id`: a subtask's parent can have a higher id,
/// and so come in a later batch. [`super::copy_parents`] sets them after.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = tasks)]
pub(super) struct TaskRow {
    id: i64,
    list_id: i64,
    title: String,
    notes: String,
    completed: bool,
    due: Option<NaiveDate>,
    priority: i16,
    position: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    completed_at: Option<NaiveDateTime>,
    labels: String,
    rrule: Option<String>,
    repeat_from: String,
    completions: i64,
    last_done_at: Option<NaiveDateTime>,
    uid: String,
    dav_name: String,
    ical: Option<String>,
}
by_id!(TaskRow, tasks);

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = trash)]
pub(super) struct TrashRow {
    id: i64,
    list_id: i64,
    parent_id: Option<i64>,
    title: String,
    notes: String,
    completed: bool,
    due: Option<NaiveDate>,
    priority: i16,
    position: i64,
    labels: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    completed_at: Option<NaiveDateTime>,
    root_id: i64,
    trashed_at: NaiveDateTime,
    trashed_by: Option<i64>,
    rrule: Option<String>,
    repeat_from: String,
    completions: i64,
    last_done_at: Option<NaiveDateTime>,
    uid: String,
    dav_name: String,
    ical: Option<String>,
}
by_id!(TrashRow, trash, false);

/// `task_labels` is keyed by its task and label, and copied by that key.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = task_labels)]
pub(super) struct TaskLabelRow {
    task_id: i64,
    list_id: i64,
    label_key: String,
    label: String,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = limit_events)]
pub(super) struct LimitEventRow {
    id: i64,
    bucket: String,
    created_at: NaiveDateTime,
}
by_id!(LimitEventRow, limit_events);

/// A table keyed by two columns rather than an id (`list_members`,
/// `task_labels`), copied in batches in the order of its key.
pub(super) trait ByKey: Sized {
    const TABLE: &'static str;
    type Key;
    fn key(&self) -> Self::Key;
    fn count_source(source: &mut SqliteConnection) -> QueryResult<i64>;
    fn count_target(target: &mut PgConnection) -> QueryResult<i64>;
    /// The next batch: rows with a key above `after` (all, for `None`).
    fn batch_after(
        source: &mut SqliteConnection,
        after: Option<&Self::Key>,
    ) -> QueryResult<Vec<Self>>;
    fn insert(target: &mut PgConnection, rows: &[Self]) -> QueryResult<usize>;
}

/// Implements [`ByKey`] for a row struct of `$table` keyed by `($a, $b)`.
macro_rules! by_key {
    ($row:ident, $table:ident, ($a:ident: $a_type:ty, $b:ident: $b_type:ty)) => {
        impl ByKey for $row {
            const TABLE: &'static str = stringify!($table);
            type Key = ($a_type, $b_type);

            fn key(&self) -> Self::Key {
                (self.$a.clone(), self.$b.clone())
            }

            fn count_source(source: &mut SqliteConnection) -> QueryResult<i64> {
                $table::table.count().get_result(source)
            }

            fn count_target(target: &mut PgConnection) -> QueryResult<i64> {
                $table::table.count().get_result(target)
            }

            fn batch_after(
                source: &mut SqliteConnection,
                after: Option<&Self::Key>,
            ) -> QueryResult<Vec<Self>> {
                let mut batch = $table::table
                    .order(($table::$a, $table::$b))
                    .limit(BATCH)
                    .select(Self::as_select())
                    .into_boxed();
                if let Some((a, b)) = after {
                    batch = batch.filter(
                        $table::$a
                            .gt(a.clone())
                            .or($table::$a.eq(a.clone()).and($table::$b.gt(b.clone()))),
                    );
                }
                batch.load(source)
            }

            fn insert(target: &mut PgConnection, rows: &[Self]) -> QueryResult<usize> {
                diesel::insert_into($table::table)
                    .values(rows)
                    .execute(target)
            }
        }
    };
}

by_key!(MemberRow, list_members, (user_id: i64, list_id: i64));
by_key!(TaskLabelRow, task_labels, (task_id: i64, label_key: String));
