//! A list's iCalendar feed: a secret address (`lists.feed_secret`) that
//! gives the list's open tasks with a due date to calendar apps that can
//! only subscribe (Google Calendar, Outlook), with no login. The secret is
//! the whole of the authorization, like a shared link: who has the address
//! reads the feed, until an admin of the list makes a new one or revokes
//! it. So only those who manage the list (`Action::ManageFeed`: its
//! admins and owner) see, make or revoke it; a read member could otherwise
//! keep reading the list after being removed from it. The feed stops with
//! its owner's account: a disabled owner's list gives nothing.
//!
//! Unlike an API token, the secret is kept as it is, not as a hash: the
//! settings page shows the address again whenever someone who manages the
//! list wants to copy it into another app. So a copy of the database holds
//! the addresses too; making a new one ends the old.

use diesel::prelude::*;

use super::list::List;
use super::member::{self, lists_where};
use super::now;
use super::task::Task;
use crate::db::DbConnection;
use crate::db::schema::{lists, tasks, users};
use crate::domain::{Action, Refused};

/// Where every feed is served, before its secret (the access log writes
/// no further).
pub const PATH: &str = "/feeds/";

/// The path of the feed with `secret`.
pub fn path(secret: &str) -> String {
    format!("{PATH}{secret}.ics")
}

/// The feed secret of list `id`, if it has one and `user` may manage it.
pub fn secret(conn: &mut DbConnection, user: i64, id: i64) -> QueryResult<Option<String>> {
    Ok(lists::table
        .filter(lists::id.eq(id))
        .filter(lists::id.eq_any(lists_where(user, Action::ManageFeed)))
        .select(lists::feed_secret)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// Gives list `id` the feed secret `secret` (a new address; the old one
/// stops working), or none (`None`: revoked), if `user` may change the
/// list's settings.
pub fn set(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    secret: Option<&str>,
) -> QueryResult<Result<(), Refused>> {
    if let Err(refused) = member::check(conn, user, id, Action::ManageFeed)? {
        return Ok(Err(refused));
    }
    diesel::update(
        lists::table
            .filter(lists::id.eq(id))
            .filter(lists::id.eq_any(lists_where(user, Action::ManageFeed))),
    )
    .set((lists::feed_secret.eq(secret), lists::updated_at.eq(now())))
    .execute(conn)?;
    Ok(Ok(()))
}

/// The list whose feed secret is `secret`, with its open tasks that have
/// a due date, soonest first; `None` for a secret that is no list's, or
/// whose owner's account is disabled.
pub fn read(conn: &mut DbConnection, secret: &str) -> QueryResult<Option<(List, Vec<Task>)>> {
    let Some(list) = lists::table
        .inner_join(users::table)
        .filter(lists::feed_secret.eq(secret))
        .filter(users::is_disabled.eq(false))
        .select(List::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let tasks = tasks::table
        .filter(tasks::list_id.eq(list.id))
        .filter(tasks::completed.eq(false))
        .filter(tasks::due.is_not_null())
        .order((tasks::due, tasks::id))
        .select(Task::as_select())
        .load(conn)?;
    Ok(Some((list, tasks)))
}
