//! Authorization as a table: for each action on a list that olive shares,
//! what each person is answered, on the pages and over the API. [`RULE`] is
//! the table of `domain::access` (a row per action, a column per place in
//! the list), so adding a row here is the whole change to test a new one.
//!
//! Every cell gets a list of its own, so that what one person may do (leave,
//! delete the list...) cannot disturb the next; and every answer other than
//! "done" must leave that list, its members and its tasks exactly as they
//! were, as the database holds them.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use super::{LISTS, add_to, create_list, share, state};
use crate::helpers::{Api, Browser, TASKS, TestApp, assert_error, assert_invalid, spawn_app};

/// A column of the table: someone's place in the list.
#[derive(Debug, Clone, Copy)]
enum Role {
    Owner,
    Admin,
    Write,
    Read,
    Stranger,
}

/// The columns, in the table's order; also the order of [`cast`].
const ROLES: [Role; 5] = [
    Role::Owner,
    Role::Admin,
    Role::Write,
    Role::Read,
    Role::Stranger,
];

/// A row of the table: something someone tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    SeeList,
    /// Its members: the settings page, or `GET /api/lists/{id}/members`.
    SeeMembers,
    SeeTask,
    AddTask,
    EditTask,
    ToggleTask,
    DeleteTask,
    ReorderTask,
    ToggleAll,
    ClearCompleted,
    Rename,
    /// Share the list with this user at this level, or change their level.
    Share(&'static str, &'static str),
    /// Take the list away from this member.
    Unshare(&'static str),
    Leave,
    HandOverToAdmin,
    /// Rename and hand over in one request (the API only): all or nothing.
    RenameAndHandOver,
    DeleteList,
}

/// What a cell says happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Done: 200, 201 or 204 over the API; 200 for a page, 303 for a form.
    Done,
    /// 403: they may see the list, not do this; the answer says what it needs.
    Refused,
    /// 404: the list does not exist for them.
    Hidden,
    /// 422 naming `list_id`: a list named in a field that they cannot see
    /// is a wrong value in the form or body, not a missing page (the same
    /// as moving a task there).
    NoSuchList,
}

use Outcome::{Done as Y, Hidden as H, NoSuchList as L, Refused as N};

/// Who may do what to a list: the table of `domain::access`, as answered.
#[rustfmt::skip]
const RULE: [(Act, [Outcome; 5]); 21] = [
    //                              owner admin write read stranger
    (Act::SeeList,                 [Y,    Y,    Y,    Y,   H]),
    (Act::SeeMembers,              [Y,    Y,    Y,    Y,   H]),
    (Act::SeeTask,                 [Y,    Y,    Y,    Y,   H]),
    (Act::AddTask,                 [Y,    Y,    Y,    N,   L]),
    (Act::EditTask,                [Y,    Y,    Y,    N,   H]),
    (Act::ToggleTask,              [Y,    Y,    Y,    N,   H]),
    (Act::DeleteTask,              [Y,    Y,    Y,    N,   H]),
    (Act::ReorderTask,             [Y,    Y,    Y,    N,   H]),
    (Act::ToggleAll,               [Y,    Y,    Y,    N,   H]),
    (Act::ClearCompleted,          [Y,    Y,    Y,    N,   H]),
    (Act::Rename,                  [Y,    Y,    N,    N,   H]),
    (Act::Share("nina", "read"),   [Y,    Y,    N,    N,   H]),
    (Act::Share("nina", "admin"),  [Y,    N,    N,    N,   H]),
    (Act::Share("remy", "write"),  [Y,    Y,    N,    N,   H]),
    (Act::Share("ada", "read"),    [Y,    N,    N,    N,   H]),
    (Act::Unshare("remy"),         [Y,    Y,    N,    N,   H]),
    (Act::Unshare("ada"),          [Y,    N,    N,    N,   H]),
    (Act::Leave,                   [N,    Y,    Y,    Y,   H]),
    (Act::HandOverToAdmin,         [Y,    N,    N,    N,   H]),
    (Act::RenameAndHandOver,       [Y,    N,    N,    N,   H]),
    (Act::DeleteList,              [Y,    N,    N,    N,   H]),
];

impl Act {
    /// Whether doing it changes the list (seeing does not).
    fn writes(self) -> bool {
        !matches!(self, Self::SeeList | Self::SeeMembers | Self::SeeTask)
    }

    /// What its refusal says, one of these: the level it needs (or, for
    /// the owner who tries to leave, why they cannot). Where two checks
    /// apply (to change an admin's level you must be an admin, and then
    /// the owner), the one that refuses first may speak.
    fn refusal_says(self) -> &'static [&'static str] {
        match self {
            Self::SeeList | Self::SeeMembers | Self::SeeTask => &["read access"],
            Self::AddTask
            | Self::EditTask
            | Self::ToggleTask
            | Self::DeleteTask
            | Self::ReorderTask
            | Self::ToggleAll
            | Self::ClearCompleted => &["write access"],
            Self::Share("ada", _) | Self::RenameAndHandOver => &["admin access", "owner may"],
            Self::Share(_, "admin")
            | Self::Unshare("ada")
            | Self::HandOverToAdmin
            | Self::DeleteList => &["owner may"],
            Self::Rename | Self::Share(..) | Self::Unshare(_) => &["admin access"],
            Self::Leave => &["You own this list"],
        }
    }
}

#[tokio::test]
async fn on_the_pages_each_place_in_a_list_may_do_what_the_rule_says_and_no_more() {
    walk(Face::Pages).await;
}

#[tokio::test]
async fn over_the_api_each_place_in_a_list_may_do_what_the_rule_says_and_no_more() {
    walk(Face::Api).await;
}

/// Tries every cell of [`RULE`] through `face`.
async fn walk(face: Face) {
    let app = spawn_app().await;
    let cast = cast(&app).await;
    for (act, row) in RULE {
        for (role, expected) in ROLES.into_iter().zip(row) {
            let cell = format!("{face:?}: {role:?} tries {act:?}");
            let shared = arrange(&cast[Role::Owner as usize].api).await;
            let before = state(&app, shared.list);
            let Some(response) = face.perform(act, &cast[role as usize], shared).await else {
                continue;
            };
            face.check(act, expected, response, &cell).await;
            let after = state(&app, shared.list);
            if expected == Outcome::Done && act.writes() {
                assert_ne!(after, before, "{cell}: done, so the list changed");
            } else {
                assert_eq!(after, before, "{cell}: nothing changed");
            }
        }
    }
}

// --- The people and their list -----------------------------------------------

/// Someone who tries: their browser (with its CSRF token, which is the
/// session's whatever page it is read from) and their API.
struct Person {
    name: &'static str,
    browser: Browser,
    csrf: String,
    api: Api,
}

/// The five people of the table, in [`ROLES`] order: olive owns the list,
/// adam is its admin, wanda may write, rita may read, sam is a stranger.
/// Three more are only acted upon: nina, in no list (to share with); remy,
/// a second reader (rita taking herself off would be leaving); and ada, a
/// second admin (adam changing his own level is another matter).
async fn cast(app: &TestApp) -> Vec<Person> {
    let mut cast = Vec::new();
    for name in ["olive", "adam", "wanda", "rita", "sam"] {
        let (browser, api) = app.api_user(name).await;
        let csrf = browser.csrf_token("/tasks").await;
        cast.push(Person {
            name,
            browser,
            csrf,
            api,
        });
    }
    for name in ["nina", "remy", "ada"] {
        app.user(name).await;
    }
    cast
}

/// One cell's list: olive's "Shared", and the open task in it.
#[derive(Debug, Clone, Copy)]
struct Shared {
    list: i64,
    task: i64,
}

/// Makes olive's list "Shared" with adam and ada as admins, wanda at
/// write, rita and remy at read, and two tasks in it, one open, one done.
async fn arrange(olive: &Api) -> Shared {
    let list = create_list(olive, "Shared").await;
    for (name, level) in [
        ("adam", "admin"),
        ("ada", "admin"),
        ("wanda", "write"),
        ("rita", "read"),
        ("remy", "read"),
    ] {
        share(olive, list, name, level).await;
    }
    let done = add_to(olive, list, "Done task").await;
    let path = format!("{TASKS}/{done}");
    let body = json!({"completed": true});
    let response = olive.send_json(Method::PATCH, &path, &body).await;
    assert_eq!(response.status(), StatusCode::OK, "completing {path}");
    let task = add_to(olive, list, "Open task").await;
    Shared { list, task }
}

// --- The two faces -----------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Pages,
    Api,
}

impl Face {
    /// `who` tries `act` on `shared`; `None` where this face has no such
    /// action (the pages reorder by editing).
    async fn perform(self, act: Act, who: &Person, shared: Shared) -> Option<Response> {
        match self {
            Self::Pages => on_pages(act, who, shared).await,
            Self::Api => over_api(act, who, shared).await,
        }
    }

    /// The status of `act` done.
    fn done(self, act: Act) -> StatusCode {
        match (self, act) {
            (Self::Pages, Act::SeeList | Act::SeeMembers | Act::SeeTask) => StatusCode::OK,
            (Self::Pages, _) => StatusCode::SEE_OTHER,
            (Self::Api, Act::AddTask | Act::Share("nina", _)) => StatusCode::CREATED,
            (
                Self::Api,
                Act::DeleteTask
                | Act::ClearCompleted
                | Act::Unshare(_)
                | Act::Leave
                | Act::DeleteList,
            ) => StatusCode::NO_CONTENT,
            (Self::Api, _) => StatusCode::OK,
        }
    }

    /// Asserts that `response` is what the cell says.
    async fn check(self, act: Act, expected: Outcome, response: Response, cell: &str) {
        let status = response.status();
        match (self, expected) {
            (_, Outcome::Done) => {
                let body = response.text().await.expect("a body");
                assert_eq!(status, self.done(act), "{cell}: {body}");
            }
            (Self::Api, Outcome::Refused) => {
                let message = assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
                let says = act.refusal_says().iter().any(|s| message.contains(s));
                assert!(says, "{cell}: the refusal says what it needs: {message:?}");
            }
            (Self::Pages, Outcome::Refused) => {
                let html = response.text().await.expect("a body");
                assert_eq!(status, StatusCode::FORBIDDEN, "{cell}");
                let says = act.refusal_says().iter().any(|s| html.contains(s));
                assert!(says, "{cell}: the page says what it needs: {html}");
            }
            (Self::Api, Outcome::Hidden) => {
                assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
            }
            (Self::Pages, Outcome::Hidden) => assert_eq!(status, StatusCode::NOT_FOUND, "{cell}"),
            (Self::Api, Outcome::NoSuchList) => assert_invalid(response, "list_id").await,
            (Self::Pages, Outcome::NoSuchList) => {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{cell}");
            }
        }
    }
}

/// `who` POSTs a form, with their CSRF token.
async fn post(who: &Person, path: &str, fields: &[(&str, &str)]) -> Response {
    let mut all = vec![("csrf_token", who.csrf.as_str())];
    all.extend_from_slice(fields);
    who.browser.post_raw(path, &all).await
}

/// `act` through the forms a person would use.
async fn on_pages(act: Act, who: &Person, Shared { list, task }: Shared) -> Option<Response> {
    let list_id = list.to_string();
    let at = |rest: &str| format!("/lists/{list}{rest}");
    let response = match act {
        Act::SeeList => who.browser.get(&at("")).await,
        Act::SeeMembers => who.browser.get(&at("/settings")).await,
        Act::SeeTask => who.browser.get(&format!("/tasks/{task}")).await,
        Act::AddTask => post(who, "/tasks", &[("title", "Added"), ("list_id", &list_id)]).await,
        Act::EditTask => {
            let fields = [("title", "Edited"), ("list_id", list_id.as_str())];
            post(who, &format!("/tasks/{task}"), &fields).await
        }
        Act::ToggleTask => post(who, &format!("/tasks/{task}/toggle"), &[]).await,
        Act::DeleteTask => post(who, &format!("/tasks/{task}/delete"), &[]).await,
        Act::ReorderTask | Act::RenameAndHandOver => return None,
        Act::ToggleAll => post(who, "/tasks/toggle-all", &[("list_id", &list_id)]).await,
        Act::ClearCompleted => post(who, "/tasks/clear-completed", &[("list_id", &list_id)]).await,
        Act::Rename => {
            let fields = [("name", "Renamed"), ("colour", "blue")];
            post(who, &at("/settings"), &fields).await
        }
        Act::Share(name, level) => {
            let fields = [("username", name), ("level", level)];
            post(who, &at("/members"), &fields).await
        }
        Act::Unshare(name) => post(who, &at(&format!("/members/{name}/remove")), &[]).await,
        Act::Leave => post(who, &at("/leave"), &[]).await,
        Act::HandOverToAdmin => post(who, &at("/hand-over"), &[("username", "adam")]).await,
        Act::DeleteList => post(who, &at("/delete"), &[("confirm", "yes")]).await,
    };
    Some(response)
}

/// `act` as a script would do it.
async fn over_api(act: Act, who: &Person, Shared { list, task }: Shared) -> Option<Response> {
    let api = &who.api;
    let the_list = format!("{LISTS}/{list}");
    let the_task = format!("{TASKS}/{task}");
    let member = |name: &str| format!("{LISTS}/{list}/members/{name}");
    let response = match act {
        Act::SeeList => api.get(&the_list).await,
        Act::SeeMembers => api.get(&format!("{the_list}/members")).await,
        Act::SeeTask => api.get(&the_task).await,
        Act::AddTask => {
            let body = json!({"title": "Added", "list_id": list});
            api.send_json(Method::POST, TASKS, &body).await
        }
        Act::EditTask => patch(api, &the_task, json!({"title": "Edited"})).await,
        Act::ToggleTask => patch(api, &the_task, json!({"completed": true})).await,
        Act::DeleteTask => api.send(Method::DELETE, &the_task).await,
        Act::ReorderTask => patch(api, &the_task, json!({"order": 4242})).await,
        Act::ToggleAll => return None,
        Act::ClearCompleted => {
            let done = format!("{TASKS}?list={list}&completed=true");
            api.send(Method::DELETE, &done).await
        }
        Act::Rename => {
            let body = json!({"name": "Renamed", "colour": "blue"});
            patch(api, &the_list, body).await
        }
        Act::Share(name, level) => {
            let body = json!({ "level": level });
            api.send_json(Method::PUT, &member(name), &body).await
        }
        Act::Unshare(name) => api.send(Method::DELETE, &member(name)).await,
        Act::Leave => api.send(Method::DELETE, &member(who.name)).await,
        Act::HandOverToAdmin => patch(api, &the_list, json!({"owner": "adam"})).await,
        Act::RenameAndHandOver => {
            let body = json!({"name": "Renamed", "owner": "adam"});
            patch(api, &the_list, body).await
        }
        Act::DeleteList => api.send(Method::DELETE, &the_list).await,
    };
    Some(response)
}

async fn patch(api: &Api, path: &str, body: Value) -> Response {
    api.send_json(Method::PATCH, path, &body).await
}
