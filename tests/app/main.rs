//! Black-box tests: the real app over real HTTP, one fresh SQLite file per
//! test. One binary, so the crate and its dependencies link once.

mod admin;
mod auth;
mod cli;
mod csrf;
mod helpers;
mod pages;
mod tasks;
