//! The richer task, through the real forms and the real API: subtasks,
//! labels and the trash.

mod labels;
mod subtasks;
mod trash;

use serde_json::{Value, json};

use crate::helpers::Api;

/// Adds a task over the API with `fields` (a title is enough); returns it.
async fn add(api: &Api, title: &str, fields: Value) -> Value {
    let mut body = json!({ "title": title });
    if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
        body.extend(fields.clone());
    }
    api.create(body).await
}

fn id(task: &Value) -> i64 {
    task["id"].as_i64().expect("an id")
}
