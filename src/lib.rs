//! ticked: a self-hosted, multi-user to-do web application.
//!
//! Each module holds one backend concept; read them in this order to follow
//! a request from the socket to the database and back:
//!
//! - [`cli`]: the command line: serve, or manage users from a terminal.
//! - [`config`]: every setting, its default and its check, read once at start.
//! - [`startup`]: the **server**: the pool, the middleware stack, the listener.
//! - [`web`]: **routing** and handlers for the HTML pages; `web::configure`
//!   lists every page route in one place.
//! - [`api`]: the JSON **API** for scripts; `api::configure` lists its routes.
//! - [`auth`]: **authentication** (passwords, sessions, CSRF) and
//!   **authorization** (the extractors that decide who may call a handler).
//! - [`domain`]: input parsed into types that cannot hold invalid values.
//! - [`models`]: the **database** queries, one file per table; every task
//!   query takes its owner's id.
//! - [`db`]: SQLite or PostgreSQL behind one connection type: the pool,
//!   transactions, migrations per backend, backups and moving data over.
//! - [`errors`]: the one error type and how it becomes a page or JSON.
//! - [`seed`]: many users and tasks at once, for measuring ticked at scale.

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod errors;
pub mod models;
pub mod seed;
pub mod startup;
pub mod web;
