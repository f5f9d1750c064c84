use super::{Invalid, LineFault, one_line};

/// What a user calls an API token, to tell them apart: 1 to 100
/// characters on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenName(String);

impl TokenName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match one_line(input, Self::MAX_CHARS) {
            Ok(name) => Ok(Self(name.to_owned())),
            Err(LineFault::Empty) => Err(Invalid::new(
                "Give the token a name, such as the script that will use it.",
            )),
            Err(LineFault::TooLong | LineFault::NotOneLine) => Err(Invalid::new(format!(
                "A token name is one line of at most {} characters.",
                Self::MAX_CHARS
            ))),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a new token lives: a whole number of days, or for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetime(pub Option<u32>);

impl TokenLifetime {
    /// The choices the account page offers, in days.
    pub const CHOICES: [u32; 4] = [7, 30, 90, 365];

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        match input.trim() {
            "" | "never" => Ok(Self(None)),
            days => days
                .parse::<u32>()
                .ok()
                .filter(|days| (1..=3650).contains(days))
                .map(|days| Self(Some(days)))
                .ok_or_else(|| Invalid::new("Choose how long the token should last.")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_names_are_one_short_line() {
        assert!(TokenName::parse(" backup script ").is_ok_and(|n| n.as_str() == "backup script"));
        assert!(TokenName::parse("").is_err());
        assert!(TokenName::parse(&"x".repeat(101)).is_err());
        assert!(TokenName::parse("a\nb").is_err());
    }

    #[test]
    fn lifetimes_are_days_or_never() {
        assert_eq!(TokenLifetime::parse("never"), Ok(TokenLifetime(None)));
        assert_eq!(TokenLifetime::parse("30"), Ok(TokenLifetime(Some(30))));
        assert!(TokenLifetime::parse("0").is_err());
        assert!(TokenLifetime::parse("-5").is_err());
        assert!(TokenLifetime::parse("forever").is_err());
    }
}
