//! WebDAV's XML, in and out, with `quick-xml`. A request body is read
//! into a small tree of elements named by namespace and local name (what a
//! prefix stands for is the sender's choice); an answer is a
//! `207 Multi-Status`, one `<response>` per resource, its properties
//! grouped by status: 200 for those it has, 404 for those asked for that
//! it does not (RFC 4918 §9.1), so that an unknown property never fails a
//! whole request.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use super::pieces::Pieces;
use crate::errors::AppError;

pub const DAV: &str = "DAV:";
pub const CALDAV: &str = "urn:ietf:params:xml:ns:caldav";
pub const CALSERVER: &str = "http://calendarserver.org/ns/";
pub const APPLE: &str = "http://apple.com/ns/ical/";

/// The prefixes ticked writes, one per namespace it answers in.
const PREFIXES: [(&str, &str); 4] = [("d", DAV), ("c", CALDAV), ("cs", CALSERVER), ("a", APPLE)];

/// How deep a request may nest: far more than any DAV request needs, and
/// little enough that no walk of the tree runs out of stack.
const MAX_DEPTH: usize = 32;

/// An element's name: its namespace and local name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    pub ns: String,
    pub local: String,
}

impl Name {
    pub fn new(ns: &str, local: &str) -> Self {
        Self {
            ns: ns.to_owned(),
            local: local.to_owned(),
        }
    }

    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    /// The name as ticked writes it: with its prefix, or with an `xmlns`
    /// of its own for a namespace ticked does not use.
    fn start(&self) -> BytesStart<'static> {
        match PREFIXES.iter().find(|(_, ns)| *ns == self.ns) {
            Some((prefix, _)) => BytesStart::new(format!("{prefix}:{}", self.local)),
            None => BytesStart::new(format!("x:{}", self.local))
                .with_attributes([("xmlns:x", self.ns.as_str())]),
        }
    }
}

/// An element of a request, with its attributes, text and children.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: Option<Name>,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.name.as_ref().is_some_and(|name| name.is(ns, local))
    }

    /// The first child named `ns`:`local`.
    pub fn child(&self, ns: &str, local: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.is(ns, local))
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

fn bad(words: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(format!("The XML body does not read: {words}."))
}

/// Reads a request body into its root element; `None` for an empty body.
pub fn parse(body: &[u8]) -> Result<Option<Element>, AppError> {
    let text = std::str::from_utf8(body).map_err(bad)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut reader = NsReader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut open: Vec<Element> = vec![Element::default()];
    loop {
        let (resolved, event) = reader.read_resolved_event().map_err(bad)?;
        let ns = match resolved {
            ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
            _ => String::new(),
        };
        match event {
            Event::Start(start) | Event::Empty(start) if open.len() > MAX_DEPTH => {
                return Err(bad(format!(
                    "{} nests too deep",
                    String::from_utf8_lossy(start.name().as_ref())
                )));
            }
            Event::Start(start) => open.push(element(&start, ns)?),
            Event::Empty(start) => {
                let done = element(&start, ns)?;
                if let Some(parent) = open.last_mut() {
                    parent.children.push(done);
                }
            }
            Event::End(_) => {
                let done = open.pop().ok_or_else(|| bad("an element closes twice"))?;
                match open.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Err(bad("an element closes twice")),
                }
            }
            Event::Text(text) => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&text.decode().map_err(bad)?);
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().map_err(bad)?;
                let resolved = quick_xml::escape::resolve_predefined_entity(&name)
                    .map(str::to_owned)
                    .or_else(|| {
                        reference
                            .resolve_char_ref()
                            .ok()
                            .flatten()
                            .map(String::from)
                    })
                    .ok_or_else(|| bad(format!("&{name}; is not an entity it knows")))?;
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&resolved);
                }
            }
            Event::CData(data) => {
                if let Some(current) = open.last_mut() {
                    current.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut document = match open.as_slice() {
        [_] => open.pop().unwrap_or_default(),
        _ => return Err(bad("an element is not closed")),
    };
    match document.children.len() {
        1 => Ok(document.children.pop()),
        _ => Err(bad("there is not one root element")),
    }
}

fn element(start: &BytesStart<'_>, ns: String) -> Result<Element, AppError> {
    let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(bad)?;
        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        let value = attribute.unescape_value().map_err(bad)?.into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name: Some(Name { ns, local }),
        attributes,
        ..Element::default()
    })
}

/// A property's value, as an answer writes it.
#[derive(Debug, Clone)]
pub enum Value {
    /// Text, escaped.
    Text(String),
    /// `<d:href>` elements.
    Hrefs(Vec<String>),
    /// Empty elements: `<d:collection/><c:calendar/>`.
    Marks(Vec<Name>),
    /// `<c:comp name="VTODO"/>`.
    Components(Vec<&'static str>),
    /// `<d:privilege><d:read/></d:privilege>...`
    Privileges(Vec<Name>),
    /// `<d:supported-report><d:report><c:calendar-query/></d:report>...`
    Reports(Vec<Name>),
}

/// One resource of a multi-status answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub href: String,
    pub found: Vec<(Name, Value)>,
    pub missing: Vec<Name>,
    /// Properties with another status (a `PROPPATCH`'s 403 or 424), by
    /// status line.
    pub other: Vec<(&'static str, Vec<Name>)>,
    /// The status of the resource itself, in place of its properties: a
    /// sync report's "gone" (404).
    pub status: Option<&'static str>,
}

impl Response {
    /// The answer for `href`, with nothing in it yet.
    pub fn at(href: String) -> Self {
        Self {
            href,
            found: Vec::new(),
            missing: Vec::new(),
            other: Vec::new(),
            status: None,
        }
    }
}

/// The `207 Multi-Status` body for `responses`.
pub fn multistatus(responses: &[Response]) -> Pieces {
    let mut body = MultiStatus::begin();
    for response in responses {
        body.push(response);
    }
    body.finish(None)
}

type Written = std::io::Result<()>;

/// A multi-status body written one answer at a time, so that an answer
/// (with an object's text) is gone once written: a first sync of
/// thousands of tasks never holds them all twice.
pub struct MultiStatus {
    out: Writer<Pieces>,
}

impl MultiStatus {
    /// The body begun: the declaration and the root, with every
    /// namespace an answer uses.
    pub fn begin() -> Self {
        let mut out = Writer::new(Pieces::default());
        // Writing to memory cannot fail.
        drop(out.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None))));
        let mut root = BytesStart::new("d:multistatus");
        for (prefix, ns) in PREFIXES {
            root.push_attribute((format!("xmlns:{prefix}").as_str(), ns));
        }
        drop(out.write_event(Event::Start(root)));
        Self { out }
    }

    pub fn push(&mut self, response: &Response) {
        drop(write_response(&mut self.out, response));
    }

    /// The body, ending with the sync token a `sync-collection` report
    /// gives.
    pub fn finish(mut self, token: Option<&str>) -> Pieces {
        if let Some(token) = token {
            drop(text(&mut self.out, "d:sync-token", token));
        }
        drop(
            self.out
                .write_event(Event::End(BytesEnd::new("d:multistatus"))),
        );
        self.out.into_inner()
    }
}

fn write_response(out: &mut Writer<Pieces>, response: &Response) -> Written {
    out.write_event(Event::Start(BytesStart::new("d:response")))?;
    text(out, "d:href", &response.href)?;
    if let Some(status) = response.status {
        text(out, "d:status", status)?;
    }
    if !response.found.is_empty() {
        propstat(out, "HTTP/1.1 200 OK", |out| {
            response
                .found
                .iter()
                .try_for_each(|(name, value)| property(out, name, value))
        })?;
    }
    let missing = ("HTTP/1.1 404 Not Found", &response.missing);
    let other = response
        .other
        .iter()
        .map(|(status, names)| (*status, names));
    for (status, names) in std::iter::once(missing).chain(other) {
        if !names.is_empty() {
            propstat(out, status, |out| {
                names
                    .iter()
                    .try_for_each(|name| out.write_event(Event::Empty(name.start())))
            })?;
        }
    }
    out.write_event(Event::End(BytesEnd::new("d:response")))
}

fn propstat(
    out: &mut Writer<Pieces>,
    status: &str,
    props: impl FnOnce(&mut Writer<Pieces>) -> Written,
) -> Written {
    out.write_event(Event::Start(BytesStart::new("d:propstat")))?;
    out.write_event(Event::Start(BytesStart::new("d:prop")))?;
    props(out)?;
    out.write_event(Event::End(BytesEnd::new("d:prop")))?;
    text(out, "d:status", status)?;
    out.write_event(Event::End(BytesEnd::new("d:propstat")))
}

fn text(out: &mut Writer<Pieces>, tag: &str, value: &str) -> Written {
    out.write_event(Event::Start(BytesStart::new(tag)))?;
    out.write_event(Event::Text(BytesText::new(value)))?;
    out.write_event(Event::End(BytesEnd::new(tag)))
}

fn wrapped(out: &mut Writer<Pieces>, tag: &str, inner: &Name) -> Written {
    out.write_event(Event::Start(BytesStart::new(tag)))?;
    out.write_event(Event::Empty(inner.start()))?;
    out.write_event(Event::End(BytesEnd::new(tag)))
}

fn property(out: &mut Writer<Pieces>, name: &Name, value: &Value) -> Written {
    let start = name.start();
    let end = start.to_end().into_owned();
    out.write_event(Event::Start(start.clone()))?;
    match value {
        Value::Text(value) => out.write_event(Event::Text(BytesText::new(value)))?,
        Value::Hrefs(hrefs) => hrefs
            .iter()
            .try_for_each(|href| text(out, "d:href", href))?,
        Value::Marks(marks) => marks
            .iter()
            .try_for_each(|mark| out.write_event(Event::Empty(mark.start())))?,
        Value::Components(names) => names.iter().try_for_each(|name| {
            out.write_event(Event::Empty(
                BytesStart::new("c:comp").with_attributes([("name", *name)]),
            ))
        })?,
        Value::Privileges(privileges) => privileges
            .iter()
            .try_for_each(|privilege| wrapped(out, "d:privilege", privilege))?,
        Value::Reports(reports) => reports.iter().try_for_each(|report| {
            out.write_event(Event::Start(BytesStart::new("d:supported-report")))?;
            wrapped(out, "d:report", report)?;
            out.write_event(Event::End(BytesEnd::new("d:supported-report")))
        })?,
    }
    out.write_event(Event::End(end))
}
