//! The edit page's "Repeat" fields, plain enough to work without
//! JavaScript: every N days, weeks (on chosen weekdays), months (on a day
//! or on the nth weekday) or years; ending never, on a date or after N
//! times; from the due date or from completion. Read into a
//! [`Recurrence`] with an error per field, and filled in from one.
//!
//! A rule the fields cannot say (one sent over the API or by a CalDAV
//! client, such as `BYMONTHDAY=1,15`) is offered as it is, read back as a
//! sentence ("Keep: every month on days 1 and 15"), and kept as long as
//! that choice stays.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::{DAYS, End, Freq, Recurrence, RepeatFrom, Rule, WeekdayNum, words::nth_name};
use crate::domain::{Due, FieldErrors, Invalid};

/// The fields as typed. Every one is text, as a form sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RepeatForm {
    /// Empty (does not repeat), `day`, `week`, `month`, `year`, or `kept`
    /// (the rule in `repeat_kept`, which the fields cannot say).
    pub repeat_unit: String,
    pub repeat_interval: String,
    /// The weekdays of a weekly rule: `on` when ticked.
    pub repeat_mo: String,
    pub repeat_tu: String,
    pub repeat_we: String,
    pub repeat_th: String,
    pub repeat_fr: String,
    pub repeat_sa: String,
    pub repeat_su: String,
    /// A monthly rule: `day` (on `repeat_month_day`) or `nth` (on the
    /// `repeat_nth` `repeat_nth_day`).
    pub repeat_monthly: String,
    pub repeat_month_day: String,
    pub repeat_nth: String,
    pub repeat_nth_day: String,
    /// `never`, `until` (`repeat_until`) or `count` (`repeat_count`).
    pub repeat_end: String,
    pub repeat_until: String,
    pub repeat_count: String,
    pub repeat_from: String,
    pub repeat_kept: String,
}

/// One weekday's box, as the page draws it.
pub struct DayBox {
    pub field: &'static str,
    pub name: &'static str,
    pub checked: bool,
}

impl RepeatForm {
    fn ticked(&self) -> [&str; 7] {
        [
            &self.repeat_mo,
            &self.repeat_tu,
            &self.repeat_we,
            &self.repeat_th,
            &self.repeat_fr,
            &self.repeat_sa,
            &self.repeat_su,
        ]
        .map(String::as_str)
    }

    /// The weekday boxes, Monday first.
    pub fn days(&self) -> Vec<DayBox> {
        const FIELDS: [&str; 7] = [
            "repeat_mo",
            "repeat_tu",
            "repeat_we",
            "repeat_th",
            "repeat_fr",
            "repeat_sa",
            "repeat_su",
        ];
        DAYS.iter()
            .zip(FIELDS)
            .zip(self.ticked())
            .map(|(((.., name), field), ticked)| DayBox {
                field,
                name,
                checked: !ticked.is_empty(),
            })
            .collect()
    }

    /// Whether the unit chosen is `unit` (`day`, `week`, ...).
    pub fn unit_is(&self, unit: &str) -> bool {
        self.repeat_unit == unit
    }

    /// The choices of "on the [nth]": value and words.
    pub fn nths() -> Vec<(String, String)> {
        [1, 2, 3, 4, -1]
            .map(|n| (n.to_string(), nth_name(n)))
            .to_vec()
    }

    /// The choices of the nth weekday: value (`MO`...) and name.
    pub fn weekday_names() -> Vec<(String, &'static str)> {
        DAYS.iter()
            .map(|(code, _, name)| ((*code).to_owned(), *name))
            .collect()
    }

    /// The kept rule in words, when there is one to keep.
    pub fn kept_words(&self) -> Option<String> {
        Rule::parse(&self.repeat_kept)
            .ok()
            .map(|rule| rule.describe())
    }

    /// The fields for `recurrence` on a task due on `due`: what the page
    /// shows before anything is typed.
    pub fn of(recurrence: Option<&Recurrence>, due: Option<NaiveDate>) -> Self {
        let mut form = Self {
            repeat_interval: "1".into(),
            repeat_monthly: "day".into(),
            repeat_month_day: due.map_or(1, |due| due.day()).to_string(),
            repeat_nth: "1".into(),
            repeat_nth_day: code(due.map_or(Weekday::Mon, |due| due.weekday())),
            repeat_end: "never".into(),
            repeat_from: "due".into(),
            ..Self::default()
        };
        let Some(recurrence) = recurrence else {
            return form;
        };
        let rule = &recurrence.rule;
        form.repeat_from = recurrence.from.as_str().into();
        form.fill(rule);
        // What the fields cannot say is kept as it is.
        if form.rule(due).ok().flatten().as_ref() != Some(rule) {
            form.repeat_unit = "kept".into();
            form.repeat_kept = rule.to_rrule();
        }
        form
    }

    /// Fills the fields that say `rule`, as far as they can.
    fn fill(&mut self, rule: &Rule) {
        self.repeat_unit = match rule.freq {
            Freq::Daily => "day",
            Freq::Weekly => "week",
            Freq::Monthly => "month",
            Freq::Yearly => "year",
        }
        .into();
        self.repeat_interval = rule.interval.to_string();
        for day in &rule.by_day {
            let ticked = match day.day {
                Weekday::Mon => &mut self.repeat_mo,
                Weekday::Tue => &mut self.repeat_tu,
                Weekday::Wed => &mut self.repeat_we,
                Weekday::Thu => &mut self.repeat_th,
                Weekday::Fri => &mut self.repeat_fr,
                Weekday::Sat => &mut self.repeat_sa,
                Weekday::Sun => &mut self.repeat_su,
            };
            if rule.freq == Freq::Weekly {
                *ticked = "on".into();
            }
        }
        if let Some(day) = rule.month_day() {
            self.repeat_month_day = day.to_string();
        }
        if let [
            WeekdayNum {
                nth: Some(nth),
                day,
            },
        ] = rule.by_day.as_slice()
        {
            self.repeat_monthly = "nth".into();
            self.repeat_nth = nth.to_string();
            self.repeat_nth_day = code(*day);
        }
        match rule.end {
            End::Never => {}
            End::Count(count) => {
                self.repeat_end = "count".into();
                self.repeat_count = count.to_string();
            }
            End::Until(until) => {
                self.repeat_end = "until".into();
                self.repeat_until = until.to_string();
            }
        }
    }

    /// The rule the fields say, for a task due on `due`; `None` when it
    /// does not repeat. Each field's error is named for the field.
    pub fn parse(&self, due: Option<NaiveDate>) -> Result<Option<Recurrence>, FieldErrors> {
        let Some(rule) = self.rule(due)? else {
            return Ok(None);
        };
        let mut errors = FieldErrors::default();
        let Some(from) = errors.check("repeat_from", RepeatFrom::parse(&self.repeat_from)) else {
            return Err(errors);
        };
        let recurrence = Recurrence { rule, from };
        match recurrence.conflict(due) {
            None => Ok(Some(recurrence)),
            // The end is the form's "Ends on" field.
            Some(("rrule", words)) => {
                errors.add("repeat_until", words);
                Err(errors)
            }
            Some((field, words)) => {
                errors.add(field, words);
                Err(errors)
            }
        }
    }

    /// The rule alone, checked field by field.
    fn rule(&self, due: Option<NaiveDate>) -> Result<Option<Rule>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let freq = match self.repeat_unit.trim() {
            "" => return Ok(None),
            "kept" => {
                return Rule::parse(&self.repeat_kept).map(Some).map_err(|err| {
                    let mut errors = FieldErrors::default();
                    errors.add("repeat_unit", err.0);
                    errors
                });
            }
            "day" => Freq::Daily,
            "week" => Freq::Weekly,
            "month" => Freq::Monthly,
            "year" => Freq::Yearly,
            _ => {
                errors.add("repeat_unit", "Repeat every day, week, month or year.");
                return Err(errors);
            }
        };
        let interval = match self.repeat_interval.trim() {
            "" => Some(1),
            interval => errors.check(
                "repeat_interval",
                whole(interval, 1..=999, "Repeat every 1 to 999"),
            ),
        };
        let days: Vec<Weekday> = DAYS
            .iter()
            .zip(self.ticked())
            .filter(|(_, ticked)| !ticked.is_empty())
            .map(|((_, day, _), _)| *day)
            .collect();
        if !days.is_empty() && freq != Freq::Weekly {
            errors.add(
                "repeat_days",
                "Weekdays go with a weekly repeat; for months, choose the nth weekday.",
            );
        }
        let end = match self.repeat_end.trim() {
            "" | "never" => Some(End::Never),
            "until" => match Due::parse(&self.repeat_until) {
                Ok(Due(Some(day))) => Some(End::Until(day)),
                _ => {
                    errors.add("repeat_until", "Give the last day, written YYYY-MM-DD.");
                    None
                }
            },
            "count" => errors
                .check(
                    "repeat_count",
                    whole(&self.repeat_count, 1..=9999, "End after 1 to 9999 times"),
                )
                .map(End::Count),
            _ => {
                errors.add(
                    "repeat_end",
                    "It ends never, on a day, or after a number of times.",
                );
                None
            }
        };
        let shape = match (freq, self.repeat_monthly.trim()) {
            (Freq::Monthly, "nth") => {
                let nth = self
                    .repeat_nth
                    .trim()
                    .parse::<i8>()
                    .ok()
                    .filter(|n| [1, 2, 3, 4, -1].contains(n));
                match (nth, super::day_code(self.repeat_nth_day.trim())) {
                    (Some(nth), Some(day)) => Some(Rule {
                        by_day: vec![WeekdayNum {
                            nth: Some(nth),
                            day,
                        }],
                        ..Rule::every(freq, 1)
                    }),
                    _ => {
                        errors.add("repeat_nth", "Choose which weekday of the month.");
                        None
                    }
                }
            }
            (Freq::Monthly, _) => {
                let day = match self.repeat_month_day.trim() {
                    "" => Ok(due.map_or(1, |due| due.day())),
                    day => whole(day, 1..=31, "A day of the month is 1 to 31"),
                };
                errors
                    .check("repeat_month_day", day)
                    .map(|day| Rule::monthly_on(1, day))
            }
            (Freq::Weekly, _) => Some(Rule::weekly_on(1, &days)),
            (freq, _) => Some(Rule::every(freq, 1)),
        };
        match (interval, end, shape) {
            (Some(interval), Some(end), Some(shape)) if errors.is_empty() => Ok(Some(Rule {
                interval,
                end,
                ..shape
            })),
            _ => Err(errors),
        }
    }
}

/// A weekday's `RRULE` code.
fn code(day: Weekday) -> String {
    super::code_of(day).to_owned()
}

/// A whole number in `range`, or `words` as the refusal.
fn whole(text: &str, range: std::ops::RangeInclusive<u32>, words: &str) -> Result<u32, Invalid> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| Invalid::new(format!("{words}.")))
}
