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
        ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9", "BYSETPOS"),
        ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
        ("FREQ=DAILY;WKST=XX", "WKST"),
        ("FREQ", "NAME=VALUE"),
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
