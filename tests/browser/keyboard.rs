//! ticked without a mouse: the keys a keyboard user has (Tab, Enter,
//! Space) are enough, and the focus can always be seen.

use fantoccini::key::Key;

use crate::harness::{Driver, Page, spawn_app};

/// Whether the focused element draws a focus indicator.
async fn focus_is_visible(page: &Page) -> bool {
    let outline = page
        .js(
            "const s = getComputedStyle(document.activeElement); \
             return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;",
            vec![],
        )
        .await;
    outline.as_bool() == Some(true)
}

#[tokio::test]
async fn adding_and_completing_a_task_takes_only_the_keyboard() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("kim").await;

    // The first Tab on a page reaches the skip link, which leads to the content.
    page.goto("/account").await;
    page.press(Key::Tab).await;
    assert_eq!(page.focused().await, "a.skip-link");
    assert!(
        focus_is_visible(&page).await,
        "the skip link shows its focus"
    );
    let left = page
        .js(
            "return document.activeElement.getBoundingClientRect().left;",
            vec![],
        )
        .await;
    assert!(
        left.as_f64().unwrap() >= 0.0,
        "the focused skip link is on screen"
    );
    page.press(Key::Enter).await;
    let url = page.client.current_url().await.unwrap();
    assert_eq!(url.fragment(), Some("main"), "the skip link leads to #main");

    // On the list, the focus starts in the add field: type, then Enter.
    page.goto("/tasks").await;
    assert_eq!(page.focused().await, "input#title in form.add-form");
    page.type_keys("Water the plants").await;
    page.press_and_load(Key::Enter).await;
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Added “Water the plants”.")
    );
    assert_eq!(page.titles().await, ["Water the plants"]);
    assert_eq!(
        page.focused().await,
        "input#title in form.add-form",
        "the add field has the focus again, for the next task"
    );

    // Tab along to the task's toggle button, every stop visibly focused.
    let mut stops = Vec::new();
    loop {
        page.press(Key::Tab).await;
        let focused = page.focused().await;
        assert!(
            focus_is_visible(&page).await,
            "no visible focus on {focused}"
        );
        stops.push(focused.clone());
        if focused == "button.check in form.task-actions" {
            break;
        }
        assert!(stops.len() < 12, "Tab never reached the toggle: {stops:?}");
    }

    // Space presses it.
    page.press_and_load(Key::Space).await;
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Marked “Water the plants” as done.")
    );
    assert_eq!(page.text(".todo-count").await, "0 items left");
    assert_eq!(page.count(".task.completed").await, 1);
    page.assert_clean("the list after keyboard use").await;
}
