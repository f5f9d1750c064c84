//! Reading a list view from its query string, and writing it back as a
//! link.

use super::*;

fn raw(filter: &str, q: &str, sort: &str, page: &str) -> RawListQuery {
    let some = |s: &str| Some(s.to_owned());
    RawListQuery {
        filter: some(filter),
        q: some(q),
        sort: some(sort),
        page: some(page),
        ..RawListQuery::default()
    }
}

#[test]
fn the_plain_list_is_the_default() {
    let query = ListQuery::parse(&RawListQuery::default()).expect("valid");
    assert_eq!(query, ListQuery::default());
    assert_eq!(query.path(), "/tasks");
}

#[test]
fn a_view_round_trips_through_its_path() {
    let query = ListQuery::parse(&raw("active", "milk & eggs", "due", "3")).expect("valid");
    let path = query.path();
    let again: RawListQuery =
        serde_urlencoded::from_str(path.trim_start_matches("/tasks?")).expect("query string");
    assert_eq!(ListQuery::parse(&again), Ok(query));
}

#[test]
fn a_page_link_keeps_its_place_in_the_list() {
    let key = OrderKey {
        list: 7,
        position: -3,
        id: 42,
    };
    for cursor in [Cursor::After(key), Cursor::Before(key)] {
        let query = ListQuery::default().with_cursor(7, cursor);
        let path = query.path();
        let again: RawListQuery =
            serde_urlencoded::from_str(path.trim_start_matches("/tasks?")).expect("query string");
        assert_eq!(ListQuery::parse(&again), Ok(query.clone()));
        assert_eq!(query.keyset(), Some(cursor));
        assert_eq!(query.with_page(1).path(), "/tasks");
    }
    let searching = ListQuery {
        search: Some("milk".into()),
        ..ListQuery::default()
    };
    assert_eq!(searching.with_cursor(2, Cursor::After(key)).keyset(), None);
}

#[test]
fn a_list_view_links_to_its_own_page() {
    let raw = RawListQuery {
        list: Some("5".into()),
        filter: Some("active".into()),
        ..RawListQuery::default()
    };
    let query = ListQuery::parse(&raw).expect("valid");
    assert_eq!(query.path(), "/tasks?list=5&filter=active");
    let own = query.on_list_page(5);
    assert_eq!(own.path(), "/lists/5?filter=active");
    assert_eq!(own.with_filter(Filter::All).path(), "/lists/5");
    assert!(
        ListQuery::parse(&RawListQuery {
            list: Some("five".into()),
            ..RawListQuery::default()
        })
        .is_err()
    );
}

#[test]
fn bad_values_are_refused() {
    let cursor = |after: &str, before: &str| RawListQuery {
        after: Some(after.to_owned()),
        before: Some(before.to_owned()),
        ..RawListQuery::default()
    };
    assert!(ListQuery::parse(&cursor("1.2.3", "3.4.5")).is_err());
    assert!(ListQuery::parse(&cursor("12", "")).is_err());
    assert!(ListQuery::parse(&cursor("1.2", "")).is_err());
    assert!(ListQuery::parse(&cursor("1.2.3.4", "")).is_err());
    assert!(ListQuery::parse(&cursor("", "1.x.1")).is_err());
    assert!(ListQuery::parse(&cursor("1.2.99999999999999999999", "")).is_err());
    assert!(ListQuery::parse(&raw("done", "", "", "")).is_err());
    assert!(ListQuery::parse(&raw("", "", "random", "")).is_err());
    assert!(ListQuery::parse(&raw("", "", "", "0")).is_err());
    assert!(ListQuery::parse(&raw("", "", "", "-1")).is_err());
    assert!(ListQuery::parse(&raw("", "", "", "99999999999")).is_err());
    assert!(ListQuery::parse(&raw("", &"x".repeat(201), "", "")).is_err());
}

#[test]
fn only_the_lists_own_order_without_a_search_or_a_due_window_pages_by_key() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 29);
    let plain = ListQuery::default();
    assert!(plain.pages_by_key() && plain.counted_as_kept());
    for narrowed in [
        ListQuery {
            search: Some("milk".to_owned()),
            ..ListQuery::default()
        },
        ListQuery {
            due_from: day,
            ..ListQuery::default()
        },
        ListQuery {
            due_to: day,
            ..ListQuery::default()
        },
    ] {
        assert!(!narrowed.counted_as_kept(), "{narrowed:?}");
        assert!(!narrowed.pages_by_key(), "{narrowed:?}");
    }
    let by_due = ListQuery {
        sort: Sort::Due,
        ..ListQuery::default()
    };
    assert!(by_due.counted_as_kept() && !by_due.pages_by_key());
}

#[test]
fn a_cursor_in_another_list_than_the_view_is_not_used() {
    let key = OrderKey {
        list: 9,
        position: 0,
        id: 1,
    };
    let one_list = ListQuery {
        list: Some(5),
        cursor: Some(Cursor::After(key)),
        ..ListQuery::default()
    };
    assert_eq!(one_list.keyset(), None);
    let its_list = ListQuery {
        list: Some(9),
        ..one_list.clone()
    };
    assert_eq!(its_list.keyset(), Some(Cursor::After(key)));
    let every_list = ListQuery {
        list: None,
        ..one_list
    };
    assert_eq!(every_list.keyset(), Some(Cursor::After(key)));
}
