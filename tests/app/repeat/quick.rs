//! Quick add: the add box's one line (on a list page, on Today) and
//! `{"quick": ...}` over the API read into a task, with what was
//! understood said back; `#List` only for a list one may add to; a line
//! that leaves no title refused beside the box.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{said, today_plus};
use crate::helpers::{
    TASKS, assert_invalid, attribute, flash, json_of, location, spawn_app, text_of,
};

#[tokio::test]
async fn the_add_box_reads_the_line_and_says_what_it_understood() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let home = api.create_list(json!({"name": "Home"})).await;
    let response = alice
        .submit(
            "/tasks",
            "/tasks",
            &[
                ("title", "Pay rent tomorrow !high every week #Home *bills"),
                // The disclosure's select always sends a priority.
                ("priority", "normal"),
                ("return_to", "/tasks"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = alice.page("/tasks").await;
    assert_eq!(
        flash(&page).as_deref(),
        Some(
            format!(
                "Added “Pay rent”: due {}, high priority, repeats every week, labelled bills, in Home.",
                said(&today_plus(1))
            )
            .as_str()
        )
    );
    let (tasks, _) = api.list("").await;
    let task = &tasks[0];
    assert_eq!(task["title"], "Pay rent");
    assert_eq!(task["due"], today_plus(1));
    assert_eq!(task["priority"], "high");
    assert_eq!(task["rrule"], "FREQ=WEEKLY");
    assert_eq!(task["labels"], json!(["bills"]));
    assert_eq!(task["list_id"], home);
    assert_eq!(text_of(&page, ".badge.repeats"), ["Repeats: Every week"]);

    // What is not understood stays as typed, and a plain title is said
    // plainly.
    alice
        .submit("/tasks", "/tasks", &[("title", "Read #1 of the series")])
        .await;
    assert_eq!(
        flash(&alice.page("/tasks").await).as_deref(),
        Some("Added “Read #1 of the series”.")
    );
}

#[tokio::test]
async fn a_line_with_no_title_left_is_refused_beside_the_box_of_the_page_it_came_from() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let response = alice
        .submit(
            "/today",
            "/tasks",
            &[("title", "tomorrow !high"), ("return_to", "/today")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("a body");
    assert_eq!(text_of(&html, "h1"), ["Today"]);
    assert_eq!(text_of(&html, "#title-error").len(), 1);
    assert_eq!(attribute(&html, "#title", "value"), ["tomorrow !high"]);
    assert!(alice.titles_on("/tasks").await.is_empty());

    // From Today, a task with no date of its own is due today; one whose
    // line gives a date keeps it.
    let response = alice
        .submit(
            "/today",
            "/tasks",
            &[
                ("title", "Call the bank"),
                ("due", ""),
                ("return_to", "/today"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/today");
    let today = alice.page("/today").await;
    assert_eq!(text_of(&today, ".task-title"), ["Call the bank"]);
    alice
        .submit(
            "/today",
            "/tasks",
            &[
                ("title", "Book the dentist tomorrow"),
                ("return_to", "/today"),
            ],
        )
        .await;
    let upcoming = alice.page("/upcoming").await;
    assert_eq!(text_of(&upcoming, ".task-title"), ["Book the dentist"]);
    assert_eq!(text_of(&today, "form.add-form").len(), 1);
    assert_eq!(
        text_of(&alice.page("/upcoming").await, "form.add-form").len(),
        1
    );
}

#[tokio::test]
async fn the_api_reads_a_quick_line_against_the_lists_one_may_write_to() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let shared = alice.create_list(json!({"name": "Shared"})).await;
    alice.share(shared, "bob", "read").await;
    let theirs = alice.create_list(json!({"name": "Errands"})).await;
    alice.share(theirs, "bob", "write").await;

    let task = bob
        .create(json!({"quick": "Water plants every 3 days #Errands *garden"}))
        .await;
    assert_eq!(task["title"], "Water plants");
    assert_eq!(task["due"], today_plus(0));
    assert_eq!(task["rrule"], "FREQ=DAILY;INTERVAL=3");
    assert_eq!(task["list_id"], theirs);
    assert_eq!(task["labels"], json!(["garden"]));

    // A list bob may only read is no list to him: the words stay.
    let kept = bob.create(json!({"quick": "Look at #Shared !low"})).await;
    assert_eq!(kept["title"], "Look at #Shared");
    assert_eq!(kept["priority"], "low");
    assert_ne!(kept["list_id"], shared);
    // What the line says wins over the other members.
    let mixed = bob
        .create(json!({"quick": "Plan !high", "priority": "low", "labels": ["a"]}))
        .await;
    assert_eq!(
        (&mixed["priority"], &mixed["labels"]),
        (&json!("high"), &json!(["a"]))
    );

    for body in [
        json!({"quick": "tomorrow !high"}),
        json!({"quick": "Plan", "title": "Plan"}),
        json!({"quick": 5}),
        json!({"quick": ""}),
    ] {
        let response = bob.send_json(Method::POST, TASKS, &body).await;
        assert_invalid(response, "quick").await;
    }
    let (tasks, total) = bob.list("").await;
    assert_eq!(total, 3, "{tasks:?}");
    let labels = json_of(bob.send(Method::GET, "/api/labels").await, StatusCode::OK).await;
    assert_eq!(labels.as_array().map(Vec::len), Some(2));
}
