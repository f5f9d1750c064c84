//! The `limit_events` table: attempts counted against a rate limit, kept in
//! the database so that every instance counts the same ones.

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::limit_events;

/// How many events `bucket` has had since `since`, and when the oldest of
/// them happened.
pub fn recent(
    conn: &mut DbConnection,
    bucket: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    limit_events::table
        .filter(limit_events::bucket.eq(bucket))
        .filter(limit_events::created_at.gt(since))
        .select((count_star(), min(limit_events::created_at)))
        .first(conn)
}

pub fn record(conn: &mut DbConnection, bucket: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(limit_events::table)
        .values((
            limit_events::bucket.eq(bucket),
            limit_events::created_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// Forgets a bucket's events: a successful login clears its account's
/// failures.
pub fn clear(conn: &mut DbConnection, bucket: &str) -> QueryResult<usize> {
    diesel::delete(limit_events::table.filter(limit_events::bucket.eq(bucket))).execute(conn)
}

/// Deletes events too old to count for anything.
pub fn purge_before(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(limit_events::table.filter(limit_events::created_at.le(before))).execute(conn)
}
