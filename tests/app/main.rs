//! Black-box tests: the real app over real HTTP, one fresh SQLite file per
//! test. One binary, so the crate and its dependencies link once.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test, with its location

mod account;
mod admin;
mod api;
mod auth;
mod cli;
mod csrf;
mod helpers;
mod openapi;
mod pages;
mod reliability;
mod security;
mod tasks;
