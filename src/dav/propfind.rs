//! `PROPFIND`: what a client reads to find its way: the root names the
//! user's principal, the principal names the calendar home, the home
//! lists a calendar per list the user can see (`Depth: 1`), a calendar
//! lists its objects. Each answer is a 207 multi-status.

use actix_web::{HttpRequest, HttpResponse, web};

use super::calendar::{self, Calendar};
use super::context::{DavCtx, Paths};
use super::props::{Resource, Wanted, object_response, response};
use super::xml::{self, Response};
use super::{DavError, multistatus};
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

/// A calendar, with its objects or (`all` false) without.
async fn load(ctx: &DavCtx, name: String, all: bool) -> Result<Option<Calendar>, DavError> {
    ctx.read(move |conn, me| calendar::load(conn, me.id, &name, (!all).then_some(&[][..])))
        .await
}

/// `PROPFIND /dav/calendars/{user}/{list}/`
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
    let calendar = load(&ctx, list, deep).await?.ok_or(AppError::NotFound)?;
    let resource = Resource::Calendar(&calendar.list, calendar.token());
    let paths = ctx.paths();
    let mut responses = vec![response(&paths, calendar.path(&paths), &resource, &wanted)];
    if deep {
        responses.extend(objects(&paths, &calendar, &wanted));
    }
    Ok(multistatus(&responses))
}

/// The answers for each of a calendar's objects.
pub fn objects<'a>(
    paths: &'a Paths,
    calendar: &'a Calendar,
    wanted: &'a Wanted,
) -> impl Iterator<Item = Response> + 'a {
    calendar
        .objects
        .iter()
        .map(move |object| object_response(paths, calendar, object, wanted))
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
    let answers: Vec<Response> = objects(&ctx.paths(), &calendar, &wanted).collect();
    if answers.is_empty() {
        return Err(AppError::NotFound.into());
    }
    Ok(multistatus(&answers))
}

/// A calendar with only the object `name`, or not found.
pub async fn one(ctx: &DavCtx, list: &str, name: &str) -> Result<Calendar, DavError> {
    let (list, name) = (list.to_owned(), calendar::name_of(name)?);
    let calendar = ctx
        .read(move |conn, me| calendar::load(conn, me.id, &list, Some(&[name])))
        .await?
        .filter(|calendar| !calendar.objects.is_empty())
        .ok_or(AppError::NotFound)?;
    Ok(calendar)
}
