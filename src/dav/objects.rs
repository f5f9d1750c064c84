//! One task's object: `GET` gives its iCalendar text with its strong
//! `ETag`, the same one `getetag` reports, so that a client can tell
//! whether its copy is current.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::DavError;
use super::context::DavCtx;
use super::propfind::one;
use crate::errors::AppError;

/// `GET /dav/calendars/{user}/{list}/{object}`
pub async fn get(
    ctx: DavCtx,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, DavError> {
    let (user, list, name) = path.into_inner();
    ctx.own(&user)?;
    let calendar = one(&ctx, &list, &name).await?;
    let object = calendar
        .objects
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, object.etag))
        .content_type("text/calendar; charset=utf-8")
        .body(object.data))
}
