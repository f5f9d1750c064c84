//! A tour of every main page, filled with realistic data: each is checked
//! with axe-core (light scheme on a desktop, dark on a phone), must fit
//! both screens without sideways scrolling, and must log no error or CSP
//! violation. The tour also saves each page's HTML for the Nu HTML checker
//! and takes the README's screenshots.

use serde_json::json;

use crate::checks::{
    DESKTOP, PHONE, assert_accessible, assert_fits, axe_findings, axe_source, save_form_answer,
    save_html, screenshot,
};
use crate::harness::{Driver, Page, spawn_app};

/// The screenshots a page gets (19 in all, so the README stays light).
#[derive(Clone, Copy, PartialEq)]
enum Shot {
    DesktopLight,
    DesktopDark,
    PhoneLight,
    PhoneDark,
}

/// Every check on the page the browser shows now, named `name`; its HTML
/// is saved as a GET of the same address gives it.
async fn check(page: &Page, name: &str, shots: &[Shot]) {
    save_html(page, name).await;
    check_shown(page, name, shots).await;
}

/// Every check on the page the browser shows now, the answer to a POST
/// whose HTML [`save_form_answer`] has saved.
async fn check_shown(page: &Page, name: &str, shots: &[Shot]) {
    let axe = axe_source();
    page.assert_clean(name).await;
    let title = page.client.title().await.expect("the page's title");
    assert!(
        title.ends_with(" · ticked") && !title.contains('<'),
        "{name} has the title {title:?}"
    );

    for (size, dark) in [
        (DESKTOP, false),
        (DESKTOP, true),
        (PHONE, true),
        (PHONE, false),
    ] {
        let label = format!(
            "{name} at {}x{}, {}",
            size.0,
            size.1,
            if dark { "dark" } else { "light" }
        );
        page.set_viewport(size.0, size.1).await;
        page.set_dark(dark).await;
        assert_fits(page, &label).await;
        // axe's colour checks in both schemes, its layout checks on both screens.
        if let Some(source) = axe
            && ((size == DESKTOP && !dark) || (size == PHONE && dark))
        {
            assert_accessible(page, source, &label).await;
        }
        let shot = match (size == PHONE, dark) {
            (false, false) => Shot::DesktopLight,
            (false, true) => Shot::DesktopDark,
            (true, true) => Shot::PhoneDark,
            (true, false) => Shot::PhoneLight,
        };
        if shots.contains(&shot) {
            let file = format!(
                "{name}-{}-{}",
                if size == PHONE { "phone" } else { "desktop" },
                if dark { "dark" } else { "light" }
            );
            screenshot(page, size, &file).await;
        }
    }
    page.set_viewport(DESKTOP.0, DESKTOP.1).await;
    page.set_dark(false).await;
    page.assert_clean(name).await;
}

/// A task as the tour adds it: title, notes, due in so many days from
/// today, priority, labels (comma-separated).
type Seeded<'a> = (&'a str, &'a str, Option<i32>, &'a str, &'a str);

/// Adds a task through the add form's endpoint.
async fn seed_task(page: &Page, (title, notes, due_in, priority, labels): Seeded<'_>) {
    page.js(
        "const [title, notes, dueIn, priority, labels] = arguments; \
         const due = dueIn === null ? '' \
           : new Date(Date.now() + dueIn * 864e5).toISOString().slice(0, 10); \
         const csrf_token = document.querySelector('input[name=csrf_token]').value; \
         return fetch('/tasks', { method: 'POST', credentials: 'same-origin', \
           body: new URLSearchParams({ csrf_token, title, notes, due, priority, labels }) }) \
           .then((r) => r.status);",
        vec![
            json!(title),
            json!(notes),
            json!(due_in),
            json!(priority),
            json!(labels),
        ],
    )
    .await;
}

async fn log_out(page: &Page) {
    page.click("form[action='/logout'] button").await;
}

#[tokio::test]
async fn the_pages_for_visitors_are_accessible_fit_every_screen_and_log_no_errors() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;

    page.goto("/").await;
    check(&page, "home", &[]).await;

    page.goto("/register").await;
    check(&page, "register", &[]).await;
    // Too short a name and passwords that differ: errors beside the fields.
    page.fill("#username", "al").await;
    page.fill("#password", "correct horse battery").await;
    page.fill("#password_confirm", "correct horse").await;
    save_form_answer(&page, "form[action='/register']", "register-errors").await;
    page.click("form[action='/register'] button[type=submit]")
        .await;
    assert_eq!(page.count(".field-error").await, 2);
    check_shown(&page, "register-errors", &[]).await;

    page.goto("/login").await;
    check(&page, "login", &[Shot::DesktopDark, Shot::PhoneLight]).await;
    page.fill("#username", "nobody").await;
    page.fill("#password", "wrong password").await;
    save_form_answer(&page, "form[action='/login']", "login-error").await;
    page.click("form[action='/login'] button[type=submit]")
        .await;
    assert_eq!(page.count(".form-error").await, 1);
    check_shown(&page, "login-error", &[]).await;

    page.goto("/no/such/page").await;
    check(&page, "not-found", &[]).await;
}

#[tokio::test]
async fn the_pages_for_users_are_accessible_fit_every_screen_and_log_no_errors() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;

    // Three accounts: alice (the administrator), bob, and carol, whom
    // alice will disable.
    page.register("alice").await;
    log_out(&page).await;
    page.register("bob").await;
    seed_task(&page, ("Fix the bike", "", None, "normal", "")).await;
    // Bob shares a list of his with alice, so that her pages show one.
    page.goto("/lists").await;
    page.fill("#name", "Climbing trip").await;
    page.set_value("#colour", "orange").await;
    page.click("form[action='/lists'] button[type=submit]")
        .await;
    page.add_task("Check the ropes").await;
    page.click("a[href$='/settings']").await;
    page.fill("#username", "alice").await;
    page.set_value("#level", "write").await;
    page.click("form[action$='/members'] button[type=submit]")
        .await;
    page.goto("/admin/users").await;
    check(&page, "forbidden", &[]).await;
    page.goto("/tasks").await;
    log_out(&page).await;
    page.register("carol").await;
    log_out(&page).await;
    page.goto("/login").await;
    page.log_in("alice").await;

    check(&page, "tasks-empty", &[]).await;
    let tasks: [Seeded<'_>; 7] = [
        (
            "Renew the passport",
            "Photo booth at the post office; bring the old passport.",
            Some(-12),
            "high",
            "errands",
        ),
        ("Buy milk", "", Some(0), "normal", "errands, shop"),
        (
            "Write the quarterly report",
            "Numbers from the spreadsheet, charts like last year's.",
            Some(5),
            "normal",
            "work",
        ),
        ("Book flights for the summer", "", Some(40), "low", ""),
        // Quick add reads the repeat out of the title.
        ("Water the plants every week", "", Some(3), "normal", ""),
        (
            "Call the bank about the new card",
            "",
            Some(-2),
            "high",
            "errands",
        ),
        ("Read “The Left Hand of Darkness”", "", None, "low", ""),
    ];
    page.goto("/tasks").await;
    for task in tasks {
        seed_task(&page, task).await;
    }
    page.goto("/tasks").await;
    for row in [5, 6] {
        page.click(&format!("{} button.check", Page::row(row)))
            .await;
    }
    page.goto("/tasks").await;
    assert_eq!(
        page.count(".task").await,
        8,
        "hers, and bob's in the list he shares"
    );
    check(
        &page,
        "tasks",
        &[
            Shot::DesktopLight,
            Shot::DesktopDark,
            Shot::PhoneLight,
            Shot::PhoneDark,
        ],
    )
    .await;

    // What is due: today's (two overdue, one today) and the weeks ahead.
    page.goto("/today").await;
    assert_eq!(page.count(".task").await, 2, "the open ones due by today");
    check(&page, "today", &[Shot::DesktopLight]).await;
    page.goto("/upcoming").await;
    check(&page, "upcoming", &[]).await;
    page.goto("/tasks").await;

    // The add form with an error; the list behind it stays.
    save_form_answer(&page, "form.add-form", "tasks-error").await;
    page.click(".add-row button[type=submit]").await;
    assert_eq!(page.count("#title-error").await, 1);
    check_shown(&page, "tasks-error", &[]).await;

    page.goto("/tasks?filter=active&q=passport").await;
    check(&page, "tasks-search", &[]).await;
    page.goto("/tasks").await;
    page.click("a.label-chip[href='/tasks?label=errands']")
        .await;
    assert_eq!(page.count(".task").await, 3, "the errands");
    check(&page, "tasks-label", &[]).await;
    page.goto("/tasks").await;

    page.click(".task-title").await;
    check(&page, "task-edit", &[Shot::DesktopLight, Shot::PhoneDark]).await;
    page.fill("#title", " ").await;
    save_form_answer(&page, "form.stack", "task-edit-error").await;
    page.click("form.stack button[type=submit]").await;
    assert_eq!(page.count("#title-error").await, 1);
    check_shown(&page, "task-edit-error", &[]).await;

    // A repeating task's page: its Repeat fields, read back in words.
    page.goto("/tasks?q=plants").await;
    page.click(".task-title").await;
    assert_eq!(page.count(".repeat-summary").await, 1);
    check(&page, "task-repeat", &[]).await;

    // A list of her own, shared with bob, and its pages.
    page.goto("/lists").await;
    page.fill("#name", "Home").await;
    page.set_value("#colour", "teal").await;
    page.click("form[action='/lists'] button[type=submit]")
        .await;
    for title in [
        "Fix the kitchen tap",
        "Descale the kettle",
        "Hang the shelf",
    ] {
        page.add_task(title).await;
    }
    page.click(&format!("{} button.check", Page::row(2))).await;
    // Subtasks of the shelf, added on its page; one of them done.
    page.click(&format!("{} .task-title", Page::row(3))).await;
    for title in ["Buy wall plugs", "Find the drill"] {
        page.fill("#subtask-title", title).await;
        page.click("form[action$='/subtasks'] button[type=submit]")
            .await;
    }
    assert_eq!(page.count(".subtask-list li").await, 2);
    check(&page, "task-subtasks", &[]).await;
    page.click(".task-summary a[href^='/lists/']").await;
    page.click(&format!("{} button.check", Page::row(5))).await;
    assert_eq!(page.count(".task.depth-1").await, 2);
    check(&page, "list", &[Shot::DesktopLight, Shot::PhoneDark]).await;
    page.click("a[href$='/settings']").await;
    page.fill("#username", "bob").await;
    page.set_value("#level", "write").await;
    page.click("form[action$='/members'] button[type=submit]")
        .await;
    assert_eq!(page.count(".members-table tbody tr").await, 2);
    check(
        &page,
        "list-settings",
        &[Shot::DesktopDark, Shot::PhoneLight],
    )
    .await;
    // Sharing with nobody: the error beside the field.
    page.fill("#username", "nobody").await;
    save_form_answer(&page, "form[action$='/members']", "list-settings-error").await;
    page.click("form[action$='/members'] button[type=submit]")
        .await;
    assert_eq!(page.count("#username-error").await, 1);
    check_shown(&page, "list-settings-error", &[]).await;
    page.goto("/lists").await;
    check(&page, "lists", &[Shot::DesktopLight]).await;

    page.goto("/").await;
    check(&page, "home-user", &[]).await;

    page.goto("/account").await;
    page.fill("#name", "backup script").await;
    page.click("form[action='/account/tokens'] button[type=submit]")
        .await;
    assert_eq!(page.count("code.token").await, 1);
    check(&page, "account", &[Shot::DesktopLight, Shot::PhoneDark]).await;

    page.goto("/admin/users").await;
    page.click("tbody tr:nth-child(3) form[action$='/status'] button[type=submit]")
        .await;
    check(&page, "admin-users", &[Shot::DesktopDark, Shot::PhoneLight]).await;

    // A task deleted, with the flash's Undo; then the trash.
    page.goto("/tasks").await;
    page.click(&format!("{} button.danger-link", Page::row(4)))
        .await;
    assert_eq!(page.count(".flash form button").await, 1, "Undo");
    check(&page, "tasks-deleted", &[]).await;
    page.click(".nav-links a[href='/trash']").await;
    assert_eq!(page.count(".trash-list li").await, 1);
    check(&page, "trash", &[Shot::DesktopLight]).await;
}

/// The checks above are only worth something if they can fail: a page with
/// an injected inline style, a console error and an unlabelled button is
/// caught by each of them.
#[tokio::test]
async fn the_checks_catch_a_csp_violation_a_console_error_and_an_inaccessible_button() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.goto("/login").await;
    page.assert_clean("the login page").await;
    page.js(
        "const style = document.createElement('style'); \
         style.textContent = 'body { color: red; }'; \
         document.head.append(style); \
         console.error('something broke');",
        vec![],
    )
    .await;
    page.wait_until(
        "return (window.__cspViolations || []).length > 0;",
        "the CSP violation to be reported",
    )
    .await;
    let problems = page.problems().await.join("\n");
    assert!(problems.contains("CSP violation: style-src"), "{problems}");
    assert!(problems.contains("something broke"), "{problems}");

    let Some(axe) = axe_source() else {
        return;
    };
    page.js(
        "document.querySelector('main').append(document.createElement('button'));",
        vec![],
    )
    .await;
    let findings = axe_findings(&page, axe).await;
    assert!(
        findings
            .iter()
            .any(|finding| finding.id == "button-name" && finding.impact == "critical"),
        "axe-core misses the empty button"
    );
}
