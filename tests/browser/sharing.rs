//! Two people and one list, click by click: the owner makes a list and
//! shares it, the other adds to it, and when the owner lowers their access
//! to reading, the page and the server both stop them.

use serde_json::json;

use crate::harness::{Driver, Page, spawn_app};

/// Shares the list whose settings `page` shows with `username` at `level`
/// (or changes their level), with the share form.
async fn share_on_settings(page: &Page, username: &str, level: &str) {
    page.fill("#username", username).await;
    page.find("#level")
        .await
        .select_by_value(level)
        .await
        .unwrap();
    page.click("form[action$='/members'] button[type=submit]")
        .await;
}

#[tokio::test]
async fn a_list_shared_at_write_then_read_lets_the_other_add_then_only_look() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let olive = driver.open(&app).await;
    olive.register("olive").await;
    let bob = driver.open(&app).await;
    bob.register("bob").await;

    // Olive makes a list from the lists page and lands on it.
    olive.click(".nav-links a[href='/lists']").await;
    olive.fill("#name", "Groceries").await;
    olive
        .find("#colour")
        .await
        .select_by_value("green")
        .await
        .unwrap();
    olive
        .click("form[action='/lists'] button[type=submit]")
        .await;
    assert_eq!(
        olive.flash().await.as_deref(),
        Some("Made the list “Groceries”.")
    );
    let list_path = olive.path().await;
    assert!(list_path.starts_with("/lists/"), "{list_path}");
    olive.add_task("Oat milk").await;
    assert_eq!(olive.titles().await, ["Oat milk"]);

    // She shares it with bob, who may write.
    olive.click(".list-meta a[href$='/settings']").await;
    share_on_settings(&olive, "bob", "write").await;
    assert_eq!(
        olive.flash().await.as_deref(),
        Some("Shared with bob (write access).")
    );
    assert!(
        olive
            .texts(".members-table td")
            .await
            .contains(&"Can edit".to_owned())
    );
    olive.assert_clean("the settings of a shared list").await;

    // Bob sees it in his lists navigation, opens it, and adds a task.
    bob.goto("/tasks").await;
    let nav = bob.texts(".lists-nav a").await;
    assert!(
        nav.iter().any(|name| name.starts_with("Groceries")),
        "{nav:?}"
    );
    bob.click(&format!(".lists-nav a[href='{list_path}']"))
        .await;
    assert!(
        bob.text(".list-meta").await.starts_with("Shared by olive"),
        "the page says whose list it is"
    );
    bob.add_task("Bread").await;
    assert_eq!(bob.path().await, list_path);
    assert_eq!(bob.titles().await, ["Oat milk", "Bread"]);
    bob.assert_clean("a list shared with write access").await;

    // Olive sees bob's task in her list, and in all her tasks.
    olive.goto(&list_path).await;
    assert_eq!(olive.titles().await, ["Oat milk", "Bread"]);
    olive.goto("/tasks").await;
    assert_eq!(olive.titles().await, ["Oat milk", "Bread"]);

    // She lowers bob to reading, with the same form.
    olive.goto(&format!("{list_path}/settings")).await;
    share_on_settings(&olive, "bob", "read").await;
    assert_eq!(
        olive.flash().await.as_deref(),
        Some("bob now has read access.")
    );

    // Bob's next look at the list has no add form and no buttons on the
    // tasks, only the tasks and a sentence saying why.
    bob.goto(&list_path).await;
    assert_eq!(bob.count("form.add-form").await, 0);
    assert_eq!(bob.count(".task-list form").await, 0);
    assert_eq!(
        bob.text(".read-only").await,
        "You can view this list but not change its tasks."
    );
    assert_eq!(bob.titles().await, ["Oat milk", "Bread"]);
    bob.assert_clean("a list shared read-only").await;

    // A POST forged from his page, with his own valid CSRF token, is
    // refused by the server, and adds nothing.
    let status = bob
        .js(
            "const token = document.querySelector('input[name=csrf_token]').value;
             const body = new URLSearchParams({
                 csrf_token: token, title: 'Forged', list_id: arguments[0] });
             return fetch('/tasks', { method: 'POST', body, redirect: 'manual' })
                 .then(response => response.status);",
            vec![json!(list_path.trim_start_matches("/lists/"))],
        )
        .await;
    assert_eq!(status, json!(403));
    olive.goto(&list_path).await;
    assert_eq!(olive.titles().await, ["Oat milk", "Bread"]);
}
