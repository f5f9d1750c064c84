//! The **server**: everything that turns a [`Config`] into a running
//! application, in the order it happens.
//!
//! 1. Open the database (migrating it) and decide the session key.
//! 2. Bind the listener, so that tests can ask for port 0 and read back the
//!    port they got.
//! 3. Build the middleware stack, outermost first:
//!    - logging of every request;
//!    - security headers on every response;
//!    - compression;
//!    - for pages only, the session (loaded from the database before the
//!      handler, saved after it); static files skip it.
//! 4. Hand the routes to `web::configure`; anything unmatched is a 404 page.
//!
//! actix-web stops on SIGTERM or Ctrl-C by itself: it stops accepting, lets
//! requests in flight finish (up to the shutdown timeout) and returns.

use std::net::TcpListener;
use std::time::Duration;

use actix_multipart::form::MultipartFormConfig;
use actix_session::SessionMiddleware;
use actix_session::config::{PersistentSession, TtlExtensionPolicy};
use actix_session::storage::{SaveError, UpdateError};
use actix_web::body::MessageBody;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::middleware::{Compress, DefaultHeaders, Logger, Next, from_fn};
use actix_web::{App, HttpServer, web as aweb};
use anyhow::Context;
use secrecy::ExposeSecret;

use crate::api;
use crate::auth::password::PasswordHasher;
use crate::auth::random_token;
use crate::auth::rate_limit;
use crate::auth::session_store::DbSessionStore;
use crate::config::Config;
use crate::dav;
use crate::db::Database;
use crate::errors::AppError;
use crate::models::task::{calendar, trash};
use crate::models::{self, limit_event, setting};
use crate::web;
use crate::web::account::transfer::MAX_IMPORT_BYTES;
use crate::web::flash::FlashCookies;

/// Forms are small; this bounds what a client can make us buffer.
const MAX_BODY_BYTES: usize = 64 * 1024;
const SHUTDOWN_TIMEOUT_SECS: u64 = 30;
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);
const SESSION_COOKIE: &str = "ticked_session";

/// A built, bound, not yet running ticked.
pub struct Application {
    port: u16,
    server: Server,
    store: DbSessionStore,
    db: Database,
}

impl Application {
    /// Opens the database and binds `config.bind`.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = Database::connect_with_retry(config.database_url.expose(), config.pool).await?;
        let listener = TcpListener::bind(&config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        Self::build_with(config, db, listener)
    }

    fn build_with(config: Config, db: Database, listener: TcpListener) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        let key = session_key(&config, &db)?;
        let store = DbSessionStore::new(db.clone(), config.session_idle, config.session_lifetime);
        let lifetime = actix_web::cookie::time::Duration::seconds(
            i64::try_from(config.session_lifetime.as_secs()).unwrap_or(i64::MAX),
        );
        let secure = config.cookies_secure();
        let hasher = aweb::Data::new(PasswordHasher::new(config.bcrypt_cost));
        let purge_db = db.clone();
        let db = aweb::Data::new(db);
        let config = aweb::Data::new(config);
        let session_store = store.clone();
        let flash_cookies = aweb::Data::new(FlashCookies::new(key.clone(), secure));

        let server = HttpServer::new(move || {
            let sessions = SessionMiddleware::builder(session_store.clone(), key.clone())
                .cookie_name(SESSION_COOKIE.to_owned())
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .cookie_secure(secure)
                .session_lifecycle(
                    PersistentSession::default()
                        .session_ttl(lifetime)
                        .session_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
                )
                .build();
            App::new()
                .wrap(Compress::default())
                .wrap(security_headers())
                .wrap(access_log())
                .app_data(db.clone())
                .app_data(config.clone())
                .app_data(hasher.clone())
                .app_data(flash_cookies.clone())
                .app_data(aweb::PayloadConfig::new(MAX_BODY_BYTES))
                .app_data(
                    MultipartFormConfig::default()
                        .total_limit(MAX_IMPORT_BYTES + MAX_BODY_BYTES)
                        .memory_limit(MAX_IMPORT_BYTES + MAX_BODY_BYTES),
                )
                .app_data(aweb::QueryConfig::default().error_handler(|err, _| {
                    AppError::BadRequest(format!("The address is not valid: {err}.")).into()
                }))
                // A path id that is not a number (or overflows) names no task.
                .app_data(
                    aweb::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()),
                )
                .route("/static/{name}", aweb::get().to(web::assets::serve))
                // The API has no session: it authenticates with tokens.
                .configure(api::configure)
                // Nor has CalDAV: clients send an app password each time.
                .configure(dav::configure)
                .route("/favicon.ico", aweb::get().to(web::assets::favicon))
                .service(
                    aweb::scope("")
                        .wrap(from_fn(web::flash::middleware))
                        .wrap(sessions)
                        .wrap(from_fn(session_failures))
                        .configure(web::configure)
                        .default_service(aweb::to(web::not_found)),
                )
        })
        .shutdown_timeout(SHUTDOWN_TIMEOUT_SECS)
        .listen(listener)?
        .run();

        Ok(Self {
            port,
            server,
            store,
            db: purge_db,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, purging expired sessions, old
    /// rate-limit events, the trash older than 30 days and the calendars'
    /// records of objects deleted more than 90 days ago meanwhile.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let (store, db) = (self.store, self.db);
        let purger = tokio::spawn(async move {
            let mut every = tokio::time::interval(PURGE_EVERY);
            loop {
                every.tick().await;
                match store.purge_expired().await {
                    Ok(0) => {}
                    Ok(n) => log::info!("purged {n} expired sessions"),
                    Err(err) => log::warn!("cannot purge expired sessions: {err:#}"),
                }
                let before = models::now() - rate_limit::KEEP_EVENTS;
                if let Err(err) = db
                    .write(move |conn| limit_event::purge_before(conn, before))
                    .await
                {
                    log::warn!("cannot purge old rate-limit events: {err:#}");
                }
                match db.write(trash::purge_expired).await {
                    Ok(0) => {}
                    Ok(n) => log::info!(
                        "purged {n} tasks deleted more than {} days ago",
                        trash::KEEP_DAYS
                    ),
                    Err(err) => log::warn!("cannot purge the trash: {err:#}"),
                }
                let before = models::now() - calendar::KEEP_GONE;
                match db
                    .write(move |conn| calendar::forget_gone(conn, before))
                    .await
                {
                    Ok(0) => {}
                    Ok(n) => log::info!("forgot {n} objects deleted from calendars long ago"),
                    Err(err) => log::warn!("cannot forget old deletions: {err:#}"),
                }
            }
        });
        let result = self.server.await;
        purger.abort();
        result
    }
}

/// One line per request: who, what, the answer, how long. A calendar
/// feed's address is its key, so that path is logged without it.
fn access_log() -> Logger {
    Logger::new("%a \"%{request}xi\" %s %b %Dms").custom_request_replace("request", |req| {
        let path = if req.path().starts_with(models::feed::PATH) {
            "/feeds/…"
        } else {
            req.path()
        };
        let query = req.query_string();
        let sep = if query.is_empty() { "" } else { "?" };
        format!("{} {path}{sep}{query} {:?}", req.method(), req.version())
    })
}

/// The key that signs and encrypts session cookies: `SESSION_KEY`, or one
/// generated on first start and kept in the database, so that sessions
/// survive a restart and every instance on the database shares it.
fn session_key(config: &Config, db: &Database) -> anyhow::Result<Key> {
    let secret = match &config.session_key {
        Some(secret) => secret.expose_secret().to_owned(),
        None => {
            let mut conn = db.blocking_conn()?;
            setting::get_or_insert(&mut conn, "session_key", &random_token(86))
                .context("cannot read or store the session key")?
        }
    };
    // `Key::try_from` wants at least 64 bytes; the config check and the
    // generated length (86) both guarantee it.
    Key::try_from(secret.as_bytes()).context("the session key is too short")
}

/// actix-session answers a session that cannot be loaded or saved with a
/// bare 500. When the cause is that the database is away, say so as every
/// other page does: a 503 "unavailable" page with `Retry-After`.
async fn session_failures(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let db = request.app_data::<aweb::Data<Database>>().cloned();
    match next.call(request).await {
        Err(err) if is_session_store_failure(&err) => {
            let cause = anyhow::anyhow!("the session store failed: {err}");
            let unreachable = match db {
                Some(db) => db.ping().await.is_err(),
                None => false,
            };
            Err(match unreachable {
                true => AppError::Unavailable(cause),
                false => AppError::Internal(cause),
            }
            .into())
        }
        other => other,
    }
}

/// Whether `err` is actix-session's wrapper around a failure of our store:
/// loading or deleting, saving a new session, or updating one. Only the
/// session middleware fails with these types here.
fn is_session_store_failure(err: &actix_web::Error) -> bool {
    err.as_error::<InternalError<anyhow::Error>>().is_some()
        || err.as_error::<InternalError<SaveError>>().is_some()
        || err.as_error::<InternalError<UpdateError>>().is_some()
}

/// Headers that make the browser refuse whole classes of attack.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        // Only our own files may run or style the page: an injected
        // `<script>` or inline handler does nothing. No framing (clickjacking),
        // and forms may only post back to us.
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        // Pages show private data: no shared or back-button cache keeps
        // them. Static files set their own long-lived caching instead.
        .add(("Cache-Control", "no-store"))
}
