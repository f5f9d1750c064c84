//! A list as typed: its name and its colour from a fixed palette.

use super::{FieldErrors, Invalid, LineFault, one_line};

/// A list's name: 1 to 100 characters after trimming, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListName(String);

impl ListName {
    pub const MAX_CHARS: usize = 100;
    /// The list that registration makes.
    pub const DEFAULT: &'static str = "Tasks";

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match one_line(input, Self::MAX_CHARS) {
            Ok(name) => Ok(Self(name.to_owned())),
            Err(LineFault::Empty) => Err(Invalid::new("A list needs a name.")),
            Err(LineFault::TooLong) => Err(Invalid::new(format!(
                "A list's name has at most {} characters.",
                Self::MAX_CHARS
            ))),
            Err(LineFault::NotOneLine) => {
                Err(Invalid::new("A list's name is a single line of text."))
            }
        }
    }

    /// The name of the list that registration makes.
    pub fn of_default_list() -> Self {
        Self(Self::DEFAULT.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A list's colour: one of a fixed palette, chosen to read well on both
/// the light and the dark theme. Stored by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Red,
    Orange,
    Yellow,
    Green,
    Teal,
    Blue,
    Purple,
    Pink,
    Grey,
}

impl Colour {
    pub const ALL: [Colour; 9] = [
        Colour::Red,
        Colour::Orange,
        Colour::Yellow,
        Colour::Green,
        Colour::Teal,
        Colour::Blue,
        Colour::Purple,
        Colour::Pink,
        Colour::Grey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Orange => "orange",
            Self::Yellow => "yellow",
            Self::Green => "green",
            Self::Teal => "teal",
            Self::Blue => "blue",
            Self::Purple => "purple",
            Self::Pink => "pink",
            Self::Grey => "grey",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Red => "Red",
            Self::Orange => "Orange",
            Self::Yellow => "Yellow",
            Self::Green => "Green",
            Self::Teal => "Teal",
            Self::Blue => "Blue",
            Self::Purple => "Purple",
            Self::Pink => "Pink",
            Self::Grey => "Grey",
        }
    }

    /// As CSS and calendar clients want it.
    pub fn hex(self) -> &'static str {
        match self {
            Self::Red => "#d64545",
            Self::Orange => "#e07b24",
            Self::Yellow => "#c9a100",
            Self::Green => "#3a9b4c",
            Self::Teal => "#17918a",
            Self::Blue => "#3b72d9",
            Self::Purple => "#8a55cc",
            Self::Pink => "#d1508f",
            Self::Grey => "#7a7f87",
        }
    }

    /// The palette's colour nearest to `#RRGGBB` (or `#RRGGBBAA`, as Apple's
    /// clients write it): what a calendar app's own colour becomes.
    pub fn nearest(hex: &str) -> Option<Self> {
        let rgb = |hex: &str| -> Option<[i32; 3]> {
            let digits = hex.trim().strip_prefix('#')?;
            if !digits.is_ascii() || (digits.len() != 6 && digits.len() != 8) {
                return None;
            }
            let part = |at: usize| i32::from_str_radix(digits.get(at..at + 2)?, 16).ok();
            Some([part(0)?, part(2)?, part(4)?])
        };
        let wanted = rgb(hex)?;
        Self::ALL.into_iter().min_by_key(|colour| {
            rgb(colour.hex()).map_or(i32::MAX, |have| {
                have.iter()
                    .zip(wanted)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum()
            })
        })
    }

    /// A colour by name; empty means none.
    pub fn parse(input: &str) -> Result<Option<Self>, Invalid> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(None);
        }
        Self::ALL
            .into_iter()
            .find(|colour| colour.as_str() == input)
            .map(Some)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
                Invalid::new(format!("The colour is one of {}.", names.join(", ")))
            })
    }

    /// A stored colour; one no longer in the palette reads as none.
    pub fn from_db(value: Option<&str>) -> Option<Self> {
        value.and_then(|value| Self::parse(value).ok().flatten())
    }
}

/// A list's settings, checked: what making or renaming a list takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInput {
    pub name: ListName,
    pub colour: Option<Colour>,
}

impl ListInput {
    /// Checks both fields, and names each one that is wrong.
    pub fn parse(name: &str, colour: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", ListName::parse(name));
        let colour = errors.check("colour", Colour::parse(colour));
        match (name, colour) {
            (Some(name), Some(colour)) if errors.is_empty() => Ok(Self { name, colour }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_apps_colour_becomes_the_nearest_in_the_palette() {
        for colour in Colour::ALL {
            assert_eq!(Colour::nearest(colour.hex()), Some(colour));
        }
        assert_eq!(Colour::nearest("#D1508FFF"), Some(Colour::Pink));
        assert_eq!(Colour::nearest("#FF2968FF"), Some(Colour::Red));
        assert_eq!(Colour::nearest("#0000ff"), Some(Colour::Blue));
        for bad in ["", "red", "#12345", "#GGGGGG", "#ééé"] {
            assert_eq!(Colour::nearest(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_list_name_is_one_line_of_one_to_a_hundred_characters() {
        assert_eq!(ListName::parse("  Home ").map(|n| n.0), Ok("Home".into()));
        assert!(ListName::parse("   ").is_err());
        assert!(ListName::parse(&"x".repeat(101)).is_err());
        assert!(ListName::parse(&"é".repeat(100)).is_ok());
        assert!(ListName::parse("a\nb").is_err());
    }

    #[test]
    fn colours_come_from_the_palette() {
        for colour in Colour::ALL {
            assert_eq!(Colour::parse(colour.as_str()), Ok(Some(colour)));
            assert!(colour.hex().starts_with('#'));
        }
        assert_eq!(Colour::parse(""), Ok(None));
        assert!(Colour::parse("#ff0000").is_err());
        assert_eq!(Colour::from_db(Some("mauve")), None);
    }

    #[test]
    fn a_list_form_names_each_wrong_field() {
        let errors = ListInput::parse("", "mauve").expect_err("both wrong");
        assert!(errors.get("name").is_some());
        assert!(errors.get("colour").is_some());
    }
}
