//! The command line: `ticked` (or `ticked serve`) runs the server; `ticked
//! user ...` manages accounts from a terminal on the server, for the first
//! administrator of a closed server, or a user locked out without email.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::auth::password::hash_blocking;
use crate::config::{Backend, Config, PoolOptions, redacted};
use crate::db::Database;
use crate::domain::{Password, Username};
use crate::models::{account, user};
use crate::seed::{SEED_PASSWORD, SeedPlan};
use crate::startup::Application;

#[derive(Debug, Parser)]
#[command(
    name = "ticked",
    version,
    about = "A self-hosted, multi-user to-do web application."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the database to a new file PATH, consistently, even while the
    /// server runs and writes.
    Backup {
        /// The new file to write the copy to; it must not exist yet.
        path: std::path::PathBuf,
    },
    /// Fill an empty database with many users and tasks, to measure ticked
    /// at scale. Every seeded user's password is "seeded password".
    Seed(SeedPlan),
    /// Move an installation from SQLite to PostgreSQL: copy every user,
    /// password hash, task, API token, session and setting into a new,
    /// empty PostgreSQL database, keeping their ids. Stop ticked first:
    /// what it writes during the copy is not copied. Then point
    /// DATABASE_URL at the new database; nobody needs to log in again.
    MigrateData {
        /// The SQLite database file to copy from. It is brought up to this
        /// version's migrations, then only read.
        #[arg(long, value_name = "SQLITE_PATH")]
        from: String,
        /// The PostgreSQL database to copy into, as a URL
        /// (postgres://USER:PASSWORD@HOST/DATABASE). Its tables are made if
        /// need be; it must hold no users or tasks yet. Everything is copied
        /// in one transaction: if anything fails, it stays empty.
        #[arg(long, value_name = "POSTGRES_URL")]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account. The password is asked for on the terminal, or
    /// read from standard input when that is not a terminal.
    Create {
        name: String,
        /// Make the account an administrator.
        #[arg(long)]
        admin: bool,
    },
    /// Set a new password for an account and end all its sessions.
    ResetPassword { name: String },
}

/// Runs the program and turns any failure into one line on stderr.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // `.env` is optional; the environment wins over it.
    drop(dotenvy::dotenv());
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("ticked: configuration error: {err}");
            return ExitCode::from(2);
        }
    };
    // After the check, so that a bad RUST_LOG is reported like any setting.
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::User(command) => manage_user(&config, command),
        Command::Backup { path } => backup(&config, &path),
        Command::Seed(plan) => seed(&config, plan),
        Command::MigrateData { from, to } => migrate_data(&from, &to),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ticked: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let bind = config.bind.clone();
        let database = config.database_url.redacted();
        let app = Application::build(config).await?;
        log::info!("ticked serving on http://{bind} (database {database})");
        app.run_until_stopped().await?;
        log::info!("ticked stopped");
        Ok(())
    })
}

fn manage_user(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let db = Database::connect(
        config.database_url.expose(),
        PoolOptions::single(config.pool.connect_timeout),
    )?;
    match command {
        UserCommand::Create { name, admin } => {
            let username = Username::parse(&name).map_err(|e| anyhow::anyhow!("{e}"))?;
            let password = read_new_password(username.as_str())?;
            let hash = hash_blocking(password.expose(), config.bcrypt_cost)?;
            let created = db
                .write_blocking(|conn| user::create(conn, &username, &hash, admin))
                .context("cannot create the user")?;
            let Ok(user) = created else {
                bail!("the username {} is taken", username.as_str());
            };
            let role = if user.is_admin {
                "administrator"
            } else {
                "user"
            };
            println!("Created {role} {}.", user.username);
        }
        UserCommand::ResetPassword { name } => {
            let found = user::find_by_username(&mut *db.blocking_conn()?, &name)?;
            let Some(found) = found else {
                bail!("there is no user named {name}");
            };
            let password = read_new_password(&found.username)?;
            let hash = hash_blocking(password.expose(), config.bcrypt_cost)?;
            db.write_blocking(|conn| account::set_password(conn, found.id, &hash, None))
                .context("cannot store the new password")?;
            println!(
                "Set a new password for {}; their sessions have ended.",
                found.username
            );
        }
    }
    Ok(())
}

/// `ticked seed`: a progress line every so often on stderr, since a large
/// database takes minutes.
fn seed(config: &Config, plan: SeedPlan) -> anyhow::Result<()> {
    let db = Database::connect(
        config.database_url.expose(),
        PoolOptions::single(config.pool.connect_timeout),
    )?;
    let mut conn = db.blocking_conn()?;
    let hash = hash_blocking(SEED_PASSWORD, config.bcrypt_cost)?;
    let started = std::time::Instant::now();
    crate::seed::seed(&mut conn, plan, &hash, |done, planned| {
        eprintln!(
            "seeding: {done} of {planned} tasks ({:.0}%), {:.0} s",
            done as f64 * 100.0 / planned.max(1) as f64,
            started.elapsed().as_secs_f64()
        );
    })?;
    println!(
        "Seeded {} users in {:.0} s; their password is {SEED_PASSWORD:?}.",
        plan.users + u32::from(plan.big_user_tasks > 0),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `ticked backup PATH`: one statement, so one line before and one after.
fn backup(config: &Config, path: &std::path::Path) -> anyhow::Result<()> {
    if config.database_url.backend() == Backend::Postgres {
        bail!(
            "`ticked backup` copies a SQLite file; for PostgreSQL use its own tools, \
             e.g. `pg_dump --format=custom --file=ticked.dump \"$DATABASE_URL\"` \
             (see \"Backups\" in the README)"
        );
    }
    let database = config.database_url.expose();
    println!("backing up {database} to {}", path.display());
    let started = std::time::Instant::now();
    let bytes = crate::db::backup::vacuum_into(database, path)?;
    println!(
        "done: {bytes} bytes in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `ticked migrate-data`: a progress line per batch on stderr (a big
/// installation takes minutes), then what was copied on stdout.
fn migrate_data(from: &str, to: &str) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let summary = crate::db::migrate_data::migrate_data(from, to, |table, done, total| {
        // An empty table is done as soon as it starts.
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        eprintln!("copying {table}: {done} of {total} ({percent}%)");
    })?;
    for (table, rows) in &summary.tables {
        println!("{table}: {rows} rows");
    }
    println!(
        "done: copied {from} to {} in {:.1} s",
        redacted(to),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Reads a new password: typed twice without echo on a terminal, or one
/// line of standard input from a script.
fn read_new_password(username: &str) -> anyhow::Result<Password> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("New password for {username}: "))?;
        let again = rpassword::prompt_password("Repeat it: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        first
    } else {
        let mut input = String::new();
        std::io::stdin()
            .take(4096)
            .read_to_string(&mut input)
            .context("cannot read the password from standard input")?;
        input.lines().next().unwrap_or_default().to_owned()
    };
    Password::parse(&password, username).map_err(|e| anyhow::anyhow!("{e}"))
}
