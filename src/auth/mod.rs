//! **Authentication** (who is this?) and **authorization** (may they?).
//!
//! - [`password`]: bcrypt hashing, off the async workers and a few at a time.
//! - [`session_store`]: where actix-session keeps session state (our
//!   `sessions` table), so that logout and disabling a user act at once.
//! - [`session`]: [`TypedSession`], the one type that owns what a session
//!   holds: who is logged in, the CSRF token, values shown once.
//! - [`csrf`]: the token that proves a POST came from our own form.
//! - [`bearer`]: the API's personal access tokens.
//! - [`basic`]: the same tokens as CalDAV clients' app passwords.
//! - [`rate_limit`]: failed logins and registrations, counted.
//! - [`extractors`]: **authorization** at the door of each page handler:
//!   a handler that takes [`CurrentUser`] cannot run for a visitor, and one
//!   that takes [`AdminUser`] cannot run for a non-administrator.

pub mod basic;
pub mod bearer;
pub mod csrf;
pub mod extractors;
pub mod password;
pub mod rate_limit;
pub mod session;
pub mod session_store;

pub use extractors::{AdminUser, Caller, CurrentUser, MaybeUser};
pub use session::{OneTime, TypedSession};

use rand::Rng;
use rand::distr::Alphanumeric;
use sha2::{Digest, Sha256};

/// A fresh random token of `len` letters and digits (about 5.95 bits each),
/// from the operating system's CSPRNG via `rand`'s thread generator.
pub fn random_token(len: usize) -> String {
    rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// The SHA-256 of a secret token, in hex: what we store instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
