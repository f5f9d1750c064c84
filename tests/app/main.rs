//! Black-box tests: the real app over real HTTP, one fresh database per
//! test (a SQLite file; a PostgreSQL database with
//! `TICKED_TEST_DATABASE=postgres`). One binary, so the crate and its
//! dependencies link once.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed one is a failed test, with its location

mod account;
mod admin;
mod api;
mod auth;
mod cli;
mod csrf;
mod dav;
mod flash;
mod helpers;
mod instances;
mod lists;
mod malformed;
mod migrate;
mod openapi;
mod pages;
mod reliability;
mod repeat;
mod richer;
mod security;
// Shared with tests/browser and examples/bench; the bench alone reads memory.
#[allow(dead_code)]
#[path = "../common/server.rs"]
mod server;
mod tasks;
#[path = "../common/test_database.rs"]
mod test_database;
