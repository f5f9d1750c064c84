//! Hostile input: malformed requests to every route are refused with a 4xx
//! that says why (a page, or the API's JSON error envelope), change
//! nothing, and leave the server answering.
//!
//! Table-driven: each `*_cases` function is a table of [`case::Case`]s, so
//! that adding a row is the whole change. `RELIABILITY_TRACE=1 cargo test
//! malformed -- --nocapture` prints the answer to every malformed request.

mod api;
mod case;
mod edge;
mod judge;
mod pages;
mod sender;
