//! Paging: fifty tasks a page, Previous and Next links that neither skip nor
//! repeat a task when the list changes, for searches too.

use super::{add_numbered, add_titled, delete_task, page_link};
use crate::helpers::{attribute, spawn_app, text_of};

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
