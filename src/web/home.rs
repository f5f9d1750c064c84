//! The home page and the health check.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::layout::Layout;
use super::{render, today};
use crate::auth::MaybeUser;
use crate::config::{Config, Registration};
use crate::db::Database;
use crate::errors::AppError;
use crate::models::task::{self, Counts};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    counts: Option<Counts>,
    registration_open: bool,
}

/// `GET /`: what ticked is; for a logged-in user, their counts.
pub async fn index(
    MaybeUser(user): MaybeUser,
    session: Session,
    db: web::Data<Database>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let counts = match &user {
        Some(user) => {
            let (owner, today) = (user.id, today(config.time_zone));
            Some(
                db.read(move |conn| task::counts(conn, owner, today))
                    .await?,
            )
        }
        None => None,
    };
    render(
        StatusCode::OK,
        &HomePage {
            layout: Layout::without_forms(&session, user.as_ref()),
            counts,
            registration_open: config.registration == Registration::Open,
        },
    )
}

/// `GET /healthz`: `ok` when the database answers, for load balancers and
/// uptime checks.
pub async fn healthz(db: web::Data<Database>) -> Result<HttpResponse, AppError> {
    db.ping().await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok"))
}
