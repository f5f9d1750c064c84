//! The task as it leaves ticked and comes back: the shape of a task in the
//! API's answers and in export files ([`TaskResource`]), the export file
//! around it ([`ExportFile`]: the user's own lists and their tasks), and an
//! import read back into checked lists and tasks ([`ImportFile::parse`]).
//! Both faces use it: the API to answer, the account page to export and
//! import.
//!
//! The file's `version` is a promise to later versions of ticked: version
//! 1 (before lists) held only tasks, and still imports, into the
//! importer's default list; version 2 adds `lists`, and each task's
//! `list_id` names one of them.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Colour, Labels, ListInput, ListName, Recurrence, TaskInput};

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
    /// The task this one is a subtask of, in the same list; null for a
    /// task at the top of its list. Writable: null makes it a top task.
    #[schema(example = json!(null))]
    pub parent_id: Option<i64>,
    /// Up to 20 labels of 1 to 40 characters, case kept; a filter matches
    /// them ignoring case.
    #[schema(example = json!(["errands"]))]
    pub labels: Vec<String>,
    /// How it repeats: an RFC 5545 `RRULE` in ticked's subset
    /// (`FREQ=DAILY|WEEKLY|MONTHLY|YEARLY`, `INTERVAL`, `BYDAY`,
    /// `BYMONTHDAY`, `BYSETPOS`, `COUNT`, `UNTIL`, `WKST`), or null. `COUNT`
    /// is how many times are left; each completion uses one.
    #[schema(example = "FREQ=WEEKLY;BYDAY=MO,TH")]
    pub rrule: Option<String>,
    /// What the next due date counts from: `due` (a fixed schedule) or
    /// `completion`.
    #[schema(example = "due")]
    pub repeat_from: String,
    /// How many times a repeating task has been done.
    pub completions: i64,
    /// When a repeating task was last done.
    pub last_done_at: Option<DateTime<Utc>>,
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

/// A list in an export file: what it takes to make it again elsewhere.
/// Who it is shared with stays behind: those accounts belong to this
/// server, and an import is one person's.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportedList {
    /// What the tasks' `list_id` refers to within the file.
    pub id: i64,
    pub name: String,
    pub colour: Option<String>,
    /// The account's default list, whose tasks an import puts in the
    /// importer's default list.
    pub is_default: bool,
}

/// An export of the lists one user owns and their tasks, in the API's task
/// shape. `version` lets a later ticked read an older file.
#[derive(Debug, Serialize, Deserialize)]
pub struct ExportFile {
    /// Always `"ticked-tasks"`.
    pub format: String,
    pub version: u32,
    pub exported_at: DateTime<Utc>,
    pub lists: Vec<ExportedList>,
    /// List by list, each in its order.
    pub tasks: Vec<TaskResource>,
}

impl ExportFile {
    pub const FORMAT: &'static str = "ticked-tasks";
    pub const VERSION: u32 = 2;

    pub fn new(
        exported_at: DateTime<Utc>,
        lists: Vec<ExportedList>,
        tasks: Vec<TaskResource>,
    ) -> Self {
        Self {
            format: Self::FORMAT.to_owned(),
            version: Self::VERSION,
            exported_at,
            lists,
            tasks,
        }
    }
}

/// A list read from an export file, with its tasks in their order.
#[derive(Debug, Clone)]
pub struct ImportedList {
    /// What to make the list as; `None` for the file's default list, whose
    /// tasks go to the importer's default list.
    pub list: Option<ListInput>,
    pub tasks: Vec<ImportedTask>,
}

/// What an import adds: the importer's default list first (perhaps with
/// no tasks), then the file's other lists in the file's order.
#[derive(Debug, Clone)]
pub struct Imported {
    pub lists: Vec<ImportedList>,
}

impl Imported {
    pub fn task_count(&self) -> usize {
        self.lists.iter().map(|list| list.tasks.len()).sum()
    }

    /// How many lists the import makes (the default list is not made).
    pub fn new_list_count(&self) -> usize {
        self.lists.iter().filter(|list| list.list.is_some()).count()
    }
}

/// A task read from an export file, checked: what an import adds.
#[derive(Debug, Clone)]
pub struct ImportedTask {
    /// Its id in the file, which its subtasks' `parent` names.
    pub file_id: Option<i64>,
    /// The file id of the task it is a subtask of, in the same list.
    pub parent: Option<i64>,
    pub input: TaskInput,
    pub completed: bool,
    pub completions: i64,
    pub last_done_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

/// A task as an import reads it: the export's shape, with only the title
/// required, so hand-written files work too.
#[derive(Debug, Deserialize)]
struct ImportTask {
    #[serde(default)]
    id: Option<i64>,
    #[serde(default)]
    parent_id: Option<i64>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    rrule: Option<String>,
    #[serde(default)]
    repeat_from: Option<String>,
    #[serde(default)]
    completions: i64,
    #[serde(default)]
    last_done_at: Option<DateTime<Utc>>,
    title: String,
    /// Version 2: one of the file's lists; none means the default list.
    #[serde(default)]
    list_id: Option<i64>,
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

/// A list as an import reads it: a name is all a hand-written file needs.
#[derive(Debug, Deserialize)]
struct ImportList {
    id: i64,
    name: String,
    #[serde(default)]
    colour: Option<String>,
    #[serde(default)]
    is_default: bool,
}

/// An export file as an import reads it.
#[derive(Debug, Deserialize)]
pub struct ImportFile {
    format: String,
    version: u32,
    #[serde(default)]
    lists: Vec<ImportList>,
    tasks: Vec<ImportTask>,
}

impl ImportFile {
    /// Reads and checks a file; `now` stands in for a missing `created_at`.
    /// The error is a sentence for the person who uploaded the file.
    pub fn read(bytes: &[u8], now: NaiveDateTime) -> Result<Imported, String> {
        serde_json::from_slice::<Self>(bytes)
            .map_err(|err| format!("The file is not a ticked export: {err}."))
            .and_then(|file| file.parse(now))
    }

    /// Checks the file, every list and every task in it; each list's tasks
    /// in the file's `order`.
    pub fn parse(self, now: NaiveDateTime) -> Result<Imported, String> {
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
        // Version 1 knew no lists: any `list_id` in it is from a ticked
        // that was already moving towards them, and every task goes to the
        // default list.
        let (mut lists, by_id) = if self.version == 1 {
            (vec![default_list()], HashMap::new())
        } else {
            parse_lists(self.lists)?
        };
        // Numbered by their place in the file, for error messages; then a
        // stable sort, so tasks without an order keep their place.
        let mut tasks: Vec<(usize, ImportTask)> = self.tasks.into_iter().enumerate().collect();
        tasks.sort_by_key(|(_, task)| task.order.unwrap_or(i64::MAX));
        for (index, task) in tasks {
            let place = match task.list_id {
                Some(id) if self.version > 1 => *by_id.get(&id).ok_or_else(|| {
                    format!(
                        "Task {} of the file: its list_id {id} is not one of the file's lists.",
                        index + 1
                    )
                })?,
                _ => 0,
            };
            let task = parse_task(task, now)
                .map_err(|message| format!("Task {} of the file: {message}", index + 1))?;
            lists[place].tasks.push(task);
        }
        for list in &lists {
            check_parents(&list.tasks)?;
        }
        Ok(Imported { lists })
    }
}

/// Every parent a list's tasks name is a task of that list, and no task
/// is its own ancestor.
fn check_parents(tasks: &[ImportedTask]) -> Result<(), String> {
    let mut parent_of: HashMap<i64, Option<i64>> = HashMap::new();
    for task in tasks {
        if let Some(id) = task.file_id
            && parent_of.insert(id, task.parent).is_some()
        {
            return Err(format!("two tasks of the file have the id {id}."));
        }
    }
    for task in tasks {
        let Some(parent) = task.parent else { continue };
        let named = |what: &str| {
            let id = task.file_id.map_or(String::new(), |id| format!(" {id}"));
            format!("Task{id} of the file: its parent_id {parent} {what}.")
        };
        if !parent_of.contains_key(&parent) {
            return Err(named("is not a task of its list in the file"));
        }
        // Up the chain: a loop comes back to the task within as many steps
        // as the list has tasks.
        let mut up = Some(parent);
        for _ in 0..=tasks.len() {
            match up {
                Some(at) if Some(at) == task.file_id => {
                    return Err(named("makes a loop of subtasks"));
                }
                Some(at) => up = parent_of.get(&at).copied().flatten(),
                None => break,
            }
        }
    }
    Ok(())
}

/// The importer's default list, before any task is put in it.
fn default_list() -> ImportedList {
    ImportedList {
        list: None,
        tasks: Vec::new(),
    }
}

type ListPlaces = HashMap<i64, usize>;

/// The file's lists, checked, with the default first; and where each of
/// the file's list ids went in them.
fn parse_lists(file: Vec<ImportList>) -> Result<(Vec<ImportedList>, ListPlaces), String> {
    let mut lists = vec![default_list()];
    let mut by_id = ListPlaces::new();
    let mut seen_default = false;
    for (index, list) in file.into_iter().enumerate() {
        let in_file = |message: &str| format!("List {} of the file: {message}", index + 1);
        let place = if list.is_default {
            if seen_default {
                return Err(in_file("a file has one default list."));
            }
            seen_default = true;
            0
        } else {
            let name = ListName::parse(&list.name).map_err(|err| in_file(&err.0))?;
            let colour = Colour::parse(list.colour.as_deref().unwrap_or(""))
                .map_err(|err| in_file(&err.0))?;
            lists.push(ImportedList {
                list: Some(ListInput { name, colour }),
                tasks: Vec::new(),
            });
            lists.len() - 1
        };
        if by_id.insert(list.id, place).is_some() {
            return Err(in_file(&format!(
                "its id {} is another list's too.",
                list.id
            )));
        }
    }
    Ok((lists, by_id))
}

/// One task, checked.
fn parse_task(task: ImportTask, now: NaiveDateTime) -> Result<ImportedTask, String> {
    let mut input = TaskInput::parse(
        &task.title,
        task.notes.as_deref().unwrap_or(""),
        task.due.as_deref().unwrap_or(""),
        task.priority.as_deref().unwrap_or(""),
        "",
    )
    .map_err(|errors| errors.summary())?;
    input.labels = Labels::parse(task.labels.iter().map(String::as_str))
        .map_err(|err| format!("labels: {err}"))?;
    if let Some(rrule) = &task.rrule {
        let recurrence = Recurrence::parse(rrule, task.repeat_from.as_deref().unwrap_or(""))
            .map_err(|err| format!("rrule: {err}"))?;
        if let Some((field, words)) = recurrence.conflict(input.due.0) {
            return Err(format!("{field}: {words}"));
        }
        input.recurrence = Some(recurrence);
    }
    // Stored to the microsecond, as `models::now` is, so that a time reads
    // back the same from either backend.
    let stored = |at: DateTime<Utc>| at.naive_utc().trunc_subsecs(6);
    let created_at = task.created_at.map_or(now, stored);
    Ok(ImportedTask {
        file_id: task.id,
        parent: task.parent_id,
        input,
        completed: task.completed,
        completions: task.completions.max(0),
        last_done_at: task.last_done_at.map(stored),
        created_at,
        updated_at: task.updated_at.map_or(created_at, stored),
        completed_at: task.completed_at.map(stored),
    })
}
