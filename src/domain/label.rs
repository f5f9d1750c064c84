//! Labels: free words on a task ("errands", "Waiting on Bob") that cut
//! across lists. A label keeps the case it was typed in and is matched
//! ignoring it, through its [`key`](Label::key): "Home" and "home" are one
//! label, shown as the task first had it.

use super::{Invalid, LineFault, one_line};

/// One label: 1 to 40 characters on one line, without a comma (the add
/// and edit forms separate labels with commas, and so does iCalendar's
/// `CATEGORIES`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(String);

impl Label {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let label = match one_line(input, Self::MAX_CHARS) {
            Ok(label) => label,
            Err(LineFault::Empty) => return Err(Invalid::new("A label cannot be empty.")),
            Err(LineFault::TooLong) => {
                return Err(Invalid::new(format!(
                    "The label “{}…” is longer than {} characters.",
                    input.trim().chars().take(20).collect::<String>(),
                    Self::MAX_CHARS
                )));
            }
            Err(LineFault::NotOneLine) => {
                return Err(Invalid::new("A label is a single line of text."));
            }
        };
        if label.contains(',') {
            return Err(Invalid::new(format!(
                "The label “{label}” holds a comma, which separates labels."
            )));
        }
        Ok(Self(label.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What matches it, ignoring case: the label lower-cased.
    pub fn key(&self) -> String {
        key_of(&self.0)
    }
}

/// The key a filter's text matches labels by.
pub fn key_of(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A task's labels: at most 20, none twice (ignoring case; the first
/// spelling stays), in the order they were given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels(Vec<Label>);

impl Labels {
    pub const MAX: usize = 20;

    /// Labels as the API sends them: every one must be a label.
    pub fn parse<'a>(labels: impl IntoIterator<Item = &'a str>) -> Result<Self, Invalid> {
        let mut kept = Self::default();
        for label in labels {
            kept.add(Label::parse(label)?)?;
        }
        Ok(kept)
    }

    /// Labels as a form's one text field sends them, separated by commas;
    /// blank pieces (`"a, ,b,"`) are skipped.
    pub fn parse_field(field: &str) -> Result<Self, Invalid> {
        Self::parse(field.split(',').filter(|piece| !piece.trim().is_empty()))
    }

    fn add(&mut self, label: Label) -> Result<(), Invalid> {
        let key = label.key();
        if self.0.iter().any(|kept| kept.key() == key) {
            return Ok(());
        }
        if self.0.len() == Self::MAX {
            return Err(Invalid::new(format!(
                "A task has at most {} labels.",
                Self::MAX
            )));
        }
        self.0.push(label);
        Ok(())
    }

    /// The labels as stored in `tasks.labels`: one per line.
    pub fn to_db(&self) -> String {
        self.names().collect::<Vec<_>>().join("\n")
    }

    /// Reads `tasks.labels` back. What was stored was checked on the way
    /// in; a line that is not a label now is skipped, not a failed page.
    pub fn from_db(stored: &str) -> Self {
        Self(
            stored
                .lines()
                .filter_map(|line| Label::parse(line).ok())
                .collect(),
        )
    }

    /// The labels, as they show.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(Label::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Label> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// As a form's field shows them.
    pub fn to_field(&self) -> String {
        self.names().collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_split_on_commas_and_blank_pieces_skipped() {
        let labels = Labels::parse_field(" Home, errands ,, , Waiting on Bob,").expect("valid");
        assert_eq!(
            labels.names().collect::<Vec<_>>(),
            ["Home", "errands", "Waiting on Bob"]
        );
        assert_eq!(Labels::parse_field("  "), Ok(Labels::default()));
    }

    #[test]
    fn the_same_label_in_another_case_is_kept_once_as_first_typed() {
        let labels = Labels::parse(["Home", "HOME", "home"]).expect("valid");
        assert_eq!(labels.names().collect::<Vec<_>>(), ["Home"]);
        assert_eq!(Label::parse("ÉTÉ").map(|l| l.key()), Ok("été".to_owned()));
    }

    #[test]
    fn limits_name_what_is_wrong() {
        assert!(Label::parse(&"a".repeat(40)).is_ok());
        let long = Label::parse(&"a".repeat(41)).expect_err("too long");
        assert!(long.0.contains("40"), "{long}");
        assert!(Labels::parse([""]).is_err());
        assert!(Labels::parse(["a,b"]).is_err());
        assert!(Labels::parse(["two\nlines"]).is_err());
        let many: Vec<String> = (0..21).map(|i| format!("l{i}")).collect();
        let refused = Labels::parse(many.iter().map(String::as_str)).expect_err("21");
        assert!(refused.0.contains("20"), "{refused}");
        assert!(Labels::parse(many[..20].iter().map(String::as_str)).is_ok());
    }

    #[test]
    fn stored_labels_read_back_the_same() {
        let labels = Labels::parse(["Home", "Waiting on Bob"]).expect("valid");
        assert_eq!(Labels::from_db(&labels.to_db()), labels);
        assert_eq!(Labels::from_db(""), Labels::default());
    }
}
