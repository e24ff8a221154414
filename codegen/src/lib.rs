//! pspec's generator library: the pipeline from provider specs to Rust.
//!
//! 1. [`spec`] loads the YAML files (serde_yaml) into their typed shape;
//! 2. [`check`] cross-checks them and reports every error with its location;
//! 3. [`model`] lowers them to one central model with resolved Rust names;
//! 4. [`emit`] writes the Rust of the generated crate.

// Non-test code never panics on input: every lookup is `.get()` with a located error, an
// iterator or a slice pattern (issue 11, point 6). Tests may unwrap and index freely.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod model;
mod parallel;
pub mod spec;

pub use emit::{GeneratedFile, generate};
