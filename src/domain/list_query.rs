use serde::Deserialize;

use super::Invalid;

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

    fn parse(input: &str) -> Result<Self, Invalid> {
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

    fn parse(input: &str) -> Result<Self, Invalid> {
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
    pub filter: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
}

/// One view of a user's list: filter, search, sort and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub filter: Filter,
    pub search: Option<String>,
    pub sort: Sort,
    pub page: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            filter: Filter::All,
            search: None,
            sort: Sort::Order,
            page: 1,
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
        let filter = field(&raw.filter).map_or(Ok(Filter::All), |f| Filter::parse(&f))?;
        let sort = field(&raw.sort).map_or(Ok(Sort::Order), |s| Sort::parse(&s))?;
        let search = field(&raw.q);
        // Nothing a person types into a search box; PostgreSQL text cannot
        // even hold a NUL.
        if search
            .as_ref()
            .is_some_and(|q| q.chars().any(char::is_control))
        {
            return Err(Invalid::new("a search cannot hold control characters"));
        }
        if search
            .as_ref()
            .is_some_and(|q| q.chars().count() > Self::MAX_SEARCH_CHARS)
        {
            return Err(Invalid::new(format!(
                "a search has at most {} characters",
                Self::MAX_SEARCH_CHARS
            )));
        }
        let page = match field(&raw.page) {
            None => 1,
            Some(page) => page
                .parse::<u32>()
                .ok()
                .filter(|page| (1..=Self::MAX_PAGE).contains(page))
                .ok_or_else(|| Invalid::new("page is a whole number from 1"))?,
        };
        Ok(Self {
            filter,
            search,
            sort,
            page,
        })
    }

    pub fn with_filter(&self, filter: Filter) -> Self {
        Self {
            filter,
            page: 1,
            ..self.clone()
        }
    }

    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// The path of this view, with only the parameters that differ from the
    /// defaults, so that links stay short and the plain list is `/tasks`.
    pub fn path(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if self.filter != Filter::All {
            pairs.push(("filter", self.filter.as_str().to_owned()));
        }
        if let Some(q) = &self.search {
            pairs.push(("q", q.clone()));
        }
        if self.sort != Sort::Order {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if pairs.is_empty() {
            "/tasks".to_owned()
        } else {
            format!(
                "/tasks?{}",
                serde_urlencoded::to_string(&pairs).unwrap_or_default()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(filter: &str, q: &str, sort: &str, page: &str) -> RawListQuery {
        let some = |s: &str| Some(s.to_owned());
        RawListQuery {
            filter: some(filter),
            q: some(q),
            sort: some(sort),
            page: some(page),
        }
    }

    #[test]
    fn the_plain_list_is_the_default() {
        let query = ListQuery::parse(&RawListQuery::default()).expect("valid");
        assert_eq!(query, ListQuery::default());
        assert_eq!(query.path(), "/tasks");
    }

    #[test]
    fn a_view_round_trips_through_its_path() {
        let query = ListQuery::parse(&raw("active", "milk & eggs", "due", "3")).expect("valid");
        let path = query.path();
        let again: RawListQuery =
            serde_urlencoded::from_str(path.trim_start_matches("/tasks?")).expect("query string");
        assert_eq!(ListQuery::parse(&again), Ok(query));
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(ListQuery::parse(&raw("done", "", "", "")).is_err());
        assert!(ListQuery::parse(&raw("", "", "random", "")).is_err());
        assert!(ListQuery::parse(&raw("", "", "", "0")).is_err());
        assert!(ListQuery::parse(&raw("", "", "", "-1")).is_err());
        assert!(ListQuery::parse(&raw("", "", "", "99999999999")).is_err());
        assert!(ListQuery::parse(&raw("", &"x".repeat(201), "", "")).is_err());
    }
}
