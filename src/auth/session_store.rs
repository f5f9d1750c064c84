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
//! The user rides in the state for this request only, for the extractors
//! in `auth::extractors`; it is taken out again before the state is saved
//! (`auth::session` owns the keys).
//!
//! A session ends at the first of: its absolute lifetime after login, or
//! the idle timeout since its last use. "Last use" is written at most once
//! a minute, so a busy reader does not turn every page view into a write.

use std::time::Duration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as CookieDuration;
use chrono::NaiveDateTime;

use super::session::{State, columns, logged_out, stored, with_loaded_user};
use super::{random_token, token_hash};
use crate::db::{Database, DbError};
use crate::models;

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
    pub async fn purge_expired(&self) -> Result<usize, DbError> {
        let now = models::now();
        let cutoff = self.idle_cutoff(now);
        self.db
            .write(move |conn| models::session::purge_expired(conn, now, cutoff))
            .await
    }

    /// Writes `state` under a new key and returns the key.
    async fn insert(&self, state: State) -> anyhow::Result<SessionKey> {
        let key = random_token(KEY_LEN);
        let hash = token_hash(&key);
        let now = models::now();
        let expires_at = now
            .checked_add_signed(self.lifetime)
            .unwrap_or(NaiveDateTime::MAX);
        let json = serde_json::to_string(&state)?;
        self.db
            .write(move |conn| {
                let data = columns(&state, &json);
                models::session::insert(conn, &hash, &data, now, expires_at)
            })
            .await?;
        Ok(SessionKey::try_from(key)?)
    }
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
            .map_err(|e| LoadError::Other(e.into()))?;
        let Some((row, user)) = found else {
            return Ok(None);
        };
        if now - row.last_seen_at > TOUCH_EVERY {
            self.db
                .write(move |conn| models::session::touch(conn, &hash, now))
                .await
                .map_err(|e| LoadError::Other(e.into()))?;
        }
        let mut state: State =
            serde_json::from_str(&row.state).map_err(|e| LoadError::Deserialization(e.into()))?;
        if let Some(user) = user {
            with_loaded_user(&mut state, &user).map_err(|e| LoadError::Other(e.into()))?;
        }
        Ok(Some(state))
    }

    async fn save(&self, state: State, _ttl: &CookieDuration) -> Result<SessionKey, SaveError> {
        self.insert(stored(state)).await.map_err(SaveError::Other)
    }

    async fn update(
        &self,
        session_key: SessionKey,
        state: State,
        _ttl: &CookieDuration,
    ) -> Result<SessionKey, UpdateError> {
        let hash = token_hash(session_key.as_ref());
        let state = stored(state);
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
                .map_err(|e| UpdateError::Other(e.into()))?
        };
        if written > 0 {
            return Ok(session_key);
        }
        // The session was ended while this request ran (a logout elsewhere,
        // a disabled account). Keep what the request stored, such as a new
        // token to show once, under a new key, but never the login it had.
        self.insert(logged_out(state))
            .await
            .map_err(UpdateError::Other)
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
            .map_err(anyhow::Error::from)
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        let hash = token_hash(session_key.as_ref());
        self.db
            .write(move |conn| models::session::delete(conn, &hash))
            .await
            .map(drop)
            .map_err(anyhow::Error::from)
    }
}
