//! `REPORT` on a calendar: `calendar-query` (the objects that pass a
//! filter, RFC 4791 §7.8), `calendar-multiget` (the objects at the paths
//! given, §7.9) and `sync-collection` (what changed since a sync token,
//! RFC 6578: each changed object, a 404 for each one gone, and the token
//! to ask with next time), each with the properties asked for, the
//! object's text (`calendar-data`) among them. A report ticked does not make is a
//! 403 naming the `supported-report` precondition, as RFC 3253 asks.
//!
//! A report is read and written in one turn on the database, a batch of
//! objects at a time (`calendar::each_object`), each object gone once its
//! answer is written: a first sync of thousands of tasks holds its answer
//! and one batch, never every task twice, and keeps no async worker busy.

use std::collections::HashSet;
use std::convert::Infallible;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::QueryResult;

use super::calendar::{self, Calendar, each_object};
use super::context::{DavCtx, Paths};
use super::pieces::Pieces;
use super::props::{Wanted, object_response};
use super::xml::{self, CALDAV, DAV, Element, MultiStatus, Response};
use super::{DavError, answered, filter};
use crate::db::DbConnection;
use crate::errors::AppError;
use crate::models::list;
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
        if let Some(filter) = request.child(CALDAV, "filter") {
            filter::check(filter)?;
        }
        None
    } else {
        return Err(DavError::Precondition(
            StatusCode::FORBIDDEN,
            "d:supported-report",
        ));
    };
    let wanted = Wanted::of(Some(&request))?;
    let paths = ctx.paths();
    let body = ctx
        .read(move |conn, me| {
            let Some(head) = calendar::load(conn, me.id, &list, &[])? else {
                return Ok(Err(AppError::NotFound));
            };
            let mut answer = Answer::new(&paths, &head, &wanted);
            let written = match &names {
                Some((names, elsewhere)) => answer.multiget(conn, me.id, names, elsewhere)?,
                None => answer.query(conn, me.id, request.child(CALDAV, "filter"))?,
            };
            Ok(written.map(|()| answer.body.finish(None)))
        })
        .await??;
    Ok(answered(body))
}

/// What a multiget asks for: the names of the objects in this calendar,
/// each once, in order, and the paths that name none here (another
/// calendar's, another user's, or nothing), each once. The path's user is
/// the request's (checked by the route), in whatever case the client
/// spells it.
fn multiget_names(ctx: &DavCtx, list: &str, request: &Element) -> (Vec<String>, Vec<String>) {
    let (mut names, mut elsewhere) = (Vec::new(), Vec::new());
    let (mut seen, mut seen_elsewhere) = (HashSet::new(), HashSet::new());
    for href in request
        .children
        .iter()
        .filter(|child| child.is(DAV, "href"))
    {
        let text = href.text.trim();
        match name_in(ctx, list, text) {
            Some(name) if seen.insert(name.clone()) => names.push(name),
            Some(_) => {}
            None if seen_elsewhere.insert(text) => elsewhere.push(text.to_owned()),
            None => {}
        }
    }
    (names, elsewhere)
}

/// The name of the object `href` points at in calendar `list`, if it does.
fn name_in(ctx: &DavCtx, list: &str, href: &str) -> Option<String> {
    let path = percent_encoding::percent_decode_str(href).decode_utf8_lossy();
    let path = path.split_once("://").map_or(&*path, |(_, rest)| {
        rest.find('/').map_or("", |at| &rest[at..])
    });
    let rest = path.strip_prefix("/dav/calendars/")?;
    let (user, rest) = rest.split_once('/')?;
    let (calendar, name) = rest.split_once('/')?;
    (ctx.own(user).is_ok() && calendar == list)
        .then(|| calendar::name_of(name).ok())
        .flatten()
}

/// A report's answer being written: about the calendar `head`, the
/// properties `wanted`, into `body`.
struct Answer<'a> {
    paths: &'a Paths,
    head: &'a Calendar,
    wanted: &'a Wanted,
    body: MultiStatus,
}

impl<'a> Answer<'a> {
    /// An answer begun, with nothing in it yet.
    fn new(paths: &'a Paths, head: &'a Calendar, wanted: &'a Wanted) -> Self {
        Self {
            paths,
            head,
            wanted,
            body: MultiStatus::begin(),
        }
    }

    /// Writes the answer for one object.
    fn object(&mut self, object: &calendar::Object) {
        let response = object_response(self.paths, self.head, object, self.wanted);
        self.body.push(&response);
    }

    /// Writes that `name` names nothing: a 404 for the path as a whole
    /// (`gone`, a sync's deletion), or for its properties (a multiget's).
    fn nothing(&mut self, name: &str, gone: bool) {
        let href = self.head.href_of(self.paths, name);
        self.body.push(&if gone {
            Response {
                status: Some("HTTP/1.1 404 Not Found"),
                ..Response::at(href)
            }
        } else {
            Response {
                missing: vec![xml::Name::new(DAV, "getetag")],
                ..Response::at(href)
            }
        });
    }

    /// A multiget: each object found, a 404 for the properties of each
    /// name that names none, and a 404 for each path `elsewhere`.
    fn multiget(
        &mut self,
        conn: &mut DbConnection,
        user: i64,
        names: &[String],
        elsewhere: &[String],
    ) -> QueryResult<Result<(), AppError>> {
        let found = self.objects(conn, user, Some(names))?;
        for name in names.iter().filter(|name| !found.contains(name.as_str())) {
            self.nothing(name, false);
        }
        for href in elsewhere {
            self.body.push(&Response {
                status: Some("HTTP/1.1 404 Not Found"),
                ..Response::at(href.clone())
            });
        }
        Ok(Ok(()))
    }

    /// A query: the objects that pass its `filter`.
    fn query(
        &mut self,
        conn: &mut DbConnection,
        user: i64,
        filter: Option<&Element>,
    ) -> QueryResult<Result<(), AppError>> {
        let head = self.head;
        each_object(conn, user, head, None, |object| {
            if let Some(filter) = filter
                && !filter::matches(filter, &object)?
            {
                return Ok(());
            }
            self.object(&object);
            Ok(())
        })
    }

    /// Writes every object of the calendar (or those named `names`);
    /// returns the names written.
    fn objects(
        &mut self,
        conn: &mut DbConnection,
        user: i64,
        names: Option<&[String]>,
    ) -> QueryResult<HashSet<String>> {
        let mut found = HashSet::new();
        let head = self.head;
        let Ok(()) = each_object::<Infallible>(conn, user, head, names, |object| {
            self.object(&object);
            found.insert(object.task.dav_name);
            Ok(())
        })?;
        Ok(found)
    }
}

/// Why a sync answers no objects.
enum Unsynced {
    /// No calendar the user can see there.
    Unknown,
    /// A token ticked did not give, or from before the floor.
    BadToken,
}

/// `REPORT sync-collection`: with no token, every object; with one, what
/// changed since. A token ticked did not give for this calendar (or from
/// its future, or so old that a deletion since is forgotten) is refused
/// with `valid-sync-token`, and the client starts over. The calendar's seq
/// is read first, so that a change made meanwhile is reported again next
/// time, never missed.
async fn sync(ctx: &DavCtx, list: String, request: &Element) -> Result<HttpResponse, DavError> {
    let token = request
        .child(DAV, "sync-token")
        .map(|token| token.text.trim().to_owned())
        .unwrap_or_default();
    let wanted = Wanted::of(Some(request))?;
    let paths = ctx.paths();
    let body = ctx
        .read(move |conn, me| -> QueryResult<Result<Pieces, Unsynced>> {
            let user = me.id;
            let Some(head) = calendar::load(conn, user, &list, &[])? else {
                return Ok(Err(Unsynced::Unknown));
            };
            // Which names changed since the token (`None`: every one),
            // and which of them are gone.
            let (changed, mut gone) = if token.is_empty() {
                (None, Vec::new())
            } else {
                let Some(since) = head.since(&token) else {
                    return Ok(Err(Unsynced::BadToken));
                };
                // Nothing since: the idle sync a phone makes every few
                // minutes costs the read of the list alone.
                if since == head.list.list.sync_seq {
                    (Some(Vec::new()), Vec::new())
                } else {
                    let id = head.list.list.id;
                    let (gone, here): (Vec<_>, Vec<_>) = changed_since(conn, user, id, since)?
                        .into_iter()
                        .partition(|(_, gone)| *gone);
                    // The cleanup may have forgotten deletions since the
                    // floor was read: a token now below it could miss one.
                    if since < list::sync_floor(conn, user, id)? {
                        return Ok(Err(Unsynced::BadToken));
                    }
                    let names = |all: Vec<(String, bool)>| all.into_iter().map(|(name, _)| name);
                    (Some(names(here).collect::<Vec<_>>()), names(gone).collect())
                }
            };
            let mut answer = Answer::new(&paths, &head, &wanted);
            if changed.as_ref().is_none_or(|names| !names.is_empty()) {
                let found = answer.objects(conn, user, changed.as_deref())?;
                // A name changed and then gone before this read is gone too.
                if let Some(names) = &changed {
                    gone.extend(
                        names
                            .iter()
                            .filter(|name| !found.contains(name.as_str()))
                            .cloned(),
                    );
                }
            }
            for name in &gone {
                answer.nothing(name, true);
            }
            Ok(Ok(answer.body.finish(Some(&head.token()))))
        })
        .await?;
    match body {
        Ok(body) => Ok(answered(body)),
        Err(Unsynced::Unknown) => Err(AppError::NotFound.into()),
        Err(Unsynced::BadToken) => Err(DavError::Precondition(
            StatusCode::FORBIDDEN,
            "d:valid-sync-token",
        )),
    }
}
