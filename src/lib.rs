//! ticked: a self-hosted, multi-user to-do web application.
//!
//! Each module holds one backend concept, and the modules are layered: each
//! uses only those below it (`tests/layers.rs` keeps it so). Read them from
//! the top to follow a request from the socket to the database and back:
//!
//! - the **server**: [`cli`] (serve, or manage users from a terminal),
//!   [`startup`] (the pool, the middleware stack, the listener), [`seed`]
//!   (many users and tasks at once, for measuring ticked at scale);
//! - the **faces**, which never use each other: [`web`] (**routing** and the
//!   HTML pages; `web::configure` lists every page route), [`api`] (the
//!   JSON **API** for scripts; `api::configure` lists its routes) and
//!   [`dav`] (**CalDAV** for phone and desktop apps; `dav::configure`);
//! - [`auth`], **authentication** (passwords, sessions, CSRF, API tokens)
//!   and **authorization** (the extractors that decide who may call a
//!   handler);
//! - [`models`]: the **queries**, one file per table; every task query
//!   takes its owner's id;
//! - [`db`]: the **database**, SQLite or PostgreSQL behind one connection
//!   type: the pool, transactions, migrations per backend, backups and
//!   moving data over;
//! - at the bottom, what everything else uses: [`domain`] (input parsed into
//!   types that cannot hold invalid values), [`errors`] (every outcome a user
//!   can be told about; each face draws it its own way) and [`config`]
//!   (every setting, its default and its check, read once at start).

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod dav;
pub mod db;
pub mod domain;
pub mod errors;
pub mod models;
pub mod seed;
pub mod startup;
pub mod web;
