//! Every action on a task through the real forms: add, toggle, toggle all,
//! clear completed, edit, delete; bad input shown again with the input kept;
//! another user's tasks and ids that are not ids not found.

use reqwest::StatusCode;

use super::add_many;
use crate::helpers::{assert_redirect, attribute, flash, spawn_app, text_of};

#[tokio::test]
async fn a_new_task_appears_at_the_bottom_of_the_list_with_a_flash() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    alice.add_task("first").await;
    let response = alice
        .submit(
            "/tasks",
            "/tasks",
            &[
                ("title", "  second  "),
                ("notes", "some notes"),
                ("due", "2030-01-02"),
                ("priority", "high"),
            ],
        )
        .await;
    assert_redirect(&response, "/tasks");
    let html = alice.page("/tasks").await;
    assert_eq!(flash(&html).as_deref(), Some("Added “second”."));
    assert_eq!(text_of(&html, ".task-title"), ["first", "second"]);
    assert!(html.contains("some notes"));
    assert!(html.contains("High priority"));
    assert!(html.contains("Wed 2 Jan 2030"));
    assert_eq!(text_of(&html, ".todo-count"), ["2 items left"]);
}

#[tokio::test]
async fn markup_in_a_title_comes_back_escaped() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let title = r#"<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes""#;
    alice.add_task(title).await;
    let html = alice.page("/tasks").await;
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert_eq!(text_of(&html, ".task-title"), [title]);
}

#[tokio::test]
async fn bad_input_shows_the_form_again_with_the_input_kept_and_adds_nothing() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let response = alice
        .submit(
            "/tasks",
            "/tasks",
            &[
                ("title", "   "),
                ("notes", "keep these notes"),
                ("due", "2026-02-30"),
                ("priority", "urgent"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(text_of(&html, "#title-error"), ["A task needs a title."]);
    assert_eq!(text_of(&html, "#due-error").len(), 1);
    assert_eq!(text_of(&html, "#priority-error").len(), 1);
    assert_eq!(
        attribute(&html, "#title", "aria-describedby"),
        ["title-hint title-error"]
    );
    assert!(html.contains("keep these notes"));
    assert_eq!(attribute(&html, "#due", "value"), ["2026-02-30"]);
    assert_eq!(app.count("tasks"), 0);

    let too_long = "x".repeat(201);
    let response = alice
        .submit("/tasks", "/tasks", &[("title", &too_long)])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("tasks"), 0);
}

#[tokio::test]
async fn a_failed_add_keeps_the_view_it_came_from() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    add_many(&alice, &[&[("title", "milk")], &[("title", "bread")]]).await;
    let response = alice
        .submit(
            "/tasks",
            "/tasks",
            &[("title", ""), ("return_to", "/tasks?q=milk")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(text_of(&html, ".task-title"), ["milk"]);
    assert_eq!(attribute(&html, "#q", "value"), ["milk"]);
}

#[tokio::test]
async fn toggling_marks_done_and_back() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let id = alice.add_task("water the plants").await;
    let toggle = format!("/tasks/{id}/toggle");

    assert_redirect(&alice.submit("/tasks", &toggle, &[]).await, "/tasks");
    let html = alice.page("/tasks").await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("Marked “water the plants” as done.")
    );
    assert_eq!(text_of(&html, ".todo-count"), ["0 items left"]);
    assert_eq!(
        attribute(&html, ".task.completed .check", "aria-pressed"),
        ["true"]
    );
    assert_eq!(
        app.count("tasks WHERE completed AND completed_at IS NOT NULL"),
        1
    );

    alice.submit("/tasks", &toggle, &[]).await;
    let html = alice.page("/tasks").await;
    assert_eq!(text_of(&html, ".todo-count"), ["1 item left"]);
    assert_eq!(
        app.count("tasks WHERE NOT completed AND completed_at IS NULL"),
        1
    );
}

#[tokio::test]
async fn toggle_all_completes_everything_then_reopens_everything() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    add_many(
        &alice,
        &[&[("title", "a")], &[("title", "b")], &[("title", "c")]],
    )
    .await;
    let first = alice.task_ids_on("/tasks").await[0];
    alice
        .submit("/tasks", &format!("/tasks/{first}/toggle"), &[])
        .await;

    let html = alice.page("/tasks").await;
    assert!(html.contains("Mark all as complete"));
    alice.submit("/tasks", "/tasks/toggle-all", &[]).await;
    assert_eq!(app.count("tasks WHERE completed"), 3);

    let html = alice.page("/tasks").await;
    assert!(html.contains("Mark all as active"));
    alice.submit("/tasks", "/tasks/toggle-all", &[]).await;
    assert_eq!(app.count("tasks WHERE completed"), 0);
}

#[tokio::test]
async fn clear_completed_appears_only_when_something_is_done_and_deletes_only_those() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    add_many(
        &alice,
        &[&[("title", "done one")], &[("title", "open one")]],
    )
    .await;
    assert!(!alice.page("/tasks").await.contains("Clear completed"));

    let done = alice.task_ids_on("/tasks").await[0];
    alice
        .submit("/tasks", &format!("/tasks/{done}/toggle"), &[])
        .await;
    assert!(alice.page("/tasks").await.contains("Clear completed"));

    alice.submit("/tasks", "/tasks/clear-completed", &[]).await;
    let html = alice.page("/tasks").await;
    assert_eq!(flash(&html).as_deref(), Some("Moved 1 task to the trash."));
    assert_eq!(text_of(&html, ".task-title"), ["open one"]);
    assert!(!html.contains("Clear completed"));
}

#[tokio::test]
async fn a_task_can_be_edited_on_its_own_page() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let id = alice.add_task("draft").await;
    let page = format!("/tasks/{id}");
    let html = alice.page(&page).await;
    assert_eq!(attribute(&html, "#title", "value"), ["draft"]);

    let response = alice
        .submit(
            &page,
            &page,
            &[
                ("title", "final"),
                ("notes", "line one\r\nline two"),
                ("due", "2031-05-06"),
                ("priority", "low"),
                ("return_to", "/tasks?sort=title"),
            ],
        )
        .await;
    assert_redirect(&response, "/tasks?sort=title");
    let html = alice.page(&page).await;
    assert_eq!(flash(&html).as_deref(), Some("Saved “final”."));
    assert_eq!(attribute(&html, "#due", "value"), ["2031-05-06"]);
    assert!(html.contains("line one\nline two"));
    assert!(html.contains(r#"<option value="low" selected>"#));
}

#[tokio::test]
async fn a_bad_edit_is_shown_again_with_the_input_kept() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let id = alice.add_task("draft").await;
    let page = format!("/tasks/{id}");
    let response = alice
        .submit(
            &page,
            &page,
            &[("title", ""), ("notes", "kept"), ("due", "soon")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(text_of(&html, "#title-error"), ["A task needs a title."]);
    assert_eq!(attribute(&html, "#due", "value"), ["soon"]);
    assert!(html.contains("kept"));
    assert_eq!(app.count("tasks WHERE title = 'draft'"), 1);
}

#[tokio::test]
async fn deleting_moves_the_task_to_the_trash() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let id = alice.add_task("temporary").await;
    alice
        .submit("/tasks", &format!("/tasks/{id}/delete"), &[])
        .await;
    let html = alice.page("/tasks").await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("Moved “temporary” to the trash.")
    );
    assert_eq!(app.count("tasks"), 0);
    assert_eq!(app.count("trash"), 1);
    assert_eq!(
        alice.get(&format!("/tasks/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_task_of_another_user_is_not_found_on_every_route() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let id = alice.add_task("alice's secret").await;

    assert_eq!(
        bob.get(&format!("/tasks/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    for (action, fields) in [
        (format!("/tasks/{id}"), vec![("title", "hijacked")]),
        (format!("/tasks/{id}/toggle"), vec![]),
        (format!("/tasks/{id}/delete"), vec![]),
    ] {
        let response = bob.submit("/tasks", &action, &fields).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{action}");
    }
    // Bob's bulk actions touch only Bob's tasks.
    bob.submit("/tasks", "/tasks/toggle-all", &[]).await;
    bob.submit("/tasks", "/tasks/clear-completed", &[]).await;

    assert_eq!(
        app.count("tasks WHERE title = 'alice''s secret' AND NOT completed"),
        1
    );
    assert!(bob.titles_on("/tasks").await.is_empty());
    assert!(!bob.page("/").await.contains("secret"));
}

#[tokio::test]
async fn ids_that_are_not_numbers_or_overflow_are_not_found() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    for path in [
        "/tasks/abc",
        "/tasks/99999999999999999999999",
        "/tasks/-1",
        "/tasks/1.5",
    ] {
        assert_eq!(
            alice.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let response = alice.submit("/tasks", "/tasks/abc/toggle", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
