//! A repeating task on the pages: ticked done it moves on with an Undo
//! that works once, "Skip this one" moves it without counting, and the
//! edit page's Repeat fields save a rule, read it back, and refuse
//! contradictions with the input kept.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{id, said, today_plus};
use crate::helpers::{Api, Browser, attribute, flash, path_of, spawn_app, text_of};

/// The hidden fields of the flash's Undo form on `html`, by name, but for
/// the CSRF token (which `submit` adds).
fn undo_fields(html: &str) -> Vec<(String, String)> {
    let names = attribute(html, ".flash form input[type=hidden]", "name");
    let values = attribute(html, ".flash form input[type=hidden]", "value");
    names
        .into_iter()
        .zip(values)
        .filter(|(name, _)| name != "csrf_token")
        .collect()
}

/// Sends the Undo form `fields` for `task`, as `who`.
async fn undo(who: &Browser, task: &Value, fields: &[(String, String)]) -> reqwest::Response {
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let action = format!("/tasks/{}/undo-done", id(task));
    who.submit("/tasks", &action, &form).await
}

async fn watered(api: &Api) -> Value {
    api.create(
        json!({"title": "Water plants", "due": today_plus(0), "rrule": "FREQ=DAILY;INTERVAL=3"}),
    )
    .await
}

async fn toggle(alice: &Browser, task: &Value) -> String {
    let response = alice
        .submit("/tasks", &format!("/tasks/{}/toggle", id(task)), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    alice.page("/tasks").await
}

#[tokio::test]
async fn done_on_the_page_it_moves_on_and_undo_puts_it_back_once() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let task = watered(&api).await;
    let page = toggle(&alice, &task).await;
    assert_eq!(
        flash(&page).as_deref(),
        Some(
            format!(
                "Done “Water plants”: it is due again {}.",
                said(&today_plus(3))
            )
            .as_str()
        )
    );
    let moved = api.get_task(&path_of(&task)).await;
    assert_eq!(
        (&moved["due"], &moved["completions"]),
        (&json!(today_plus(3)), &json!(1))
    );
    assert_eq!(
        attribute(&page, ".flash form", "action"),
        [format!("/tasks/{}/undo-done", id(&task))]
    );
    let fields = undo_fields(&page);
    let response = undo(&alice, &task, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        flash(&alice.page("/tasks").await).as_deref(),
        Some("“Water plants” is not done after all.")
    );
    let back = api.get_task(&path_of(&task)).await;
    assert_eq!(
        (
            &back["due"],
            &back["completions"],
            &back["last_done_at"],
            &back["completed"]
        ),
        (
            &json!(today_plus(0)),
            &json!(0),
            &Value::Null,
            &json!(false)
        )
    );
    // A second press finds it changed since, and changes nothing.
    undo(&alice, &task, &fields).await;
    assert!(
        flash(&alice.page("/tasks").await).is_some_and(|text| text.contains("nothing to undo"))
    );
    assert_eq!(api.get_task(&path_of(&task)).await, back);
    // A form ticked did not make is a 400.
    let forged = undo(&alice, &task, &[("done_at".into(), "soon".into())]).await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn skip_moves_it_on_without_counting_and_a_reader_may_not() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let task = watered(&api).await;
    let skip = format!("/tasks/{}/skip", id(&task));
    alice.submit("/tasks", &skip, &[]).await;
    let skipped = api.get_task(&path_of(&task)).await;
    assert_eq!(
        (&skipped["due"], &skipped["completions"]),
        (&json!(today_plus(3)), &json!(0))
    );

    let plain = api.create(json!({"title": "Once"})).await;
    alice
        .submit("/tasks", &format!("/tasks/{}/skip", id(&plain)), &[])
        .await;
    assert_eq!(
        flash(&alice.page("/tasks").await).as_deref(),
        Some("It does not repeat.")
    );

    let (bob, _) = app.api_user("bob").await;
    let shared = api.create_list(json!({"name": "Shared"})).await;
    api.share(shared, "bob", "read").await;
    let theirs = api
        .create(json!({"title": "Theirs", "list_id": shared, "due": today_plus(0), "rrule": "FREQ=DAILY"}))
        .await;
    let refused = bob
        .submit("/tasks", &format!("/tasks/{}/skip", id(&theirs)), &[])
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(api.get_task(&path_of(&theirs)).await, theirs);
}

/// The edit form's fields for `task`, with `repeat` on top.
fn edit_fields<'a>(due: &'a str, repeat: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![("title", "Ferns"), ("due", due), ("priority", "normal")];
    fields.extend_from_slice(repeat);
    fields
}

#[tokio::test]
async fn the_repeat_fields_save_a_rule_read_it_back_and_refuse_contradictions() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let task = api.create(json!({"title": "Ferns"})).await;
    let page = format!("/tasks/{}", id(&task));
    let due = today_plus(2);
    let weekly = [
        ("repeat_unit", "week"),
        ("repeat_interval", "2"),
        ("repeat_mo", "on"),
        ("repeat_th", "on"),
        ("repeat_end", "count"),
        ("repeat_count", "6"),
        ("repeat_from", "completion"),
    ];
    let saved = alice
        .submit(&page, &page, &edit_fields(&due, &weekly))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let now = api.get_task(&path_of(&task)).await;
    assert_eq!(now["rrule"], "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=6");
    assert_eq!(now["repeat_from"], "completion");
    let html = alice.page(&page).await;
    assert_eq!(
        text_of(&html, ".repeat-summary"),
        ["Every 2 weeks on Monday and Thursday, 6 more times, from completion."]
    );
    assert_eq!(
        attribute(&html, "input[name=repeat_mo]", "checked").len(),
        1
    );
    assert_eq!(
        attribute(&html, "input[name=repeat_tu][checked]", "name").len(),
        0
    );

    for (repeat, field) in [
        (
            &[("repeat_unit", "day"), ("repeat_mo", "on")][..],
            "repeat_days",
        ),
        (
            &[
                ("repeat_unit", "week"),
                ("repeat_end", "until"),
                ("repeat_until", "2020-01-01"),
            ][..],
            "repeat_until",
        ),
        (
            &[("repeat_unit", "month"), ("repeat_month_day", "40")][..],
            "repeat_month_day",
        ),
        (&[("repeat_unit", "fortnightly")][..], "repeat_unit"),
    ] {
        let response = alice.submit(&page, &page, &edit_fields(&due, repeat)).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{repeat:?}"
        );
        let html = response.text().await.expect("a body");
        assert_eq!(
            text_of(&html, &format!("#{field}-error")).len(),
            1,
            "{repeat:?}"
        );
    }
    // No due date: the due field says why.
    let response = alice
        .submit(&page, &page, &edit_fields("", &[("repeat_unit", "week")]))
        .await;
    let html = response.text().await.expect("a body");
    assert_eq!(
        text_of(&html, "#due-error"),
        ["A repeating task needs a due date."]
    );
    assert_eq!(api.get_task(&path_of(&task)).await, now);

    // A rule the fields cannot say is kept through a save of the rest.
    let odd = api
        .patch(&task, json!({"rrule": "FREQ=MONTHLY;BYMONTHDAY=1,15"}))
        .await;
    let html = alice.page(&page).await;
    assert_eq!(
        attribute(&html, "#repeat_unit option[selected]", "value"),
        ["kept"]
    );
    let kept = attribute(&html, "input[name=repeat_kept]", "value");
    let fields = [("repeat_unit", "kept"), ("repeat_kept", kept[0].as_str())];
    alice
        .submit(&page, &page, &edit_fields(&due, &fields))
        .await;
    assert_eq!(api.get_task(&path_of(&task)).await["rrule"], odd["rrule"]);
    // "Never" stops it.
    alice
        .submit(&page, &page, &edit_fields(&due, &[("repeat_unit", "")]))
        .await;
    assert_eq!(api.get_task(&path_of(&task)).await["rrule"], Value::Null);
}

#[tokio::test]
async fn marking_every_task_done_moves_the_repeating_ones_on() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let plants = watered(&api).await;
    let once = api.create(json!({"title": "Once"})).await;
    let response = alice.submit("/tasks", "/tasks/toggle-all", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let moved = api.get_task(&path_of(&plants)).await;
    assert_eq!(
        (&moved["completed"], &moved["due"], &moved["completions"]),
        (&json!(false), &json!(today_plus(3)), &json!(1))
    );
    assert_eq!(api.get_task(&path_of(&once)).await["completed"], true);
}

#[tokio::test]
async fn an_undo_from_before_the_series_ended_or_an_edit_changes_nothing() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let task = api
        .create(json!({"title": "Twice", "due": today_plus(0), "rrule": "FREQ=DAILY;COUNT=2"}))
        .await;
    let fields = undo_fields(&toggle(&alice, &task).await);
    // Done again: the series ends, and the task is done.
    let page = toggle(&alice, &task).await;
    assert_eq!(
        flash(&page).as_deref(),
        Some("Marked “Twice” as done: that was the last time it repeats.")
    );
    let ended = api.get_task(&path_of(&task)).await;
    assert_eq!(ended["completed"], true);
    undo(&alice, &task, &fields).await;
    assert_eq!(api.get_task(&path_of(&task)).await, ended);

    // An edit after a completion: its Undo no longer applies either.
    let other = watered(&api).await;
    let fields = undo_fields(&toggle(&alice, &other).await);
    let edited = api.patch(&other, json!({"rrule": "FREQ=WEEKLY"})).await;
    undo(&alice, &other, &fields).await;
    assert_eq!(api.get_task(&path_of(&other)).await, edited);
}

#[tokio::test]
async fn mark_all_done_twice_moves_a_repeating_task_once_then_opens_the_rest() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let plants = watered(&api).await;
    let once = api.create(json!({"title": "Once"})).await;
    alice.submit("/tasks", "/tasks/toggle-all", &[]).await;
    alice.submit("/tasks", "/tasks/toggle-all", &[]).await;
    let moved = api.get_task(&path_of(&plants)).await;
    assert_eq!(
        (&moved["due"], &moved["completions"]),
        (&json!(today_plus(3)), &json!(1))
    );
    assert_eq!(api.get_task(&path_of(&once)).await["completed"], false);
}

#[tokio::test]
async fn a_reader_may_not_do_undo_or_complete_a_repeating_task() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let (bob, bob_api) = app.api_user("bob").await;
    let shared = api.create_list(json!({"name": "Shared"})).await;
    api.share(shared, "bob", "read").await;
    let task = api
        .create(json!({"title": "Theirs", "list_id": shared, "due": today_plus(0), "rrule": "FREQ=DAILY"}))
        .await;
    let toggled = bob
        .submit("/tasks", &format!("/tasks/{}/toggle", id(&task)), &[])
        .await;
    assert_eq!(toggled.status(), StatusCode::FORBIDDEN);
    let patched = bob_api
        .send_json(Method::PATCH, &path_of(&task), &json!({"completed": true}))
        .await;
    assert_eq!(patched.status(), StatusCode::FORBIDDEN);
    // Alice's Undo, sent by bob.
    let fields = undo_fields(&toggle(&alice, &task).await);
    let moved = api.get_task(&path_of(&task)).await;
    assert_eq!(
        undo(&bob, &task, &fields).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(api.get_task(&path_of(&task)).await, moved);
}
