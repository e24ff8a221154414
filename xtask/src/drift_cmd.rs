//! `cargo xtask drift` (placeholder).
use std::path::Path;
use std::process::ExitCode;
/// Runs `cargo xtask drift <args>`.
pub fn main(_root: &Path, _args: &[String]) -> ExitCode {
    ExitCode::from(2)
}
