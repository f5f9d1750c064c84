//! The API's request bodies and query parameters, and how they become the
//! domain's values.
//!
//! Every field is a [`Field<T>`], of a domain type or of one of the few
//! API-only values in `fields` (`limit`, `offset`, the search text), so a
//! request that gets this far holds only values the rules accepted (the
//! same rules the forms use), and what is left here is what an absent field
//! means.
//! The schemas say what a client sends (`value_type`), not how it is read.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::fields::{Field, Limit, Offset, Search};
use crate::domain::{
    Due, Filter, ListQuery, Position, Priority, Sort, TaskInput, TaskNotes, TaskTitle,
};
use crate::errors::AppError;
use crate::models::task::TaskChanges;

/// The body of `POST /api/tasks`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewTaskBody {
    /// 1 to 200 characters after trimming.
    // Optional to serde, so that a missing title gets the same 422 as an
    // empty one rather than serde's "missing field".
    #[serde(default)]
    #[schema(value_type = String, required = true, example = "Buy milk")]
    pub title: Option<Field<TaskTitle>>,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Field<TaskNotes>>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<Field<Due>>,
    /// `low`, `normal` (the default) or `high`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub priority: Option<Field<Priority>>,
    /// Where to place the task; by default, last.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub order: Option<Field<Position>>,
}

impl NewTaskBody {
    /// The task and its position, if one was asked for.
    pub fn parse(self) -> Result<(TaskInput, Option<i64>), AppError> {
        // Absent (or null) is read as empty, so the refusal is in the
        // domain's words: "A task needs a title."
        let title = match self.title {
            Some(Field(title)) => title,
            None => TaskTitle::parse("").map_err(|err| AppError::validation("title", err.0))?,
        };
        let input = TaskInput {
            title,
            notes: self.notes.map(Field::into_inner).unwrap_or_default(),
            due: self.due.map_or(Due(None), Field::into_inner),
            priority: self.priority.map(Field::into_inner).unwrap_or_default(),
        };
        Ok((input, self.order.map(|Field(Position(at))| at)))
    }
}

/// The body of `PATCH /api/tasks/{id}`: only the fields sent change, and
/// `null` clears `notes`, `due` or `priority` (back to `normal`).
// `double_option` tells an absent field (`None`) from `null`
// (`Some(None)`); `unwrap_or_skip` reads a present field as its value, so
// that `null` is refused where it means nothing (a task always has a
// title, a state and a place).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TaskPatchBody {
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Field<TaskTitle>>,
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub notes: Option<Option<Field<TaskNotes>>>,
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<Option<Field<Due>>>,
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub priority: Option<Option<Field<Priority>>>,
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<bool>)]
    pub completed: Option<Field<bool>>,
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<i64>)]
    pub order: Option<Field<Position>>,
}

impl From<TaskPatchBody> for TaskChanges {
    fn from(body: TaskPatchBody) -> Self {
        /// A field sent, with `null` as its empty value.
        fn cleared<T: Default>(sent: Option<Option<Field<T>>>) -> Option<T> {
            sent.map(|value| value.map(Field::into_inner).unwrap_or_default())
        }
        Self {
            title: body.title.map(Field::into_inner),
            notes: cleared(body.notes),
            due: body.due.map(|due| due.map_or(Due(None), Field::into_inner)),
            priority: cleared(body.priority),
            completed: body.completed.map(Field::into_inner),
            position: body.order.map(|Field(Position(at))| at),
        }
    }
}

/// The query of `GET /api/tasks`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `all` (default), `active` or `completed`.
    #[param(value_type = Option<String>)]
    pub filter: Option<Field<Filter>>,
    /// Search in titles and notes.
    #[param(value_type = Option<String>)]
    pub q: Option<Field<Search>>,
    /// `order` (default), `created`, `due`, `priority` or `title`.
    #[param(value_type = Option<String>)]
    pub sort: Option<Field<Sort>>,
    /// At most this many tasks (0 to 1000, default 100).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1000)]
    pub limit: Option<Field<Limit>>,
    /// Skip this many tasks first (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<Field<Offset>>,
}

impl ListParams {
    /// The view asked for, and its page as `(limit, offset)`.
    pub fn view(self) -> (ListQuery, i64, i64) {
        let query = ListQuery {
            filter: self.filter.map(Field::into_inner).unwrap_or_default(),
            search: self.q.and_then(|Field(Search(words))| words),
            sort: self.sort.map(Field::into_inner).unwrap_or_default(),
            // The API pages with `limit` and `offset`.
            ..ListQuery::default()
        };
        let limit = self.limit.map(Field::into_inner).unwrap_or_default();
        let offset = self.offset.map(Field::into_inner).unwrap_or_default();
        (query, limit.0, offset.0)
    }
}

/// The query of `DELETE /api/tasks`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteParams {
    /// `true`: delete only the completed tasks; `false`: only the open
    /// ones; absent: every task.
    #[param(value_type = Option<bool>)]
    pub completed: Option<Field<bool>>,
}
