//! The malformed requests as data: [`Case`], one request and what it must
//! get, with the builders that keep each table row to one line.

use reqwest::Method;

/// Stands for the session's CSRF token in a case's body.
pub const CSRF: &str = "@CSRF@";
pub const FORM: &str = "application/x-www-form-urlencoded";
pub const JSON: &str = "application/json";
pub const BOUNDARY: &str = "reliability-boundary-f3b1c2";
/// Past the 64 KiB limit on forms and JSON.
pub const OVERSIZED: usize = 70 * 1024;
/// An id no `i64` holds.
pub const OVERFLOW: &str = "99999999999999999999";

/// What a malformed request must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A 4xx with a body that says why.
    Refused,
    /// A read that may answer normally (it changes nothing by nature), but
    /// never with a 5xx.
    Harmless,
    /// A request line that HTTP itself forbids (bytes outside ASCII): the
    /// HTTP layer answers 400 before any route sees it, with no body.
    Unparsable,
    /// An API request with one field wrong: a 422 `invalid_field` whose
    /// message starts with this field's name.
    Invalid(&'static str),
    /// An API request wrong as a whole, in no one field: a 400
    /// `bad_request`.
    Malformed,
}

/// One malformed request.
#[derive(Debug, Clone)]
pub struct Case {
    pub method: Method,
    pub path: String,
    pub content_type: Option<String>,
    /// `@CSRF@` is replaced with the session's token before sending.
    pub body: Vec<u8>,
    /// Sent over a bare socket, exactly as written (but `@HEADERS@`, which
    /// becomes the session's cookie and the bearer token), when the request
    /// itself is something no HTTP client library would send.
    pub raw: Option<Vec<u8>>,
    /// Sent over a bare socket with a chunked body.
    pub chunked: bool,
    pub expect: Expect,
}

impl Case {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            content_type: None,
            body: Vec::new(),
            raw: None,
            chunked: false,
            expect: Expect::Refused,
        }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::new(Method::GET, path)
    }

    /// A url-encoded form POST; the body is sent exactly as given.
    pub fn form(path: impl Into<String>, body: impl AsRef<[u8]>) -> Self {
        Self::new(Method::POST, path).body(FORM, body)
    }

    /// A form POST carrying the session's CSRF token, then `fields`.
    pub fn checked_form(path: impl Into<String>, fields: impl AsRef<[u8]>) -> Self {
        let mut body = format!("csrf_token={CSRF}&").into_bytes();
        body.extend_from_slice(fields.as_ref());
        Self::form(path, body)
    }

    pub fn json(method: Method, path: impl Into<String>, body: impl AsRef<[u8]>) -> Self {
        Self::new(method, path).body(JSON, body)
    }

    pub fn body(mut self, content_type: &str, body: impl AsRef<[u8]>) -> Self {
        self.content_type = Some(content_type.to_owned());
        self.body = body.as_ref().to_vec();
        self
    }

    pub fn no_content_type(mut self) -> Self {
        self.content_type = None;
        self
    }

    /// Expects a 422 naming `field`.
    pub fn naming(mut self, field: &'static str) -> Self {
        self.expect = Expect::Invalid(field);
        self
    }

    /// Expects a 400 `bad_request`.
    pub fn malformed(mut self) -> Self {
        self.expect = Expect::Malformed;
        self
    }

    pub fn harmless(mut self) -> Self {
        self.expect = Expect::Harmless;
        self
    }

    /// The same request with a `Transfer-Encoding: chunked` body, so that
    /// no `Content-Length` warns the server of its size.
    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    /// A bodiless request whose target is `target`, byte for byte.
    pub fn raw_target(method: &str, target: &[u8]) -> Self {
        let mut request = format!("{method} ").into_bytes();
        request.extend_from_slice(target);
        request.extend_from_slice(
            b" HTTP/1.1\r\nHost: localhost\r\n@HEADERS@Connection: close\r\n\r\n",
        );
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let mut case = Self::new(method, String::from_utf8_lossy(target));
        case.raw = Some(request);
        if !target.is_ascii() {
            case.expect = Expect::Unparsable;
        }
        case
    }

    pub fn describe(&self) -> String {
        let body = String::from_utf8_lossy(&self.body);
        let body: String = body.chars().take(80).collect();
        let raw = match (&self.raw, self.chunked) {
            (Some(_), _) => " (raw)",
            (None, true) => " (chunked)",
            (None, false) => "",
        };
        format!(
            "{} {}{raw} [{}] {body:?}",
            self.method,
            self.path.chars().take(100).collect::<String>(),
            self.content_type.as_deref().unwrap_or("no content type")
        )
    }
}

/// A `multipart/form-data` body: the CSRF token, then `file` (if any).
pub fn multipart(file: Option<&[u8]>) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{CSRF}\r\n"
    )
    .into_bytes();
    if let Some(file) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; \
                 filename=\"tasks.json\"\r\nContent-Type: application/json\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

pub fn multipart_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

pub fn import(file: Option<&[u8]>) -> Case {
    Case::new(Method::POST, "/account/import").body(&multipart_type(), multipart(file))
}

/// An export file of `version` holding `tasks` (JSON objects, comma-separated).
pub fn export(version: impl std::fmt::Display, tasks: impl AsRef<[u8]>) -> Vec<u8> {
    let mut file = format!("{{\"format\": \"ticked-tasks\", \"version\": {version}, \"tasks\": [")
        .into_bytes();
    file.extend_from_slice(tasks.as_ref());
    file.extend_from_slice(b"]}");
    file
}

/// Registration fields, then a good password typed twice.
pub fn with_passwords(fields: impl AsRef<[u8]>) -> Vec<u8> {
    let mut body = fields.as_ref().to_vec();
    body.extend_from_slice(b"&password=long+enough+1&password_confirm=long+enough+1");
    body
}

/// `n` times `x`, as a form value.
pub fn long(n: usize) -> String {
    "x".repeat(n)
}
