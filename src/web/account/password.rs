//! Changing one's password. Every other session ends, so that whoever knew
//! the old password is logged out everywhere.

use actix_web::{HttpResponse, web};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::{ACCOUNT_PAGE, account_page, confirm_password, refuse};
use crate::auth::csrf::CsrfForm;
use crate::auth::password::PasswordHasher;
use crate::domain::{FieldErrors, Password};
use crate::errors::AppError;
use crate::models::account;
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: SecretString,
    #[serde(default)]
    new_password: SecretString,
    #[serde(default)]
    new_password_confirm: SecretString,
}

/// `POST /account/password`: a new password; every other session ends.
pub async fn change(
    ctx: Ctx,
    CsrfForm(form): CsrfForm<PasswordForm>,
    hasher: web::Data<PasswordHasher>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    let new = form.new_password.expose_secret();
    let password = errors.check("new_password", Password::parse(new, &ctx.user().username));
    if password.is_some() && new != form.new_password_confirm.expose_secret() {
        errors.add("new_password_confirm", "The two passwords differ.");
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return account_page(&ctx, String::new(), errors).await;
    };
    if !confirm_password(&ctx, &hasher, form.current_password).await? {
        return refuse(
            &ctx,
            "current_password",
            "That is not your current password.",
        )
        .await;
    }
    let hash = hasher.hash(password).await?;
    let (id, keep) = (ctx.user().id, ctx.session.public_id());
    ctx.db
        .write(move |conn| account::set_password(conn, id, &hash, keep.as_deref()))
        .await?;
    flash::set("Password changed. Every other session has been signed out.");
    Ok(see_other(ACCOUNT_PAGE))
}
