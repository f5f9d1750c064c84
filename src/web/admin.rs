//! The administrators' page: every account, and what an administrator may
//! do to one. Each handler takes `Ctx<AdminUser>`, so none of them runs for
//! anyone else; the "never the last administrator" rule is kept by the
//! model, inside the transaction.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::QueryResult;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::context::Ctx;
use super::layout::Layout;
use super::{flash, render, see_other};
use crate::auth::password::PasswordHasher;
use crate::auth::{AdminUser, csrf::CsrfForm, random_token};
use crate::db::DbConnection;
use crate::errors::AppError;
use crate::models::account;
use crate::models::user::{self, LastAdmin, User};

const USERS_PAGE: &str = "/admin/users";
/// Long enough to resist guessing, short enough to read out on the phone.
const ONE_TIME_PASSWORD_LEN: usize = 16;

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub is_admin: bool,
    pub is_disabled: bool,
    /// The lists the user owns, and the tasks in them.
    pub list_count: i64,
    pub task_count: i64,
    pub created: String,
    pub last_login: Option<String>,
    pub is_me: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    admin: bool,
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    disabled: bool,
}

type Admin = Ctx<AdminUser>;

async fn users_page(
    ctx: &Admin,
    status: StatusCode,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let me = ctx.user();
    let users = ctx.db.read(user::list_with_task_counts).await?;
    let day = |at: chrono::NaiveDateTime| at.format("%Y-%m-%d %H:%M").to_string();
    render(
        status,
        &UsersPage {
            layout: ctx.layout().await?,
            users: users
                .into_iter()
                .map(|row| UserRow {
                    id: row.user.id,
                    is_me: row.user.id == me.id,
                    username: row.user.username,
                    is_admin: row.user.is_admin,
                    is_disabled: row.user.is_disabled,
                    list_count: row.list_count,
                    task_count: row.task_count,
                    created: day(row.user.created_at),
                    last_login: row.user.last_login_at.map(day),
                })
                .collect(),
            error,
        },
    )
}

/// `GET /admin/users`
pub async fn users(ctx: Admin) -> Result<HttpResponse, AppError> {
    users_page(&ctx, StatusCode::OK, None).await
}

/// Runs a guarded change to user `id`, then either reports `done` or, when
/// the change would leave no administrator, shows the page again with the
/// reason (409), nothing changed.
async fn guarded(
    ctx: &Admin,
    change: impl FnOnce(&mut DbConnection) -> QueryResult<Result<User, LastAdmin>> + Send + 'static,
    done: impl FnOnce(&User) -> String,
) -> Result<HttpResponse, AppError> {
    match ctx.db.write(change).await? {
        Ok(target) => {
            flash::set(done(&target));
            Ok(see_other(USERS_PAGE))
        }
        Err(LastAdmin) => {
            let reason = "That is the last administrator who can log in. Make another user \
                          an administrator first.";
            users_page(ctx, StatusCode::CONFLICT, Some(reason.to_owned())).await
        }
    }
}

/// `POST /admin/users/{id}/role`: make or remove an administrator.
pub async fn set_role(
    ctx: Admin,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let (id, admin) = (id.into_inner(), form.admin);
    let change = move |conn: &mut _| -> QueryResult<_> {
        let target = user::find(conn, id)?;
        Ok(user::set_admin(conn, id, admin)?.map(|()| target))
    };
    guarded(&ctx, change, |target| {
        if admin {
            format!("{} is now an administrator.", target.username)
        } else {
            format!("{} is no longer an administrator.", target.username)
        }
    })
    .await
}

/// `POST /admin/users/{id}/status`: disable (ending every session at once)
/// or enable an account.
pub async fn set_status(
    ctx: Admin,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let (id, disabled) = (id.into_inner(), form.disabled);
    let change = move |conn: &mut _| -> QueryResult<_> {
        let target = user::find(conn, id)?;
        Ok(account::set_disabled(conn, id, disabled)?.map(|()| target))
    };
    guarded(&ctx, change, |target| {
        if disabled {
            format!(
                "{} is disabled and has been logged out everywhere.",
                target.username
            )
        } else {
            format!("{} can log in again.", target.username)
        }
    })
    .await
}

/// `POST /admin/users/{id}/delete`: the account, its tasks and sessions.
pub async fn delete(
    ctx: Admin,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let change = move |conn: &mut _| -> QueryResult<_> {
        let target = user::find(conn, id)?;
        Ok(user::delete(conn, id)?.map(|()| target))
    };
    guarded(&ctx, change, |target| {
        format!("Deleted the account {} and its tasks.", target.username)
    })
    .await
}

/// `POST /admin/users/{id}/reset-password`: a new random password, shown to
/// the administrator once (where flash messages show) and stored only as a
/// hash. Every session of that user ends.
pub async fn reset_password(
    ctx: Admin,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
    hasher: web::Data<PasswordHasher>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    // 404 before the (slow) hashing for an id that does not exist.
    let target = ctx.db.read(move |conn| user::find(conn, id)).await?;
    let password = random_token(ONE_TIME_PASSWORD_LEN);
    let hash = hasher.hash(password.clone()).await?;
    ctx.db
        .write(move |conn| account::set_password(conn, id, &hash, None))
        .await?;
    flash::set_secret(
        &ctx.session,
        format!(
            "New password for {}: {password} — shown only this once. Their sessions have ended.",
            target.username
        ),
    );
    Ok(see_other(USERS_PAGE))
}
