//! Subtasks, labels and the trash, click by click: subtasks added on a
//! task's page are drawn under it in the list with their progress on it;
//! a label's chip narrows the view to the tasks that carry it, whatever
//! its case; and a deleted task, with its subtasks, waits in the trash,
//! from which the flash's Undo or the trash page brings it back, until the
//! trash is emptied.

use crate::harness::{Driver, Page, spawn_app};

/// The list's titles, each on one line. A nested row's title link starts
/// with a visually hidden "Subtask: " for screen readers; WebDriver's text
/// includes it (the span is clipped, not hidden), on a line of its own
/// since the span is absolutely positioned, so "Subtask:\nBuy cake". The
/// prefix is kept, as part of what the row says; only the line break,
/// which is layout, goes.
async fn titles(page: &Page) -> Vec<String> {
    page.titles()
        .await
        .iter()
        .map(|title| title.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Adds a subtask with the form of the task page the browser shows.
async fn add_subtask(page: &Page, title: &str) {
    page.fill("#subtask-title", title).await;
    page.click("form[action$='/subtasks'] button[type=submit]")
        .await;
}

/// Adds a task with labels through the list's add form.
async fn add_labelled(page: &Page, title: &str, labels: &str) {
    page.fill("#title", title).await;
    // The labels field is in the form's disclosure, closed on every new
    // page; a browser does not type into a field it does not show.
    page.find("details.add-details summary")
        .await
        .click()
        .await
        .expect("the disclosure opens");
    page.fill("#labels", labels).await;
    page.click(".add-row button[type=submit]").await;
}

/// The path of the page without its query: the task page's `return_to`
/// is spelled differently by its links and by the redirect after a form.
async fn bare_path(page: &Page) -> String {
    let path = page.path().await;
    path.split('?').next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn subtasks_added_on_the_task_page_sit_under_it_with_its_progress() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("alice").await;
    page.add_task("Plan the party").await;

    page.click(".task-title").await;
    let task_path = bare_path(&page).await;
    assert!(task_path.starts_with("/tasks/"), "{task_path}");
    assert_eq!(page.count("ul.subtask-list").await, 0);
    add_subtask(&page, "Invite friends").await;
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Added the subtask “Invite friends”.")
    );
    // Back on the same task's page, ready for the next one.
    assert_eq!(bare_path(&page).await, task_path);
    add_subtask(&page, "Buy cake").await;
    assert_eq!(bare_path(&page).await, task_path);
    assert_eq!(
        page.texts("ul.subtask-list li a").await,
        ["Invite friends", "Buy cake"]
    );
    assert_eq!(page.text("#subtasks-heading .count").await, "0 of 2 done");
    page.assert_clean("a task page with subtasks").await;

    // In the list's own order, each subtask comes right under its parent,
    // one level in.
    page.click(".nav-links a[href='/tasks']").await;
    assert_eq!(
        titles(&page).await,
        [
            "Plan the party",
            "Subtask: Invite friends",
            "Subtask: Buy cake"
        ]
    );
    assert_eq!(
        page.count(&format!("{}[class*='depth-']", Page::row(1)))
            .await,
        0
    );
    for row in [2, 3] {
        assert_eq!(
            page.count(&format!("{}.depth-1", Page::row(row))).await,
            1,
            "row {row} is nested"
        );
    }
    assert_eq!(
        page.text(&format!("{} .badge.progress", Page::row(1)))
            .await,
        "0 of 2 done"
    );
    assert_eq!(page.count(".badge.progress").await, 1, "only on the parent");

    // A subtask done from the list counts on its parent's badge.
    page.click(&format!("{} button.check", Page::row(3))).await;
    assert_eq!(page.path().await, "/tasks");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Marked “Buy cake” as done.")
    );
    assert_eq!(
        page.text(&format!("{} .badge.progress", Page::row(1)))
            .await,
        "1 of 2 done"
    );
    assert_eq!(
        page.count(&format!("{}.depth-1.completed", Page::row(3)))
            .await,
        1,
        "a done subtask keeps its place under its parent"
    );
    page.assert_clean("the list with subtasks").await;

    // Another order than the list's own would split parents from their
    // subtasks: the rows go flat, each subtask naming its parent.
    page.goto("/tasks?sort=title").await;
    assert_eq!(
        titles(&page).await,
        ["Buy cake", "Invite friends", "Plan the party"]
    );
    assert_eq!(page.count("li.task[class*='depth-']").await, 0);
    assert_eq!(
        page.texts(".task-parent").await,
        ["Plan the party ›", "Plan the party ›"]
    );

    // Without its parent on the page, a subtask is not indented under
    // nothing: it names its parent too.
    page.goto("/tasks").await;
    page.click(".filters a[href='/tasks?filter=completed']")
        .await;
    assert_eq!(titles(&page).await, ["Buy cake"]);
    assert_eq!(page.count("li.task[class*='depth-']").await, 0);
    assert_eq!(page.text(".task-parent").await, "Plan the party ›");
}

#[tokio::test]
async fn a_label_chip_shows_the_tasks_with_that_label_whatever_its_case() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("alice").await;

    add_labelled(&page, "Buy milk", "errands, Home").await;
    assert_eq!(page.flash().await.as_deref(), Some("Added “Buy milk”."));
    add_labelled(&page, "Call mum", "home").await;
    page.add_task("Write report").await;
    assert_eq!(
        page.titles().await,
        ["Buy milk", "Call mum", "Write report"]
    );
    // Each task keeps the case its labels were typed in.
    assert_eq!(
        page.texts(&format!("{} a.label-chip", Page::row(1))).await,
        ["errands", "Home"]
    );
    assert_eq!(
        page.texts(&format!("{} a.label-chip", Page::row(2))).await,
        ["home"]
    );
    assert_eq!(
        page.count(&format!("{} a.label-chip", Page::row(3))).await,
        0
    );

    // "Home" and "home" are one label.
    page.click(&format!(
        "{} a.label-chip[href='/tasks?label=Home']",
        Page::row(1)
    ))
    .await;
    assert_eq!(page.path().await, "/tasks?label=Home");
    assert_eq!(page.titles().await, ["Buy milk", "Call mum"]);
    assert_eq!(page.text("p.label-filter .label-chip").await, "Home");
    page.assert_clean("the view of one label").await;

    page.click("p.label-filter a").await;
    assert_eq!(page.path().await, "/tasks");
    assert_eq!(
        page.titles().await,
        ["Buy milk", "Call mum", "Write report"]
    );
}

#[tokio::test]
async fn a_deleted_task_waits_in_the_trash_with_its_subtasks_until_emptied() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("alice").await;
    for title in ["A", "B", "C"] {
        page.add_task(title).await;
    }

    // A deletion can be undone from its own message, and the task comes
    // back where it was, not at the end.
    page.click(&format!("{} button.danger-link", Page::row(2)))
        .await;
    assert_eq!(page.path().await, "/tasks");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Moved “B” to the trash.")
    );
    assert_eq!(page.titles().await, ["A", "C"]);
    page.click(".flash form[action$='/restore'] button").await;
    assert_eq!(page.path().await, "/tasks");
    assert_eq!(page.flash().await.as_deref(), Some("Restored “B”."));
    assert_eq!(page.titles().await, ["A", "B", "C"]);

    // A parent goes to the trash with its subtasks.
    page.add_task("Move house").await;
    page.click(&format!("{} a.task-title", Page::row(4))).await;
    add_subtask(&page, "Pack boxes").await;
    add_subtask(&page, "Book a van").await;
    page.click(".nav-links a[href='/tasks']").await;
    let with_subtasks = [
        "A",
        "B",
        "C",
        "Move house",
        "Subtask: Pack boxes",
        "Subtask: Book a van",
    ];
    assert_eq!(titles(&page).await, with_subtasks);
    page.click(&format!("{} button.danger-link", Page::row(4)))
        .await;
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Moved “Move house” and its 2 subtasks to the trash.")
    );
    assert_eq!(page.titles().await, ["A", "B", "C"]);

    // The trash shows it as one item, with what went along, and B, put
    // back by Undo, is not there.
    page.click(".nav-links a[href='/trash']").await;
    assert_eq!(page.path().await, "/trash");
    assert_eq!(page.count("ul.trash-list li").await, 1);
    assert_eq!(page.titles().await, ["Move house"]);
    let badges = page.texts("ul.trash-list li .badge").await;
    assert!(badges.contains(&"with 2 subtasks".to_owned()), "{badges:?}");
    page.assert_clean("the trash").await;

    page.click("ul.trash-list li button[formaction$='/restore']")
        .await;
    assert_eq!(page.path().await, "/trash");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Restored “Move house”.")
    );
    assert_eq!(page.text(".empty").await, "The trash is empty.");
    page.click(".nav-links a[href='/tasks']").await;
    assert_eq!(titles(&page).await, with_subtasks);
    for row in [5, 6] {
        assert_eq!(
            page.count(&format!("{}.depth-1", Page::row(row))).await,
            1,
            "row {row} is under its parent again"
        );
    }

    // Emptying the trash deletes the parent and its subtasks for good.
    page.click(&format!("{} button.danger-link", Page::row(4)))
        .await;
    page.click(".nav-links a[href='/trash']").await;
    // It asks to be sure: the box first.
    page.find("#confirm")
        .await
        .click()
        .await
        .expect("ticking the box");
    page.click("form[action='/trash/empty'] button[type=submit]")
        .await;
    assert_eq!(page.path().await, "/trash");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Deleted 3 tasks for good.")
    );
    assert_eq!(page.count("ul.trash-list li").await, 0);
    assert_eq!(page.text(".empty").await, "The trash is empty.");
    page.assert_clean("the emptied trash").await;
}
