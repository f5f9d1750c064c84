//! The properties of each kind of resource, and which of them a request
//! asked for. A client asks by name (`<d:prop>`), for all of them
//! (`<d:allprop/>`, or an empty body), or for their names
//! (`<d:propname/>`); what it names that a resource does not have comes
//! back 404 inside the multi-status, never as a failed request.

use super::calendar::{Calendar, Object};
use super::context::Paths;
use super::xml::{APPLE, CALDAV, CALSERVER, DAV, Element, Name, Response, Value};
use crate::domain::Action;
use crate::errors::AppError;
use crate::models::list::MyList;

/// A resource of ticked's DAV tree.
pub enum Resource<'a> {
    /// `/dav/`: where a client starts.
    Root,
    /// `/dav/principals/{user}/`: the user.
    Principal,
    /// `/dav/calendars/{user}/`: their calendars' collection.
    Home,
    /// One list, and its sync token, which moves on whenever its objects
    /// change.
    Calendar(&'a MyList, String),
    /// One task's object, its `ETag` and text.
    Object { etag: String, data: &'a str },
}

/// The most properties a request may ask for.
pub const MAX_PROPERTIES: usize = 64;

/// What a request asks of each resource.
#[derive(Debug, Clone)]
pub enum Wanted {
    All,
    Names,
    These(Vec<Name>),
}

impl Wanted {
    /// Reads `<d:propfind>` (or the `<d:prop>` of a report); `None` is an
    /// empty body, which means all. Each property once, and at most
    /// [`MAX_PROPERTIES`] of them: each is answered for every object, so
    /// a long list would make every answer long.
    pub fn of(request: Option<&Element>) -> Result<Self, AppError> {
        let Some(request) = request else {
            return Ok(Self::All);
        };
        if let Some(prop) = request.child(DAV, "prop") {
            let mut names: Vec<Name> = Vec::new();
            for name in prop.children.iter().filter_map(|child| child.name.as_ref()) {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
            if names.len() > MAX_PROPERTIES {
                return Err(AppError::BadRequest(format!(
                    "prop: a request asks for at most {MAX_PROPERTIES} properties."
                )));
            }
            return Ok(Self::These(names));
        }
        if request.child(DAV, "propname").is_some() {
            return Ok(Self::Names);
        }
        Ok(Self::All)
    }

    /// Whether the calendar data is asked for by name.
    pub fn wants_data(&self) -> bool {
        matches!(self, Self::These(names) if names.iter().any(|name| name.is(CALDAV, "calendar-data")))
    }
}

fn name(ns: &str, local: &str) -> Name {
    Name::new(ns, local)
}

fn href(path: String) -> Value {
    Value::Hrefs(vec![path])
}

/// Every property `resource` has, with its value; an object's text only
/// when it is asked for by name (`with_data`), since it is the whole
/// object, and a listing of thousands asks for their tags alone.
fn known(paths: &Paths, resource: &Resource<'_>, with_data: bool) -> Vec<(Name, Value)> {
    let me = paths.principal();
    let mut props = vec![(name(DAV, "current-user-principal"), href(me.clone()))];
    match resource {
        Resource::Root => {
            props.push((
                name(DAV, "resourcetype"),
                Value::Marks(vec![name(DAV, "collection")]),
            ));
            props.push((name(DAV, "displayname"), Value::Text("ticked".into())));
        }
        Resource::Principal => {
            props.push((
                name(DAV, "resourcetype"),
                Value::Marks(vec![name(DAV, "principal")]),
            ));
            props.push((
                name(DAV, "displayname"),
                Value::Text(paths.username.clone()),
            ));
            props.push((name(DAV, "principal-URL"), href(me.clone())));
            props.push((name(CALDAV, "calendar-home-set"), href(paths.home())));
        }
        Resource::Home => {
            props.push((
                name(DAV, "resourcetype"),
                Value::Marks(vec![name(DAV, "collection")]),
            ));
            props.push((name(DAV, "displayname"), Value::Text("Calendars".into())));
            props.push((name(DAV, "owner"), href(me.clone())));
        }
        Resource::Calendar(my, ctag) => {
            props.push((
                name(DAV, "resourcetype"),
                Value::Marks(vec![name(DAV, "collection"), name(CALDAV, "calendar")]),
            ));
            props.push((name(DAV, "displayname"), Value::Text(my.list.name.clone())));
            props.push((
                name(DAV, "owner"),
                href(format!("/dav/principals/{}/", my.owner)),
            ));
            props.push((
                name(CALDAV, "supported-calendar-component-set"),
                Value::Components(vec!["VTODO"]),
            ));
            props.push((
                name(DAV, "supported-report-set"),
                Value::Reports(vec![
                    name(CALDAV, "calendar-query"),
                    name(CALDAV, "calendar-multiget"),
                    name(DAV, "sync-collection"),
                ]),
            ));
            props.push((name(CALSERVER, "getctag"), Value::Text(ctag.clone())));
            props.push((name(DAV, "sync-token"), Value::Text(ctag.clone())));
            if let Some(colour) = my.list.colour() {
                props.push((
                    name(APPLE, "calendar-color"),
                    Value::Text(colour.hex().to_owned()),
                ));
            }
            // What the user's level allows: a read member's client offers
            // no edit that would be refused.
            let mut privileges = vec![name(DAV, "read")];
            if my.may(Action::ChangeTasks) {
                privileges
                    .extend(["write", "write-content", "bind", "unbind"].map(|p| name(DAV, p)));
            }
            props.push((
                name(DAV, "current-user-privilege-set"),
                Value::Privileges(privileges),
            ));
        }
        Resource::Object { etag, data } => {
            props.push((name(DAV, "resourcetype"), Value::Marks(Vec::new())));
            props.push((name(DAV, "getetag"), Value::Text(etag.clone())));
            props.push((
                name(DAV, "getcontenttype"),
                Value::Text("text/calendar; charset=utf-8; component=VTODO".into()),
            ));
            props.push((
                name(DAV, "getcontentlength"),
                Value::Text(data.len().to_string()),
            ));
            if with_data {
                props.push((
                    name(CALDAV, "calendar-data"),
                    Value::Text((*data).to_owned()),
                ));
            }
        }
    }
    props
}

/// The answer for one of `calendar`'s objects, with what `wanted` asks.
pub fn object_response(
    paths: &Paths,
    calendar: &Calendar,
    object: &Object,
    wanted: &Wanted,
) -> Response {
    let resource = Resource::Object {
        etag: object.etag.clone(),
        data: &object.data,
    };
    response(paths, calendar.href(paths, object), &resource, wanted)
}

/// The answer for `resource` at `href`, with what `wanted` asks.
pub fn response(paths: &Paths, href: String, resource: &Resource<'_>, wanted: &Wanted) -> Response {
    let mut known = known(paths, resource, wanted.wants_data());
    match wanted {
        Wanted::All => Response {
            href,
            found: known,
            missing: Vec::new(),
            other: Vec::new(),
            status: None,
        },
        Wanted::Names => Response {
            href,
            found: known
                .into_iter()
                .map(|(name, _)| (name, Value::Marks(Vec::new())))
                .collect(),
            missing: Vec::new(),
            other: Vec::new(),
            status: None,
        },
        Wanted::These(names) => {
            let mut found = Vec::new();
            let mut missing = Vec::new();
            for asked in names {
                match known.iter().position(|(name, _)| name == asked) {
                    Some(at) => found.push(known.swap_remove(at)),
                    None => missing.push(asked.clone()),
                }
            }
            Response {
                href,
                found,
                missing,
                other: Vec::new(),
                status: None,
            }
        }
    }
}
