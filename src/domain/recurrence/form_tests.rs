//! A rule in people's words: the sentence it reads back as, the edit
//! form's fields both ways (and the contradictions they refuse), and quick
//! add laid over a task.

use chrono::NaiveDate;

use super::{Recurrence, RepeatForm, RepeatFrom, Rule};
use crate::domain::{Every, Repeat, TaskInput, parse_quick_add};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn repeating(text: &str, from: RepeatFrom) -> Recurrence {
    Recurrence {
        rule: Rule::parse(text).expect("a rule"),
        from,
    }
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
