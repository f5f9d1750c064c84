//! Quick add: one line typed into the add box ("Pay rent tomorrow !high
//! every month #Home") read into a task's fields, so that nobody has to
//! open the form's other fields for the usual cases. The parser is pure:
//! it is given the day it is ("today" in the server's `TZ`) and the names
//! of the lists the user may add to, and returns what it understood and
//! the title that is left.
//!
//! The grammar, word by word (a word is what lies between spaces; a
//! keyword counts only as a whole word, ignoring case):
//!
//! | what | written | becomes |
//! | --- | --- | --- |
//! | a day | `today`, `tomorrow` | that day |
//! | | `monday` ... `sunday`, `mon` ... `sun` | that weekday, today included |
//! | | `next week` | the coming Monday (never today) |
//! | | `in 3 days`, `in 2 weeks` | so many days or weeks from today |
//! | | `dec 5`, `5 december` | the next 5 December, today included |
//! | | `2026-12-05` | that day |
//! | priority | `!high`, `!low`, `!normal` | that priority |
//! | a list | `#Home`, `#"Home and garden"` | that list, if you may add to it |
//! | a label | `*errands`, `*"waiting on Bob"` | that label |
//! | repeats | `every day`, `every week`, `every month`, `every year` | every one |
//! | | `every 2 weeks` (days, weeks, months, years) | every so many |
//! | | `every monday` (any weekday) | every week on that day |
//!
//! Each kind is taken once, the first time it appears; a second date or
//! priority stays in the title. What is not understood stays in the title
//! as typed: `Read #1 of the series` (no list is called "1"), `Call 911`,
//! `Meet at 5 !`, `every` alone, `tomorrow@example.com`, `!important`.
//! Only the spaces where a recognised part was taken out are closed up.
//! A title left empty is the caller's to refuse.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{Label, Labels, Priority};

/// How often a task repeats, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    Day,
    Week,
    Month,
    Year,
}

/// "every 2 weeks", "every monday": the interval, its unit, and for a
/// weekday the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Repeat {
    pub interval: u32,
    pub every: Every,
    pub on: Option<Weekday>,
}

/// What a quick-add line was understood as.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuickAdd {
    /// What is left once the understood parts are taken out.
    pub title: String,
    pub due: Option<NaiveDate>,
    pub priority: Option<Priority>,
    /// One of the list names given, as given.
    pub list: Option<String>,
    pub labels: Vec<Label>,
    pub repeat: Option<Repeat>,
}

/// Reads `line` as typed on `today`; `lists` are the names of the lists the
/// user may add to (`#Name` matches one of them, ignoring case).
pub fn parse(line: &str, today: NaiveDate, lists: &[&str]) -> QuickAdd {
    let words = words(line);
    let mut found = QuickAdd::default();
    // Which words were understood, to leave the others as the title.
    let mut taken = vec![false; words.len()];
    let mut at = 0;
    while at < words.len() {
        let rest = &words[at..];
        let used = recognise(rest, today, lists, &mut found);
        if used == 0 {
            at += 1;
        } else {
            taken[at..at + used]
                .iter_mut()
                .for_each(|word| *word = true);
            at += used;
        }
    }
    found.title = title(line, &words, &taken);
    found
}

/// A word of the line: where it starts and ends, in bytes.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// The words of `line`, split on whitespace; a quoted `#"..."` or `*"..."`
/// is one word, quotes and spaces included, up to its closing quote.
fn words(line: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let quoted = (c == '#' || c == '*') && line[start + c.len_utf8()..].starts_with('"');
        let mut end = start;
        let mut in_quotes = false;
        let mut quotes_seen = 0;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() && !in_quotes {
                break;
            }
            if quoted && c == '"' {
                quotes_seen += 1;
                in_quotes = quotes_seen == 1;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        words.push(Word {
            text: &line[start..end],
            start,
            end,
        });
    }
    words
}

/// The line without the understood words, the spaces around each taken
/// run closed up to one.
fn title(line: &str, words: &[Word<'_>], taken: &[bool]) -> String {
    let mut title = String::with_capacity(line.len());
    let mut last_end: Option<usize> = None;
    for (word, taken) in words.iter().zip(taken) {
        if *taken {
            continue;
        }
        match last_end {
            // Between two kept words that were neighbours, the spaces as
            // typed; where understood words were taken out, one space.
            Some(end) if !line[end..word.start].trim().is_empty() => title.push(' '),
            Some(end) => title.push_str(&line[end..word.start]),
            None => {}
        }
        title.push_str(word.text);
        last_end = Some(word.end);
    }
    title
}

/// How many words at the start of `rest` make one thing this parser
/// knows (and records it in `found`), or 0.
fn recognise(rest: &[Word<'_>], today: NaiveDate, lists: &[&str], found: &mut QuickAdd) -> usize {
    let lower: Vec<String> = rest.iter().take(3).map(|w| w.text.to_lowercase()).collect();
    let first = lower.first().map(String::as_str).unwrap_or_default();
    if found.repeat.is_none()
        && let Some((repeat, used)) = repeat(&lower)
    {
        found.repeat = Some(repeat);
        return used;
    }
    if found.due.is_none()
        && let Some((due, used)) = day(&lower, today)
    {
        found.due = Some(due);
        return used;
    }
    if found.priority.is_none()
        && let Some(priority) = first
            .strip_prefix('!')
            .and_then(|p| Priority::parse(p).ok())
        && first.len() > 1
    {
        found.priority = Some(priority);
        return 1;
    }
    let text = rest.first().map_or("", |word| word.text);
    if found.list.is_none()
        && let Some(name) = text.strip_prefix('#').and_then(unquoted)
        && let Some(list) = lists
            .iter()
            .find(|list| list.to_lowercase() == name.to_lowercase())
    {
        found.list = Some((*list).to_owned());
        return 1;
    }
    if let Some(name) = text.strip_prefix('*').and_then(unquoted)
        && let Ok(label) = Label::parse(name)
        && found.labels.len() < Labels::MAX
        && !found.labels.iter().any(|kept| kept.key() == label.key())
    {
        found.labels.push(label);
        return 1;
    }
    0
}

/// `name` or `"two words"`, without its quotes; none if empty or a quote
/// is left open.
fn unquoted(name: &str) -> Option<&str> {
    let name = match name.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"')?,
        None if name.contains('"') => return None,
        None => name,
    };
    (!name.trim().is_empty()).then_some(name)
}

/// A repeat at the start of `words` (lower-cased), and how many words it
/// takes.
fn repeat(words: &[String]) -> Option<(Repeat, usize)> {
    if words.first().map(String::as_str) != Some("every") {
        return None;
    }
    let second = words.get(1)?;
    if let Some(every) = unit(second) {
        return Some((
            Repeat {
                interval: 1,
                every,
                on: None,
            },
            2,
        ));
    }
    if let Some(day) = weekday(second) {
        return Some((
            Repeat {
                interval: 1,
                every: Every::Week,
                on: Some(day),
            },
            2,
        ));
    }
    let interval: u32 = second.parse().ok().filter(|n| (1..=999).contains(n))?;
    let every = unit(words.get(2)?)?;
    Some((
        Repeat {
            interval,
            every,
            on: None,
        },
        3,
    ))
}

/// `day` or `days`, and the other units.
fn unit(word: &str) -> Option<Every> {
    match word.strip_suffix('s').unwrap_or(word) {
        "day" => Some(Every::Day),
        "week" => Some(Every::Week),
        "month" => Some(Every::Month),
        "year" => Some(Every::Year),
        _ => None,
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    const DAYS: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    DAYS.iter()
        .find(|(name, _)| word == *name || (word.len() == 3 && name.starts_with(word)))
        .map(|(_, day)| *day)
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS
        .iter()
        .position(|name| word == *name || (word.len() == 3 && name.starts_with(word)))
        .and_then(|index| u32::try_from(index + 1).ok())
}

/// The first `day` (a weekday) from `today` on, today included.
pub(crate) fn on_or_after(today: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let ahead = (7 + day.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    today.checked_add_days(Days::new(u64::from(ahead)))
}

/// A day at the start of `words` (lower-cased), and how many words it
/// takes.
fn day(words: &[String], today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let first = words.first()?.as_str();
    let second = words.get(1).map(String::as_str);
    match first {
        "today" => return Some((today, 1)),
        "tomorrow" => return today.checked_add_days(Days::new(1)).map(|day| (day, 1)),
        "next" if second == Some("week") => {
            let ahead = 7 - u64::from(today.weekday().num_days_from_monday());
            return today.checked_add_days(Days::new(ahead)).map(|day| (day, 2));
        }
        "in" => {
            let count: u64 = second?.parse().ok().filter(|n| (1..=3650).contains(n))?;
            let days = match unit(words.get(2)?)? {
                Every::Day => count,
                Every::Week => count * 7,
                _ => return None,
            };
            return today.checked_add_days(Days::new(days)).map(|day| (day, 3));
        }
        _ => {}
    }
    if let Some(day) = weekday(first) {
        return on_or_after(today, day).map(|day| (day, 1));
    }
    if first.len() == 10
        && let Ok(date) = NaiveDate::parse_from_str(first, "%Y-%m-%d")
    {
        return Some((date, 1));
    }
    // "dec 5" or "5 dec".
    let (month, day) = match (month(first), second.and_then(|s| s.parse::<u32>().ok())) {
        (Some(month), Some(day)) => (month, day),
        _ => match (first.parse::<u32>().ok(), second.and_then(month)) {
            (Some(day), Some(month)) => (month, day),
            _ => return None,
        },
    };
    // The next such day, today included: this year's, or a later one's
    // (29 February waits for a leap year).
    (today.year()..=today.year() + 8)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date >= today)
        .map(|date| (date, 2))
}

mod apply;
#[cfg(test)]
mod tests;
