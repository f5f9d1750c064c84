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
            "DELETE /api/tasks",
            "DELETE /api/tasks/{id}",
            "GET /api/tasks",
            "GET /api/tasks/{id}",
            "PATCH /api/tasks/{id}",
            "POST /api/tasks",
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

#[tokio::test]
async fn the_openapi_document_matches_its_snapshot() {
    // A change to the API shows up here as a diff to review and accept
    // (`cargo insta review`), never as silent drift.
    insta::assert_json_snapshot!("openapi", document().await);
}
