//! `REPORT` on a calendar: `calendar-query` (the objects that pass a
//! filter, RFC 4791 §7.8), `calendar-multiget` (the objects at the paths
//! given, §7.9) and `sync-collection` (what changed since a sync token,
//! RFC 6578: each changed object, a 404 for each one gone, and the token
//! to ask with next time), each with the properties asked for, the
//! object's text (`calendar-data`) among them. A report ticked does not make is a
//! 403 naming the `supported-report` precondition, as RFC 3253 asks.

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::QueryResult;

use super::calendar::{self, Calendar, Object};
use super::context::{DavCtx, Paths};
use super::props::{Wanted, object_response};
use super::xml::{self, CALDAV, DAV, Element, MultiStatus, Response};
use super::{DavError, answered, filter};
use crate::errors::AppError;
use crate::models::task::calendar::changed_since;

/// `REPORT /dav/calendars/{user}/{list}/`
pub async fn calendar(
    ctx: DavCtx,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    let (user, list) = path.into_inner();
    ctx.own(&user)?;
    let request =
        xml::parse(&body)?.ok_or_else(|| AppError::BadRequest("A REPORT needs a body.".into()))?;
    if request.is(DAV, "sync-collection") {
        return sync(&ctx, list, &request).await;
    }
    let names = if request.is(CALDAV, "calendar-multiget") {
        Some(multiget_names(&ctx, &list, &request))
    } else if request.is(CALDAV, "calendar-query") {
        None
    } else {
        return Err(DavError::Precondition(
            StatusCode::FORBIDDEN,
            "d:supported-report",
        ));
    };
    let asked = names.clone();
    let calendar = ctx
        .read(move |conn, me| calendar::load(conn, me.id, &list, asked.as_deref()))
        .await?
        .ok_or(AppError::NotFound)?;
    let wanted = Wanted::of(Some(&request));
    let paths = ctx.paths();
    let large = calendar.objects.len() > SMALL;
    let body = written(large, move || {
        let mut body = MultiStatus::with_capacity(size_of(&calendar, &wanted));
        match names {
            Some(names) => multiget(&paths, &calendar, &names, &wanted, &mut body),
            None => query(&paths, &calendar, &request, &wanted, &mut body)?,
        }
        Ok(body.finish(None))
    })
    .await?;
    Ok(answered(body))
}

/// How many objects an answer holds before it is written off the async
/// workers ([`written`]).
const SMALL: usize = 100;

/// Writes an answer; a `large` one on the blocking pool: a first sync's
/// is megabytes of text, which on an async worker would hold up every
/// other request that worker serves meanwhile. A small one (an idle sync's)
/// is written at once, which costs less than the hop.
async fn written<F>(large: bool, write: F) -> Result<String, DavError>
where
    F: FnOnce() -> Result<String, AppError> + Send + 'static,
{
    if !large {
        return write().map_err(DavError::from);
    }
    web::block(write)
        .await
        .map_err(|err| AppError::internal(anyhow::anyhow!("the answer was not written: {err}")))?
        .map_err(DavError::from)
}

/// About how long the answer for `calendar`'s objects is.
fn size_of(calendar: &Calendar, wanted: &Wanted) -> usize {
    let texts: usize = if wanted.wants_data() {
        calendar
            .objects
            .iter()
            .map(|object| object.data.len())
            .sum()
    } else {
        0
    };
    texts + texts / 16 + 400 * calendar.objects.len()
}

/// The names of the objects a multiget asks for in this calendar; a path
/// elsewhere names none. The path's user is the request's (checked by the
/// route), in whatever case the client spells it.
fn multiget_names(ctx: &DavCtx, list: &str, request: &Element) -> Vec<String> {
    request
        .children
        .iter()
        .filter(|child| child.is(DAV, "href"))
        .filter_map(|href| {
            let path = percent_encoding::percent_decode_str(href.text.trim()).decode_utf8_lossy();
            let path = path.split_once("://").map_or(&*path, |(_, rest)| {
                rest.find('/').map_or("", |at| &rest[at..])
            });
            let rest = path.strip_prefix("/dav/calendars/")?;
            let (user, rest) = rest.split_once('/')?;
            let (calendar, name) = rest.split_once('/')?;
            (ctx.own(user).is_ok() && calendar == list)
                .then(|| calendar::name_of(name).ok())
                .flatten()
        })
        .collect()
}

/// The answers of a multiget: each object found, and a 404 for each path
/// that names none. Each is written as it is made, and gone after.
fn multiget(
    paths: &Paths,
    calendar: &Calendar,
    names: &[String],
    wanted: &Wanted,
    body: &mut MultiStatus,
) {
    // By name: a first sync asks for every object at once.
    let by_name: HashMap<&str, &Object> = calendar
        .objects
        .iter()
        .map(|object| (object.task.dav_name.as_str(), object))
        .collect();
    for name in names {
        body.push(&match by_name.get(name.as_str()) {
            Some(object) => object_response(paths, calendar, object, wanted),
            None => Response {
                missing: vec![xml::Name::new(DAV, "getetag")],
                ..Response::at(calendar.href_of(paths, name))
            },
        });
    }
}

/// The answers of a query: the objects that pass its filter, each
/// written as it is made.
fn query(
    paths: &Paths,
    calendar: &Calendar,
    request: &Element,
    wanted: &Wanted,
    body: &mut MultiStatus,
) -> Result<(), AppError> {
    let filter = request.child(CALDAV, "filter");
    for object in &calendar.objects {
        if let Some(filter) = filter
            && !filter::matches(filter, object)?
        {
            continue;
        }
        body.push(&object_response(paths, calendar, object, wanted));
    }
    Ok(())
}

/// What a sync asks, read in one go: the calendar as it stands (its seq
/// read first, so that a change made meanwhile is reported again next
/// time, never missed), the objects to send, and the names gone.
enum Synced {
    Unknown,
    BadToken,
    Changes(Box<(Calendar, Calendar, Vec<String>)>),
}

/// `REPORT sync-collection`: with no token, every object; with one, what
/// changed since. A token ticked did not give for this calendar (or from
/// its future) is refused with `valid-sync-token`, and the client starts
/// over.
async fn sync(ctx: &DavCtx, list: String, request: &Element) -> Result<HttpResponse, DavError> {
    let token = request
        .child(DAV, "sync-token")
        .map(|token| token.text.trim().to_owned())
        .unwrap_or_default();
    let synced = ctx
        .read(move |conn, me| -> QueryResult<Synced> {
            let user = me.id;
            let Some(head) = calendar::load(conn, user, &list, Some(&[]))? else {
                return Ok(Synced::Unknown);
            };
            if token.is_empty() {
                let all = calendar::load(conn, user, &list, None)?;
                return Ok(all.map_or(Synced::Unknown, |all| {
                    Synced::Changes(Box::new((head, all, Vec::new())))
                }));
            }
            let Some(since) = head.since(&token) else {
                return Ok(Synced::BadToken);
            };
            // Nothing since: the idle sync a phone makes every few
            // minutes costs the read of the list alone.
            if since == head.list.list.sync_seq {
                let none = Calendar {
                    list: head.list.clone(),
                    objects: Vec::new(),
                };
                return Ok(Synced::Changes(Box::new((head, none, Vec::new()))));
            }
            let id = head.list.list.id;
            let (gone, here): (Vec<_>, Vec<_>) = changed_since(conn, user, id, since)?
                .into_iter()
                .partition(|(_, gone)| *gone);
            let here: Vec<String> = here.into_iter().map(|(name, _)| name).collect();
            let Some(changed) = calendar::load(conn, user, &list, Some(&here))? else {
                return Ok(Synced::Unknown);
            };
            // A name changed and then gone before this read is gone too.
            let mut gone: Vec<String> = gone.into_iter().map(|(name, _)| name).collect();
            let found: HashSet<&str> = changed
                .objects
                .iter()
                .map(|object| object.task.dav_name.as_str())
                .collect();
            gone.extend(
                here.iter()
                    .filter(|name| !found.contains(name.as_str()))
                    .cloned(),
            );
            Ok(Synced::Changes(Box::new((head, changed, gone))))
        })
        .await?;
    let (head, changed, gone) = match synced {
        Synced::Unknown => return Err(AppError::NotFound.into()),
        Synced::BadToken => {
            return Err(DavError::Precondition(
                StatusCode::FORBIDDEN,
                "d:valid-sync-token",
            ));
        }
        Synced::Changes(changes) => *changes,
    };
    let wanted = Wanted::of(Some(request));
    let paths = ctx.paths();
    let large = changed.objects.len() + gone.len() > SMALL;
    let body = written(large, move || {
        let mut body = MultiStatus::with_capacity(size_of(&changed, &wanted) + 300 * gone.len());
        query(&paths, &changed, &Element::default(), &wanted, &mut body)?;
        for name in &gone {
            body.push(&Response {
                status: Some("HTTP/1.1 404 Not Found"),
                ..Response::at(head.href_of(&paths, name))
            });
        }
        Ok(body.finish(Some(&head.token())))
    })
    .await?;
    Ok(answered(body))
}
