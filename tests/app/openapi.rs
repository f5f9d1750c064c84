//! The OpenAPI description: served, complete, and kept from drifting.

use reqwest::StatusCode;

use crate::helpers::spawn_app;

async fn document() -> serde_json::Value {
    let app = spawn_app().await;
    let response = app.browser().get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_and_the_bearer_scheme() {
    let doc = document().await;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut operations: Vec<String> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| format!("{} {path}", method.to_uppercase()))
        })
        .collect();
    operations.sort();
    assert_eq!(
        operations,
        [
            "DELETE /api/lists/{id}",
            "DELETE /api/lists/{id}/members/{username}",
            "DELETE /api/tasks",
            "DELETE /api/tasks/{id}",
            "GET /api/labels",
            "GET /api/lists",
            "GET /api/lists/{id}",
            "GET /api/lists/{id}/members",
            "GET /api/lists/{id}/members/{username}",
            "GET /api/tasks",
            "GET /api/tasks/{id}",
            "GET /api/trash",
            "PATCH /api/lists/{id}",
            "PATCH /api/tasks/{id}",
            "POST /api/lists",
            "POST /api/tasks",
            "POST /api/tasks/{id}/restore",
            "PUT /api/lists/{id}/members/{username}",
        ]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for (_, item) in paths {
        for (_, operation) in item.as_object().unwrap() {
            assert!(operation["security"].is_array(), "{operation}");
            assert!(operation["responses"]["401"].is_object(), "{operation}");
        }
    }
}

/// Every `$ref` below `value`.
fn references(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(target) = object.get("$ref").and_then(|t| t.as_str()) {
                found.push(target.to_owned());
            }
            object.values().for_each(|v| references(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn every_schema_the_openapi_document_refers_to_is_in_it() {
    let doc = document().await;
    let mut found = Vec::new();
    references(&doc, &mut found);

    assert!(found.contains(&"#/components/schemas/ErrorBody".to_owned()));
    for target in found {
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{target} is a schema"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{target} is not in the document"
        );
    }
}

#[tokio::test]
async fn the_openapi_document_says_which_requests_get_a_422_naming_a_field() {
    let doc = document().await;
    for (path, method) in [
        ("/api/tasks", "get"),
        ("/api/tasks", "post"),
        ("/api/tasks", "delete"),
        ("/api/tasks/{id}", "patch"),
    ] {
        let responses = &doc["paths"][path][method]["responses"];
        assert!(responses["422"].is_object(), "{method} {path}");
        assert!(responses["400"].is_object(), "{method} {path}");
    }
}

#[tokio::test]
async fn the_openapi_document_matches_its_snapshot() {
    // A change to the API shows up here as a diff to review and accept
    // (`cargo insta review`), never as silent drift.
    insta::assert_json_snapshot!("openapi", document().await);
}
