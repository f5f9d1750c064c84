//! Pages of every list at once, by number and by the API's offset: read
//! list by list, skipping whole the lists before the page (by their kept
//! counts, for the view's filter) and the lists with nothing in it.

use serde_json::json;

use super::{add_to, create_list, default_list, share};
use crate::helpers::{Api, attribute, spawn_app, text_of};

/// Adds `count` tasks named `{prefix} NN` to `list`, completing every
/// third one; returns their titles and whether each is done.
async fn fill(api: &Api, list: i64, prefix: &str, count: usize) -> Vec<(String, bool)> {
    let mut added = Vec::new();
    for n in 1..=count {
        let title = format!("{prefix} {n:02}");
        let id = add_to(api, list, &title).await;
        let done = n % 3 == 0;
        if done {
            let task = json!({ "id": id });
            api.patch(&task, json!({"completed": true})).await;
        }
        added.push((title, done));
    }
    added
}

fn titles(tasks: &[(String, bool)], done: Option<bool>) -> Vec<String> {
    tasks
        .iter()
        .filter(|(_, is_done)| done.is_none_or(|wanted| wanted == *is_done))
        .map(|(title, _)| title.clone())
        .collect()
}

#[tokio::test]
async fn numbered_pages_and_offsets_cross_lists_and_skip_the_empty_ones() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let (_olive_browser, olive) = app.api_user("olive").await;
    // In the order the lists were made: alice's default list (30 tasks),
    // olive's default (not shared), alice's empty list, olive's list
    // shared with alice (40), and alice's Errands (25).
    let mine = default_list(&alice).await;
    create_list(&alice, "Empty").await;
    let shared = create_list(&olive, "Shared").await;
    share(&olive, shared, "alice", "write").await;
    let errands = create_list(&alice, "Errands").await;
    let mut all = fill(&alice, mine, "mine", 30).await;
    all.extend(fill(&olive, shared, "shared", 40).await);
    all.extend(fill(&alice, errands, "errand", 25).await);
    olive.create(json!({"title": "olive's own"})).await;

    for (view, done) in [
        ("", None),
        ("filter=active&", Some(false)),
        ("filter=completed&", Some(true)),
    ] {
        let expected = titles(&all, done);
        for (page, range) in expected.chunks(50).enumerate() {
            let path = format!("/tasks?{view}page={}", page + 1);
            let html = browser.page(&path).await;
            assert_eq!(text_of(&html, ".task-title"), range, "{path}");
        }
        for (offset, limit) in [(0, 10), (25, 10), (28, 50), (30, 40), (60, 100)] {
            let query = format!("?{view}offset={offset}&limit={limit}");
            let got = alice.titles(&query).await;
            let want: Vec<String> = expected.iter().skip(offset).take(limit).cloned().collect();
            assert_eq!(got, want, "{query}");
        }
    }
}

#[tokio::test]
async fn going_back_by_key_crosses_an_empty_list_to_the_one_before() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let mine = default_list(&alice).await;
    create_list(&alice, "Empty").await;
    let later = create_list(&alice, "Later").await;
    let mut all = fill(&alice, mine, "mine", 45).await;
    all.extend(fill(&alice, later, "later", 45).await);
    let expected = titles(&all, None);
    let link = |html: &str, rel: &str| {
        attribute(html, &format!("a[rel={rel}]"), "href")
            .pop()
            .unwrap_or_else(|| panic!("a {rel} link"))
    };

    let first = browser.page("/tasks").await;
    let second = browser.page(&link(&first, "next")).await;
    assert_eq!(text_of(&second, ".task-title"), expected[50..]);
    // Back from the first task of Later, whose list comes after the empty
    // one: the last five of the default list and what follows them.
    let back = browser.page(&link(&second, "prev")).await;
    assert_eq!(text_of(&back, ".task-title"), expected[..50]);
    assert!(attribute(&back, "a[rel=prev]", "href").is_empty());
}

#[tokio::test]
async fn a_page_link_of_another_list_never_shows_that_list_on_this_ones_page() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let mine = default_list(&alice).await;
    let other = create_list(&alice, "Other").await;
    add_to(&alice, mine, "mine").await;
    let theirs = add_to(&alice, other, "other's").await;
    // A cursor edited by hand: this list's page, the other list's task.
    let html = browser
        .page(&format!("/lists/{mine}?after={other}.-1.{theirs}"))
        .await;
    assert_eq!(text_of(&html, ".task-title"), ["mine"]);
}
