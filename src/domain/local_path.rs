use super::Invalid;

/// A path on this site, safe to redirect to: the `next` after login and the
/// `return_to` that brings a user back to the list they were on.
///
/// Only `/something` passes. `//evil.example` and `/\evil.example` are
/// read by browsers as other hosts, and an absolute URL is one outright, so
/// all of those are refused: an attacker cannot use our login form to send
/// someone to a look-alike site (an "open redirect").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// Room for the longest list view: a 200-character search of 4-byte
    /// characters, percent-encoded, and the other parameters.
    const MAX_LEN: usize = 4_096;

    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let ok = input.starts_with('/')
            && !input.starts_with("//")
            && !input.contains('\\')
            && input.len() <= Self::MAX_LEN
            && !input.chars().any(|c| c.is_control() || c.is_whitespace());
        if ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(Invalid::new("not a path on this site"))
        }
    }

    /// `input` if it is a safe local path, otherwise `fallback`.
    pub fn or(input: Option<&str>, fallback: &str) -> Self {
        input
            .and_then(|path| Self::parse(path).ok())
            .unwrap_or_else(|| Self(fallback.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_site_paths_pass() {
        for good in ["/", "/tasks", "/tasks?filter=active&q=a%20b", "/tasks/5"] {
            assert!(LocalPath::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "tasks",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/ok\r\nSet-Cookie: x=1",
        ] {
            assert!(LocalPath::parse(bad).is_err(), "{bad:?}");
        }
    }
}
