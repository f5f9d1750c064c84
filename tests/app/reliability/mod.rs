//! Reliability: what SPEC.md promises under crashes and load.
//!
//! - a write acknowledged before `kill -9` is there after a restart;
//! - 64 clients writing at once never see a 5xx or "database is locked";
//! - SIGTERM lets the requests in flight finish, then exits 0;
//! - `ticked backup` copies the database consistently while writes go on.
//!
//! Every test is bounded: writers run for a fixed time, every wait on the
//! real binary has a timeout, and a server left running is killed on drop.
//! Hostile input is the `malformed` module's.

mod backup;
mod concurrency;
mod durability;
mod shutdown;
mod writers;
