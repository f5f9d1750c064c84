//! A task as an iCalendar object (RFC 5545): one `VCALENDAR` holding one
//! `VTODO`, written by the `calcard` crate, which escapes and folds the
//! text as the RFC says. What maps to what:
//!
//! | ticked | iCalendar |
//! | --- | --- |
//! | title, notes | `SUMMARY`, `DESCRIPTION` |
//! | due date | `DUE;VALUE=DATE` |
//! | priority high, normal, low | `PRIORITY` 1, 5, 9 |
//! | done | `STATUS:COMPLETED`, `COMPLETED`, `PERCENT-COMPLETE:100` (open: `STATUS:NEEDS-ACTION`) |
//! | labels | `CATEGORIES` |
//! | parent | `RELATED-TO;RELTYPE=PARENT` (the parent's UID) |
//! | repeat | `RRULE` (stored as it is written) |
//! | place in the list | `X-APPLE-SORT-ORDER` |
//! | created, changed | `CREATED`, `LAST-MODIFIED` and `DTSTAMP` |

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameter,
    ICalendarProperty, ICalendarRelationshipType, ICalendarStatus, ICalendarValue,
    ICalendarValueType,
};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

use super::incoming::{day as due_day, is_parent, master};
use crate::domain::Priority;
use crate::models::task::Task;

/// The property Apple's clients (and others) keep a task's place in.
const SORT_ORDER: &str = "X-APPLE-SORT-ORDER";

/// What ticked writes as the object's `PRODID`.
const PRODID: &str = "-//ticked//ticked tasks//EN";

/// A task, with its parent's UID (for a subtask), as its iCalendar object:
/// the object a client last wrote with ticked's fields written over it, or
/// a new one.
pub fn object(task: &Task, parent_uid: Option<&str>) -> String {
    let ours = entries(task, parent_uid);
    if let Some(mut stored) = task
        .ical
        .as_deref()
        .and_then(|text| ICalendar::parse(text).ok())
        && let Some(at) = master(&stored)
    {
        written_over(&mut stored.components[at], ours, task);
        return stored.to_string();
    }
    let mut todo = ICalendarComponent::new(ICalendarComponentType::VTodo);
    todo.entries = ours;
    let mut calendar = vcalendar();
    calendar.component_ids.push(1);
    ICalendar {
        components: vec![calendar, todo],
    }
    .to_string()
}

/// Whether ticked writes `entry` (one of its own fields' properties).
fn modelled(entry: &ICalendarEntry) -> bool {
    matches!(
        &entry.name,
        ICalendarProperty::Uid
            | ICalendarProperty::Dtstamp
            | ICalendarProperty::Created
            | ICalendarProperty::LastModified
            | ICalendarProperty::Summary
            | ICalendarProperty::Description
            | ICalendarProperty::Due
            | ICalendarProperty::Priority
            | ICalendarProperty::Status
            | ICalendarProperty::Completed
            | ICalendarProperty::PercentComplete
            | ICalendarProperty::Categories
            | ICalendarProperty::Rrule
    ) || is_parent(entry)
        || matches!(&entry.name, ICalendarProperty::Other(name) if name == SORT_ORDER)
}

/// The client's `todo` with ticked's entries in place of the ones it
/// models. A `DUE` on the task's due day is kept as written (with a time
/// and its zone, say), and so is a `PRIORITY` that means ticked's (3 is
/// high, as 1 is): the client's words for the same thing are not
/// flattened.
fn written_over(todo: &mut ICalendarComponent, ours: Vec<ICalendarEntry>, task: &Task) {
    let same_day = |entry: &ICalendarEntry| {
        entry.name == ICalendarProperty::Due && task.due.is_some() && due_day(entry) == task.due
    };
    let same_priority = |entry: &ICalendarEntry| {
        entry.name == ICalendarProperty::Priority
            && matches!(entry.values.first(), Some(ICalendarValue::Integer(n)) if priority_of(*n) == task.priority())
    };
    todo.entries
        .retain(|entry| !modelled(entry) || same_day(entry) || same_priority(entry));
    let kept: Vec<ICalendarProperty> = todo
        .entries
        .iter()
        .map(|entry| entry.name.clone())
        .collect();
    todo.entries.extend(ours.into_iter().filter(|entry| {
        !matches!(
            entry.name,
            ICalendarProperty::Due | ICalendarProperty::Priority
        ) || !kept.contains(&entry.name)
    }));
}

/// The iCalendar `PRIORITY` ticked writes for its own: 1, 5 or 9.
pub fn priority_number(priority: Priority) -> i64 {
    match priority {
        Priority::High => 1,
        Priority::Normal => 5,
        Priority::Low => 9,
    }
}

/// Ticked's priority for an iCalendar one: 1 to 4 high, 6 to 9 low, the
/// rest (5, and 0 for "undefined") normal.
pub fn priority_of(value: i64) -> Priority {
    match value {
        1..=4 => Priority::High,
        6..=9 => Priority::Low,
        _ => Priority::Normal,
    }
}

/// The properties ticked writes for a task.
fn entries(task: &Task, parent_uid: Option<&str>) -> Vec<ICalendarEntry> {
    let mut todo = ICalendarComponent::new(ICalendarComponentType::VTodo);
    todo.add_uid(&task.uid);
    todo.add_dtstamp(stamp(task.updated_at));
    todo.add_property(ICalendarProperty::Created, stamp(task.created_at));
    todo.add_property(ICalendarProperty::LastModified, stamp(task.updated_at));
    todo.add_property(ICalendarProperty::Summary, task.title.clone());
    if !task.notes.is_empty() {
        todo.add_property(ICalendarProperty::Description, task.notes.clone());
    }
    if let Some(due) = task.due {
        todo.entries.push(
            ICalendarEntry::new(ICalendarProperty::Due)
                .with_param(ICalendarParameter::value(ICalendarValueType::Date))
                .with_value(day(due)),
        );
    }
    let priority = priority_number(task.priority());
    todo.add_property(
        ICalendarProperty::Priority,
        ICalendarValue::Integer(priority),
    );
    if task.completed {
        todo.add_property(
            ICalendarProperty::Status,
            ICalendarValue::Status(ICalendarStatus::Completed),
        );
        todo.add_property(
            ICalendarProperty::Completed,
            stamp(task.completed_at.unwrap_or(task.updated_at)),
        );
        todo.add_property(
            ICalendarProperty::PercentComplete,
            ICalendarValue::Integer(100),
        );
    } else {
        todo.add_property(
            ICalendarProperty::Status,
            ICalendarValue::Status(ICalendarStatus::NeedsAction),
        );
    }
    let labels: Vec<ICalendarValue> = task
        .labels()
        .names()
        .map(|name| ICalendarValue::Text(name.to_owned()))
        .collect();
    if !labels.is_empty() {
        todo.entries
            .push(ICalendarEntry::new(ICalendarProperty::Categories).with_values(labels));
    }
    if let Some(parent) = parent_uid {
        todo.entries.push(
            ICalendarEntry::new(ICalendarProperty::RelatedTo)
                .with_param(ICalendarParameter::reltype(
                    ICalendarRelationshipType::Parent,
                ))
                .with_value(parent.to_owned()),
        );
    }
    if let Some(rule) = task.rrule.as_deref().and_then(rrule) {
        todo.entries.push(rule);
    }
    todo.add_property(
        ICalendarProperty::Other(SORT_ORDER.to_owned()),
        ICalendarValue::Integer(task.position),
    );

    todo.entries
}

/// The strong `ETag` of an object: its digest, so that it changes exactly
/// when the object does.
pub fn etag(object: &str) -> String {
    let digest = Sha256::digest(object.as_bytes());
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// The `VCALENDAR` around what ticked writes: its version and who wrote it.
pub(super) fn vcalendar() -> ICalendarComponent {
    let mut calendar = ICalendarComponent::new(ICalendarComponentType::VCalendar);
    calendar.add_property(ICalendarProperty::Version, "2.0".to_owned());
    calendar.add_property(ICalendarProperty::Prodid, PRODID.to_owned());
    calendar
}

/// A time stored in UTC, as `YYYYMMDDTHHMMSSZ`.
pub(super) fn stamp(at: NaiveDateTime) -> PartialDateTime {
    PartialDateTime::from_utc_timestamp(at.and_utc().timestamp())
}

/// A day, as `YYYYMMDD`.
pub(super) fn day(date: NaiveDate) -> PartialDateTime {
    PartialDateTime {
        year: u16::try_from(date.year()).ok(),
        month: u8::try_from(date.month()).ok(),
        day: u8::try_from(date.day()).ok(),
        ..PartialDateTime::default()
    }
}

/// The stored rule as the crate's `RRULE` entry. The rule is ticked's own
/// canonical text, so reading it through the crate's parser is the one
/// way to get its typed value without writing the rule out twice.
pub(super) fn rrule(text: &str) -> Option<ICalendarEntry> {
    let wrapped =
        format!("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nRRULE:{text}\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
    let parsed = ICalendar::parse(wrapped).ok()?;
    parsed
        .components
        .into_iter()
        .flat_map(|component| component.entries)
        .find(|entry| entry.name == ICalendarProperty::Rrule)
}
