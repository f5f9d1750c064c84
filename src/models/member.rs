//! The `list_members` table: who a list is shared with, at which level
//! (the owner too, at `owner`). Every query about lists and tasks starts
//! here: [`lists_where`] is the subquery "the lists this user may do this
//! to" that they put in their `WHERE` clause ([`list_if`] is the same for
//! a query of one list), and [`level`] is what the authorization rule
//! (`domain::access`) decides from.
//!
//! Sharing, taking a share away, leaving and handing over are here too,
//! each checked against the rule inside the write transaction that makes
//! it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{lower, now};
use crate::db::DbConnection;
use crate::db::schema::{list_members, lists, users};
use crate::domain::{Action, Decision, Level, Refused, decide};

/// "The ids of the lists `user` may do `action` to", as a subquery for an
/// `eq_any` in a `WHERE` clause: a list the user has no row for, or too
/// low a level in, is never matched.
pub fn lists_where(user: i64, action: Action) -> ListIds {
    list_ids(user, action.needs().to_db(), action.most().to_db())
}

/// A query of list ids, for `eq_any`.
pub type ListIds = list_ids;

/// The lists where `user` has a level from `least` to `most`. (A type
/// that diesel spells out, rather than a boxed query, so that it can sit
/// inside a query for either backend.)
#[diesel::dsl::auto_type]
fn list_ids(user: i64, least: i16, most: i16) -> _ {
    list_members::table
        .filter(list_members::user_id.eq(user))
        .filter(list_members::level.between(least, most))
        .select(list_members::list_id)
}

/// `list`'s id if `user` may do `action` to it, and otherwise NULL: a
/// scalar subquery, for `list_id = (...)` in the `WHERE` clause of a query
/// of one list's rows. The rule of [`lists_where`], asked once per query:
/// an `IN` beside `list_id = ?` is checked again for every row the query
/// reads (which doubles the cost of skipping far into a long list), and
/// a constant is the key the database seeks with.
pub fn list_if(user: i64, list: i64, action: Action) -> ListIf {
    list_id_if(user, list, action.needs().to_db(), action.most().to_db())
}

/// A nullable list id, for `eq`.
pub type ListIf = list_id_if;

#[diesel::dsl::auto_type]
fn list_id_if(user: i64, list: i64, least: i16, most: i16) -> _ {
    list_members::table
        .filter(list_members::user_id.eq(user))
        .filter(list_members::list_id.eq(list))
        .filter(list_members::level.between(least, most))
        .select(list_members::list_id)
        .single_value()
}

/// The user's level in a list; `None` when it is not shared with them.
pub fn level(conn: &mut DbConnection, user: i64, list: i64) -> QueryResult<Option<Level>> {
    Ok(list_members::table
        .find((user, list))
        .select(list_members::level)
        .first::<i16>(conn)
        .optional()?
        .map(Level::from_db))
}

/// Whether `user` may do `action` to `list`. A stranger gets diesel's
/// `NotFound` (the list does not exist for them); someone who may see it
/// but not do this gets the refusal that says why.
pub fn check(
    conn: &mut DbConnection,
    user: i64,
    list: i64,
    action: Action,
) -> QueryResult<Result<Level, Refused>> {
    judged(level(conn, user, list)?, action)
}

/// The rule's answer for someone at `level` in a list (none: a stranger),
/// as the queries give it: their level, a refusal that says why, or
/// diesel's `NotFound` for a list that does not exist for them.
pub fn judged(level: Option<Level>, action: Action) -> QueryResult<Result<Level, Refused>> {
    match (decide(level, action), level) {
        (Decision::Allowed, Some(level)) => Ok(Ok(level)),
        (Decision::Denied(denied), _) => Ok(Err(denied.into())),
        _ => Err(diesel::result::Error::NotFound),
    }
}

/// Diesel's `NotFound` for a list `user` may not see: who is in a list
/// is for its members to know. (A check before the query rather than in
/// its `WHERE`, which would name `list_members` twice.)
fn may_see(conn: &mut DbConnection, user: i64, list: i64) -> QueryResult<()> {
    match check(conn, user, list, Action::See)? {
        Ok(_) => Ok(()),
        // No one who may be asked is refused seeing; a stranger is not found.
        Err(_) => Err(diesel::result::Error::NotFound),
    }
}

/// Someone a list is shared with, as its settings page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: i64,
    pub username: String,
    pub level: Level,
    pub since: NaiveDateTime,
}

/// Everyone in `list`: the owner first, then by level and name. A list
/// `user` may not see is not found.
pub fn of_list(conn: &mut DbConnection, user: i64, list: i64) -> QueryResult<Vec<Member>> {
    may_see(conn, user, list)?;
    let rows: Vec<(i64, String, i16, NaiveDateTime)> = list_members::table
        .inner_join(users::table)
        .filter(list_members::list_id.eq(list))
        .order((list_members::level.desc(), lower(users::username).asc()))
        .select((
            users::id,
            users::username,
            list_members::level,
            list_members::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, username, level, since)| Member {
            user_id,
            username,
            level: Level::from_db(level),
            since,
        })
        .collect())
}

/// The enabled account called `username` (ignoring case), for sharing.
fn sharable_user(conn: &mut DbConnection, username: &str) -> QueryResult<Option<(i64, String)>> {
    users::table
        .filter(lower(users::username).eq(username.trim().to_ascii_lowercase()))
        .filter(users::is_disabled.eq(false))
        .select((users::id, users::username))
        .first(conn)
        .optional()
}

/// The words for a name that cannot be shared with: the same whether there
/// is no such account or it is disabled, so that sharing tells no more
/// than registration does (whether a name is taken).
fn no_such_user(username: &str) -> Refused {
    Refused::invalid(
        "username",
        format!(
            "There is no user called “{}” to share with.",
            username.trim()
        ),
    )
}

/// What a share changed, for the flash message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub username: String,
    pub level: Level,
    /// Their level before, if they already had one.
    pub before: Option<Level>,
}

/// Shares `list` with `username` at `level`, or changes the level they
/// have. `actor` must be allowed both to give the new level and to take
/// away the old one: an admin manages readers and writers, only the owner
/// manages admins.
pub fn share(
    conn: &mut DbConnection,
    actor: i64,
    list: i64,
    username: &str,
    level: Level,
) -> QueryResult<Result<Shared, Refused>> {
    let mine = match check(conn, actor, list, Action::Share(level))? {
        Ok(mine) => mine,
        Err(refused) => return Ok(Err(refused)),
    };
    let Some((user, username)) = sharable_user(conn, username)? else {
        return Ok(Err(no_such_user(username)));
    };
    if user == actor {
        return Ok(Err(Refused::invalid(
            "username",
            "You cannot change your own access to a list.",
        )));
    }
    let before = self::level(conn, user, list)?;
    match before {
        Some(Level::Owner) => {
            return Ok(Err(Refused::invalid(
                "username",
                format!("{username} owns this list."),
            )));
        }
        Some(before) => {
            if let Decision::Denied(denied) = decide(Some(mine), Action::Share(before)) {
                return Ok(Err(denied.into()));
            }
            diesel::update(list_members::table.find((user, list)))
                .set(list_members::level.eq(level.to_db()))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(list_members::table)
                .values((
                    list_members::user_id.eq(user),
                    list_members::list_id.eq(list),
                    list_members::level.eq(level.to_db()),
                    list_members::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
    }
    Ok(Ok(Shared {
        username,
        level,
        before,
    }))
}

/// The member of `list` called `username` (ignoring case), if there is
/// one. A list `user` may not see is not found.
pub fn named(
    conn: &mut DbConnection,
    user: i64,
    list: i64,
    username: &str,
) -> QueryResult<Option<Member>> {
    may_see(conn, user, list)?;
    let row: Option<(i64, String, i16, NaiveDateTime)> = list_members::table
        .inner_join(users::table)
        .filter(list_members::list_id.eq(list))
        .filter(lower(users::username).eq(username.trim().to_ascii_lowercase()))
        .select((
            users::id,
            users::username,
            list_members::level,
            list_members::created_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(user_id, username, level, since)| Member {
        user_id,
        username,
        level: Level::from_db(level),
        since,
    }))
}

/// Takes `list` away from the member called `username`; returns their
/// name as stored. Your own name is leaving it ([`leave`]).
pub fn unshare(
    conn: &mut DbConnection,
    actor: i64,
    list: i64,
    username: &str,
) -> QueryResult<Result<String, Refused>> {
    let mine = match check(conn, actor, list, Action::See)? {
        Ok(mine) => mine,
        Err(refused) => return Ok(Err(refused)),
    };
    let Some(member) = named(conn, actor, list, username)? else {
        return Ok(Err(Refused::invalid(
            "username",
            format!("“{}” is not a member of this list.", username.trim()),
        )));
    };
    if member.user_id == actor {
        return Ok(leave(conn, actor, list)?.map(|()| member.username));
    }
    if member.level == Level::Owner {
        return Ok(Err(Refused::invalid(
            "username",
            format!("{} owns this list.", member.username),
        )));
    }
    if let Decision::Denied(denied) = decide(Some(mine), Action::Share(member.level)) {
        return Ok(Err(denied.into()));
    }
    diesel::delete(list_members::table.find((member.user_id, list))).execute(conn)?;
    Ok(Ok(member.username))
}

/// Leaves a list shared with `user`. The owner cannot.
pub fn leave(conn: &mut DbConnection, user: i64, list: i64) -> QueryResult<Result<(), Refused>> {
    if let Err(refused) = check(conn, user, list, Action::Leave)? {
        return Ok(Err(refused));
    }
    diesel::delete(
        list_members::table
            .find((user, list))
            .filter(list_members::level.lt(Level::Owner.to_db())),
    )
    .execute(conn)?;
    Ok(Ok(()))
}

/// Hands `list` over to `username`, who must be one of its admins: they
/// become the owner, and the owner becomes an admin. A default list stays
/// with its owner (every account keeps one). Returns the new owner's name.
pub fn hand_over(
    conn: &mut DbConnection,
    owner: i64,
    list: i64,
    username: &str,
) -> QueryResult<Result<String, Refused>> {
    if let Err(refused) = check(conn, owner, list, Action::HandOver)? {
        return Ok(Err(refused));
    }
    let is_default: bool = lists::table
        .find(list)
        .select(lists::is_default)
        .first(conn)?;
    if is_default {
        return Ok(Err(Refused::invalid(
            "username",
            "This is your default list, where new tasks go: it stays yours. Hand over another list.",
        )));
    }
    let admin = match sharable_user(conn, username)? {
        Some((user, name)) if level(conn, user, list)? == Some(Level::Admin) => (user, name),
        Some(_) => {
            return Ok(Err(Refused::invalid(
                "username",
                "A list is handed over to one of its admins: make them an admin first.",
            )));
        }
        None => return Ok(Err(no_such_user(username))),
    };
    let (new_owner, name) = admin;
    // The old owner steps down first: a list has one owner at every moment
    // (a unique index says so).
    let set_level = |conn: &mut DbConnection, user: i64, level: Level| {
        diesel::update(list_members::table.find((user, list)))
            .set(list_members::level.eq(level.to_db()))
            .execute(conn)
    };
    set_level(conn, owner, Level::Admin)?;
    set_level(conn, new_owner, Level::Owner)?;
    diesel::update(lists::table.find(list))
        .set((lists::owner_id.eq(new_owner), lists::updated_at.eq(now())))
        .execute(conn)?;
    Ok(Ok(name))
}

/// Ends every membership of `user` in lists they do not own: what
/// disabling an account does, at once, in its transaction.
pub fn leave_all_shared(conn: &mut DbConnection, user: i64) -> QueryResult<usize> {
    diesel::delete(
        list_members::table
            .filter(list_members::user_id.eq(user))
            .filter(list_members::level.lt(Level::Owner.to_db())),
    )
    .execute(conn)
}
