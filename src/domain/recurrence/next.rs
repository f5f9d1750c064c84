//! The next occurrence of a rule, computed by the `rrule` crate.
//!
//! Due dates are days, and the crate works in zoned date-times: every
//! rule runs in UTC from midnight of its first day, and the dates come
//! back as days. UTC has no daylight saving, which is where the crate's
//! open bugs are (occurrences repeated or skipped where a zone's clocks
//! change: fmeringdal/rust-rrule #109, #115), so a day-only rule never
//! meets them. `UNTIL`, a day to ticked, is given to the crate as the last
//! second of that day, the form RFC 5545 asks for beside a date-time
//! `DTSTART`.
//!
//! Each question asks for one occurrence, under the crate's own limit on
//! how far it may search (100,000 steps), so that a rule with no next
//! occurrence (a series that has ended, `BYMONTHDAY=31` in a rule that
//! only meets February) answers "none" rather than searching forever. The
//! crate walks from the first day to the day asked about, so a repeating
//! task's due date is kept after 1970 (`Recurrence::conflict`): a daily
//! rule then takes some 20,000 steps at most to reach today.

use chrono::{NaiveDate, TimeZone};
use rrule::{RRule, Tz, Unvalidated};

use super::{End, Rule};
use crate::domain::Invalid;

impl Rule {
    /// Whether the crate takes the rule, with the words of its refusal.
    pub(super) fn computable(&self) -> Result<(), Invalid> {
        let start = Tz::UTC.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single();
        let rule: Result<RRule<Unvalidated>, _> = self.for_the_crate().parse();
        match (rule, start) {
            (Ok(rule), Some(start)) => rule
                .build(start)
                .map(drop)
                .map_err(|err| Invalid::new(format!("{}: {err}", self.to_rrule()))),
            (Err(err), _) => Err(Invalid::new(format!("{}: {err}", self.to_rrule()))),
            (Ok(_), None) => Ok(()),
        }
    }

    /// The rule's text as the crate reads it: `UNTIL` as a date-time.
    fn for_the_crate(&self) -> String {
        let mut rule = self.clone();
        rule.end = End::Never;
        let mut text = rule.to_rrule();
        match self.end {
            End::Never => {}
            End::Count(count) => text.push_str(&format!(";COUNT={count}")),
            End::Until(until) => {
                text.push_str(&format!(";UNTIL={}T235959Z", until.format("%Y%m%d")));
            }
        }
        text
    }

    /// The first occurrence strictly after `after`, of the series that
    /// begins on `first` (its `DTSTART`, itself an occurrence when the rule
    /// allows). `None` when the series has none: it has ended, or never
    /// comes round again.
    pub fn next_after(&self, first: NaiveDate, after: NaiveDate) -> Option<NaiveDate> {
        let midnight = |day: NaiveDate| Some(Tz::UTC.from_utc_datetime(&day.and_hms_opt(0, 0, 0)?));
        let start = midnight(first)?;
        let rule: RRule<Unvalidated> = self.for_the_crate().parse().ok()?;
        let set = rule.build(start).ok()?;
        // The crate's `after` keeps an occurrence at that very instant:
        // from the next day's midnight, strictly after `after`.
        let from = midnight(after.succ_opt()?)?;
        set.after(from)
            .all(1)
            .dates
            .first()
            .map(chrono::DateTime::date_naive)
    }
}
