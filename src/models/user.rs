//! The `users` table: accounts, their roles and their status.
//!
//! The rule "there is always an administrator who can log in" is kept here,
//! inside the write transaction that would break it, so no two requests
//! racing each other can demote, disable or delete the last one.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DieselError;
use serde::{Deserialize, Serialize};

use super::{list, lower, now};
use crate::db::schema::{lists, users};
use crate::db::{DbConnection, lock_accounts};
use crate::domain::Username;
use crate::on_backend;

/// An account. Serializable only so that the session store can hand the
/// user it loaded with the session to the extractors (never to a client).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, Deserialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub username: String,
    /// Never serialized: the user the session store loads with the session
    /// comes without it (see `auth::session_store`), so code that checks a
    /// password reads the hash from the database at that moment.
    #[serde(skip, default)]
    pub password_hash: String,
    pub is_admin: bool,
    pub is_disabled: bool,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
}

/// The username is in use (compared ignoring case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsernameTaken;

/// The change would leave no enabled administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastAdmin;

/// A user as the administrators' list shows them: with how many lists
/// they own and how many tasks those hold.
#[derive(Debug, Clone)]
pub struct UserWithTaskCount {
    pub user: User,
    pub list_count: i64,
    pub task_count: i64,
}

/// Makes an account, with its default list. It is an administrator if
/// `admin` is asked for, or if it is the first account ever: someone has
/// to be able to run the place.
pub fn create(
    conn: &mut DbConnection,
    username: &Username,
    password_hash: &str,
    admin: bool,
) -> QueryResult<Result<User, UsernameTaken>> {
    lock_accounts(conn)?;
    let first = users::table.count().get_result::<i64>(conn)? == 0;
    // DO NOTHING rather than catching the unique violation: on PostgreSQL
    // an error aborts the whole transaction, and the caller may go on.
    let values = (
        users::username.eq(username.as_str()),
        users::password_hash.eq(password_hash),
        users::is_admin.eq(admin || first),
        users::is_disabled.eq(false),
        users::created_at.eq(now()),
    );
    let inserted = on_backend!(conn, conn => diesel::insert_into(users::table)
        .values(values)
        .on_conflict_do_nothing()
        .returning(User::as_returning())
        .get_result(conn)
        .optional())?;
    match inserted {
        Some(user) => {
            list::create_default(conn, user.id)?;
            Ok(Ok(user))
        }
        None => Ok(Err(UsernameTaken)),
    }
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<User> {
    users::table.find(id).select(User::as_select()).first(conn)
}

/// The account with this name, ignoring case.
pub fn find_by_username(conn: &mut DbConnection, username: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(lower(users::username).eq(username.trim().to_ascii_lowercase()))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn record_login(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set(users::last_login_at.eq(now()))
        .execute(conn)
        .map(drop)
}

/// Every account, oldest first, with how many lists each owns and how
/// many tasks are in them (from the lists' kept counts: no task is read).
pub fn list_with_task_counts(conn: &mut DbConnection) -> QueryResult<Vec<UserWithTaskCount>> {
    let all = users::table
        .order(users::id.asc())
        .select(User::as_select())
        .load(conn)?;
    let mut owned: HashMap<i64, (i64, i64)> = HashMap::new();
    let lists: Vec<(i64, i64, i64)> = lists::table
        .select((lists::owner_id, lists::open_tasks, lists::done_tasks))
        .load(conn)?;
    for (owner, open, done) in lists {
        let entry = owned.entry(owner).or_default();
        *entry = (entry.0 + 1, entry.1 + open + done);
    }
    Ok(all
        .into_iter()
        .map(|user| {
            let (list_count, task_count) = owned.get(&user.id).copied().unwrap_or_default();
            UserWithTaskCount {
                list_count,
                task_count,
                user,
            }
        })
        .collect())
}

/// Replaces a password hash. (`account::set_password` also ends the
/// account's sessions, as a password change must.)
pub(super) fn set_password_hash(conn: &mut DbConnection, id: i64, hash: &str) -> QueryResult<()> {
    let changed = diesel::update(users::table.find(id))
        .set(users::password_hash.eq(hash))
        .execute(conn)?;
    if changed == 0 {
        return Err(DieselError::NotFound);
    }
    Ok(())
}

/// Whether `id` is the only administrator who can still log in. Takes the
/// accounts lock first, so the answer holds until the transaction ends.
fn is_last_admin(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    lock_accounts(conn)?;
    let others = users::table
        .filter(users::is_admin.eq(true))
        .filter(users::is_disabled.eq(false))
        .filter(users::id.ne(id))
        .count()
        .get_result::<i64>(conn)?;
    let user = find(conn, id)?;
    Ok(user.is_admin && !user.is_disabled && others == 0)
}

pub fn set_admin(
    conn: &mut DbConnection,
    id: i64,
    admin: bool,
) -> QueryResult<Result<(), LastAdmin>> {
    if !admin && is_last_admin(conn, id)? {
        return Ok(Err(LastAdmin));
    }
    diesel::update(users::table.find(id))
        .set(users::is_admin.eq(admin))
        .execute(conn)?;
    Ok(Ok(()))
}

/// Disables or enables an account. (`account::set_disabled` also ends
/// the account's sessions, as disabling must.)
pub(super) fn set_disabled(
    conn: &mut DbConnection,
    id: i64,
    disabled: bool,
) -> QueryResult<Result<(), LastAdmin>> {
    if disabled && is_last_admin(conn, id)? {
        return Ok(Err(LastAdmin));
    }
    diesel::update(users::table.find(id))
        .set(users::is_disabled.eq(disabled))
        .execute(conn)?;
    Ok(Ok(()))
}

/// Deletes an account; the lists it owns (with their tasks), its
/// memberships and its sessions go with it (ON DELETE CASCADE).
pub fn delete(conn: &mut DbConnection, id: i64) -> QueryResult<Result<(), LastAdmin>> {
    if is_last_admin(conn, id)? {
        return Ok(Err(LastAdmin));
    }
    diesel::delete(users::table.find(id)).execute(conn)?;
    Ok(Ok(()))
}
