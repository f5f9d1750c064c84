//! The `api_tokens` table: personal access tokens, for the JSON API (as
//! bearer tokens) and for CalDAV apps (as app passwords).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::user::User;
use crate::db::DbConnection;
use crate::db::schema::{api_tokens, users};
use crate::on_backend;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub last_chars: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
}

/// What authenticating needs of a token: which one it is, and when it
/// was last used (to note its use now and then). The rest of the row is
/// for the account page; a phone's sync every few minutes reads only this.
#[derive(Debug, Clone, Copy, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct TokenUse {
    pub id: i64,
    pub last_used_at: Option<NaiveDateTime>,
}

/// A token about to be stored: never the token itself, only its hash.
#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub last_chars: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

pub fn create(conn: &mut DbConnection, token: &NewApiToken<'_>) -> QueryResult<ApiToken> {
    on_backend!(conn, conn => diesel::insert_into(api_tokens::table)
        .values(token)
        .returning(ApiToken::as_returning())
        .get_result(conn))
}

/// The owner's tokens, newest first.
pub fn list(conn: &mut DbConnection, owner: i64) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(owner))
        .order(api_tokens::id.desc())
        .select(ApiToken::as_select())
        .load(conn)
}

/// Deletes one of the owner's tokens; returns it as it was.
pub fn revoke(conn: &mut DbConnection, owner: i64, id: i64) -> QueryResult<ApiToken> {
    on_backend!(conn, conn => diesel::delete(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::user_id.eq(owner)),
    )
    .returning(ApiToken::as_returning())
    .get_result(conn))
}

/// The token with this hash and its user, if the token has not expired and
/// the user is not disabled. Every API and DAV request makes this query:
/// it runs on the backend's own connection, where diesel keeps it
/// prepared (through the enum over both, it would build its SQL each time).
pub fn authenticate(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(TokenUse, User)>> {
    on_backend!(conn, conn => api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(
            api_tokens::expires_at
                .is_null()
                .or(api_tokens::expires_at.gt(now)),
        )
        .filter(users::is_disabled.eq(false))
        .select((TokenUse::as_select(), User::as_select()))
        .first(conn)
        .optional())
}

pub fn touch(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(api_tokens::table.find(id))
        .set(api_tokens::last_used_at.eq(now))
        .execute(conn)
        .map(drop)
}
