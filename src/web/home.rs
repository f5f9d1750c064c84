//! The home page and the health check.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::context::Ctx;
use super::layout::Layout;
use super::render;
use crate::auth::MaybeUser;
use crate::config::Registration;
use crate::db::Database;
use crate::errors::AppError;
use crate::models::list::{self, Seen};
use crate::models::task::{Counts, Totals};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    counts: Option<Counts>,
    registration_open: bool,
}

/// `GET /`: what ticked is; for a logged-in user, their counts.
pub async fn index(ctx: Ctx<MaybeUser>) -> Result<HttpResponse, AppError> {
    let (counts, seen) = match ctx.user() {
        Some(user) => {
            let (user, today) = (user.id, ctx.today());
            let seen = ctx
                .db
                .read(move |conn| list::seen(conn, user, today))
                .await?;
            let totals = Totals::of(&seen.lists, None);
            (Some(Counts::new(totals, &seen.due, None)), seen)
        }
        None => (None, Seen::default()),
    };
    render(
        StatusCode::OK,
        &HomePage {
            layout: Layout::without_forms(&ctx.session, ctx.user()).with_nav(&seen),
            counts,
            registration_open: ctx.config.registration == Registration::Open,
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
