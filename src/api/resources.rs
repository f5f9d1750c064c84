//! The task routes' request bodies and the API's query parameters, and
//! how they become the domain's values (the list routes' are in
//! `list_resources`).
//!
//! Every field is a [`Field<T>`], of a domain type or of one of the few
//! API-only values in `fields` (`limit`, `offset`, the search text), so a
//! request that gets this far holds only values the rules accepted (the
//! same rules the forms use), and what is left here is what an absent field
//! means.
//! The schemas say what a client sends (`value_type`), not how it is read.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::fields::{
    Field, LabelParam, Limit, ListId, ListParam, Offset, QuickLine, Search, TaskId,
};
use crate::domain::{
    Due, Filter, Labels, ListQuery, Position, Priority, Recurrence, RepeatFrom, Rule, Sort,
    TaskInput, TaskNotes, TaskTitle,
};
use crate::errors::AppError;
use crate::models::task::{Placement, TaskChanges};

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
    /// The list to add it to (one you may write to); by default, your
    /// default list, or its parent's list.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub list_id: Option<Field<ListId>>,
    /// Make it a subtask of this task, which must be in the same list. It
    /// goes after the parent's last subtask unless `order` says where.
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub parent_id: Option<Field<TaskId>>,
    /// Up to 20 labels of 1 to 40 characters, without commas.
    #[serde(default)]
    #[schema(value_type = Option<Vec<String>>)]
    pub labels: Option<Field<Labels>>,
    /// Makes it repeat: an RFC 5545 `RRULE` in ticked's subset. A
    /// repeating task needs a due date.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "FREQ=DAILY;INTERVAL=3")]
    pub rrule: Option<Field<Rule>>,
    /// `due` (the default: a fixed schedule) or `completion`.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub repeat_from: Option<Field<RepeatFrom>>,
    /// A quick-add line instead of `title`: "Pay rent tomorrow !high every
    /// month #Home *bills". What it understands (a date, a priority, a
    /// list you may write to, labels, a repeat) wins over the other
    /// members; the rest is the title.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "Water plants every 3 days")]
    pub quick: Option<Field<QuickLine>>,
}

/// A new task as the API was asked for it.
pub struct NewTask {
    pub input: TaskInput,
    pub place: Placement,
    /// The quick-add line to read into it.
    pub quick: Option<String>,
}

impl NewTaskBody {
    /// The task, its list and its position, if they were asked for.
    pub fn parse(self) -> Result<NewTask, AppError> {
        // Absent (or null) is read as empty, so the refusal is in the
        // domain's words: "A task needs a title."
        // A quick-add line is the title until it is understood.
        let quick = self.quick.map(|Field(QuickLine(line))| line);
        let title = match (self.title, &quick) {
            (Some(_), Some(_)) => {
                return Err(AppError::validation(
                    "quick",
                    "Send the title inside quick, or title alone: not both.",
                ));
            }
            (Some(Field(title)), None) => title,
            (None, Some(line)) => {
                TaskTitle::parse(line).map_err(|err| AppError::validation("quick", err.0))?
            }
            (None, None) => {
                TaskTitle::parse("").map_err(|err| AppError::validation("title", err.0))?
            }
        };
        // `repeat_from` without a rule means nothing, as a task that does
        // not repeat shows it (`"due"`), so that a task sent back as it
        // was read is taken.
        let from = self.repeat_from.map(Field::into_inner);
        let recurrence = self.rrule.map(|Field(rule)| Recurrence {
            rule,
            from: from.unwrap_or_default(),
        });
        let input = TaskInput {
            title,
            notes: self.notes.map(Field::into_inner).unwrap_or_default(),
            due: self.due.map_or(Due(None), Field::into_inner),
            priority: self.priority.map(Field::into_inner).unwrap_or_default(),
            labels: self.labels.map(Field::into_inner).unwrap_or_default(),
            recurrence,
        };
        Ok(NewTask {
            quick,
            input,
            place: Placement {
                list: self.list_id.map(|Field(ListId(id))| id),
                parent: self.parent_id.map(|Field(TaskId(id))| id),
                position: self.order.map(|Field(Position(at))| at),
            },
        })
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
    /// Moves the task to this list (one you may write to), at its end
    /// unless `order` says where.
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<i64>)]
    pub list_id: Option<Field<ListId>>,
    /// Makes it a subtask of this task, in the same list (after the
    /// parent's last subtask, unless `order` says where); `null` makes it
    /// a task at the top of its list.
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<i64>)]
    pub parent_id: Option<Option<Field<TaskId>>>,
    /// Replaces its labels; `[]` removes them all.
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<Vec<String>>)]
    pub labels: Option<Field<Labels>>,
    /// Replaces its repeat rule; `null` makes it stop repeating.
    #[serde(default, with = "serde_with::rust::double_option")]
    #[schema(value_type = Option<String>)]
    pub rrule: Option<Option<Field<Rule>>>,
    /// `due` or `completion`: what its next due date counts from (on a
    /// task that does not repeat, it changes nothing).
    #[serde(default, with = "serde_with::rust::unwrap_or_skip")]
    #[schema(value_type = Option<String>)]
    pub repeat_from: Option<Field<RepeatFrom>>,
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
            list: body.list_id.map(|Field(ListId(id))| id),
            parent: body
                .parent_id
                .map(|parent| parent.map(|Field(TaskId(id))| id)),
            labels: body.labels.map(Field::into_inner),
            rule: body.rrule.map(|rule| rule.map(Field::into_inner)),
            repeat_from: body.repeat_from.map(Field::into_inner),
            ..Self::default()
        }
    }
}

/// The query of `GET /api/tasks`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only this list's tasks; by default, those of every list you can see.
    #[param(value_type = Option<i64>)]
    pub list: Option<Field<ListParam>>,
    /// `all` (default), `active` or `completed`.
    #[param(value_type = Option<String>)]
    pub filter: Option<Field<Filter>>,
    /// Search in titles and notes.
    #[param(value_type = Option<String>)]
    pub q: Option<Field<Search>>,
    /// Only tasks with this label (matched ignoring case).
    #[param(value_type = Option<String>)]
    pub label: Option<Field<LabelParam>>,
    /// `order` (default), `created`, `due`, `priority` or `title`.
    #[param(value_type = Option<String>)]
    pub sort: Option<Field<Sort>>,
    /// Only tasks due on or after this day, `YYYY-MM-DD` (a task with no
    /// due date is in no window). With `due_before`, the tasks due in those
    /// days, both included: `?filter=active&due_before=` today's date is
    /// what is due today or overdue.
    #[param(value_type = Option<String>, format = Date)]
    pub due_after: Option<Field<Due>>,
    /// Only tasks due on or before this day, `YYYY-MM-DD` (not before
    /// `due_after`: that is a 422).
    #[param(value_type = Option<String>, format = Date)]
    pub due_before: Option<Field<Due>>,
    /// At most this many tasks (0 to 1000, default 100).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1000)]
    pub limit: Option<Field<Limit>>,
    /// Skip this many tasks first (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<Field<Offset>>,
}

impl ListParams {
    /// The view asked for, and its page as `(limit, offset)`; a window of
    /// due dates that ends before it begins is refused, naming `due_after`.
    pub fn view(self) -> Result<(ListQuery, i64, i64), AppError> {
        let query = ListQuery {
            list: self.list.and_then(|Field(ListParam(list))| list),
            filter: self.filter.map(Field::into_inner).unwrap_or_default(),
            search: self.q.and_then(|Field(Search(words))| words),
            label: self.label.and_then(|Field(LabelParam(label))| label),
            sort: self.sort.map(Field::into_inner).unwrap_or_default(),
            due_from: self.due_after.and_then(|Field(Due(day))| day),
            due_to: self.due_before.and_then(|Field(Due(day))| day),
            // The API pages with `limit` and `offset`.
            ..ListQuery::default()
        };
        if let (Some(from), Some(to)) = (query.due_from, query.due_to)
            && from > to
        {
            return Err(AppError::validation(
                "due_after",
                format!("{from} is after due_before, {to}: the window holds no day"),
            ));
        }
        let limit = self.limit.map(Field::into_inner).unwrap_or_default();
        let offset = self.offset.map(Field::into_inner).unwrap_or_default();
        Ok((query, limit.0, offset.0))
    }
}

/// The query of `GET /api/labels`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LabelParams {
    /// Only the labels of this list's tasks.
    #[param(value_type = Option<i64>)]
    pub list: Option<Field<ListParam>>,
}

/// The query of `GET /api/trash`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrashParams {
    /// At most this many items (0 to 1000, default 100).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 1000)]
    pub limit: Option<Field<Limit>>,
    /// Skip this many items first (default 0).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub offset: Option<Field<Offset>>,
}

/// The query of `DELETE /api/tasks`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeleteParams {
    /// `true`: delete only the completed tasks; `false`: only the open
    /// ones; absent: every task.
    #[param(value_type = Option<bool>)]
    pub completed: Option<Field<bool>>,
    /// Only this list's tasks; by default, those of every list you may
    /// change.
    #[param(value_type = Option<i64>)]
    pub list: Option<Field<ListParam>>,
}
