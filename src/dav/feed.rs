//! A list's read-only iCalendar feed, `GET /feeds/{secret}.ics`, for
//! calendar apps that can only subscribe to an address (Google Calendar,
//! Outlook, a phone's "subscribed calendar"). No login: the secret in the
//! address is the key (`models::feed` says who may make and revoke it).
//!
//! Such apps show events, not tasks, so each open task with a due date is
//! an all-day `VEVENT` on that day (`DTSTART;VALUE=DATE`, with `DTEND` the
//! next day, as RFC 5545 §3.6.1 has an all-day event end), marked
//! `TRANSP:TRANSPARENT` so that a to-do never shows its owner as busy. A
//! task that repeats on a fixed schedule carries its `RRULE`, so the app
//! shows the times to come; one that repeats from its completion does
//! not, since its next date is not known until it is done.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameter,
    ICalendarProperty, ICalendarValue, ICalendarValueType,
};

use super::ical::{day, rrule, stamp, vcalendar};
use crate::db::Database;
use crate::domain::RepeatFrom;
use crate::errors::AppError;
use crate::models::feed;
use crate::models::task::Task;

/// The feed of `name`'s `tasks` as iCalendar text.
fn calendar(name: &str, tasks: &[Task]) -> String {
    let mut calendar = vcalendar();
    // The name subscribing apps show for the calendar (a common extension).
    calendar.add_property(
        ICalendarProperty::Other("X-WR-CALNAME".to_owned()),
        name.to_owned(),
    );
    let mut components = vec![calendar];
    for task in tasks {
        let Some(due) = task.due else { continue };
        let mut event = ICalendarComponent::new(ICalendarComponentType::VEvent);
        // Not the task's own UID: an app that syncs the tasks and also
        // subscribes to the feed would take the two for one.
        event.add_uid(&format!("{}-due", task.uid));
        event.add_dtstamp(stamp(task.updated_at));
        event.add_property(ICalendarProperty::Summary, task.title.clone());
        if !task.notes.is_empty() {
            event.add_property(ICalendarProperty::Description, task.notes.clone());
        }
        for (property, date) in [
            (ICalendarProperty::Dtstart, due),
            (ICalendarProperty::Dtend, due.succ_opt().unwrap_or(due)),
        ] {
            event.entries.push(
                ICalendarEntry::new(property)
                    .with_param(ICalendarParameter::value(ICalendarValueType::Date))
                    .with_value(day(date)),
            );
        }
        event.add_property(
            ICalendarProperty::Transp,
            ICalendarValue::Text("TRANSPARENT".to_owned()),
        );
        if task.repeat_from == RepeatFrom::Due.as_str()
            && let Some(rule) = task.rrule.as_deref().and_then(rrule)
        {
            event.entries.push(rule);
        }
        let at = u32::try_from(components.len()).unwrap_or(u32::MAX);
        components[0].component_ids.push(at);
        components.push(event);
    }
    ICalendar { components }.to_string()
}

/// `GET /feeds/{secret}.ics`
pub async fn show(
    db: web::Data<Database>,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let secret = file
        .strip_suffix(".ics")
        .filter(|secret| !secret.is_empty())
        .ok_or(AppError::NotFound)?
        .to_owned();
    let (list, tasks) = db
        .read(move |conn| feed::read(conn, &secret))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        // The address is a secret: no shared cache may keep the answer.
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
        .body(calendar(&list.name, &tasks)))
}
