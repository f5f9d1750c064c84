use secrecy::{ExposeSecret, SecretString};

use super::Invalid;

/// A username: 3 to 32 ASCII letters, digits, `_`, `.` or `-`.
///
/// ASCII only, so that names that look alike are alike: no Cyrillic "а"
/// posing as a Latin "a", and "unique ignoring case" means one simple thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 32;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let name = input.trim();
        if name.len() < Self::MIN || name.len() > Self::MAX {
            return Err(Invalid::new(format!(
                "A username has {} to {} characters.",
                Self::MIN,
                Self::MAX
            )));
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(Invalid::new(
                "A username may hold only letters, digits, and _ . -",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password: at least 8 characters and at most 72 bytes (bcrypt reads no
/// further, so a longer one would only pretend to be stronger), and not the
/// username. A secret: its `Debug` never shows it.
#[derive(Debug, Clone)]
pub struct Password(SecretString);

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_BYTES: usize = 72;

    pub fn parse(input: &str, username: &str) -> Result<Self, Invalid> {
        if input.chars().count() < Self::MIN_CHARS {
            return Err(Invalid::new(format!(
                "A password has at least {} characters.",
                Self::MIN_CHARS
            )));
        }
        if input.len() > Self::MAX_BYTES {
            return Err(Invalid::new(format!(
                "A password has at most {} bytes (fewer characters if they are not plain ASCII).",
                Self::MAX_BYTES
            )));
        }
        if input.trim().eq_ignore_ascii_case(username.trim()) {
            return Err(Invalid::new("The password must not be the username."));
        }
        Ok(Self(input.into()))
    }

    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl From<Password> for SecretString {
    fn from(password: Password) -> Self {
        password.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_rules() {
        assert_eq!(Username::parse(" alice ").map(|u| u.0), Ok("alice".into()));
        assert!(Username::parse("al").is_err());
        assert!(Username::parse(&"a".repeat(33)).is_err());
        assert!(Username::parse("a.b_c-d9").is_ok());
        assert!(Username::parse("ali ce").is_err());
        assert!(Username::parse("аlice").is_err(), "Cyrillic a");
        assert!(Username::parse("<b>x</b>").is_err());
    }

    #[test]
    fn passwords_follow_the_rules() {
        assert!(Password::parse("short", "alice").is_err());
        assert!(Password::parse("long enough", "alice").is_ok());
        assert!(Password::parse("Alice123", "alice123").is_err());
        assert!(Password::parse(&"x".repeat(72), "alice").is_ok());
        assert!(Password::parse(&"x".repeat(73), "alice").is_err());
        // 8 characters but 24 bytes: fine; 25 three-byte characters: too long.
        assert!(Password::parse(&"€".repeat(8), "alice").is_ok());
        assert!(Password::parse(&"€".repeat(25), "alice").is_err());
    }
}
