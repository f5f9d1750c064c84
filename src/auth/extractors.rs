//! Authorization at the door: extractors that a handler names in its
//! arguments to say who may call it.
//!
//! - [`CurrentUser`]: someone logged in, enabled. Otherwise a page asks for
//!   a login (and comes back here after it).
//! - [`AdminUser`]: the same, and an administrator. Otherwise 403.
//! - [`MaybeUser`]: anyone; the user if there is one.
//! - [`ApiUser`]: the owner of the bearer token sent with an API request.
//!   Only the token counts: the API ignores the session cookie, so another
//!   site's script cannot call it with a visitor's cookies.
//!
//! The user is read from the database on every request rather than trusted
//! from the session, so that a role taken away or an account disabled counts
//! from the very next request. (It is read in the same query as the session
//! itself: see `session_store`.)

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpRequest, web};

use super::{session, token_hash};
use crate::db::Database;
use crate::errors::{ApiError, AppError};
use crate::models::user::User;
use crate::models::{self, api_token};

type Extracting<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// The logged-in user.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// A logged-in administrator.
#[derive(Debug, Clone)]
pub struct AdminUser(pub User);

/// The logged-in user, if there is one.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<User>);

/// The user whose API token came with the request.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

/// "Last used" is written at most this often, so that a busy script does
/// not make every read a write.
const TOKEN_TOUCH_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

fn database(req: &HttpRequest) -> Result<web::Data<Database>, AppError> {
    req.app_data::<web::Data<Database>>()
        .cloned()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("the database is not configured")))
}

/// Looks up the session's user. A session whose user was deleted or
/// disabled meanwhile is ended on the spot.
async fn session_user(req: &HttpRequest) -> Result<Option<User>, AppError> {
    let session = req.get_session();
    let Some(id) = session::user_id(&session) else {
        return Ok(None);
    };
    // Read with the session, in the same query (see `session_store`): no
    // user there means the account is gone.
    let found = session
        .get::<User>(session::LOADED_USER_KEY)
        .ok()
        .flatten()
        .filter(|user| user.id == id);
    match found {
        Some(user) if !user.is_disabled => Ok(Some(user)),
        _ => {
            session.purge();
            Ok(None)
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

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { session_user(&req).await.map(MaybeUser) })
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            session_user(&req)
                .await?
                .map(CurrentUser)
                .ok_or_else(|| login_required(&req))
        })
    }
}

impl FromRequest for AdminUser {
    type Error = AppError;
    type Future = Extracting<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let current = CurrentUser::from_request(req, payload);
        Box::pin(async move {
            let CurrentUser(user) = current.await?;
            if user.is_admin {
                Ok(AdminUser(user))
            } else {
                Err(AppError::Forbidden)
            }
        })
    }
}

/// The token in `Authorization: Bearer <token>`, if there is one.
fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

async fn api_user(req: &HttpRequest) -> Result<User, AppError> {
    let token = bearer_token(req).ok_or(AppError::Unauthorized)?;
    let db = database(req)?;
    let hash = token_hash(&token);
    let now = models::now();
    let (token, user) = db
        .read(move |conn| api_token::authenticate(conn, &hash, now))
        .await?
        .ok_or(AppError::Unauthorized)?;
    if token
        .last_used_at
        .is_none_or(|used| now - used > TOKEN_TOUCH_EVERY)
    {
        db.write(move |conn| api_token::touch(conn, token.id, now))
            .await?;
    }
    Ok(user)
}

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { api_user(&req).await.map(ApiUser).map_err(ApiError) })
    }
}
