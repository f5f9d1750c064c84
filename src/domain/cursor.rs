//! Where a page of a list begins when it is found by its neighbour rather
//! than by its number: keyset paging. A task's place in the lists' own
//! order ([`OrderKey`]: its list, position and id) is the key that the
//! Previous and Next links carry, and the database seeks to it.

use super::Invalid;

/// Where a task stands in the lists' own order: its list, its position
/// there, then its id (positions can tie), as the `(list_id, position)`
/// index sorts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderKey {
    pub list: i64,
    pub position: i64,
    pub id: i64,
}

impl OrderKey {
    pub(super) fn parse(input: &str) -> Result<Self, Invalid> {
        let invalid = || Invalid::new("a page link's place in the list is three numbers");
        let mut numbers = input
            .split('.')
            .map(|n| n.parse::<i64>().map_err(|_| invalid()));
        let mut next = || numbers.next().unwrap_or_else(|| Err(invalid()));
        let key = Self {
            list: next()?,
            position: next()?,
            id: next()?,
        };
        match numbers.next() {
            None => Ok(key),
            Some(_) => Err(invalid()),
        }
    }

    pub(super) fn as_param(self) -> String {
        format!("{}.{}.{}", self.list, self.position, self.id)
    }
}

/// A page given by its neighbour rather than by its number: the tasks just
/// after the last one of the page before, or just before the first one of
/// the page after. This is keyset paging: the database seeks to the key in
/// its index and reads one page, where `page=2000` would first step over
/// 99,950 entries. Previous and Next links carry one (in the user's own
/// order, the view that has an index to seek in); `page` then only says
/// which number to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    After(OrderKey),
    Before(OrderKey),
}

impl Cursor {
    pub fn key(self) -> OrderKey {
        match self {
            Self::After(key) | Self::Before(key) => key,
        }
    }
}
