//! Tasks across lists: moving a task (on its edit form and over the API),
//! where it may go, the task list of every list you can see, and what a
//! list you may only read offers and refuses.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{add_to, create_list, default_list, lists_of, share, state};
use crate::helpers::{
    TASKS, assert_error, assert_invalid, attribute, location, spawn_app, text_of,
};

#[tokio::test]
async fn a_task_moved_on_its_edit_form_shows_up_in_the_other_list() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let response = browser
        .submit("/lists", "/lists", &[("name", "Home"), ("colour", "teal")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let home: i64 = location(&response)
        .strip_prefix("/lists/")
        .and_then(|id| id.parse().ok())
        .expect("a redirect to the new list");
    let tasks = default_list(&alice).await;
    let id = browser.add_task("Fix the tap").await;

    let page = format!("/tasks/{id}");
    let home_id = home.to_string();
    let fields = [("title", "Fix the tap"), ("list_id", home_id.as_str())];
    let response = browser.submit(&page, &page, &fields).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        browser.titles_on(&format!("/lists/{home}")).await,
        ["Fix the tap"]
    );
    assert!(
        browser
            .titles_on(&format!("/lists/{tasks}"))
            .await
            .is_empty()
    );
    let task = alice.get_task(&format!("{TASKS}/{id}")).await;
    assert_eq!(task["list_id"], home);
}

#[tokio::test]
async fn a_task_moved_through_the_api_shows_up_in_the_other_list() {
    let app = spawn_app().await;
    let (_, alice) = app.api_user("alice").await;
    let home = create_list(&alice, "Home").await;
    let tasks = default_list(&alice).await;
    let task = alice.create(json!({"title": "Fix the tap"})).await;

    let moved = alice.patch(&task, json!({"list_id": home})).await;

    assert_eq!(moved["list_id"], home);
    assert_eq!(
        alice.titles(&format!("?list={home}")).await,
        ["Fix the tap"]
    );
    assert!(alice.titles(&format!("?list={tasks}")).await.is_empty());
    let lists = lists_of(&alice).await;
    let open = |id: i64| {
        lists
            .iter()
            .find(|l| l["id"] == id)
            .map(|l| l["open"].clone())
    };
    assert_eq!((open(home), open(tasks)), (Some(json!(1)), Some(json!(0))));
}

#[tokio::test]
async fn a_task_cannot_move_to_a_list_you_may_only_read_403_nor_to_one_you_cannot_see_422() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (_, carol) = app.api_user("carol").await;
    let (browser, bob) = app.api_user("bob").await;
    let readable = create_list(&olive, "Olive's").await;
    share(&olive, readable, "bob", "read").await;
    let hidden = create_list(&carol, "Carol's").await;
    let task = bob.create(json!({"title": "mine"})).await;
    let before = app.task_row(&task);
    let path = format!("{TASKS}/{}", task["id"]);

    let to = |list: i64| json!({"list_id": list});
    let response = bob.send_json(Method::PATCH, &path, &to(readable)).await;
    let message = assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    assert!(message.contains("write access"), "{message}");
    let response = bob.send_json(Method::PATCH, &path, &to(hidden)).await;
    assert_invalid(response, "list_id").await;

    let page = format!("/tasks/{}", task["id"]);
    for (list, status) in [
        (readable, StatusCode::FORBIDDEN),
        (hidden, StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let list_id = list.to_string();
        let fields = [("title", "mine"), ("list_id", list_id.as_str())];
        let response = browser.submit(&page, &page, &fields).await;
        assert_eq!(response.status(), status, "moving to list {list}");
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            // The edit form again, the refusal beside the list, the input kept.
            let html = response.text().await.expect("a page");
            let error = text_of(&html, "#list_id-error");
            assert_eq!(error.len(), 1, "{html}");
            assert!(error[0].contains("list"), "{error:?}");
            assert_eq!(attribute(&html, "#title", "value"), ["mine"]);
        }
    }
    // The add form, the same: a list you cannot see is refused beside it.
    let hidden_id = hidden.to_string();
    let fields = [
        ("title", "sneaked in"),
        ("list_id", hidden_id.as_str()),
        ("return_to", "/tasks"),
    ];
    let response = browser.submit("/tasks", "/tasks", &fields).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("a page");
    assert_eq!(text_of(&html, "#list_id-error").len(), 1, "{html}");
    assert_eq!(attribute(&html, "#title", "value"), ["sneaked in"]);
    assert_eq!(app.count("tasks WHERE title = 'sneaked in'"), 0);

    assert_eq!(app.task_row(&task), before);
    assert_eq!(bob.get_task(&path).await["list_id"], task["list_id"]);
    assert_eq!(
        app.count(&format!("tasks WHERE list_id IN ({readable}, {hidden})")),
        0
    );
}

#[tokio::test]
async fn the_task_list_shows_the_tasks_of_every_list_you_can_see() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (browser, bob) = app.api_user("bob").await;
    let groceries = create_list(&olive, "Groceries").await;
    add_to(&olive, groceries, "milk").await;
    olive.create(json!({"title": "olive's own"})).await;
    share(&olive, groceries, "bob", "read").await;
    bob.create(json!({"title": "bob's own"})).await;

    let mut titles = browser.titles_on("/tasks").await;
    titles.sort();
    assert_eq!(titles, ["bob's own", "milk"]);
    let mut titles = bob.titles("").await;
    titles.sort();
    assert_eq!(titles, ["bob's own", "milk"]);
}

#[tokio::test]
async fn bulk_changes_to_a_list_you_may_only_read_are_403_and_change_nothing() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (browser, bob) = app.api_user("bob").await;
    let groceries = create_list(&olive, "Groceries").await;
    add_to(&olive, groceries, "milk").await;
    let bread = olive
        .create(json!({"title": "bread", "list_id": groceries}))
        .await;
    olive.patch(&bread, json!({"completed": true})).await;
    share(&olive, groceries, "bob", "read").await;
    let before = state(&app, groceries);
    let list_id = groceries.to_string();
    let page = format!("/lists/{groceries}");

    for action in ["/tasks/toggle-all", "/tasks/clear-completed"] {
        let response = browser
            .submit(&page, action, &[("list_id", &list_id)])
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{action}");
        let html = response.text().await.expect("a body");
        assert!(html.contains("write access"), "{action}: {html}");
        // Over every list he can see, a list he may only read is left alone.
        browser.submit("/tasks", action, &[]).await;
    }
    let response = bob
        .send(Method::DELETE, &format!("{TASKS}?list={groceries}"))
        .await;
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    let response = bob.send(Method::DELETE, TASKS).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT, "his own, if any");

    assert_eq!(state(&app, groceries), before);
}

#[tokio::test]
async fn a_list_you_may_only_read_offers_no_forms_to_change_it_and_no_list_picker_offers_it() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (browser, bob) = app.api_user("bob").await;
    let groceries = create_list(&olive, "Groceries").await;
    let milk = olive
        .create(json!({"title": "milk", "list_id": groceries}))
        .await;
    olive.patch(&milk, json!({"completed": true})).await;
    add_to(&olive, groceries, "bread").await;
    share(&olive, groceries, "bob", "read").await;
    let chores = create_list(&olive, "Chores").await;
    share(&olive, chores, "bob", "write").await;
    let own = bob.create(json!({"title": "bob's own"})).await;

    let html = browser.page(&format!("/lists/{groceries}")).await;
    for form in ["form.add-form", "form.toggle-all", "form.clear-completed"] {
        assert!(text_of(&html, form).is_empty(), "no {form} for a reader");
    }
    let html = browser.page(&format!("/lists/{chores}")).await;
    assert_eq!(text_of(&html, "form.add-form").len(), 1, "a writer adds");

    let mut offered = text_of(&browser.page("/tasks").await, "#list_id option");
    offered.sort();
    assert_eq!(offered, ["Chores", "Tasks"], "the add form's lists");
    let edit = browser.page(&format!("/tasks/{}", own["id"])).await;
    let mut offered = text_of(&edit, "#list_id option");
    offered.sort();
    assert_eq!(offered, ["Chores", "Tasks"], "the edit form's lists");
    assert!(!attribute(&edit, "#list_id option", "value").contains(&groceries.to_string()));
}

#[tokio::test]
async fn a_task_you_may_only_read_has_no_buttons_to_toggle_or_delete_it() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (browser, bob) = app.api_user("bob").await;
    let groceries = create_list(&olive, "Groceries").await;
    let milk = add_to(&olive, groceries, "milk").await;
    share(&olive, groceries, "bob", "read").await;
    let own = bob.create(json!({"title": "bob's own"})).await;

    let buttons = |html: &str| attribute(html, "button[formaction]", "formaction");
    let html = browser.page(&format!("/lists/{groceries}")).await;
    assert_eq!(text_of(&html, ".task-title"), ["milk"]);
    assert!(buttons(&html).is_empty(), "{:?}", buttons(&html));

    // Across lists, each task's buttons follow its own list.
    let html = browser.page("/tasks").await;
    let own = own["id"].as_i64().expect("an id");
    assert_eq!(
        buttons(&html),
        [
            format!("/tasks/{own}/toggle"),
            format!("/tasks/{own}/delete")
        ]
    );
    assert!(!buttons(&html).iter().any(|b| b.contains(&milk.to_string())));
}

#[tokio::test]
async fn every_page_shows_your_lists_with_their_open_counts() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (browser, bob) = app.api_user("bob").await;
    let groceries = create_list(&olive, "Groceries").await;
    add_to(&olive, groceries, "milk").await;
    add_to(&olive, groceries, "bread").await;
    share(&olive, groceries, "bob", "read").await;
    bob.create(json!({"title": "bob's own"})).await;

    for page in ["/account", "/tasks", "/"] {
        let html = browser.page(page).await;
        let nav: Vec<String> = text_of(&html, ".lists-nav a")
            .iter()
            .map(|link| link.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            nav,
            ["Tasks 1 open", "Groceries, shared by olive 2 open"],
            "{page}"
        );
    }
    let html = browser.page(&format!("/lists/{groceries}")).await;
    assert_eq!(
        attribute(&html, ".lists-nav a[aria-current=page]", "href"),
        [format!("/lists/{groceries}")]
    );
}

#[tokio::test]
async fn pages_across_lists_follow_each_list_in_turn_and_neither_skip_nor_repeat() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;
    let errands = create_list(&alice, "Errands").await;
    // 60 tasks in her default list, then 45 in Errands: the second page
    // ends her default list and begins Errands, going forward and back.
    let mut titles = Vec::new();
    for n in 1..=60 {
        let title = format!("tasks {n:02}");
        alice.create(json!({"title": title})).await;
        titles.push(title);
    }
    for n in 1..=45 {
        let title = format!("errand {n:02}");
        add_to(&alice, errands, &title).await;
        titles.push(title);
    }
    let link = |html: &str, rel: &str| {
        attribute(html, &format!("a[rel={rel}]"), "href")
            .pop()
            .unwrap_or_else(|| panic!("a {rel} link"))
    };

    let first = browser.page("/tasks").await;
    assert_eq!(text_of(&first, ".task-title"), titles[..50]);
    let next = link(&first, "next");
    assert!(next.contains("after="), "by key: {next}");
    let second = browser.page(&next).await;
    assert_eq!(text_of(&second, ".task-title"), titles[50..100]);
    let third = browser.page(&link(&second, "next")).await;
    assert_eq!(text_of(&third, ".task-title"), titles[100..]);
    assert!(attribute(&third, "a[rel=next]", "href").is_empty());

    // Back, across the lists' boundary, to exactly the second page.
    let back = browser.page(&link(&third, "prev")).await;
    assert_eq!(text_of(&back, ".task-title"), titles[50..100]);
}

#[tokio::test]
async fn the_tasks_of_a_list_you_cannot_see_are_not_found_not_an_empty_list() {
    let app = spawn_app().await;
    let (_, carol) = app.api_user("carol").await;
    let (browser, bob) = app.api_user("bob").await;
    let hidden = create_list(&carol, "Carol's").await;
    add_to(&carol, hidden, "carol's secret").await;
    for query in [
        format!("?list={hidden}"),
        format!("?list={hidden}&q=secret"),
    ] {
        let response = bob.send(Method::GET, &format!("{TASKS}{query}")).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
        let page = browser.get(&format!("/tasks{query}")).await;
        assert_eq!(page.status(), StatusCode::NOT_FOUND, "/tasks{query}");
    }
}
