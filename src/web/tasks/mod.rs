//! The task pages: the list with its filters ([`list`]), one task's edit
//! form ([`edit`]), and the buttons that only act ([`actions`]).
//!
//! Every handler takes the page's [`Ctx`](super::context::Ctx), so none
//! runs for a visitor, and passes the user's id to the model as the owner.
//! After a change it redirects to `return_to`, the list view the form was
//! on, so filter, search, sort and page survive the round trip.

pub mod actions;
pub mod edit;
pub mod list;

use serde::Deserialize;

use crate::domain::{FieldErrors, TaskInput};
use crate::models::task::Task;

/// The fields of the add and edit forms, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub title: String,
    pub notes: String,
    pub due: String,
    pub priority: String,
    pub return_to: Option<String>,
}

impl TaskForm {
    fn from_task(task: &Task) -> Self {
        Self {
            title: task.title.clone(),
            notes: task.notes.clone(),
            due: task.due.map(|d| d.to_string()).unwrap_or_default(),
            priority: task.priority().as_str().to_owned(),
            return_to: None,
        }
    }

    fn parse(&self) -> Result<TaskInput, FieldErrors> {
        TaskInput::parse(&self.title, &self.notes, &self.due, &self.priority)
    }
}

/// The forms that only act (toggle, delete...) carry nothing but where to
/// go back to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReturnTo {
    return_to: Option<String>,
}
