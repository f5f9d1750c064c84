//! The task as it leaves ticked and comes back: a row made into the API's
//! shape ([`Task::into_resource`]), a user's own lists and their tasks for
//! an export, and an import's lists made and their tasks added in batches.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{NewTask, Task, dav_name_of, labels, new_uid, next_position, repeat_from};
use crate::db::DbConnection;
use crate::db::schema::{lists, tasks};
use crate::domain::Action;
use crate::domain::{ExportedList, Imported, ImportedTask, TaskResource};
use crate::models::list::{self, List};
use crate::models::member::lists_where;
use crate::on_backend;

impl Task {
    /// The task as the API shows it and an export holds it; `base` is the
    /// site's absolute URL, without a trailing slash.
    pub fn into_resource(self, base: &str) -> TaskResource {
        let utc = |at: NaiveDateTime| at.and_utc();
        TaskResource {
            url: TaskResource::url_of(base, self.id),
            priority: self.priority().as_str().to_owned(),
            labels: self.labels().names().map(str::to_owned).collect(),
            parent_id: self.parent_id,
            rrule: self.rrule,
            repeat_from: self.repeat_from,
            completions: self.completions,
            last_done_at: self.last_done_at.map(utc),
            id: self.id,
            list_id: self.list_id,
            title: self.title,
            notes: self.notes,
            completed: self.completed,
            due: self.due,
            order: self.position,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
            completed_at: self.completed_at.map(utc),
        }
    }
}

impl List {
    /// The list as an export holds it.
    pub fn into_exported(self) -> ExportedList {
        ExportedList {
            id: self.id,
            name: self.name,
            colour: self.colour,
            is_default: self.is_default,
        }
    }
}

/// Adds what an import file holds to `owner`'s lists: the default list's
/// tasks after the last of theirs, every other list made anew (an import
/// adds; it never merges into a list by its name). Returns how many tasks
/// were added. Call it in a transaction, so that it is all or nothing.
pub fn import(conn: &mut DbConnection, owner: i64, imported: &Imported) -> QueryResult<usize> {
    let mut added = 0;
    for each in &imported.lists {
        let id = match &each.list {
            None => list::default_id(conn, owner)?,
            Some(input) => list::create(conn, owner, input)?.id,
        };
        added += import_into(conn, id, &each.tasks)?;
    }
    Ok(added)
}

/// Adds `imported` after the last task of `list`, in the order given,
/// with their timestamps, labels and subtasks kept. Returns how many were
/// added.
fn import_into(
    conn: &mut DbConnection,
    list: i64,
    imported: &[ImportedTask],
) -> QueryResult<usize> {
    let first = next_position(conn, list)?;
    let rows: Vec<NewTask> = imported
        .iter()
        .zip(0_i64..)
        .map(|(task, offset)| (task, first.saturating_add(offset)))
        .map(|(task, position)| (task, position, new_uid()))
        .map(|(task, position, uid)| NewTask {
            list_id: list,
            title: task.input.title.as_str().to_owned(),
            notes: task.input.notes.as_str().to_owned(),
            completed: task.completed,
            due: task.input.due.0,
            priority: task.input.priority.to_db(),
            position,
            created_at: task.created_at,
            updated_at: task.updated_at,
            completed_at: if task.completed {
                task.completed_at.or(Some(task.updated_at))
            } else {
                None
            },
            // Set below, once every task has its new id.
            parent_id: None,
            labels: task.input.labels.to_db(),
            rrule: task.input.recurrence.as_ref().map(|r| r.rule.to_rrule()),
            repeat_from: repeat_from(task.input.recurrence.as_ref()),
            completions: task.completions,
            last_done_at: task.last_done_at,
            uid: uid.clone(),
            dav_name: dav_name_of(&uid),
            ical: None,
        })
        .collect();
    // In batches: PostgreSQL takes at most 65,535 values per statement, and
    // a 5 MiB import can hold tens of thousands of tasks of 12 columns.
    // Each new id by its row's position, which is unique here: the order
    // of the rows `RETURNING` gives is not promised.
    let mut id_at: HashMap<i64, i64> = HashMap::with_capacity(rows.len());
    for batch in rows.chunks(IMPORT_BATCH) {
        let added: Vec<(i64, i64)> = on_backend!(conn, conn => diesel::insert_into(tasks::table)
            .values(batch)
            .returning((tasks::position, tasks::id))
            .get_results(conn))?;
        id_at.extend(added);
    }
    let ids: Vec<i64> = rows
        .iter()
        .filter_map(|row| id_at.get(&row.position).copied())
        .collect();
    let new_id: HashMap<i64, i64> = imported
        .iter()
        .zip(&ids)
        .filter_map(|(task, id)| task.file_id.map(|file_id| (file_id, *id)))
        .collect();
    for (task, id) in imported.iter().zip(&ids) {
        if let Some(parent) = task.parent.and_then(|parent| new_id.get(&parent)) {
            diesel::update(tasks::table.find(id))
                .set(tasks::parent_id.eq(parent))
                .execute(conn)?;
        }
    }
    labels::index(conn, &ids)?;
    Ok(ids.len())
}

/// Rows per `INSERT` of an import: 12,000 values, well under PostgreSQL's
/// limit.
const IMPORT_BATCH: usize = 1_000;

/// The lists `owner` owns, default first, and every task in them, list by
/// list in each list's order: for an export.
pub fn all(conn: &mut DbConnection, owner: i64) -> QueryResult<(Vec<List>, Vec<Task>)> {
    // "The lists you own": those you may delete, which only an owner may.
    let owned = || lists_where(owner, Action::Delete);
    let lists: Vec<List> = lists::table
        .filter(lists::id.eq_any(owned()))
        .order((lists::is_default.desc(), lists::id.asc()))
        .select(List::as_select())
        .load(conn)?;
    // The tasks of exactly these lists, so that every task's list is in
    // the file even if a list is made between the two reads.
    let ids: Vec<i64> = lists.iter().map(|list| list.id).collect();
    let tasks = tasks::table
        .filter(tasks::list_id.eq_any(owned()))
        .filter(tasks::list_id.eq_any(&ids))
        .order((tasks::list_id.asc(), tasks::position.asc(), tasks::id.asc()))
        .select(Task::as_select())
        .load(conn)?;
    Ok((lists, tasks))
}
