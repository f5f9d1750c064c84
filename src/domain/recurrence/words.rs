//! A repeat rule read back as a sentence, for the edit page, the task's
//! row and the flash: "Every 2 weeks on Monday and Thursday, from the due
//! date".

use super::{End, Freq, Recurrence, RepeatFrom, Rule, WeekdayNum, day_name};

/// "first", "second", ..., "last", "second to last".
pub(super) fn nth_name(nth: i8) -> String {
    match nth {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        4 => "fourth".into(),
        5 => "fifth".into(),
        -1 => "last".into(),
        -2 => "second to last".into(),
        n => format!("{n}th"),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn weekday(day: &WeekdayNum) -> String {
    match day.nth {
        Some(nth) => format!("the {} {}", nth_name(nth), day_name(day.day)),
        None => day_name(day.day).to_owned(),
    }
}

impl Rule {
    /// "Every 2 weeks on Monday and Thursday, 3 more times".
    pub fn describe(&self) -> String {
        let unit = match self.freq {
            Freq::Daily => "day",
            Freq::Weekly => "week",
            Freq::Monthly => "month",
            Freq::Yearly => "year",
        };
        let mut text = match self.interval {
            1 => format!("Every {unit}"),
            n => format!("Every {n} {unit}s"),
        };
        let days: Vec<String> = self.by_day.iter().map(weekday).collect();
        if let Some(day) = self.month_day() {
            text.push_str(&match day {
                31 => " on the last day".to_owned(),
                29 | 30 => format!(" on day {day}, or the last day of a shorter month"),
                day => format!(" on day {day}"),
            });
        } else if !self.by_month_day.is_empty() {
            let list: Vec<String> = self.by_month_day.iter().map(i8::to_string).collect();
            text.push_str(&format!(" on days {}", and_list(&list)));
        }
        if !days.is_empty() {
            let which = match self.by_set_pos {
                Some(pos) => format!(" on the {} of {}", nth_name(pos), and_list(&days)),
                None => format!(" on {}", and_list(&days)),
            };
            text.push_str(&which);
        }
        match self.end {
            End::Never => {}
            End::Count(1) => text.push_str(", once more"),
            End::Count(n) => text.push_str(&format!(", {n} more times")),
            End::Until(day) => text.push_str(&format!(", until {}", day.format("%a %-d %b %Y"))),
        }
        text
    }
}

impl Recurrence {
    /// "Every 2 weeks on Monday and Thursday, from the due date".
    pub fn describe(&self) -> String {
        let from = match self.from {
            RepeatFrom::Due => "from the due date",
            RepeatFrom::Completion => "from completion",
        };
        format!("{}, {from}", self.rule.describe())
    }
}
