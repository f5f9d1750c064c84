//! Flash messages: one line set by a POST handler before it redirects, and
//! shown once by the next page (post/redirect/get keeps the message but
//! not the form resubmission).
//!
//! The message travels in a signed cookie of its own, not in the session.
//! Sessions live in the database, so a message kept there cost a write when
//! the form set it and another when the next page took it: three writes
//! for adding one task. In a cookie, the round trip writes only what the
//! form changed. The cookie is signed with the session key, so no other
//! site or script can plant a message, and it holds nothing secret: it only
//! repeats what the user just did. (actix-web-flash-messages does the same,
//! but always marks its cookie `Secure`, which browsers drop on the plain
//! HTTP of a home network; this one is marked as the session cookie is.)
//!
//! [`set`] and [`take`] need no handle: [`middleware`] opens the incoming
//! cookie before the handler runs and writes the outgoing one after, and
//! in between the message waits in a task-local slot for this request.
//!
//! A message that holds a secret, such as the password an administrator
//! just reset, must not travel in a cookie: [`set_secret`] keeps it in the
//! server-side session instead (`OneTime::SecretMessage`), and [`take`]
//! shows it the same way.
//!
//! A message about a change that can be taken back (a deletion, a
//! repeating task done) carries what its "Undo" button needs
//! ([`set_with_undo`]): the form to send, its fields, and the view to come
//! back to.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, CookieJar, Key, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::auth::{OneTime, TypedSession};

const COOKIE: &str = "ticked_flash";

/// How the flash cookie is signed and marked: set up once, at start.
#[derive(Clone)]
pub struct FlashCookies {
    key: Key,
    secure: bool,
}

impl FlashCookies {
    pub fn new(key: Key, secure: bool) -> Self {
        Self { key, secure }
    }

    /// The message in `cookie`, if its signature holds.
    fn open(&self, cookie: Cookie<'static>) -> Option<String> {
        let mut jar = CookieJar::new();
        jar.add_original(cookie);
        jar.signed(&self.key)
            .get(COOKIE)
            .map(|cookie| cookie.value().to_owned())
    }

    /// The `Set-Cookie` value carrying `message`, signed.
    fn seal(&self, message: String) -> Option<HeaderValue> {
        let mut jar = CookieJar::new();
        jar.signed_mut(&self.key).add(Cookie::new(COOKIE, message));
        let mut cookie = jar.get(COOKIE)?.clone();
        self.mark(&mut cookie);
        HeaderValue::from_str(&cookie.encoded().to_string()).ok()
    }

    /// The `Set-Cookie` value that removes the cookie once it is shown.
    fn removal(&self) -> Option<HeaderValue> {
        let mut cookie = Cookie::new(COOKIE, "");
        self.mark(&mut cookie);
        cookie.make_removal();
        HeaderValue::from_str(&cookie.to_string()).ok()
    }

    fn mark(&self, cookie: &mut Cookie<'_>) {
        cookie.set_path("/");
        cookie.set_http_only(true);
        // Lax: the message must survive the redirect after a form.
        cookie.set_same_site(SameSite::Lax);
        cookie.set_secure(self.secure);
    }
}

/// A message to show once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub text: String,
    pub undo: Option<Undo>,
}

/// The flash's "Undo" button: the form it sends (`action`, with `fields`
/// as hidden inputs), and the view it goes back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undo {
    pub action: String,
    #[serde(default)]
    pub fields: Vec<(String, String)>,
    pub return_to: String,
}

impl Flash {
    /// The cookie's value: plain text, or JSON when there is an Undo.
    fn to_cookie(&self) -> String {
        match self.undo {
            None => self.text.clone(),
            Some(_) => serde_json::to_string(self).unwrap_or_else(|_| self.text.clone()),
        }
    }

    fn from_cookie(value: String) -> Self {
        /// A message whose Undo this version cannot read (an older one's
        /// cookie): the words alone.
        #[derive(Deserialize)]
        struct Words {
            text: String,
        }
        serde_json::from_str(&value)
            .or_else(|_| {
                serde_json::from_str(&value).map(|Words { text }| Self { text, undo: None })
            })
            .unwrap_or(Self {
                text: value,
                undo: None,
            })
    }
}

/// This request's messages: the one that came in, the one going out.
#[derive(Debug, Default)]
struct Exchange {
    incoming: Option<String>,
    shown: bool,
    outgoing: Option<String>,
}

tokio::task_local! {
    static FLASH: RefCell<Exchange>;
}

/// Shows `message` on the next page this browser loads.
pub fn set(message: impl Into<String>) {
    put(Flash {
        text: message.into(),
        undo: None,
    });
}

/// Shows `message` with an "Undo" button, which sends `undo`.
pub fn set_with_undo(message: impl Into<String>, undo: Undo) {
    put(Flash {
        text: message.into(),
        undo: Some(undo),
    });
}

/// The longest cookie value kept with its Undo. Browsers keep cookies of
/// up to 4 KiB, and the value is percent-encoded (a quote or an accented
/// letter takes three bytes or more): past this, the message goes without
/// its Undo rather than not at all.
const UNDO_LIMIT: usize = 1200;

impl Flash {
    /// The message as its cookie can carry it: without its Undo when the
    /// two together are too long.
    fn fitted(mut self) -> Self {
        if self.to_cookie().len() > UNDO_LIMIT {
            self.undo = None;
        }
        self
    }
}

fn put(flash: Flash) {
    let message = flash.fitted().to_cookie();
    if FLASH
        .try_with(|flash| flash.borrow_mut().outgoing = Some(message))
        .is_err()
    {
        log::warn!("a flash message was set outside a page request");
    }
}

/// Shows `message`, which holds a secret, on the next page this browser
/// loads; it waits in the server-side session, never in the cookie.
pub fn set_secret(session: &TypedSession, message: impl Into<String>) {
    session.keep_once(OneTime::SecretMessage, message);
}

/// The message to show on this page, if there is one; shown once. A secret
/// one goes first; the cookie's then waits for the next page.
pub fn take(session: &TypedSession) -> Option<Flash> {
    session
        .take_once(OneTime::SecretMessage)
        .map(|text| Flash { text, undo: None })
        .or_else(|| take_from_cookie().map(Flash::from_cookie))
}

fn take_from_cookie() -> Option<String> {
    FLASH
        .try_with(|flash| {
            let mut flash = flash.borrow_mut();
            flash.shown = true;
            flash.incoming.take()
        })
        .ok()
        .flatten()
}

/// Opens the flash cookie for the handler, and afterwards sets the next
/// one, or removes the one that was shown (or that failed its signature).
pub async fn middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(cookies) = request.app_data::<web::Data<FlashCookies>>().cloned() else {
        return next.call(request).await;
    };
    let sent = request.cookie(COOKIE);
    let had_cookie = sent.is_some();
    let incoming = sent.and_then(|cookie| cookies.open(cookie));
    let forged = had_cookie && incoming.is_none();
    let exchange = RefCell::new(Exchange {
        incoming,
        ..Exchange::default()
    });
    let (result, exchange) = FLASH
        .scope(exchange, async move {
            let result = next.call(request).await;
            (result, FLASH.with(RefCell::take))
        })
        .await;
    let mut response = result?;
    let set_cookie = match exchange.outgoing {
        Some(message) => cookies.seal(message),
        None if forged || (had_cookie && exchange.shown) => cookies.removal(),
        None => None,
    };
    if let Some(value) = set_cookie {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_undo(text: &str, return_to: &str) -> Flash {
        Flash {
            text: text.to_owned(),
            undo: Some(Undo {
                action: "/trash/1/restore".to_owned(),
                fields: vec![("rrule".to_owned(), "FREQ=DAILY".to_owned())],
                return_to: return_to.to_owned(),
            }),
        }
    }

    #[test]
    fn a_message_and_its_undo_read_back_from_the_cookie() {
        let flash = with_undo("Moved “x” to the trash.", "/tasks?q=milk");
        assert_eq!(Flash::from_cookie(flash.to_cookie()), flash);
        let plain = Flash::from_cookie("Saved “x”.".to_owned());
        assert_eq!((plain.text.as_str(), plain.undo), ("Saved “x”.", None));
        // An older version's Undo: the words still show, without it.
        let older = Flash::from_cookie(
            r#"{"text":"Moved “x”.","undo":{"task":1,"return_to":"/"}}"#.to_owned(),
        );
        assert_eq!((older.text.as_str(), older.undo), ("Moved “x”.", None));
    }

    #[test]
    fn a_message_too_long_for_its_undo_goes_without_it() {
        let short = with_undo("Moved “x” to the trash.", "/tasks").fitted();
        assert!(short.undo.is_some());
        let long = with_undo(&"é".repeat(200), &format!("/tasks?q={}", "x".repeat(1000))).fitted();
        assert_eq!(long.undo, None);
        assert_eq!(long.text, "é".repeat(200));
    }
}
