//! The account page: what a user manages about their own account. Their
//! password (changing it ends every other session), their sessions (each
//! can be signed out from here), API tokens (shown once, stored as a hash),
//! export and import of their tasks in the API's shape, and deleting the
//! account.

use actix_multipart::MultipartError;
use actix_multipart::form::MultipartForm;
use actix_multipart::form::bytes::Bytes as UploadedBytes;
use actix_multipart::form::text::Text;
use actix_session::Session;
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::TimeDelta;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::layout::Layout;
use super::{flash, render, see_other};
use crate::api::base_url;
use crate::api::resources::{ExportFile, ImportFile, TaskResource};
use crate::auth::csrf::{self, CsrfForm};
use crate::auth::password::PasswordHasher;
use crate::auth::rate_limit::{self, LOGIN_FAILURES};
use crate::auth::session as auth_session;
use crate::auth::{CurrentUser, random_token, token_hash};
use crate::config::Config;
use crate::db::Database;
use crate::domain::{FieldErrors, Password, TokenLifetime, TokenName};
use crate::errors::AppError;
use crate::models::api_token::{self, ApiToken, NewApiToken};
use crate::models::user::{self, LastAdmin, User};
use crate::models::{self, session as sessions, task};

const ACCOUNT_PAGE: &str = "/account";
/// The session key under which a new token waits to be shown, once.
const NEW_TOKEN_KEY: &str = "new_api_token";
/// `tk_` makes a leaked token easy to recognise (and to search for in code).
const TOKEN_PREFIX: &str = "tk_";
const TOKEN_RANDOM_LEN: usize = 40;
/// An import may be much larger than a form, but not unbounded.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub last_chars: String,
    pub created: String,
    pub last_used: Option<String>,
    pub expires: Option<String>,
    pub expired: bool,
}

pub struct SessionView {
    pub public_id: String,
    pub created: String,
    pub last_seen: String,
    pub ip: String,
    pub browser: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
    sessions: Vec<SessionView>,
    new_token: Option<String>,
    tokens: Vec<TokenRow>,
    token_name: String,
    lifetimes: [u32; 4],
    errors: FieldErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    name: String,
    expires_in: String,
}

/// Everything the account page needs from the request, bundled so that the
/// handlers that show it again (with errors) say so in one line.
struct PageContext<'a> {
    user: &'a User,
    session: &'a Session,
    db: &'a Database,
    config: &'a Config,
}

impl<'a> PageContext<'a> {
    fn new(user: &'a User, session: &'a Session, db: &'a Database, config: &'a Config) -> Self {
        Self {
            user,
            session,
            db,
            config,
        }
    }

    /// The page again, status 422, with `message` beside `field`.
    async fn refuse(&self, field: &'static str, message: String) -> Result<HttpResponse, AppError> {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        self.render(StatusCode::UNPROCESSABLE_ENTITY, String::new(), errors)
            .await
    }

    /// The page with `status`, the new-token form holding `token_name`, and
    /// `errors` beside their fields.
    async fn render(
        &self,
        status: StatusCode,
        token_name: String,
        errors: FieldErrors,
    ) -> Result<HttpResponse, AppError> {
        let Self {
            user,
            session,
            db,
            config,
        } = *self;
        let idle = chrono::TimeDelta::from_std(config.session_idle).unwrap_or(TimeDelta::MAX);
        let owner = user.id;
        let now = models::now();
        let idle_cutoff = now - idle;
        let (tokens, live) = db
            .read(move |conn| -> diesel::QueryResult<_> {
                Ok((
                    api_token::list(conn, owner)?,
                    sessions::list_for_user(conn, owner, now, idle_cutoff)?,
                ))
            })
            .await?;
        let stamp = |at: chrono::NaiveDateTime| at.format("%Y-%m-%d %H:%M").to_string();
        let this_session = auth_session::public_id(session);
        let sessions = live
            .into_iter()
            .filter_map(|row| {
                let public_id = row.public_id?;
                Some(SessionView {
                    current: this_session.as_deref() == Some(public_id.as_str()),
                    public_id,
                    created: stamp(row.created_at),
                    last_seen: stamp(row.last_seen_at),
                    ip: row.ip.unwrap_or_else(|| "unknown".to_owned()),
                    browser: row.user_agent.unwrap_or_else(|| "unknown".to_owned()),
                })
            })
            .collect();
        let rows = tokens
            .into_iter()
            .map(|token: ApiToken| TokenRow {
                id: token.id,
                expired: token.expires_at.is_some_and(|at| at <= now),
                name: token.name,
                last_chars: token.last_chars,
                created: stamp(token.created_at),
                last_used: token.last_used_at.map(stamp),
                expires: token.expires_at.map(stamp),
            })
            .collect();
        render(
            status,
            &AccountPage {
                layout: Layout::new(session, Some(user))?,
                username: user.username.clone(),
                sessions,
                new_token: flash::take_once(session, NEW_TOKEN_KEY),
                tokens: rows,
                token_name,
                lifetimes: TokenLifetime::CHOICES,
                errors,
            },
        )
    }
}

/// `GET /account`
pub async fn show(
    CurrentUser(user): CurrentUser,
    session: Session,
    db: web::Data<Database>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let page = PageContext::new(&user, &session, &db, &config);
    page.render(StatusCode::OK, String::new(), FieldErrors::default())
        .await
}

/// `POST /account/tokens`: makes a token and shows it once.
pub async fn create_token(
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<TokenForm>,
    session: Session,
    db: web::Data<Database>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", TokenName::parse(&form.name));
    let lifetime = errors.check("expires_in", TokenLifetime::parse(&form.expires_in));
    let (Some(name), Some(lifetime)) = (name, lifetime) else {
        let page = PageContext::new(&user, &session, &db, &config);
        return page
            .render(StatusCode::UNPROCESSABLE_ENTITY, form.name, errors)
            .await;
    };

    let token = format!("{TOKEN_PREFIX}{}", random_token(TOKEN_RANDOM_LEN));
    let hash = token_hash(&token);
    let last_chars = token[token.len() - 4..].to_owned();
    let now = models::now();
    let expires_at = lifetime
        .0
        .and_then(|days| now.checked_add_signed(TimeDelta::days(i64::from(days))));
    let owner = user.id;
    db.write(move |conn| {
        api_token::create(
            conn,
            &NewApiToken {
                user_id: owner,
                name: name.as_str(),
                token_hash: &hash,
                last_chars: &last_chars,
                created_at: now,
                expires_at,
            },
        )
    })
    .await?;
    flash::set_once(&session, NEW_TOKEN_KEY, token);
    flash::set("Token created. Copy it now: it will not be shown again.");
    Ok(see_other(ACCOUNT_PAGE))
}

/// `POST /account/tokens/{id}/revoke`
pub async fn revoke_token(
    CurrentUser(user): CurrentUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (user.id, id.into_inner());
    let token = db
        .write(move |conn| api_token::revoke(conn, owner, id))
        .await?;
    flash::set(format!("Revoked the token “{}”.", token.name));
    Ok(see_other(ACCOUNT_PAGE))
}

/// `GET /account/export`: every task, as a JSON file to download.
pub async fn export(
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
    db: web::Data<Database>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let owner = user.id;
    let tasks = db.read(move |conn| task::all(conn, owner)).await?;
    let base = base_url(&req, &config);
    let now = chrono::Utc::now();
    let file = ExportFile {
        format: ExportFile::FORMAT.to_owned(),
        version: ExportFile::VERSION,
        exported_at: now,
        tasks: tasks
            .into_iter()
            .map(|t| TaskResource::new(t, &base))
            .collect(),
    };
    let filename = format!("ticked-{}-{}.json", user.username, now.format("%Y-%m-%d"));
    Ok(HttpResponse::Ok()
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .json(file))
}

/// The import form: a file upload, so a multipart body, which
/// [`CsrfForm`] does not read; the handler checks the token itself, first.
#[derive(MultipartForm)]
pub struct ImportForm {
    // Optional so that a missing token is the same 403 as a wrong one,
    // not a 400 from the form reader.
    csrf_token: Option<Text<String>>,
    #[multipart(limit = "5MiB")]
    file: UploadedBytes,
}

/// `POST /account/import`: adds the tasks of an export file, all or none.
pub async fn import(
    CurrentUser(user): CurrentUser,
    form: Result<MultipartForm<ImportForm>, actix_web::Error>,
    session: Session,
    db: web::Data<Database>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    // The upload reader's refusals (too large, not multipart, no boundary)
    // become pages here, in one place: some of them would bypass an error
    // handler configured on `MultipartFormConfig`.
    let MultipartForm(form) = form.map_err(|err| match err.as_response_error().status_code() {
        // A body over the size limit reads as a 400 "payload error".
        _ if matches!(
            err.as_error::<MultipartError>(),
            Some(MultipartError::Payload(PayloadError::Overflow))
        ) =>
        {
            AppError::PayloadTooLarge
        }
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType(
            "Upload the file with the form on the account page (multipart/form-data).".to_owned(),
        ),
        _ => AppError::BadRequest(format!("The upload could not be read: {err}.")),
    })?;
    csrf::verify(
        &session,
        form.csrf_token.as_ref().map(|token| token.as_str()),
    )?;
    let parsed = serde_json::from_slice::<ImportFile>(&form.file.data)
        .map_err(|err| format!("The file is not a ticked export: {err}."))
        .and_then(|file| file.parse(models::now()));
    let tasks = match parsed {
        Ok(tasks) => tasks,
        Err(message) => {
            let page = PageContext::new(&user, &session, &db, &config);
            return page.refuse("file", message).await;
        }
    };
    let owner = user.id;
    let added = db
        .write(move |conn| task::import(conn, owner, &tasks))
        .await?;
    flash::set(match added {
        1 => "Imported 1 task.".to_owned(),
        n => format!("Imported {n} tasks."),
    });
    Ok(see_other(ACCOUNT_PAGE))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    new_password_confirm: String,
}

/// Checks the user's own password before a change that needs it, counting
/// a wrong one against the login limit: a stolen session must not become a
/// way to guess the password.
async fn confirm_password(
    user: &User,
    password: String,
    db: &Database,
    hasher: &PasswordHasher,
) -> Result<bool, AppError> {
    let bucket = [rate_limit::login_user_bucket(&user.username)];
    rate_limit::check(db, LOGIN_FAILURES, &bucket).await?;
    let id = user.id;
    let stored = db.read(move |conn| user::find(conn, id)).await?;
    let ok = hasher.verify(password, Some(stored.password_hash)).await?;
    if !ok {
        rate_limit::record(db, &bucket).await?;
    }
    Ok(ok)
}

/// `POST /account/password`: a new password; every other session ends.
pub async fn change_password(
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
    session: Session,
    db: web::Data<Database>,
    hasher: web::Data<PasswordHasher>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let page = PageContext::new(&user, &session, &db, &config);
    let mut errors = FieldErrors::default();
    let password = errors.check(
        "new_password",
        Password::parse(&form.new_password, &user.username),
    );
    if password.is_some() && form.new_password != form.new_password_confirm {
        errors.add("new_password_confirm", "The two passwords differ.");
    }
    if !errors.is_empty() {
        return page
            .render(StatusCode::UNPROCESSABLE_ENTITY, String::new(), errors)
            .await;
    }
    if !confirm_password(&user, form.current_password, &db, &hasher).await? {
        return page
            .refuse(
                "current_password",
                "That is not your current password.".to_owned(),
            )
            .await;
    }
    let Some(password) = password else {
        return Err(AppError::internal(anyhow::anyhow!(
            "a checked password went missing"
        )));
    };
    let hash = hasher.hash(password.into_inner()).await?;
    let (id, keep) = (user.id, auth_session::public_id(&session));
    db.write(move |conn| user::set_password_hash(conn, id, &hash, keep.as_deref()))
        .await?;
    flash::set("Password changed. Every other session has been signed out.");
    Ok(see_other(ACCOUNT_PAGE))
}

/// `POST /account/sessions/{public_id}/end`: signs one session out.
pub async fn end_session(
    CurrentUser(user): CurrentUser,
    public_id: web::Path<String>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
    session: Session,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let public_id = public_id.into_inner();
    if auth_session::public_id(&session).as_deref() == Some(public_id.as_str()) {
        auth_session::log_out(&session);
        flash::set("You have been logged out.");
        return Ok(see_other("/"));
    }
    let owner = user.id;
    let ended = db
        .write(move |conn| sessions::delete_by_public_id(conn, owner, &public_id))
        .await?;
    if ended == 0 {
        return Err(AppError::NotFound);
    }
    flash::set("That session has been signed out.");
    Ok(see_other(ACCOUNT_PAGE))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeleteAccountForm {
    password: String,
}

/// `POST /account/delete`: the account, its tasks, tokens and sessions.
pub async fn delete_account(
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<DeleteAccountForm>,
    session: Session,
    db: web::Data<Database>,
    hasher: web::Data<PasswordHasher>,
    config: web::Data<Config>,
) -> Result<HttpResponse, AppError> {
    let page = PageContext::new(&user, &session, &db, &config);
    if !confirm_password(&user, form.password, &db, &hasher).await? {
        return page
            .refuse("delete_password", "That is not your password.".to_owned())
            .await;
    }
    let id = user.id;
    if let Err(LastAdmin) = db.write(move |conn| user::delete(conn, id)).await? {
        let message = "You are the last administrator. Make another user an administrator \
                       before deleting your account.";
        return page.refuse("delete_password", message.to_owned()).await;
    }
    auth_session::log_out(&session);
    flash::set("Your account and all its tasks have been deleted.");
    Ok(see_other("/"))
}
