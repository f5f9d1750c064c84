//! **Authorization**: who may do what to a list. This file is the whole
//! rule; every query that reads or changes a list or its tasks asks it,
//! and puts its answer in the query's `WHERE` clause.
//!
//! Authentication (`auth`) says *who* is asking. Authorization then says
//! what that person may do, and for lists it depends on their place in
//! the list: each person a list is shared with has a [`Level`], stored as
//! one row of `list_members` (the owner has a row too, at `owner`). Each
//! level may do everything the one before it may, and more:
//!
//! | action                                         | read | write | admin | owner |
//! |------------------------------------------------|:----:|:-----:|:-----:|:-----:|
//! | see the list and its tasks                     |  ✓   |   ✓   |   ✓   |   ✓   |
//! | add, edit, toggle, delete and reorder tasks    |      |   ✓   |   ✓   |   ✓   |
//! | rename it, change its colour                   |      |       |   ✓   |   ✓   |
//! | make or revoke its calendar feed's address     |      |       |   ✓   |   ✓   |
//! | share it at read or write, or take that away   |      |       |   ✓   |   ✓   |
//! | make someone an admin, or take that away       |      |       |       |   ✓   |
//! | hand it over to an admin                       |      |       |       |   ✓   |
//! | delete it                                      |      |       |       |   ✓   |
//! | leave it                                       |  ✓   |   ✓   |   ✓   |       |
//!
//! Someone without a row (a stranger) may do nothing, and is not even told
//! that the list exists: to them it is a 404, the same as a list that
//! never was. Someone who may see a list but not do what they asked gets a
//! 403 that says which level it needs ([`Denied`]). The owner cannot leave
//! (a list always has an owner): they hand it over or delete it.
//!
//! [`decide`] is the table as code, and the test below walks the same
//! table. The queries in `models::list`, `models::member` and
//! `models::task` call it, and also filter in SQL on the same range of
//! levels (`Action::needs` to `Action::most`), so that even a query written
//! in a hurry cannot reach a list it should not.

use std::fmt;

use super::Invalid;

/// One person's place in a list. Ordered: each level includes the ones
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Read,
    Write,
    Admin,
    Owner,
}

impl Level {
    /// The levels a list can be shared at (the owner is not one of them:
    /// a list changes owner only by being handed over).
    pub const SHARED: [Level; 3] = [Level::Read, Level::Write, Level::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
            Self::Owner => "owner",
        }
    }

    /// What a person reads beside a member's name.
    pub fn label(self) -> &'static str {
        match self {
            Self::Read => "Can view",
            Self::Write => "Can edit",
            Self::Admin => "Admin",
            Self::Owner => "Owner",
        }
    }

    /// A level to share at: `read`, `write` or `admin`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::SHARED
            .into_iter()
            .find(|level| level.as_str() == input.trim())
            .ok_or_else(|| Invalid::new("The level is one of read, write, admin."))
    }

    /// As stored in `list_members.level`.
    pub fn to_db(self) -> i16 {
        match self {
            Self::Read => 1,
            Self::Write => 2,
            Self::Admin => 3,
            Self::Owner => 4,
        }
    }

    /// A stored level; anything unknown reads as the least one, so that a
    /// bad row can never grant more than it should.
    pub fn from_db(value: i16) -> Self {
        match value {
            2 => Self::Write,
            3 => Self::Admin,
            4 => Self::Owner,
            _ => Self::Read,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What someone asks to do to a list: the rows of the table above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    See,
    /// Add, edit, toggle, delete or reorder its tasks.
    ChangeTasks,
    /// Rename it or change its colour.
    Rename,
    /// See, make or revoke the secret address of its calendar feed: a way
    /// in without an account, so in the hands of those who manage it.
    ManageFeed,
    /// Give someone this level, or take it away from them.
    Share(Level),
    HandOver,
    Delete,
    Leave,
}

impl Action {
    /// The least level that may do this.
    pub fn needs(self) -> Level {
        match self {
            Self::See | Self::Leave => Level::Read,
            Self::ChangeTasks => Level::Write,
            Self::Rename | Self::ManageFeed => Level::Admin,
            Self::Share(level) if level < Level::Admin => Level::Admin,
            Self::Share(_) | Self::HandOver | Self::Delete => Level::Owner,
        }
    }

    /// The highest level that may do this: the owner, but for leaving,
    /// which the owner may not (a list always has an owner).
    pub fn most(self) -> Level {
        match self {
            Self::Leave => Level::Admin,
            _ => Level::Owner,
        }
    }

    /// The action in words, after "to": "You need write access to … ".
    fn words(self) -> &'static str {
        match self {
            Self::See => "see it",
            Self::ChangeTasks => "change its tasks",
            Self::Rename => "rename it",
            Self::ManageFeed => "manage its calendar feed",
            Self::Share(level) if level < Level::Admin => "change who it is shared with",
            Self::Share(_) => "change its admins",
            Self::HandOver => "hand it over",
            Self::Delete => "delete it",
            Self::Leave => "leave it",
        }
    }
}

/// Why someone who may see a list may not do what they asked: a 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    #[error("{}", needs_words(*.0, *.1))]
    Needs(Level, Action),
    #[error("You own this list, so you cannot leave it: hand it over to an admin, or delete it.")]
    OwnerCannotLeave,
}

fn needs_words(level: Level, action: Action) -> String {
    match level {
        Level::Owner => format!("Only the list's owner may {}.", action.words()),
        level => format!(
            "You need {level} access to this list to {}.",
            action.words()
        ),
    }
}

/// Why a change to a list, its members or its tasks was not made: the
/// person may not ([`Denied`], a 403), or the change itself cannot be made
/// as asked (`Invalid`, a 422 naming the field: no such user to share
/// with, a task moved to a list they cannot see...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error(transparent)]
    Denied(#[from] Denied),
    #[error("{message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl Refused {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

/// The answer to "may someone at `level` (`None`: a stranger) do `action`
/// to this list?"
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// A stranger: the list does not exist for them (404).
    Hidden,
    Denied(Denied),
}

/// The table at the top of this file, as code.
pub fn decide(level: Option<Level>, action: Action) -> Decision {
    let Some(level) = level else {
        return Decision::Hidden;
    };
    let needs = action.needs();
    if level < needs {
        Decision::Denied(Denied::Needs(needs, action))
    } else if level > action.most() {
        Decision::Denied(Denied::OwnerCannotLeave)
    } else {
        Decision::Allowed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of the module's comment, row by row: stranger, read,
    /// write, admin, owner.
    #[test]
    fn the_rule_is_the_table_in_the_comment() {
        const TABLE: [(Action, [bool; 5]); 11] = [
            (Action::See, [false, true, true, true, true]),
            (Action::ChangeTasks, [false, false, true, true, true]),
            (Action::Rename, [false, false, false, true, true]),
            (Action::ManageFeed, [false, false, false, true, true]),
            (
                Action::Share(Level::Read),
                [false, false, false, true, true],
            ),
            (
                Action::Share(Level::Write),
                [false, false, false, true, true],
            ),
            (
                Action::Share(Level::Admin),
                [false, false, false, false, true],
            ),
            (Action::HandOver, [false, false, false, false, true]),
            (Action::Delete, [false, false, false, false, true]),
            (Action::Leave, [false, true, true, true, false]),
            (
                Action::Share(Level::Owner),
                [false, false, false, false, true],
            ),
        ];
        let people = [
            None,
            Some(Level::Read),
            Some(Level::Write),
            Some(Level::Admin),
            Some(Level::Owner),
        ];
        for (action, row) in TABLE {
            for (level, allowed) in people.into_iter().zip(row) {
                let decision = decide(level, action);
                assert_eq!(
                    decision == Decision::Allowed,
                    allowed,
                    "{level:?} doing {action:?}: {decision:?}"
                );
                if level.is_none() {
                    assert_eq!(decision, Decision::Hidden, "a stranger is never told more");
                }
            }
        }
    }

    #[test]
    fn a_refusal_says_what_level_it_needs() {
        let refusal = |level, action| match decide(Some(level), action) {
            Decision::Denied(denied) => denied.to_string(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            refusal(Level::Read, Action::ChangeTasks),
            "You need write access to this list to change its tasks."
        );
        assert_eq!(
            refusal(Level::Admin, Action::Delete),
            "Only the list's owner may delete it."
        );
        assert!(refusal(Level::Owner, Action::Leave).contains("hand it over"));
    }

    #[test]
    fn levels_round_trip_through_the_database_and_forms() {
        for level in [Level::Read, Level::Write, Level::Admin, Level::Owner] {
            assert_eq!(Level::from_db(level.to_db()), level);
        }
        for level in Level::SHARED {
            assert_eq!(Level::parse(level.as_str()), Ok(level));
        }
        assert!(
            Level::parse("owner").is_err(),
            "owner is not shared, it is handed over"
        );
        assert_eq!(Level::from_db(99), Level::Read);
    }
}
