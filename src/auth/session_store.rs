//! The session store: actix-session keeps each session's state here, in
//! the `sessions` table, rather than in the cookie.
//!
//! Why on the server: a cookie that carries the state itself stays valid
//! until it expires, whatever happens; with the state in the database,
//! logging out, changing a password or disabling a user deletes rows, and
//! the next request carrying the old cookie finds nothing, on every
//! instance at once. The browser holds a random key; we store only its
//! SHA-256, so a leaked copy of the table holds no usable cookie.
//!
//! Loading a session also loads its user, in the same query: nearly every
//! request needs both, and one trip to the database is cheaper than two.
//! The user rides in the state under `LOADED_USER_KEY` for this request
//! only, for the extractors in `auth::extractors`; it is taken out again
//! before the state is saved.
//!
//! A session ends at the first of: its absolute lifetime after login, or
//! the idle timeout since its last use. "Last use" is written at most once
//! a minute, so a busy reader does not turn every page view into a write.

use std::collections::HashMap;
use std::time::Duration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as CookieDuration;
use chrono::NaiveDateTime;

use super::session::{IP_KEY, LOADED_USER_KEY, PUBLIC_ID_KEY, USER_AGENT_KEY, USER_ID_KEY};
use super::{random_token, token_hash};
use crate::db::Database;
use crate::errors::AppError;
use crate::models::{self, session::SessionData};

type State = HashMap<String, String>;

/// Length of the session key in the cookie: 64 alphanumerics, ~380 bits.
const KEY_LEN: usize = 64;
const TOUCH_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

#[derive(Clone)]
pub struct DbSessionStore {
    db: Database,
    idle: chrono::TimeDelta,
    lifetime: chrono::TimeDelta,
}

impl DbSessionStore {
    pub fn new(db: Database, idle: Duration, lifetime: Duration) -> Self {
        let delta = |d: Duration| chrono::TimeDelta::from_std(d).unwrap_or(chrono::TimeDelta::MAX);
        Self {
            db,
            idle: delta(idle),
            lifetime: delta(lifetime),
        }
    }

    fn idle_cutoff(&self, now: NaiveDateTime) -> NaiveDateTime {
        now.checked_sub_signed(self.idle)
            .unwrap_or(NaiveDateTime::MIN)
    }

    /// Deletes every expired session; run now and then in the background.
    pub async fn purge_expired(&self) -> Result<usize, AppError> {
        let now = models::now();
        let cutoff = self.idle_cutoff(now);
        self.db
            .write(move |conn| models::session::purge_expired(conn, now, cutoff))
            .await
    }

    /// Writes `state` under a new key and returns the key.
    async fn insert(&self, state: State) -> Result<SessionKey, AppError> {
        let key = random_token(KEY_LEN);
        let hash = token_hash(&key);
        let now = models::now();
        let expires_at = now
            .checked_add_signed(self.lifetime)
            .unwrap_or(NaiveDateTime::MAX);
        let json = serde_json::to_string(&state).map_err(AppError::internal)?;
        self.db
            .write(move |conn| {
                let data = columns(&state, &json);
                models::session::insert(conn, &hash, &data, now, expires_at)
            })
            .await?;
        SessionKey::try_from(key).map_err(AppError::internal)
    }
}

/// The state as it is stored: without the user that [`DbSessionStore`]'s
/// `load` added for the request (the database has the real one).
fn stored(mut state: State) -> State {
    state.remove(LOADED_USER_KEY);
    state
}

/// The state values that also get columns of their own. actix-session keeps
/// every value JSON-encoded, so they are decoded here.
fn columns<'a>(state: &'a State, json: &'a str) -> SessionData<'a> {
    let text = |key: &str| {
        state
            .get(key)
            .and_then(|v| serde_json::from_str::<String>(v).ok())
            .filter(|v| !v.is_empty())
    };
    SessionData {
        user_id: state.get(USER_ID_KEY).and_then(|v| v.parse().ok()),
        state: json,
        ip: text(IP_KEY),
        user_agent: text(USER_AGENT_KEY),
        public_id: text(PUBLIC_ID_KEY),
    }
}

fn other(err: AppError) -> anyhow::Error {
    anyhow::Error::new(err)
}

impl SessionStore for DbSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let hash = token_hash(session_key.as_ref());
        let now = models::now();
        let cutoff = self.idle_cutoff(now);
        let lookup = hash.clone();
        let found = self
            .db
            .read(move |conn| models::session::find_live_with_user(conn, &lookup, now, cutoff))
            .await
            .map_err(|e| LoadError::Other(other(e)))?;
        let Some((row, user)) = found else {
            return Ok(None);
        };
        if now - row.last_seen_at > TOUCH_EVERY {
            self.db
                .write(move |conn| models::session::touch(conn, &hash, now))
                .await
                .map_err(|e| LoadError::Other(other(e)))?;
        }
        let mut state: State =
            serde_json::from_str(&row.state).map_err(|e| LoadError::Deserialization(e.into()))?;
        if let Some(user) = user {
            let user = serde_json::to_string(&user).map_err(|e| LoadError::Other(e.into()))?;
            state.insert(LOADED_USER_KEY.to_owned(), user);
        }
        Ok(Some(state))
    }

    async fn save(&self, state: State, _ttl: &CookieDuration) -> Result<SessionKey, SaveError> {
        self.insert(stored(state))
            .await
            .map_err(|e| SaveError::Other(other(e)))
    }

    async fn update(
        &self,
        session_key: SessionKey,
        state: State,
        _ttl: &CookieDuration,
    ) -> Result<SessionKey, UpdateError> {
        let hash = token_hash(session_key.as_ref());
        let mut state = stored(state);
        let json =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let now = models::now();
        let written = {
            let state = state.clone();
            self.db
                .write(move |conn| {
                    let data = columns(&state, &json);
                    models::session::update(conn, &hash, &data, now)
                })
                .await
                .map_err(|e| UpdateError::Other(other(e)))?
        };
        if written > 0 {
            return Ok(session_key);
        }
        // The session was ended while this request ran (a logout elsewhere,
        // a disabled account). Keep what the request stored, such as a new
        // token to show once, under a new key, but never the login it had.
        state.remove(USER_ID_KEY);
        state.remove(PUBLIC_ID_KEY);
        self.insert(state)
            .await
            .map_err(|e| UpdateError::Other(other(e)))
    }

    async fn update_ttl(
        &self,
        session_key: &SessionKey,
        _ttl: &CookieDuration,
    ) -> Result<(), anyhow::Error> {
        let hash = token_hash(session_key.as_ref());
        let now = models::now();
        self.db
            .write(move |conn| models::session::touch(conn, &hash, now))
            .await
            .map(drop)
            .map_err(other)
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        let hash = token_hash(session_key.as_ref());
        self.db
            .write(move |conn| models::session::delete(conn, &hash))
            .await
            .map(drop)
            .map_err(other)
    }
}
