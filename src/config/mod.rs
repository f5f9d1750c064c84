//! Configuration: every setting ticked reads, its default, and its check.
//!
//! Settings come from the environment (and an optional `.env` file, loaded
//! by the command line before this runs). They are read and checked once, at
//! start, so that a typo stops the program with one line naming the variable
//! instead of surfacing as a strange failure hours later.

mod database;

use std::net::ToSocketAddrs;
use std::time::Duration;

use chrono_tz::Tz;
use secrecy::SecretString;
use url::Url;

pub use database::{Backend, DatabaseUrl, PoolOptions, redacted};

/// A setting that could not be used: which variable, and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {message}")]
pub struct ConfigError {
    pub name: &'static str,
    pub message: String,
}

/// Whether strangers may make themselves an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    Open,
    Closed,
}

/// Every setting, checked. The two secrets among them (the database URL,
/// which may hold a password, and the session key) are typed as secrets,
/// so that printing the configuration never prints them.
#[derive(Debug, Clone)]
pub struct Config {
    /// Path of the SQLite file, or a `postgres://` URL.
    pub database_url: DatabaseUrl,
    /// How many connections to keep open to the database, and how long to
    /// wait for one.
    pub pool: PoolOptions,
    /// `address:port` to listen on.
    pub bind: String,
    /// Signs session cookies; `None` means "generate one and keep it in the
    /// database".
    pub session_key: Option<SecretString>,
    /// The address users reach ticked at, when it is behind a proxy.
    pub public_url: Option<Url>,
    pub bcrypt_cost: u32,
    pub registration: Registration,
    /// A session unused for this long ends.
    pub session_idle: Duration,
    /// A session ends this long after login, used or not.
    pub session_lifetime: Duration,
    /// The zone in which "today" (and so "overdue") is decided.
    pub time_zone: Tz,
    /// Whether a reverse proxy in front of ticked sets `X-Forwarded-For`
    /// truthfully, so that it names the client (for rate limits and the
    /// sessions list). Off by default: without a proxy that overwrites it,
    /// any client could claim any address.
    pub trust_proxy: bool,
}

const MIN_SESSION_KEY_LEN: usize = 64;

impl Config {
    /// Today's date where the server is, which decides what is overdue and
    /// what "tomorrow" means to quick add.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now()
            .with_timezone(&self.time_zone)
            .date_naive()
    }

    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        // An empty variable means the same as an unset one: `FOO=` in a
        // `.env` file is a common way of leaving a setting at its default.
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());

        let database_url = database::parse_database_url(get("DATABASE_URL"))?;
        let pool = PoolOptions {
            size: database::parse_pool_size(get("DATABASE_POOL_SIZE"))?,
            connect_timeout: parse_duration(
                "DATABASE_CONNECT_TIMEOUT",
                get("DATABASE_CONNECT_TIMEOUT"),
                "10s",
                Duration::from_secs(1),
            )?,
        };
        let bind = parse_bind(get("BIND"))?;
        let session_key = get("SESSION_KEY")
            .map(|key| {
                if key.len() < MIN_SESSION_KEY_LEN {
                    Err(error(
                        "SESSION_KEY",
                        format!(
                            "must be at least {MIN_SESSION_KEY_LEN} characters (got {})",
                            key.len()
                        ),
                    ))
                } else {
                    Ok(SecretString::from(key))
                }
            })
            .transpose()?;
        let public_url = get("PUBLIC_URL")
            .map(|v| parse_public_url(&v))
            .transpose()?;
        let bcrypt_cost = match get("BCRYPT_COST") {
            None => bcrypt::DEFAULT_COST,
            Some(value) => value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|cost| (4..=31).contains(cost))
                .ok_or_else(|| {
                    error(
                        "BCRYPT_COST",
                        format!("must be a whole number from 4 to 31 (got {value:?})"),
                    )
                })?,
        };
        let registration = match get("REGISTRATION").as_deref().map(str::trim) {
            None | Some("open") => Registration::Open,
            Some("closed") => Registration::Closed,
            Some(other) => {
                return Err(error(
                    "REGISTRATION",
                    format!("must be `open` or `closed` (got {other:?})"),
                ));
            }
        };
        let minute = Duration::from_secs(60);
        let session_idle = parse_duration(
            "SESSION_IDLE_TIMEOUT",
            get("SESSION_IDLE_TIMEOUT"),
            "2d",
            minute,
        )?;
        let session_lifetime =
            parse_duration("SESSION_LIFETIME", get("SESSION_LIFETIME"), "14d", minute)?;
        let time_zone = match get("TZ") {
            None => Tz::UTC,
            // POSIX lets TZ start with a colon (`:Europe/Paris`).
            Some(value) => value.trim().trim_start_matches(':').parse().map_err(|_| {
                error(
                    "TZ",
                    format!("must be an IANA time zone such as Europe/Paris (got {value:?})"),
                )
            })?,
        };

        let trust_proxy = match get("TRUST_PROXY").as_deref().map(str::trim) {
            None | Some("false") => false,
            Some("true") => true,
            Some(other) => {
                return Err(error(
                    "TRUST_PROXY",
                    format!("must be `true` or `false` (got {other:?})"),
                ));
            }
        };
        if let Some(spec) = get("RUST_LOG") {
            // env_logger only warns about a bad filter and logs nothing;
            // an operator who asked for logs should hear about it.
            env_filter::Builder::new()
                .try_parse(&spec)
                .map_err(|err| error("RUST_LOG", format!("{err} (got {spec:?})")))?;
        }

        Ok(Self {
            database_url,
            pool,
            bind,
            session_key,
            public_url,
            bcrypt_cost,
            registration,
            session_idle,
            session_lifetime,
            time_zone,
            trust_proxy,
        })
    }

    /// The absolute address of the site, for URLs in responses, without a
    /// trailing slash: `PUBLIC_URL` when set (behind a proxy, the request
    /// alone cannot tell), else the scheme and host the request came to.
    /// `scheme` and `host` are those of the request.
    pub fn base_url(&self, scheme: &str, host: &str) -> String {
        match &self.public_url {
            Some(url) => url.as_str().trim_end_matches('/').to_owned(),
            None => format!("{scheme}://{host}"),
        }
    }

    /// Whether cookies must carry `Secure`: only when users reach ticked
    /// over HTTPS, which behind a proxy only `PUBLIC_URL` can tell.
    pub fn cookies_secure(&self) -> bool {
        self.public_url
            .as_ref()
            .is_some_and(|url| url.scheme() == "https")
    }
}

fn error(name: &'static str, message: String) -> ConfigError {
    ConfigError { name, message }
}

fn parse_bind(value: Option<String>) -> Result<String, ConfigError> {
    let Some(value) = value else {
        return Ok("127.0.0.1:8080".to_owned());
    };
    let value = value.trim().to_owned();
    let resolves = value
        .to_socket_addrs()
        .is_ok_and(|mut addrs| addrs.next().is_some());
    match resolves {
        true => Ok(value),
        false => Err(error(
            "BIND",
            format!("must be address:port, such as 127.0.0.1:8080 (got {value:?})"),
        )),
    }
}

fn parse_public_url(value: &str) -> Result<Url, ConfigError> {
    let bad = |why: &str| {
        error(
            "PUBLIC_URL",
            format!("{why}, such as https://todo.example.org (got {value:?})"),
        )
    };
    let url = Url::parse(value.trim()).map_err(|_| bad("must be an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad("must be an http or https URL"));
    }
    if url.path() != "/" || url.query().is_some() {
        return Err(bad("must name only the scheme and host"));
    }
    Ok(url)
}

/// A duration such as `2d`, `12h` or `5s`, at least `min` long.
fn parse_duration(
    name: &'static str,
    value: Option<String>,
    default: &str,
    min: Duration,
) -> Result<Duration, ConfigError> {
    let text = value.unwrap_or_else(|| default.to_owned());
    humantime::parse_duration(text.trim())
        .ok()
        .filter(|d| *d >= min)
        .ok_or_else(|| {
            error(
                name,
                format!(
                    "must be a duration of {} or more, such as {default} (got {text:?})",
                    humantime::format_duration(min)
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn defaults_match_the_documentation() {
        let config = config(&[]).expect("defaults are valid");
        assert_eq!(config.database_url.expose(), "ticked.db");
        assert_eq!(config.bind, "127.0.0.1:8080");
        assert_eq!(config.bcrypt_cost, 12);
        assert_eq!(config.registration, Registration::Open);
        assert_eq!(config.session_idle, Duration::from_secs(2 * 86_400));
        assert_eq!(config.session_lifetime, Duration::from_secs(14 * 86_400));
        assert_eq!(config.time_zone, Tz::UTC);
        assert!(!config.cookies_secure());
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        for (name, value) in [
            ("BCRYPT_COST", "twelve"),
            ("BCRYPT_COST", "3"),
            ("REGISTRATION", "maybe"),
            ("SESSION_KEY", "short"),
            ("PUBLIC_URL", "todo.example.org"),
            ("PUBLIC_URL", "ftp://todo.example.org"),
            ("BIND", "not an address"),
            ("TZ", "Mars/Olympus_Mons"),
            ("SESSION_IDLE_TIMEOUT", "soon"),
            ("RUST_LOG", "ticked=loud"),
            ("TRUST_PROXY", "yes"),
            ("DATABASE_URL", "postgres://db.example"),
            (
                "DATABASE_URL",
                "postgres://db.example/ticked?sslmode=require",
            ),
            ("DATABASE_POOL_SIZE", "0"),
            ("DATABASE_CONNECT_TIMEOUT", "100ms"),
        ] {
            let err = config(&[(name, value)]).expect_err(value);
            assert_eq!(err.name, name);
        }
    }

    #[test]
    fn printing_the_configuration_never_prints_a_secret() {
        let key = "k".repeat(64);
        let config = config(&[
            ("SESSION_KEY", &key),
            ("DATABASE_URL", "postgres://ticked:s3cret@db.example/ticked"),
        ])
        .expect("valid");
        let printed = format!("{config:?}");
        assert!(!printed.contains(&key), "{printed}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(printed.contains("postgres://ticked:***@db.example/ticked"));
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let config = config(&[("PUBLIC_URL", "https://todo.example.org")]).expect("valid");
        assert!(config.cookies_secure());
    }

    #[test]
    fn sqlite_prefix_is_optional() {
        let config = config(&[("DATABASE_URL", "sqlite://data/t.db")]).expect("valid");
        assert_eq!(config.database_url.expose(), "data/t.db");
    }

    #[test]
    fn a_postgres_url_is_kept_whole() {
        let url = "postgres://ticked:pw@db.example:5432/ticked?sslmode=prefer";
        let config = config(&[("DATABASE_URL", url), ("DATABASE_POOL_SIZE", "20")]).expect("valid");
        assert_eq!(config.database_url.expose(), url);
        assert_eq!(config.pool.size, 20);
        assert_eq!(config.pool.connect_timeout, Duration::from_secs(10));
    }
}
