//! A repeating task over the API: `rrule` and `repeat_from` on the task,
//! completing it through PATCH as the page does, the end of a series, and
//! the 422s that name what is wrong and change nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{days_ago, id, today_plus};
use crate::helpers::{Api, TASKS, assert_invalid, json_of, path_of, spawn_app};

async fn done(api: &Api, task: &Value) -> Value {
    api.patch(task, json!({"completed": true})).await
}

#[tokio::test]
async fn a_repeating_task_done_through_patch_moves_on_and_stays_open() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let task = alice
        .create(json!({"title": "Water plants", "due": today_plus(0), "rrule": "FREQ=DAILY;INTERVAL=3"}))
        .await;
    assert_eq!(task["rrule"], "FREQ=DAILY;INTERVAL=3");
    assert_eq!(task["repeat_from"], "due");
    assert_eq!(task["completions"], 0);
    assert_eq!(task["last_done_at"], Value::Null);

    let once = done(&alice, &task).await;
    assert_eq!(once["completed"], false);
    assert_eq!(once["completed_at"], Value::Null);
    assert_eq!(once["due"], today_plus(3));
    assert_eq!(once["completions"], 1);
    assert!(once["last_done_at"].is_string());
    let twice = done(&alice, &once).await;
    assert_eq!(twice["due"], today_plus(6));
    assert_eq!(twice["completions"], 2);
    assert_eq!(twice["rrule"], "FREQ=DAILY;INTERVAL=3");

    // It goes to the trash and comes back with its rule and record.
    alice.send(Method::DELETE, &path_of(&task)).await;
    let restore = format!("{TASKS}/{}/restore", id(&task));
    let back = json_of(alice.send(Method::POST, &restore).await, StatusCode::OK).await;
    assert_eq!(back["rrule"], "FREQ=DAILY;INTERVAL=3");
    assert_eq!(back["completions"], 2);
    assert_eq!(back["due"], today_plus(6));
}

#[tokio::test]
async fn a_fixed_schedule_skips_missed_days_and_one_from_completion_counts_from_today() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let fixed = alice
        .create(json!({"title": "Fixed", "due": days_ago(10), "rrule": "FREQ=WEEKLY"}))
        .await;
    // Due 10 days ago, weekly: 3 days ago was missed too; next is in 4.
    assert_eq!(done(&alice, &fixed).await["due"], today_plus(4));
    let loose = alice
        .create(json!({"title": "Loose", "due": days_ago(10), "rrule": "FREQ=WEEKLY", "repeat_from": "completion"}))
        .await;
    assert_eq!(loose["repeat_from"], "completion");
    assert_eq!(done(&alice, &loose).await["due"], today_plus(7));
}

#[tokio::test]
async fn the_end_of_a_series_completes_it() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let counted = alice
        .create(json!({"title": "Twice", "due": today_plus(0), "rrule": "FREQ=DAILY;COUNT=2"}))
        .await;
    let once = done(&alice, &counted).await;
    assert_eq!(
        (&once["completed"], &once["due"], &once["rrule"]),
        (
            &json!(false),
            &json!(today_plus(1)),
            &json!("FREQ=DAILY;COUNT=1")
        )
    );
    let last = done(&alice, &once).await;
    assert_eq!(last["completed"], true);
    assert!(last["completed_at"].is_string());
    assert_eq!(last["completions"], 2);
    assert_eq!(last["due"], today_plus(1));

    let until = format!("FREQ=DAILY;UNTIL={}", today_plus(0).replace('-', ""));
    let ending = alice
        .create(json!({"title": "Today only", "due": today_plus(0), "rrule": until}))
        .await;
    assert_eq!(done(&alice, &ending).await["completed"], true);
}

#[tokio::test]
async fn rules_and_dates_that_do_not_go_together_are_422s_that_change_nothing() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let today = today_plus(0);
    for (body, field, words) in [
        (
            json!({"title": "x", "due": today, "rrule": "FREQ=HOURLY"}),
            "rrule",
            "HOURLY",
        ),
        (
            json!({"title": "x", "due": today, "rrule": "FREQ=DAILY;BYHOUR=9"}),
            "rrule",
            "BYHOUR",
        ),
        (
            json!({"title": "x", "due": today, "rrule": "FREQ=DAILY;BYDAY=MO"}),
            "rrule",
            "BYDAY",
        ),
        (
            json!({"title": "x", "due": today, "rrule": 5}),
            "rrule",
            "RRULE",
        ),
        (
            json!({"title": "x", "rrule": "FREQ=DAILY"}),
            "due",
            "due date",
        ),
        (
            json!({"title": "x", "due": today, "rrule": "FREQ=DAILY;UNTIL=20200101"}),
            "rrule",
            "ends",
        ),
        (
            json!({"title": "x", "due": today, "rrule": "FREQ=DAILY", "repeat_from": "later"}),
            "repeat_from",
            "completion",
        ),
    ] {
        let response = alice.send_json(Method::POST, TASKS, &body).await;
        let message = response.text().await.expect("a body");
        assert!(message.contains(words), "{body}: {message}");
        let response = alice.send_json(Method::POST, TASKS, &body).await;
        assert_invalid(response, field).await;
    }
    assert_eq!(alice.list("").await.1, 0);

    let task = alice
        .create(json!({"title": "Weekly", "due": today, "rrule": "FREQ=WEEKLY;BYDAY=MO"}))
        .await;
    let path = path_of(&task);
    for (body, field) in [
        (json!({"due": null}), "due"),
        (json!({"rrule": "FREQ=YEARLY;BYMONTH=3"}), "rrule"),
        (json!({"repeat_from": null}), "repeat_from"),
    ] {
        let response = alice.send_json(Method::PATCH, &path, &body).await;
        assert_invalid(response, field).await;
    }
    assert_eq!(alice.get_task(&path).await, task);

    // `repeat_from` alone keeps the rule; `rrule: null` stops the repeat.
    let loose = alice
        .patch(&task, json!({"repeat_from": "completion"}))
        .await;
    assert_eq!(
        (&loose["rrule"], &loose["repeat_from"]),
        (&json!("FREQ=WEEKLY;BYDAY=MO"), &json!("completion"))
    );
    let written = alice
        .patch(&task, json!({"rrule": "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"}))
        .await;
    assert_eq!(written["rrule"], "FREQ=MONTHLY;BYDAY=2TU");
    assert_eq!(written["repeat_from"], "completion");
    let plain = alice.patch(&task, json!({"rrule": null})).await;
    assert_eq!(plain["rrule"], Value::Null);
    assert_eq!(done(&alice, &plain).await["completed"], true);
}
