//! One list as a calendar: the list as the user sees it (with their
//! level), and its tasks as iCalendar objects with their names and
//! `ETag`s. The calendar's sync token (also its `getctag`) is the list's
//! `sync_seq`, which every change to its tasks moves on (a trigger sees
//! to it): a client that has it is current, without reading one object.

use diesel::{OptionalExtension, QueryResult};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::context::Paths;
use super::ical;
use crate::db::DbConnection;
use crate::errors::AppError;
use crate::models::list::{self, MyList};
use crate::models::task::Task;
use crate::models::task::calendar::{objects, objects_after};

/// A task's object: the task (and its parent's UID), its `ETag` and text.
pub struct Object {
    pub task: Task,
    pub parent: Option<String>,
    pub etag: String,
    pub data: String,
}

/// A list's calendar, with its objects (all, or those named `names`: none
/// for `Some(&[])`, without a query).
pub struct Calendar {
    pub list: MyList,
    pub objects: Vec<Object>,
}

/// What a sync token says: `urn:ticked:sync:{list}:{seq}`.
const TOKEN: &str = "urn:ticked:sync:";

impl Calendar {
    /// The calendar's sync token, and its tag as a whole (`getctag`).
    pub fn token(&self) -> String {
        format!("{TOKEN}{}:{}", self.list.list.id, self.list.list.sync_seq)
    }

    /// The seq a client's `token` names, if it is one of this calendar's,
    /// not from its future, and not so old that a deletion since has been
    /// forgotten (below the list's floor).
    pub fn since(&self, token: &str) -> Option<i64> {
        let (list, seq) = token.strip_prefix(TOKEN)?.split_once(':')?;
        let seq: i64 = seq.parse().ok()?;
        let list_ = &self.list.list;
        (list.parse() == Ok(list_.id) && (list_.sync_floor..=list_.sync_seq).contains(&seq))
            .then_some(seq)
    }

    /// A calendar for each list `user` can see, without their objects:
    /// what the calendar home lists.
    pub fn all(conn: &mut DbConnection, user: i64) -> QueryResult<Vec<Self>> {
        Ok(list::visible(conn, user)?
            .into_iter()
            .map(|list| Self {
                list,
                objects: Vec::new(),
            })
            .collect())
    }

    /// Its path.
    pub fn path(&self, paths: &Paths) -> String {
        paths.calendar(&self.list.list.dav_segment())
    }

    /// The path of an object of its named `name`.
    pub fn href_of(&self, paths: &Paths, name: &str) -> String {
        format!("{}{}", self.path(paths), segment(name))
    }

    /// The path of one of its objects.
    pub fn href(&self, paths: &Paths, object: &Object) -> String {
        self.href_of(paths, &object.task.dav_name)
    }
}

/// The list whose calendar is at path segment `name`, if `user` can see
/// it.
pub fn find(conn: &mut DbConnection, user: i64, name: &str) -> QueryResult<Option<MyList>> {
    list::find_by_segment(conn, user, name).optional()
}

/// The calendar at path segment `name` for `user`, if they can see it,
/// with its objects named `names` (none, without a query, for `&[]`;
/// every object is read a batch at a time, by [`each_object`]).
pub fn load(
    conn: &mut DbConnection,
    user: i64,
    name: &str,
    names: &[String],
) -> QueryResult<Option<Calendar>> {
    let Some(list) = find(conn, user, name)? else {
        return Ok(None);
    };
    let objects = match names {
        [] => Vec::new(),
        _ => objects(conn, user, list.list.id, names)?,
    };
    let objects = objects.into_iter().map(object_of).collect();
    Ok(Some(Calendar { list, objects }))
}

/// A task (with its parent's UID) as its object.
fn object_of((task, parent): (Task, Option<String>)) -> Object {
    let data = ical::object(&task, parent.as_deref());
    Object {
        etag: ical::etag(&data),
        task,
        parent,
        data,
    }
}

/// How many objects a report or a calendar's listing reads and writes at a
/// time: an answer about a calendar of any size holds no more than these
/// at once.
const BATCH: usize = 500;

/// Hands each object of `calendar` (every one, or those named `names`) to
/// `each`, a batch at a time, each dropped once handed; stops at the first
/// `Err` of `each`.
pub fn each_object<E>(
    conn: &mut DbConnection,
    user: i64,
    calendar: &Calendar,
    names: Option<&[String]>,
    mut each: impl FnMut(Object) -> Result<(), E>,
) -> QueryResult<Result<(), E>> {
    let list = calendar.list.list.id;
    let mut hand =
        |rows: Vec<(Task, Option<String>)>| rows.into_iter().map(object_of).try_for_each(&mut each);
    match names {
        Some(names) => {
            for batch in names.chunks(BATCH) {
                if let Err(err) = hand(objects(conn, user, list, batch)?) {
                    return Ok(Err(err));
                }
            }
        }
        None => {
            let mut after = i64::MIN;
            loop {
                let rows = objects_after(conn, user, list, after, BATCH as i64)?;
                let (count, last) = (rows.len(), rows.last().map(|(task, _)| task.id));
                if let Err(err) = hand(rows) {
                    return Ok(Err(err));
                }
                match last {
                    Some(last) if count == BATCH => after = last,
                    _ => break,
                }
            }
        }
    }
    Ok(Ok(()))
}

/// What a path segment must escape (RFC 3986: all but unreserved
/// characters and a few sub-delimiters).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// An object's name as the path of an answer writes it.
pub fn segment(name: &str) -> String {
    utf8_percent_encode(name, SEGMENT).to_string()
}

/// An object's name as a path gives it: one segment, up to 255 bytes.
pub fn name_of(segment: &str) -> Result<String, AppError> {
    Some(segment)
        .filter(|name| !name.is_empty() && name.len() <= 255 && !name.contains('/'))
        .map(str::to_owned)
        .ok_or(AppError::NotFound)
}
