//! What people do with ticked, click by click: keep a list, and run a
//! server with other people on it.

use crate::harness::{Driver, Page, spawn_app};

/// A title that would run script or make markup if the page did not escape
/// what users write.
const MARKUP_TITLE: &str =
    r#"<b>Bold</b> & <script>document.title = "owned"</script> <img src=x alt="img">"#;

#[tokio::test]
async fn a_user_keeps_a_list_and_every_action_keeps_the_view() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;

    // Register from the home page; the new account lands on its empty list.
    page.goto("/").await;
    page.assert_clean("the home page").await;
    page.click(".nav-links a[href='/register']").await;
    page.register("alice").await;
    assert!(page.text(".empty").await.starts_with("Nothing to do yet"));
    page.assert_clean("the empty list").await;

    // Log out, and back in.
    page.click("form[action='/logout'] button").await;
    assert_eq!(page.path().await, "/");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("You have been logged out.")
    );
    page.click(".nav-links a[href='/login']").await;
    page.log_in("alice").await;
    assert_eq!(page.path().await, "/tasks");

    // Add three tasks, one of them full of markup: it is shown as text.
    page.add_task("Buy milk").await;
    assert_eq!(page.flash().await.as_deref(), Some("Added “Buy milk”."));
    page.add_task(MARKUP_TITLE).await;
    page.add_task("Call the plumber").await;
    assert_eq!(
        page.titles().await,
        ["Buy milk", MARKUP_TITLE, "Call the plumber"]
    );
    assert_eq!(
        page.count(".task-title b, .task-title script, .task-title img, .flash b")
            .await,
        0
    );
    assert_eq!(page.client.title().await.unwrap(), "All tasks · ticked");
    assert_eq!(page.text(".todo-count").await, "3 items left");
    page.assert_clean("the list with markup in a title").await;

    // Toggle the first one.
    page.click(&format!("{} button.check", Page::row(1))).await;
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Marked “Buy milk” as done.")
    );
    let pressed = page
        .find(&format!("{} button.check", Page::row(1)))
        .await
        .attr("aria-pressed")
        .await
        .unwrap();
    assert_eq!(pressed.as_deref(), Some("true"));
    assert_eq!(page.text(".todo-count").await, "2 items left");

    // Filter: only the open ones, and the link says which filter is on.
    page.click(".filters a[href='/tasks?filter=active']").await;
    assert_eq!(page.path().await, "/tasks?filter=active");
    assert_eq!(page.titles().await, [MARKUP_TITLE, "Call the plumber"]);
    assert_eq!(page.text(".filters a[aria-current=page]").await, "Active");

    // Search within that filter (the form also sends its list choice,
    // "All lists", as an empty `list`).
    page.fill("#q", "plumber").await;
    page.click(".view-form button[type=submit]").await;
    assert_eq!(
        page.path().await,
        "/tasks?list=&filter=active&q=plumber&sort=order"
    );
    assert_eq!(page.titles().await, ["Call the plumber"]);

    // Edit from the filtered, searched view; saving returns to it.
    page.click(".task-title").await;
    assert!(page.path().await.starts_with("/tasks/"));
    page.fill("#title", "Call the plumber about the sink").await;
    page.fill("#notes", "Before Friday.\nThe number is on the fridge.")
        .await;
    page.set_value("#due", "2020-01-31").await;
    page.find("#priority")
        .await
        .select_by_value("high")
        .await
        .unwrap();
    page.click("form.stack button[type=submit]").await;
    assert_eq!(page.path().await, "/tasks?filter=active&q=plumber");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Saved “Call the plumber about the sink”.")
    );
    assert_eq!(page.titles().await, ["Call the plumber about the sink"]);
    let meta = page.text(".task-meta").await;
    assert!(meta.contains("High priority"), "{meta}");
    assert!(meta.contains("Overdue"), "{meta}");
    assert!(
        page.text(".task-notes").await.contains("on the fridge"),
        "the notes show in the list"
    );

    // Toggle it there: the view stays, and the task leaves it.
    page.click(&format!("{} button.check", Page::row(1))).await;
    assert_eq!(page.path().await, "/tasks?filter=active&q=plumber");
    assert!(page.titles().await.is_empty());
    assert!(page.text(".empty").await.starts_with("No tasks match"));

    // Drop the search, keep the filter; delete the markup task there.
    page.click(".empty a").await;
    assert_eq!(page.path().await, "/tasks?filter=active");
    assert_eq!(page.titles().await, [MARKUP_TITLE]);
    page.click(&format!("{} button.danger-link", Page::row(1)))
        .await;
    assert_eq!(page.path().await, "/tasks?filter=active");
    assert!(
        page.flash()
            .await
            .is_some_and(|flash| flash.starts_with("Moved “<b>Bold</b>"))
    );
    assert_eq!(page.text(".empty").await, "Nothing left to do. Well done!");
    page.assert_clean("after deleting").await;

    // Toggle all, both ways, from the whole list.
    page.click(".filters a[href='/tasks']").await;
    assert_eq!(page.path().await, "/tasks");
    assert_eq!(page.text(".todo-count").await, "0 items left");
    assert_eq!(page.text(".toggle-all button").await, "Mark all as active");
    page.click(".toggle-all button").await;
    assert_eq!(page.text(".todo-count").await, "2 items left");
    assert_eq!(page.count(".task.completed").await, 0);
    assert_eq!(page.count("form.clear-completed").await, 0);
    page.click(".toggle-all button").await;
    assert_eq!(page.text(".todo-count").await, "0 items left");
    assert_eq!(page.count(".task.completed").await, 2);

    // Clear completed from the "Completed" view, which stays.
    page.click(".filters a[href='/tasks?filter=completed']")
        .await;
    page.click("form.clear-completed button").await;
    assert_eq!(page.path().await, "/tasks?filter=completed");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Moved 2 tasks to the trash.")
    );
    assert!(page.text(".empty").await.starts_with("Nothing to do yet"));
    page.assert_clean("after clearing").await;

    // Log out: the list is behind the login page again.
    page.click("form[action='/logout'] button").await;
    page.goto("/tasks").await;
    assert_eq!(page.path().await, "/login?next=%2Ftasks");
    page.assert_clean("the login page").await;
}

#[tokio::test]
async fn a_disabled_users_open_page_goes_to_the_login_page() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let admin = driver.open(&app).await;
    admin.register("root").await; // the first account: an administrator
    let bob = driver.open(&app).await;
    bob.register("bob").await;
    bob.add_task("Water the plants").await;

    admin.click(".nav-links a[href='/admin/users']").await;
    assert_eq!(admin.path().await, "/admin/users");
    let bobs_row = "tbody tr:nth-child(2)";
    assert!(
        admin
            .text(&format!("{bobs_row} th"))
            .await
            .starts_with("bob")
    );
    admin
        .click(&format!(
            "{bobs_row} form[action$='/status'] button[type=submit]"
        ))
        .await;
    assert_eq!(
        admin.text(&format!("{bobs_row} td:nth-of-type(2)")).await,
        "Disabled"
    );
    admin.assert_clean("the users page").await;

    // Bob's page is still open; his next click finds him logged out.
    bob.click(".nav-links a[href='/tasks']").await;
    assert_eq!(bob.path().await, "/login?next=%2Ftasks");
    bob.log_in("bob").await;
    assert!(
        bob.path().await.starts_with("/login"),
        "a disabled user cannot log in"
    );
    bob.assert_clean("the login page").await;

    // Enabled again, he logs in and finds his task.
    admin
        .click(&format!(
            "{bobs_row} form[action$='/status'] button[type=submit]"
        ))
        .await;
    assert_eq!(
        admin.text(&format!("{bobs_row} td:nth-of-type(2)")).await,
        "Active"
    );
    bob.goto("/login").await;
    bob.log_in("bob").await;
    assert_eq!(bob.path().await, "/tasks");
    assert_eq!(bob.titles().await, ["Water the plants"]);
}
