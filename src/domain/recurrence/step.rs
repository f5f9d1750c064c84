//! A task's repeat rule at work: what its due date becomes when it is
//! done (or skipped), and the rule quick add's "every month" makes for a
//! given due date.
//!
//! `COUNT` counts what is left: "ends after 5 times" is `COUNT=5`, and
//! each completion or skip uses one, written back as `COUNT=4` (as
//! Tasks.org keeps it), so the rule stored is always the rest of the
//! series from the due date it sits beside.

use chrono::{Datelike, NaiveDate, Weekday};

use super::{End, Freq, RepeatFrom, Rule, WeekdayNum};
use crate::domain::quick_add::on_or_after;
use crate::domain::{Every, Invalid, Repeat};

/// How a task repeats: its rule, and what the next due date counts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    pub rule: Rule,
    pub from: RepeatFrom,
}

impl Recurrence {
    /// Reads the stored columns. A rule that no longer reads (written by
    /// an older ticked, or by hand) is a task that does not repeat,
    /// rather than a page that fails.
    pub fn from_db(rrule: Option<&str>, from: &str) -> Option<Self> {
        let rule = Rule::from_db(rrule?)?;
        let from = RepeatFrom::parse(from).unwrap_or_default();
        Some(Self { rule, from })
    }

    /// Reads a rule and what it repeats from, as the API sends them.
    pub fn parse(rrule: &str, from: &str) -> Result<Self, Invalid> {
        Ok(Self {
            rule: Rule::parse(rrule)?,
            from: RepeatFrom::parse(from)?,
        })
    }

    /// Why the rule cannot go with the due date `due`: a repeating task
    /// needs one (from 1970 on: see `next.rs`), and a series that ends
    /// before it never starts.
    pub fn conflict(&self, due: Option<NaiveDate>) -> Option<(&'static str, String)> {
        let Some(due) = due else {
            return Some(("due", "A repeating task needs a due date.".to_owned()));
        };
        if due.year() < 1970 {
            return Some((
                "due",
                "A repeating task is due in 1970 or later.".to_owned(),
            ));
        }
        match self.rule.end {
            End::Until(until) if until < due => Some((
                "rrule",
                format!("The series ends ({until}) before the task is first due ({due})."),
            )),
            _ => None,
        }
    }

    /// The task's next due date once it is done (or skipped) on `today`,
    /// and the rule that carries on from there; `None` when that was the
    /// last time and the series is over. A fixed schedule goes to the
    /// first occurrence after the due date, and after today if the due
    /// date has passed (it was just done today); from completion, to the
    /// first after today, counting from today (and never before the due
    /// date, when it was done early).
    pub fn next(&self, due: NaiveDate, today: NaiveDate) -> Option<(NaiveDate, Rule)> {
        let mut rest = self.rule.clone();
        let mut open = self.rule.clone();
        match self.rule.end {
            End::Count(left) if left <= 1 => return None,
            End::Count(left) => {
                rest.end = End::Count(left - 1);
                open.end = End::Never;
            }
            End::Never | End::Until(_) => {}
        }
        let next = match self.from {
            RepeatFrom::Due => open.next_after(due, due.max(today)),
            // Done early, it is not due again before it was due: the first
            // occurrence from today that is on or after the due date.
            RepeatFrom::Completion => {
                let due_eve = due.pred_opt().unwrap_or(due);
                open.next_after(today, today.max(due_eve))
            }
        }?;
        // Past the last day a due date can be written with, the series is
        // over.
        (next.year() <= 9999).then_some((next, rest))
    }
}

impl Rule {
    /// A plain rule: every `interval` units, nothing else.
    pub fn every(freq: Freq, interval: u32) -> Self {
        Self {
            freq,
            interval,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_set_pos: None,
            end: End::Never,
            week_start: None,
        }
    }

    /// Every `interval` months on day `day` of the month, as people mean
    /// it: the 31st is the month's last day, and the 29th or 30th is that
    /// day or the last of a shorter month.
    pub fn monthly_on(interval: u32, day: u32) -> Self {
        let day = i8::try_from(day.clamp(1, 31)).unwrap_or(1);
        let (by_month_day, by_set_pos) = match day {
            31 => (vec![-1], None),
            29 | 30 => ((28..=day).collect(), Some(-1)),
            day => (vec![day], None),
        };
        Self {
            by_month_day,
            by_set_pos,
            ..Self::every(Freq::Monthly, interval)
        }
    }

    /// The day of the month a rule made by [`Rule::monthly_on`] names.
    pub fn month_day(&self) -> Option<u32> {
        match (self.by_month_day.as_slice(), self.by_set_pos) {
            ([-1], None) => Some(31),
            ([day], None) if *day > 0 => u32::try_from(*day).ok(),
            ([28, rest @ ..], Some(-1)) if !rest.is_empty() => {
                rest.last().and_then(|day| u32::try_from(*day).ok())
            }
            _ => None,
        }
    }

    /// Every `interval` weeks on `days`.
    pub fn weekly_on(interval: u32, days: &[Weekday]) -> Self {
        Self {
            by_day: days
                .iter()
                .map(|&day| WeekdayNum { nth: None, day })
                .collect(),
            ..Self::every(Freq::Weekly, interval)
        }
    }
}

impl Repeat {
    /// The rule quick add's words make for a task due on `due`: "every
    /// month" from the 31st is the month's last day (see
    /// [`Rule::monthly_on`]).
    pub fn rule(&self, due: NaiveDate) -> Rule {
        match (self.every, self.on) {
            (_, Some(day)) => Rule::weekly_on(self.interval, &[day]),
            (Every::Day, None) => Rule::every(Freq::Daily, self.interval),
            (Every::Week, None) => Rule::every(Freq::Weekly, self.interval),
            (Every::Month, None) if due.day() > 28 => Rule::monthly_on(self.interval, due.day()),
            (Every::Month, None) => Rule::every(Freq::Monthly, self.interval),
            (Every::Year, None) => Rule::every(Freq::Yearly, self.interval),
        }
    }

    /// The first due date of a repeat typed with no date: today, or for
    /// "every monday" the next Monday, today included.
    pub fn first_due(&self, today: NaiveDate) -> NaiveDate {
        self.on
            .and_then(|day| on_or_after(today, day))
            .unwrap_or(today)
    }
}
