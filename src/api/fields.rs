//! One field of a request, read and parsed in one step: [`Field<T>`] reads
//! a JSON value (or a query parameter) as the domain type `T`, with the
//! same rules the forms use, or refuses it with words a person reads
//! (`expected true or false`, `A task needs a title.`).
//!
//! The words never say which field they are about: the reader of the whole
//! request (`extract`) learns that from `serde_path_to_error` and puts the
//! name in front, so a wrong type, a bad value and `null` where none is
//! allowed all become the same 422 `field: what is expected`.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::domain::{
    Colour, Due, Filter, Invalid, Label, Labels, Level, ListName, ListQuery, Position, Priority,
    RepeatFrom, Rule, Sort, TaskNotes, TaskTitle,
};

/// A value one field may hold.
pub trait FieldValue: Sized {
    /// What the value is sent as: text, a boolean, a number.
    type Raw: DeserializeOwned;
    /// What to send instead of a value of another JSON type (or `null`).
    const EXPECTED: &'static str;
    fn parse(raw: Self::Raw) -> Result<Self, Invalid>;
}

/// A field's value, parsed.
#[derive(Debug)]
pub struct Field<T>(pub T);

impl<T> Field<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T: FieldValue> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // serde's own words ("invalid type: string \"yes\", expected a
        // boolean") are for programmers; the whole of what went wrong here
        // is that the value was not a `Raw`.
        let raw = T::Raw::deserialize(deserializer)
            .map_err(|_| D::Error::custom(format_args!("expected {}", T::EXPECTED)))?;
        T::parse(raw)
            .map(Field)
            .map_err(|Invalid(words)| D::Error::custom(words))
    }
}

impl FieldValue for TaskTitle {
    // `null` is read as no title, so that it is refused in the domain's
    // words ("A task needs a title.").
    type Raw = Option<String>;
    const EXPECTED: &'static str = "text";
    fn parse(raw: Option<String>) -> Result<Self, Invalid> {
        TaskTitle::parse(raw.as_deref().unwrap_or(""))
    }
}

/// Text the domain type parses itself: `impl FieldValue` for each, with
/// what it expects.
macro_rules! parsed_text {
    ($($type:ty: $expected:literal),* $(,)?) => {$(
        impl FieldValue for $type {
            type Raw = String;
            const EXPECTED: &'static str = $expected;
            fn parse(raw: String) -> Result<Self, Invalid> {
                <$type>::parse(&raw)
            }
        }
    )*};
}

parsed_text! {
    TaskNotes: "text",
    Due: "a date written YYYY-MM-DD",
    Priority: "low, normal or high",
    ListName: "text",
    Level: "read, write or admin",
    Rule: "an RRULE, such as FREQ=WEEKLY;BYDAY=MO",
    RepeatFrom: "due or completion",
}

/// A quick-add line: read as it is here, and understood by the handler,
/// which knows the day and the user's lists.
#[derive(Debug)]
pub struct QuickLine(pub String);

impl FieldValue for QuickLine {
    type Raw = String;
    const EXPECTED: &'static str = "text";
    fn parse(raw: String) -> Result<Self, Invalid> {
        Ok(Self(raw))
    }
}

/// A list's colour from the palette; `null` or empty is none.
impl FieldValue for Option<Colour> {
    type Raw = Option<String>;
    const EXPECTED: &'static str = "the name of a colour";
    fn parse(raw: Option<String>) -> Result<Self, Invalid> {
        Colour::parse(raw.as_deref().unwrap_or(""))
    }
}

/// A list's id in a body.
#[derive(Debug, Clone, Copy)]
pub struct ListId(pub i64);

impl FieldValue for ListId {
    type Raw = i64;
    const EXPECTED: &'static str = "the id of a list, a whole number";
    fn parse(raw: i64) -> Result<Self, Invalid> {
        Ok(Self(raw))
    }
}

/// A task's id in a body: the parent a subtask names.
#[derive(Debug, Clone, Copy)]
pub struct TaskId(pub i64);

impl FieldValue for TaskId {
    type Raw = i64;
    const EXPECTED: &'static str = "the id of a task, a whole number";
    fn parse(raw: i64) -> Result<Self, Invalid> {
        Ok(Self(raw))
    }
}

/// A task's labels: an array of text.
impl FieldValue for Labels {
    type Raw = Vec<String>;
    const EXPECTED: &'static str = "an array of labels, each text";
    fn parse(raw: Vec<String>) -> Result<Self, Invalid> {
        Labels::parse(raw.iter().map(String::as_str))
    }
}

/// The label a query filters by; empty means none.
#[derive(Debug, Default)]
pub struct LabelParam(pub Option<String>);

impl FieldValue for LabelParam {
    type Raw = String;
    const EXPECTED: &'static str = "text";
    fn parse(raw: String) -> Result<Self, Invalid> {
        if raw.trim().is_empty() {
            return Ok(Self(None));
        }
        Label::parse(&raw).map(|label| Self(Some(label.as_str().to_owned())))
    }
}

/// A list's id in a query string, where empty means none.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListParam(pub Option<i64>);

impl FieldValue for ListParam {
    type Raw = String;
    const EXPECTED: &'static str = "the id of a list, a whole number";
    fn parse(raw: String) -> Result<Self, Invalid> {
        match raw.trim() {
            "" => Ok(Self(None)),
            id => id
                .parse()
                .map(|id| Self(Some(id)))
                .map_err(|_| Invalid(format!("expected {}", Self::EXPECTED))),
        }
    }
}

/// A username as given, looked up as it is: no account has a name that
/// would not parse, so any other text simply finds none.
impl FieldValue for String {
    type Raw = String;
    const EXPECTED: &'static str = "text";
    fn parse(raw: String) -> Result<Self, Invalid> {
        Ok(raw)
    }
}

impl FieldValue for bool {
    type Raw = bool;
    const EXPECTED: &'static str = "true or false";
    fn parse(raw: bool) -> Result<Self, Invalid> {
        Ok(raw)
    }
}

impl FieldValue for Position {
    type Raw = i64;
    const EXPECTED: &'static str = "a whole number";
    fn parse(raw: i64) -> Result<Self, Invalid> {
        Position::parse(raw)
    }
}

/// A whole number from 0 to `MAX` in a query string, where an empty value
/// means `DEFAULT`: `limit` and `offset`.
#[derive(Debug)]
pub struct Count<const DEFAULT: i64, const MAX: i64>(pub i64);

/// How many tasks a page of the list holds.
pub type Limit = Count<100, 1000>;
/// How many tasks the list skips first.
pub type Offset = Count<0, { i32::MAX as i64 }>;

impl<const DEFAULT: i64, const MAX: i64> Default for Count<DEFAULT, MAX> {
    fn default() -> Self {
        Self(DEFAULT)
    }
}

impl<const DEFAULT: i64, const MAX: i64> FieldValue for Count<DEFAULT, MAX> {
    // Read as text, so that `limit=` is the default and ` 5` is 5.
    type Raw = String;
    const EXPECTED: &'static str = "a whole number";
    fn parse(raw: String) -> Result<Self, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(Self::default());
        }
        raw.parse()
            .ok()
            .filter(|n| (0..=MAX).contains(n))
            .map(Self)
            .ok_or_else(|| Invalid(format!("expected a whole number from 0 to {MAX}")))
    }
}

/// A list parameter from a fixed set of values: `impl FieldValue` for
/// each. Blank is the default, as on the list page.
macro_rules! list_choice {
    ($($type:ty),* $(,)?) => {$(
        impl FieldValue for $type {
            type Raw = String;
            const EXPECTED: &'static str = "text";
            fn parse(raw: String) -> Result<Self, Invalid> {
                match raw.trim() {
                    "" => Ok(<$type>::default()),
                    value => <$type>::parse(value)
                        .map_err(|_| one_of(<$type>::ALL.map(<$type>::as_str))),
                }
            }
        }
    )*};
}

list_choice!(Filter, Sort);

/// "expected one of all, active, completed".
fn one_of<const N: usize>(names: [&'static str; N]) -> Invalid {
    Invalid(format!("expected one of {}", names.join(", ")))
}

/// The words searched for in titles and notes; none when empty.
#[derive(Debug)]
pub struct Search(pub Option<String>);

impl FieldValue for Search {
    type Raw = String;
    const EXPECTED: &'static str = "text";
    fn parse(raw: String) -> Result<Self, Invalid> {
        ListQuery::parse_search(&raw).map(Self)
    }
}
