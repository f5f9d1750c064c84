//! Flash messages: one line set by a POST handler before it redirects, and
//! shown once by the next page (post/redirect/get keeps the message but
//! not the form resubmission).

use actix_session::Session;

const FLASH_KEY: &str = "flash";

pub fn set(session: &Session, message: impl Into<String>) {
    // A message that cannot be stored is not worth failing a request for.
    if let Err(err) = session.insert(FLASH_KEY, message.into()) {
        log::warn!("cannot store a flash message: {err}");
    }
}

pub fn take(session: &Session) -> Option<String> {
    // `remove` marks the session changed (a database write), so look first.
    if !session.contains_key(FLASH_KEY) {
        return None;
    }
    session.remove_as::<String>(FLASH_KEY).and_then(Result::ok)
}
