//! The `pspec` command as a library: everything but `main` (`cli::run`), so that tests run
//! it in-process with any catalog, input, output and environment, and can watch what it
//! allocates (tests/bounds/bounds.rs). Not an API for apps: they use the `pspec` crate.

pub mod cli;

/// The wire layer, named here as the CLI modules expect it (`crate::wire`).
pub(crate) use pspec::runtime::wire;
