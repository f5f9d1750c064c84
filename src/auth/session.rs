//! What a session holds, behind one type that owns every key of it
//! ([`TypedSession`]), and the two moments that change who it belongs to:
//! logging in and logging out.
//!
//! actix-session stores a session as a map from strings to JSON. Reading
//! and writing that map with loose string keys all over the code is how a
//! typo becomes a silent logout; here the keys are private, and the rest of
//! ticked asks the session questions ("who is logged in?", "what is the
//! CSRF token?") instead.

use std::collections::HashMap;

use actix_session::{Session, SessionExt};
use actix_web::HttpRequest;

use super::random_token;
use crate::errors::AppError;
use crate::models::session::SessionData;
use crate::models::user::User;

/// The state's keys. The session store copies the user id, address,
/// browser and public id into columns of their own (see [`columns`]).
const USER_ID: &str = "user_id";
const IP: &str = "ip";
const USER_AGENT: &str = "user_agent";
/// A random public name for the session, for the account page's list.
const PUBLIC_ID: &str = "public_id";
const CSRF_TOKEN: &str = "csrf_token";
/// The session's user as the session store read it with the session, in
/// the same query, for this request only: the store adds it when it loads
/// the state and removes it before it saves, so it is never stored.
const LOADED_USER: &str = "loaded_user";

const MAX_USER_AGENT_CHARS: usize = 256;
const CSRF_TOKEN_LEN: usize = 43;

/// A value kept in the session until it is shown once: secrets that must
/// not travel in a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneTime {
    /// A new API token, shown in a box of its own on the account page.
    NewApiToken,
    /// A message holding a secret (a password an administrator just
    /// reset), shown where the flash message shows.
    SecretMessage,
}

impl OneTime {
    fn key(self) -> &'static str {
        match self {
            Self::NewApiToken => "new_api_token",
            Self::SecretMessage => "secret_flash",
        }
    }
}

/// The session of this request.
#[derive(Clone)]
pub struct TypedSession(Session);

impl TypedSession {
    /// The session of `req`.
    pub fn of(req: &HttpRequest) -> Self {
        Self(req.get_session())
    }

    /// The id of the logged-in user, if any. Whether that user still exists
    /// and is enabled is the extractors' business.
    pub fn user_id(&self) -> Option<i64> {
        self.0.get::<i64>(USER_ID).ok().flatten()
    }

    /// This session's public name, if it is a logged-in one.
    pub fn public_id(&self) -> Option<String> {
        self.0.get::<String>(PUBLIC_ID).ok().flatten()
    }

    /// The user the session store loaded with this session, if it is the
    /// session's user.
    pub(super) fn loaded_user(&self) -> Option<User> {
        let id = self.user_id()?;
        self.0
            .get::<User>(LOADED_USER)
            .ok()
            .flatten()
            .filter(|user| user.id == id)
    }

    /// Makes this a logged-in session of `user_id`, from the client address
    /// `ip` with the browser `user_agent`.
    ///
    /// The session gets a new key: a key that someone planted in the browser
    /// before the login ("session fixation") is worthless after it. The CSRF
    /// token is new as well, and the old key's row is deleted.
    pub fn log_in(&self, user_id: i64, ip: &str, user_agent: Option<&str>) -> Result<(), AppError> {
        self.0.clear();
        self.0.renew();
        self.insert(USER_ID, user_id)?;
        self.insert(PUBLIC_ID, random_token(22))?;
        self.insert(IP, ip)?;
        if let Some(agent) = user_agent {
            let agent: String = agent.chars().take(MAX_USER_AGENT_CHARS).collect();
            self.insert(USER_AGENT, agent)?;
        }
        self.rotate_csrf_token()?;
        Ok(())
    }

    /// Ends the session on the server: its row is deleted, and the browser
    /// gets a fresh, empty session (which can still carry a message).
    pub fn log_out(&self) {
        self.0.clear();
        self.0.renew();
    }

    /// Forgets the session at once: its user is gone or disabled.
    pub(super) fn purge(&self) {
        self.0.purge();
    }

    /// The session's CSRF token, made on first use (which makes the
    /// session, and its row, if there was none).
    pub fn csrf_token(&self) -> Result<String, AppError> {
        match self.existing_csrf_token() {
            Some(token) => Ok(token),
            None => self.rotate_csrf_token(),
        }
    }

    /// The CSRF token, if the session has one already.
    pub fn existing_csrf_token(&self) -> Option<String> {
        self.0.get::<String>(CSRF_TOKEN).ok().flatten()
    }

    /// Gives the session a new CSRF token (at login, so a token seen before
    /// the login is of no use after it).
    fn rotate_csrf_token(&self) -> Result<String, AppError> {
        let token = random_token(CSRF_TOKEN_LEN);
        self.insert(CSRF_TOKEN, &token)?;
        Ok(token)
    }

    /// Keeps `value` until the next [`TypedSession::take_once`] of `slot`.
    pub fn keep_once(&self, slot: OneTime, value: impl Into<String>) {
        // A value that cannot be stored is not worth failing a request for.
        if let Err(err) = self.0.insert(slot.key(), value.into()) {
            log::warn!("cannot store a one-time value: {err}");
        }
    }

    /// The value kept in `slot`, once.
    pub fn take_once(&self, slot: OneTime) -> Option<String> {
        // `remove` marks the session changed (a database write), so look
        // first.
        if !self.0.contains_key(slot.key()) {
            return None;
        }
        self.0.remove_as::<String>(slot.key()).and_then(Result::ok)
    }

    fn insert(&self, key: &str, value: impl serde::Serialize) -> Result<(), AppError> {
        self.0.insert(key, value).map_err(AppError::internal)
    }
}

/// The raw state of a session, as actix-session hands it to the store:
/// every value JSON-encoded.
pub(super) type State = HashMap<String, String>;

/// Adds the user loaded with the session to its state, for this request.
pub(super) fn with_loaded_user(state: &mut State, user: &User) -> serde_json::Result<()> {
    state.insert(LOADED_USER.to_owned(), serde_json::to_string(user)?);
    Ok(())
}

/// The state as it is stored: without the user that the store added for
/// the request (the database has the real one).
pub(super) fn stored(mut state: State) -> State {
    state.remove(LOADED_USER);
    state
}

/// The state of a session that was ended while its request ran: what the
/// request stored (a token to show once, say) but never the login it had.
pub(super) fn logged_out(mut state: State) -> State {
    state.remove(USER_ID);
    state.remove(PUBLIC_ID);
    state
}

/// The state values that also get columns of their own, so that they can
/// be queried (whose session, from where).
pub(super) fn columns<'a>(state: &'a State, json: &'a str) -> SessionData<'a> {
    let text = |key: &str| {
        state
            .get(key)
            .and_then(|v| serde_json::from_str::<String>(v).ok())
            .filter(|v| !v.is_empty())
    };
    SessionData {
        user_id: state.get(USER_ID).and_then(|v| v.parse().ok()),
        state: json,
        ip: text(IP),
        user_agent: text(USER_AGENT),
        public_id: text(PUBLIC_ID),
    }
}
