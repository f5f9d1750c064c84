//! The API's door: [`ApiUser`], the owner of the bearer token sent with the
//! request (see `auth::bearer`), or a JSON 401 with
//! `WWW-Authenticate: Bearer`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::ApiError;
use crate::auth::bearer;
use crate::models::user::User;

/// The user whose API token came with the request.
#[derive(Debug, Clone)]
pub struct ApiUser(pub User);

impl FromRequest for ApiUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Ok(ApiUser(bearer::token_user(&req).await?)) })
    }
}
