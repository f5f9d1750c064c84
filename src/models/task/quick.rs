//! Quick add for a user: the line read against the lists they may add to
//! (`#Home` names one of those, or stays text), on the day it is for them,
//! and laid over the task the rest of the form or request describes.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::Placement;
use crate::db::DbConnection;
use crate::db::schema::lists;
use crate::domain::{Action, FieldErrors, QuickAdd, TaskInput, parse_quick_add};
use crate::models::member::lists_where;

/// Reads `line`, as typed in `field`, into `input` and `place`; returns
/// what was understood, for the message that says what was added.
pub fn quick(
    conn: &mut DbConnection,
    user: i64,
    line: &str,
    today: NaiveDate,
    field: &'static str,
    (input, place): (&mut TaskInput, &mut Placement),
) -> QueryResult<Result<QuickAdd, FieldErrors>> {
    // Only a `#` can name a list: most lines ("Buy milk") need no query.
    let writable: Vec<(i64, String)> = if line.contains('#') {
        lists::table
            .filter(lists::id.eq_any(lists_where(user, Action::ChangeTasks)))
            .order(lists::id)
            .select((lists::id, lists::name))
            .load(conn)?
    } else {
        Vec::new()
    };
    let names: Vec<&str> = writable.iter().map(|(_, name)| name.as_str()).collect();
    let understood = parse_quick_add(line, today, &names);
    if let Err(errors) = understood.apply(input, today, field) {
        return Ok(Err(errors));
    }
    if let Some(named) = &understood.list {
        place.list = writable
            .iter()
            .find(|(_, name)| name == named)
            .map(|(id, _)| *id)
            .or(place.list);
    }
    Ok(Ok(understood))
}
