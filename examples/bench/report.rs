//! What is printed: the table of each run, the targets of the issue that
//! asked for this benchmark, met or missed, and the large database's list
//! page against the small one's.

use std::time::Duration;

use crate::load::Row;
use crate::{dav, lists};

/// One target of the issue that asked for this benchmark, and the figure
/// measured for it.
pub struct Target {
    pub what: &'static str,
    pub measured: f64,
    pub goal: f64,
    /// Whether the measured figure must reach the goal (or stay below it).
    pub at_least: bool,
    pub unit: &'static str,
}

impl Target {
    /// A figure that must reach `goal`.
    pub fn at_least(what: &'static str, measured: f64, goal: f64, unit: &'static str) -> Self {
        Self {
            what,
            measured,
            goal,
            at_least: true,
            unit,
        }
    }

    /// A figure that must stay at or below `goal`.
    pub fn at_most(what: &'static str, measured: f64, goal: f64, unit: &'static str) -> Self {
        Self {
            at_least: false,
            ..Self::at_least(what, measured, goal, unit)
        }
    }

    pub fn print(&self) {
        let met = if self.at_least {
            self.measured >= self.goal
        } else {
            self.measured <= self.goal
        };
        let verdict = if met {
            "met".to_owned()
        } else {
            let factor = if self.at_least {
                self.goal / self.measured.max(1e-9)
            } else {
                self.measured / self.goal.max(1e-9)
            };
            format!("MISSED by {factor:.2}x")
        };
        let sign = if self.at_least { ">=" } else { "<=" };
        println!(
            "  {:<48} {:>9.2}{} (goal {sign} {}{}): {verdict}",
            self.what, self.measured, self.unit, self.goal, self.unit
        );
    }
}

pub fn find<'a>(rows: &'a [Row], prefix: &str) -> Option<&'a Row> {
    rows.iter().find(|row| row.name.starts_with(prefix))
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The small database's figures against their targets.
pub fn small_targets(rows: &[Row]) -> Vec<Target> {
    let Some(base) = rows.first().map(Row::rate) else {
        return Vec::new();
    };
    let mut targets = Vec::new();
    if let Some(list) = find(rows, "GET /tasks (") {
        targets.push(Target::at_least(
            "GET /tasks throughput, x baseline",
            list.rate() / base,
            0.30,
            "x",
        ));
    }
    if let Some(post) = find(rows, "POST /tasks") {
        targets.push(Target::at_least(
            "POST /tasks throughput, x baseline",
            post.rate() / base,
            0.15,
            "x",
        ));
        targets.push(Target::at_most(
            "POST /tasks p99",
            ms(post.p99),
            50.0,
            " ms",
        ));
    }
    // The pages of someone with 20 lists against the page of someone with
    // one, which is the page as it was before lists (the same 50 tasks):
    // in the same run, because the baseline itself moves by a fifth from
    // one run to the next on a shared machine.
    for (what, name) in [
        (
            "GET /tasks across 20 lists, x one list's",
            lists::ACROSS_LISTS,
        ),
        ("GET /lists/{id} (shared), x one list's", lists::ONE_LIST),
        ("GET /today across 20 lists, x one list's", lists::TODAY),
        ("GET /lists/{id}, a 3-level tree, x one list's", lists::TREE),
    ] {
        if let (Some(row), Some(one)) = (find(rows, name), find(rows, "GET /tasks (")) {
            targets.push(Target::at_least(
                what,
                row.rate() / one.rate().max(1e-9),
                1.0,
                "x",
            ));
        }
    }
    if let (Some(quiet), Some(storm)) =
        (find(rows, "GET /tasks ("), find(rows, "GET /tasks during"))
    {
        targets.push(Target::at_most(
            "reads' p99 in the login storm, x without",
            ms(storm.p99) / ms(quiet.p99).max(1e-9),
            3.0,
            "x",
        ));
    }
    // A phone's idle sync (every few minutes, finding nothing) should
    // cost about what the cheapest request that touches the database does.
    if let (Some(idle), Some(healthz)) = (find(rows, dav::IDLE), find(rows, dav::HEALTHZ)) {
        targets.push(Target::at_least(
            "idle sync throughput, x GET /healthz",
            idle.rate() / healthz.rate().max(1e-9),
            0.7,
            "x",
        ));
    }
    if let Some(first) = find(rows, dav::FIRST) {
        targets.push(Target::at_most(
            "first sync of 10,000 tasks (median)",
            ms(first.p50),
            1000.0,
            " ms",
        ));
    }
    targets.extend(common_targets(rows));
    targets
}

/// What every run must show: no errors, and memory in bounds.
pub fn common_targets(rows: &[Row]) -> Vec<Target> {
    let peak_mb = rows
        .iter()
        .filter_map(|row| row.memory_mib)
        .fold(0.0_f64, f64::max)
        * 1.048_576;
    vec![
        Target::at_most(
            "errors, all scenarios",
            rows.iter().map(|row| row.errors).sum::<u64>() as f64,
            0.0,
            "",
        ),
        Target::at_most("peak server memory (MB, not MiB)", peak_mb, 100.0, " MB"),
    ]
}

/// The large database's figures against their targets, the typical user's
/// page compared with the small database's.
pub fn large_targets(small: &[Row], large: &[Row]) -> Vec<Target> {
    let mut targets = Vec::new();
    if let (Some(small_page), Some(large_page)) =
        (find(small, "GET /tasks ("), find(large, "GET /tasks ("))
    {
        targets.push(Target::at_most(
            "typical user's page p50, x small database",
            ms(large_page.p50) / ms(small_page.p50).max(1e-9),
            1.5,
            "x",
        ));
    }
    for (what, prefix) in [
        (
            "100,000 tasks: page 1 p50, one at a time",
            "big user: GET /tasks page 1 (1",
        ),
        (
            "100,000 tasks: last page by link, one at a time",
            "big user: page",
        ),
        (
            "100,000 tasks: search p50, one at a time",
            "big user: search",
        ),
        (
            "100,000 tasks: label filter p50, one at a time",
            "big user: label",
        ),
    ] {
        let row = large
            .iter()
            .find(|row| row.name.starts_with(prefix) && row.name.ends_with("(1 connection)"));
        if let Some(row) = row {
            targets.push(Target::at_most(what, ms(row.p50), 10.0, " ms"));
        }
    }
    targets.extend(common_targets(large));
    targets
}

pub fn print_targets(title: &str, targets: &[Target]) {
    println!(
        "
{title}"
    );
    for target in targets {
        target.print();
    }
}

pub fn print_table(title: &str, rows: &[Row]) {
    let Some(baseline) = rows.first() else { return };
    println!("\n{title}");
    println!(
        "{:<52} {:>9} {:>7} {:>9} {:>9} {:>7} {:>9}",
        "scenario", "req/s", "x base", "p50 ms", "p99 ms", "errors", "peak MiB"
    );
    for row in rows {
        println!(
            "{:<52} {:>9.0} {:>7.2} {:>9.2} {:>9.2} {:>7} {:>9}",
            row.name,
            row.rate(),
            row.rate() / baseline.rate(),
            row.p50.as_secs_f64() * 1000.0,
            row.p99.as_secs_f64() * 1000.0,
            row.errors,
            row.memory_mib.map_or("?".to_owned(), |m| format!("{m:.1}")),
        );
    }
    if let (Some(quiet), Some(storm)) = (
        rows.iter().find(|r| r.name.starts_with("GET /tasks (")),
        rows.iter().find(|r| r.name.contains("logins")),
    ) {
        println!(
            "reads' p99 during the login storm: {:.2}x their p99 without it",
            storm.p99.as_secs_f64() / quiet.p99.as_secs_f64().max(1e-9)
        );
    }
}

/// The large database's list page against the small one's, each as a ratio
/// to its own run's baseline.
pub fn compare_pages(small: &[Row], large: &[Row]) {
    let relative = |rows: &[Row]| {
        let base = rows.first()?.rate();
        let page = rows.iter().find(|r| r.name.starts_with("GET /tasks ("))?;
        Some((page.p50, page.rate() / base))
    };
    if let (Some((small_p50, small_x)), Some((large_p50, large_x))) =
        (relative(small), relative(large))
    {
        println!(
            "\nGET /tasks, large vs small database: p50 {:.2}x, throughput (as a share of the baseline) {:.2}x",
            large_p50.as_secs_f64() / small_p50.as_secs_f64().max(1e-9),
            large_x / small_x.max(1e-9)
        );
    }
}
