//! A task as a row of a view shows it (`templates/tasks/row.html`): its
//! list's badge where the view spans lists, its state, priority, due date,
//! labels (each a link to the view of that label), and where it stands
//! among subtasks: under its parent, indented, when both are on the page
//! in the lists' own order; otherwise with its parent's title beside it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::domain::{Action, Colour, ListQuery, Rule};
use crate::models::list::MyList;
use crate::models::task::{Around, ListedTask};

/// "Wed 2 Jan 2030". Written out rather than with `format("%a %-d %b %Y")`,
/// which parses its pattern on every call: a list formats fifty of these.
pub(super) fn short_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[date.month0() as usize % 12];
    format!("{} {} {month} {}", date.weekday(), date.day(), date.year())
}

/// Indentation stops here: deeper subtasks line up with the last level.
const MAX_DEPTH: usize = 4;

/// A label on a row, and the view of the tasks that carry it.
pub struct LabelLink {
    pub name: String,
    pub href: String,
}

/// A task as a row of the list shows it.
pub struct TaskRow {
    pub id: i64,
    /// Its list's name and colour, on a view of every list.
    pub list: Option<(String, Option<&'static str>)>,
    /// Whether the user may change it: its buttons are shown only then.
    pub writable: bool,
    pub title: String,
    pub notes: String,
    pub completed: bool,
    pub due: Option<String>,
    /// The due date as `YYYY-MM-DD`, for `<time datetime>`.
    pub due_iso: Option<String>,
    pub overdue: bool,
    pub due_today: bool,
    pub priority: &'static str,
    pub labels: Vec<LabelLink>,
    /// How deep under its parents it is drawn (0: not indented).
    pub depth: usize,
    /// Its parent's title, when the parent is not drawn above it.
    pub parent: Option<String>,
    /// Its subtasks: how many are done, of how many.
    pub progress: Option<(i64, i64)>,
    /// How it repeats, in words ("Every 3 days").
    pub repeats: Option<String>,
}

/// What the rows of one view share.
pub(super) struct RowsOf<'a> {
    pub today: NaiveDate,
    /// The lists the user can see, with their level.
    pub lists: &'a [MyList],
    /// The view spans lists, so each row says which list it is in, unless
    /// the user has only one (on a list's own page it goes without saying).
    pub across: bool,
    /// The view whose label links the rows give (with the label set).
    pub view: &'a ListQuery,
    /// Subtasks go under their parents: the view is in the lists' order.
    pub nest: bool,
}

impl RowsOf<'_> {
    /// The rows of `tasks`, subtasks under their parents where [`Self::nest`].
    pub fn rows(&self, tasks: Vec<ListedTask>, around: &Around) -> Vec<TaskRow> {
        let badges = self.across && self.lists.len() > 1;
        // The titles of the parents on the page (those beside it are in
        // `around`): only those, since most pages have no subtasks.
        let parents: HashSet<i64> = tasks.iter().filter_map(|task| task.parent_id).collect();
        let titles: HashMap<i64, String> = tasks
            .iter()
            .filter(|task| parents.contains(&task.id))
            .map(|task| (task.id, task.title.clone()))
            .collect();
        arrange(tasks, self.nest)
            .into_iter()
            .map(|(task, depth)| {
                let home = self.lists.iter().find(|my| my.list.id == task.list_id);
                let parent = task
                    .parent_id
                    .filter(|_| depth == 0)
                    .and_then(|parent| titles.get(&parent).or(around.parents.get(&parent)))
                    .cloned();
                self.row(task, depth, home, badges, parent, around)
            })
            .collect()
    }

    fn row(
        &self,
        task: ListedTask,
        depth: usize,
        home: Option<&MyList>,
        badge: bool,
        parent: Option<String>,
        around: &Around,
    ) -> TaskRow {
        let today = self.today;
        TaskRow {
            list: home
                .filter(|_| badge)
                .map(|my| (my.list.name.clone(), my.list.colour().map(Colour::as_str))),
            writable: home.is_some_and(|my| my.may(Action::ChangeTasks)),
            overdue: task.is_overdue(today),
            due_today: task.due == Some(today),
            priority: task.priority().as_str(),
            due: task.due.map(short_date),
            due_iso: task.due.map(|date| date.to_string()),
            labels: task
                .labels()
                .names()
                .map(|name| LabelLink {
                    name: name.to_owned(),
                    href: self.view.with_label(Some(name)).path(),
                })
                .collect(),
            depth: depth.min(MAX_DEPTH),
            parent,
            progress: around.progress.get(&task.id).copied(),
            repeats: task
                .rrule
                .as_deref()
                .and_then(Rule::from_db)
                .map(|rule| rule.describe()),
            id: task.id,
            title: task.title,
            notes: task.notes,
            completed: task.completed,
        }
    }
}

/// The page's tasks in the order they are drawn, each with its depth: with
/// `nest`, every task whose parent is on the page right under it (its
/// subtasks in the page's order), the rest at the top level in theirs.
fn arrange(tasks: Vec<ListedTask>, nest: bool) -> Vec<(ListedTask, usize)> {
    if !nest {
        return tasks.into_iter().map(|task| (task, 0)).collect();
    }
    let on_page: HashSet<i64> = tasks.iter().map(|task| task.id).collect();
    let mut under: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut tops = Vec::new();
    for (index, task) in tasks.iter().enumerate() {
        match task.parent_id.filter(|parent| on_page.contains(parent)) {
            Some(parent) => under.entry(parent).or_default().push(index),
            None => tops.push(index),
        }
    }
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(tasks.len());
    // Depth first, without recursion: the stack holds what is still to
    // draw, the next one on top.
    let mut stack: Vec<(usize, usize)> = tops.into_iter().rev().map(|i| (i, 0)).collect();
    while let Some((index, depth)) = stack.pop() {
        order.push((index, depth));
        if let Some(children) = under.get(&tasks[index].id) {
            stack.extend(children.iter().rev().map(|child| (*child, depth + 1)));
        }
    }
    let mut slots: Vec<Option<ListedTask>> = tasks.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(index, depth)| slots[index].take().map(|task| (task, depth)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, parent: Option<i64>) -> ListedTask {
        ListedTask {
            id,
            list_id: 1,
            title: format!("t{id}"),
            notes: String::new(),
            completed: false,
            due: None,
            priority: 1,
            position: id,
            parent_id: parent,
            labels: String::new(),
            rrule: None,
        }
    }

    #[test]
    fn subtasks_are_drawn_under_their_parents_and_orphans_at_the_top() {
        // 3 is under 1 but comes last on the page; 5's parent is elsewhere.
        let page = vec![
            task(1, None),
            task(2, Some(1)),
            task(4, Some(2)),
            task(5, Some(99)),
            task(3, Some(1)),
        ];
        let drawn: Vec<(i64, usize)> = arrange(page, true)
            .into_iter()
            .map(|(task, depth)| (task.id, depth))
            .collect();
        assert_eq!(drawn, [(1, 0), (2, 1), (4, 2), (3, 1), (5, 0)]);
    }

    #[test]
    fn without_nesting_the_page_order_stands() {
        let page = vec![task(2, Some(1)), task(1, None)];
        let drawn: Vec<i64> = arrange(page, false)
            .into_iter()
            .map(|(t, _)| t.id)
            .collect();
        assert_eq!(drawn, [2, 1]);
    }

    #[test]
    fn short_dates_read_like_strftime() {
        for (y, m, d) in [(2030, 1, 2), (2026, 12, 31), (2024, 2, 29)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("a date");
            assert_eq!(short_date(date), date.format("%a %-d %b %Y").to_string());
        }
    }
}
