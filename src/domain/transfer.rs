//! The task as it leaves ticked and comes back: the shape of a task in the
//! API's answers and in export files ([`TaskResource`]), the export file
//! around it ([`ExportFile`]), and an import read back into checked tasks
//! ([`ImportFile::parse`]). Both faces use it: the API to answer, the
//! account page to export and import.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::TaskInput;

// The same shape serves export files: "in the API's task shape".
/// A task, as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TaskResource {
    #[schema(example = 42)]
    pub id: i64,
    /// The list it is in. Writable: sending another list's id moves it
    /// there (to its end, unless `order` says where).
    #[schema(example = 7)]
    pub list_id: i64,
    #[schema(example = "Buy milk")]
    pub title: String,
    /// Free text; empty when there are none.
    pub notes: String,
    pub completed: bool,
    /// `YYYY-MM-DD`, or null.
    #[schema(value_type = Option<String>, format = Date, example = "2026-12-01")]
    pub due: Option<NaiveDate>,
    /// `low`, `normal` or `high`.
    #[schema(example = "normal")]
    pub priority: String,
    /// The task's place in its list; new tasks go last.
    pub order: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    /// This task's absolute URL in the API.
    #[schema(example = "https://todo.example.org/api/tasks/42")]
    pub url: String,
}

impl TaskResource {
    /// A task's absolute URL in the API (`GET /api/tasks/{id}`); `base` is
    /// the site's address, without a trailing slash.
    pub fn url_of(base: &str, id: i64) -> String {
        format!("{base}/api/tasks/{id}")
    }
}

/// An export of one user's tasks, in the API's task shape. `version` lets
/// a later ticked read an older file.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportFile {
    /// Always `"ticked-tasks"`.
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub tasks: Vec<TaskResource>,
}

impl ExportFile {
    pub const FORMAT: &'static str = "ticked-tasks";
    pub const VERSION: u32 = 1;

    pub fn new(exported_at: DateTime<Utc>, tasks: Vec<TaskResource>) -> Self {
        Self {
            format: Self::FORMAT.to_owned(),
            version: Self::VERSION,
            exported_at,
            tasks,
        }
    }
}

/// A task read from an export file, checked: what an import adds.
#[derive(Debug, Clone)]
pub struct ImportedTask {
    pub input: TaskInput,
    pub completed: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

/// A task as an import reads it: the export's shape, with only the title
/// required, so hand-written files work too.
#[derive(Debug, Deserialize)]
struct ImportTask {
    title: String,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    completed: bool,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    order: Option<i64>,
    #[serde(default)]
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    completed_at: Option<DateTime<Utc>>,
}

/// An export file as an import reads it.
#[derive(Debug, Deserialize)]
pub struct ImportFile {
    format: String,
    version: u32,
    tasks: Vec<ImportTask>,
}

impl ImportFile {
    /// Reads and checks a file; `now` stands in for a missing `created_at`.
    /// The error is a sentence for the person who uploaded the file.
    pub fn read(bytes: &[u8], now: NaiveDateTime) -> Result<Vec<ImportedTask>, String> {
        serde_json::from_slice::<Self>(bytes)
            .map_err(|err| format!("The file is not a ticked export: {err}."))
            .and_then(|file| file.parse(now))
    }

    /// Checks the file and every task in it, in the file's `order`.
    pub fn parse(self, now: NaiveDateTime) -> Result<Vec<ImportedTask>, String> {
        if self.format != ExportFile::FORMAT {
            return Err(format!(
                "this is not a ticked export (format {:?})",
                self.format
            ));
        }
        if self.version == 0 || self.version > ExportFile::VERSION {
            return Err(format!(
                "This export is version {}, and this ticked reads versions 1 to {}.",
                self.version,
                ExportFile::VERSION
            ));
        }
        // Numbered by their place in the file, for error messages; then a
        // stable sort, so tasks without an order keep their place.
        let mut tasks: Vec<(usize, ImportTask)> = self.tasks.into_iter().enumerate().collect();
        tasks.sort_by_key(|(_, task)| task.order.unwrap_or(i64::MAX));
        tasks
            .into_iter()
            .map(|(index, task)| {
                let input = TaskInput::parse(
                    &task.title,
                    task.notes.as_deref().unwrap_or(""),
                    task.due.as_deref().unwrap_or(""),
                    task.priority.as_deref().unwrap_or(""),
                )
                .map_err(|errors| {
                    format!("Task {} of the file: {}", index + 1, errors.summary())
                })?;
                // Stored to the microsecond, as `models::now` is, so that a
                // time reads back the same from either backend.
                let stored = |at: DateTime<Utc>| at.naive_utc().trunc_subsecs(6);
                let created_at = task.created_at.map_or(now, stored);
                Ok(ImportedTask {
                    input,
                    completed: task.completed,
                    created_at,
                    updated_at: task.updated_at.map_or(created_at, stored),
                    completed_at: task.completed_at.map(stored),
                })
            })
            .collect()
    }
}
