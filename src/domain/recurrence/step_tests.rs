//! A repeating task at work: where its due date goes when it is done or
//! skipped (fixed schedule or from completion, counts, ends, month ends,
//! leap years), in tables and as a property.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::{End, Recurrence, RepeatFrom, Rule};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn rule(text: &str) -> Rule {
    Rule::parse(text).expect("a rule")
}

fn repeating(text: &str, from: RepeatFrom) -> Recurrence {
    Recurrence {
        rule: rule(text),
        from,
    }
}

#[test]
fn done_moves_the_due_date_to_the_next_occurrence() {
    use RepeatFrom::{Completion, Due};
    /// The rule, from what, due, done on, the next due date and the rule
    /// that carries on.
    type Row = (
        &'static str,
        RepeatFrom,
        &'static str,
        &'static str,
        Option<(&'static str, &'static str)>,
    );
    let rows: &[Row] = &[
        // Done on the day: the next one.
        (
            "FREQ=DAILY;INTERVAL=3",
            Due,
            "2026-11-29",
            "2026-11-29",
            Some(("2026-12-02", "FREQ=DAILY;INTERVAL=3")),
        ),
        // Done early: still the one after the due date.
        (
            "FREQ=WEEKLY",
            Due,
            "2026-12-10",
            "2026-11-29",
            Some(("2026-12-17", "FREQ=WEEKLY")),
        ),
        // Done late on a fixed schedule: missed ones are skipped to the
        // first after today.
        (
            "FREQ=WEEKLY;BYDAY=MO",
            Due,
            "2026-11-02",
            "2026-11-29",
            Some(("2026-11-30", "FREQ=WEEKLY;BYDAY=MO")),
        ),
        (
            "FREQ=DAILY",
            Due,
            "2026-11-01",
            "2026-11-29",
            Some(("2026-11-30", "FREQ=DAILY")),
        ),
        // Done late, from completion: counted from the day it was done.
        (
            "FREQ=DAILY;INTERVAL=3",
            Completion,
            "2026-11-01",
            "2026-11-29",
            Some(("2026-12-02", "FREQ=DAILY;INTERVAL=3")),
        ),
        (
            "FREQ=MONTHLY",
            Completion,
            "2026-10-05",
            "2026-11-29",
            Some(("2026-12-29", "FREQ=MONTHLY")),
        ),
        // Done early, from completion: counted from today, but never due
        // again before it was due.
        (
            "FREQ=DAILY;INTERVAL=3",
            Completion,
            "2026-12-10",
            "2026-11-29",
            Some(("2026-12-11", "FREQ=DAILY;INTERVAL=3")),
        ),
        (
            "FREQ=DAILY;INTERVAL=3",
            Completion,
            "2026-11-30",
            "2026-11-29",
            Some(("2026-12-02", "FREQ=DAILY;INTERVAL=3")),
        ),
        // Every 2 weeks on Monday and Thursday: Thursday, then Monday two
        // weeks on.
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            Due,
            "2026-11-30",
            "2026-11-30",
            Some(("2026-12-03", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH")),
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            Due,
            "2026-12-03",
            "2026-12-03",
            Some(("2026-12-14", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH")),
        ),
        // The month's last day, and the 30th or the last of a shorter month.
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            Due,
            "2027-01-31",
            "2027-01-31",
            Some(("2027-02-28", "FREQ=MONTHLY;BYMONTHDAY=-1")),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
            Due,
            "2027-01-30",
            "2027-01-30",
            Some(("2027-02-28", "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1")),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
            Due,
            "2027-02-28",
            "2027-02-28",
            Some(("2027-03-30", "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1")),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
            Due,
            "2028-01-30",
            "2028-01-30",
            Some(("2028-02-29", "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1")),
        ),
        // The second Tuesday, the last Friday.
        (
            "FREQ=MONTHLY;BYDAY=2TU",
            Due,
            "2026-12-08",
            "2026-12-08",
            Some(("2027-01-12", "FREQ=MONTHLY;BYDAY=2TU")),
        ),
        (
            "FREQ=MONTHLY;BYDAY=-1FR",
            Due,
            "2026-11-27",
            "2026-11-29",
            Some(("2026-12-25", "FREQ=MONTHLY;BYDAY=-1FR")),
        ),
        // A count is what is left: each completion uses one; the last one
        // ends the series.
        (
            "FREQ=DAILY;COUNT=3",
            Due,
            "2026-11-29",
            "2026-11-29",
            Some(("2026-11-30", "FREQ=DAILY;COUNT=2")),
        ),
        ("FREQ=DAILY;COUNT=1", Due, "2026-11-29", "2026-11-29", None),
        // A count survives missed occurrences.
        (
            "FREQ=DAILY;COUNT=2",
            Due,
            "2026-01-01",
            "2026-11-29",
            Some(("2026-11-30", "FREQ=DAILY;COUNT=1")),
        ),
        // Until: the last occurrence is on or before that day.
        (
            "FREQ=DAILY;UNTIL=20261130",
            Due,
            "2026-11-29",
            "2026-11-29",
            Some(("2026-11-30", "FREQ=DAILY;UNTIL=20261130")),
        ),
        (
            "FREQ=DAILY;UNTIL=20261130",
            Due,
            "2026-11-30",
            "2026-11-30",
            None,
        ),
        (
            "FREQ=WEEKLY;UNTIL=20261205",
            Due,
            "2026-11-29",
            "2026-11-29",
            None,
        ),
        // Yearly from 29 February comes round in leap years, as RFC 5545
        // says.
        (
            "FREQ=YEARLY",
            Due,
            "2028-02-29",
            "2028-02-29",
            Some(("2032-02-29", "FREQ=YEARLY")),
        ),
    ];
    for (text, from, due, today, expected) in rows {
        let next = repeating(text, *from).next(day(due), day(today));
        let next = next.map(|(date, rule)| (date, rule.to_rrule()));
        let expected = expected.map(|(date, rule)| (day(date), rule.to_owned()));
        assert_eq!(
            next, expected,
            "{text} from {from:?}, due {due}, done {today}"
        );
    }
}

#[test]
fn a_repeat_needs_a_due_date_and_an_end_after_it() {
    let weekly = repeating("FREQ=WEEKLY", RepeatFrom::Due);
    assert_eq!(weekly.conflict(None).map(|(field, _)| field), Some("due"));
    assert_eq!(weekly.conflict(Some(day("2026-11-29"))), None);
    let ended = repeating("FREQ=WEEKLY;UNTIL=20261101", RepeatFrom::Due);
    assert_eq!(
        ended
            .conflict(Some(day("2026-11-29")))
            .map(|(field, _)| field),
        Some("rrule")
    );
}

proptest! {
    /// Whatever the rule and the days, a step lands after the day it was
    /// done and after the due date, within the series' end, and uses one
    /// of a count.
    #[test]
    fn a_step_lands_after_today_and_the_due_date(
        text in prop::sample::select(vec![
            "FREQ=DAILY", "FREQ=DAILY;INTERVAL=5", "FREQ=WEEKLY;BYDAY=MO,FR",
            "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
            "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=YEARLY", "FREQ=WEEKLY;COUNT=4",
            "FREQ=DAILY;UNTIL=20300101",
        ]),
        completion in any::<bool>(),
        due in 0_u64..3000,
        // Negative: done early, before the due date.
        late in -60_i64..800,
    ) {
        let first = day("2024-01-01") + chrono::Days::new(due);
        let today = first + chrono::TimeDelta::days(late);
        let from = if completion { RepeatFrom::Completion } else { RepeatFrom::Due };
        let recurrence = repeating(text, from);
        if let Some((next, rest)) = recurrence.next(first, today) {
            prop_assert!(next > today && next >= first);
            if !completion {
                prop_assert!(next > first);
            }
            if let End::Until(until) = rest.end {
                prop_assert!(next <= until);
            }
            if let (End::Count(before), End::Count(after)) = (recurrence.rule.end, rest.end) {
                prop_assert_eq!(after + 1, before);
            }
        } else {
            prop_assert!(matches!(recurrence.rule.end, End::Until(_) | End::Count(1)));
        }
    }
}
