//! The lists scenarios: a user with 20 lists, 5 of them shared with them,
//! reading every task at once (`GET /tasks`, whose `WHERE` asks which
//! lists they are a member of), one shared list (`GET /lists/{id}`, whose
//! membership is checked before its page is read), and what is due by
//! today in all of them (`GET /today`, sorted by due date across lists);
//! and a list of 500 tasks in a three-level tree, whose page draws
//! subtasks under their parents with their progress.

use std::sync::Arc;

use reqwest::StatusCode;

use crate::load::{Row, log_in, run};
use crate::seed::Seeded;
use crate::server::Server;
use crate::{LISTS_USER, PASSWORD};

/// The name of the all-lists row, for the targets.
pub const ACROSS_LISTS: &str = "GET /tasks across 20 lists, 5 shared (50 tasks)";
/// The name of the shared list's row, for the targets.
pub const ONE_LIST: &str = "GET /lists/{id}, a shared list (50 tasks)";
/// The name of the Today row, for the targets.
pub const TODAY: &str = "GET /today across 20 lists (50 tasks)";
/// The name of the tree's row, for the targets.
pub const TREE: &str = "GET /lists/{id}, 500 tasks in a 3-level tree (50 on the page)";

pub async fn measure(
    server: &Server,
    seeded: &Seeded,
    connections: usize,
    seconds: u64,
) -> anyhow::Result<Vec<Row>> {
    let base = &server.base;
    let login = log_in(base, LISTS_USER, PASSWORD).await?;
    let mut rows = Vec::new();
    for (name, path) in [
        (ACROSS_LISTS, "/tasks".to_owned()),
        (ONE_LIST, format!("/lists/{}", seeded.shared_list)),
        (TODAY, "/today".to_owned()),
        (TREE, format!("/lists/{}", seeded.tree_list)),
    ] {
        let client = login.client.clone();
        let url = format!("{base}{path}");
        rows.push(
            run(
                name,
                connections,
                seconds,
                StatusCode::OK,
                Arc::new(move |_| client.get(&url)),
                server,
            )
            .await,
        );
    }
    Ok(rows)
}
