//! The `sessions` table: server-side session state, found by the hash of the
//! key the browser holds. See `auth::session_store` for how actix-session
//! uses it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{sessions, users};
use crate::models::user::User;
use crate::on_backend;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    pub key_hash: String,
    pub user_id: Option<i64>,
    pub state: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub public_id: Option<String>,
}

/// What a save writes besides the key: the state, and the parts of it kept
/// in their own columns so they can be queried (whose session, from where).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = sessions, treat_none_as_null = true)]
pub struct SessionData<'a> {
    pub user_id: Option<i64>,
    pub state: &'a str,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub public_id: Option<String>,
}

/// The session with this key hash, unless it has expired (past its
/// absolute end, or unused since `idle_cutoff`), and its user if it has
/// one: in one query, because the user is needed on nearly every request
/// and a second query would be a second trip to the database.
pub fn find_live_with_user(
    conn: &mut DbConnection,
    key_hash: &str,
    now: NaiveDateTime,
    idle_cutoff: NaiveDateTime,
) -> QueryResult<Option<(SessionRow, Option<User>)>> {
    // Every page runs it: on the backend's own connection (see `on_backend`).
    on_backend!(conn, conn => sessions::table
        .left_join(users::table)
        .filter(sessions::key_hash.eq(key_hash))
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::last_seen_at.gt(idle_cutoff))
        .select((SessionRow::as_select(), Option::<User>::as_select()))
        .first(conn)
        .optional())
}

pub fn insert(
    conn: &mut DbConnection,
    key_hash: &str,
    data: &SessionData<'_>,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::key_hash.eq(key_hash),
            sessions::user_id.eq(data.user_id),
            sessions::state.eq(data.state),
            sessions::ip.eq(data.ip.as_deref()),
            sessions::user_agent.eq(data.user_agent.as_deref()),
            sessions::public_id.eq(data.public_id.as_deref()),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// Replaces the state of a session; the number of rows changed is 0 when
/// the session has meanwhile been ended.
pub fn update(
    conn: &mut DbConnection,
    key_hash: &str,
    data: &SessionData<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sessions::table.filter(sessions::key_hash.eq(key_hash)))
        .set((data, sessions::last_seen_at.eq(now)))
        .execute(conn)
}

pub fn touch(conn: &mut DbConnection, key_hash: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(sessions::table.filter(sessions::key_hash.eq(key_hash)))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
}

pub fn delete(conn: &mut DbConnection, key_hash: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::key_hash.eq(key_hash))).execute(conn)
}

/// Ends every session of a user but the one named `keep`: on every
/// instance, at once, because the next request of each finds no row.
pub fn delete_for_user(
    conn: &mut DbConnection,
    user_id: i64,
    keep: Option<&str>,
) -> QueryResult<usize> {
    let mut delete =
        diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).into_boxed();
    if let Some(keep) = keep {
        delete = delete.filter(
            sessions::public_id
                .is_null()
                .or(sessions::public_id.ne(keep)),
        );
    }
    delete.execute(conn)
}

/// Ends one session of a user, named by its public id.
pub fn delete_by_public_id(
    conn: &mut DbConnection,
    user_id: i64,
    public_id: &str,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::public_id.eq(public_id)),
    )
    .execute(conn)
}

/// A user's live sessions, most recently used first.
pub fn list_for_user(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
    idle_cutoff: NaiveDateTime,
) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::last_seen_at.gt(idle_cutoff))
        .order(sessions::last_seen_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

pub fn purge_expired(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    idle_cutoff: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::delete(
        sessions::table.filter(
            sessions::expires_at
                .le(now)
                .or(sessions::last_seen_at.le(idle_cutoff)),
        ),
    )
    .execute(conn)
}
