//! Subtasks: a parent in the same list, any depth, never a loop; the list
//! page draws them under their parents with "N of M done"; moving a parent
//! takes its subtasks along; and what is refused, naming `parent_id`.

use proptest::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{add, id};
use crate::helpers::{TASKS, assert_invalid, attribute, flash, spawn_app, text_of};

#[tokio::test]
async fn subtasks_sit_under_their_parent_on_the_list_page_with_their_progress() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let party = add(&alice, "Plan the party", json!({})).await;
    add(&alice, "Later task", json!({})).await;
    // Added after a later task, a subtask still comes right after its parent.
    let invite = add(&alice, "Invite friends", json!({"parent_id": id(&party)})).await;
    add(&alice, "Write the list", json!({"parent_id": id(&invite)})).await;
    let cake = add(&alice, "Buy cake", json!({"parent_id": id(&party)})).await;
    alice.patch(&cake, json!({"completed": true})).await;

    assert_eq!(
        alice.titles("").await,
        [
            "Plan the party",
            "Invite friends",
            "Write the list",
            "Buy cake",
            "Later task"
        ]
    );
    let html = browser.page("/tasks").await;
    let classes = attribute(&html, "li.task", "class");
    let depths: Vec<&str> = classes
        .iter()
        .map(|class| {
            class
                .split(' ')
                .find(|c| c.starts_with("depth-"))
                .unwrap_or("top")
        })
        .collect();
    assert_eq!(depths, ["top", "depth-1", "depth-2", "depth-1", "top"]);
    assert_eq!(
        text_of(&html, ".badge.progress"),
        ["1 of 2 done", "0 of 1 done"]
    );

    // In another order they stand alone, each with its parent's title.
    let by_title = browser.page("/tasks?sort=title").await;
    assert_eq!(
        text_of(&by_title, ".task-parent"),
        ["Plan the party ›", "Plan the party ›", "Invite friends ›"]
    );
    // A search finds a subtask and says whose it is.
    let found = browser.page("/tasks?q=cake").await;
    assert_eq!(text_of(&found, ".task-parent"), ["Plan the party ›"]);
}

#[tokio::test]
async fn the_task_page_adds_and_lists_subtasks() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let parent = alice.add_task("Parent").await;
    let page = format!("/tasks/{parent}");
    let response = alice
        .submit(
            &page,
            &format!("{page}/subtasks"),
            &[("title", "Child"), ("return_to", "/tasks")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = alice.page(&format!("{page}?return_to=%2Ftasks")).await;
    assert_eq!(flash(&html).as_deref(), Some("Added the subtask “Child”."));
    assert_eq!(text_of(&html, ".subtask-list a"), ["Child"]);
    assert_eq!(text_of(&html, "#subtasks-heading .count"), ["0 of 1 done"]);

    let empty = alice
        .submit(&page, &format!("{page}/subtasks"), &[("title", "  ")])
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = empty.text().await.expect("a page");
    assert_eq!(
        text_of(&html, "#subtask-title-error"),
        ["A task needs a title."]
    );
    // Someone else's task has no subtask form: not found.
    let mallory = app.user("mallory").await;
    let stranger = mallory
        .submit("/tasks", &format!("{page}/subtasks"), &[("title", "Mine")])
        .await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("tasks"), 2);
    // The child's own page names its parent.
    let child = *alice
        .task_ids_on("/tasks?sort=created")
        .await
        .first()
        .expect("a task");
    let html = alice.page(&format!("/tasks/{child}")).await;
    assert_eq!(text_of(&html, ".task-parent a"), ["Parent"]);
}

#[tokio::test]
async fn moving_a_parent_takes_its_subtasks_and_moving_a_subtask_alone_leaves_its_parent() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let other = alice.create_list(json!({"name": "Other"})).await;
    let parent = add(&alice, "Parent", json!({})).await;
    let child = add(
        &alice,
        "Child",
        json!({"parent_id": id(&parent), "labels": ["x"]}),
    )
    .await;
    let grandchild = add(&alice, "Grandchild", json!({"parent_id": id(&child)})).await;
    add(&alice, "Stays", json!({})).await;

    alice.patch(&parent, json!({"list_id": other})).await;
    assert_eq!(
        alice.titles(&format!("?list={other}")).await,
        ["Parent", "Child", "Grandchild"]
    );
    let child_now = alice.get_task(&format!("{TASKS}/{}", id(&child))).await;
    assert_eq!(child_now["list_id"], json!(other));
    assert_eq!(child_now["parent_id"], json!(id(&parent)));
    assert_eq!(
        alice.titles(&format!("?list={other}&label=x")).await,
        ["Child"]
    );

    // A subtask moved alone becomes a task of its own there, with its own
    // subtasks.
    let default = alice.titles("?sort=created").await;
    assert!(default.contains(&"Stays".to_owned()));
    let home = alice.list("?q=Stays").await.0[0]["list_id"].clone();
    let moved = alice.patch(&child, json!({"list_id": home})).await;
    assert_eq!(moved["parent_id"], Value::Null);
    let grandchild_now = alice
        .get_task(&format!("{TASKS}/{}", id(&grandchild)))
        .await;
    assert_eq!(grandchild_now["list_id"], home);
    assert_eq!(grandchild_now["parent_id"], json!(id(&child)));
    // And `null` makes a subtask a top task.
    let top = alice.patch(&grandchild, json!({"parent_id": null})).await;
    assert_eq!(top["parent_id"], Value::Null);
}

#[tokio::test]
async fn a_parent_elsewhere_or_a_loop_is_refused_naming_parent_id() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let (_, bob) = app.api_user("bob").await;
    let other = alice.create_list(json!({"name": "Other"})).await;
    let a = add(&alice, "A", json!({})).await;
    let b = add(&alice, "B", json!({"parent_id": id(&a)})).await;
    let c = add(&alice, "C", json!({"parent_id": id(&b)})).await;
    let elsewhere = add(&alice, "Elsewhere", json!({"list_id": other})).await;
    let bobs = add(&bob, "Bob's", json!({})).await;

    let refusals = [
        (&a, id(&a)),
        (&a, id(&c)),
        (&b, id(&c)),
        (&a, id(&elsewhere)),
        (&a, id(&bobs)),
        (&a, 999_999),
    ];
    for (task, parent) in refusals {
        let path = format!("{TASKS}/{}", id(task));
        let body = json!({"parent_id": parent});
        assert_invalid(
            alice.send_json(Method::PATCH, &path, &body).await,
            "parent_id",
        )
        .await;
    }
    for parent in [json!(id(&bobs)), json!(id(&elsewhere)), json!("one")] {
        let body = json!({"title": "New", "parent_id": parent, "list_id": alice.list("?q=A").await.0[0]["list_id"]});
        assert_invalid(
            alice.send_json(Method::POST, TASKS, &body).await,
            "parent_id",
        )
        .await;
    }
    assert_eq!(app.count("tasks"), 5);
    let unchanged = alice.get_task(&format!("{TASKS}/{}", id(&a))).await;
    assert_eq!(unchanged["parent_id"], Value::Null);
}

/// A random forest of subtasks, then random re-parentings: the server
/// accepts exactly those that make no loop, and the tree it keeps is the
/// one a plain model of parents says.
#[test]
fn reparenting_accepts_exactly_what_makes_no_loop() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let config = ProptestConfig {
        cases: 8,
        ..ProptestConfig::default()
    };
    proptest!(config, |(
        parents in prop::collection::vec(prop::option::of(0usize..8), 8),
        moves in prop::collection::vec((0usize..8, prop::option::of(0usize..8)), 1..12),
    )| {
        runtime.block_on(async {
            let app = spawn_app().await;
            let (_, alice) = app.api_user("alice").await;
            // Task n's parent is an earlier task, so the start is a forest.
            let mut model: Vec<Option<usize>> = Vec::new();
            let mut ids = Vec::new();
            for (n, parent) in parents.iter().enumerate() {
                let parent = parent.filter(|p| *p < n);
                let fields = match parent {
                    Some(p) => json!({"parent_id": ids[p]}),
                    None => json!({}),
                };
                ids.push(id(&add(&alice, &format!("t{n}"), fields).await));
                model.push(parent);
            }
            for (task, parent) in &moves {
                let loops = {
                    let mut up = *parent;
                    let mut steps = 0;
                    while let Some(at) = up {
                        if at == *task || steps > 8 { break; }
                        up = model[at];
                        steps += 1;
                    }
                    up == Some(*task)
                };
                let body = json!({"parent_id": parent.map(|p| ids[p])});
                let response = alice
                    .send_json(Method::PATCH, &format!("{TASKS}/{}", ids[*task]), &body)
                    .await;
                let expected = if loops { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
                assert_eq!(response.status(), expected, "{task} under {parent:?} in {model:?}");
                if !loops {
                    model[*task] = *parent;
                }
            }
            for (n, task_id) in ids.iter().enumerate() {
                let task = alice.get_task(&format!("{TASKS}/{task_id}")).await;
                assert_eq!(task["parent_id"], json!(model[n].map(|p| ids[p])));
            }
        });
    });
}

#[tokio::test]
async fn the_task_page_moves_a_task_a_level_in_under_the_one_above_and_back_out() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let first = add(&alice, "First", json!({})).await;
    let second = add(&alice, "Second", json!({})).await;
    let page = format!("/tasks/{}", id(&second));
    let action = |what: &str| format!("{page}/{what}");

    let response = browser
        .submit(&page, &action("indent"), &[("return_to", "/tasks")])
        .await;
    assert_eq!(
        crate::helpers::location(&response),
        format!("{page}?return_to=%2Ftasks")
    );
    let html = browser.page(&format!("{page}?return_to=%2Ftasks")).await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("“Second” is now a subtask of “First”.")
    );
    assert_eq!(text_of(&html, ".task-parent a"), ["First"]);
    let moved = alice.get_task(&format!("{TASKS}/{}", id(&second))).await;
    assert_eq!(moved["parent_id"], first["id"]);

    // The first task has nothing above it: it stays, and the page says why.
    let first_page = format!("/tasks/{}", id(&first));
    browser
        .submit(&first_page, &format!("{first_page}/indent"), &[])
        .await;
    let html = browser.page(&first_page).await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("There is no task above it, at its level, to put it under.")
    );
    assert_eq!(
        alice.get_task(&format!("{TASKS}/{}", id(&first))).await["parent_id"],
        Value::Null
    );

    browser.submit(&page, &action("outdent"), &[]).await;
    let html = browser.page(&page).await;
    assert_eq!(
        flash(&html).as_deref(),
        Some("“Second” is no longer a subtask of “First”.")
    );
    assert_eq!(
        alice.get_task(&format!("{TASKS}/{}", id(&second))).await["parent_id"],
        Value::Null
    );
    assert_eq!(alice.titles("").await, ["First", "Second"]);
}
