//! [`DavCtx`], what a DAV handler gets: the user whose username and app
//! password came with the request (HTTP Basic, see `auth::basic`), and the
//! database. A path names a user (`/dav/calendars/alice/`): another user's
//! path is not found, whoever asks.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};

use super::DavError;
use crate::auth::basic;
use crate::config::Config;
use crate::db::Database;
use crate::errors::AppError;
use crate::models::user::User;

/// Everything a DAV handler needs besides its own input.
pub struct DavCtx {
    pub user: User,
    pub db: Data<Database>,
}

impl DavCtx {
    /// Checks that the path's user is the one asking.
    pub fn own(&self, username: &str) -> Result<(), DavError> {
        if self.user.username.eq_ignore_ascii_case(username) {
            Ok(())
        } else {
            Err(AppError::NotFound.into())
        }
    }

    /// The user's principal: who they are, to a client.
    pub fn principal(&self) -> String {
        format!("/dav/principals/{}/", self.user.username)
    }

    /// The collection that holds the user's calendars.
    pub fn home(&self) -> String {
        format!("/dav/calendars/{}/", self.user.username)
    }

    /// The calendar at path segment `name` (see `MyList::dav_segment`).
    pub fn calendar(&self, name: &str) -> String {
        format!("{}{}/", self.home(), super::calendar::segment(name))
    }
}

impl FromRequest for DavCtx {
    type Error = DavError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, DavError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let missing = || AppError::internal(anyhow::anyhow!("the app data is not configured"));
            let db = req
                .app_data::<Data<Database>>()
                .cloned()
                .ok_or_else(missing)?;
            let config = req
                .app_data::<Data<Config>>()
                .cloned()
                .ok_or_else(missing)?;
            let user = basic::basic_user(&db, &config, &req).await?;
            Ok(Self { user, db })
        })
    }
}
