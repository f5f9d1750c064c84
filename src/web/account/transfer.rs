//! Export and import of one's tasks: a JSON file in the API's task shape
//! (`domain::ExportFile`), downloaded from and uploaded to the account
//! page. An import adds every task of the file, or none.

use actix_multipart::MultipartError;
use actix_multipart::form::MultipartForm;
use actix_multipart::form::bytes::Bytes as UploadedBytes;
use actix_multipart::form::text::Text;
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse};

use super::{ACCOUNT_PAGE, refuse};
use crate::auth::csrf;
use crate::domain::{ExportFile, ImportFile};
use crate::errors::AppError;
use crate::models::list::List;
use crate::models::{self, task};
use crate::web::context::Ctx;
use crate::web::{flash, see_other};

/// An import may be much larger than a form, but not unbounded.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// `GET /account/export`: the lists you own and their tasks, as a JSON
/// file to download.
pub async fn export(ctx: Ctx, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let owner = ctx.user().id;
    let (lists, tasks) = ctx.db.read(move |conn| task::all(conn, owner)).await?;
    let info = req.connection_info();
    let base = ctx.config.base_url(info.scheme(), info.host());
    let now = chrono::Utc::now();
    let file = ExportFile::new(
        now,
        lists.into_iter().map(List::into_exported).collect(),
        tasks
            .into_iter()
            .map(|task| task.into_resource(&base))
            .collect(),
    );
    let filename = format!(
        "ticked-{}-{}.json",
        ctx.user().username,
        now.format("%Y-%m-%d")
    );
    Ok(HttpResponse::Ok()
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .json(file))
}

/// The import form: a file upload, so a multipart body, which
/// [`csrf::CsrfForm`] does not read; the handler checks the token itself,
/// first.
#[derive(MultipartForm)]
pub struct ImportForm {
    // Optional so that a missing token is the same 403 as a wrong one,
    // not a 400 from the form reader.
    csrf_token: Option<Text<String>>,
    #[multipart(limit = "5MiB")]
    file: UploadedBytes,
}

/// The upload reader's refusals (too large, not multipart, no boundary)
/// become pages here, in one place: some of them would bypass an error
/// handler configured on `MultipartFormConfig`.
fn upload_error(err: &actix_web::Error) -> AppError {
    match err.as_response_error().status_code() {
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
    }
}

/// "Imported 3 tasks." or "Imported 3 tasks, with 2 new lists."
fn imported_message(tasks: usize, new_lists: usize) -> String {
    let tasks = match tasks {
        1 => "1 task".to_owned(),
        n => format!("{n} tasks"),
    };
    match new_lists {
        0 => format!("Imported {tasks}."),
        1 => format!("Imported {tasks}, with 1 new list."),
        n => format!("Imported {tasks}, with {n} new lists."),
    }
}

/// `POST /account/import`: adds the tasks of an export file, all or none.
pub async fn import(
    ctx: Ctx,
    form: Result<MultipartForm<ImportForm>, actix_web::Error>,
) -> Result<HttpResponse, AppError> {
    let MultipartForm(form) = form.map_err(|err| upload_error(&err))?;
    csrf::verify(
        &ctx.session,
        form.csrf_token.as_ref().map(|token| token.as_str()),
    )?;
    let imported = match ImportFile::read(&form.file.data, models::now()) {
        Ok(imported) => imported,
        Err(message) => return refuse(&ctx, "file", &message).await,
    };
    let user = ctx.user().id;
    let made = imported.new_list_count();
    let added = ctx
        .db
        .write(move |conn| task::import(conn, user, &imported))
        .await?;
    flash::set(imported_message(added, made));
    Ok(see_other(ACCOUNT_PAGE))
}
