//! Sending a [`Case`]: through reqwest, or over a bare socket when the
//! request is something no HTTP client library would send, and reading the
//! answer whole.

use std::collections::HashMap;
use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, LOCATION};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::case::{CSRF, Case};
use crate::helpers::{Browser, TIMEOUT};

/// Who sends the cases: a session (logged in or not) with its CSRF token,
/// and an API token (or none).
pub struct Sender {
    pub client: reqwest::Client,
    pub jar: Arc<reqwest::cookie::Jar>,
    pub base: String,
    pub csrf: String,
    pub bearer: Option<String>,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub location: String,
    pub body: Vec<u8>,
}

impl Sender {
    /// A session of its own, with the token its `/login` form carries.
    pub async fn new(base: &str) -> Self {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::clone(&jar))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        let mut sender = Self {
            client,
            jar,
            base: base.to_owned(),
            csrf: String::new(),
            bearer: None,
        };
        sender.csrf = sender.browser().csrf_token("/login").await;
        sender
    }

    /// The same session, seen as a `Browser`.
    pub fn browser(&self) -> Browser {
        Browser {
            client: self.client.clone(),
            base: self.base.clone(),
        }
    }

    pub fn cookies(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().expect("a URL");
        self.jar
            .cookies(&url)
            .and_then(|value| value.to_str().ok().map(str::to_owned))
    }

    pub async fn send(&self, case: &Case) -> Result<Answer, String> {
        let body = replace(&case.body, CSRF.as_bytes(), self.csrf.as_bytes());
        let raw = case
            .raw
            .clone()
            .or_else(|| case.chunked.then(|| chunked(case, &body)));
        if let Some(raw) = &raw {
            let mut headers = String::new();
            if let Some(cookies) = self.cookies() {
                headers.push_str(&format!("Cookie: {cookies}\r\n"));
            }
            if let Some(token) = &self.bearer {
                headers.push_str(&format!("Authorization: Bearer {token}\r\n"));
            }
            let raw = replace(raw, CSRF.as_bytes(), self.csrf.as_bytes());
            let raw = replace(&raw, b"@HEADERS@", headers.as_bytes());
            return send_raw(&self.base, &raw).await;
        }
        let mut request = self
            .client
            .request(case.method.clone(), format!("{}{}", self.base, case.path));
        if let Some(content_type) = &case.content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request
            .body(body)
            .send()
            .await
            .map_err(|err| format!("no answer: {err}"))?;
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        Ok(Answer {
            status: response.status().as_u16(),
            content_type: header(CONTENT_TYPE),
            location: header(LOCATION),
            body: response
                .bytes()
                .await
                .map_err(|err| format!("the body breaks off: {err}"))?
                .to_vec(),
        })
    }
}

/// `case` as a request with its `body` sent in chunks.
pub fn chunked(case: &Case, body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "{} {} HTTP/1.1\r\nHost: localhost\r\n@HEADERS@Transfer-Encoding: chunked\r\n",
        case.method, case.path
    )
    .into_bytes();
    if let Some(content_type) = &case.content_type {
        request.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
    }
    request.extend_from_slice(b"Connection: close\r\n\r\n");
    for chunk in body.chunks(8 * 1024) {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    request
}

pub fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with);
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Sends `request` as is over a new connection and reads the answer (the
/// request asks the server to close the connection after it).
pub async fn send_raw(base: &str, request: &[u8]) -> Result<Answer, String> {
    let address = base.trim_start_matches("http://");
    let exchange = async {
        let stream = tokio::net::TcpStream::connect(address)
            .await
            .map_err(|err| format!("cannot connect: {err}"))?;
        let (mut reader, mut writer) = stream.into_split();
        // Read while writing: the server may answer (413) and close before
        // it has read the whole request, and a reader that waited for the
        // writing to end could lose that answer to the connection's reset.
        let reading = tokio::spawn(async move {
            let mut answer = Vec::new();
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer).await {
                if n == 0 {
                    break;
                }
                answer.extend_from_slice(&buffer[..n]);
            }
            answer
        });
        drop(writer.write_all(request).await);
        reading
            .await
            .map_err(|err| format!("reading failed: {err}"))
    };
    let answer = tokio::time::timeout(TIMEOUT, exchange)
        .await
        .map_err(|_| "no answer in time".to_owned())??;
    parse_answer(&answer).ok_or_else(|| {
        format!(
            "not an HTTP answer: {:?}",
            String::from_utf8_lossy(&answer[..answer.len().min(200)])
        )
    })
}

/// Reads a raw HTTP/1.1 answer: status, two headers and the body
/// (de-chunked).
pub fn parse_answer(answer: &[u8]) -> Option<Answer> {
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&answer[..split]).ok()?;
    let mut body = answer[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut header = HashMap::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        header.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    if header
        .get("transfer-encoding")
        .is_some_and(|te| te.contains("chunked"))
    {
        let mut decoded = Vec::new();
        let mut rest = &body[..];
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n")?;
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..end]).ok()?.trim(), 16).ok()?;
            rest = &rest[end + 2..];
            if size == 0 {
                break;
            }
            decoded.extend_from_slice(rest.get(..size)?);
            rest = rest.get(size + 2..)?;
        }
        body = decoded;
    }
    let get = |name: &str| header.get(name).cloned().unwrap_or_default();
    Some(Answer {
        status,
        content_type: get("content-type"),
        location: get("location"),
        body,
    })
}
