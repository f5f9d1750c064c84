//! The table of phrases quick add must read, and the property that it
//! never panics and never drops what it did not understand.

use chrono::{NaiveDate, Weekday};
use proptest::prelude::*;

use super::{Every, QuickAdd, Repeat, parse};
use crate::domain::Priority;

/// Sunday 29 November 2026.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date")
}

const LISTS: [&str; 3] = ["Home", "Work", "Home and garden"];

/// What a line must become: title, due, priority, list, labels, repeat.
type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<Priority>,
    Option<&'static str>,
    &'static [&'static str],
    Option<(u32, Every, Option<Weekday>)>,
);

const HIGH: Option<Priority> = Some(Priority::High);
const LOW: Option<Priority> = Some(Priority::Low);
const MONTHLY: Option<(u32, Every, Option<Weekday>)> = Some((1, Every::Month, None));

#[rustfmt::skip]
const ROWS: [Row; 66] = [
    ("Buy milk", "Buy milk", None, None, None, &[], None),
    ("Buy milk today", "Buy milk", Some("2026-11-29"), None, None, &[], None),
    ("Buy milk tomorrow", "Buy milk", Some("2026-11-30"), None, None, &[], None),
    ("Pay rent tomorrow !high every month #Home", "Pay rent", Some("2026-11-30"), HIGH, Some("Home"), &[], MONTHLY),
    ("Call mum monday", "Call mum", Some("2026-11-30"), None, None, &[], None),
    ("Call mum sunday", "Call mum", Some("2026-11-29"), None, None, &[], None),
    ("Call mum sun", "Call mum", Some("2026-11-29"), None, None, &[], None),
    ("Call mum friday", "Call mum", Some("2026-12-04"), None, None, &[], None),
    ("Plan the trip next week", "Plan the trip", Some("2026-11-30"), None, None, &[], None),
    ("Dentist in 3 days", "Dentist", Some("2026-12-02"), None, None, &[], None),
    ("Dentist in 2 weeks", "Dentist", Some("2026-12-13"), None, None, &[], None),
    ("Party dec 5", "Party", Some("2026-12-05"), None, None, &[], None),
    ("Party 5 december", "Party", Some("2026-12-05"), None, None, &[], None),
    ("Taxes apr 15", "Taxes", Some("2027-04-15"), None, None, &[], None),
    ("New year jan 1", "New year", Some("2027-01-01"), None, None, &[], None),
    ("Leap day feb 29", "Leap day", Some("2028-02-29"), None, None, &[], None),
    ("Report 2026-12-05", "Report", Some("2026-12-05"), None, None, &[], None),
    ("Report 2026-13-05", "Report 2026-13-05", None, None, None, &[], None),
    ("Call 911", "Call 911", None, None, None, &[], None),
    ("Read #1 of the series", "Read #1 of the series", None, None, None, &[], None),
    ("Meet at 5 !", "Meet at 5 !", None, None, None, &[], None),
    ("Stretch every", "Stretch every", None, None, None, &[], None),
    ("Write to tomorrow@example.com", "Write to tomorrow@example.com", None, None, None, &[], None),
    ("Do it !important", "Do it !important", None, None, None, &[], None),
    ("Water plants every 3 days", "Water plants", None, None, None, &[], Some((3, Every::Day, None))),
    ("Gym every monday", "Gym", None, None, None, &[], Some((1, Every::Week, Some(Weekday::Mon)))),
    ("Gym every thu", "Gym", None, None, None, &[], Some((1, Every::Week, Some(Weekday::Thu)))),
    ("Backup every week", "Backup", None, None, None, &[], Some((1, Every::Week, None))),
    ("Pay the cleaner every 2 weeks", "Pay the cleaner", None, None, None, &[], Some((2, Every::Week, None))),
    ("Review the budget every year", "Review the budget", None, None, None, &[], Some((1, Every::Year, None))),
    ("Standup every day !low", "Standup", None, LOW, None, &[], Some((1, Every::Day, None))),
    ("Fix the tap #home", "Fix the tap", None, None, Some("Home"), &[], None),
    ("Fix the tap #Garage", "Fix the tap #Garage", None, None, None, &[], None),
    ("Plant roses #\"home and garden\"", "Plant roses", None, None, Some("Home and garden"), &[], None),
    ("Plant roses #\"Shed\"", "Plant roses #\"Shed\"", None, None, None, &[], None),
    ("Buy *errands milk", "Buy milk", None, None, None, &["errands"], None),
    ("Ask *\"waiting on Bob\" about it", "Ask about it", None, None, None, &["waiting on Bob"], None),
    ("*a *b *A", "*A", None, None, None, &["a", "b"], None),
    ("Meet today tomorrow", "Meet tomorrow", Some("2026-11-29"), None, None, &[], None),
    ("!high !low task", "!low task", None, HIGH, None, &[], None),
    ("TOMORROW Buy", "Buy", Some("2026-11-30"), None, None, &[], None),
    ("Buy  milk   tomorrow  now", "Buy  milk now", Some("2026-11-30"), None, None, &[], None),
    ("  leading spaces today", "leading spaces", Some("2026-11-29"), None, None, &[], None),
    ("Wait in 3", "Wait in 3", None, None, None, &[], None),
    ("Plan in three days", "Plan in three days", None, None, None, &[], None),
    ("Plan in 0 days", "Plan in 0 days", None, None, None, &[], None),
    ("Rest every 0 days", "Rest every 0 days", None, None, None, &[], None),
    ("Rest every 1000 days", "Rest every 1000 days", None, None, None, &[], None),
    ("Call next", "Call next", None, None, None, &[], None),
    ("next week", "", Some("2026-11-30"), None, None, &[], None),
    ("Tag #", "Tag #", None, None, None, &[], None),
    ("Star *", "Star *", None, None, None, &[], None),
    ("Empty *\"\"", "Empty *\"\"", None, None, None, &[], None),
    ("Open *\"quote", "Open *\"quote", None, None, None, &[], None),
    ("Label *a-label-that-is-longer-than-forty-characters", "Label *a-label-that-is-longer-than-forty-characters", None, None, None, &[], None),
    ("Café ☕ tomorrow", "Café ☕", Some("2026-11-30"), None, None, &[], None),
    ("Ship it !normal", "Ship it", None, Some(Priority::Normal), None, &[], None),
    ("Mar 3 report", "report", Some("2027-03-03"), None, None, &[], None),
    ("3 mar report", "report", Some("2027-03-03"), None, None, &[], None),
    ("Invoice 32 dec", "Invoice 32 dec", None, None, None, &[], None),
    ("Passport every monday tomorrow", "Passport", Some("2026-11-30"), None, None, &[], Some((1, Every::Week, Some(Weekday::Mon)))),
    ("every monday every day", "every day", None, None, None, &[], Some((1, Every::Week, Some(Weekday::Mon)))),
    ("Tea at 5pm", "Tea at 5pm", None, None, None, &[], None),
    ("Sat party", "party", Some("2026-12-05"), None, None, &[], None),
    ("Call mum monday,", "Call mum monday,", None, None, None, &[], None),
    ("Fix *Bike #Work in 1 week !low", "Fix", Some("2026-12-06"), LOW, Some("Work"), &["Bike"], None),
];

#[test]
fn each_phrase_becomes_what_it_says() {
    for (line, title, due, priority, list, labels, repeat) in ROWS {
        let found = parse(line, today(), &LISTS);
        let expected = QuickAdd {
            title: title.to_owned(),
            due: due.map(|day| day.parse().expect("a date")),
            priority,
            list: list.map(str::to_owned),
            labels: labels
                .iter()
                .map(|label| crate::domain::Label::parse(label).expect("a label"))
                .collect(),
            repeat: repeat.map(|(interval, every, on)| Repeat {
                interval,
                every,
                on,
            }),
        };
        assert_eq!(found, expected, "{line:?}");
    }
}

fn visible(text: &str) -> Vec<char> {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #[test]
    fn the_parser_never_panics_and_keeps_every_character_it_did_not_take(
        line in prop_oneof![
            any::<String>(),
            "[a-z #*!\"0-9-]{0,40}",
            "(buy|today|tomorrow|every|in|3|days|week|next|monday|dec|5|#Home|\\*x|!high| )*",
        ],
        days in 0_i64..40_000,
    ) {
        let today = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a date")
            + chrono::Days::new(days.unsigned_abs());
        let found = parse(&line, today, &LISTS);
        // What is left is the line's own characters, in order.
        let kept = visible(&found.title);
        let mut all = visible(&line).into_iter();
        prop_assert!(kept.iter().all(|c| all.any(|d| d == *c)));
        // Nothing understood: nothing taken out.
        let nothing = found.due.is_none() && found.priority.is_none() && found.list.is_none()
            && found.labels.is_empty() && found.repeat.is_none();
        if nothing {
            prop_assert_eq!(kept, visible(&line));
        }
        if let Some(due) = found.due {
            prop_assert!(due >= today || line.contains('-'));
        }
    }
}
