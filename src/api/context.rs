//! The API's door and context: [`ApiCtx`], built for every API handler
//! from the bearer token's owner (see `auth::bearer`; no valid token is a
//! JSON 401 with `WWW-Authenticate: Bearer`), the database, and the site's
//! address for the absolute URLs in answers.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};

use super::ApiError;
use crate::auth::bearer;
use crate::config::Config;
use crate::db::Database;
use crate::domain::TaskResource;
use crate::errors::AppError;
use crate::models::task::Task;
use crate::models::user::User;

/// Everything an API handler needs besides its own input.
pub struct ApiCtx {
    /// The user whose API token came with the request.
    pub user: User,
    pub db: Data<Database>,
    /// The site's absolute address, without a trailing slash.
    base: String,
    /// Today, where the server is: what completing a repeating task and
    /// quick add's dates count from.
    pub today: chrono::NaiveDate,
}

impl ApiCtx {
    /// The site's absolute address, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `task` as the API answers it, with its absolute URL.
    pub fn resource(&self, task: Task) -> TaskResource {
        task.into_resource(&self.base)
    }
}

impl FromRequest for ApiCtx {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // What the request itself holds is read now; only the token's
        // lookup waits for the database.
        let token = bearer::bearer_token(req);
        let missing = || AppError::internal(anyhow::anyhow!("the app data is not configured"));
        let db = req
            .app_data::<Data<Database>>()
            .cloned()
            .ok_or_else(missing);
        let site = req
            .app_data::<Data<Config>>()
            .ok_or_else(missing)
            .map(|config| {
                let info = req.connection_info();
                (config.base_url(info.scheme(), info.host()), config.today())
            });
        Box::pin(async move {
            let (db, (base, today)) = (db?, site?);
            let user = bearer::token_user(&db, token).await?;
            Ok(Self {
                user,
                db,
                base,
                today,
            })
        })
    }
}
