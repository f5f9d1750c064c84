//! Which `RRULE` texts ticked takes and how it writes them back, which it
//! refuses and with what words, and the round trip text → rule → text.

use proptest::prelude::*;

use super::{End, Freq, RepeatFrom, Rule};

#[test]
fn rules_in_the_subset_are_read_and_written_back_one_way() {
    for (sent, written) in [
        ("FREQ=DAILY", "FREQ=DAILY"),
        ("RRULE:FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;INTERVAL=3"),
        ("freq=weekly;byday=mo,th", "FREQ=WEEKLY;BYDAY=MO,TH"),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2TU"),
        ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "FREQ=MONTHLY;BYDAY=2TU"),
        (
            "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1",
            "FREQ=MONTHLY;BYDAY=-1FR",
        ),
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        ),
        ("FREQ=YEARLY;COUNT=5", "FREQ=YEARLY;COUNT=5"),
        ("FREQ=WEEKLY;UNTIL=20270101", "FREQ=WEEKLY;UNTIL=20270101"),
        (
            "FREQ=WEEKLY;UNTIL=20270101T235959Z",
            "FREQ=WEEKLY;UNTIL=20270101",
        ),
        ("FREQ=DAILY;INTERVAL=1", "FREQ=DAILY"),
        (" FREQ=DAILY; ", "FREQ=DAILY"),
    ] {
        let rule = Rule::parse(sent).unwrap_or_else(|err| panic!("{sent}: {err}"));
        assert_eq!(rule.to_rrule(), written, "{sent}");
    }
    let rule = Rule::parse("FREQ=MONTHLY;BYDAY=2TU;COUNT=3").expect("valid");
    assert_eq!((rule.freq, rule.end), (Freq::Monthly, End::Count(3)));
}

#[test]
fn a_rule_outside_the_subset_is_refused_naming_the_part() {
    for (sent, named) in [
        ("", "FREQ is missing"),
        ("INTERVAL=2", "FREQ is missing"),
        ("FREQ=HOURLY", "FREQ=HOURLY"),
        ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY"),
        ("FREQ=DAILY;BYHOUR=9", "BYHOUR"),
        ("FREQ=YEARLY;BYMONTH=3", "BYMONTH"),
        ("FREQ=WEEKLY;BYWEEKNO=20", "BYWEEKNO"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=1000", "INTERVAL"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL"),
        ("FREQ=DAILY;COUNT=0", "COUNT"),
        ("FREQ=DAILY;COUNT=3;UNTIL=20270101", "COUNT and UNTIL"),
        ("FREQ=DAILY;UNTIL=2027-01-01", "UNTIL"),
        ("FREQ=DAILY;UNTIL=20270230", "UNTIL"),
        ("FREQ=DAILY;BYDAY=MO", "BYDAY with FREQ=DAILY"),
        ("FREQ=WEEKLY;BYDAY=2MO", "BYDAY with a number"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=6MO", "BYDAY"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY goes with"),
        ("FREQ=MONTHLY;BYSETPOS=2", "BYSETPOS goes with"),
        ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=1", "BYSETPOS goes with"),
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9", "BYSETPOS"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
        ("FREQ=DAILY;WKST=XX", "WKST"),
        ("FREQ", "NAME=VALUE"),
        // Not ASCII: never split inside a character.
        ("FREQ=MONTHLY;BYDAY=€", "ASCII"),
        ("FREQ=MONTHLY;BYDAY=1€", "ASCII"),
        // The crate that computes the dates knows no fifth-last weekday.
        ("FREQ=MONTHLY;BYDAY=-5FR", "BYDAY"),
    ] {
        let refused = Rule::parse(sent).expect_err(sent);
        assert!(refused.0.contains(named), "{sent}: {refused}");
    }
}

#[test]
fn repeat_from_is_due_or_completion() {
    assert_eq!(RepeatFrom::parse(""), Ok(RepeatFrom::Due));
    for from in [RepeatFrom::Due, RepeatFrom::Completion] {
        assert_eq!(RepeatFrom::parse(from.as_str()), Ok(from));
    }
    assert!(RepeatFrom::parse("done").is_err());
}

/// Text made of the parts a rule can have, right or wrong.
fn rule_text() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        prop::sample::select(vec![
            "FREQ=DAILY",
            "FREQ=WEEKLY",
            "FREQ=MONTHLY",
            "FREQ=YEARLY",
            "FREQ=HOURLY"
        ])
        .prop_map(str::to_owned),
        (0_u32..1_200).prop_map(|n| format!("INTERVAL={n}")),
        (
            prop::option::of(-6_i8..7),
            prop::sample::select(vec!["MO", "TU", "WE", "TH", "FR", "SA", "SU"])
        )
            .prop_map(|(nth, day)| format!(
                "BYDAY={}{day}",
                nth.map(|n| n.to_string()).unwrap_or_default()
            )),
        Just("BYDAY=MO,WE,FR".to_owned()),
        (-33_i8..34).prop_map(|n| format!("BYMONTHDAY={n}")),
        (-6_i8..7).prop_map(|n| format!("BYSETPOS={n}")),
        (0_u32..10_001).prop_map(|n| format!("COUNT={n}")),
        (1990_i32..2100, 1_u32..13, 1_u32..32)
            .prop_map(|(y, m, d)| format!("UNTIL={y:04}{m:02}{d:02}")),
        Just("WKST=SU".to_owned()),
        "\\PC{0,12}",
    ];
    prop::collection::vec(part, 0..6).prop_map(|parts| parts.join(";"))
}

proptest! {
    #[test]
    fn a_rule_never_panics_and_reads_back_as_itself(text in rule_text()) {
        if let Ok(rule) = Rule::parse(&text) {
            let written = rule.to_rrule();
            let again = Rule::parse(&written).expect("what ticked writes, it reads");
            prop_assert_eq!(&again, &rule);
            prop_assert_eq!(again.to_rrule(), written);
        }
    }
}

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().expect("a date")
}

fn next(rule: &str, first: &str, after: &str) -> Option<chrono::NaiveDate> {
    Rule::parse(rule)
        .expect("a rule")
        .next_after(day(first), day(after))
}

#[test]
fn next_occurrences_of_common_rules() {
    for (rule, first, after, expected) in [
        ("FREQ=DAILY", "2026-11-29", "2026-11-29", Some("2026-11-30")),
        (
            "FREQ=DAILY;INTERVAL=3",
            "2026-11-29",
            "2026-12-05",
            Some("2026-12-08"),
        ),
        // Monday and Thursday, from a Sunday.
        (
            "FREQ=WEEKLY;BYDAY=MO,TH",
            "2026-11-30",
            "2026-11-30",
            Some("2026-12-03"),
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2",
            "2026-11-29",
            "2026-11-29",
            Some("2026-12-13"),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "2027-01-31",
            "2027-01-31",
            Some("2027-02-28"),
        ),
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "2028-01-31",
            "2028-01-31",
            Some("2028-02-29"),
        ),
        // The second Tuesday, written either way.
        (
            "FREQ=MONTHLY;BYDAY=2TU",
            "2026-12-08",
            "2026-12-08",
            Some("2027-01-12"),
        ),
        (
            "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
            "2026-12-08",
            "2026-12-08",
            Some("2027-01-12"),
        ),
        // The last weekday of the month.
        (
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "2026-11-30",
            "2026-11-30",
            Some("2026-12-31"),
        ),
        // RFC 5545: a month without a 31st is skipped by a rule on the 31st.
        (
            "FREQ=MONTHLY",
            "2027-01-31",
            "2027-01-31",
            Some("2027-03-31"),
        ),
        (
            "FREQ=YEARLY",
            "2028-02-29",
            "2028-02-29",
            Some("2032-02-29"),
        ),
        // A missed occurrence is passed over to the first after the day asked.
        (
            "FREQ=WEEKLY",
            "2026-01-05",
            "2026-11-29",
            Some("2026-11-30"),
        ),
        // The series ends.
        ("FREQ=DAILY;COUNT=3", "2026-11-29", "2026-12-01", None),
        (
            "FREQ=DAILY;COUNT=3",
            "2026-11-29",
            "2026-11-30",
            Some("2026-12-01"),
        ),
        (
            "FREQ=DAILY;UNTIL=20261201",
            "2026-11-29",
            "2026-11-30",
            Some("2026-12-01"),
        ),
        (
            "FREQ=DAILY;UNTIL=20261201",
            "2026-11-29",
            "2026-12-01",
            None,
        ),
        (
            "FREQ=DAILY;UNTIL=20261101",
            "2026-11-29",
            "2026-11-29",
            None,
        ),
    ] {
        assert_eq!(
            next(rule, first, after),
            expected.map(day),
            "{rule} from {first} after {after}"
        );
    }
}

/// A rule from the parts that make sense together.
fn valid_rule() -> impl Strategy<Value = Rule> {
    rule_text().prop_filter_map("only valid rules", |text| Rule::parse(&text).ok())
}

fn days_since_2000() -> impl Strategy<Value = chrono::NaiveDate> {
    (0_u64..40_000).prop_map(|n| day("2000-01-01") + chrono::Days::new(n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_next_occurrence_is_after_the_day_asked_and_never_before_the_first(
        rule in valid_rule(),
        first in days_since_2000(),
        ahead in 0_u64..2_000,
    ) {
        let after = first + chrono::Days::new(ahead);
        if let Some(next) = rule.next_after(first, after) {
            prop_assert!(next > after, "{} from {first}: {next} after {after}", rule.to_rrule());
            prop_assert!(next >= first);
            if let End::Until(until) = rule.end {
                prop_assert!(next <= until);
            }
        }
    }

    #[test]
    fn the_last_day_of_the_month_is_always_the_last(
        first in days_since_2000(),
        after in days_since_2000(),
    ) {
        use chrono::Datelike;
        let rule = Rule::parse("FREQ=MONTHLY;BYMONTHDAY=-1").expect("a rule");
        let next = rule.next_after(first, after).expect("every month has a last day");
        prop_assert_eq!(next.succ_opt().map(|d| d.day()), Some(1));
    }

    #[test]
    fn the_last_weekday_of_a_month_has_no_weekday_after_it_in_that_month(
        first in days_since_2000(),
        after in days_since_2000(),
    ) {
        use chrono::{Datelike, Weekday};
        let rule = Rule::parse("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1").expect("a rule");
        let next = rule.next_after(first, after).expect("every month has weekdays");
        let weekday = |d: chrono::NaiveDate| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        prop_assert!(weekday(next));
        let mut later = next.succ_opt().expect("a day");
        while later.month() == next.month() {
            prop_assert!(!weekday(later), "{next} is not the last weekday");
            later = later.succ_opt().expect("a day");
        }
    }
}
