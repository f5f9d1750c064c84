//! One list as a calendar: the list as the user sees it (with their
//! level), and its tasks as iCalendar objects with their names and
//! `ETag`s. The calendar's tag (`getctag`) is the digest of its objects'
//! `ETag`s, so it changes whenever one of them does, or one comes or goes.

use diesel::QueryResult;

use super::context::DavCtx;
use super::ical;
use crate::db::DbConnection;
use crate::errors::AppError;
use crate::models::list::{self, MyList};
use crate::models::task::Task;
use crate::models::task::calendar::objects;

/// A task's object: the task (and its parent's UID), its `ETag` and text.
pub struct Object {
    pub task: Task,
    pub parent: Option<String>,
    pub etag: String,
    pub data: String,
}

/// A list's calendar, with its objects (all, or those named by `uids`).
pub struct Calendar {
    pub list: MyList,
    pub objects: Vec<Object>,
}

impl Calendar {
    /// The tag of the calendar as a whole.
    pub fn ctag(&self) -> String {
        let etags: String = self
            .objects
            .iter()
            .map(|object| object.etag.as_str())
            .collect();
        ical::etag(&etags)
    }

    /// The path of one of its objects.
    pub fn href(&self, ctx: &DavCtx, object: &Object) -> String {
        format!("{}{}.ics", ctx.calendar(self.list.list.id), object.task.uid)
    }
}

/// The calendar of list `id` for `user`, if they can see it.
pub fn load(
    conn: &mut DbConnection,
    user: i64,
    id: i64,
    uids: Option<&[String]>,
) -> QueryResult<Option<Calendar>> {
    let Some(list) = list::visible(conn, user)?
        .into_iter()
        .find(|my| my.list.id == id)
    else {
        return Ok(None);
    };
    let objects = objects(conn, user, id, uids)?
        .into_iter()
        .map(|(task, parent)| {
            let data = ical::object(&task, parent.as_deref());
            Object {
                etag: ical::etag(&data),
                task,
                parent,
                data,
            }
        })
        .collect();
    Ok(Some(Calendar { list, objects }))
}

/// A list's id as a path gives it; anything else names no calendar.
pub fn list_id(segment: &str) -> Result<i64, AppError> {
    segment.parse().map_err(|_| AppError::NotFound)
}

/// An object's UID from its name (`{uid}.ics`).
pub fn uid_of(name: &str) -> Result<String, AppError> {
    name.strip_suffix(".ics")
        .filter(|uid| !uid.is_empty())
        .map(str::to_owned)
        .ok_or(AppError::NotFound)
}
