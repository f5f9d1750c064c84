//! An object a client sends (`PUT`), read by the `calcard` crate into
//! ticked's fields: the other direction of `ical`'s table. What ticked
//! does not model stays in the object, which is kept whole.
//!
//! A body that is not iCalendar, holds no `VTODO` or no `UID` is a 400; an
//! event or journal entry is refused with the `supported-calendar-component`
//! precondition (403): these calendars hold tasks only. A value ticked's
//! rules refuse (a title past 200 characters, a repeat outside its subset)
//! is a 400 that names the property.

use actix_web::http::StatusCode;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarParameterValue, ICalendarProperty, ICalendarRelationshipType, ICalendarStatus,
    ICalendarValue,
};
use chrono::NaiveDate;

use super::DavError;
use super::ical::priority_of;
use crate::domain::{
    Due, Labels, Priority, Recurrence, RepeatFrom, Rule, TaskInput, TaskNotes, TaskTitle,
};
use crate::errors::AppError;

/// A task as a client wrote it.
pub struct Incoming {
    pub uid: String,
    pub input: TaskInput,
    pub completed: bool,
    pub parent_uid: Option<String>,
    pub position: Option<i64>,
    /// The object, as received.
    pub text: String,
}

fn refused(property: &str, words: impl std::fmt::Display) -> DavError {
    AppError::BadRequest(format!("{property}: {words}")).into()
}

/// The task's component: the one `VTODO` without a `RECURRENCE-ID` (the
/// series itself, not one of its changed occurrences).
pub fn master(calendar: &ICalendar) -> Option<usize> {
    calendar.components.iter().position(|component| {
        component.component_type == ICalendarComponentType::VTodo
            && !component
                .entries
                .iter()
                .any(|entry| entry.name == ICalendarProperty::RecurrenceId)
    })
}

fn entry<'a>(todo: &'a ICalendarComponent, name: &ICalendarProperty) -> Option<&'a ICalendarEntry> {
    todo.entries.iter().find(|entry| &entry.name == name)
}

fn text(entry: Option<&ICalendarEntry>) -> Option<String> {
    entry?.values.iter().find_map(|value| match value {
        ICalendarValue::Text(text) => Some(text.clone()),
        ICalendarValue::Integer(n) => Some(n.to_string()),
        _ => None,
    })
}

/// Reads a `PUT` body.
pub fn read(body: &str) -> Result<Incoming, DavError> {
    let calendar = ICalendar::parse(body)
        .map_err(|_| AppError::BadRequest("The body is not an iCalendar object.".into()))?;
    let kinds = |kind: &ICalendarComponentType| {
        calendar
            .components
            .iter()
            .any(|component| &component.component_type == kind)
    };
    if kinds(&ICalendarComponentType::VEvent) || kinds(&ICalendarComponentType::VJournal) {
        return Err(DavError::Precondition(
            StatusCode::FORBIDDEN,
            "c:supported-calendar-component",
        ));
    }
    let todo = master(&calendar)
        .map(|at| &calendar.components[at])
        .ok_or_else(|| AppError::BadRequest("The object holds no VTODO.".into()))?;
    let uid = text(entry(todo, &ICalendarProperty::Uid))
        .map(|uid| uid.trim().to_owned())
        .filter(|uid| !uid.is_empty() && uid.len() <= 255)
        .ok_or_else(|| refused("UID", "a task needs a UID of up to 255 characters"))?;
    let summary = text(entry(todo, &ICalendarProperty::Summary)).unwrap_or_default();
    let title = if summary.trim().is_empty() {
        TaskTitle::parse("Untitled")
    } else {
        TaskTitle::parse(&summary.replace(['\r', '\n'], " "))
    }
    .map_err(|err| refused("SUMMARY", err))?;
    let notes =
        TaskNotes::parse(&text(entry(todo, &ICalendarProperty::Description)).unwrap_or_default())
            .map_err(|err| refused("DESCRIPTION", err))?;
    let due = entry(todo, &ICalendarProperty::Due).and_then(day);
    let priority = text(entry(todo, &ICalendarProperty::Priority))
        .and_then(|p| p.parse::<i64>().ok())
        .map_or(Priority::Normal, priority_of);
    let labels: Vec<String> = todo
        .entries
        .iter()
        .filter(|entry| entry.name == ICalendarProperty::Categories)
        .flat_map(|entry| &entry.values)
        .filter_map(|value| match value {
            ICalendarValue::Text(text) => Some(text.trim().to_owned()),
            _ => None,
        })
        .filter(|label| !label.is_empty())
        .collect();
    let labels = Labels::parse(labels.iter().map(String::as_str))
        .map_err(|err| refused("CATEGORIES", err))?;
    let rrule = entry(todo, &ICalendarProperty::Rrule)
        .and_then(|entry| entry.values.first())
        .map(|value| match value {
            ICalendarValue::RecurrenceRule(rule) => Rule::parse(&rule.to_string()),
            ICalendarValue::Text(text) => Rule::parse(text),
            _ => Rule::parse(""),
        })
        .transpose()
        .map_err(|err| refused("RRULE", err))?;
    let recurrence = rrule.map(|rule| Recurrence {
        rule,
        from: RepeatFrom::Due,
    });
    if let Some(recurrence) = &recurrence
        && let Some((_, words)) = recurrence.conflict(due)
    {
        return Err(refused("RRULE", words));
    }
    let status = entry(todo, &ICalendarProperty::Status).and_then(|entry| entry.values.first());
    let completed = matches!(
        status,
        Some(ICalendarValue::Status(ICalendarStatus::Completed))
    ) || (status.is_none() && entry(todo, &ICalendarProperty::Completed).is_some());
    Ok(Incoming {
        parent_uid: parent(todo),
        position: text(entry(
            todo,
            &ICalendarProperty::Other("X-APPLE-SORT-ORDER".into()),
        ))
        .and_then(|order| order.trim().parse().ok()),
        uid,
        input: TaskInput {
            title,
            notes,
            due: Due(due),
            priority,
            labels,
            recurrence,
        },
        completed,
        text: body.to_owned(),
    })
}

/// The date of a `DUE`: the day itself, or the day of a date-time as
/// written (with or without its zone: ticked's due date is a day).
pub fn day(entry: &ICalendarEntry) -> Option<NaiveDate> {
    entry.values.iter().find_map(|value| match value {
        ICalendarValue::PartialDateTime(at) => NaiveDate::from_ymd_opt(
            i32::from(at.year?),
            u32::from(at.month?),
            u32::from(at.day?),
        ),
        _ => None,
    })
}

/// Whether a `RELATED-TO` names the task's parent: `RELTYPE=PARENT`, or no
/// `RELTYPE` at all (RFC 5545's default).
pub fn is_parent(entry: &ICalendarEntry) -> bool {
    entry.name == ICalendarProperty::RelatedTo
        && entry
            .params
            .iter()
            .filter(|param| param.name == ICalendarParameterName::Reltype)
            .all(|param| {
                matches!(
                    param.value,
                    ICalendarParameterValue::Reltype(ICalendarRelationshipType::Parent)
                )
            })
}

/// The UID of the task's parent.
fn parent(todo: &ICalendarComponent) -> Option<String> {
    todo.entries
        .iter()
        .filter(|entry| is_parent(entry))
        .find_map(|entry| text(Some(entry)))
        .map(|uid| uid.trim().to_owned())
        .filter(|uid| !uid.is_empty())
}
