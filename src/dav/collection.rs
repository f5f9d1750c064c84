//! Making and deleting calendars: `MKCALENDAR` (RFC 4791 §5.3.1) makes a
//! list at the URL the client chose, and `DELETE` of a calendar deletes
//! its list, as the list's owner may on the web.
//!
//! The client names the new calendar's URL itself (Apple's apps and DAVx5
//! pick a UUID), so the last segment is kept as the list's DAV name and
//! the calendar stays where the client put it; a list made on the web is
//! at its id, which is why a name that is a number is refused. The
//! request may set properties at once: `displayname` and `calendar-color`
//! become the list's name and colour, and a `supported-calendar-component-set`
//! must include `VTODO`, since ticked's calendars hold tasks. Other
//! properties a client sends along (an order, a time zone, a description)
//! describe a calendar ticked has no field for, and are not kept.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::QueryResult;

use super::DavError;
use super::calendar::{self, name_of};
use super::context::DavCtx;
use super::proppatch::{change_of, updates};
use super::xml::{self, APPLE, CALDAV, DAV, Element};
use crate::domain::{ListInput, ListName, Refused};
use crate::errors::AppError;
use crate::models::list::{self, ListChanges};

/// Why a calendar was not made.
enum Unmade {
    /// Something is already at that URL.
    Exists,
    /// The URL is one ticked cannot put a calendar at.
    Location,
}

/// What a `MKCALENDAR` body asks of the new list; `Err` names what is
/// wrong.
fn input_of(segment: &str, request: Option<&Element>) -> Result<ListInput, DavError> {
    let mut changes = ListChanges::default();
    if let Some(request) = request {
        if !request.is(CALDAV, "mkcalendar") {
            return Err(AppError::BadRequest("A MKCALENDAR body is a <mkcalendar>.".into()).into());
        }
        for (name, value) in updates(request) {
            if name.is(CALDAV, "supported-calendar-component-set") {
                let todo = value.is_some_and(|set| {
                    set.children.iter().any(|comp| {
                        comp.is(CALDAV, "comp")
                            && comp
                                .attribute("name")
                                .is_some_and(|n| n.eq_ignore_ascii_case("VTODO"))
                    })
                });
                if !todo {
                    return Err(DavError::Precondition(
                        StatusCode::FORBIDDEN,
                        "c:supported-calendar-component",
                    ));
                }
            } else if (name.is(DAV, "displayname") || name.is(APPLE, "calendar-color"))
                && change_of(&name, value, &mut changes).is_err()
            {
                let message = format!(
                    "{}: not a list name (one line of 1 to {} characters) or a colour like #3366cc.",
                    name.local,
                    ListName::MAX_CHARS
                );
                return Err(AppError::BadRequest(message).into());
            }
        }
    }
    let name = match changes.name {
        Some(name) => name,
        // A client that gives no name gets its URL's, which it chose.
        None => ListName::parse(segment).unwrap_or_else(|_| ListName::of_default_list()),
    };
    Ok(ListInput {
        name,
        colour: changes.colour.flatten(),
    })
}

/// `MKCALENDAR /dav/calendars/{user}/{list}/`: 201, or 405 when a
/// calendar is there already.
pub async fn make(
    ctx: DavCtx,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, DavError> {
    let (user, segment) = path.into_inner();
    ctx.own(&user)?;
    let segment = name_of(&segment)?;
    let request = xml::parse(&body)?;
    let input = input_of(&segment, request.as_ref())?;
    let made = ctx
        .try_write(move |conn, me| -> QueryResult<Result<(), Unmade>> {
            let owner = me.id;
            if calendar::find(conn, owner, &segment)?.is_some() {
                return Ok(Err(Unmade::Exists));
            }
            Ok(list::create_at(conn, owner, &input, &segment)?
                .map(drop)
                .map_err(|_| Unmade::Location))
        })
        .await?;
    match made {
        Ok(()) => Ok(HttpResponse::Created().finish()),
        Err(Unmade::Exists) => Err(DavError::Precondition(
            StatusCode::METHOD_NOT_ALLOWED,
            "d:resource-must-be-null",
        )),
        Err(Unmade::Location) => Err(DavError::Precondition(
            StatusCode::FORBIDDEN,
            "c:calendar-collection-location-ok",
        )),
    }
}

/// `DELETE /dav/calendars/{user}/{list}/`: the list with its tasks, 204;
/// 403 for anyone but its owner, and for the default list, which every
/// account keeps for tasks that name none.
pub async fn delete(
    ctx: DavCtx,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, DavError> {
    let (user, segment) = path.into_inner();
    ctx.own(&user)?;
    ctx.try_write(move |conn, me| -> QueryResult<Result<(), AppError>> {
        let owner = me.id;
        let Some(found) = calendar::find(conn, owner, &segment)? else {
            return Ok(Err(AppError::NotFound));
        };
        Ok(list::delete(conn, owner, found.list.id)?
            .map(drop)
            .map_err(|refused| match refused {
                // The list stays (the default list): to an app, a
                // calendar it may not delete.
                Refused::Invalid { .. } => AppError::Forbidden,
                denied @ Refused::Denied(_) => denied.into(),
            }))
    })
    .await??;
    Ok(HttpResponse::NoContent().finish())
}
