//! Repeating tasks: the rule a task repeats by, as RFC 5545's `RRULE`
//! writes it, in the subset ticked offers (and the CalDAV face will send
//! and receive unchanged): `FREQ=DAILY|WEEKLY|MONTHLY|YEARLY`, `INTERVAL`,
//! `BYDAY` (weekdays, or the nth weekday of a month such as `2TU` or `-1FR`),
//! `BYMONTHDAY` (a day of the month, `-1` for its last), `BYSETPOS` (which
//! of the `BYDAY` or `BYMONTHDAY` days of a month), `COUNT` or `UNTIL`, and
//! `WKST`.
//!
//! Month ends: RFC 5545 skips a month that lacks the day a rule names, so
//! `BYMONTHDAY=31` comes round seven times a year. People who say "monthly
//! on the 31st" mean the month's last day, so the edit form and quick add
//! write that as `BYMONTHDAY=-1`, and "on the 30th" as
//! `BYMONTHDAY=28,29,30;BYSETPOS=-1` (the 30th, or the last day of a
//! shorter month): the rule says exactly what ticked does, and every client
//! computes the same dates from it.
//!
//! [`Recurrence`] is a task's rule with what its next due date counts from;
//! `step` moves a task on when it is done, `words` reads a rule back as a
//! sentence, `form` is the edit page's plain fields.
//!
//! A rule is read into [`Rule`] or refused with words that name the part
//! outside the subset; what it is written back as is always the same for
//! the same rule (the nth weekday as `BYDAY=2TU`, never
//! `BYDAY=TU;BYSETPOS=2`), so that a rule read and written again is the
//! text a client sent, once it is in that form.

use std::fmt::Write;

use chrono::{NaiveDate, Weekday};

use super::Invalid;

/// How often the rule comes round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// A weekday, perhaps the nth of its month (`2TU`: the second Tuesday;
/// `-1FR`: the last Friday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekdayNum {
    pub nth: Option<i8>,
    pub day: Weekday,
}

/// When a series ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Never,
    /// After so many occurrences, the first included.
    Count(u32),
    /// With the last occurrence on or before this day.
    Until(NaiveDate),
}

/// A repeat rule in ticked's subset of `RRULE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u32,
    pub by_day: Vec<WeekdayNum>,
    pub by_month_day: Vec<i8>,
    pub by_set_pos: Option<i8>,
    pub end: End,
    pub week_start: Option<Weekday>,
}

/// What a repeating task's next due date counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RepeatFrom {
    /// A fixed schedule: the next occurrence after the due date.
    #[default]
    Due,
    /// The next occurrence after the day it was done.
    Completion,
}

impl RepeatFrom {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match input.trim() {
            "" | "due" => Ok(Self::Due),
            "completion" => Ok(Self::Completion),
            _ => Err(Invalid::new("repeat_from is due or completion")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Due => "due",
            Self::Completion => "completion",
        }
    }
}

/// The weekdays, Monday first: the code a rule writes, the day, its name.
const DAYS: [(&str, Weekday, &str); 7] = [
    ("MO", Weekday::Mon, "Monday"),
    ("TU", Weekday::Tue, "Tuesday"),
    ("WE", Weekday::Wed, "Wednesday"),
    ("TH", Weekday::Thu, "Thursday"),
    ("FR", Weekday::Fri, "Friday"),
    ("SA", Weekday::Sat, "Saturday"),
    ("SU", Weekday::Sun, "Sunday"),
];

/// The parts ticked repeats by, for the words of a refusal.
const KNOWN: &str = "FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYSETPOS, COUNT, UNTIL and WKST";

fn refuse(message: impl Into<String>) -> Invalid {
    Invalid::new(message)
}

fn day_code(code: &str) -> Option<Weekday> {
    DAYS.iter()
        .find(|(name, ..)| *name == code)
        .map(|(_, day, _)| *day)
}

fn code_of(day: Weekday) -> &'static str {
    DAYS.iter()
        .find(|(_, d, _)| *d == day)
        .map_or("MO", |(code, ..)| code)
}

fn day_name(day: Weekday) -> &'static str {
    DAYS.iter()
        .find(|(_, d, _)| *d == day)
        .map_or("Monday", |(.., name)| name)
}

/// A whole number in `range`, or a refusal naming `part`.
fn number<T: std::str::FromStr + PartialOrd>(
    part: &str,
    value: &str,
    range: std::ops::RangeInclusive<T>,
    what: &str,
) -> Result<T, Invalid> {
    value
        .parse::<T>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| refuse(format!("{part}={value}: {part} is {what}")))
}

impl Rule {
    /// Reads `RRULE` text (with or without the `RRULE:` in front), as a
    /// client sends it: in the subset, and one the crate that computes the
    /// dates takes too.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let rule = Self::read(text)?;
        // The crate has its own limits (no -5FR in a month, for one): a
        // rule it would refuse is refused here, named, rather than found
        // to "never come round" when the task is done.
        rule.computable()?;
        Ok(rule)
    }

    /// A rule as ticked stored it: it was checked on its way in, so the
    /// crate is not asked again each time a page shows it. `None` for text
    /// that no longer reads (written by hand, or by an older ticked).
    pub fn from_db(text: &str) -> Option<Self> {
        Self::read(text).ok()
    }

    /// The text in the subset, read into a rule.
    fn read(text: &str) -> Result<Self, Invalid> {
        let text = text.trim();
        if !text.is_ascii() {
            return Err(refuse(
                "An RRULE is plain ASCII text, such as FREQ=WEEKLY;BYDAY=MO",
            ));
        }
        let body = text
            .strip_prefix("RRULE:")
            .or_else(|| text.strip_prefix("rrule:"))
            .unwrap_or(text);
        let mut freq = None;
        let mut interval = None;
        let mut by_day = None;
        let mut by_month_day = None;
        let mut by_set_pos = None;
        let mut count = None;
        let mut until = None;
        let mut week_start = None;
        for part in body.split(';').filter(|part| !part.trim().is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| refuse(format!("{part}: each part is NAME=VALUE")))?;
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim().to_ascii_uppercase();
            let seen = match key.as_str() {
                "FREQ" => freq.replace(Self::freq(&value)?).is_some(),
                "INTERVAL" => interval
                    .replace(number(
                        &key,
                        &value,
                        1..=999,
                        "a whole number from 1 to 999",
                    )?)
                    .is_some(),
                "BYDAY" => by_day.replace(Self::days(&value)?).is_some(),
                "BYMONTHDAY" => by_month_day.replace(Self::month_days(&value)?).is_some(),
                "BYSETPOS" => by_set_pos.replace(Self::set_pos(&value)?).is_some(),
                "COUNT" => count
                    .replace(number(
                        &key,
                        &value,
                        1..=9999,
                        "a whole number from 1 to 9999",
                    )?)
                    .is_some(),
                "UNTIL" => until.replace(Self::until(&value)?).is_some(),
                "WKST" => week_start
                    .replace(day_code(&value).ok_or_else(|| {
                        refuse(format!("WKST={value}: WKST is a weekday, MO to SU"))
                    })?)
                    .is_some(),
                other => {
                    return Err(refuse(format!(
                        "{other} is outside what ticked repeats by: {KNOWN}"
                    )));
                }
            };
            if seen {
                return Err(refuse(format!("{key} is given twice")));
            }
        }
        let freq = freq.ok_or_else(|| {
            refuse("FREQ is missing: a rule says DAILY, WEEKLY, MONTHLY or YEARLY")
        })?;
        let end = match (count, until) {
            (Some(_), Some(_)) => {
                return Err(refuse("COUNT and UNTIL together: a series ends one way"));
            }
            (Some(count), None) => End::Count(count),
            (None, Some(until)) => End::Until(until),
            (None, None) => End::Never,
        };
        Self {
            freq,
            interval: interval.unwrap_or(1),
            by_day: by_day.unwrap_or_default(),
            by_month_day: by_month_day.unwrap_or_default(),
            by_set_pos,
            end,
            week_start,
        }
        .checked()
    }

    fn freq(value: &str) -> Result<Freq, Invalid> {
        match value {
            "DAILY" => Ok(Freq::Daily),
            "WEEKLY" => Ok(Freq::Weekly),
            "MONTHLY" => Ok(Freq::Monthly),
            "YEARLY" => Ok(Freq::Yearly),
            "HOURLY" | "MINUTELY" | "SECONDLY" => Err(refuse(format!(
                "FREQ={value} is outside what ticked repeats by: a due date is a day"
            ))),
            _ => Err(refuse(format!(
                "FREQ={value}: FREQ is DAILY, WEEKLY, MONTHLY or YEARLY"
            ))),
        }
    }

    fn days(value: &str) -> Result<Vec<WeekdayNum>, Invalid> {
        value
            .split(',')
            .map(|one| {
                let bad = || {
                    refuse(format!(
                        "BYDAY={value}: {one} is not a weekday such as MO, 2TU or -1FR"
                    ))
                };
                let at = one.len().checked_sub(2).ok_or_else(bad)?;
                let (nth, code) = one.split_at(at);
                let day = day_code(code).ok_or_else(bad)?;
                let nth = match nth {
                    "" => None,
                    nth => Some(
                        nth.parse::<i8>()
                            .ok()
                            .filter(|n| (1..=5).contains(&n.unsigned_abs()))
                            .ok_or_else(bad)?,
                    ),
                };
                Ok(WeekdayNum { nth, day })
            })
            .collect()
    }

    fn month_days(value: &str) -> Result<Vec<i8>, Invalid> {
        value
            .split(',')
            .map(|one| {
                one.parse::<i8>()
                    .ok()
                    .filter(|n| n.unsigned_abs() >= 1 && n.unsigned_abs() <= 31)
                    .ok_or_else(|| {
                        refuse(format!(
                            "BYMONTHDAY={value}: {one} is not a day of a month, 1 to 31 or -1 to -31"
                        ))
                    })
            })
            .collect()
    }

    fn set_pos(value: &str) -> Result<i8, Invalid> {
        value
            .parse::<i8>()
            .ok()
            .filter(|n| (1..=5).contains(&n.unsigned_abs()))
            .ok_or_else(|| refuse(format!("BYSETPOS={value}: BYSETPOS is 1 to 5 or -1 to -5")))
    }

    /// `YYYYMMDD`, or a time on that day (`YYYYMMDDTHHMMSS`, perhaps `Z`):
    /// a due date is a day, so the day is what counts.
    fn until(value: &str) -> Result<NaiveDate, Invalid> {
        let day = value
            .get(..8)
            .filter(|_| value.len() == 8 || value.as_bytes().get(8) == Some(&b'T'));
        day.and_then(|day| NaiveDate::parse_from_str(day, "%Y%m%d").ok())
            .ok_or_else(|| refuse(format!("UNTIL={value}: UNTIL is a date written YYYYMMDD")))
    }

    /// The rule, if its parts go together; `BYDAY=TU;BYSETPOS=2` made into
    /// `BYDAY=2TU`, the one way ticked writes it.
    fn checked(mut self) -> Result<Self, Invalid> {
        let monthly_or_yearly = matches!(self.freq, Freq::Monthly | Freq::Yearly);
        if self.freq == Freq::Daily && !self.by_day.is_empty() {
            return Err(refuse(
                "BYDAY with FREQ=DAILY: weekdays go with a weekly or monthly rule",
            ));
        }
        if !monthly_or_yearly && self.by_day.iter().any(|day| day.nth.is_some()) {
            return Err(refuse(
                "BYDAY with a number (such as 2TU) goes with FREQ=MONTHLY or YEARLY",
            ));
        }
        if self.freq != Freq::Monthly && !self.by_month_day.is_empty() {
            return Err(refuse("BYMONTHDAY goes with FREQ=MONTHLY"));
        }
        if let Some(pos) = self.by_set_pos {
            if self.freq != Freq::Monthly
                || (self.by_day.is_empty() && self.by_month_day.is_empty())
            {
                return Err(refuse(
                    "BYSETPOS goes with FREQ=MONTHLY and BYDAY or BYMONTHDAY",
                ));
            }
            if let [only] = self.by_day.as_slice()
                && only.nth.is_none()
            {
                self.by_day = vec![WeekdayNum {
                    nth: Some(pos),
                    day: only.day,
                }];
                self.by_set_pos = None;
            }
        }
        Ok(self)
    }

    /// The rule as `RRULE` text, without the `RRULE:` in front: always the
    /// same for the same rule.
    pub fn to_rrule(&self) -> String {
        let mut text = String::from(match self.freq {
            Freq::Daily => "FREQ=DAILY",
            Freq::Weekly => "FREQ=WEEKLY",
            Freq::Monthly => "FREQ=MONTHLY",
            Freq::Yearly => "FREQ=YEARLY",
        });
        if self.interval != 1 {
            let _ = write!(text, ";INTERVAL={}", self.interval);
        }
        if !self.by_day.is_empty() {
            let days: Vec<String> = self
                .by_day
                .iter()
                .map(|day| match day.nth {
                    Some(nth) => format!("{nth}{}", code_of(day.day)),
                    None => code_of(day.day).to_owned(),
                })
                .collect();
            let _ = write!(text, ";BYDAY={}", days.join(","));
        }
        if !self.by_month_day.is_empty() {
            let days: Vec<String> = self.by_month_day.iter().map(i8::to_string).collect();
            let _ = write!(text, ";BYMONTHDAY={}", days.join(","));
        }
        if let Some(pos) = self.by_set_pos {
            let _ = write!(text, ";BYSETPOS={pos}");
        }
        match self.end {
            End::Never => {}
            End::Count(count) => {
                let _ = write!(text, ";COUNT={count}");
            }
            End::Until(until) => {
                let _ = write!(text, ";UNTIL={}", until.format("%Y%m%d"));
            }
        }
        if let Some(day) = self.week_start {
            let _ = write!(text, ";WKST={}", code_of(day));
        }
        text
    }
}

mod form;
#[cfg(test)]
mod form_tests;
mod next;
mod step;
#[cfg(test)]
mod step_tests;
#[cfg(test)]
mod tests;
mod words;

pub use form::{DayBox, RepeatForm};
pub use step::Recurrence;
