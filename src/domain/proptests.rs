//! Property tests of the parsers: whatever a client sends, a parser answers
//! `Ok` or `Invalid` and never panics; and what it accepts is stable, so
//! that a value parsed once parses to itself again (a title saved and later
//! edited unchanged, a list view turned into a link and followed).
//!
//! The generators mix arbitrary Unicode with strings built to sit near the
//! rules' edges (lengths around the limits, date-shaped text, padding and
//! control characters), where a random string would rarely land.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;

use super::*;

/// Anything a form field could hold, weighted towards the interesting.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        "[ \t\r\n]{0,3}[a-zA-Z0-9 _.\\-]{0,40}[ \t\r\n]{0,3}",
        "[a-zé€😀]{190,210}",
        "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}",
        "[\\x00-\\x1f\\x7f\\u{85}\\u{2028} a]{0,10}",
        "-?[0-9]{1,25}",
    ]
}

/// A raw list query: each field absent, one of its valid words, or junk.
fn raw_list_query() -> impl Strategy<Value = RawListQuery> {
    let word = |valid: &'static [&'static str]| {
        prop_oneof![
            Just(None),
            proptest::sample::select(valid).prop_map(|w| Some(format!(" {w}"))),
            text().prop_map(Some),
        ]
    };
    let cursor = || {
        prop_oneof![
            Just(None),
            (any::<i64>(), any::<i64>(), any::<i64>())
                .prop_map(|(list, position, id)| Some(format!("{list}.{position}.{id}"))),
            text().prop_map(Some),
        ]
    };
    (
        prop_oneof![
            Just(None),
            any::<i64>().prop_map(|id| Some(id.to_string())),
            text().prop_map(Some),
        ],
        word(&["all", "active", "completed"]),
        prop::option::of(text()),
        word(&["order", "created", "due", "priority", "title"]),
        prop_oneof![
            Just(None),
            (0u64..=2_000_000).prop_map(|n| Some(n.to_string())),
            text().prop_map(Some),
        ],
        cursor(),
        cursor(),
        prop::option::of(text()),
    )
        .prop_map(
            |(list, filter, q, sort, page, after, before, label)| RawListQuery {
                list,
                filter,
                q,
                label,
                sort,
                page,
                after,
                before,
            },
        )
}

/// Every date a `<input type=date>` can send: years 1 to 9999.
fn date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1, 1, 1).expect("a date");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date");
    (first.num_days_from_ce()..=last.num_days_from_ce())
        .prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).expect("in range"))
}

proptest! {
    #[test]
    fn a_title_that_parses_is_trimmed_bounded_and_parses_to_itself(input in text()) {
        if let Ok(title) = TaskTitle::parse(&input) {
            prop_assert_eq!(title.as_str(), input.trim());
            let chars = title.as_str().chars().count();
            prop_assert!((1..=TaskTitle::MAX_CHARS).contains(&chars));
            prop_assert!(!title.as_str().chars().any(char::is_control));
            prop_assert_eq!(TaskTitle::parse(title.as_str()), Ok(title));
        }
    }

    #[test]
    fn notes_that_parse_are_bounded_and_parse_to_themselves(input in text()) {
        if let Ok(notes) = TaskNotes::parse(&input) {
            prop_assert!(notes.as_str().chars().count() <= TaskNotes::MAX_CHARS);
            prop_assert!(!notes.as_str().contains('\r'));
            prop_assert_eq!(TaskNotes::parse(notes.as_str()), Ok(notes));
        }
    }

    #[test]
    fn a_due_date_that_parses_is_written_back_the_same(input in text()) {
        match Due::parse(&input) {
            Ok(Due(Some(date))) => {
                prop_assert_eq!(date.format("%Y-%m-%d").to_string(), input.trim());
            }
            Ok(Due(None)) => prop_assert!(input.trim().is_empty()),
            Err(_) => {}
        }
    }

    #[test]
    fn every_date_written_yyyy_mm_dd_parses_back_to_itself(date in date()) {
        let written = date.format("%Y-%m-%d").to_string();
        prop_assert_eq!(Due::parse(&written), Ok(Due(Some(date))));
    }

    #[test]
    fn a_priority_that_parses_parses_from_its_name_and_its_stored_number(
        input in text(),
        stored in any::<i16>(),
    ) {
        if let Ok(priority) = Priority::parse(&input) {
            prop_assert_eq!(Priority::parse(priority.as_str()), Ok(priority));
            prop_assert_eq!(Priority::from_db(priority.to_db()), priority);
        }
        // Any number in the column reads as some priority.
        let read = Priority::from_db(stored);
        prop_assert!(Priority::ALL.contains(&read));
    }

    #[test]
    fn a_username_that_parses_is_ascii_bounded_and_parses_to_itself(input in text()) {
        if let Ok(name) = Username::parse(&input) {
            prop_assert!((Username::MIN..=Username::MAX).contains(&name.as_str().len()));
            let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
            prop_assert!(name.as_str().chars().all(allowed));
            prop_assert_eq!(Username::parse(name.as_str()), Ok(name));
        }
    }

    #[test]
    fn every_name_of_the_allowed_characters_and_length_is_a_username(
        input in "[A-Za-z0-9_.\\-]{3,32}",
    ) {
        prop_assert!(Username::parse(&input).is_ok());
    }

    #[test]
    fn a_password_that_parses_is_kept_exactly_and_parses_again(
        input in text(),
        username in text(),
    ) {
        if let Ok(password) = Password::parse(&input, &username) {
            prop_assert_eq!(password.expose(), input.as_str());
            prop_assert!(password.expose().chars().count() >= Password::MIN_CHARS);
            prop_assert!(password.expose().len() <= Password::MAX_BYTES);
            prop_assert!(!password.expose().trim().eq_ignore_ascii_case(username.trim()));
            prop_assert!(Password::parse(password.expose(), &username).is_ok());
        }
    }

    #[test]
    fn a_list_view_parses_again_from_the_fields_of_its_own_path(raw in raw_list_query()) {
        if let Ok(query) = ListQuery::parse(&raw) {
            let path = query.path();
            let fields = match path.split_once('?') {
                Some((base, fields)) => {
                    prop_assert_eq!(base, "/tasks");
                    fields
                }
                None => {
                    prop_assert_eq!(path.as_str(), "/tasks");
                    ""
                }
            };
            let again: RawListQuery = serde_urlencoded::from_str(fields)
                .map_err(|err| TestCaseError::fail(format!("{path}: {err}")))?;
            prop_assert_eq!(ListQuery::parse(&again), Ok(query));
        }
    }

    #[test]
    fn a_local_path_is_kept_exactly_and_is_never_another_site(input in prop_oneof![
        text(),
        "/[a-z/\\\\?&=%.: ]{0,30}",
        "[/\\\\]{1,3}[a-z.]{0,12}",
    ]) {
        if let Ok(path) = LocalPath::parse(&input) {
            prop_assert_eq!(path.as_str(), input.as_str());
            prop_assert!(path.as_str().starts_with('/'));
            prop_assert!(!path.as_str().starts_with("//"));
            prop_assert!(!path.as_str().contains('\\'));
            prop_assert_eq!(LocalPath::parse(path.as_str()), Ok(path));
        }
        // Whatever comes in, the redirect goes somewhere on this site.
        let target = LocalPath::or(Some(&input), "/tasks");
        prop_assert!(target.as_str().starts_with('/') && !target.as_str().starts_with("//"));
    }

    #[test]
    fn a_whole_task_form_never_panics_and_agrees_with_its_fields(
        title in text(),
        notes in text(),
        due in text(),
        priority in text(),
        labels in text(),
    ) {
        let whole = TaskInput::parse(&title, &notes, &due, &priority, &labels);
        let each_ok = TaskTitle::parse(&title).is_ok()
            && TaskNotes::parse(&notes).is_ok()
            && Due::parse(&due).is_ok()
            && Priority::parse(&priority).is_ok()
            && Labels::parse_field(&labels).is_ok();
        prop_assert_eq!(whole.is_ok(), each_ok);
    }

    #[test]
    fn labels_that_parse_keep_the_rules_and_read_back_the_same(
        field in text(),
        many in prop::collection::vec(
            prop_oneof![text(), "[a-cA-C]{1,3}", Just(String::new())],
            0..30,
        ),
    ) {
        for parsed in [
            Labels::parse_field(&field),
            Labels::parse(many.iter().map(String::as_str)),
        ] {
            let Ok(labels) = parsed else { continue };
            let names: Vec<&str> = labels.names().collect();
            prop_assert!(names.len() <= Labels::MAX);
            let mut keys = std::collections::HashSet::new();
            for name in &names {
                prop_assert!((1..=Label::MAX_CHARS).contains(&name.chars().count()));
                prop_assert!(!name.contains(',') && !name.chars().any(char::is_control));
                prop_assert_eq!(*name, name.trim());
                // Matched ignoring case: never two that differ only in it.
                prop_assert!(keys.insert(label_key(name)));
            }
            prop_assert_eq!(Labels::from_db(&labels.to_db()), labels.clone());
            prop_assert_eq!(Labels::parse_field(&labels.to_field()), Ok(labels.clone()));
        }
        // A list is refused only for a bad label or too many: then the
        // first 20 distinct good ones would have been kept.
        let all_good = many.iter().all(|one| Label::parse(one).is_ok());
        let distinct: std::collections::HashSet<String> =
            many.iter().map(|one| label_key(one)).collect();
        prop_assert_eq!(
            Labels::parse(many.iter().map(String::as_str)).is_ok(),
            all_good && distinct.len() <= Labels::MAX
        );
    }

    #[test]
    fn token_names_and_lifetimes_never_panic_and_names_parse_to_themselves(
        input in text(),
    ) {
        if let Ok(name) = TokenName::parse(&input) {
            prop_assert_eq!(TokenName::parse(name.as_str()), Ok(name));
        }
        drop(TokenLifetime::parse(&input));
    }
}

#[test]
fn the_oldest_and_newest_dates_a_date_input_sends_parse() {
    for written in ["0001-01-01", "9999-12-31", "2024-02-29"] {
        let Ok(Due(Some(date))) = Due::parse(written) else {
            panic!("{written} is a date");
        };
        assert_eq!(date.format("%Y-%m-%d").to_string(), written);
    }
    assert!(Due::parse("2023-02-29").is_err(), "not a leap year");
}
