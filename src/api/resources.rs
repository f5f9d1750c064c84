//! The API's request and response bodies, and how they map to the domain.
//!
//! Requests are read loosely typed (a priority is any string) and then
//! parsed with the same domain types the forms use, so that one set of
//! rules serves both, and a bad value is a 422 naming its field rather than
//! serde's message.

use serde::{Deserialize, Deserializer};
use utoipa::{IntoParams, ToSchema};

use crate::domain::{Due, Invalid, Priority, RawListQuery, TaskInput, TaskNotes, TaskTitle};
use crate::errors::AppError;
use crate::models::task::TaskChanges;

/// Reads a present field as `Some`, so that with `#[serde(default)]` an
/// absent field is `None`, `null` is `Some(None)` and a value is
/// `Some(Some(v))`: what PATCH needs to tell "leave it" from "clear it".
fn present<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A request body that must be a JSON object. serde's derived structs also
/// accept an array of the fields in order (`["Buy milk"]`), which no client
/// of this API means to send; reading a map first refuses it as a 400.
#[derive(Debug)]
pub struct JsonObject<T>(pub T);

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for JsonObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = deserializer.deserialize_map(UniqueKeys)?;
        T::deserialize(serde_json::Value::Object(object))
            .map(JsonObject)
            .map_err(serde::de::Error::custom)
    }
}

/// Reads a JSON object, refusing a key that appears twice (which JSON
/// leaves undefined, and which would otherwise silently keep the last).
struct UniqueKeys;

impl<'de> serde::de::Visitor<'de> for UniqueKeys {
    type Value = serde_json::Map<String, serde_json::Value>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut access: A,
    ) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some((key, value)) = access.next_entry::<String, serde_json::Value>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` appears twice"
                )));
            }
            object.insert(key, value);
        }
        Ok(object)
    }
}

/// Task positions are kept well inside `i64`, so that "after the last one"
/// can always be computed.
const MAX_ORDER: i64 = 1 << 53;

fn order(value: i64) -> Result<i64, AppError> {
    if (-MAX_ORDER..=MAX_ORDER).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::validation(
            "order",
            format!("is a whole number from -{MAX_ORDER} to {MAX_ORDER}"),
        ))
    }
}

fn field<T>(name: &str, result: Result<T, Invalid>) -> Result<T, AppError> {
    result.map_err(|Invalid(message)| AppError::validation(name, message))
}

/// The body of `POST /api/tasks`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTaskBody {
    /// 1 to 200 characters after trimming.
    #[schema(example = "Buy milk")]
    pub title: String,
    #[serde(default)]
    pub notes: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(format = Date)]
    pub due: Option<String>,
    /// `low`, `normal` (the default) or `high`.
    #[serde(default)]
    pub priority: Option<String>,
    /// Where to place the task; by default, last.
    #[serde(default)]
    pub order: Option<i64>,
}

impl NewTaskBody {
    /// The task and its position, if one was asked for.
    pub fn parse(&self) -> Result<(TaskInput, Option<i64>), AppError> {
        let position = self.order.map(order).transpose()?;
        let input = TaskInput {
            title: field("title", TaskTitle::parse(&self.title))?,
            notes: field(
                "notes",
                TaskNotes::parse(self.notes.as_deref().unwrap_or("")),
            )?,
            due: field("due", Due::parse(self.due.as_deref().unwrap_or("")))?,
            priority: field(
                "priority",
                Priority::parse(self.priority.as_deref().unwrap_or("")),
            )?,
        };
        Ok((input, position))
    }
}

/// The body of `PATCH /api/tasks/{id}`: only the fields sent change, and
/// `null` clears `notes`, `due` or `priority` (back to `normal`).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TaskPatchBody {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub priority: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<bool>)]
    pub completed: Option<Option<bool>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub order: Option<Option<i64>>,
}

/// A field that may not be null.
fn required<T>(name: &str, value: Option<Option<T>>) -> Result<Option<T>, AppError> {
    match value {
        Some(None) => Err(AppError::validation(name, "may not be null")),
        Some(Some(value)) => Ok(Some(value)),
        None => Ok(None),
    }
}

impl TaskPatchBody {
    pub fn parse(self) -> Result<TaskChanges, AppError> {
        let text = |value: Option<Option<String>>| value.map(Option::unwrap_or_default);
        Ok(TaskChanges {
            title: required("title", self.title)?
                .map(|title| field("title", TaskTitle::parse(&title)))
                .transpose()?,
            notes: text(self.notes)
                .map(|notes| field("notes", TaskNotes::parse(&notes)))
                .transpose()?,
            due: text(self.due)
                .map(|due| field("due", Due::parse(&due)))
                .transpose()?,
            priority: text(self.priority)
                .map(|priority| field("priority", Priority::parse(&priority)))
                .transpose()?,
            completed: required("completed", self.completed)?,
            position: required("order", self.order)?.map(order).transpose()?,
        })
    }
}

/// The query of `GET /api/tasks`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `all` (default), `active` or `completed`.
    pub filter: Option<String>,
    /// Search in titles and notes.
    pub q: Option<String>,
    /// `order` (default), `created`, `due`, `priority` or `title`.
    pub sort: Option<String>,
    // Read as text, like every field here, so a bad value gets our message.
    /// At most this many tasks (0 to 1000, default 100).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1000)]
    pub limit: Option<String>,
    /// Skip this many tasks first (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<String>,
}

impl ListParams {
    pub const DEFAULT_LIMIT: i64 = 100;
    pub const MAX_LIMIT: i64 = 1000;

    pub fn raw_query(&self) -> RawListQuery {
        RawListQuery {
            filter: self.filter.clone(),
            q: self.q.clone(),
            sort: self.sort.clone(),
            // The API pages with `limit` and `offset`.
            ..RawListQuery::default()
        }
    }

    /// `(limit, offset)`, checked.
    pub fn window(&self) -> Result<(i64, i64), AppError> {
        let number = |name: &str, value: &Option<String>, default: i64, max: i64| {
            let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
                return Ok(default);
            };
            value
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=max).contains(n))
                .ok_or_else(|| {
                    AppError::BadRequest(format!("{name} is a whole number from 0 to {max}"))
                })
        };
        let limit = number("limit", &self.limit, Self::DEFAULT_LIMIT, Self::MAX_LIMIT)?;
        let offset = number("offset", &self.offset, 0, i64::from(i32::MAX))?;
        Ok((limit, offset))
    }
}

/// The query of `DELETE /api/tasks`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteParams {
    /// `true`: delete only the completed tasks; `false`: only the open
    /// ones; absent: every task.
    pub completed: Option<bool>,
}
