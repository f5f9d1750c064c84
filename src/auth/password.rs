//! Password hashing with bcrypt.
//!
//! bcrypt is slow on purpose (a quarter of a second at cost 12), which makes
//! two demands on a server: the hashing must not run on the async workers,
//! or every other request would wait behind it; and only a few hashes may
//! run at once, or a burst of logins would take every core and the pages
//! would stop answering. A semaphore bounds the hashes; the blocking pool
//! runs them.

use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use crate::errors::AppError;

#[derive(Clone)]
pub struct PasswordHasher {
    cost: u32,
    permits: Arc<Semaphore>,
    dummy_hash: Arc<str>,
}

impl PasswordHasher {
    pub fn new(cost: u32) -> Self {
        // Half the cores, at least one: logins queue rather than starve the
        // requests that only read.
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            cost,
            permits: Arc::new(Semaphore::new((cores / 2).max(1))),
            dummy_hash: dummy_hash(cost).into(),
        }
    }

    /// Hashes a new password (a [`crate::domain::Password`], checked, or
    /// one ticked made itself).
    pub async fn hash(&self, password: impl Into<SecretString>) -> Result<String, AppError> {
        let (cost, password) = (self.cost, password.into());
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        actix_web::web::block(move || bcrypt::hash(password.expose_secret(), cost))
            .await?
            .map_err(AppError::internal)
    }

    /// Whether `password` matches `hash`. With no hash (the username does
    /// not exist) it checks against a dummy of the same cost and answers
    /// no, so that both cases take the same time and a stranger cannot tell
    /// which usernames exist by timing the login form.
    pub async fn verify(
        &self,
        password: SecretString,
        hash: Option<String>,
    ) -> Result<bool, AppError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.to_string());
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        let matches =
            actix_web::web::block(move || bcrypt::verify(password.expose_secret(), &hash))
                .await?
                .unwrap_or(false);
        Ok(known && matches)
    }
}

/// Hashes outside a server, for the command line.
pub fn hash_blocking(password: &str, cost: u32) -> anyhow::Result<String> {
    Ok(bcrypt::hash(password, cost)?)
}

/// A well-formed bcrypt hash of the given cost that no password matches in
/// practice. Built rather than computed, so start-up does not pay for one
/// hash.
fn dummy_hash(cost: u32) -> String {
    format!("$2b${cost:02}$ticked.dummy.salt.xxxuFeFtS0u1jBvrO8Kz8FJwKl1l0cWeG2y")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_accepted_by_bcrypt_and_matches_nothing() {
        let hash = dummy_hash(4);
        assert_eq!(bcrypt::verify("password", &hash).ok(), Some(false));
        assert_eq!(bcrypt::verify("", &hash).ok(), Some(false));
    }
}
