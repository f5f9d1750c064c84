//! Authorization at the door: who a page is for, decided before its
//! handler runs. A page handler names one of these in its context
//! (`web::context::Ctx<CurrentUser>`, the default, `Ctx<AdminUser>`,
//! `Ctx<MaybeUser>`), and cannot run for anyone else:
//!
//! - [`CurrentUser`]: someone logged in, enabled. Otherwise a page asks for
//!   a login (and comes back here after it).
//! - [`AdminUser`]: the same, and an administrator. Otherwise 403.
//! - [`MaybeUser`]: anyone; the user if there is one.
//!
//! (The API's door is the bearer token instead: see [`super::bearer`].)
//!
//! The user is read from the database on every request rather than trusted
//! from the session, so that a role taken away or an account disabled counts
//! from the very next request. (It is read in the same query as the session
//! itself: see `session_store`.)

use actix_web::HttpRequest;
use actix_web::http::Method;

use super::session::TypedSession;
use crate::errors::AppError;
use crate::models::user::User;

/// The logged-in user.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// A logged-in administrator.
#[derive(Debug, Clone)]
pub struct AdminUser(pub User);

/// The logged-in user, if there is one.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<User>);

/// The session's user, as the session store loaded it with the session. A
/// session whose user was deleted or disabled meanwhile is ended on the
/// spot.
fn session_user(req: &HttpRequest) -> Option<User> {
    let session = TypedSession::of(req);
    session.user_id()?;
    match session.loaded_user() {
        Some(user) if !user.is_disabled => Some(user),
        _ => {
            session.purge();
            None
        }
    }
}

/// Where to come back to after logging in: the page asked for, if it was
/// one that can be asked for again (a GET).
fn login_required(req: &HttpRequest) -> AppError {
    let next = (req.method() == Method::GET).then(|| {
        req.uri()
            .path_and_query()
            .map_or_else(|| req.path().to_owned(), |pq| pq.as_str().to_owned())
    });
    AppError::LoginRequired { next }
}

/// Who is asking, as one of the types above: decided from the request
/// alone (the session store has already loaded the session and its user),
/// so a page's context can carry the answer.
pub trait Caller: Sized {
    fn identify(req: &HttpRequest) -> Result<Self, AppError>;
    /// The user, if there is one.
    fn user(&self) -> Option<&User>;
}

impl Caller for MaybeUser {
    fn identify(req: &HttpRequest) -> Result<Self, AppError> {
        Ok(MaybeUser(session_user(req)))
    }

    fn user(&self) -> Option<&User> {
        self.0.as_ref()
    }
}

impl Caller for CurrentUser {
    fn identify(req: &HttpRequest) -> Result<Self, AppError> {
        session_user(req)
            .map(CurrentUser)
            .ok_or_else(|| login_required(req))
    }

    fn user(&self) -> Option<&User> {
        Some(&self.0)
    }
}

impl Caller for AdminUser {
    fn identify(req: &HttpRequest) -> Result<Self, AppError> {
        match session_user(req) {
            Some(user) if user.is_admin => Ok(AdminUser(user)),
            Some(_) => Err(AppError::Forbidden),
            None => Err(login_required(req)),
        }
    }

    fn user(&self) -> Option<&User> {
        Some(&self.0)
    }
}
