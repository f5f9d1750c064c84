//! A fresh, empty database for one test, on the backend the environment
//! asks for: `TICKED_TEST_DATABASE=sqlite` (the default) gives a SQLite
//! file in a temporary directory; `TICKED_TEST_DATABASE=postgres` gives a
//! new database on the server at `TICKED_TEST_POSTGRES_URL` (by default the
//! throwaway cluster `.ci/postgres` starts), dropped when the test ends.
//! Shared by the test binaries through `#[path]`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use diesel::RunQueryDsl;
use diesel::connection::SimpleConnection;
use tempfile::TempDir;
use ticked::db::DbConnection;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:55432/postgres";

/// Whether this run's tests use PostgreSQL.
pub fn on_postgres() -> bool {
    match std::env::var("TICKED_TEST_DATABASE").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("TICKED_TEST_DATABASE must be `sqlite` or `postgres`, not {other:?}"),
    }
}

/// The server the PostgreSQL tests make their databases on.
pub fn postgres_server_url() -> String {
    std::env::var("TICKED_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

pub struct TestDatabase {
    url: String,
    /// Holds the SQLite file (and is a scratch directory on PostgreSQL).
    dir: TempDir,
    /// The PostgreSQL database to drop at the end.
    postgres_name: Option<String>,
}

impl TestDatabase {
    /// A new database on this run's backend.
    pub fn new() -> Self {
        if on_postgres() {
            Self::postgres()
        } else {
            Self::sqlite()
        }
    }

    /// A new SQLite file, whatever the run's backend: for what only SQLite
    /// has (a file to back up, to copy, to move to PostgreSQL).
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = dir
            .path()
            .join("ticked.db")
            .to_str()
            .expect("a UTF-8 path")
            .to_owned();
        Self {
            url,
            dir,
            postgres_name: None,
        }
    }

    /// A new, empty PostgreSQL database, whatever the run's backend.
    pub fn postgres() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "ticked_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            rand_suffix()
        );
        let server = postgres_server_url();
        let mut admin = ticked::db::establish(&server).unwrap_or_else(|err| {
            panic!(
                "TICKED_TEST_DATABASE=postgres, but the server at {server} does not answer \
                 ({err:#}); start one with `.ci/postgres`"
            )
        });
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("a new test database");
        let mut url = url::Url::parse(&server).expect("a valid TICKED_TEST_POSTGRES_URL");
        url.set_path(&name);
        Self {
            url: url.to_string(),
            dir: tempfile::tempdir().expect("a temporary directory"),
            postgres_name: Some(name),
        }
    }

    /// A new PostgreSQL database for a test that needs one whatever the
    /// run's backend (moving data over to PostgreSQL), or `None`, said
    /// loudly, when no server answers: `cargo test` on a machine without
    /// PostgreSQL still passes. In CI (`CI=true`), or when the run is on
    /// PostgreSQL, a missing server fails the test instead.
    pub fn postgres_or_skip(test: &str) -> Option<Self> {
        let server = postgres_server_url();
        let required = on_postgres() || std::env::var("CI").is_ok_and(|ci| ci == "true");
        if !required && ticked::db::establish(&server).is_err() {
            eprintln!(
                "SKIPPED {test}: no PostgreSQL answers at {server}; start one with `.ci/postgres`"
            );
            return None;
        }
        Some(Self::postgres())
    }

    /// What `DATABASE_URL` is set to for this database.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres_name.is_some()
    }

    /// The SQLite file. Panics on PostgreSQL: only SQLite-only tests ask.
    pub fn sqlite_path(&self) -> PathBuf {
        assert!(!self.is_postgres(), "a SQLite-only test asked for a file");
        PathBuf::from(&self.url)
    }

    /// A scratch directory that lives as long as the database.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A direct connection, for checking what a response claims.
    pub fn conn(&self) -> DbConnection {
        ticked::db::establish(&self.url).expect("the test database opens")
    }

    /// Runs SQL (statements separated by `;`) behind the app's back.
    pub fn execute(&self, sql: &str) {
        self.conn()
            .batch_execute(sql)
            .unwrap_or_else(|err| panic!("{sql}: {err}"));
    }

    /// The single number `sql` (a `SELECT ... AS n`) yields.
    pub fn number(&self, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Number {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(sql)
            .get_result::<Number>(&mut self.conn())
            .unwrap_or_else(|err| panic!("{sql}: {err}"))
            .n
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = &self.postgres_name else {
            return;
        };
        // FORCE: the app under test may still hold pooled connections.
        if let Ok(mut admin) = ticked::db::establish(&postgres_server_url()) {
            drop(admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")));
        }
    }
}

/// Eight random hex digits: two test runs at once never collide.
fn rand_suffix() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// A timestamp `seconds` from now (negative: in the past) as an SQL
/// literal both backends read as a `TIMESTAMP`: how a test makes time pass.
pub fn sql_time(seconds: i64) -> String {
    let at = ticked::models::now() + chrono::TimeDelta::seconds(seconds);
    format!("'{}'", at.format("%Y-%m-%d %H:%M:%S%.6f"))
}
