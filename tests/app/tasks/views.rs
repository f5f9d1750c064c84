//! Staying in place: every action returns to the view it came from (and
//! never off the site), overdue tasks are marked in words, and the kept
//! counts match the tasks.

use super::add_many;
use crate::helpers::{assert_redirect, attribute, spawn_app, text_of};

#[tokio::test]
async fn every_action_returns_to_the_same_view() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    add_many(&alice, &[&[("title", "milk")], &[("title", "eggs")]]).await;
    let id = alice.task_ids_on("/tasks").await[0];
    let view = "/tasks?filter=active&q=milk&sort=title";
    let html = alice.page(view).await;
    assert!(
        attribute(&html, "input[name=return_to]", "value")
            .iter()
            .all(|v| v == view)
    );

    for (action, fields) in [
        ("/tasks".to_owned(), vec![("title", "more milk")]),
        (format!("/tasks/{id}/toggle"), vec![]),
        ("/tasks/toggle-all".to_owned(), vec![]),
        ("/tasks/clear-completed".to_owned(), vec![]),
    ] {
        let mut all = fields.clone();
        all.push(("return_to", view));
        assert_redirect(&alice.submit(view, &action, &all).await, view);
    }
    let id = alice.add_task("to delete").await;
    let response = alice
        .submit(view, &format!("/tasks/{id}/delete"), &[("return_to", view)])
        .await;
    assert_redirect(&response, view);
}

#[tokio::test]
async fn return_to_cannot_leave_the_site() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    for target in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
    ] {
        let response = alice
            .submit("/tasks", "/tasks", &[("title", "x"), ("return_to", target)])
            .await;
        assert_redirect(&response, "/tasks");
    }
}

#[tokio::test]
async fn a_form_goes_back_only_where_its_own_return_to_says() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let id = alice.add_task("milk").await;
    // A `return_to` in the form's address is not the form's: only a
    // task's page (a GET) reads it there.
    let action = format!("/tasks/{id}/toggle?return_to=/account");
    assert_redirect(&alice.submit("/tasks", &action, &[]).await, "/tasks");
    let page = alice
        .page(&format!("/tasks/{id}?return_to=/tasks%3Fq%3Dmilk"))
        .await;
    assert!(page.contains(r#"href="/tasks?q=milk""#), "the way back");
    let twice = alice
        .get(&format!("/tasks/{id}?return_to=/a&return_to=/b"))
        .await;
    assert_eq!(twice.status(), reqwest::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn overdue_tasks_are_marked_in_words_not_only_colour() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let today = chrono::Utc::now().date_naive();
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let today = today.to_string();
    add_many(
        &alice,
        &[
            &[("title", "late"), ("due", &yesterday)],
            &[("title", "due now"), ("due", &today)],
        ],
    )
    .await;
    let html = alice.page("/tasks").await;
    assert_eq!(text_of(&html, ".task.overdue .task-title"), ["late"]);
    assert!(html.contains("Overdue: "));
    assert!(html.contains("Due today: "));

    let home = alice.page("/").await;
    assert!(home.contains("Overdue"));
    assert_eq!(text_of(&home, ".stat-overdue dd"), ["1"]);
}

#[tokio::test]
async fn the_kept_counts_always_match_the_tasks() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    let bob = app.user("bob").await;
    add_many(
        &alice,
        &[&[("title", "a")], &[("title", "b")], &[("title", "c")]],
    )
    .await;
    bob.add_task("bob's").await;
    let ids = alice.task_ids_on("/tasks").await;
    alice
        .submit("/tasks", &format!("/tasks/{}/toggle", ids[0]), &[])
        .await;
    alice.submit("/tasks", "/tasks/toggle-all", &[]).await;
    alice
        .submit("/tasks", &format!("/tasks/{}/toggle", ids[1]), &[])
        .await;
    alice
        .submit("/tasks", &format!("/tasks/{}/delete", ids[2]), &[])
        .await;
    let created = api
        .create(serde_json::json!({"title": "from the API"}))
        .await;
    let url = format!("/api/tasks/{}", created["id"]);
    api.request(reqwest::Method::PATCH, &url)
        .json(&serde_json::json!({"completed": true}))
        .send()
        .await
        .unwrap();
    alice.submit("/tasks", "/tasks/clear-completed", &[]).await;

    let mismatched = "lists c WHERE \
        c.open_tasks != (SELECT COUNT(*) FROM tasks t WHERE t.list_id = c.id AND NOT t.completed) \
        OR c.done_tasks != (SELECT COUNT(*) FROM tasks t WHERE t.list_id = c.id AND t.completed)";
    assert_eq!(app.count("lists"), 2);
    assert_eq!(app.count(mismatched), 0);
    let html = alice.page("/tasks").await;
    assert_eq!(text_of(&html, ".todo-count"), ["1 item left"]);

    api.request(reqwest::Method::DELETE, "/api/tasks")
        .send()
        .await
        .unwrap();
    assert_eq!(app.count(mismatched), 0);
    assert_eq!(
        text_of(&alice.page("/tasks").await, ".todo-count"),
        ["0 items left"]
    );
}
