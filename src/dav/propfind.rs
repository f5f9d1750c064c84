//! `PROPFIND`: what a client reads to find its way: the root names the
//! user's principal, the principal names the calendar home, the home
//! lists a calendar per list the user can see (`Depth: 1`), a calendar
//! lists its objects (read and written a batch at a time, as a report's
//! are). Each answer is a 207 multi-status.

use std::convert::Infallible;

use actix_web::{HttpRequest, HttpResponse, web};

use super::calendar::{self, Calendar, each_object};
use super::context::DavCtx;
use super::props::{Resource, Wanted, object_response, response};
use super::xml::{self, MultiStatus, Response};
use super::{DavError, answered, multistatus};
use crate::errors::AppError;

/// `Depth: 0` answers for the resource alone; `1` (and `infinity`, which
/// ticked answers as `1`) for it and what it holds. Without the header,
/// RFC 4918 means infinity.
fn deep(req: &HttpRequest) -> bool {
    req.headers()
        .get("depth")
        .and_then(|depth| depth.to_str().ok())
        .is_none_or(|depth| depth.trim() != "0")
}

fn wanted(body: &[u8]) -> Result<Wanted, DavError> {
    let request = xml::parse(body)?;
    if let Some(root) = &request
        && !root.is(xml::DAV, "propfind")
    {
        return Err(AppError::BadRequest("A PROPFIND body is a <propfind> element.".into()).into());
    }
    Ok(Wanted::of(request.as_ref())?)
}

/// `PROPFIND /dav/`
pub async fn root(ctx: DavCtx, body: web::Bytes) -> Result<HttpResponse, DavError> {
    ctx.user().await?;
    let wanted = wanted(&body)?;
    Ok(multistatus(&[response(
        &ctx.paths(),
        "/dav/".into(),
        &Resource::Root,
        &wanted,
    )]))
}

/// `PROPFIND /dav/principals/{user}/`
pub async fn principal(
    ctx: DavCtx,
    user: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    ctx.own(&user)?;
    ctx.user().await?;
    let wanted = wanted(&body)?;
    let paths = ctx.paths();
    Ok(multistatus(&[response(
        &paths,
        paths.principal(),
        &Resource::Principal,
        &wanted,
    )]))
}

/// `PROPFIND /dav/calendars/{user}/`
pub async fn home(
    ctx: DavCtx,
    req: HttpRequest,
    user: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    ctx.own(&user)?;
    let calendars = if deep(&req) {
        ctx.read(|conn, me| Calendar::all(conn, me.id)).await?
    } else {
        ctx.user().await?;
        Vec::new()
    };
    let wanted = wanted(&body)?;
    let paths = ctx.paths();
    let mut responses = vec![response(&paths, paths.home(), &Resource::Home, &wanted)];
    for calendar in &calendars {
        let resource = Resource::Calendar(&calendar.list, calendar.token());
        let href = calendar.path(&paths);
        responses.push(response(&paths, href, &resource, &wanted));
    }
    Ok(multistatus(&responses))
}

/// `PROPFIND /dav/calendars/{user}/{list}/`: the calendar, and with
/// `Depth: 1` each of its objects, written as it is read (a client without
/// sync tokens lists a calendar of thousands this way).
pub async fn calendar(
    ctx: DavCtx,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    let (user, list) = path.into_inner();
    ctx.own(&user)?;
    let wanted = wanted(&body)?;
    let deep = deep(&req);
    let paths = ctx.paths();
    let body = ctx
        .read(move |conn, me| {
            let Some(head) = calendar::load(conn, me.id, &list, &[])? else {
                return Ok(None);
            };
            let mut body = MultiStatus::begin();
            let resource = Resource::Calendar(&head.list, head.token());
            body.push(&response(&paths, head.path(&paths), &resource, &wanted));
            if deep {
                let Ok(()) = each_object::<Infallible>(conn, me.id, &head, None, |object| {
                    body.push(&object_response(&paths, &head, &object, &wanted));
                    Ok(())
                })?;
            }
            Ok(Some(body.finish(None)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(answered(body))
}

/// `PROPFIND /dav/calendars/{user}/{list}/{object}`
pub async fn object(
    ctx: DavCtx,
    path: web::Path<(String, String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    let (user, list, name) = path.into_inner();
    ctx.own(&user)?;
    let wanted = wanted(&body)?;
    let calendar = one(&ctx, &list, &name).await?;
    let paths = ctx.paths();
    let answers: Vec<Response> = calendar
        .objects
        .iter()
        .map(|object| object_response(&paths, &calendar, object, &wanted))
        .collect();
    Ok(multistatus(&answers))
}

/// A calendar with only the object `name`, or not found.
pub async fn one(ctx: &DavCtx, list: &str, name: &str) -> Result<Calendar, DavError> {
    let (list, name) = (list.to_owned(), calendar::name_of(name)?);
    let calendar = ctx
        .read(move |conn, me| calendar::load(conn, me.id, &list, &[name]))
        .await?
        .filter(|calendar| !calendar.objects.is_empty())
        .ok_or(AppError::NotFound)?;
    Ok(calendar)
}
