//! A repeating task at work: where its due date goes when it is done or
//! skipped (fixed schedule or from completion, counts, ends, month ends),
//! the sentence a rule reads back as, the edit form's fields both ways,
//! and quick add laid over a task.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::{End, Recurrence, RepeatForm, RepeatFrom, Rule};
use crate::domain::{Every, Repeat, TaskInput, parse_quick_add};

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

#[test]
fn rules_read_back_as_sentences() {
    for (text, from, words) in [
        (
            "FREQ=DAILY",
            RepeatFrom::Due,
            "Every day, from the due date",
        ),
        (
            "FREQ=DAILY;INTERVAL=3",
            RepeatFrom::Completion,
            "Every 3 days, from completion",
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            RepeatFrom::Due,
            "Every 2 weeks on Monday and Thursday, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            RepeatFrom::Due,
            "Every month on the last day, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
            RepeatFrom::Due,
            "Every month on day 30, or the last day of a shorter month, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=1,15",
            RepeatFrom::Due,
            "Every month on days 1 and 15, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYDAY=2TU",
            RepeatFrom::Due,
            "Every month on the second Tuesday, from the due date",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            RepeatFrom::Due,
            "Every month on the last of Monday, Tuesday, Wednesday, Thursday and Friday, from the due date",
        ),
        (
            "FREQ=YEARLY;COUNT=3",
            RepeatFrom::Due,
            "Every year, 3 more times, from the due date",
        ),
        (
            "FREQ=WEEKLY;UNTIL=20261231",
            RepeatFrom::Due,
            "Every week, until Thu 31 Dec 2026, from the due date",
        ),
    ] {
        assert_eq!(repeating(text, from).describe(), words, "{text}");
    }
}

/// The edit form's fields, by name.
fn form(fields: &[(&str, &str)]) -> RepeatForm {
    let query = serde_urlencoded::to_string(fields).expect("fields");
    serde_urlencoded::from_str(&query).expect("a form")
}

#[test]
fn the_form_says_the_rules_people_choose() {
    let due = Some(day("2026-11-30"));
    for (fields, rrule) in [
        (&[("repeat_unit", "")][..], None),
        (
            &[("repeat_unit", "day"), ("repeat_interval", "3")][..],
            Some("FREQ=DAILY;INTERVAL=3"),
        ),
        (
            &[
                ("repeat_unit", "week"),
                ("repeat_interval", "2"),
                ("repeat_mo", "on"),
                ("repeat_th", "on"),
            ][..],
            Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
        ),
        (
            &[("repeat_unit", "month"), ("repeat_month_day", "31")][..],
            Some("FREQ=MONTHLY;BYMONTHDAY=-1"),
        ),
        (
            &[("repeat_unit", "month"), ("repeat_month_day", "15")][..],
            Some("FREQ=MONTHLY;BYMONTHDAY=15"),
        ),
        (
            &[("repeat_unit", "month"), ("repeat_month_day", "29")][..],
            Some("FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"),
        ),
        (
            &[
                ("repeat_unit", "month"),
                ("repeat_monthly", "nth"),
                ("repeat_nth", "-1"),
                ("repeat_nth_day", "FR"),
            ][..],
            Some("FREQ=MONTHLY;BYDAY=-1FR"),
        ),
        (
            &[
                ("repeat_unit", "year"),
                ("repeat_end", "count"),
                ("repeat_count", "5"),
            ][..],
            Some("FREQ=YEARLY;COUNT=5"),
        ),
        (
            &[
                ("repeat_unit", "week"),
                ("repeat_end", "until"),
                ("repeat_until", "2027-06-30"),
            ][..],
            Some("FREQ=WEEKLY;UNTIL=20270630"),
        ),
        (
            &[
                ("repeat_unit", "kept"),
                ("repeat_kept", "FREQ=MONTHLY;BYMONTHDAY=1,15"),
            ][..],
            Some("FREQ=MONTHLY;BYMONTHDAY=1,15"),
        ),
    ] {
        let parsed = form(fields).parse(due).expect("valid");
        assert_eq!(
            parsed.map(|r| r.rule.to_rrule()).as_deref(),
            rrule,
            "{fields:?}"
        );
    }
}

#[test]
fn contradictions_are_named_by_their_field() {
    let due = Some(day("2026-11-30"));
    for (fields, due, field) in [
        (
            &[("repeat_unit", "day"), ("repeat_mo", "on")][..],
            due,
            "repeat_days",
        ),
        (
            &[("repeat_unit", "month"), ("repeat_we", "on")][..],
            due,
            "repeat_days",
        ),
        (&[("repeat_unit", "week")][..], None, "due"),
        (
            &[
                ("repeat_unit", "week"),
                ("repeat_end", "until"),
                ("repeat_until", "2026-11-01"),
            ][..],
            due,
            "repeat_until",
        ),
        (
            &[("repeat_unit", "week"), ("repeat_end", "until")][..],
            due,
            "repeat_until",
        ),
        (
            &[("repeat_unit", "day"), ("repeat_interval", "0")][..],
            due,
            "repeat_interval",
        ),
        (
            &[("repeat_unit", "day"), ("repeat_interval", "x")][..],
            due,
            "repeat_interval",
        ),
        (
            &[
                ("repeat_unit", "day"),
                ("repeat_end", "count"),
                ("repeat_count", "0"),
            ][..],
            due,
            "repeat_count",
        ),
        (
            &[("repeat_unit", "month"), ("repeat_month_day", "32")][..],
            due,
            "repeat_month_day",
        ),
        (
            &[
                ("repeat_unit", "month"),
                ("repeat_monthly", "nth"),
                ("repeat_nth", "7"),
            ][..],
            due,
            "repeat_nth",
        ),
        (&[("repeat_unit", "hourly")][..], due, "repeat_unit"),
        (
            &[("repeat_unit", "kept"), ("repeat_kept", "FREQ=HOURLY")][..],
            due,
            "repeat_unit",
        ),
        (
            &[("repeat_unit", "day"), ("repeat_from", "later")][..],
            due,
            "repeat_from",
        ),
    ] {
        let errors = form(fields).parse(due).expect_err("refused");
        assert!(errors.get(field).is_some(), "{fields:?}: {errors:?}");
    }
}

#[test]
fn the_form_shows_a_rule_it_can_say_in_its_fields_and_keeps_the_others() {
    let due = Some(day("2026-11-30"));
    for text in [
        "FREQ=DAILY;INTERVAL=3",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
        "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=YEARLY;COUNT=4",
        "FREQ=WEEKLY;UNTIL=20270101",
    ] {
        let recurrence = repeating(text, RepeatFrom::Completion);
        let shown = RepeatForm::of(Some(&recurrence), due);
        assert_ne!(shown.repeat_unit, "kept", "{text}");
        assert_eq!(shown.parse(due).expect("valid"), Some(recurrence), "{text}");
    }
    for text in [
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "FREQ=WEEKLY;WKST=SU",
        "FREQ=YEARLY;BYDAY=1MO",
    ] {
        let recurrence = repeating(text, RepeatFrom::Due);
        let shown = RepeatForm::of(Some(&recurrence), due);
        assert_eq!(shown.repeat_unit, "kept", "{text}");
        assert_eq!(shown.parse(due).expect("valid"), Some(recurrence), "{text}");
    }
    assert_eq!(RepeatForm::of(None, due).parse(due), Ok(None));
}

#[test]
fn quick_adds_every_month_from_the_31st_as_the_last_day() {
    let monthly = Repeat {
        interval: 1,
        every: Every::Month,
        on: None,
    };
    assert_eq!(
        monthly.rule(day("2027-01-31")).to_rrule(),
        "FREQ=MONTHLY;BYMONTHDAY=-1"
    );
    assert_eq!(monthly.rule(day("2027-01-15")).to_rrule(), "FREQ=MONTHLY");
    let mondays = Repeat {
        interval: 1,
        every: Every::Week,
        on: Some(chrono::Weekday::Mon),
    };
    // 29 November 2026 is a Sunday.
    assert_eq!(mondays.first_due(day("2026-11-29")), day("2026-11-30"));
    assert_eq!(mondays.first_due(day("2026-11-30")), day("2026-11-30"));
}

#[test]
fn what_the_line_says_wins_over_the_fields() {
    let today = day("2026-11-29");
    let mut input = TaskInput::parse("x", "notes", "2026-12-24", "normal", "home").expect("valid");
    let line = "Pay rent dec 5 !high every month #Home *bills";
    let understood = parse_quick_add(line, today, &["Home"]);
    understood
        .apply(&mut input, today, "title")
        .expect("applied");
    assert_eq!(input.title.as_str(), "Pay rent");
    assert_eq!(input.notes.as_str(), "notes");
    assert_eq!(input.due.0, Some(day("2026-12-05")));
    assert_eq!(input.priority, crate::domain::Priority::High);
    assert_eq!(input.labels.to_field(), "home, bills");
    assert_eq!(
        input
            .recurrence
            .as_ref()
            .map(|r| r.rule.to_rrule())
            .as_deref(),
        Some("FREQ=MONTHLY")
    );
    assert_eq!(
        understood.understood(&input).join(", "),
        "due Sat 5 Dec, high priority, repeats every month, labelled bills, in Home"
    );

    // A repeat with no date starts today; a line of only dates is no title.
    let mut input = TaskInput::parse("x", "", "", "", "").expect("valid");
    parse_quick_add("Water plants every 3 days", today, &[])
        .apply(&mut input, today, "title")
        .expect("applied");
    assert_eq!(input.due.0, Some(today));
    let errors = parse_quick_add("tomorrow !high", today, &[])
        .apply(&mut input, today, "title")
        .expect_err("no title left");
    assert!(errors.get("title").is_some());
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
        late in 0_u64..800,
    ) {
        let first = day("2024-01-01") + chrono::Days::new(due);
        let today = first + chrono::Days::new(late);
        let from = if completion { RepeatFrom::Completion } else { RepeatFrom::Due };
        let recurrence = repeating(text, from);
        if let Some((next, rest)) = recurrence.next(first, today) {
            prop_assert!(next > today && next > first);
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
