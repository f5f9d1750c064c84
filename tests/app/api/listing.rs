//! The task list of the API: filter, search, sort and paging, with the
//! total in `X-Total-Count`.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TASKS, assert_invalid, spawn_app, title};

#[tokio::test]
async fn the_list_is_a_json_array_with_the_total_in_x_total_count() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    assert_eq!(api.list("").await, (vec![], 0));

    let first = api.create(json!({"title": "first"})).await;
    let second = api.create(json!({"title": "second"})).await;

    assert_eq!(api.list("").await, (vec![first, second], 2));
}

#[tokio::test]
async fn the_list_filters_active_and_completed_tasks() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let done = api.create(json!({"title": "done"})).await;
    api.patch(&done, json!({"completed": true})).await;
    api.create(json!({"title": "open 1"})).await;
    api.create(json!({"title": "open 2"})).await;

    let (active, active_total) = api.list("?filter=active").await;
    let (completed, completed_total) = api.list("?filter=completed").await;
    let (all, all_total) = api.list("?filter=all").await;

    assert_eq!(
        active.iter().map(title).collect::<Vec<_>>(),
        ["open 1", "open 2"]
    );
    assert_eq!(active_total, 2);
    assert_eq!(completed.iter().map(title).collect::<Vec<_>>(), ["done"]);
    assert_eq!(completed_total, 1);
    assert_eq!(all.len(), 3);
    assert_eq!(all_total, 3);
}

#[tokio::test]
async fn the_list_searches_titles_and_notes() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "Buy milk"})).await;
    api.create(json!({"title": "Groceries", "notes": "eggs, milk, bread"}))
        .await;
    api.create(json!({"title": "Call mum"})).await;
    api.create(json!({"title": "100% done"})).await;

    assert_eq!(api.titles("?q=milk").await, ["Buy milk", "Groceries"]);
    assert_eq!(api.list("?q=milk").await.1, 2);
    assert_eq!(api.titles("?q=MILK").await, ["Buy milk", "Groceries"]);
    assert_eq!(api.titles("?q=%25").await, ["100% done"]);
    assert_eq!(api.list("?q=nothing").await, (vec![], 0));
    let (_, bob) = app.api_user("bob").await;
    assert_eq!(bob.list("?q=milk").await, (vec![], 0));
}

#[tokio::test]
async fn the_list_sorts_by_order_created_due_priority_and_title() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "banana", "due": "2030-03-01", "priority": "low"}))
        .await;
    api.create(json!({"title": "Apple", "priority": "high"}))
        .await;
    api.create(json!({"title": "cherry", "due": "2030-01-01"}))
        .await;

    for (sort, expected) in [
        ("", ["banana", "Apple", "cherry"]),
        ("?sort=order", ["banana", "Apple", "cherry"]),
        ("?sort=created", ["cherry", "Apple", "banana"]),
        ("?sort=due", ["cherry", "banana", "Apple"]),
        ("?sort=priority", ["Apple", "cherry", "banana"]),
        ("?sort=title", ["Apple", "banana", "cherry"]),
    ] {
        assert_eq!(api.titles(sort).await, expected, "{sort}");
    }
}

#[tokio::test]
async fn limit_and_offset_page_the_list_while_x_total_count_stays_the_total() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    for n in 1..=5 {
        api.create(json!({"title": format!("t{n}")})).await;
    }
    let page = |tasks: Vec<Value>| tasks.iter().map(title).collect::<Vec<_>>();

    let (tasks, total) = api.list("?limit=2").await;
    assert_eq!(
        (page(tasks), total),
        (vec!["t1".to_owned(), "t2".to_owned()], 5)
    );
    let (tasks, total) = api.list("?limit=2&offset=2").await;
    assert_eq!(
        (page(tasks), total),
        (vec!["t3".to_owned(), "t4".to_owned()], 5)
    );
    let (tasks, total) = api.list("?limit=2&offset=4").await;
    assert_eq!((page(tasks), total), (vec!["t5".to_owned()], 5));
    let (tasks, total) = api.list("?offset=10").await;
    assert_eq!((tasks.len(), total), (0, 5));
    let (tasks, total) = api.list("?limit=0").await;
    assert_eq!((tasks.len(), total), (0, 5));
    let (tasks, total) = api.list("?limit=1000&sort=title&q=t&filter=active").await;
    assert_eq!((tasks.len(), total), (5, 5));
    let (tasks, total) = api.list("?limit=1&filter=active&sort=created").await;
    assert_eq!((page(tasks), total), (vec!["t5".to_owned()], 5));
}

#[tokio::test]
async fn bad_list_parameters_are_a_422_json_error_naming_the_parameter() {
    // These were a 400; a bad value of one parameter is now a 422 that
    // names it (more cases in `fields.rs`).
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    api.create(json!({"title": "one"})).await;

    for (query, parameter) in [
        ("?filter=x", "filter"),
        ("?sort=x", "sort"),
        ("?limit=-1", "limit"),
        ("?limit=abc", "limit"),
        ("?limit=5000", "limit"),
        ("?limit=1001", "limit"),
        ("?limit=1.5", "limit"),
        ("?offset=-1", "offset"),
        ("?offset=abc", "offset"),
        ("?limit=99999999999999999999", "limit"),
    ] {
        let response = api.send(Method::GET, &format!("{TASKS}{query}")).await;
        assert_invalid(response, parameter).await;
    }
    assert_eq!(api.titles("").await, ["one"]);
}

#[tokio::test]
async fn a_window_of_due_dates_selects_the_tasks_due_in_it_both_days_included() {
    let app = spawn_app().await;
    let (_, api) = app.api_user("alice").await;
    let errands = json!(api.create_list(json!({"name": "Errands"})).await);
    for (name, due, list) in [
        ("overdue", Some("2026-11-20"), Value::Null),
        ("first day", Some("2026-11-29"), errands.clone()),
        ("inside", Some("2026-12-03"), Value::Null),
        ("last day", Some("2026-12-13"), errands.clone()),
        ("after", Some("2026-12-14"), Value::Null),
        ("no date", None, errands.clone()),
    ] {
        let mut body = json!({"title": name, "due": due});
        if !list.is_null() {
            body["list_id"] = list;
        }
        api.create(body).await;
    }
    let done = api
        .create(json!({"title": "inside but done", "due": "2026-12-01"}))
        .await;
    api.patch(&done, json!({"completed": true})).await;

    let window = "?due_after=2026-11-29&due_before=2026-12-13&sort=due";
    let (tasks, total) = api.list(window).await;
    assert_eq!(
        tasks.iter().map(title).collect::<Vec<_>>(),
        ["first day", "inside but done", "inside", "last day"]
    );
    assert_eq!(total, 4, "X-Total-Count counts the window, not the lists");
    // What is due today or overdue, and still open.
    let (tasks, total) = api
        .list("?filter=active&due_before=2026-11-29&sort=due")
        .await;
    assert_eq!(
        tasks.iter().map(title).collect::<Vec<_>>(),
        ["overdue", "first day"]
    );
    assert_eq!(total, 2);
    // With a page and one list, in the lists' own order.
    let one_list = format!("?list={errands}&due_after=2026-11-29&limit=1&offset=1");
    let (tasks, total) = api.list(&one_list).await;
    assert_eq!(tasks.iter().map(title).collect::<Vec<_>>(), ["last day"]);
    assert_eq!(total, 2);
    // An empty bound is no bound.
    assert_eq!(api.list("?due_after=&due_before=").await.1, 7);
}
