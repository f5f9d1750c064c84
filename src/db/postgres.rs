//! What is particular to PostgreSQL: a server that may not be up yet, may
//! go away, and is shared by several ticked instances at once.
//!
//! - **Advisory locks**: numbers that every ticked process agrees on, so
//!   that instances starting together take turns at the migrations
//!   ([`MIGRATION_LOCK`]) and writes that check a rule about all accounts
//!   take turns too ([`lock_accounts`]). SQLite needs neither: it has one
//!   writer at a time already.
//! - **A connect timeout** on every connection, so a server that does not
//!   answer cannot hold a request for as long as the operating system
//!   allows.
//! - **Telling "not there yet" from "refused"** ([`is_unreachable`]): the
//!   first is waited for at start, the second stops ticked with the reason.

use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::{QueryResult, RunQueryDsl};

/// Any number, the same in every ticked process: the advisory lock under
/// which migrations run.
pub(super) const MIGRATION_LOCK: i64 = 0x7469_636b_6564; // "ticked"
/// The lock taken by writes that check an instance-wide rule about
/// accounts (there is always an administrator), see [`lock_accounts`].
const ACCOUNTS_LOCK: i64 = MIGRATION_LOCK + 1;

/// Takes (`SELECT pg_advisory_lock`) or releases an advisory lock held by
/// the connection until it is released.
pub(super) fn session_lock(pg: &mut PgConnection, lock: i64, take: bool) -> QueryResult<()> {
    let sql = if take {
        "SELECT pg_advisory_lock($1)"
    } else {
        "SELECT pg_advisory_unlock($1)"
    };
    diesel::sql_query(sql)
        .bind::<diesel::sql_types::BigInt, _>(lock)
        .execute(pg)
        .map(drop)
}

/// Makes the rest of this write transaction wait for any other write that
/// checks a rule about accounts as a whole ("the first account is the
/// administrator", "never remove the last administrator"): two instances
/// could otherwise each see one other administrator and both step down.
pub(super) fn lock_accounts(pg: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<diesel::sql_types::BigInt, _>(ACCOUNTS_LOCK)
        .execute(pg)
        .map(drop)
}

/// `url` with libpq's `connect_timeout` set, unless it sets one itself:
/// without it, a server that does not answer leaves a connection attempt
/// waiting for as long as the operating system allows.
pub(super) fn with_connect_timeout(url: &str, timeout: Duration) -> String {
    if url.contains("connect_timeout=") {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!(
        "{url}{separator}connect_timeout={}",
        timeout.as_secs().max(1)
    )
}

/// Whether a failure to connect is one that waiting may cure: the server
/// is not there yet, or not ready, or the database is still to be made.
/// When it answered and refused (bad credentials, no such role, a host
/// name that does not resolve, a malformed setting), waiting will not help,
/// and ticked stops at once with the reason.
pub(super) fn is_unreachable(err: &anyhow::Error) -> bool {
    /// libpq's and the server's words for the refusals (in English: the
    /// bundled libpq has no translations).
    const REFUSALS: &[&str] = &[
        "password authentication failed",
        "no pg_hba.conf entry",
        "role \"",
        "could not translate host name",
        "invalid ",
    ];
    err.chain().any(|cause| {
        cause
            .downcast_ref::<diesel::ConnectionError>()
            .is_some_and(|e| match e {
                diesel::ConnectionError::BadConnection(message) => {
                    !REFUSALS.iter().any(|refusal| message.contains(refusal))
                }
                _ => false,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connect_timeout_is_added_unless_given() {
        let five = Duration::from_secs(5);
        assert_eq!(
            with_connect_timeout("postgres://h/db", five),
            "postgres://h/db?connect_timeout=5"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?sslmode=disable", five),
            "postgres://h/db?sslmode=disable&connect_timeout=5"
        );
        assert_eq!(
            with_connect_timeout("postgres://h/db?connect_timeout=2", five),
            "postgres://h/db?connect_timeout=2"
        );
    }
}
