//! [`DavCtx`], what a DAV handler gets: who the request says it comes from
//! (HTTP Basic: a username and an app password, see `auth::basic`) and
//! the database, reached only through [`DavCtx::read`] and
//! [`DavCtx::try_write`], which check the app password in the same turn
//! on the database as the handler's own query. A phone's idle sync is one
//! such turn, not two; and no handler can reach the database without the
//! check, since the database is not handed out any other way.
//!
//! A path names a user (`/dav/calendars/alice/`): another user's path is
//! not found, whoever asks.

use std::cell::OnceCell;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};
use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::DavError;
use crate::auth::basic::{self, Login};
use crate::config::Config;
use crate::db::{Database, DbConnection};
use crate::errors::AppError;
use crate::models;
use crate::models::api_token::TokenUse;
use crate::models::user::User;

/// Everything a DAV handler needs besides its own input.
pub struct DavCtx {
    login: Option<Login>,
    db: Data<Database>,
    /// The user, once a turn has checked the login.
    user: OnceCell<User>,
}

/// What a write's turn came to when the login was refused.
enum Turn<T> {
    Done(T),
    NoUser,
}

impl DavCtx {
    /// Runs `read` as the user who sent the request, in the same turn on
    /// the database as checking their app password; 401 (or 429, past the
    /// login limits) when it does not check out.
    pub async fn read<T, F>(&self, read: F) -> Result<T, DavError>
    where
        F: FnOnce(&mut DbConnection, &User) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let login = self.login.clone().ok_or(AppError::Unauthorized)?;
        let now = models::now();
        let turn = self
            .db
            .read(move |conn| match basic::verify(conn, &login, now)? {
                Some((token, user)) => {
                    let value = read(conn, &user)?;
                    Ok(Turn::Done((token, user, value)))
                }
                None => Ok(Turn::NoUser),
            })
            .await?;
        self.settle(turn, now).await
    }

    /// Runs `write` as the user who sent the request, in one transaction
    /// with checking their app password; a refusal (`Ok(Err(_))`) rolls it
    /// back, as `Database::try_write` does.
    pub async fn try_write<T, R, F>(&self, write: F) -> Result<Result<T, R>, DavError>
    where
        F: FnOnce(&mut DbConnection, &User) -> QueryResult<Result<T, R>> + Send + 'static,
        T: Send + 'static,
        R: Send + 'static,
    {
        let login = self.login.clone().ok_or(AppError::Unauthorized)?;
        let now = models::now();
        let turn = self
            .db
            .try_write(move |conn| match basic::verify(conn, &login, now)? {
                Some((token, user)) => Ok(match write(conn, &user)? {
                    Ok(value) => Ok(Turn::Done((token, user, Ok(value)))),
                    Err(refused) => Err(Turn::Done((token, user, Err(refused)))),
                }),
                None => Ok(Err(Turn::NoUser)),
            })
            .await?;
        match turn {
            Ok(done) => self.settle(done, now).await,
            Err(undone) => self.settle(undone, now).await,
        }
    }

    /// The user's answer after a turn: theirs, or the refusal of a login
    /// that did not check out.
    async fn settle<T>(
        &self,
        turn: Turn<(TokenUse, User, T)>,
        now: NaiveDateTime,
    ) -> Result<T, DavError> {
        match turn {
            Turn::Done((token, user, value)) => {
                basic::accepted(&self.db, &token, now).await?;
                // A second turn of the same request finds the same user.
                drop(self.user.set(user));
                Ok(value)
            }
            Turn::NoUser => match &self.login {
                Some(login) => Err(basic::refused(&self.db, login).await.into()),
                None => Err(AppError::Unauthorized.into()),
            },
        }
    }

    /// The user who sent the request, checked: for a handler with nothing
    /// else to read.
    pub async fn user(&self) -> Result<&User, DavError> {
        if self.user.get().is_none() {
            self.read(|_, _| Ok(())).await?;
        }
        self.user.get().ok_or_else(|| AppError::Unauthorized.into())
    }

    /// Checks that the path's user is the one the request says it comes
    /// from (checked against the database in the handler's turn); without
    /// a login at all, a 401 that asks for one.
    pub fn own(&self, username: &str) -> Result<(), DavError> {
        let login = self.login.as_ref().ok_or(AppError::Unauthorized)?;
        if login.username.trim().eq_ignore_ascii_case(username) {
            Ok(())
        } else {
            Err(AppError::NotFound.into())
        }
    }

    /// The username as ticked spells it once checked, or as sent.
    pub fn username(&self) -> &str {
        match (self.user.get(), &self.login) {
            (Some(user), _) => &user.username,
            (None, Some(login)) => login.username.trim(),
            (None, None) => "",
        }
    }

    /// The paths of the user's resources, for the answer.
    pub fn paths(&self) -> Paths {
        Paths {
            username: self.username().to_owned(),
        }
    }
}

/// The paths of a user's resources, as answers write them. Owned, so that
/// a large answer can be written off the async workers.
#[derive(Debug, Clone)]
pub struct Paths {
    pub username: String,
}

impl Paths {
    /// The user's principal: who they are, to a client.
    pub fn principal(&self) -> String {
        format!("/dav/principals/{}/", self.username)
    }

    /// The collection that holds the user's calendars.
    pub fn home(&self) -> String {
        format!("/dav/calendars/{}/", self.username)
    }

    /// The calendar at path segment `name` (see `MyList::dav_segment`).
    pub fn calendar(&self, name: &str) -> String {
        format!("{}{}/", self.home(), super::calendar::segment(name))
    }
}

impl FromRequest for DavCtx {
    type Error = DavError;
    type Future = Ready<Result<Self, DavError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let missing = || AppError::internal(anyhow::anyhow!("the app data is not configured"));
        let ctx = match (
            req.app_data::<Data<Database>>(),
            req.app_data::<Data<Config>>(),
        ) {
            (Some(db), Some(config)) => Ok(Self {
                login: Login::of(req, config),
                db: db.clone(),
                user: OnceCell::new(),
            }),
            _ => Err(missing().into()),
        };
        ready(ctx)
    }
}
