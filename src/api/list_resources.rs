//! The list routes' bodies and answers: a list as one user sees it, its
//! members, and what creating, changing and sharing a list send. As in
//! `resources`, every field is a [`Field<T>`] of a domain type, checked by
//! the same rules as the forms.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::fields::Field;
use crate::domain::{Colour, Level, ListInput, ListName};
use crate::errors::AppError;
use crate::models::list::{ListChanges, MyList};
use crate::models::member::Member;

/// A list, as the API shows it to one user.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListResource {
    #[schema(example = 7)]
    pub id: i64,
    #[schema(example = "Home")]
    pub name: String,
    /// One of the palette's names, or null.
    #[schema(example = "teal")]
    pub colour: Option<&'static str>,
    /// Whether this is your default list, where tasks go that name none.
    pub is_default: bool,
    /// The owner's username.
    #[schema(example = "alice")]
    pub owner: String,
    /// Your level in it: `read`, `write`, `admin` or `owner`.
    #[schema(example = "owner")]
    pub level: &'static str,
    /// How many of its tasks are open, and done.
    pub open: i64,
    pub done: i64,
    /// This list's absolute URL in the API.
    #[schema(example = "https://todo.example.org/api/lists/7")]
    pub url: String,
}

impl ListResource {
    pub fn new(my: MyList, base: &str) -> Self {
        Self {
            url: format!("{base}/api/lists/{}", my.list.id),
            colour: my.list.colour().map(Colour::as_str),
            level: my.level.as_str(),
            is_default: my.is_my_default(),
            id: my.list.id,
            name: my.list.name,
            owner: my.owner,
            open: my.list.open_tasks,
            done: my.list.done_tasks,
        }
    }
}

/// Someone a list is shared with.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberResource {
    #[schema(example = "bob")]
    pub username: String,
    /// `read`, `write`, `admin` or `owner`.
    #[schema(example = "write")]
    pub level: &'static str,
}

impl From<Member> for MemberResource {
    fn from(member: Member) -> Self {
        Self {
            username: member.username,
            level: member.level.as_str(),
        }
    }
}

/// The body of `POST /api/lists`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewListBody {
    /// 1 to 100 characters after trimming.
    #[serde(default)]
    #[schema(value_type = String, required = true, example = "Home")]
    pub name: Option<Field<ListName>>,
    /// red, orange, yellow, green, teal, blue, purple, pink or grey.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub colour: Option<Field<Option<Colour>>>,
}

impl NewListBody {
    pub fn parse(self) -> Result<ListInput, AppError> {
        let name = match self.name {
            Some(Field(name)) => name,
            None => ListName::parse("").map_err(|err| AppError::validation("name", err.0))?,
        };
        Ok(ListInput {
            name,
            colour: self.colour.and_then(Field::into_inner),
        })
    }
}

/// The body of `PATCH /api/lists/{id}`: only the fields sent change.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ListPatchBody {
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Field<ListName>>,
    /// A colour's name; `null` takes the colour away.
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub colour: Option<Option<Field<Option<Colour>>>>,
    /// Hands the list over to this user, one of its admins (owner only).
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<String>)]
    pub owner: Option<Field<String>>,
}

impl From<ListPatchBody> for ListChanges {
    fn from(body: ListPatchBody) -> Self {
        Self {
            name: body.name.map(Field::into_inner),
            colour: body.colour.map(|colour| colour.and_then(Field::into_inner)),
        }
    }
}

/// The body of `PUT /api/lists/{id}/members/{username}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MemberBody {
    #[serde(default)]
    #[schema(value_type = String, required = true, example = "write")]
    pub level: Option<Field<Level>>,
}

impl MemberBody {
    pub fn parse(self) -> Result<Level, AppError> {
        match self.level {
            Some(Field(level)) => Ok(level),
            None => Err(AppError::validation(
                "level",
                "The level is one of read, write, admin.",
            )),
        }
    }
}
