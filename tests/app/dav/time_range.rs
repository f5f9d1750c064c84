//! A `calendar-query`'s `time-range` on tasks, as RFC 4791 §9.9 has it for
//! a `VTODO`: the due day; for a repeating task, any of its occurrences;
//! a client's `DUE` at a time in its zone, at that instant; for a task
//! with no due date, when it was made (and done). Phones ask "what is due
//! this week" this way.

use chrono::{Days, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::json;

use super::{dav, dav_request};
use crate::helpers::{Api, TestApp, spawn_app};

/// `day` at midnight, as a time-range writes it.
fn at(day: NaiveDate) -> String {
    day.format("%Y%m%dT000000Z").to_string()
}

/// A time-range's attributes, from midnight on `start` to midnight on `end`.
fn between(start: NaiveDate, end: NaiveDate) -> String {
    format!(r#"start="{}" end="{}""#, at(start), at(end))
}

/// A query for the tasks overlapping `range` (its attributes).
fn query(range: &str) -> String {
    format!(
        r#"<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VTODO"><c:time-range {range}/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>"#
    )
}

/// The titles of the tasks in alice's calendar at `path` that overlap
/// `range`, sorted.
async fn overlapping(app: &TestApp, alice: &Api, path: &str, range: String) -> Vec<String> {
    let (status, found) = dav(app, ("alice", alice), "REPORT", path, "1", &query(&range)).await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{range}: {found}");
    let mut titles: Vec<String> = found
        .lines()
        .filter_map(|line| line.strip_prefix("SUMMARY:"))
        .map(|title| title.trim().to_owned())
        .collect();
    titles.sort();
    titles
}

#[tokio::test]
async fn a_time_range_finds_due_days_occurrences_and_undated_tasks_by_when_made() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let today = Utc::now().date_naive();
    let day = |n: u64| today + Days::new(n);
    let dentist = alice
        .create(json!({"title": "Dentist", "due": day(20).to_string()}))
        .await;
    // Due in 10 days, then every 7: day 10, 17, 24...
    alice
        .create(json!({"title": "Plants", "due": day(10).to_string(), "rrule": "FREQ=WEEKLY"}))
        .await;
    alice.create(json!({"title": "Someday"})).await;
    let done = alice.create(json!({"title": "Done today"})).await;
    alice.patch(&done, json!({"completed": true})).await;
    let list = dentist["list_id"].as_i64().expect("a list");
    let path = format!("/dav/calendars/alice/{list}/");
    let ask = |range: String| overlapping(&app, &alice, &path, range);

    // Days 16 to 18: the repeat's second time (day 17), and the open task
    // with no date (made before the range ends); not the one done today.
    let found = ask(between(day(16), day(18))).await;
    assert_eq!(found, ["Plants", "Someday"]);
    // Day 20 alone: the dentist; the plants come on days 17 and 24.
    let found = ask(between(day(20), day(21))).await;
    assert_eq!(found, ["Dentist", "Someday"]);
    // Until day 11: the plants' first time, and both undated tasks, made
    // (and one done) today.
    let found = ask(format!(r#"end="{}""#, at(day(11)))).await;
    assert_eq!(found, ["Done today", "Plants", "Someday"]);
    // Before today nothing was made or due.
    let found = ask(format!(r#"end="{}""#, at(today - Days::new(1)))).await;
    assert!(found.is_empty(), "{found:?}");
    // A bound that is not a UTC time is a 400.
    let tomorrow = query(r#"start="tomorrow""#);
    let (status, _) = dav(&app, ("alice", &alice), "REPORT", &path, "1", &tomorrow).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_due_time_in_a_zone_is_filtered_at_its_instant() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let list = alice.create_list(json!({"name": "Calls"})).await;
    let path = format!("/dav/calendars/alice/{list}/");
    // 23:00 in New York on 1 December 2026 is 04:00 UTC on the 2nd:
    // ticked's due date is the 1st (the day the client wrote), the
    // instant a range is held against is the 2nd.
    let object = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n\
BEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n\
TZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n\
TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n\
BEGIN:VTODO\r\nUID:late-call\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Late call\r\n\
DUE;TZID=America/New_York:20261201T230000\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
    let late_call = format!("{path}late-call.ics");
    let put = dav_request(&app, ("alice", &alice), "PUT", &late_call, object)
        .send()
        .await
        .expect("PUT reaches the server");
    assert_eq!(put.status(), StatusCode::CREATED);
    let (_, total) = alice.list("").await;
    assert_eq!(total, 1, "the object is a task");

    let ask = |range: String| overlapping(&app, &alice, &path, range);
    let first_of = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a day");
    let day = |n: u64| first_of + Days::new(n);
    let found = ask(between(day(0), day(1))).await;
    assert!(found.is_empty(), "not on the 1st in UTC: {found:?}");
    assert_eq!(ask(between(day(1), day(2))).await, ["Late call"]);
    // Between 03:00 and 05:00 UTC on the 2nd: the instant itself.
    let found = ask(r#"start="20261202T030000Z" end="20261202T050000Z""#.to_owned()).await;
    assert_eq!(found, ["Late call"]);
    let found = ask(r#"start="20261202T050000Z" end="20261202T060000Z""#.to_owned()).await;
    assert!(found.is_empty(), "{found:?}");
}
