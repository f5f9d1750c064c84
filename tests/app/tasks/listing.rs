//! The list's views: filters, search and sort, and bad list parameters a
//! clear 400.

use reqwest::StatusCode;

use super::add_many;
use crate::helpers::{spawn_app, text_of};

#[tokio::test]
async fn filters_show_the_right_tasks_and_mark_the_current_one() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    add_many(&alice, &[&[("title", "open")], &[("title", "done")]]).await;
    let done = alice.task_ids_on("/tasks").await[1];
    alice
        .submit("/tasks", &format!("/tasks/{done}/toggle"), &[])
        .await;

    assert_eq!(alice.titles_on("/tasks").await, ["open", "done"]);
    assert_eq!(alice.titles_on("/tasks?filter=all").await, ["open", "done"]);
    assert_eq!(alice.titles_on("/tasks?filter=active").await, ["open"]);
    assert_eq!(alice.titles_on("/tasks?filter=completed").await, ["done"]);

    let html = alice.page("/tasks?filter=active").await;
    assert_eq!(text_of(&html, "[aria-current=page]"), ["Active"]);
    // The counter counts every open task, whatever the filter.
    let html = alice.page("/tasks?filter=completed").await;
    assert_eq!(text_of(&html, ".todo-count"), ["1 item left"]);
}

#[tokio::test]
async fn search_looks_in_titles_and_notes_and_treats_wildcards_literally() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    add_many(
        &alice,
        &[
            &[("title", "Buy milk")],
            &[("title", "Call mum"), ("notes", "about the MILK delivery")],
            &[("title", "50% off sale")],
            &[("title", "something else")],
        ],
    )
    .await;
    assert_eq!(
        alice.titles_on("/tasks?q=milk").await,
        ["Buy milk", "Call mum"]
    );
    assert_eq!(alice.titles_on("/tasks?q=%25").await, ["50% off sale"]);
    assert_eq!(alice.titles_on("/tasks?q=_").await, Vec::<String>::new());
    let html = alice.page("/tasks?q=nothing-matches").await;
    assert!(text_of(&html, ".empty")[0].starts_with("No tasks match"));
}

#[tokio::test]
async fn search_follows_edits_and_deletes_and_finds_only_ones_own_tasks() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    bob.add_task("Renew passport (bob's)").await;
    let id = alice.add_task("Renew passport").await;
    alice.add_task("Quote \"to be or not\" in essay").await;
    alice.add_task("Ünïcödé Straße").await;

    assert_eq!(
        alice.titles_on("/tasks?q=PASSPORT").await,
        ["Renew passport"]
    );
    assert_eq!(alice.titles_on("/tasks?q=ssp").await, ["Renew passport"]);
    // Two characters, and quotes in a search.
    assert_eq!(alice.titles_on("/tasks?q=sP").await, ["Renew passport"]);
    assert_eq!(
        alice.titles_on("/tasks?q=%22to+be").await,
        ["Quote \"to be or not\" in essay"]
    );
    assert_eq!(
        alice.titles_on("/tasks?q=stra%C3%9Fe").await,
        ["Ünïcödé Straße"]
    );

    let page = format!("/tasks/{id}");
    let response = alice
        .submit(
            &page,
            &page,
            &[("title", "Renew visa"), ("notes", "embassy")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(alice.titles_on("/tasks?q=passport").await.is_empty());
    assert_eq!(alice.titles_on("/tasks?q=embassy").await, ["Renew visa"]);

    alice
        .submit("/tasks", &format!("/tasks/{id}/delete"), &[])
        .await;
    assert!(alice.titles_on("/tasks?q=visa").await.is_empty());
    assert_eq!(
        bob.titles_on("/tasks?q=passport").await,
        ["Renew passport (bob's)"]
    );
}

#[tokio::test]
async fn every_sort_order_works() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    add_many(
        &alice,
        &[
            &[
                ("title", "banana"),
                ("due", "2030-03-01"),
                ("priority", "low"),
            ],
            &[("title", "Apple"), ("priority", "high")],
            &[("title", "cherry"), ("due", "2030-01-01")],
        ],
    )
    .await;
    assert_eq!(
        alice.titles_on("/tasks").await,
        ["banana", "Apple", "cherry"]
    );
    assert_eq!(
        alice.titles_on("/tasks?sort=order").await,
        ["banana", "Apple", "cherry"]
    );
    assert_eq!(
        alice.titles_on("/tasks?sort=created").await,
        ["cherry", "Apple", "banana"]
    );
    assert_eq!(
        alice.titles_on("/tasks?sort=due").await,
        ["cherry", "banana", "Apple"]
    );
    assert_eq!(
        alice.titles_on("/tasks?sort=priority").await,
        ["Apple", "cherry", "banana"]
    );
    assert_eq!(
        alice.titles_on("/tasks?sort=title").await,
        ["Apple", "banana", "cherry"]
    );
}

#[tokio::test]
async fn bad_list_parameters_are_a_clear_400() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    for query in [
        "filter=done",
        "sort=random",
        "page=0",
        "page=-3",
        "page=abc",
        "page=99999999999",
        "page=2&after=abc",
        "page=2&after=1.2&before=3.4",
    ] {
        let response = alice.get(&format!("/tasks?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(response.text().await.unwrap().contains("not valid"));
    }
}
