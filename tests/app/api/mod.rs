//! The JSON API, as a script sees it: Todo-Backend's behaviours, the list's
//! query, PATCH semantics, validation, JSON errors and the fields they
//! name, bearer tokens, one user's tasks kept from another's, CORS, and the
//! API and the pages showing the same tasks. The clients and readers they share are
//! `helpers::Api` and the error readers beside it.

mod authentication;
mod cors;
mod errors;
mod fields;
mod isolation;
mod listing;
mod pages;
mod patch;
mod tasks;
mod validation;
