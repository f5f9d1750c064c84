//! `ticked seed`: an empty database filled with users and tasks to try ticked
//! or measure it with.

use super::Install;
use crate::helpers::{assert_fails_saying, assert_redirect, assert_success, stderr};

// `ticked seed`

#[tokio::test]
async fn seed_fills_an_empty_database_with_users_who_can_log_in() {
    let server = Install::new();
    let output = server.run(
        &[
            "seed",
            "--users",
            "3",
            "--tasks-per-user",
            "5",
            "--big-user-tasks",
            "60",
        ],
        "",
    );
    assert_success(&output);
    assert!(stderr(&output).contains("of 75 tasks"), "progress is shown");
    let accounts = server.accounts();
    assert_eq!(accounts.len(), 4);
    assert!(accounts[0].is_admin);
    let web = server.web().await;
    let big = web.browser();
    assert_redirect(
        &big.login("big", ticked::seed::SEED_PASSWORD).await,
        "/tasks",
    );
    assert!(
        big.page("/tasks?page=2")
            .await
            .contains("Page 2 of 2 (60 tasks)")
    );

    let again = server.run(&["seed", "--users", "1"], "");
    assert_fails_saying(&again, "already has");
}
