//! Changes to an account that reach beyond the `users` table, in one
//! transaction: a new password or a disabled account ends the account's
//! sessions at once (on every instance, because the next request of each
//! finds no row), so that whoever knew the old password, or used the
//! account before it was disabled, is logged out everywhere.
//!
//! These live apart from `user` and `session` so that each of those files
//! keeps to its own table and neither needs the other.

use diesel::QueryResult;

use super::user::{self, LastAdmin};
use super::{member, session};
use crate::db::DbConnection;

/// Replaces the account's password hash and ends every session of it but
/// `keep` (the public id of the session changing its own password).
pub fn set_password(
    conn: &mut DbConnection,
    id: i64,
    hash: &str,
    keep: Option<&str>,
) -> QueryResult<()> {
    user::set_password_hash(conn, id, hash)?;
    session::delete_for_user(conn, id, keep).map(drop)
}

/// Disables or enables an account; disabling ends its sessions and its
/// memberships of other people's lists (its own lists stay, with whoever
/// they are shared with). Never the last administrator who can log in.
pub fn set_disabled(
    conn: &mut DbConnection,
    id: i64,
    disabled: bool,
) -> QueryResult<Result<(), LastAdmin>> {
    let changed = user::set_disabled(conn, id, disabled)?;
    if changed.is_ok() && disabled {
        session::delete_for_user(conn, id, None)?;
        member::leave_all_shared(conn, id)?;
    }
    Ok(changed)
}
