//! Writing over DAV: `PUT` of a task's object (a new task at the name the
//! client chose, or a change to the task there) and `DELETE` (to the
//! trash, as on the web). Each write is one transaction, through the same
//! model functions as the pages, which decide whether the user may make
//! it: a read member gets 403, a stranger 404.
//!
//! Every write is guarded: `If-None-Match: *` (only if there is no object
//! there yet) and `If-Match` (only if the object is still the one whose
//! `ETag` the client has), 412 otherwise, so that a client never writes
//! over a change it has not seen. A UID is one task's in a calendar: a
//! second object with it is refused (409, `no-uid-conflict`).
//!
//! ticked writes its own fields over what the client sent, so the stored
//! object is not byte for byte the one sent: the answer carries no `ETag`
//! (RFC 4791 §5.3.4), and the client reads the object again.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use diesel::QueryResult;

use super::calendar::{self, name_of};
use super::context::DavCtx;
use super::incoming::{self, Incoming};
use super::{DavError, ical};
use crate::config::Config;
use crate::db::DbConnection;
use crate::domain::Refused;
use crate::errors::AppError;
use crate::models::task::calendar::{keep, objects, with_uid};
use crate::models::task::{self, Placement, Task, TaskChanges};

/// Why a write was not made, beyond what the model refuses.
enum Unmade {
    Refused(Refused),
    NotFound,
    /// `If-Match` or `If-None-Match` did not hold.
    Stale,
    /// Another object of the calendar has the UID.
    UidTaken,
}

impl From<Refused> for Unmade {
    fn from(refused: Refused) -> Self {
        Self::Refused(refused)
    }
}

impl From<Unmade> for DavError {
    fn from(unmade: Unmade) -> Self {
        match unmade {
            Unmade::Refused(refused) => AppError::from(refused).into(),
            Unmade::NotFound => AppError::NotFound.into(),
            Unmade::Stale => {
                DavError::Precondition(StatusCode::PRECONDITION_FAILED, "d:precondition-failed")
            }
            Unmade::UidTaken => DavError::Precondition(StatusCode::CONFLICT, "c:no-uid-conflict"),
        }
    }
}

/// The conditions a write came with.
struct Conditions {
    /// `If-None-Match: *`: only a new object.
    only_new: bool,
    /// `If-Match`: only over one of these `ETag`s (or any, for `*`).
    only_over: Option<Vec<String>>,
}

impl Conditions {
    fn of(headers: &HeaderMap) -> Self {
        let value = |name| headers.get(name).and_then(|value| value.to_str().ok());
        Self {
            only_new: value(header::IF_NONE_MATCH).is_some_and(|value| value.trim() == "*"),
            only_over: value(header::IF_MATCH)
                .map(|value| value.split(',').map(|tag| tag.trim().to_owned()).collect()),
        }
    }

    /// Whether the object there now (with `current` as its `ETag`) may be
    /// written over.
    fn hold(&self, current: Option<&str>) -> bool {
        match (current, &self.only_over) {
            (Some(_), _) if self.only_new => false,
            (None, Some(_)) => false,
            (Some(etag), Some(tags)) => tags.iter().any(|tag| tag == "*" || tag == etag),
            _ => true,
        }
    }
}

/// The task at `name` in the calendar at `list`, if there is one, with
/// its `ETag` when `conditions` compare it (the object is written out for
/// it), and the list's id; `None` for a calendar the user cannot see.
type Current = (i64, Option<(Task, String)>);

fn current(
    conn: &mut DbConnection,
    (user, list, name): (i64, &str, &str),
    conditions: &Conditions,
) -> QueryResult<Option<Current>> {
    let Some(list) = calendar::find(conn, user, list)? else {
        return Ok(None);
    };
    let list = list.list.id;
    let found = objects(conn, user, list, &[name.to_owned()])?
        .into_iter()
        .next()
        .map(|(task, parent)| {
            let etag = match conditions.only_over {
                Some(_) => ical::etag(&ical::object(&task, parent.as_deref())),
                None => String::new(),
            };
            (task, etag)
        });
    Ok(Some((list, found)))
}

/// Writes `incoming` at `name` in `list`; returns whether it made a task.
fn put_object(
    conn: &mut DbConnection,
    (user, list, name): (i64, &str, &str),
    incoming: Incoming,
    conditions: &Conditions,
    today: NaiveDate,
) -> QueryResult<Result<bool, Unmade>> {
    let Some((list, found)) = current(conn, (user, list, name), conditions)? else {
        return Ok(Err(Unmade::NotFound));
    };
    if !conditions.hold(found.as_ref().map(|(_, etag)| etag.as_str())) {
        return Ok(Err(Unmade::Stale));
    }
    if let Some((_, holder)) = with_uid(conn, list, &incoming.uid)?
        && holder != name
    {
        return Ok(Err(Unmade::UidTaken));
    }
    let parent = match &incoming.parent_uid {
        Some(uid) if *uid != incoming.uid => with_uid(conn, list, uid)?.map(|(id, _)| id),
        _ => None,
    };
    let Incoming {
        uid,
        input,
        completed,
        position,
        text,
        ..
    } = incoming;
    let (id, created) = match found {
        Some((task, _)) => {
            let changes = TaskChanges {
                completed: Some(completed),
                position,
                parent: Some(parent),
                // iCalendar has no word for it: what it counts from stays.
                repeat_from: None,
                ..TaskChanges::from(input)
            };
            match task::change(conn, user, task.id, &changes, today)? {
                Ok(task) => (task.id, false),
                Err(refused) => return Ok(Err(refused.into())),
            }
        }
        None => {
            let place = Placement {
                list: Some(list),
                parent,
                position,
            };
            let task = match task::create(conn, user, &input, place)? {
                Ok(task) => task,
                Err(refused) => return Ok(Err(refused.into())),
            };
            if completed {
                let done = TaskChanges {
                    completed: Some(true),
                    ..TaskChanges::default()
                };
                if let Err(refused) = task::change(conn, user, task.id, &done, today)? {
                    return Ok(Err(refused.into()));
                }
            }
            (task.id, true)
        }
    };
    keep(conn, user, id, (&uid, name, &text))?;
    Ok(Ok(created))
}

/// `PUT /dav/calendars/{user}/{list}/{object}`: 201 for a new task, 204
/// for a change.
pub async fn put(
    ctx: DavCtx,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    let (owner, list, name) = path.into_inner();
    ctx.own(&owner)?;
    let name = name_of(&name)?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| AppError::BadRequest("The object is not UTF-8 text.".into()))?;
    let incoming = incoming::read(text)?;
    let conditions = Conditions::of(req.headers());
    let today = req
        .app_data::<web::Data<Config>>()
        .map_or_else(|| chrono::Utc::now().date_naive(), |config| config.today());
    let created = ctx
        .try_write(move |conn, me| {
            put_object(conn, (me.id, &list, &name), incoming, &conditions, today)
        })
        .await?
        .map_err(DavError::from)?;
    Ok(if created {
        HttpResponse::Created().finish()
    } else {
        HttpResponse::NoContent().finish()
    })
}

/// `DELETE /dav/calendars/{user}/{list}/{object}`: the task (and its
/// subtasks) to the trash.
pub async fn delete(
    ctx: DavCtx,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, DavError> {
    let (owner, list, name) = path.into_inner();
    ctx.own(&owner)?;
    let name = name_of(&name)?;
    let conditions = Conditions::of(req.headers());
    ctx.try_write(move |conn, me| -> QueryResult<Result<(), Unmade>> {
        let user = me.id;
        let Some((_, Some((task, etag)))) = current(conn, (user, &list, &name), &conditions)?
        else {
            return Ok(Err(Unmade::NotFound));
        };
        if !conditions.hold(Some(&etag)) {
            return Ok(Err(Unmade::Stale));
        }
        Ok(task::delete(conn, user, task.id)?
            .map(drop)
            .map_err(Unmade::from))
    })
    .await?
    .map_err(DavError::from)?;
    Ok(HttpResponse::NoContent().finish())
}
