//! The task pages: a view of tasks with its filters, of every list or of
//! one ([`list`]), what is due today and in the next two weeks ([`due`]),
//! one task's edit form ([`edit`]), and the buttons that only act
//! ([`actions`]).
//!
//! Every handler takes the page's [`Ctx`](super::context::Ctx), so none
//! runs for a visitor, and passes the user's id to the model, which
//! decides what they may see and change there. After a change it
//! redirects to `return_to`, the view the form was on, so list, filter,
//! search, sort and page survive the round trip.

pub mod actions;
pub mod add;
pub mod due;
pub mod edit;
pub mod list;
pub mod repeat;
mod row;
pub mod trash;

use serde::Deserialize;

use crate::domain::{Due, FieldErrors, RepeatForm, TaskInput};
use crate::errors::AppError;
use crate::models::task::Task;

/// The fields of the add and edit forms, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub title: String,
    pub notes: String,
    pub due: String,
    pub priority: String,
    /// The list to add the task to, or to move it to; empty is the
    /// user's default list (adding) or where it is (editing).
    pub list_id: String,
    /// Comma-separated.
    pub labels: String,
    pub return_to: Option<String>,
    /// The edit form's "Repeat" fields; the add form has none (its line
    /// says "every ..." instead).
    #[serde(flatten)]
    pub repeat: RepeatForm,
}

impl TaskForm {
    fn from_task(task: &Task) -> Self {
        Self {
            title: task.title.clone(),
            notes: task.notes.clone(),
            due: task.due.map(|d| d.to_string()).unwrap_or_default(),
            priority: task.priority().as_str().to_owned(),
            list_id: task.list_id.to_string(),
            labels: task.labels().to_field(),
            return_to: None,
            repeat: RepeatForm::of(task.recurrence().as_ref(), task.due),
        }
    }

    /// The task as typed, and the list it names.
    fn parse(&self) -> Result<(TaskInput, Option<i64>), FieldErrors> {
        let list = list_id(&self.list_id);
        let input = TaskInput::parse(
            &self.title,
            &self.notes,
            &self.due,
            &self.priority,
            &self.labels,
        );
        // A due date that does not read has its own error; the repeat is
        // checked against one that does.
        let repeat = match Due::parse(&self.due) {
            Ok(Due(due)) => self.repeat.parse(due),
            Err(_) => Ok(None),
        };
        match (input, list, repeat) {
            (Ok(mut input), Ok(list), Ok(recurrence)) => {
                input.recurrence = recurrence;
                Ok((input, list))
            }
            (input, list, repeat) => {
                let mut errors = input.err().unwrap_or_default();
                if let Err(message) = list {
                    errors.add("list_id", message);
                }
                if let Err(more) = repeat {
                    errors.merge(more);
                }
                Err(errors)
            }
        }
    }
}

/// A list's id as a form sends it; empty is none.
fn list_id(sent: &str) -> Result<Option<i64>, String> {
    match sent.trim() {
        "" => Ok(None),
        id => id
            .parse()
            .map(Some)
            .map_err(|_| "Choose one of your lists.".to_owned()),
    }
}

/// The forms that only act (toggle, delete...) carry nothing but where to
/// go back to, and (toggle-all, clear-completed) which list they act on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReturnTo {
    return_to: Option<String>,
    list_id: String,
}

impl ReturnTo {
    /// The list the form names, if any.
    fn list(&self) -> Result<Option<i64>, AppError> {
        list_id(&self.list_id)
            .map_err(|_| AppError::BadRequest("The form names a list that is not a number.".into()))
    }
}
