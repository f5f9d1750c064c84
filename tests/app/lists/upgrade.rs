//! The upgrade to lists: a database made by the previous version's
//! migrations, with real rows in it, is opened by this version. Every user
//! gets the default list "Tasks" holding all their tasks, in their order,
//! with their ids, states and counts; nothing is lost, and no id of a
//! deleted task is handed out again.

use crate::helpers::{TestApp, TestDatabase, spawn_app_on, text_of};

/// The previous version's migrations, as that version ran them, by backend.
const SQLITE_BEFORE: [(&str, &str); 5] = [
    (
        "20261125000001",
        include_str!("../../../migrations/sqlite/2026-11-25-000001_create_tables/up.sql"),
    ),
    (
        "20261125000002",
        include_str!("../../../migrations/sqlite/2026-11-25-000002_create_api_tokens/up.sql"),
    ),
    (
        "20261125000003",
        include_str!(
            "../../../migrations/sqlite/2026-11-25-000003_login_limits_and_session_ids/up.sql"
        ),
    ),
    (
        "20261125000004",
        include_str!("../../../migrations/sqlite/2026-11-25-000004_overdue_index/up.sql"),
    ),
    (
        "20261125000005",
        include_str!("../../../migrations/sqlite/2026-11-25-000005_task_counts/up.sql"),
    ),
];
const POSTGRES_BEFORE: [(&str, &str); 1] = [(
    "20261125000001",
    include_str!("../../../migrations/postgres/2026-11-25-000001_create_tables/up.sql"),
)];

/// A database as the previous version left it: alice with three tasks
/// (moved around, one done), bob with one, and a sixth task deleted.
fn previous_version_database() -> TestDatabase {
    let database = TestDatabase::new();
    let migrations: &[(&str, &str)] = if database.is_postgres() {
        &POSTGRES_BEFORE
    } else {
        &SQLITE_BEFORE
    };
    database.execute(
        "CREATE TABLE __diesel_schema_migrations ( \
             version VARCHAR(50) PRIMARY KEY NOT NULL, \
             run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    );
    for (version, sql) in migrations {
        database.execute(sql);
        database.execute(&format!(
            "INSERT INTO __diesel_schema_migrations (version) VALUES ('{version}')"
        ));
    }
    let hash = bcrypt::hash("correct horse battery", 4).expect("a hash");
    database.execute(&format!(
        "INSERT INTO users (username, password_hash, is_admin, is_disabled, created_at) VALUES \
             ('alice', '{hash}', TRUE, FALSE, '2026-11-01 09:00:00'), \
             ('bob', '{hash}', FALSE, FALSE, '2026-11-02 09:00:00'); \
         INSERT INTO tasks (user_id, title, notes, completed, due, priority, position, \
                            created_at, updated_at, completed_at) VALUES \
             (1, 'second', '', FALSE, NULL, 1, 20, '2026-11-03 09:00:00', '2026-11-03 09:00:00', NULL), \
             (1, 'first', 'notes kept', FALSE, '2026-12-24', 2, 10, '2026-11-03 09:00:00', '2026-11-03 09:00:00', NULL), \
             (2, 'bob''s', '', FALSE, NULL, 0, 1, '2026-11-03 09:00:00', '2026-11-03 09:00:00', NULL), \
             (1, 'third', '', TRUE, NULL, 1, 30, '2026-11-03 09:00:00', '2026-11-04 09:00:00', '2026-11-04 09:00:00'), \
             (1, 'gone', '', FALSE, NULL, 1, 40, '2026-11-03 09:00:00', '2026-11-03 09:00:00', NULL); \
         DELETE FROM tasks WHERE title = 'gone'"
    ));
    database
}

fn number(app: &TestApp, sql: &str) -> i64 {
    app.database.number(sql)
}

#[tokio::test]
async fn every_user_gets_a_default_list_holding_all_their_tasks_in_their_order() {
    let app = spawn_app_on(previous_version_database(), &[]).await;

    assert_eq!(
        number(
            &app,
            "SELECT COUNT(*) AS n FROM lists WHERE is_default AND name = 'Tasks'"
        ),
        2
    );
    assert_eq!(
        number(
            &app,
            "SELECT COUNT(*) AS n FROM list_members JOIN lists ON lists.id = list_members.list_id \
             WHERE list_members.user_id = lists.owner_id AND list_members.level = 4"
        ),
        2,
        "each owner is the owner member of their list"
    );
    // Ids, lists and the kept counts, straight from the database.
    assert_eq!(
        number(
            &app,
            "SELECT COUNT(*) AS n FROM tasks JOIN lists ON lists.id = tasks.list_id \
             WHERE lists.owner_id = 1 AND tasks.id IN (1, 2, 4)"
        ),
        3
    );
    assert_eq!(
        number(
            &app,
            "SELECT open_tasks * 10 + done_tasks AS n FROM lists WHERE owner_id = 1"
        ),
        21
    );
    assert_eq!(
        number(
            &app,
            "SELECT open_tasks * 10 + done_tasks AS n FROM lists WHERE owner_id = 2"
        ),
        10
    );

    // And as alice sees them: in her order, each field as it was.
    let alice = app.browser();
    alice.login("alice", "correct horse battery").await;
    assert_eq!(
        alice.titles_on("/tasks").await,
        ["first", "second", "third"]
    );
    let first = alice.page("/tasks/2").await;
    assert!(first.contains("notes kept") && first.contains("2026-12-24"));
    let home = alice.page("/").await;
    assert_eq!(
        text_of(&home, "dd")[..2],
        ["2", "1"],
        "open and done, read on"
    );

    // The id of the deleted task is not handed out again.
    assert_eq!(alice.add_task("after the upgrade").await, 6);
    let bob = app.browser();
    bob.login("bob", "correct horse battery").await;
    assert_eq!(bob.titles_on("/tasks").await, ["bob's"]);
}
