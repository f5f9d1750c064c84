//! `PROPPATCH` on a calendar: what a client may change of it. The name
//! (`displayname`) renames the list at once, and a colour
//! (`calendar-color`) becomes the palette's nearest; both need the right
//! to rename the list, as on its settings page. Any other property is
//! protected (403). RFC 4918 makes a `PROPPATCH` all or nothing, so when
//! one property fails the others are not set (424 Failed Dependency).
//! It answers 207 with each property's status, never a blanket refusal.

use actix_web::{HttpResponse, web};

use super::calendar;
use super::context::DavCtx;
use super::xml::{self, APPLE, DAV, Element, Name, Response};
use super::{DavError, multistatus};
use crate::domain::{Colour, ListName, Refused};
use crate::errors::AppError;
use crate::models::list::{self, ListChanges};

const OK: &str = "HTTP/1.1 200 OK";
const FORBIDDEN: &str = "HTTP/1.1 403 Forbidden";
const CONFLICT: &str = "HTTP/1.1 409 Conflict";
const FAILED_DEPENDENCY: &str = "HTTP/1.1 424 Failed Dependency";

/// What the request asks: each property, and whether it is set (with its
/// element) or removed.
pub(super) fn updates(request: &Element) -> Vec<(Name, Option<&Element>)> {
    let mut updates = Vec::new();
    for action in &request.children {
        let set = action.is(DAV, "set");
        if !set && !action.is(DAV, "remove") {
            continue;
        }
        for prop in action.children.iter().filter(|child| child.is(DAV, "prop")) {
            for property in &prop.children {
                if let Some(name) = &property.name {
                    updates.push((name.clone(), set.then_some(property)));
                }
            }
        }
    }
    updates
}

/// The change a property asks for, or the status that refuses it.
pub(super) fn change_of(
    name: &Name,
    value: Option<&Element>,
    changes: &mut ListChanges,
) -> Result<(), &'static str> {
    if name.is(DAV, "displayname") {
        let text = value.map_or("", |value| value.text.as_str());
        changes.name = Some(ListName::parse(text).map_err(|_| CONFLICT)?);
        Ok(())
    } else if name.is(APPLE, "calendar-color") {
        changes.colour = Some(match value {
            Some(value) => Some(Colour::nearest(&value.text).ok_or(CONFLICT)?),
            None => None,
        });
        Ok(())
    } else {
        Err(FORBIDDEN)
    }
}

/// `PROPPATCH /dav/calendars/{user}/{list}/`
pub async fn calendar(
    ctx: DavCtx,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    let (user, list) = path.into_inner();
    ctx.own(&user)?;
    let request = xml::parse(&body)?
        .filter(|request| request.is(DAV, "propertyupdate"))
        .ok_or_else(|| AppError::BadRequest("A PROPPATCH body is a <propertyupdate>.".into()))?;
    let updates = updates(&request);
    let mut changes = ListChanges::default();
    let mut refused: Vec<(&'static str, Name)> = Vec::new();
    for (name, value) in &updates {
        if let Err(status) = change_of(name, *value, &mut changes) {
            refused.push((status, name.clone()));
        }
    }
    let segment = list.clone();
    let outcome = if refused.is_empty() {
        ctx.try_write(
            move |conn, me| match calendar::find(conn, me.id, &segment)? {
                Some(found) => list::change(conn, me.id, found.list.id, &changes),
                None => Err(diesel::result::Error::NotFound),
            },
        )
        .await?
        .map(drop)
    } else {
        // Nothing to set, but the calendar must be one the user can see.
        ctx.read(move |conn, me| calendar::find(conn, me.id, &segment))
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(())
    };
    let names = updates.into_iter().map(|(name, _)| name);
    let mut response = Response::at(ctx.paths().calendar(&list));
    let mut group = |status: &'static str, name: Name| match response
        .other
        .iter_mut()
        .find(|(have, _)| *have == status)
    {
        Some((_, names)) => names.push(name),
        None => response.other.push((status, vec![name])),
    };
    match outcome {
        Err(Refused::Denied(_)) => names.for_each(|name| group(FORBIDDEN, name)),
        Err(refused) => return Err(AppError::from(refused).into()),
        Ok(()) if refused.is_empty() => names.for_each(|name| group(OK, name)),
        Ok(()) => {
            for name in names {
                match refused.iter().find(|(_, failed)| *failed == name) {
                    Some((status, _)) => group(status, name),
                    None => group(FAILED_DEPENDENCY, name),
                }
            }
        }
    }
    Ok(multistatus(&[response]))
}
