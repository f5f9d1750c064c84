//! Quick add for a user: the line read against the lists they may add to
//! (`#Home` names one of those, or stays text), on the day it is for them,
//! laid over the task the rest of the form or request describes, and the
//! task added where it says. The web's add box and the API's `quick` both
//! come here.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{Placement, Task, create};
use crate::db::DbConnection;
use crate::db::schema::lists;
use crate::domain::{Action, QuickAdd, Refused, TaskInput, parse_quick_add};
use crate::models::member::lists_where;

/// A quick-add line as typed, and what it is read against.
#[derive(Debug, Clone, Copy)]
pub struct Typed<'a> {
    pub line: &'a str,
    /// The field it was typed in, which a refusal names.
    pub field: &'static str,
    /// The day it is where the server is.
    pub today: NaiveDate,
    /// The due date of a task whose line and fields give none (Today's
    /// add box: today).
    pub due_by_default: Option<NaiveDate>,
}

/// Adds the task `typed` describes over `input` and `place`; returns it,
/// and what was understood, in words, for the message that says so.
pub fn add_quick(
    conn: &mut DbConnection,
    user: i64,
    typed: Typed<'_>,
    mut input: TaskInput,
    mut place: Placement,
) -> QueryResult<Result<(Task, Vec<String>), Refused>> {
    let understood = match read(conn, user, typed, &mut input, &mut place)? {
        Ok(understood) => understood,
        Err(refused) => return Ok(Err(refused)),
    };
    if input.due.0.is_none() {
        input.due.0 = typed.due_by_default;
    }
    let said = understood.understood(&input);
    Ok(create(conn, user, &input, place)?.map(|task| (task, said)))
}

/// Reads the line into `input` and `place`.
fn read(
    conn: &mut DbConnection,
    user: i64,
    typed: Typed<'_>,
    input: &mut TaskInput,
    place: &mut Placement,
) -> QueryResult<Result<QuickAdd, Refused>> {
    // Only a `#` can name a list: most lines ("Buy milk") need no query.
    let writable: Vec<(i64, String)> = if typed.line.contains('#') {
        lists::table
            .filter(lists::id.eq_any(lists_where(user, Action::ChangeTasks)))
            .order(lists::id)
            .select((lists::id, lists::name))
            .load(conn)?
    } else {
        Vec::new()
    };
    let names: Vec<&str> = writable.iter().map(|(_, name)| name.as_str()).collect();
    let understood = parse_quick_add(typed.line, typed.today, &names);
    if let Err(errors) = understood.apply(input, typed.today, typed.field) {
        let words = errors.get(typed.field).unwrap_or_default().to_owned();
        return Ok(Err(Refused::invalid(typed.field, words)));
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
