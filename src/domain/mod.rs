//! The domain: what a valid username, password, task title, list or list
//! view is, and who may do what to a list (`access`, the authorization
//! rule, pure so that the queries below can put it in their `WHERE`).
//!
//! "Parse, don't validate": input from a form or the API becomes one of
//! these types or an [`Invalid`] naming what is wrong. Code past the
//! handlers takes the types, so it cannot be handed a title of 5,000
//! characters or a username with a space in it. (`transfer` is the other
//! direction: the task as ticked gives it out, and an export read back.)

mod access;
mod cursor;
mod label;
mod list;
mod list_query;
mod local_path;
#[cfg(test)]
mod proptests;
mod quick_add;
mod recurrence;
mod task;
mod token;
mod transfer;
mod user;

pub use access::{Action, Decision, Denied, Level, Refused, decide};
pub use cursor::{Cursor, OrderKey};
pub use label::{Label, Labels, key_of as label_key};
pub use list::{Colour, ListInput, ListName};
pub use list_query::{Filter, ListQuery, RawListQuery, Sort};
pub use local_path::LocalPath;
pub use quick_add::{Every, QuickAdd, Repeat, parse as parse_quick_add};
pub use recurrence::{DayBox, End, Freq, Recurrence, RepeatForm, RepeatFrom, Rule, WeekdayNum};
pub use task::{Due, Position, Priority, TaskInput, TaskNotes, TaskTitle, short_day};
pub use token::{TokenLifetime, TokenName};
pub use transfer::{
    ExportFile, ExportedList, ImportFile, Imported, ImportedList, ImportedTask, TaskResource,
};
pub use user::{Password, Username};

/// How a one-line text field (a title, a list's name, a token's name) can
/// be wrong; each type says it in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineFault {
    Empty,
    TooLong,
    NotOneLine,
}

/// `input` trimmed, if it is one line of 1 to `max` characters.
fn one_line(input: &str, max: usize) -> Result<&str, LineFault> {
    let line = input.trim();
    if line.is_empty() {
        Err(LineFault::Empty)
    } else if line.chars().count() > max {
        Err(LineFault::TooLong)
    } else if line.chars().any(char::is_control) {
        Err(LineFault::NotOneLine)
    } else {
        Ok(line)
    }
}

/// Why a value was refused, in words meant for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// The errors of a whole form, by field name, for showing each beside its
/// field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// Records the error of `field`, if any, and passes the value on.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, Invalid>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(Invalid(message)) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds the errors of another part of the same form.
    pub fn merge(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    /// Every error on one line: `title: ...; due: ...`.
    pub fn summary(&self) -> String {
        self.0
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}
