//! Instance-wide settings kept in the database, so that every process
//! serving one database agrees on them.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::settings;
use crate::on_backend;

/// The stored value of `name`; if there is none yet, stores `candidate`.
/// When two processes start at once, both insert, one wins, and both read
/// the winner's value back.
pub fn get_or_insert(conn: &mut DbConnection, name: &str, candidate: &str) -> QueryResult<String> {
    on_backend!(conn, conn => diesel::insert_into(settings::table)
        .values((settings::name.eq(name), settings::value.eq(candidate)))
        .on_conflict_do_nothing()
        .execute(conn))?;
    settings::table
        .find(name)
        .select(settings::value)
        .first(conn)
}
