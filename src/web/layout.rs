//! What every page's layout (`templates/base.html`) needs: who is logged
//! in, the CSRF token for the forms, and the flash message to show once.

use super::{assets, flash};
use crate::auth::TypedSession;
use crate::errors::AppError;
use crate::models::user::User;

/// The logged-in user, as the navigation shows them.
#[derive(Debug, Clone)]
pub struct NavUser {
    pub username: String,
    pub is_admin: bool,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub user: Option<NavUser>,
    pub csrf_token: String,
    pub flash: Option<String>,
    pub stylesheet: &'static str,
    pub favicon: &'static str,
}

impl Layout {
    /// A layout for pages with forms: it always has a CSRF token, creating
    /// the session if need be.
    pub fn new(session: &TypedSession, user: Option<&User>) -> Result<Self, AppError> {
        Ok(Self {
            csrf_token: session.csrf_token()?,
            ..Self::without_forms(session, user)
        })
    }

    /// A layout for a page without forms. A visitor who is not logged in
    /// gets no session (and no database row) just for looking.
    pub fn without_forms(session: &TypedSession, user: Option<&User>) -> Self {
        let csrf_token = match user {
            // The navigation's "Log out" is a form.
            Some(_) => session.csrf_token().unwrap_or_default(),
            None => String::new(),
        };
        Self {
            user: user.map(|user| NavUser {
                username: user.username.clone(),
                is_admin: user.is_admin,
            }),
            csrf_token,
            flash: flash::take(session),
            ..Self::bare()
        }
    }

    /// The layout of error pages, which render without a request at hand.
    pub fn bare() -> Self {
        Self {
            user: None,
            csrf_token: String::new(),
            flash: None,
            stylesheet: assets::stylesheet_url(),
            favicon: assets::favicon_url(),
        }
    }
}
