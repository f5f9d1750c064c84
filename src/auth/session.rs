//! What a session holds, and the two moments that change who it belongs to:
//! logging in and logging out.

use actix_session::Session;
use actix_web::HttpRequest;
use actix_web::http::header::USER_AGENT;

use super::{csrf, random_token};
use crate::errors::AppError;

/// Session state keys. The session store copies the user id, address and
/// browser into columns of their own, so it needs the same names.
pub const USER_ID_KEY: &str = "user_id";
pub const IP_KEY: &str = "ip";
pub const USER_AGENT_KEY: &str = "user_agent";
/// A random public name for the session, for the account page's list.
pub const PUBLIC_ID_KEY: &str = "public_id";
/// The session's user as the session store read it with the session, in
/// the same query, for this request only: the store adds it when it loads
/// the state and removes it before it saves, so it is never stored.
pub const LOADED_USER_KEY: &str = "loaded_user";

const MAX_USER_AGENT_CHARS: usize = 256;

/// The id of the logged-in user, if any. Whether that user still exists and
/// is enabled is the extractors' business.
pub fn user_id(session: &Session) -> Option<i64> {
    session.get::<i64>(USER_ID_KEY).ok().flatten()
}

/// This session's public name, if it is a logged-in one.
pub fn public_id(session: &Session) -> Option<String> {
    session.get::<String>(PUBLIC_ID_KEY).ok().flatten()
}

/// Makes `session` a logged-in session of `user_id`, from the client
/// address `ip`.
///
/// The session gets a new key: a key that someone planted in the browser
/// before the login ("session fixation") is worthless after it. The CSRF
/// token is new as well, and the old key's row is deleted.
pub fn log_in(
    session: &Session,
    user_id: i64,
    ip: &str,
    req: &HttpRequest,
) -> Result<(), AppError> {
    session.clear();
    session.renew();
    let insert = |key: &str, value: String| session.insert(key, value).map_err(AppError::internal);
    session
        .insert(USER_ID_KEY, user_id)
        .map_err(AppError::internal)?;
    insert(PUBLIC_ID_KEY, random_token(22))?;
    insert(IP_KEY, ip.to_owned())?;
    if let Some(agent) = req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok()) {
        insert(
            USER_AGENT_KEY,
            agent.chars().take(MAX_USER_AGENT_CHARS).collect(),
        )?;
    }
    csrf::rotate(session)?;
    Ok(())
}

/// Ends the session on the server: its row is deleted, and the browser gets
/// a fresh, empty session (which can still carry a "logged out" message).
pub fn log_out(session: &Session) {
    session.clear();
    session.renew();
}
