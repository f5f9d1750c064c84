//! What every page's layout (`templates/base.html`) needs: who is logged
//! in, their lists for the navigation, the CSRF token for the forms, and
//! the flash message to show once.

use super::assets;
use super::flash::{self, Flash};
use crate::auth::TypedSession;
use crate::domain::Colour;
use crate::errors::AppError;
use crate::models::list::{MyList, Seen};
use crate::models::user::User;

/// One of the user's lists, as the navigation shows it.
#[derive(Debug, Clone)]
pub struct NavList {
    pub id: i64,
    pub name: String,
    /// The palette name, for its CSS class.
    pub colour: Option<&'static str>,
    pub open: i64,
    /// The owner's name, for a list shared with the user.
    pub shared_by: Option<String>,
}

impl NavList {
    pub fn new(my: &MyList) -> Self {
        Self {
            id: my.list.id,
            name: my.list.name.clone(),
            colour: my.list.colour().map(Colour::as_str),
            open: my.list.open_tasks,
            shared_by: my.is_shared_with_me().then(|| my.owner.clone()),
        }
    }
}

/// The logged-in user, as the navigation shows them.
#[derive(Debug, Clone)]
pub struct NavUser {
    pub username: String,
    pub is_admin: bool,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub user: Option<NavUser>,
    pub lists: Vec<NavList>,
    /// Open tasks due today or overdue, in every list: Today's count.
    pub due_today: i64,
    /// The list whose page this is, marked in the navigation.
    pub current_list: Option<i64>,
    pub csrf_token: String,
    pub flash: Option<Flash>,
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

    /// The same, with the user's lists and what is due in the navigation.
    pub fn with_nav(self, seen: &Seen) -> Self {
        Self {
            lists: seen.lists.iter().map(NavList::new).collect(),
            due_today: seen.due.by_day(),
            ..self
        }
    }

    /// Whether `nav` is the list whose page this is.
    pub fn is_current(&self, nav: &NavList) -> bool {
        self.current_list == Some(nav.id)
    }

    /// The layout of error pages, which render without a request at hand.
    pub fn bare() -> Self {
        Self {
            user: None,
            lists: Vec::new(),
            due_today: 0,
            current_list: None,
            csrf_token: String::new(),
            flash: None,
            stylesheet: assets::stylesheet_url(),
            favicon: assets::favicon_url(),
        }
    }
}
