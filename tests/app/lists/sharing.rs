//! What sharing does beyond the rule: the list every account starts with,
//! shared lists among yours, sharing with a name that is not there, what
//! disabling and deleting an account do to lists, a change refused in part,
//! and a second instance that knows a share at once.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{
    LISTS, add_to, create_list, default_list, list_names, lists_of, members, share, state,
};
use crate::helpers::{
    Api, Browser, TestApp, assert_error, assert_invalid, assert_redirect, json_of, spawn_app,
    text_of,
};

/// The administrators' page: olive, the first account, is the site's admin.
const USERS: &str = "/admin/users";

/// Disables the account `username` through the administrators' form.
async fn disable(app: &TestApp, admin: &Browser, username: &str) {
    let action = format!("{USERS}/{}/status", app.user_id(username));
    let response = admin.submit(USERS, &action, &[("disabled", "true")]).await;
    assert_redirect(&response, USERS);
}

/// Tries to share `list` with `username` at read through the API; returns
/// the refusal's message.
async fn refused_share(api: &Api, list: i64, username: &str) -> String {
    let path = format!("{LISTS}/{list}/members/{username}");
    let response = api
        .send_json(Method::PUT, &path, &json!({"level": "read"}))
        .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await
}

#[tokio::test]
async fn a_new_user_has_one_list_called_tasks_where_their_tasks_go() {
    let app = spawn_app().await;
    let (browser, alice) = app.api_user("alice").await;

    let lists = lists_of(&alice).await;
    assert_eq!(lists.len(), 1, "{lists:?}");
    let tasks = &lists[0];
    assert_eq!(tasks["name"], "Tasks");
    assert_eq!(tasks["is_default"], true);
    assert_eq!(tasks["owner"], "alice");
    assert_eq!(tasks["level"], "owner");
    assert_eq!((&tasks["open"], &tasks["done"]), (&json!(0), &json!(0)));
    assert!(browser.page("/lists").await.contains("Tasks"));

    let task = alice.create(json!({"title": "first"})).await;
    assert_eq!(task["list_id"], tasks["id"], "no list named: the default");
}

#[tokio::test]
async fn a_list_shared_with_you_is_among_your_lists_with_its_owner_and_your_level() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (bob_browser, bob) = app.api_user("bob").await;
    let groceries = create_list(&olive, "Groceries").await;
    add_to(&olive, groceries, "milk").await;

    share(&olive, groceries, "bob", "write").await;

    assert_eq!(list_names(&bob).await, ["Tasks", "Groceries"]);
    let lists = lists_of(&bob).await;
    let shared = &lists[1];
    assert_eq!(shared["id"], groceries);
    assert_eq!(shared["owner"], "olive");
    assert_eq!(shared["level"], "write");
    assert_eq!(shared["is_default"], false);
    assert_eq!(shared["open"], 1);
    let html = bob_browser.page("/lists").await;
    assert_eq!(
        text_of(&html, ".lists-table tbody tr:nth-child(2) td"),
        ["Groceries", "1", "0", "olive", "Can edit"]
    );
    assert_eq!(
        members(&olive, groceries).await,
        ["bob: write", "olive: owner"]
    );
}

#[tokio::test]
async fn sharing_with_a_name_that_is_not_there_is_a_422_that_says_the_same_for_a_disabled_account()
{
    let app = spawn_app().await;
    let (olive_browser, olive) = app.api_user("olive").await;
    app.user("dora").await;
    disable(&app, &olive_browser, "dora").await;
    let list = create_list(&olive, "Plans").await;
    let settings = format!("/lists/{list}/settings");

    let mut said = Vec::new();
    for name in ["ghost", "dora"] {
        let message = refused_share(&olive, list, name).await;
        assert_eq!(
            message,
            format!("username: There is no user called “{name}” to share with.")
        );
        let fields = [("username", name), ("level", "read")];
        let members = format!("/lists/{list}/members");
        let response = olive_browser.submit(&settings, &members, &fields).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}"
        );
        let html = response.text().await.expect("a body");
        let error = text_of(&html, "#username-error").join(" ");
        said.push((message.replace(name, "…"), error.replace(name, "…")));
    }
    assert_eq!(said[0], said[1], "a disabled account is not told apart");
    assert_eq!(members(&olive, list).await, ["olive: owner"]);
}

#[tokio::test]
async fn disabling_a_user_takes_them_out_of_every_list_shared_with_them_at_once() {
    let app = spawn_app().await;
    let (olive_browser, olive) = app.api_user("olive").await;
    let (_, bob) = app.api_user("bob").await;
    let (_, carol) = app.api_user("carol").await;
    let groceries = create_list(&olive, "Groceries").await;
    share(&olive, groceries, "bob", "write").await;
    let books = create_list(&carol, "Books").await;
    share(&carol, books, "bob", "admin").await;
    let bobs = create_list(&bob, "Bob's").await;
    share(&bob, bobs, "olive", "read").await;
    assert_eq!(
        list_names(&bob).await,
        ["Tasks", "Bob's", "Books", "Groceries"]
    );

    disable(&app, &olive_browser, "bob").await;

    assert_eq!(members(&olive, groceries).await, ["olive: owner"]);
    assert_eq!(members(&carol, books).await, ["carol: owner"]);
    let bob_id = app.user_id("bob");
    assert_eq!(
        app.count(&format!("list_members WHERE user_id = {bob_id}")),
        2,
        "his own two lists stay his"
    );
    assert_eq!(members(&olive, bobs).await, ["bob: owner", "olive: read"]);
}

#[tokio::test]
async fn deleting_a_user_deletes_the_lists_they_own_with_their_tasks_and_their_memberships() {
    let app = spawn_app().await;
    let (olive_browser, olive) = app.api_user("olive").await;
    let (_, bob) = app.api_user("bob").await;
    let (_, carol) = app.api_user("carol").await;
    let bobs = create_list(&bob, "Bob's").await;
    add_to(&bob, bobs, "one").await;
    add_to(&bob, bobs, "two").await;
    bob.create(json!({"title": "in his default list"})).await;
    share(&bob, bobs, "carol", "write").await;
    let olives = create_list(&olive, "Olive's").await;
    add_to(&olive, olives, "olive's").await;
    share(&olive, olives, "bob", "write").await;

    let action = format!("{USERS}/{}/delete", app.user_id("bob"));
    let response = olive_browser.submit(USERS, &action, &[]).await;
    assert_redirect(&response, USERS);

    assert_eq!(list_names(&carol).await, ["Tasks"]);
    assert_eq!(
        carol.get(&format!("{LISTS}/{bobs}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("users WHERE username = 'bob'"), 0);
    assert_eq!(app.count(&format!("lists WHERE id = {bobs}")), 0);
    assert_eq!(app.count("tasks"), 1, "only olive's task is left");
    assert_eq!(members(&olive, olives).await, ["olive: owner"]);
}

#[tokio::test]
async fn sharing_ignores_the_case_of_a_name_and_never_shares_with_the_owner_or_yourself() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (_, adam) = app.api_user("adam").await;
    app.user("bob").await;
    let list = create_list(&olive, "Shared").await;
    share(&olive, list, "ADAM", "admin").await;

    for (who, name) in [(&olive, "olive"), (&adam, "adam"), (&adam, "Olive")] {
        let path = format!("{LISTS}/{list}/members/{name}");
        let body = json!({"level": "read"});
        let response = who.send_json(Method::PUT, &path, &body).await;
        assert_invalid(response, "username").await;
    }
    share(&adam, list, "Bob", "write").await;
    assert_eq!(
        members(&olive, list).await,
        ["adam: admin", "bob: write", "olive: owner"]
    );
}

#[tokio::test]
async fn handing_a_list_over_makes_the_admin_its_owner_and_keeps_the_owner_as_an_admin() {
    let app = spawn_app().await;
    let (olive_browser, olive) = app.api_user("olive").await;
    let (_, adam) = app.api_user("adam").await;
    app.user("wanda").await;
    let list = create_list(&olive, "Garden").await;
    share(&olive, list, "adam", "admin").await;
    share(&olive, list, "wanda", "write").await;
    let settings = format!("/lists/{list}/settings");
    let hand_over = format!("/lists/{list}/hand-over");

    let response = olive_browser
        .submit(&settings, &hand_over, &[("username", "wanda")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.expect("a body");
    assert!(html.contains("make them an admin first"), "{html}");
    let response = olive_browser
        .submit(&settings, &hand_over, &[("username", "adam")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    assert_eq!(
        members(&adam, list).await,
        ["adam: owner", "olive: admin", "wanda: write"]
    );
    let garden = json_of(adam.get(&format!("{LISTS}/{list}")).await, StatusCode::OK).await;
    assert_eq!(
        (&garden["owner"], &garden["level"]),
        (&json!("adam"), &json!("owner"))
    );
    let response = olive.send(Method::DELETE, &format!("{LISTS}/{list}")).await;
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
}

#[tokio::test]
async fn deleting_a_list_asks_first_takes_its_tasks_and_members_with_it_and_spares_the_default() {
    let app = spawn_app().await;
    let (olive_browser, olive) = app.api_user("olive").await;
    let (_, bob) = app.api_user("bob").await;
    let list = create_list(&olive, "Old").await;
    add_to(&olive, list, "one").await;
    share(&olive, list, "bob", "write").await;
    let before = state(&app, list);
    let settings = format!("/lists/{list}/settings");
    let delete = format!("/lists/{list}/delete");

    let response = olive_browser.submit(&settings, &delete, &[]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(state(&app, list), before, "not without a yes");
    let confirm = [("confirm", "yes")];
    let response = olive_browser.submit(&settings, &delete, &confirm).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    assert_eq!(list_names(&bob).await, ["Tasks"]);
    assert_eq!(app.count(&format!("tasks WHERE list_id = {list}")), 0);
    assert_eq!(
        app.count(&format!("list_members WHERE list_id = {list}")),
        0
    );
    let default = default_list(&olive).await;
    let response = olive
        .send(Method::DELETE, &format!("{LISTS}/{default}"))
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (settings, delete) = (
        format!("/lists/{default}/settings"),
        format!("/lists/{default}/delete"),
    );
    let response = olive_browser.submit(&settings, &delete, &confirm).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(list_names(&olive).await, ["Tasks"]);
}

#[tokio::test]
async fn a_list_patch_that_is_refused_in_part_changes_nothing() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    app.user("wanda").await;
    let list = create_list(&olive, "Shared").await;
    share(&olive, list, "wanda", "write").await;
    let before = state(&app, list);
    let path = format!("{LISTS}/{list}");

    // Wanda may write, not be handed the list: the rename goes too.
    let body = json!({"name": "Renamed", "colour": "red", "owner": "wanda"});
    let response = olive.send_json(Method::PATCH, &path, &body).await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(state(&app, list), before);
    assert_invalid(response, "owner").await;
}

#[tokio::test]
async fn a_share_made_on_one_instance_is_seen_on_another_at_once() {
    let app = spawn_app().await;
    let (_, olive) = app.api_user("olive").await;
    let (bob_browser, bob) = app.api_user("bob").await;
    let second = app.another_instance().await;
    let bob_there = Api::at(&second, &bob.token);
    let browser_there = Browser {
        client: bob_browser.client.clone(),
        base: second,
    };
    let list = create_list(&olive, "Groceries").await;
    let path = format!("{LISTS}/{list}");
    assert_eq!(bob_there.get(&path).await.status(), StatusCode::NOT_FOUND);

    share(&olive, list, "bob", "read").await;

    let seen = bob_there.get(&path).await;
    assert_eq!(seen.status(), StatusCode::OK);
    let seen: serde_json::Value = seen.json().await.expect("a JSON list");
    assert_eq!(seen["level"], "read");
    browser_there.page(&format!("/lists/{list}")).await;

    let response = olive
        .send(Method::DELETE, &format!("{path}/members/bob"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(bob_there.get(&path).await.status(), StatusCode::NOT_FOUND);
    let gone = browser_there.get(&format!("/lists/{list}")).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}
