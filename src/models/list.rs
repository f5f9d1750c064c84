//! The `lists` table: a user's lists and those shared with them. A list is
//! read together with the asking user's membership ([`MyList`]), so that
//! every page knows at once what that user may do there; one a user has
//! no membership in is not found, as a task of someone else's is.
//!
//! Each list keeps its own open and done counts (`open_tasks`,
//! `done_tasks`), which triggers on `tasks` update in the same transaction
//! as every change: a counter is one row however long the list. What every
//! page's navigation shows ([`Seen`]) is the lists a user may see with
//! those counts, and what is due in them by today, counted when asked.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::member::{self, lists_where};
use super::now;
use super::task::{self, DueCounts};
use crate::db::DbConnection;
use crate::db::schema::{list_members, lists, users};
use crate::domain::{Action, Colour, Decision, Level, ListInput, ListName, Refused, decide};
use crate::on_backend;

/// A list as every page shows it. Its timestamps stay in the table: no
/// page shows them, and on SQLite each is text that would be parsed for
/// every list in the navigation on every page.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = lists)]
pub struct List {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    pub colour: Option<String>,
    pub is_default: bool,
    pub open_tasks: i64,
    pub done_tasks: i64,
    /// Moved on by every change to its tasks (`dav_changes`): a CalDAV
    /// client's sync token.
    pub sync_seq: i64,
    /// Where a CalDAV client made it (`MKCALENDAR`), kept as its
    /// calendar's path segment; `None` for a list made on the web, whose
    /// calendar is at its id.
    pub dav_name: Option<String>,
    /// The oldest sync token still answered (see `task::calendar::forget_gone`).
    pub sync_floor: i64,
}

impl List {
    pub fn colour(&self) -> Option<Colour> {
        Colour::from_db(self.colour.as_deref())
    }

    /// Its calendar's path segment: the name a client gave it, or its id.
    pub fn dav_segment(&self) -> String {
        self.dav_name.clone().unwrap_or_else(|| self.id.to_string())
    }
}

/// A list as one user sees it: with their level in it and its owner's name.
#[derive(Debug, Clone)]
pub struct MyList {
    pub list: List,
    pub level: Level,
    pub owner: String,
}

impl MyList {
    /// Whether the user may do `action` here (the rule, for showing only
    /// the forms they may use; the queries check it again).
    pub fn may(&self, action: Action) -> bool {
        decide(Some(self.level), action) == Decision::Allowed
    }

    pub fn is_shared_with_me(&self) -> bool {
        self.level != Level::Owner
    }

    /// Whether this is the user's own default list (a list shared with
    /// them may be its owner's default, which is nothing to them).
    pub fn is_my_default(&self) -> bool {
        self.list.is_default && !self.is_shared_with_me()
    }
}

type Row = (List, i16, String);

fn my_list((list, level, owner): Row) -> MyList {
    MyList {
        list,
        level: Level::from_db(level),
        owner,
    }
}

/// The lists `user` may see, with their level in each: their default list
/// first, then the others by name.
pub fn visible(conn: &mut DbConnection, user: i64) -> QueryResult<Vec<MyList>> {
    let rows: Vec<Row> = list_members::table
        .inner_join(lists::table.inner_join(users::table))
        .filter(list_members::user_id.eq(user))
        .select((List::as_select(), list_members::level, users::username))
        .load(conn)?;
    let mut mine: Vec<MyList> = rows.into_iter().map(my_list).collect();
    // Sorted here rather than in SQL: "my own default first" is not a
    // column, and a person has tens of lists, not thousands.
    mine.sort_by_cached_key(|my| (!my.is_my_default(), my.list.name.to_lowercase(), my.list.id));
    Ok(mine)
}

/// What every page's navigation shows of a user's lists: the lists they
/// may see, and what is due in them by `today`.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    pub lists: Vec<MyList>,
    pub due: DueCounts,
}

/// [`visible`], and what is due in those lists by `today`.
pub fn seen(conn: &mut DbConnection, user: i64, today: NaiveDate) -> QueryResult<Seen> {
    Ok(Seen {
        lists: visible(conn, user)?,
        due: task::due_counts(conn, user, today)?,
    })
}

/// List `id` among the lists a user may see, as a request has read them;
/// diesel's `NotFound` when it is not one of them, as for a list that does
/// not exist.
pub fn among(mine: &[MyList], id: i64) -> QueryResult<&MyList> {
    mine.iter()
        .find(|my| my.list.id == id)
        .ok_or(diesel::result::Error::NotFound)
}

/// One list, if `user` may see it.
pub fn find(conn: &mut DbConnection, user: i64, id: i64) -> QueryResult<MyList> {
    list_members::table
        .inner_join(lists::table.inner_join(users::table))
        .filter(list_members::user_id.eq(user))
        .filter(list_members::list_id.eq(id))
        .select((List::as_select(), list_members::level, users::username))
        .first::<Row>(conn)
        .map(my_list)
}

/// The list whose calendar is at `segment`, if `user` may see it: the
/// list a client made there, or the one with that id.
pub fn find_by_segment(conn: &mut DbConnection, user: i64, segment: &str) -> QueryResult<MyList> {
    // Fixed queries rather than one boxed, run on the backend's own
    // connection: diesel keeps them prepared and builds no SQL to run
    // them, and a phone's idle sync is this query and little else. A macro,
    // not a closure: a closure's query would be typed for one backend.
    macro_rules! mine {
        () => {
            list_members::table
                .inner_join(lists::table.inner_join(users::table))
                .filter(list_members::user_id.eq(user))
                .select((List::as_select(), list_members::level, users::username))
        };
    }
    let row: Row = match segment.parse::<i64>() {
        Ok(id) => on_backend!(conn, conn => mine!()
            .filter(lists::id.eq(id))
            .filter(lists::dav_name.is_null())
            .first(conn))?,
        Err(_) => on_backend!(conn, conn => mine!()
            .filter(lists::dav_name.eq(segment))
            .first(conn))?,
    };
    Ok(my_list(row))
}

/// List `id`'s sync floor as it is now, if `user` may see the list: a
/// sync reads it again after the changes, since the cleanup may have
/// raised it meanwhile.
pub fn sync_floor(conn: &mut DbConnection, user: i64, id: i64) -> QueryResult<i64> {
    lists::table
        .filter(lists::id.eq(id))
        .filter(lists::id.eq_any(lists_where(user, Action::See)))
        .select(lists::sync_floor)
        .first(conn)
}

/// The id of the user's default list: where a task goes when no list is
/// named.
pub fn default_id(conn: &mut DbConnection, user: i64) -> QueryResult<i64> {
    lists::table
        .filter(lists::owner_id.eq(user))
        .filter(lists::is_default.eq(true))
        .select(lists::id)
        .first(conn)
}

/// Makes a list owned by `owner`, with the owner's membership row.
pub fn create(conn: &mut DbConnection, owner: i64, input: &ListInput) -> QueryResult<List> {
    insert(conn, owner, input, false, None)?.ok_or(diesel::result::Error::NotFound)
}

/// A calendar name that cannot be a new list's: a number (a web list's
/// calendar is at its id) or another list's (anyone's: names are unique).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentTaken;

/// Makes a list as a CalDAV client asks (`MKCALENDAR`): its calendar at
/// `segment`, if that can be a new list's.
pub fn create_at(
    conn: &mut DbConnection,
    owner: i64,
    input: &ListInput,
    segment: &str,
) -> QueryResult<Result<List, SegmentTaken>> {
    if segment.parse::<i64>().is_ok() {
        return Ok(Err(SegmentTaken));
    }
    // Whether the name is free is the unique index's to say, also for two
    // clients asking at once (DO NOTHING rather than the violation, which
    // on PostgreSQL would abort the transaction).
    insert(conn, owner, input, false, Some(segment)).map(|list| list.ok_or(SegmentTaken))
}

/// Makes the account's default list, "Tasks": what registration does.
pub fn create_default(conn: &mut DbConnection, owner: i64) -> QueryResult<List> {
    let input = ListInput {
        name: ListName::of_default_list(),
        colour: None,
    };
    insert(conn, owner, &input, true, None)?.ok_or(diesel::result::Error::NotFound)
}

fn insert(
    conn: &mut DbConnection,
    owner: i64,
    input: &ListInput,
    is_default: bool,
    dav_name: Option<&str>,
) -> QueryResult<Option<List>> {
    let now = now();
    let values = (
        lists::owner_id.eq(owner),
        lists::name.eq(input.name.as_str()),
        lists::colour.eq(input.colour.map(Colour::as_str)),
        lists::is_default.eq(is_default),
        lists::dav_name.eq(dav_name),
        lists::created_at.eq(now),
        lists::updated_at.eq(now),
    );
    // `None` when the DAV name is taken; any other conflict is an error.
    let Some(list) = on_backend!(conn, conn => diesel::insert_into(lists::table)
        .values(values)
        .on_conflict(lists::dav_name)
        .do_nothing()
        .returning(List::as_returning())
        .get_result(conn)
        .optional())?
    else {
        return Ok(None);
    };
    diesel::insert_into(list_members::table)
        .values((
            list_members::user_id.eq(owner),
            list_members::list_id.eq(list.id),
            list_members::level.eq(Level::Owner.to_db()),
            list_members::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(Some(list))
}

/// What to change in a list's settings; `None` leaves it as it is.
#[derive(Debug, Clone, Default)]
pub struct ListChanges {
    pub name: Option<ListName>,
    pub colour: Option<Option<Colour>>,
}

impl From<ListInput> for ListChanges {
    fn from(input: ListInput) -> Self {
        Self {
            name: Some(input.name),
            colour: Some(input.colour),
        }
    }
}

/// Renames a list or sets its colour (admins and the owner).
pub fn change(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    changes: &ListChanges,
) -> QueryResult<Result<List, Refused>> {
    #[derive(AsChangeset)]
    #[diesel(table_name = lists)]
    struct Set<'a> {
        name: Option<&'a str>,
        colour: Option<Option<&'static str>>,
        updated_at: NaiveDateTime,
    }

    if let Err(refused) = member::check(conn, user, id, Action::Rename)? {
        return Ok(Err(refused));
    }
    let set = Set {
        name: changes.name.as_ref().map(ListName::as_str),
        colour: changes.colour.map(|colour| colour.map(Colour::as_str)),
        updated_at: now(),
    };
    let list = on_backend!(conn, conn => diesel::update(
        lists::table
            .filter(lists::id.eq(id))
            .filter(lists::id.eq_any(lists_where(user, Action::Rename))),
    )
    .set(&set)
    .returning(List::as_returning())
    .get_result(conn))?;
    Ok(Ok(list))
}

/// Changes a list's settings and hands it over to `new_owner`, both or
/// neither (run it with `Database::try_write`, whose rollback undoes the
/// first when the second is refused); the list as `user` sees it after.
pub fn update(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    changes: &ListChanges,
    new_owner: Option<&str>,
) -> QueryResult<Result<MyList, Refused>> {
    if (changes.name.is_some() || changes.colour.is_some())
        && let Err(refused) = change(conn, user, id, changes)?
    {
        return Ok(Err(refused));
    }
    if let Some(owner) = new_owner
        && let Err(refused) = member::hand_over(conn, user, id, owner)?
    {
        return Ok(Err(refused));
    }
    find(conn, user, id).map(Ok)
}

/// Deletes a list with its tasks and memberships (the owner only). The
/// default list stays: every account keeps one, for tasks that name none.
pub fn delete(conn: &mut DbConnection, user: i64, id: i64) -> QueryResult<Result<List, Refused>> {
    let my = find(conn, user, id)?;
    if let Decision::Denied(denied) = decide(Some(my.level), Action::Delete) {
        return Ok(Err(denied.into()));
    }
    let list = my.list;
    if list.is_default {
        return Ok(Err(Refused::invalid(
            "list",
            "This is your default list, where new tasks go: it can be renamed, not deleted.",
        )));
    }
    diesel::delete(
        lists::table
            .filter(lists::id.eq(id))
            .filter(lists::id.eq_any(lists_where(user, Action::Delete))),
    )
    .execute(conn)?;
    Ok(Ok(list))
}
