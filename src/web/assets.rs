//! Static files, compiled into the binary so that ticked is one file to
//! deploy. Their URLs carry a hash of their content, so browsers may cache
//! them for a year and still never see a stale stylesheet after an upgrade.

use std::sync::LazyLock;

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::errors::AppError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "style.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../static/style.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../static/favicon.svg"),
    },
];

fn versioned_url(name: &str) -> String {
    let body = ASSETS
        .iter()
        .find(|asset| asset.name == name)
        .map_or(&[][..], |asset| asset.body);
    let hash = hex::encode(Sha256::digest(body));
    format!("/static/{name}?v={}", &hash[..12])
}

static STYLESHEET_URL: LazyLock<String> = LazyLock::new(|| versioned_url("style.css"));
static FAVICON_URL: LazyLock<String> = LazyLock::new(|| versioned_url("favicon.svg"));

pub fn stylesheet_url() -> &'static str {
    &STYLESHEET_URL
}

pub fn favicon_url() -> &'static str {
    &FAVICON_URL
}

/// `GET /static/{name}`
pub async fn serve(name: web::Path<String>) -> Result<HttpResponse, AppError> {
    let asset = ASSETS
        .iter()
        .find(|asset| asset.name == name.as_str())
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(365 * 24 * 60 * 60),
            CacheDirective::Extension("immutable".to_owned(), None),
        ]))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(asset.body))
}

/// `GET /favicon.ico`: browsers ask for it whatever the page says.
pub async fn favicon() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, favicon_url()))
        .finish()
}
