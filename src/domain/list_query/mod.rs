use chrono::NaiveDate;
use serde::Deserialize;

use super::cursor::{Cursor, OrderKey};
use super::{Invalid, Label};

/// Which tasks a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Active,
    Completed,
}

/// The order of a list. `Order` is the user's own order: new tasks last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Order,
    Created,
    Due,
    Priority,
    Title,
}

impl Filter {
    pub const ALL: [Filter; 3] = [Filter::All, Filter::Active, Filter::Completed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Active => "active",
            Self::Completed => "completed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "All",
            Self::Active => "Active",
            Self::Completed => "Completed",
        }
    }

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == input)
            .ok_or_else(|| Invalid::new("filter is one of all, active, completed"))
    }
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Order,
        Sort::Created,
        Sort::Due,
        Sort::Priority,
        Sort::Title,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Order => "order",
            Self::Created => "created",
            Self::Due => "due",
            Self::Priority => "priority",
            Self::Title => "title",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Order => "My order",
            Self::Created => "Newest first",
            Self::Due => "Due date",
            Self::Priority => "Priority",
            Self::Title => "Title",
        }
    }

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == input)
            .ok_or_else(|| Invalid::new("sort is one of order, created, due, priority, title"))
    }
}

/// The query string of a list, as sent: every field a string, so that a bad
/// value gets our message rather than serde's.
#[derive(Debug, Default, Deserialize)]
pub struct RawListQuery {
    pub list: Option<String>,
    pub filter: Option<String>,
    pub q: Option<String>,
    pub label: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub after: Option<String>,
    pub before: Option<String>,
}

/// One view of a user's tasks: which list (or all they can see), filter,
/// search, sort and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// One list's tasks, or (`None`) those of every list the user can see.
    pub list: Option<i64>,
    /// Whether the view is that list's own page (`/lists/{id}`) rather
    /// than `/tasks?list={id}`: where its links point.
    pub list_page: bool,
    pub filter: Filter,
    pub search: Option<String>,
    /// Only tasks with this label (as typed; matched ignoring case).
    pub label: Option<String>,
    pub sort: Sort,
    /// Only tasks due on or after this day (the API's `due_after`).
    pub due_from: Option<NaiveDate>,
    /// Only tasks due on or before this day (the API's `due_before`).
    pub due_to: Option<NaiveDate>,
    pub page: u32,
    pub cursor: Option<Cursor>,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            list: None,
            list_page: false,
            filter: Filter::All,
            search: None,
            label: None,
            sort: Sort::Order,
            due_from: None,
            due_to: None,
            page: 1,
            cursor: None,
        }
    }
}

impl ListQuery {
    pub const MAX_SEARCH_CHARS: usize = 200;
    /// Far past any real list; keeps `page * page_size` far from overflow.
    pub const MAX_PAGE: u32 = 1_000_000;

    pub fn parse(raw: &RawListQuery) -> Result<Self, Invalid> {
        let field = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        };
        let list = match field(&raw.list) {
            None => None,
            Some(list) => Some(
                list.parse::<i64>()
                    .map_err(|_| Invalid::new("list is the id of a list, a whole number"))?,
            ),
        };
        let filter = field(&raw.filter).map_or(Ok(Filter::All), |f| Filter::parse(&f))?;
        let sort = field(&raw.sort).map_or(Ok(Sort::Order), |s| Sort::parse(&s))?;
        let search = Self::parse_search(raw.q.as_deref().unwrap_or(""))?;
        let label = match field(&raw.label) {
            None => None,
            Some(label) => Some(
                Label::parse(&label)
                    .map_err(|err| Invalid(format!("label: {err}")))?
                    .as_str()
                    .to_owned(),
            ),
        };
        let page = match field(&raw.page) {
            None => 1,
            Some(page) => page
                .parse::<u32>()
                .ok()
                .filter(|page| (1..=Self::MAX_PAGE).contains(page))
                .ok_or_else(|| Invalid::new("page is a whole number from 1"))?,
        };
        let cursor = match (field(&raw.after), field(&raw.before)) {
            (None, None) => None,
            (Some(after), None) => Some(Cursor::After(OrderKey::parse(&after)?)),
            (None, Some(before)) => Some(Cursor::Before(OrderKey::parse(&before)?)),
            (Some(_), Some(_)) => {
                return Err(Invalid::new(
                    "a page comes after a task or before one, not both",
                ));
            }
        };
        Ok(Self {
            list,
            filter,
            search,
            label,
            sort,
            page,
            cursor,
            ..Self::default()
        })
    }

    /// The words of a search box: none when blank; at most
    /// [`Self::MAX_SEARCH_CHARS`], and no control characters (nothing a
    /// person types into a search box; PostgreSQL text cannot even hold a
    /// NUL).
    pub fn parse_search(input: &str) -> Result<Option<String>, Invalid> {
        let search = input.trim();
        if search.is_empty() {
            return Ok(None);
        }
        if search.chars().any(char::is_control) {
            return Err(Invalid::new("a search cannot hold control characters"));
        }
        if search.chars().count() > Self::MAX_SEARCH_CHARS {
            return Err(Invalid::new(format!(
                "a search has at most {} characters",
                Self::MAX_SEARCH_CHARS
            )));
        }
        Ok(Some(search.to_owned()))
    }

    pub fn with_filter(&self, filter: Filter) -> Self {
        Self {
            filter,
            page: 1,
            cursor: None,
            ..self.clone()
        }
    }

    /// Page `page`, by number.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            cursor: None,
            ..self.clone()
        }
    }

    /// Page `page`, found from its neighbour by `cursor`.
    pub fn with_cursor(&self, page: u32, cursor: Cursor) -> Self {
        Self {
            page,
            cursor: Some(cursor),
            ..self.clone()
        }
    }

    /// The view of one list, on that list's own page.
    pub fn on_list_page(self, list: i64) -> Self {
        Self {
            list: Some(list),
            list_page: true,
            ..self
        }
    }

    /// Whether this view pages by key: in the lists' own order. A search
    /// reads all its matches anyway, and the other orders have no index
    /// to seek in, so those page by number; so does a window of due dates,
    /// which the lists' kept counts know nothing of.
    pub fn pages_by_key(&self) -> bool {
        self.sort == Sort::Order && self.counted_as_kept()
    }

    /// Whether the view selects what the lists' kept counts count (all,
    /// open or done tasks), so that its total is theirs: not when it
    /// searches, has a label or a window of due dates.
    pub fn counted_as_kept(&self) -> bool {
        self.search.is_none()
            && self.label.is_none()
            && self.due_from.is_none()
            && self.due_to.is_none()
    }

    /// Whether the view narrows by a label and nothing the kept counts
    /// could not count besides: its total is a count of the label's index
    /// rows, not a scan.
    pub fn counted_by_label(&self) -> bool {
        self.label.is_some()
            && self.search.is_none()
            && self.due_from.is_none()
            && self.due_to.is_none()
    }

    /// The view with only the tasks labelled `label`, from its first page.
    pub fn with_label(&self, label: Option<&str>) -> Self {
        Self {
            label: label.map(str::to_owned),
            page: 1,
            cursor: None,
            ..self.clone()
        }
    }

    /// The cursor, when this view can use it: not when it names a task
    /// of another list than the one this view shows (a link edited by
    /// hand), which the page by number then answers.
    pub fn keyset(&self) -> Option<Cursor> {
        let cursor = self.pages_by_key().then_some(self.cursor).flatten()?;
        match self.list {
            Some(list) if list != cursor.key().list => None,
            _ => Some(cursor),
        }
    }

    /// The path of this view, with only the parameters that differ from the
    /// defaults, so that links stay short and the plain list is `/tasks`
    /// (or `/lists/{id}`).
    pub fn path(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let base = match self.list {
            Some(list) if self.list_page => format!("/lists/{list}"),
            Some(list) => {
                pairs.push(("list", list.to_string()));
                "/tasks".to_owned()
            }
            None => "/tasks".to_owned(),
        };
        if self.filter != Filter::All {
            pairs.push(("filter", self.filter.as_str().to_owned()));
        }
        if let Some(q) = &self.search {
            pairs.push(("q", q.clone()));
        }
        if let Some(label) = &self.label {
            pairs.push(("label", label.clone()));
        }
        if self.sort != Sort::Order {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        match self.cursor {
            Some(Cursor::After(key)) => pairs.push(("after", key.as_param())),
            Some(Cursor::Before(key)) => pairs.push(("before", key.as_param())),
            None => {}
        }
        if pairs.is_empty() {
            base
        } else {
            format!(
                "{base}?{}",
                serde_urlencoded::to_string(&pairs).unwrap_or_default()
            )
        }
    }
}

#[cfg(test)]
mod tests;
