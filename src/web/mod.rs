//! The HTML side of ticked: **routing** and the handlers of every page.
//!
//! [`configure`] is the whole map of pages, in one place. Each handler is
//! thin: it takes the page's [`context::Ctx`] (who is asking, the session,
//! the database) and its own input through extractors (a CSRF-checked
//! form, an id), parses input into domain types, calls one model function
//! through `Database::read` or `Database::write`, and renders a template or
//! redirects. What goes wrong is drawn as a page by [`error_page`].

pub mod account;
pub mod admin;
pub mod assets;
pub mod context;
pub mod error_page;
pub mod flash;
pub mod home;
pub mod layout;
pub mod lists;
pub mod login;
pub mod tasks;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::{FieldErrors, Refused};
use crate::errors::AppError;

/// The task list: where a login lands, and where a form goes back to when
/// it names no view of its own.
pub const TASKS_PAGE: &str = "/tasks";

/// Every page route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::index))
        .route("/healthz", web::get().to(home::healthz))
        .service(
            resource("/register")
                .get(login::register_form)
                .post(login::register),
        )
        .service(resource("/login").get(login::login_form).post(login::login))
        .route("/logout", web::post().to(login::logout))
        .service(
            resource("/tasks")
                .get(tasks::list::list)
                .post(tasks::add::create),
        )
        // Before `/tasks/{id}`, which would otherwise read "toggle-all" as an id.
        .route(
            "/tasks/toggle-all",
            web::post().to(tasks::actions::toggle_all),
        )
        .route(
            "/tasks/clear-completed",
            web::post().to(tasks::actions::clear_completed),
        )
        .service(
            resource("/tasks/{id}")
                .get(tasks::edit::show)
                .post(tasks::edit::update),
        )
        .route("/today", web::get().to(tasks::due::today))
        .route("/upcoming", web::get().to(tasks::due::upcoming))
        .route("/tasks/{id}/toggle", web::post().to(tasks::actions::toggle))
        .route("/tasks/{id}/delete", web::post().to(tasks::actions::delete))
        .route("/tasks/{id}/skip", web::post().to(tasks::repeat::skip))
        .route(
            "/tasks/{id}/undo-done",
            web::post().to(tasks::repeat::undo_done),
        )
        .route(
            "/tasks/{id}/subtasks",
            web::post().to(tasks::edit::add_subtask),
        )
        .route("/tasks/{id}/indent", web::post().to(tasks::edit::indent))
        .route("/tasks/{id}/outdent", web::post().to(tasks::edit::outdent))
        .route("/trash", web::get().to(tasks::trash::show))
        .route("/trash/empty", web::post().to(tasks::trash::empty))
        .route("/trash/{id}/restore", web::post().to(tasks::trash::restore))
        .route("/trash/{id}/delete", web::post().to(tasks::trash::delete))
        .service(resource("/lists").get(lists::index).post(lists::create))
        .route("/lists/{id}", web::get().to(tasks::list::show_list))
        .service(
            resource("/lists/{id}/settings")
                .get(lists::settings::show)
                .post(lists::settings::update),
        )
        .route(
            "/lists/{id}/delete",
            web::post().to(lists::settings::delete),
        )
        .route("/lists/{id}/feed", web::post().to(lists::feed::make))
        .route(
            "/lists/{id}/feed/revoke",
            web::post().to(lists::feed::revoke),
        )
        .route("/lists/{id}/members", web::post().to(lists::members::share))
        .route(
            "/lists/{id}/members/{username}/remove",
            web::post().to(lists::members::remove),
        )
        .route("/lists/{id}/leave", web::post().to(lists::members::leave))
        .route(
            "/lists/{id}/hand-over",
            web::post().to(lists::members::hand_over),
        )
        .route("/account", web::get().to(account::show))
        .route(
            "/account/password",
            web::post().to(account::password::change),
        )
        .route(
            "/account/sessions/{public_id}/end",
            web::post().to(account::sessions::end),
        )
        .route("/account/delete", web::post().to(account::delete::delete))
        .route("/account/tokens", web::post().to(account::tokens::create))
        .route(
            "/account/tokens/{id}/revoke",
            web::post().to(account::tokens::revoke),
        )
        .route("/account/export", web::get().to(account::transfer::export))
        .route("/account/import", web::post().to(account::transfer::import))
        .route("/admin/users", web::get().to(admin::users))
        .route("/admin/users/{id}/role", web::post().to(admin::set_role))
        .route(
            "/admin/users/{id}/status",
            web::post().to(admin::set_status),
        )
        .route(
            "/admin/users/{id}/reset-password",
            web::post().to(admin::reset_password),
        )
        .route("/admin/users/{id}/delete", web::post().to(admin::delete));
}

/// A page address answering several methods; any other method gets a 405
/// page rather than an empty answer.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(|| async {
        Err::<HttpResponse, _>(AppError::MethodNotAllowed)
    }))
}

/// Renders a page with the given status.
pub fn render(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let body = page.render().map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(body))
}

/// An option of a `<select>` whose values are fixed words: a sort order,
/// a colour.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// A model's refusal of a form's input, beside `field` of the form, which
/// is then shown again with the input kept (422); a refusal of the user's
/// level is the 403 it is. (`field` is the form's name for what the model,
/// which speaks the API's names, refused.)
pub fn refused_beside(field: &'static str, refused: Refused) -> Result<FieldErrors, AppError> {
    match refused {
        Refused::Invalid { message, .. } => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            Ok(errors)
        }
        denied @ Refused::Denied(_) => Err(denied.into()),
    }
}

/// A refusal from the model beside the task form's field it names (an
/// `rrule` is the form's "Repeats"); one that denies is the error page.
pub fn refused_at_field(refused: Refused) -> Result<FieldErrors, AppError> {
    match refused {
        Refused::Invalid { field: "rrule", .. } => refused_beside("repeat_unit", refused),
        Refused::Invalid { field, .. } => refused_beside(field, refused),
        denied @ Refused::Denied(_) => Err(denied.into()),
    }
}

/// The status of a page with a form: 200, or 422 when the form is shown
/// again because its input was not valid (with the input kept and each
/// error beside its field).
pub fn form_status(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

/// The answer to a successful POST: 303 See Other, so that reloading the
/// next page does not send the form again.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// Answers every URL that no route matches: a styled 404 page.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}
