//! The account page: what a user manages about their own account. API
//! tokens (shown once, stored as a hash), and export and import of their
//! tasks in the API's shape.

use actix_multipart::form::MultipartForm;
use actix_multipart::form::bytes::Bytes as UploadedBytes;
use actix_multipart::form::text::Text;
use actix_session::Session;
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
use crate::auth::{CurrentUser, random_token, token_hash};
use crate::config::Config;
use crate::db::Database;
use crate::domain::{FieldErrors, TokenLifetime, TokenName};
use crate::errors::AppError;
use crate::models::api_token::{self, ApiToken, NewApiToken};
use crate::models::user::User;
use crate::models::{self, task};

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

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    layout: Layout,
    username: String,
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

async fn account_page(
    status: StatusCode,
    user: &User,
    session: &Session,
    db: &Database,
    token_name: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let owner = user.id;
    let tokens = db.read(move |conn| api_token::list(conn, owner)).await?;
    let now = models::now();
    let stamp = |at: chrono::NaiveDateTime| at.format("%Y-%m-%d %H:%M").to_string();
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
            new_token: flash::take_once(session, NEW_TOKEN_KEY),
            tokens: rows,
            token_name,
            lifetimes: TokenLifetime::CHOICES,
            errors,
        },
    )
}

/// `GET /account`
pub async fn show(
    CurrentUser(user): CurrentUser,
    session: Session,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    account_page(
        StatusCode::OK,
        &user,
        &session,
        &db,
        String::new(),
        FieldErrors::default(),
    )
    .await
}

/// `POST /account/tokens`: makes a token and shows it once.
pub async fn create_token(
    CurrentUser(user): CurrentUser,
    CsrfForm(form): CsrfForm<TokenForm>,
    session: Session,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.check("name", TokenName::parse(&form.name));
    let lifetime = errors.check("expires_in", TokenLifetime::parse(&form.expires_in));
    let (Some(name), Some(lifetime)) = (name, lifetime) else {
        return account_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &user,
            &session,
            &db,
            form.name,
            errors,
        )
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
    flash::set(
        &session,
        "Token created. Copy it now: it will not be shown again.",
    );
    Ok(see_other(ACCOUNT_PAGE))
}

/// `POST /account/tokens/{id}/revoke`
pub async fn revoke_token(
    CurrentUser(user): CurrentUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<IgnoredAny>,
    session: Session,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    let (owner, id) = (user.id, id.into_inner());
    let token = db
        .write(move |conn| api_token::revoke(conn, owner, id))
        .await?;
    flash::set(&session, format!("Revoked the token “{}”.", token.name));
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
    csrf_token: Text<String>,
    #[multipart(limit = "5MiB")]
    file: UploadedBytes,
}

/// `POST /account/import`: adds the tasks of an export file, all or none.
pub async fn import(
    CurrentUser(user): CurrentUser,
    MultipartForm(form): MultipartForm<ImportForm>,
    session: Session,
    db: web::Data<Database>,
) -> Result<HttpResponse, AppError> {
    csrf::verify(&session, Some(form.csrf_token.as_str()))?;
    let refuse = |message: String| {
        let mut errors = FieldErrors::default();
        errors.add("file", message);
        errors
    };
    let parsed = serde_json::from_slice::<ImportFile>(&form.file.data)
        .map_err(|err| format!("The file is not a ticked export: {err}."))
        .and_then(|file| file.parse(models::now()));
    let tasks = match parsed {
        Ok(tasks) => tasks,
        Err(message) => {
            let errors = refuse(message);
            return account_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &user,
                &session,
                &db,
                String::new(),
                errors,
            )
            .await;
        }
    };
    let owner = user.id;
    let added = db
        .write(move |conn| task::import(conn, owner, &tasks))
        .await?;
    flash::set(
        &session,
        match added {
            1 => "Imported 1 task.".to_owned(),
            n => format!("Imported {n} tasks."),
        },
    );
    Ok(see_other(ACCOUNT_PAGE))
}
