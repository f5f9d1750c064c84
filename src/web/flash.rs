//! Flash messages: one line set by a POST handler before it redirects, and
//! shown once by the next page (post/redirect/get keeps the message but
//! not the form resubmission). The same mechanism carries a value that must
//! be shown exactly once, such as a new API token.

use actix_session::Session;

const FLASH_KEY: &str = "flash";

pub fn set(session: &Session, message: impl Into<String>) {
    set_once(session, FLASH_KEY, message);
}

pub fn take(session: &Session) -> Option<String> {
    take_once(session, FLASH_KEY)
}

/// Stores `value` under `key` until the next [`take_once`] of that key.
pub fn set_once(session: &Session, key: &str, value: impl Into<String>) {
    // A message that cannot be stored is not worth failing a request for.
    if let Err(err) = session.insert(key, value.into()) {
        log::warn!("cannot store a one-time value: {err}");
    }
}

pub fn take_once(session: &Session, key: &str) -> Option<String> {
    // `remove` marks the session changed (a database write), so look first.
    if !session.contains_key(key) {
        return None;
    }
    session.remove_as::<String>(key).and_then(Result::ok)
}
