//! A view of tasks: every list's the user can see (`/tasks`), or one
//! list's (`/lists/{id}`), with filter, search, sort and page, its
//! counter, filter links and the add form. When the add form is not
//! valid, the same view is shown again with the input kept (422).

use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::QueryResult;

use super::row::{RowsOf, TaskRow};
use super::{TaskForm, add};
use crate::domain::{Action, FieldErrors, Filter, ListQuery, LocalPath, RawListQuery, Sort};
use crate::errors::AppError;
use crate::models::list::{self, MyList};
use crate::models::task::{self, Counts, Totals};
use crate::web::context::Ctx;
use crate::web::layout::Layout;
use crate::web::{Choice, form_status, render};

/// The view a `return_to` path describes, for showing that same view
/// again when the add form has an error.
pub(super) fn view_of(path: &LocalPath) -> ListQuery {
    let (path, query) = path.as_str().split_once('?').unwrap_or((path.as_str(), ""));
    let view = serde_urlencoded::from_str::<RawListQuery>(query)
        .ok()
        .and_then(|raw| ListQuery::parse(&raw).ok())
        .unwrap_or_default();
    match path.strip_prefix("/lists/").map(str::parse::<i64>) {
        Some(Ok(list)) => view.on_list_page(list),
        _ => view,
    }
}

pub struct FilterLink {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// A list the add form can add to, or the view can show.
pub struct ListOption {
    pub id: i64,
    pub name: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "tasks/list.html")]
struct ListPage {
    layout: Layout,
    /// The list this view is of, on its own page.
    list: Option<MyList>,
    /// Whether the user may add tasks here (and so sees the add form).
    writable: bool,
    /// On a list's own page, the list the add box adds to; on a view of
    /// every list, the lists to add to, and to show.
    add_list: Option<i64>,
    add_to: Vec<ListOption>,
    show_only: Vec<ListOption>,
    tasks: Vec<TaskRow>,
    counts: Counts,
    items_left: String,
    query: ListQuery,
    total: i64,
    page: u32,
    page_count: u32,
    previous_page: Option<String>,
    next_page: Option<String>,
    filters: Vec<FilterLink>,
    sorts: Vec<Choice>,
    return_to: String,
    form: TaskForm,
    errors: FieldErrors,
}

impl ListPage {
    fn search_text(&self) -> &str {
        self.query.search.as_deref().unwrap_or("")
    }

    fn without_search(&self) -> String {
        ListQuery {
            search: None,
            ..self.query.clone()
        }
        .with_page(1)
        .path()
    }

    /// The view without its label filter.
    fn without_label(&self) -> String {
        self.query.with_label(None).path()
    }

    fn filter_value(&self) -> &'static str {
        self.query.filter.as_str()
    }

    /// Where the view's search form sends its query.
    fn view_path(&self) -> String {
        match &self.list {
            Some(my) => format!("/lists/{}", my.list.id),
            None => "/tasks".to_owned(),
        }
    }
}

/// TodoMVC's counter wording.
fn items_left(open: i64) -> String {
    if open == 1 {
        "1 item left".to_owned()
    } else {
        format!("{open} items left")
    }
}

/// Renders the view `query` describes; the add form holds `form` and
/// `errors`.
pub(super) async fn list_page(
    ctx: &Ctx,
    query: ListQuery,
    form: TaskForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (user, today) = (ctx.user().id, ctx.today());
    let listed = query.clone();
    let (seen, mut page, counts, around) = ctx
        .db
        .read(move |conn| -> QueryResult<_> {
            let seen = list::seen(conn, user, today)?;
            let lists = &seen.lists;
            // A list the user cannot see does not exist for them.
            let page = task::page(conn, user, &listed, lists)?;
            let around = task::around(conn, user, &page.tasks)?;
            let totals = Totals::of(lists, listed.list);
            let counts = Counts::new(totals, &seen.due, listed.list);
            Ok((seen, page, counts, around))
        })
        .await?;
    let previous_page = page.previous(&query).map(|view| view.path());
    let next_page = page.next(&query).map(|view| view.path());
    let query = ListQuery {
        page: page.page,
        ..query
    };
    let lists = &seen.lists;
    let this = query
        .list
        .and_then(|id| lists.iter().find(|my| my.list.id == id).cloned());
    let writable_lists = || lists.iter().filter(|my| my.may(Action::ChangeTasks));
    let writable = match &this {
        Some(my) => my.may(Action::ChangeTasks),
        None => writable_lists().next().is_some(),
    };
    let status = form_status(&errors);
    let mut layout = ctx.layout_with(&seen)?;
    layout.current_list = query.list.filter(|_| query.list_page);
    render(
        status,
        &ListPage {
            layout,
            writable,
            add_to: add::choices(lists, &form),
            add_list: this.as_ref().map(|my| my.list.id),
            show_only: lists
                .iter()
                .map(|my| ListOption {
                    id: my.list.id,
                    name: my.list.name.clone(),
                    selected: query.list == Some(my.list.id),
                })
                .collect(),
            tasks: RowsOf {
                today,
                lists,
                across: !query.list_page,
                view: &query,
                nest: query.sort == Sort::Order,
            }
            .rows(std::mem::take(&mut page.tasks), &around),
            list: this,
            items_left: items_left(counts.open),
            counts,
            total: page.total,
            page: page.page,
            page_count: page.page_count,
            previous_page,
            next_page,
            filters: Filter::ALL
                .into_iter()
                .map(|filter| FilterLink {
                    label: filter.label(),
                    href: query.with_filter(filter).path(),
                    current: filter == query.filter,
                })
                .collect(),
            sorts: Sort::ALL
                .into_iter()
                .map(|sort| Choice {
                    value: sort.as_str(),
                    label: sort.label(),
                    selected: sort == query.sort,
                })
                .collect(),
            return_to: query.path(),
            query,
            form,
            errors,
        },
    )
}

/// The view a query string asks for; a bad one is a 400.
fn parse_view(raw: &RawListQuery) -> Result<ListQuery, AppError> {
    ListQuery::parse(raw)
        .map_err(|e| AppError::BadRequest(format!("This list view is not valid: {e}.")))
}

/// `GET /tasks`: the tasks of every list the user can see, or of the one
/// `list` names.
pub async fn list(ctx: Ctx, raw: web::Query<RawListQuery>) -> Result<HttpResponse, AppError> {
    let query = parse_view(&raw)?;
    list_page(&ctx, query, TaskForm::default(), FieldErrors::default()).await
}

/// `GET /lists/{id}`: one list's own page.
pub async fn show_list(
    ctx: Ctx,
    id: web::Path<i64>,
    raw: web::Query<RawListQuery>,
) -> Result<HttpResponse, AppError> {
    let query = parse_view(&raw)?.on_list_page(id.into_inner());
    let form = TaskForm {
        list_id: query.list.map(|id| id.to_string()).unwrap_or_default(),
        ..TaskForm::default()
    };
    list_page(&ctx, query, form, FieldErrors::default()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_speaks_like_todomvc() {
        assert_eq!(items_left(0), "0 items left");
        assert_eq!(items_left(1), "1 item left");
        assert_eq!(items_left(2), "2 items left");
    }

    #[test]
    fn a_return_path_gives_back_its_view() {
        let path = LocalPath::parse("/tasks?filter=active&q=milk&page=2").expect("local");
        let view = view_of(&path);
        assert_eq!(view.filter, Filter::Active);
        assert_eq!(view.search.as_deref(), Some("milk"));
        assert_eq!(view.page, 2);
        let path = LocalPath::parse("/lists/7?filter=completed").expect("local");
        let view = view_of(&path);
        assert_eq!((view.list, view.list_page), (Some(7), true));
        assert_eq!(view.path(), "/lists/7?filter=completed");
    }
}
