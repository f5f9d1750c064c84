//! Repeating tasks, click by click: "Water plants every 3 days" typed in
//! the add box becomes a task due today that repeats; ticking it done
//! keeps it open and moves it to its next due date, each time, and its
//! page counts the completions; the message's Undo puts the date back; and
//! the task page's Repeat fields save a weekly rule on chosen weekdays,
//! read it back in words, and refuse weekdays with a daily repeat without
//! saving anything.

use chrono::{Datelike, Days, NaiveDate, Utc};

use crate::harness::{Driver, Page, spawn_app};

/// Today where the server is: the tests run it in UTC.
fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A date as the messages write it: "Sun 29 Nov".
fn short(day: NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// The due date of the `n`th row, from its `datetime` attribute: the
/// words beside it ("Due today") change with the day, the attribute not.
async fn due_of(page: &Page, n: usize) -> Option<String> {
    page.find(&format!("{} time.due-date", Page::row(n)))
        .await
        .attr("datetime")
        .await
        .expect("the due date's attribute")
}

/// The path of the page without its query: the task page's `return_to`
/// is spelled differently by its links and by a form shown again.
async fn bare_path(page: &Page) -> String {
    let path = page.path().await;
    path.split('?').next().unwrap_or_default().to_owned()
}

/// Ticks the `n`th row done with its check button, which submits the
/// list's form and comes back to the list.
async fn tick(page: &Page, n: usize) {
    page.click(&format!("{} button.check", Page::row(n))).await;
    assert_eq!(page.path().await, "/tasks", "back on the list");
}

/// Adds "Water plants every 3 days" through the add box, as someone would
/// type it, and checks what the line was understood to say.
async fn add_water_plants(page: &Page) {
    page.add_task("Water plants every 3 days").await;
    assert_eq!(page.path().await, "/tasks");
    // The repeat is read out of the line, so the title is what is left.
    assert_eq!(page.titles().await, ["Water plants"]);
    assert_eq!(
        page.flash().await,
        Some(format!(
            "Added “Water plants”: due {}, repeats every 3 days.",
            short(today())
        ))
    );
    // A repeat needs a due date to count from: with none typed, today.
    assert_eq!(due_of(page, 1).await, Some(today().to_string()));
    // The badge starts with a visually hidden "Repeats: ", which
    // WebDriver's text includes, on a line of its own or not.
    let badge = page.text(&format!("{} .badge.repeats", Page::row(1))).await;
    assert!(badge.contains("Every 3 days"), "{badge:?}");
}

#[tokio::test]
async fn water_plants_every_3_days_comes_round_again_each_time_it_is_done() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("alice").await;
    add_water_plants(&page).await;
    page.assert_clean("the list with a repeating task").await;

    // Done once: it stays open, due again three days on.
    tick(&page, 1).await;
    let first = today() + Days::new(3);
    assert_eq!(
        page.flash().await,
        Some(format!(
            "Done “Water plants”: it is due again {}.",
            short(first)
        ))
    );
    assert_eq!(page.titles().await, ["Water plants"]);
    assert_eq!(page.count("li.task.completed").await, 0, "still open");
    let pressed = page
        .find(&format!("{} button.check", Page::row(1)))
        .await
        .attr("aria-pressed")
        .await
        .unwrap();
    assert_eq!(pressed.as_deref(), Some("false"));
    assert_eq!(due_of(&page, 1).await, Some(first.to_string()));
    let badge = page.text(&format!("{} .badge.repeats", Page::row(1))).await;
    assert!(badge.contains("Every 3 days"), "{badge:?}");

    // Done again, before that day comes: three days after the due date,
    // not after today.
    tick(&page, 1).await;
    let second = today() + Days::new(6);
    assert_eq!(
        page.flash().await,
        Some(format!(
            "Done “Water plants”: it is due again {}.",
            short(second)
        ))
    );
    assert_eq!(page.count("li.task.completed").await, 0, "still open");
    assert_eq!(due_of(&page, 1).await, Some(second.to_string()));
    page.assert_clean("the list after two completions").await;

    // Its page reads the rule back and counts what was done.
    page.click(&format!("{} a.task-title", Page::row(1))).await;
    assert!(bare_path(&page).await.starts_with("/tasks/"));
    assert_eq!(
        page.text(".repeat-summary").await,
        "Every 3 days, from the due date."
    );
    let meta = page.texts("p.task-meta").await;
    let record = format!("Done 2 times, last on {}.", today().format("%-d %b %Y"));
    assert!(meta.contains(&record), "{meta:?}");
    assert_eq!(page.count("form[action$='/skip']").await, 1);
    page.assert_clean("the page of a repeating task").await;
}

#[tokio::test]
async fn undo_puts_a_repeating_task_back_on_the_day_it_was_due() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("alice").await;
    add_water_plants(&page).await;

    tick(&page, 1).await;
    assert_eq!(
        due_of(&page, 1).await,
        Some((today() + Days::new(3)).to_string())
    );
    page.click(".flash form button").await;
    assert_eq!(page.path().await, "/tasks");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("“Water plants” is not done after all.")
    );
    // Nothing more to undo: the message has no button this time.
    assert_eq!(page.count(".flash form").await, 0);
    assert_eq!(page.count("li.task.completed").await, 0);
    assert_eq!(due_of(&page, 1).await, Some(today().to_string()));

    // The completion is not counted either.
    page.click(&format!("{} a.task-title", Page::row(1))).await;
    let meta = page.texts("p.task-meta").await;
    assert!(
        !meta.iter().any(|line| line.starts_with("Done ")),
        "{meta:?}"
    );
    page.assert_clean("the page of a task whose completion was undone")
        .await;

    // And it counts from today again, as if never done.
    page.click(".nav-links a[href='/tasks']").await;
    tick(&page, 1).await;
    assert_eq!(
        due_of(&page, 1).await,
        Some((today() + Days::new(3)).to_string())
    );
}

#[tokio::test]
async fn the_repeat_fields_save_a_weekly_rule_and_refuse_weekdays_for_daily() {
    let Some(driver) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let page = driver.open(&app).await;
    page.register("alice").await;
    page.add_task("Water the ferns").await;
    assert_eq!(page.count(".badge.repeats").await, 0);

    page.click(&format!("{} a.task-title", Page::row(1))).await;
    let task_path = bare_path(&page).await;
    assert!(task_path.starts_with("/tasks/"), "{task_path}");
    // Not repeating yet: nothing to read back.
    assert_eq!(page.count(".repeat-summary").await, 0);
    let save = format!("form[action='{task_path}'] button[type=submit]");

    // Every other week on Monday and Thursday, from next Monday (or
    // today, on a Monday): a repeat needs a due date.
    let ahead = (7 - today().weekday().num_days_from_monday()) % 7;
    let monday = today() + Days::new(u64::from(ahead));
    page.set_value("#due", &monday.to_string()).await;
    page.find("#repeat_unit")
        .await
        .select_by_value("week")
        .await
        .unwrap();
    page.fill("#repeat_interval", "2").await;
    for day in ["repeat_mo", "repeat_th"] {
        page.find(&format!("input[name={day}]"))
            .await
            .click()
            .await
            .unwrap_or_else(|err| panic!("ticking {day}: {err}"));
    }
    page.click(&save).await;
    assert_eq!(page.path().await, "/tasks", "saved, back on the list");
    assert_eq!(
        page.flash().await.as_deref(),
        Some("Saved “Water the ferns”.")
    );
    let badge = page.text(&format!("{} .badge.repeats", Page::row(1))).await;
    assert!(
        badge.contains("Every 2 weeks on Monday and Thursday"),
        "{badge:?}"
    );
    assert_eq!(due_of(&page, 1).await, Some(monday.to_string()));

    // Open again, the page reads the rule back, in words and in its
    // fields.
    page.click(&format!("{} a.task-title", Page::row(1))).await;
    let summary = "Every 2 weeks on Monday and Thursday, from the due date.";
    assert_eq!(page.text(".repeat-summary").await, summary);
    assert_eq!(
        page.count("#repeat_unit option[value=week][selected]")
            .await,
        1
    );
    assert_eq!(
        page.count(".repeat-fields input[type=checkbox]:checked")
            .await,
        2
    );
    for day in ["repeat_mo", "repeat_th"] {
        assert_eq!(
            page.count(&format!("input[name={day}]:checked")).await,
            1,
            "{day} is ticked"
        );
    }
    assert_eq!(
        page.count("input[name=repeat_from][value=due]:checked")
            .await,
        1
    );
    page.assert_clean("the task page of a weekly task").await;

    // Weekdays with a daily repeat make no sense: the page comes back
    // (422) with the error by the weekdays and the choice kept.
    page.find("#repeat_unit")
        .await
        .select_by_value("day")
        .await
        .unwrap();
    page.find("input[name=repeat_fr]")
        .await
        .click()
        .await
        .expect("ticking Friday");
    page.click(&save).await;
    assert_eq!(bare_path(&page).await, task_path, "shown again");
    assert_eq!(
        page.text("#repeat_days-error").await,
        "Weekdays go with a weekly repeat; for months, choose the nth weekday."
    );
    assert_eq!(
        page.count("#repeat_unit option[value=day][selected]").await,
        1
    );
    assert_eq!(page.count("input[name=repeat_fr]:checked").await, 1);
    assert_eq!(page.flash().await, None);
    page.assert_clean("the task page with a repeat error").await;

    // Nothing was saved.
    page.goto(&task_path).await;
    assert_eq!(page.text(".repeat-summary").await, summary);
    assert_eq!(page.count("input[name=repeat_fr]:checked").await, 0);
}
