//! The request context of a page: who is asking, their session, the
//! database and the settings, in one extractor, so that a handler names
//! [`Ctx`] and then only the input of its own (a form, an id, a query).
//!
//! `Ctx` is `Ctx<CurrentUser>` unless said otherwise, so a handler that
//! takes it cannot run for a visitor; `Ctx<AdminUser>` cannot run for a
//! non-administrator, and `Ctx<MaybeUser>` runs for anyone. Who may call a
//! handler is still decided at the door, by the extractors in
//! `auth::extractors`: `Ctx` only carries their answer.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::web::Data;
use actix_web::{FromRequest, HttpRequest};
use chrono::NaiveDate;

use super::TASKS_PAGE;
use super::layout::Layout;
use crate::auth::{AdminUser, Caller, CurrentUser, MaybeUser, TypedSession};
use crate::config::Config;
use crate::db::Database;
use crate::domain::LocalPath;
use crate::errors::AppError;
use crate::models::list::{self, Seen};
use crate::models::user::User;

/// Everything a page handler needs besides its own input.
pub struct Ctx<Who: Caller = CurrentUser> {
    pub who: Who,
    pub session: TypedSession,
    pub db: Data<Database>,
    pub config: Data<Config>,
    /// A page's (GET's) `return_to` parameter: the list view a task's page
    /// goes back to. A form sends its own, in its body.
    return_to: Option<String>,
    /// The request, for what only a few pages need of it (a reference,
    /// not a copy).
    request: HttpRequest,
}

impl<Who: Caller> Ctx<Who> {
    /// The layout for a page with forms: it always has a CSRF token,
    /// creating the session if need be. The navigation's lists are read
    /// here; a page that reads them anyway uses [`Ctx::layout_with`].
    pub async fn layout(&self) -> Result<Layout, AppError> {
        let seen = self.seen().await?;
        Ok(Layout::new(&self.session, self.who.user())?.with_nav(&seen))
    }

    /// [`Ctx::layout`], with the lists the page has already read.
    pub fn layout_with(&self, seen: &Seen) -> Result<Layout, AppError> {
        Ok(Layout::new(&self.session, self.who.user())?.with_nav(seen))
    }

    /// The lists the user can see and what is due in them (nothing for a
    /// visitor).
    async fn seen(&self) -> Result<Seen, AppError> {
        let Some(user) = self.who.user().map(|user| user.id) else {
            return Ok(Seen::default());
        };
        let today = self.today();
        Ok(self
            .db
            .read(move |conn| list::seen(conn, user, today))
            .await?)
    }

    /// The site's absolute address, without a trailing slash: what a
    /// person types into a phone's calendar app.
    pub fn base(&self) -> String {
        let info = self.request.connection_info();
        self.config.base_url(info.scheme(), info.host())
    }

    /// Today's date where the server is, which decides what is overdue.
    pub fn today(&self) -> NaiveDate {
        self.config.today()
    }

    /// The list view to go back to: the form's `return_to` (`sent`), or on
    /// a page the address's. Only a path on this site is taken; anything
    /// else is the task list.
    pub fn back_to(&self, sent: Option<&str>) -> LocalPath {
        LocalPath::or(sent.or(self.return_to.as_deref()), TASKS_PAGE)
    }
}

impl Ctx<CurrentUser> {
    pub fn user(&self) -> &User {
        &self.who.0
    }
}

impl Ctx<AdminUser> {
    pub fn user(&self) -> &User {
        &self.who.0
    }
}

impl Ctx<MaybeUser> {
    pub fn user(&self) -> Option<&User> {
        self.who.0.as_ref()
    }
}

/// The `return_to` parameter of a page's address. Forms (POST) carry theirs
/// in the body, so an address cannot send a form's user elsewhere.
fn return_to(req: &HttpRequest) -> Result<Option<String>, AppError> {
    #[derive(serde::Deserialize)]
    struct Query {
        return_to: Option<String>,
    }
    let query = req.query_string();
    if req.method() != Method::GET || !query.contains("return_to") {
        return Ok(None);
    }
    serde_urlencoded::from_str::<Query>(query)
        .map(|query| query.return_to)
        .map_err(|err| AppError::BadRequest(format!("The address is not valid: {err}.")))
}

fn app_data<T: 'static>(req: &HttpRequest) -> Result<Data<T>, AppError> {
    req.app_data::<Data<T>>().cloned().ok_or_else(|| {
        AppError::internal(anyhow::anyhow!(
            "{} is not configured",
            std::any::type_name::<T>()
        ))
    })
}

impl<Who: Caller> FromRequest for Ctx<Who> {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::build(req))
    }
}

impl<Who: Caller> Ctx<Who> {
    fn build(req: &HttpRequest) -> Result<Self, AppError> {
        Ok(Self {
            who: Who::identify(req)?,
            session: TypedSession::of(req),
            db: app_data(req)?,
            config: app_data(req)?,
            return_to: return_to(req)?,
            request: req.clone(),
        })
    }
}
