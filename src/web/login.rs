//! Registration, login and logout: the pages where a visitor becomes a
//! user and back.

use actix_web::http::StatusCode;
use actix_web::http::header::USER_AGENT;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::QueryResult;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::context::Ctx;
use super::layout::Layout;
use super::{TASKS_PAGE, flash, render, see_other};
use crate::auth::MaybeUser;
use crate::auth::csrf::CsrfForm;
use crate::auth::password::PasswordHasher;
use crate::auth::rate_limit::{self, LOGIN_FAILURES, REGISTRATIONS};
use crate::config::Registration;
use crate::domain::{FieldErrors, LocalPath, Password, Username};
use crate::errors::AppError;
use crate::models::user;

#[derive(Template)]
#[template(path = "auth/register.html")]
struct RegisterPage {
    layout: Layout,
    open: bool,
    username: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    layout: Layout,
    username: String,
    next: String,
    error: Option<String>,
}

/// Missing fields read as empty, so that they get "this field is needed"
/// beside them rather than a bare 400. Passwords are secrets from the
/// moment they are read: no log or `Debug` can show them.
#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: SecretString,
    #[serde(default)]
    password_confirm: SecretString,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: SecretString,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /register`
pub async fn register_form(ctx: Ctx<MaybeUser>) -> Result<HttpResponse, AppError> {
    if ctx.user().is_some() {
        return Ok(see_other(TASKS_PAGE));
    }
    render(
        StatusCode::OK,
        &RegisterPage {
            layout: Layout::new(&ctx.session, None)?,
            open: ctx.config.registration == Registration::Open,
            username: String::new(),
            errors: FieldErrors::default(),
        },
    )
}

/// `POST /register`: makes the account and logs it in.
pub async fn register(
    ctx: Ctx<MaybeUser>,
    CsrfForm(form): CsrfForm<RegisterForm>,
    req: HttpRequest,
    hasher: web::Data<PasswordHasher>,
) -> Result<HttpResponse, AppError> {
    let db = &ctx.db;
    if ctx.config.registration == Registration::Closed {
        return Err(AppError::Forbidden);
    }
    let ip = rate_limit::client_ip(&req, &ctx.config);
    let buckets = [rate_limit::register_ip_bucket(&ip)];
    rate_limit::check(db, REGISTRATIONS, &buckets).await?;
    let mut errors = FieldErrors::default();
    let username = errors.check("username", Username::parse(&form.username));
    let typed = form.password.expose_secret();
    let password = errors.check("password", Password::parse(typed, &form.username));
    if password.is_some() && typed != form.password_confirm.expose_secret() {
        errors.add("password_confirm", "The two passwords differ.");
    }
    let again = |errors| -> Result<HttpResponse, AppError> {
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &RegisterPage {
                layout: Layout::new(&ctx.session, None)?,
                open: true,
                username: form.username.clone(),
                errors,
            },
        )
    };
    let (Some(username), Some(password)) = (username, password) else {
        return again(errors);
    };
    if !errors.is_empty() {
        return again(errors);
    }

    // Checked before hashing, to spare the work; `create` checks again in
    // its transaction, which is what decides a race.
    let name = username.as_str().to_owned();
    if db
        .read(move |conn| user::find_by_username(conn, &name))
        .await?
        .is_some()
    {
        errors.add("username", "That username is taken.");
        return again(errors);
    }
    let hash = hasher.hash(password).await?;
    let created = db
        .write(move |conn| -> QueryResult<_> {
            let created = user::create(conn, &username, &hash, false)?;
            if let Ok(user) = &created {
                user::record_login(conn, user.id)?;
            }
            Ok(created)
        })
        .await?;
    let Ok(user) = created else {
        errors.add("username", "That username is taken.");
        return again(errors);
    };
    rate_limit::record(db, &buckets).await?;

    ctx.session.log_in(user.id, &ip, user_agent(&req))?;
    flash::set(if user.is_admin {
        format!(
            "Welcome, {}! As the first user, you are this server's administrator.",
            user.username
        )
    } else {
        format!("Welcome, {}! Your account is ready.", user.username)
    });
    Ok(see_other(TASKS_PAGE))
}

/// The browser that sent `req`, as it names itself.
fn user_agent(req: &HttpRequest) -> Option<&str> {
    req.headers().get(USER_AGENT).and_then(|v| v.to_str().ok())
}

/// `GET /login`
pub async fn login_form(
    ctx: Ctx<MaybeUser>,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let next = LocalPath::or(query.next.as_deref(), TASKS_PAGE);
    if ctx.user().is_some() {
        return Ok(see_other(next.as_str()));
    }
    render(
        StatusCode::OK,
        &LoginPage {
            layout: Layout::new(&ctx.session, None)?,
            username: String::new(),
            next: next.as_str().to_owned(),
            error: None,
        },
    )
}

/// `POST /login`
pub async fn login(
    ctx: Ctx<MaybeUser>,
    CsrfForm(form): CsrfForm<LoginForm>,
    req: HttpRequest,
    hasher: web::Data<PasswordHasher>,
) -> Result<HttpResponse, AppError> {
    let db = &ctx.db;
    let next = LocalPath::or(form.next.as_deref(), TASKS_PAGE);
    let ip = rate_limit::client_ip(&req, &ctx.config);
    // A name that no account could have names nobody: it is not looked up
    // (nor counted per name), but it is answered exactly like a wrong
    // password, after the same hashing.
    let username = Username::parse(&form.username).ok();
    let user_bucket = username
        .as_ref()
        .map(|name| rate_limit::login_user_bucket(name.as_str()));
    let mut buckets = vec![rate_limit::login_ip_bucket(&ip)];
    buckets.extend(user_bucket.clone());
    // Before the password is looked at, and for names that exist or not.
    rate_limit::check(db, LOGIN_FAILURES, &buckets).await?;

    let found = match username {
        Some(name) => {
            db.read(move |conn| user::find_by_username(conn, name.as_str()))
                .await?
        }
        None => None,
    };
    let hash = found.as_ref().map(|user| user.password_hash.clone());
    let verified = hasher.verify(form.password, hash).await?;

    let user = match found {
        Some(user) if verified && !user.is_disabled => user,
        found => {
            rate_limit::record(db, &buckets).await?;
            let message = if found.is_some() && verified {
                "This account is disabled. Please ask an administrator."
            } else {
                // One message for an unknown name and a wrong password, so
                // the form does not tell a stranger which usernames exist.
                "Incorrect username or password."
            };
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &LoginPage {
                    layout: Layout::new(&ctx.session, None)?,
                    username: form.username,
                    next: next.as_str().to_owned(),
                    error: Some(message.to_owned()),
                },
            );
        }
    };

    let id = user.id;
    db.write(move |conn| user::record_login(conn, id)).await?;
    // A success clears the account's failures, so its owner is not locked
    // out by their own typos; the address's count stands.
    if let Some(bucket) = user_bucket {
        rate_limit::clear(db, bucket).await?;
    }
    ctx.session.log_in(user.id, &ip, user_agent(&req))?;
    flash::set(format!("Welcome back, {}.", user.username));
    Ok(see_other(next.as_str()))
}

/// `POST /logout`: deletes the session on the server, not only the cookie.
pub async fn logout(
    ctx: Ctx<MaybeUser>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
) -> Result<HttpResponse, AppError> {
    ctx.session.log_out();
    flash::set("You have been logged out.");
    Ok(see_other("/"))
}
