//! The shape of the code: layers that only point down.
//!
//! ticked is layered, top to bottom: the server (`main`, `cli`, `startup`,
//! `seed`) → the faces (`web`, `api`, and `dav` to come; no face uses
//! another) →
//! `auth` (authentication and authorization) → `models` (the queries) →
//! `db` (connections, pool, migrations) → `domain`, `errors`, `config`.
//! A module may use the layers below it, never one above: that is what
//! keeps each concept in its own room, and lets a reader start at the
//! bottom and never meet a name they have not seen yet.
//!
//! This test reads every file under `src/`, finds each `crate::...` it
//! names, and fails on any that points up (or from one face to another),
//! and on a new top-level module missing from [`LAYERS`], so that the table
//! stays true as the code grows.

#![allow(clippy::expect_used)] // a failed one is a failed test, with its location

use std::path::{Path, PathBuf};

/// Each top-level module and its layer: higher numbers are higher up.
const LAYERS: &[(&str, u8)] = &[
    ("lib", 6),
    ("main", 6),
    ("cli", 6),
    ("startup", 6),
    ("seed", 6),
    ("web", 5),
    ("api", 5),
    ("dav", 5),
    ("dav", 5),
    ("auth", 4),
    ("models", 3),
    ("db", 2),
    ("domain", 1),
    ("errors", 1),
    ("config", 1),
];

/// The faces: the same layer, and none may use another.
const FACES: &[&str] = &["web", "api", "dav"];

fn layer(module: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, rank)| *rank)
}

/// The top-level modules a source text names through `crate::`, including
/// those inside `use crate::{a, b::c};`. Line comments are skipped.
fn named_modules(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "crate::".len()..];
        rest = after;
        // `$crate::` in a macro is the crate too; `mycrate::` is not.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = after.strip_prefix('{') {
            names.extend(group_heads(group));
        } else {
            names.push(identifier(after));
        }
    }
    names.retain(|name| !name.is_empty() && name != "self");
    names
}

/// The first identifier of each item in `a, b::{c, d}, e }`, up to the
/// brace that closes the group.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut start_of_item = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start_of_item = true,
            c if start_of_item && !c.is_whitespace() => {
                heads.push(identifier(&group[i..]));
                start_of_item = false;
            }
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level module a file under `src/` belongs to.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// What is wrong with `file`'s imports, one line per fault.
fn faults(module: &str, file: &str, source: &str) -> Vec<String> {
    let Some(mine) = layer(module) else {
        return vec![format!(
            "{file}: the module `{module}` is in no layer; add it to LAYERS"
        )];
    };
    let mut faults = Vec::new();
    for name in named_modules(source) {
        let Some(theirs) = layer(&name) else {
            continue; // an item or macro at the crate root
        };
        if name == module {
            continue;
        }
        if theirs > mine {
            faults.push(format!(
                "{file}: `{module}` uses `crate::{name}`, a layer above it"
            ));
        } else if FACES.contains(&module) && FACES.contains(&name.as_str()) {
            faults.push(format!(
                "{file}: the face `{module}` uses the face `{name}`"
            ));
        }
    }
    faults
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_module_uses_a_layer_above_it_or_another_face() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "found only {} files in src/", files.len());
    let all: Vec<String> = files
        .iter()
        .flat_map(|file| {
            let source = std::fs::read_to_string(file).expect("a source file");
            let name = file
                .strip_prefix(&src)
                .unwrap_or(file)
                .display()
                .to_string();
            faults(&module_of(&src, file), &name, &source)
        })
        .collect();
    assert!(
        all.is_empty(),
        "imports that break the layers:\n{}",
        all.join("\n")
    );
}

#[test]
fn the_check_sees_upward_sideways_grouped_and_unknown_imports() {
    // Upward, in a plain path and inside a group.
    assert_eq!(faults("db", "db/x.rs", "use crate::models::task;").len(), 1);
    assert_eq!(
        faults(
            "models",
            "models/x.rs",
            "use crate::{db::DbConnection, web::render};"
        )
        .len(),
        1
    );
    // One face using another.
    assert_eq!(faults("api", "api/x.rs", "use crate::web::flash;").len(), 1);
    // A new top-level module that no layer names.
    assert_eq!(faults("reports", "reports.rs", "").len(), 1);
    // Down, the same layer, `$crate` in a macro, comments: all fine.
    let fine = "use crate::{domain::TaskTitle, errors::AppError};\n\
                $crate::db::DbConnection::Sqlite(x) => x,\n\
                // crate::web is mentioned here only in a comment\n\
                use crate::auth::csrf;";
    assert_eq!(faults("web", "web/x.rs", fine), Vec::<String>::new());
}
