//! What is due, click by click: a task due today shows on Today with its
//! list, the navigation counts it, and marking it done there stays there.

use crate::harness::{Driver, Page, spawn_app};

#[tokio::test]
async fn a_task_due_today_is_counted_shown_on_today_and_done_from_there() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("alice").await;

    // One task due today (the date field is in the add form's details),
    // one without a date.
    let today = chrono::Utc::now().date_naive().to_string();
    page.fill("#title", "Pay the rent").await;
    page.set_value("#due", &today).await;
    page.click(".add-row button[type=submit]").await;
    page.add_task("Someday").await;
    let count = page.text(".nav-links a[href='/today'] .count").await;
    assert!(count.starts_with('1'), "{count:?}");

    page.click(".nav-links a[href='/today']").await;
    assert_eq!(page.path().await, "/today");
    assert_eq!(page.titles().await, ["Pay the rent"]);
    // One list only: no badge saying which.
    assert_eq!(page.count(".list-badge").await, 0);
    assert!(page.text("h2.day-heading").await.starts_with("Today, "));
    page.assert_clean("the Today page").await;

    page.click(&format!("{} button.check", Page::row(1))).await;
    assert_eq!(page.path().await, "/today");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Marked “Pay the rent” as done.")
    );
    assert_eq!(page.text(".empty").await, "Nothing due today. Well done!");
    assert_eq!(page.count(".nav-links .count").await, 0);
}
