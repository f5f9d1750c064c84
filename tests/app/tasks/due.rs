//! Today and Upcoming: open tasks by due date from every list one can see,
//! with their lists, grouped by day, the list's buttons coming back to
//! the same page, and Today's count in the navigation of every page.

use chrono::{Days, NaiveDate, Utc};
use serde_json::json;

use crate::helpers::{Api, Browser, TestApp, assert_redirect, attribute, spawn_app, text_of};

/// The server's today: the tests run it in UTC.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn day(offset: i64) -> String {
    let today = today();
    let date = if offset >= 0 {
        today + Days::new(offset.unsigned_abs())
    } else {
        today - Days::new(offset.unsigned_abs())
    };
    date.to_string()
}

/// Alice's tasks in her default list, with and without due dates, one
/// done; tasks of a list olive shares with her to read; and one of olive's
/// own, which alice cannot see.
async fn alice_and_olive(app: &TestApp) -> (Browser, Api) {
    let (alice, api) = app.api_user("alice").await;
    let (_olive, olive) = app.api_user("olive").await;
    let shared = olive.create_list(json!({"name": "Shared"})).await;
    olive.share(shared, "alice", "read").await;
    for (title, due) in [
        ("due today", day(0)),
        ("three days late", day(-3)),
        ("tomorrow", day(1)),
        ("in two weeks", day(14)),
        ("in fifteen days", day(15)),
    ] {
        api.create(json!({"title": title, "due": due})).await;
    }
    api.create(json!({"title": "no date"})).await;
    let done = api
        .create(json!({"title": "late but done", "due": day(-1)}))
        .await;
    api.patch(&done, json!({"completed": true})).await;
    olive
        .create(json!({"title": "olive's, shared, today", "due": day(0), "list_id": shared}))
        .await;
    olive
        .create(json!({"title": "olive's, tomorrow", "due": day(1), "list_id": shared}))
        .await;
    olive
        .create(json!({"title": "olive's own", "due": day(0)}))
        .await;
    (alice, api)
}

#[tokio::test]
async fn today_shows_what_is_overdue_then_due_today_from_every_list_you_can_see() {
    let app = spawn_app().await;
    let (alice, _api) = alice_and_olive(&app).await;

    let html = alice.page("/today").await;
    assert_eq!(
        text_of(&html, ".task-title"),
        ["three days late", "due today", "olive's, shared, today"]
    );
    let headings = text_of(&html, "h2.day-heading");
    assert_eq!(headings.len(), 2, "{headings:?}");
    assert_eq!(headings[0], "Overdue");
    assert!(headings[1].starts_with("Today, "), "{headings:?}");
    // Each task says which list it is in; alice may only read olive's, so
    // that one has no buttons.
    assert_eq!(text_of(&html, ".list-badge"), ["Tasks", "Tasks", "Shared"]);
    assert_eq!(text_of(&html, "button.check").len(), 2);
    // The navigation counts them, on this page and on others.
    for page in ["/today", "/account", "/lists"] {
        let html = alice.page(page).await;
        let today = text_of(&html, ".nav-links a[href='/today']");
        assert_eq!(today, ["Today 3 due"], "{page}");
    }
}

#[tokio::test]
async fn upcoming_groups_the_next_fourteen_days_by_day() {
    let app = spawn_app().await;
    let (alice, _api) = alice_and_olive(&app).await;

    let html = alice.page("/upcoming").await;
    assert_eq!(
        text_of(&html, ".task-title"),
        ["tomorrow", "olive's, tomorrow", "in two weeks"]
    );
    let tomorrow = today() + Days::new(1);
    let fortnight = today() + Days::new(14);
    assert_eq!(
        text_of(&html, "h2.day-heading"),
        [
            tomorrow.format("%A %-d %B").to_string(),
            fortnight.format("%A %-d %B").to_string(),
        ]
    );
}

#[tokio::test]
async fn a_task_done_from_today_leaves_it_and_the_page_comes_back() {
    let app = spawn_app().await;
    let (alice, _api) = alice_and_olive(&app).await;
    let ids = alice.task_ids_on("/today").await;
    let response = alice
        .submit(
            "/today",
            &format!("/tasks/{}/toggle", ids[0]),
            &[("return_to", "/today")],
        )
        .await;
    assert_redirect(&response, "/today");
    let html = alice.page("/today").await;
    assert_eq!(
        text_of(&html, ".task-title"),
        ["due today", "olive's, shared, today"]
    );
    assert_eq!(text_of(&html, "h2.day-heading").len(), 1);
    // The edit link comes back here too.
    let links = attribute(&html, ".task-title", "href");
    assert!(links[0].ends_with("?return_to=/today"), "{links:?}");
}

#[tokio::test]
async fn nothing_due_says_so() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let html = alice.page("/today").await;
    assert_eq!(text_of(&html, ".empty"), ["Nothing due today. Well done!"]);
    assert_eq!(
        text_of(&html, ".nav-links a[href='/today']"),
        ["Today"],
        "no count when nothing is due"
    );
    let html = alice.page("/upcoming").await;
    assert_eq!(
        text_of(&html, ".empty"),
        ["Nothing due in the next two weeks."]
    );
}

#[tokio::test]
async fn many_overdue_tasks_never_push_todays_out_of_today() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    // One more overdue task than the page shows of a heading.
    for n in 0..501 {
        api.create(json!({"title": format!("late {n:03}"), "due": day(-1)}))
            .await;
    }
    api.create(json!({"title": "due today", "due": day(0)}))
        .await;

    let html = alice.page("/today").await;
    let titles = text_of(&html, ".task-title");
    assert_eq!(titles.len(), 501, "500 overdue and today's one");
    assert_eq!(titles.last().map(String::as_str), Some("due today"));
    assert_eq!(
        text_of(&html, ".list-meta").last().map(String::as_str),
        Some("And 1 more: every open task by due date.")
    );
    assert_eq!(
        text_of(&html, ".nav-links a[href='/today']"),
        ["Today 502 due"]
    );
}
