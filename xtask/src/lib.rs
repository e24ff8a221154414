//! The commands behind `cargo xtask`. Never depends on the generated crate, so a broken
//! generated crate can always be regenerated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The workspace root (xtask's parent directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

const USAGE: &str = "usage: cargo xtask <command>
  specs        load and check every spec, print every error
";

/// Runs one command line; the exit code says how it went.
pub fn run(args: &[String]) -> ExitCode {
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("specs") => match codegen::spec::load_dir(&root.join("specs"), "specs") {
            Ok(set) => {
                println!("{} spec file(s) loaded without error", set.specs.len());
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
