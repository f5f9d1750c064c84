//! The models: the **queries**, one file per table, each holding that
//! table's row types and every query that touches it, so that all SQL about
//! tasks is in one place (`task/`, split by what its queries do).
//! `account` holds the writes that span two tables.
//!
//! Authorization lives in the queries themselves: every function in
//! [`task`], [`list`] and [`member`] takes the id of the user asking and
//! puts "the lists shared with this user, at a level that allows this" in
//! its `WHERE` clause (`member::lists_where`, from the rule in
//! `domain::access`). A list or task of someone else's is not "forbidden",
//! it is simply not found; one the user may see but not change comes back
//! as a refusal saying which level it needs.

pub mod account;
pub mod api_token;
pub mod feed;
pub mod limit_event;
pub mod list;
pub mod member;
pub mod session;
pub mod setting;
pub mod task;
pub mod user;

use chrono::{NaiveDateTime, SubsecRound, Utc};

/// The current time as stored: UTC, without an offset, to the microsecond
/// (what PostgreSQL keeps; SQLite would keep more, and a time must read
/// back the same from either).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same in SQLite and PostgreSQL.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
