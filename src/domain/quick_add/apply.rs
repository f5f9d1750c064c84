//! What a quick-add line makes of a task: the title that is left, and the
//! fields it understood laid over the ones the form (or the API's other
//! members) gave. What the line says wins: the add form's priority select
//! always sends `normal`, and `!high` still makes the task high.

use chrono::NaiveDate;

use super::QuickAdd;
use crate::domain::{
    FieldErrors, Label, Labels, Recurrence, RepeatFrom, TaskInput, TaskTitle, short_day,
};

impl QuickAdd {
    /// Lays what the line understood over `input`, whose title it
    /// replaces; a title left empty, or labels past the limit, are named
    /// by the field the line was typed in (`field`).
    pub fn apply(
        &self,
        input: &mut TaskInput,
        today: NaiveDate,
        field: &'static str,
    ) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        match TaskTitle::parse(&self.title) {
            Ok(title) => input.title = title,
            Err(_) if self.title.trim().is_empty() => errors.add(
                field,
                "A task needs a title: only dates, lists, labels or a repeat were understood.",
            ),
            Err(err) => errors.add(field, err.0),
        }
        if let Some(due) = self.due {
            input.due.0 = Some(due);
        }
        if let Some(priority) = self.priority {
            input.priority = priority;
        }
        if !self.labels.is_empty() {
            let names = input
                .labels
                .names()
                .chain(self.labels.iter().map(Label::as_str));
            match Labels::parse(names) {
                Ok(labels) => input.labels = labels,
                Err(err) => errors.add(field, err.0),
            }
        }
        if let Some(repeat) = &self.repeat {
            let due = *input.due.0.get_or_insert_with(|| repeat.first_due(today));
            input.recurrence = Some(Recurrence {
                rule: repeat.rule(due),
                from: RepeatFrom::Due,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// What was understood, in words, for the message that says the task
    /// was added: "due Fri 1 Jan, high priority, repeats every month, in
    /// Home". `input` is the task as added; `list` the list's name, when
    /// the line named one.
    pub fn understood(&self, input: &TaskInput) -> Vec<String> {
        let mut said = Vec::new();
        let dated = self.due.is_some() || self.repeat.is_some();
        if let Some(due) = input.due.0.filter(|_| dated) {
            said.push(format!("due {}", short_day(due)));
        }
        if let Some(priority) = self.priority {
            said.push(format!("{} priority", priority.as_str()));
        }
        if let Some(recurrence) = input.recurrence.as_ref().filter(|_| self.repeat.is_some()) {
            let words = recurrence.rule.describe();
            let mut words = words.chars();
            let first = words.next().map(|c| c.to_lowercase().collect::<String>());
            said.push(format!(
                "repeats {}{}",
                first.unwrap_or_default(),
                words.as_str()
            ));
        }
        if !self.labels.is_empty() {
            let names: Vec<&str> = self.labels.iter().map(Label::as_str).collect();
            said.push(format!("labelled {}", names.join(", ")));
        }
        if let Some(list) = &self.list {
            said.push(format!("in {list}"));
        }
        said
    }
}
