use chrono::NaiveDate;

use super::{FieldErrors, Invalid, Labels, LineFault, Recurrence, one_line};

/// A task title: 1 to 200 characters after trimming, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match one_line(input, Self::MAX_CHARS) {
            Ok(title) => Ok(Self(title.to_owned())),
            Err(LineFault::Empty) => Err(Invalid::new("A task needs a title.")),
            Err(LineFault::TooLong) => Err(Invalid::new(format!(
                "A title has at most {} characters.",
                Self::MAX_CHARS
            ))),
            Err(LineFault::NotOneLine) => Err(Invalid::new("A title is a single line of text.")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Free-form notes, possibly empty, up to 10,000 characters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskNotes(String);

impl TaskNotes {
    pub const MAX_CHARS: usize = 10_000;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        // Browsers send textarea line breaks as CRLF; keep one kind.
        let notes = input.trim().replace("\r\n", "\n");
        if notes.chars().count() > Self::MAX_CHARS {
            return Err(Invalid::new(format!(
                "Notes have at most {} characters.",
                Self::MAX_CHARS
            )));
        }
        if notes
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(Invalid::new("Notes may not hold control characters."));
        }
        Ok(Self(notes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A due date, `YYYY-MM-DD` as date inputs send it; empty means none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due(pub Option<NaiveDate>);

impl Due {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(Self(None));
        }
        // Exactly ten characters: chrono alone would accept "+12345-01-01"
        // or "2026-1-5", which no date input sends and no reader expects.
        let well_formed = input.len() == 10
            && input.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        match NaiveDate::parse_from_str(input, "%Y-%m-%d") {
            Ok(date) if well_formed => Ok(Self(Some(date))),
            _ => Err(Invalid::new(
                "A due date is a real date written YYYY-MM-DD.",
            )),
        }
    }
}

/// A day as messages name it: "Wed 2 Dec".
pub fn short_day(day: NaiveDate) -> String {
    day.format("%a %-d %b").to_string()
}

/// How much a task matters. Stored as 0, 1, 2 so that sorting by priority
/// is sorting by a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::Low, Priority::Normal, Priority::High];

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match input.trim() {
            "" | "normal" => Ok(Self::Normal),
            "low" => Ok(Self::Low),
            "high" => Ok(Self::High),
            _ => Err(Invalid::new("Priority is low, normal or high.")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
        }
    }

    pub fn to_db(self) -> i16 {
        match self {
            Self::Low => 0,
            Self::Normal => 1,
            Self::High => 2,
        }
    }

    /// Reads the stored number; anything unexpected reads as normal rather
    /// than failing a whole page over one odd row.
    pub fn from_db(value: i16) -> Self {
        match value {
            0 => Self::Low,
            2 => Self::High,
            _ => Self::Normal,
        }
    }
}

/// A task's place in its owner's list, as a client may set it: kept well
/// inside `i64`, so that "after the last one" can always be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position(pub i64);

impl Position {
    pub const MAX: i64 = 1 << 53;

    pub fn parse(value: i64) -> Result<Self, Invalid> {
        if (-Self::MAX..=Self::MAX).contains(&value) {
            Ok(Self(value))
        } else {
            Err(Invalid(format!(
                "expected a whole number from -{max} to {max}",
                max = Self::MAX
            )))
        }
    }
}

/// Everything a user types to add or edit a task, checked.
#[derive(Debug, Clone)]
pub struct TaskInput {
    pub title: TaskTitle,
    pub notes: TaskNotes,
    pub due: Due,
    pub priority: Priority,
    pub labels: Labels,
    /// How it repeats; `None` for a task done once.
    pub recurrence: Option<Recurrence>,
}

impl TaskInput {
    /// Parses every field, collecting an error per field, so that the form
    /// can show all of them at once.
    /// `labels` is the form's one field, separated by commas.
    pub fn parse(
        title: &str,
        notes: &str,
        due: &str,
        priority: &str,
        labels: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.check("title", TaskTitle::parse(title));
        let notes = errors.check("notes", TaskNotes::parse(notes));
        let due = errors.check("due", Due::parse(due));
        let priority = errors.check("priority", Priority::parse(priority));
        let labels = errors.check("labels", Labels::parse_field(labels));
        match (title, notes, due, priority, labels) {
            (Some(title), Some(notes), Some(due), Some(priority), Some(labels)) => Ok(Self {
                title,
                notes,
                due,
                priority,
                labels,
                recurrence: None,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_bounded() {
        assert_eq!(
            TaskTitle::parse("  milk ").map(TaskTitle::into_inner),
            Ok("milk".into())
        );
        assert!(TaskTitle::parse("   ").is_err());
        assert!(TaskTitle::parse(&"é".repeat(200)).is_ok());
        assert!(TaskTitle::parse(&"é".repeat(201)).is_err());
        assert!(TaskTitle::parse("two\nlines").is_err());
    }

    #[test]
    fn due_dates_are_strict() {
        assert_eq!(Due::parse(""), Ok(Due(None)));
        assert!(Due::parse("2026-02-28").is_ok());
        for bad in [
            "2026-02-30",
            "2026-2-3",
            "+12345-01-01",
            "tomorrow",
            "2026/01/01",
        ] {
            assert!(Due::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn priorities_round_trip_through_the_database() {
        for priority in Priority::ALL {
            assert_eq!(Priority::from_db(priority.to_db()), priority);
            assert_eq!(Priority::parse(priority.as_str()), Ok(priority));
        }
        assert!(Priority::parse("urgent").is_err());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = TaskInput::parse("", "", "soon", "urgent", "ok").expect_err("invalid");
        assert!(errors.get("title").is_some());
        assert!(errors.get("due").is_some());
        assert!(errors.get("priority").is_some());
        assert!(errors.get("notes").is_none());
    }
}
