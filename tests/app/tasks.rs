//! The task list and every action on it, through the real forms.

use reqwest::StatusCode;

use crate::helpers::{Browser, assert_redirect, attribute, flash, spawn_app, text_of};

/// Adds `count` tasks titled "task 001", "task 002"... in order; their titles.
async fn add_numbered(browser: &Browser, count: usize) -> Vec<String> {
    let titles: Vec<String> = (1..=count).map(|n| format!("task {n:03}")).collect();
    add_titled(browser, &titles).await;
    titles
}

/// The `href` of the page's Previous (`rel` "prev") or Next ("next") link.
fn page_link(html: &str, rel: &str) -> Option<String> {
    attribute(html, &format!("a[rel={rel}]"), "href").pop()
}

/// Deletes a task through its button on the list.
async fn delete_task(browser: &Browser, id: i64) {
    browser
        .submit("/tasks", &format!("/tasks/{id}/delete"), &[])
        .await;
}

/// Adds one task for each title, in order.
async fn add_titled(browser: &Browser, titles: &[String]) {
    let fields: Vec<[(&str, &str); 1]> = titles.iter().map(|t| [("title", t.as_str())]).collect();
    let forms: Vec<&[(&str, &str)]> = fields.iter().map(|f| &f[..]).collect();
    add_many(browser, &forms).await;
}

/// Adds tasks with one token fetch, for tests that need many.
async fn add_many(browser: &Browser, tasks: &[&[(&str, &str)]]) {
    let token = browser.csrf_token("/tasks").await;
    for fields in tasks {
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        let response = browser.post_raw("/tasks", &all).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{fields:?}");
    }
}

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
        ["title-error"]
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
    assert_eq!(flash(&html).as_deref(), Some("Cleared 1 completed task."));
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
async fn deleting_removes_the_task() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let id = alice.add_task("temporary").await;
    alice
        .submit("/tasks", &format!("/tasks/{id}/delete"), &[])
        .await;
    let html = alice.page("/tasks").await;
    assert_eq!(flash(&html).as_deref(), Some("Deleted “temporary”."));
    assert_eq!(app.count("tasks"), 0);
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

#[tokio::test]
async fn long_lists_are_paged_fifty_at_a_time() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let titles: Vec<String> = (1..=55).map(|n| format!("task {n:02}")).collect();
    add_titled(&alice, &titles).await;

    let html = alice.page("/tasks").await;
    assert_eq!(text_of(&html, ".task-title").len(), 50);
    let next = attribute(&html, "a[rel=next]", "href");
    assert!(next[0].starts_with("/tasks?page=2&after="), "{next:?}");
    assert!(html.contains("Page 1 of 2"));

    let html = alice.page(&next[0]).await;
    assert_eq!(text_of(&html, ".task-title"), titles[50..]);
    assert!(html.contains("Page 2 of 2"));
    let previous = attribute(&html, "a[rel=prev]", "href");
    assert!(previous[0].starts_with("/tasks?before="), "{previous:?}");
    assert_eq!(alice.titles_on(&previous[0]).await, titles[..50]);

    // By number, as typed, the same page; past the end, the last page.
    assert_eq!(alice.titles_on("/tasks?page=2").await, titles[50..]);
    assert_eq!(alice.titles_on("/tasks?page=9").await, titles[50..]);
}

#[tokio::test]
async fn a_deletion_that_shortens_the_list_still_leaves_a_way_to_every_task() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let titles = add_numbered(&alice, 101).await;
    let next = |html: &str| page_link(html, "next");

    let first = alice.page("/tasks").await;
    let ids = alice.task_ids_on("/tasks").await;
    delete_task(&alice, ids[0]).await;
    // 100 tasks now fill two pages, but page 2 (reached by its link) ends
    // at "task 100": the link to the task after it is still there.
    let second = alice.page(&next(&first).expect("a next link")).await;
    assert_eq!(text_of(&second, ".task-title"), titles[50..100]);
    let third = alice
        .page(&next(&second).expect("a way to the last task"))
        .await;
    assert_eq!(text_of(&third, ".task-title"), titles[100..]);

    // Its tasks deleted, a page by cursor falls back to the last page.
    let last = alice.task_ids_on(&next(&second).unwrap()).await;
    delete_task(&alice, last[0]).await;
    let fallback = alice.page(&next(&second).unwrap()).await;
    assert_eq!(text_of(&fallback, ".task-title"), titles[51..100]);
    assert!(fallback.contains("Page 2 of 2"), "the real last page");
}

#[tokio::test]
async fn next_and_previous_neither_skip_nor_repeat_a_task_when_the_list_changes() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    let titles = add_numbered(&alice, 120).await;
    let link =
        |html: &str, rel: &str| page_link(html, rel).unwrap_or_else(|| panic!("a {rel} link"));

    let first = alice.page("/tasks").await;
    let ids = alice.task_ids_on("/tasks").await;
    // While the first page is read, its first task is done with and deleted.
    delete_task(&alice, ids[0]).await;

    // Page 2 still starts right after what page 1 showed (by number it
    // would now start one later, and "task 051" would be seen on neither).
    let second = alice.page(&link(&first, "next")).await;
    assert_eq!(text_of(&second, ".task-title"), titles[50..100]);
    let third = alice.page(&link(&second, "next")).await;
    assert_eq!(text_of(&third, ".task-title"), titles[100..]);
    assert!(third.contains("Page 3 of 3"));
    assert!(attribute(&third, "a[rel=next]", "href").is_empty());

    let back = link(&third, "prev");
    assert!(back.starts_with("/tasks?page=2&before="), "{back}");
    let second_again = alice.page(&back).await;
    assert_eq!(text_of(&second_again, ".task-title"), titles[50..100]);

    // Back on the first page: what is left of it, "task 051" not repeated.
    let first_again = alice.page(&link(&second_again, "prev")).await;
    assert!(first_again.contains("Page 1 of 3"));
    assert_eq!(text_of(&first_again, ".task-title"), titles[1..50]);
    assert!(attribute(&first_again, "a[rel=prev]", "href").is_empty());

    // The cursor keeps the filter, and a form on that page comes back to it.
    let active = alice.page("/tasks?filter=active").await;
    let next = link(&active, "next");
    assert!(
        next.starts_with("/tasks?filter=active&page=2&after="),
        "{next}"
    );
    let page = alice.page(&next).await;
    assert_eq!(
        attribute(&page, "input[name=return_to]", "value")[0],
        next.replace("&amp;", "&")
    );
}

#[tokio::test]
async fn a_search_with_many_matches_is_paged_too() {
    let app = spawn_app().await;
    let alice = app.user("alice").await;
    // 60 matches among 70 tasks, the odd ones out spread through the list.
    let titles: Vec<String> = (1..=70)
        .map(|n| match n % 7 {
            0 => format!("other {n:02}"),
            _ => format!("match {n:02}"),
        })
        .collect();
    add_titled(&alice, &titles).await;
    let matches: Vec<String> = titles
        .iter()
        .filter(|t| t.starts_with("match"))
        .cloned()
        .collect();

    let html = alice.page("/tasks?q=MATCH").await;
    assert_eq!(text_of(&html, ".task-title"), matches[..50]);
    assert!(
        html.contains("Page 1 of 2 (60 tasks)"),
        "the count is of the matches"
    );
    assert_eq!(
        attribute(&html, "a[rel=next]", "href"),
        ["/tasks?q=MATCH&page=2"]
    );
    assert_eq!(
        alice.titles_on("/tasks?q=MATCH&page=2").await,
        matches[50..]
    );
    assert_eq!(
        alice.titles_on("/tasks?q=MATCH&page=7").await,
        matches[50..]
    );
    assert!(alice.titles_on("/tasks?q=nothing").await.is_empty());
}

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
            &[("title", "today"), ("due", &today)],
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

    let mismatched = "task_counts c WHERE \
        c.open != (SELECT COUNT(*) FROM tasks t WHERE t.user_id = c.user_id AND NOT t.completed) \
        OR c.done != (SELECT COUNT(*) FROM tasks t WHERE t.user_id = c.user_id AND t.completed)";
    assert_eq!(app.count("task_counts"), 2);
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
