//! The CalDAV face: ticked as a calendar server for tasks, so that phone
//! and desktop apps (Thunderbird, Apple Reminders, DAVx5 with Tasks.org)
//! keep a user's lists in sync. It speaks WebDAV (RFC 4918) with the
//! calendar extensions of CalDAV (RFC 4791); the same rules as the pages
//! and the API decide what a user may see and change.
//!
//! How a client finds its way, each step a `PROPFIND` (an HTTP method of
//! WebDAV's that asks for properties, answered `207 Multi-Status` in XML):
//!
//! 1. **Discovery.** Given the bare server address, the client asks
//!    `/.well-known/caldav` (RFC 6764) and is redirected to the DAV root,
//!    `/dav/`.
//! 2. **The principal.** The root's `current-user-principal` names the
//!    user as a resource: `/dav/principals/{user}/`. The client must say
//!    who it is first: HTTP Basic with the username and an app password
//!    (`auth::basic`), checked in the same turn on the database as the
//!    request's own query (`context`); without it, a request is a 401
//!    that asks for it.
//! 3. **The calendar home.** The principal's `calendar-home-set` is the
//!    collection of the user's calendars: `/dav/calendars/{user}/`.
//! 4. **The calendars.** The home, asked with `Depth: 1`, lists one
//!    calendar per list the user can see, `/dav/calendars/{user}/{list}/`,
//!    with its name, colour, the one kind of component it holds (`VTODO`),
//!    what the user may do there, and a tag (`getctag`) that changes when
//!    any of its tasks does.
//! 5. **The objects.** Each task is an iCalendar object (`ical`) at
//!    `{calendar}{uid}.ics`, with a strong `ETag`. A client reads them with
//!    a `REPORT`: `calendar-query` (those that pass a filter, such as "not
//!    completed") or `calendar-multiget` (those it names), or one at a time
//!    with `GET`; it writes one with `PUT` (at a name of its choosing) and
//!    removes one with `DELETE` (`write`), each guarded by the `ETag` it
//!    last saw.
//!
//! The modules: `context` (who is asking), `xml` (reading requests, writing
//! multi-status answers), `pieces` (an answer's body, written and sent in
//! pieces), `props` (each resource's properties), `calendar`
//! (a list and its objects), `ical` (a task as iCalendar), `incoming` (an
//! object a client sends, read into a task), `filter` (a query's filters),
//! `propfind`, `report`, `objects`, `write` and `proppatch` (the
//! handlers), `collection` (making and deleting calendars), `feed` (a
//! list's read-only iCalendar feed), `error` (how an outcome looks to a
//! client).

pub mod calendar;
pub mod collection;
pub mod context;
pub mod error;
pub mod feed;
pub mod filter;
pub mod ical;
pub mod incoming;
pub mod objects;
pub mod pieces;
pub mod propfind;
pub mod proppatch;
pub mod props;
pub mod report;
pub mod write;
pub mod xml;

use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpResponse, guard, web};

pub use error::DavError;
use pieces::Pieces;

/// What the DAV face honestly supports, for `OPTIONS` (RFC 4918 §10.1:
/// classes 1 and 3, WebDAV without locks; RFC 4791 §5.1:
/// `calendar-access`).
const DAV_CLASSES: &str = "1, 3, calendar-access";

/// The most a calendar's request may send: a first sync's multiget names
/// every object (10,000 names are about 1 MB).
const MAX_CALENDAR_REQUEST: usize = 4 * 1024 * 1024;
/// The most an object may be: iCalendar text with room for long notes and
/// a client's alarms and properties (the app's forms stop at 64 KiB).
const MAX_OBJECT: usize = 1024 * 1024;

/// The methods each resource answers.
const ALLOW: &str = "OPTIONS, PROPFIND, PROPPATCH, REPORT, MKCALENDAR, GET, PUT, DELETE";

fn method(name: &'static str) -> Method {
    Method::from_bytes(name.as_bytes()).unwrap_or(Method::GET)
}

/// A `207 Multi-Status` answer of `responses`.
fn multistatus(responses: &[xml::Response]) -> HttpResponse {
    answered(xml::multistatus(responses))
}

/// A `207 Multi-Status` answer of a written `body`.
fn answered(body: Pieces) -> HttpResponse {
    HttpResponse::build(StatusCode::MULTI_STATUS)
        .content_type("application/xml; charset=utf-8")
        .body(body.into_body())
}

/// `GET /.well-known/caldav` (and any method there): to the DAV root.
async fn well_known() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, "/dav/"))
        .finish()
}

/// `OPTIONS` on any DAV path: what the server speaks. Authenticated, as
/// every DAV request is, so a client learns at once that it must log in.
async fn options(ctx: context::DavCtx) -> Result<HttpResponse, DavError> {
    ctx.user().await?;
    Ok(HttpResponse::Ok()
        .insert_header(("DAV", DAV_CLASSES))
        .insert_header((header::ALLOW, ALLOW))
        .finish())
}

/// Every DAV route, in one place: the map of the face.
pub fn configure(cfg: &mut web::ServiceConfig) {
    let propfind = || web::method(method("PROPFIND"));
    let report = || web::method(method("REPORT"));
    let options = || web::method(Method::OPTIONS).to(options);
    cfg.route("/.well-known/caldav", web::route().to(well_known))
        .route("/feeds/{file}", web::get().to(feed::show))
        // A client given the bare server address asks `PROPFIND /` first;
        // the guard leaves every other method of `/` to the home page.
        .service(
            web::resource("/")
                .guard(
                    guard::Any(guard::Method(method("PROPFIND")))
                        .or(guard::Method(Method::OPTIONS)),
                )
                .route(propfind().to(propfind::root))
                .route(options()),
        )
        .service(
            web::resource(["/dav", "/dav/"])
                .route(propfind().to(propfind::root))
                .route(options()),
        )
        .service(
            web::resource(["/dav/principals/{user}", "/dav/principals/{user}/"])
                .route(propfind().to(propfind::principal))
                .route(options()),
        )
        .service(
            web::resource(["/dav/calendars/{user}", "/dav/calendars/{user}/"])
                .route(propfind().to(propfind::home))
                .route(options()),
        )
        .service(
            web::resource([
                "/dav/calendars/{user}/{list}",
                "/dav/calendars/{user}/{list}/",
            ])
            .app_data(web::PayloadConfig::new(MAX_CALENDAR_REQUEST))
            .route(propfind().to(propfind::calendar))
            .route(web::method(method("PROPPATCH")).to(proppatch::calendar))
            .route(report().to(report::calendar))
            .route(web::method(method("MKCALENDAR")).to(collection::make))
            .route(web::delete().to(collection::delete))
            .route(options()),
        )
        .service(
            web::resource("/dav/calendars/{user}/{list}/{object}")
                .app_data(web::PayloadConfig::new(MAX_OBJECT))
                .route(web::get().to(objects::get))
                .route(web::put().to(write::put))
                .route(web::delete().to(write::delete))
                .route(propfind().to(propfind::object))
                .route(options()),
        );
}
