//! The filters of a `calendar-query` report (RFC 4791 §9.7), held against
//! a task: a `comp-filter` for `VCALENDAR` holding one for `VTODO` (any
//! other component matches nothing here), whose `prop-filter`s test a
//! property's presence (`is-not-defined`) or text (`text-match`,
//! case-insensitive unless the collation is `i;octet`, perhaps negated),
//! and whose `time-range` tests the due date. Several filters together
//! must all hold. "The open tasks", as clients ask for them, is
//! `COMPLETED` not defined, or `STATUS` not `COMPLETED`.

use chrono::{NaiveDate, NaiveDateTime};

use super::calendar::Object;
use super::ical::priority_number;
use super::xml::{CALDAV, Element};
use crate::errors::AppError;

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
            in_range(child, object.task.due)?
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

/// Whether a task due on `due` (the whole day, in UTC) overlaps a
/// `time-range`; one with no due date overlaps every range (§9.9).
fn in_range(range: &Element, due: Option<NaiveDate>) -> Result<bool, AppError> {
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
    let (start, end) = (at("start")?, at("end")?);
    let Some(due) = due else {
        return Ok(true);
    };
    let (day_start, day_end) = (
        due.and_time(chrono::NaiveTime::MIN),
        due.succ_opt()
            .map(|next| next.and_time(chrono::NaiveTime::MIN)),
    );
    let after_start = start.is_none_or(|start| day_end.is_none_or(|end| end > start));
    let before_end = end.is_none_or(|end| day_start < end);
    Ok(after_start && before_end)
}
