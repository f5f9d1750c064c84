//! `REPORT` on a calendar: `calendar-query` (the objects that pass a
//! filter, RFC 4791 §7.8) and `calendar-multiget` (the objects at the
//! paths given, §7.9), each with the properties asked for, the object's
//! text (`calendar-data`) among them. A report ticked does not make is a
//! 403 naming the `supported-report` precondition, as RFC 3253 asks.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::calendar::{self, Calendar};
use super::context::DavCtx;
use super::props::{Resource, Wanted, response};
use super::xml::{self, CALDAV, DAV, Element, Response};
use super::{DavError, filter, multistatus};
use crate::errors::AppError;

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
    let id = calendar::list_id(&list)?;
    let uids = if request.is(CALDAV, "calendar-multiget") {
        Some(multiget_uids(&ctx, id, &request))
    } else if request.is(CALDAV, "calendar-query") {
        None
    } else {
        return Err(DavError::Precondition(
            StatusCode::FORBIDDEN,
            "d:supported-report",
        ));
    };
    let user = ctx.user.id;
    let asked = uids.clone();
    let calendar = ctx
        .db
        .read(move |conn| calendar::load(conn, user, id, asked.as_deref()))
        .await?
        .ok_or(AppError::NotFound)?;
    let wanted = Wanted::of(Some(&request));
    let responses = match uids {
        Some(uids) => multiget(&ctx, &calendar, &uids, &wanted),
        None => query(&ctx, &calendar, &request, &wanted)?,
    };
    Ok(multistatus(&responses))
}

/// The UIDs of the objects a multiget names in this calendar; a path
/// elsewhere names none.
fn multiget_uids(ctx: &DavCtx, list: i64, request: &Element) -> Vec<String> {
    let base = ctx.calendar(list);
    request
        .children
        .iter()
        .filter(|child| child.is(DAV, "href"))
        .filter_map(|href| {
            let path = percent_encoding::percent_decode_str(href.text.trim()).decode_utf8_lossy();
            let path = path.split_once("://").map_or(&*path, |(_, rest)| {
                rest.find('/').map_or("", |at| &rest[at..])
            });
            let name = path.strip_prefix(base.as_str())?;
            calendar::uid_of(name).ok()
        })
        .collect()
}

/// The answers of a multiget: each object found, and a 404 for each path
/// that names none.
fn multiget(ctx: &DavCtx, calendar: &Calendar, uids: &[String], wanted: &Wanted) -> Vec<Response> {
    uids.iter()
        .map(|uid| {
            match calendar
                .objects
                .iter()
                .find(|object| &object.task.uid == uid)
            {
                Some(object) => {
                    let resource = Resource::Object {
                        etag: object.etag.clone(),
                        data: &object.data,
                    };
                    response(ctx, calendar.href(ctx, object), &resource, wanted)
                }
                None => Response {
                    href: format!("{}{uid}.ics", ctx.calendar(calendar.list.list.id)),
                    found: Vec::new(),
                    missing: vec![xml::Name::new(DAV, "getetag")],
                },
            }
        })
        .collect()
}

/// The answers of a query: the objects that pass its filter.
fn query(
    ctx: &DavCtx,
    calendar: &Calendar,
    request: &Element,
    wanted: &Wanted,
) -> Result<Vec<Response>, AppError> {
    let filter = request.child(CALDAV, "filter");
    let mut responses = Vec::new();
    for object in &calendar.objects {
        if let Some(filter) = filter
            && !filter::matches(filter, object)?
        {
            continue;
        }
        let resource = Resource::Object {
            etag: object.etag.clone(),
            data: &object.data,
        };
        responses.push(response(ctx, calendar.href(ctx, object), &resource, wanted));
    }
    Ok(responses)
}
