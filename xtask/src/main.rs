//! `cargo xtask <command>`: the pspec workflow (see the README).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    xtask::run(&args)
}
