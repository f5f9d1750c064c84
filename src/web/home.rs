//! The home page and the health check.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::QueryResult;

use super::context::Ctx;
use super::layout::Layout;
use super::render;
use crate::auth::MaybeUser;
use crate::config::Registration;
use crate::db::Database;
use crate::errors::AppError;
use crate::models::list;
use crate::models::task::{self, Counts, Totals};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    counts: Option<Counts>,
    registration_open: bool,
}

/// `GET /`: what ticked is; for a logged-in user, their counts.
pub async fn index(ctx: Ctx<MaybeUser>) -> Result<HttpResponse, AppError> {
    let (counts, lists) = match ctx.user() {
        Some(user) => {
            let (user, today) = (user.id, ctx.today());
            let (counts, lists) = ctx
                .db
                .read(move |conn| -> QueryResult<_> {
                    let lists = list::visible(conn, user)?;
                    let totals = Totals::of(&lists, None);
                    Ok((task::counts(conn, user, None, totals, today)?, lists))
                })
                .await?;
            (Some(counts), lists)
        }
        None => (None, Vec::new()),
    };
    render(
        StatusCode::OK,
        &HomePage {
            layout: Layout::without_forms(&ctx.session, ctx.user()).with_lists(&lists),
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
