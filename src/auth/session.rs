//! What a session holds, and the two moments that change who it belongs to:
//! logging in and logging out.

use actix_session::Session;
use actix_web::HttpRequest;
use actix_web::http::header::USER_AGENT;

use super::csrf;
use crate::errors::AppError;

/// Session state keys. The session store copies the user id, address and
/// browser into columns of their own, so it needs the same names.
pub const USER_ID_KEY: &str = "user_id";
pub const IP_KEY: &str = "ip";
pub const USER_AGENT_KEY: &str = "user_agent";

const MAX_USER_AGENT_CHARS: usize = 256;

/// The id of the logged-in user, if any. Whether that user still exists and
/// is enabled is the extractors' business.
pub fn user_id(session: &Session) -> Option<i64> {
    session.get::<i64>(USER_ID_KEY).ok().flatten()
}

/// Makes `session` a logged-in session of `user_id`.
///
/// The session gets a new key: a key that someone planted in the browser
/// before the login ("session fixation") is worthless after it. The CSRF
/// token is new as well, and the old key's row is deleted.
pub fn log_in(session: &Session, user_id: i64, req: &HttpRequest) -> Result<(), AppError> {
    session.clear();
    session.renew();
    session
        .insert(USER_ID_KEY, user_id)
        .map_err(AppError::internal)?;
    if let Some(addr) = req.peer_addr() {
        session
            .insert(IP_KEY, addr.ip().to_string())
            .map_err(AppError::internal)?;
    }
    if let Some(agent) = req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok()) {
        let agent: String = agent.chars().take(MAX_USER_AGENT_CHARS).collect();
        session
            .insert(USER_AGENT_KEY, agent)
            .map_err(AppError::internal)?;
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
