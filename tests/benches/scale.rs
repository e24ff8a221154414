//! Regeneration at scale (issue 6, part 4), as part of `cargo bench`: the same measurement as
//! `cargo xtask scale`, through the xtask library, in the bench profile (optimised).
//!
//! `cargo bench --bench scale` measures N = 1, 10, 100 (best of 3 runs each);
//! `cargo test --benches` measures N = 1 once. `PSPEC_SCALE_N=1,10` and `PSPEC_SCALE_RUNS=5`
//! override both. Each N runs in a fresh child process (this executable, re-run with
//! `--scale-child DIR RUNS`), which reports its own peak RSS (`VmHWM`).

use std::path::Path;
use std::process::{Command, ExitCode};

fn env_list(name: &str) -> Option<Vec<usize>> {
    let text = std::env::var(name).ok()?;
    text.split(',').map(|n| n.trim().parse().ok()).collect()
}

/// Whether a criterion-style name filter on the command line excludes this bench.
fn filtered_out(args: &[String]) -> bool {
    let filters: Vec<&String> = args
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-') && a.parse::<f64>().is_err())
        .collect();
    !filters.is_empty()
        && !filters
            .iter()
            .any(|f| "regeneration_scale".contains(f.as_str()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--scale-child") {
        let (Some(dir), Some(runs)) = (args.get(at + 1), args.get(at + 2)) else {
            eprintln!("usage: --scale-child DIR RUNS");
            return ExitCode::from(2);
        };
        let runs = runs.parse().unwrap_or(1);
        return match xtask::scale::child(Path::new(dir), runs) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if filtered_out(&args) {
        return ExitCode::SUCCESS;
    }
    let timing = args.iter().any(|a| a == "--bench");
    let ns = env_list("PSPEC_SCALE_N").unwrap_or_else(|| {
        if timing {
            xtask::scale::DEFAULT_NS.to_vec()
        } else {
            vec![1]
        }
    });
    let runs = env_list("PSPEC_SCALE_RUNS")
        .and_then(|v| v.first().copied())
        .unwrap_or(if timing { 3 } else { 1 });
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find this executable to re-run it per N");
        return ExitCode::FAILURE;
    };
    let spawn = |dir: &Path| {
        let mut command = Command::new(&exe);
        command.arg("--scale-child").arg(dir).arg(runs.to_string());
        command
    };
    let specs = pspec_tests::workspace_root().join("specs");
    println!("regeneration_scale: N = {ns:?}, best of {runs} run(s) each");
    match xtask::scale::measure(&specs, &ns, spawn) {
        Ok(measurements) => {
            println!();
            println!("### Regeneration at scale (in process, no compile)");
            println!();
            print!("{}", xtask::scale::table(&measurements, runs));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
