//! The list forms refuse bad input beside the field that holds it, with
//! what was typed kept (422), and the administrators' page counts the
//! lists each account owns.

use reqwest::StatusCode;

use super::create_list;
use crate::helpers::{attribute, spawn_app, text_of};

#[tokio::test]
async fn a_refused_list_form_comes_back_with_the_error_beside_the_field_and_the_input_kept() {
    let app = spawn_app().await;
    let (alice, api) = app.api_user("alice").await;
    app.api_user("bob").await;
    let home = create_list(&api, "Home").await;
    let settings = format!("/lists/{home}/settings");
    let members = format!("/lists/{home}/members");
    let long_name = "n".repeat(101);
    let lists_before = app.count("lists");

    let cases = [
        (
            "/lists",
            "/lists",
            vec![("name", " "), ("colour", "teal")],
            "name",
        ),
        (
            settings.as_str(),
            settings.as_str(),
            vec![("name", long_name.as_str()), ("colour", "")],
            "name",
        ),
        (
            settings.as_str(),
            members.as_str(),
            vec![("username", "bob"), ("level", "owner")],
            "level",
        ),
    ];
    for (page, action, fields, field) in cases {
        let response = alice.submit(page, action, &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{action}"
        );
        let html = response.text().await.expect("a page");
        let error = text_of(&html, &format!("#{field}-error"));
        assert_eq!(error.len(), 1, "{action}: {html}");
        for (name, value) in &fields {
            if *name == "colour" && !value.is_empty() {
                let chosen = attribute(&html, "#colour option[selected]", "value");
                assert_eq!(chosen, [*value], "{action}");
            } else if *name != "colour" && *name != "level" && !value.trim().is_empty() {
                assert_eq!(attribute(&html, &format!("#{name}"), "value"), [*value]);
            }
        }
    }
    assert_eq!(app.count("lists"), lists_before, "no list made");
    // Each list has its owner's membership, and no other.
    assert_eq!(
        app.count("list_members"),
        lists_before,
        "no one shared with"
    );
    let renamed = api.get(&format!("/api/lists/{home}")).await;
    let renamed: serde_json::Value = renamed.json().await.expect("a list");
    assert_eq!(renamed["name"], "Home");
}

#[tokio::test]
async fn the_administrators_page_counts_the_lists_each_account_owns() {
    let app = spawn_app().await;
    let admin = app.user("root").await;
    let (_, alice) = app.api_user("alice").await;
    create_list(&alice, "Home").await;
    create_list(&alice, "Work").await;
    let html = admin.page("/admin/users").await;
    assert_eq!(text_of(&html, "td[data-label=Lists]"), ["1", "3"]);
}
