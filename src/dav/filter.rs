//! The filters of a `calendar-query` report (RFC 4791 §9.7), held against
//! a task: a `comp-filter` for `VCALENDAR` holding one for `VTODO` (any
//! other component matches nothing here), whose `prop-filter`s test a
//! property's presence (`is-not-defined`) or text (`text-match`,
//! case-insensitive unless the collation is `i;octet`, perhaps negated),
//! and whose `time-range` tests the due date (each time of a repeating
//! task, and a client's times in their zones, expanded by calcard), or
//! when a task without one was made and done (RFC 4791 §9.9). Several filters together
//! must all hold. "The open tasks", as clients ask for them, is
//! `COMPLETED` not defined, or `STATUS` not `COMPLETED`.

use calcard::common::timezone::Tz;
use calcard::icalendar::{ICalendar, ICalendarProperty, ICalendarValue};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::calendar::Object;
use super::ical::priority_number;
use super::incoming::master;
use super::xml::{CALDAV, Element};
use crate::errors::AppError;

/// The most elements a query's filter may have: each is held against
/// every object, and a time-range expands a repeating task's times.
const MAX_FILTER: usize = 64;

/// Checks a query's `<c:filter>` before anything is read: its size, and
/// every time-range's bounds (a 400 naming what is wrong), so that a bad
/// one is refused whatever the calendar holds.
pub fn check(filter: &Element) -> Result<(), AppError> {
    fn walk(element: &Element, count: &mut usize) -> Result<(), AppError> {
        *count += 1;
        if *count > MAX_FILTER {
            return Err(AppError::BadRequest(format!(
                "filter: a query's filter has at most {MAX_FILTER} elements."
            )));
        }
        if element.is(CALDAV, "time-range") {
            bounds(element)?;
        }
        element
            .children
            .iter()
            .try_for_each(|child| walk(child, count))
    }
    walk(filter, &mut 0)
}

/// Whether `object` passes the `<c:filter>` of a query.
pub fn matches(filter: &Element, object: &Object) -> Result<bool, AppError> {
    filter
        .children
        .iter()
        .filter(|child| child.is(CALDAV, "comp-filter"))
        .try_fold(true, |all, calendar| {
            Ok(all && component(calendar, object, true)?)
        })
}

/// A `comp-filter`, at the calendar (`top`) or the task's level.
fn component(filter: &Element, object: &Object, top: bool) -> Result<bool, AppError> {
    let name = filter
        .attribute("name")
        .unwrap_or_default()
        .to_ascii_uppercase();
    let exists = if top {
        name == "VCALENDAR"
    } else {
        name == "VTODO"
    };
    if filter.child(CALDAV, "is-not-defined").is_some() {
        return Ok(!exists);
    }
    if !exists {
        return Ok(false);
    }
    for child in &filter.children {
        let holds = if child.is(CALDAV, "comp-filter") {
            if top {
                component(child, object, false)?
            } else {
                // A VALARM or other sub-component: ticked's objects hold none.
                child.child(CALDAV, "is-not-defined").is_some()
            }
        } else if child.is(CALDAV, "prop-filter") {
            property(child, object)?
        } else if child.is(CALDAV, "time-range") && !top {
            task_in_range(child, object)?
        } else {
            true
        };
        if !holds {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The text of property `name` of a task's object, if it has one.
fn value_of(name: &str, object: &Object) -> Option<String> {
    let task = &object.task;
    match name {
        "UID" => Some(task.uid.clone()),
        "SUMMARY" => Some(task.title.clone()),
        "DESCRIPTION" => Some(task.notes.clone()).filter(|notes| !notes.is_empty()),
        "STATUS" => Some(
            if task.completed {
                "COMPLETED"
            } else {
                "NEEDS-ACTION"
            }
            .to_owned(),
        ),
        "COMPLETED" => task.completed.then(|| String::from("yes")),
        "PERCENT-COMPLETE" => task.completed.then(|| "100".to_owned()),
        "DUE" => task.due.map(|due| due.format("%Y%m%d").to_string()),
        "PRIORITY" => Some(priority_number(task.priority()).to_string()),
        "CATEGORIES" => Some(task.labels().to_field()).filter(|labels| !labels.is_empty()),
        "RELATED-TO" => object.parent.clone(),
        "RRULE" => task.rrule.clone(),
        "CREATED" | "LAST-MODIFIED" | "DTSTAMP" | "X-APPLE-SORT-ORDER" => Some(String::new()),
        _ => None,
    }
}

fn property(filter: &Element, object: &Object) -> Result<bool, AppError> {
    let name = filter
        .attribute("name")
        .unwrap_or_default()
        .to_ascii_uppercase();
    let value = value_of(&name, object);
    if filter.child(CALDAV, "is-not-defined").is_some() {
        return Ok(value.is_none());
    }
    let Some(value) = value else {
        return Ok(false);
    };
    if let Some(text) = filter.child(CALDAV, "text-match") {
        let negate = text.attribute("negate-condition") == Some("yes");
        let found = if text.attribute("collation") == Some("i;octet") {
            value.contains(text.text.as_str())
        } else {
            value.to_lowercase().contains(&text.text.to_lowercase())
        };
        return Ok(found != negate);
    }
    if let Some(range) = filter.child(CALDAV, "time-range") {
        return in_range(range, NaiveDate::parse_from_str(&value, "%Y%m%d").ok());
    }
    Ok(true)
}

/// A `time-range`'s bounds, each `None` when open.
type Range = (Option<NaiveDateTime>, Option<NaiveDateTime>);

fn bounds(range: &Element) -> Result<Range, AppError> {
    let at = |name: &str| -> Result<Option<NaiveDateTime>, AppError> {
        range
            .attribute(name)
            .map(|text| {
                NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ").map_err(|_| {
                    AppError::BadRequest(format!(
                        "The time-range's {name} is not a UTC time written YYYYMMDDTHHMMSSZ."
                    ))
                })
            })
            .transpose()
    };
    Ok((at("start")?, at("end")?))
}

/// Whether the day `day` (all of it, in UTC) overlaps `range`.
fn day_in((start, end): Range, day: NaiveDate) -> bool {
    let day_start = day.and_time(NaiveTime::MIN);
    let day_end = day.succ_opt().map(|next| next.and_time(NaiveTime::MIN));
    start.is_none_or(|start| day_end.is_none_or(|end| end > start))
        && end.is_none_or(|end| day_start < end)
}

/// A `time-range` on a due date alone (a `prop-filter` on `DUE`); no due
/// date overlaps every range.
fn in_range(range: &Element, due: Option<NaiveDate>) -> Result<bool, AppError> {
    let range = bounds(range)?;
    Ok(due.is_none_or(|due| day_in(range, due)))
}

/// A `time-range` on the task itself, as RFC 4791 §9.9 has it for a
/// `VTODO`. With a due date, the due day, or the times the client's object
/// gives (a `DUE` at a time in its zone, a `DTSTART`); for a repeating
/// task, any of its times (the first [`MAX_TIMES`]). Without one, when it
/// was made and done: a task done overlaps a range that holds its making
/// or its completion, and one open, every range that ends after it was
/// made.
fn task_in_range(range: &Element, object: &Object) -> Result<bool, AppError> {
    let (start, end) = bounds(range)?;
    let task = &object.task;
    let Some(due) = task.due else {
        let created = task.created_at;
        return Ok(match task.completed_at.filter(|_| task.completed) {
            Some(completed) => {
                start.is_none_or(|start| start <= created || start <= completed)
                    && end.is_none_or(|end| end >= created || end >= completed)
            }
            None => end.is_none_or(|end| end > created),
        });
    };
    // A client's object may say more than the day (a time and its zone, a
    // DTSTART), and a rule has more times than the first: calcard expands
    // them as RFC 5545 and RFC 4791 §9.9 have it, zones resolved. A plain
    // task's object says its due day and no more.
    if (task.ical.is_some() || task.rrule.is_some())
        && let Some(found) = times_in_range((start, end), object)
    {
        return Ok(found);
    }
    Ok(day_in((start, end), due))
}

/// How many times of a repeating task are looked at: a phone asks about
/// the weeks and months ahead, and each is a step of the rule.
const MAX_TIMES: usize = 1_000;

/// Whether one of the times the object says overlaps the range: each an
/// instant when the object gives a time (§9.9), a whole day when it gives
/// dates (ticked's `DUE;VALUE=DATE`). `None` when calcard finds no times
/// in it, or a fault (the day then decides).
fn times_in_range((start, end): Range, object: &Object) -> Option<bool> {
    let calendar = ICalendar::parse(&object.data).ok()?;
    let todo = &calendar.components[master(&calendar)?];
    let timed = todo.entries.iter().any(|entry| {
        matches!(entry.name, ICalendarProperty::Due | ICalendarProperty::Dtstart)
            && matches!(entry.values.first(), Some(ICalendarValue::PartialDateTime(at)) if at.has_time())
    });
    let expanded = calendar.expand_dates(Tz::from(Utc), MAX_TIMES);
    if !expanded.errors.is_empty() || expanded.events.is_empty() {
        return None;
    }
    let utc = |seconds: i64| DateTime::from_timestamp(seconds, 0).map(|at| at.naive_utc());
    Some(expanded.events.iter().any(|event| {
        let (from, to) = event.timestamps();
        let (Some(from), Some(to)) = (utc(from), utc(to)) else {
            return false;
        };
        if !timed {
            return day_in((start, end), from.date());
        }
        if to > from {
            start.is_none_or(|start| start < to) && end.is_none_or(|end| end > from)
        } else {
            start.is_none_or(|start| start <= from) && end.is_none_or(|end| end > from)
        }
    }))
}
