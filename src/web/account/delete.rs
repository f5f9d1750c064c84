//! Deleting one's own account, with the password again: the account, its
//! tasks, tokens and sessions. Never the last administrator.

use actix_web::{HttpResponse, web};
use secrecy::SecretString;
use serde::Deserialize;

use super::{confirm_password, refuse};
use crate::auth::csrf::CsrfForm;
use crate::auth::password::PasswordHasher;
use crate::errors::AppError;
use crate::models::user::{self, LastAdmin};
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

#[derive(Debug, Deserialize)]
pub struct DeleteAccountForm {
    #[serde(default)]
    password: SecretString,
}

/// `POST /account/delete`: the account, its tasks, tokens and sessions.
pub async fn delete(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<DeleteAccountForm>,
    hasher: web::Data<PasswordHasher>,
) -> Result<HttpResponse, AppError> {
    if !confirm_password(&ctx, &hasher, form.password).await? {
        return refuse(&ctx, "delete_password", "That is not your password.").await;
    }
    let id = ctx.user().id;
    if let Err(LastAdmin) = ctx.db.write(move |conn| user::delete(conn, id)).await? {
        let message = "You are the last administrator. Make another user an administrator \
                       before deleting your account.";
        return refuse(&ctx, "delete_password", message).await;
    }
    ctx.session.log_out();
    flash::set("Your account and all its tasks have been deleted.");
    Ok(see_other("/"))
}
