//! Reads back what criterion measured in this run (`<criterion dir>/<group>/<bench>/new/
//! estimates.json`), so a bench can print its figures and ratios as a markdown table.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

/// Where criterion writes its results: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else `target/criterion` found from this executable (`target/release/deps/<bench>`).
pub fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .nth(3)
                .map(|target| target.join("criterion"))
        })
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// The median time per iteration, in nanoseconds, of `group/bench`, if criterion measured
/// it after `since` (so a filtered or test-mode run never shows stale figures).
pub fn median_ns(group: &str, bench: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_dir()
        .join(group)
        .join(bench)
        .join("new")
        .join("estimates.json");
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    if modified < since {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("median")?.get("point_estimate")?.as_f64()
}

/// The medians of every benchmark criterion measured after `since`, keyed `group/bench`.
fn scan(since: SystemTime) -> BTreeMap<String, f64> {
    let mut found = BTreeMap::new();
    let Ok(groups) = std::fs::read_dir(criterion_dir()) else {
        return found;
    };
    for group in groups.flatten() {
        let Ok(benches) = std::fs::read_dir(group.path()) else {
            continue;
        };
        let group = group.file_name().to_string_lossy().into_owned();
        for bench in benches.flatten() {
            let bench = bench.file_name().to_string_lossy().into_owned();
            if let Some(ns) = median_ns(&group, &bench, since) {
                found.insert(format!("{group}/{bench}"), ns);
            }
        }
    }
    found
}

/// Runs `round` `rounds` times (`PSPEC_BENCH_ROUNDS`, default 1) and keeps, per benchmark,
/// the lowest of the rounds' medians: noise from other processes only ever adds time, so
/// the lowest median is the closest to the routine's own cost.
pub fn best_of_rounds(mut round: impl FnMut()) -> BTreeMap<String, f64> {
    let rounds: usize = std::env::var("PSPEC_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut best: BTreeMap<String, f64> = BTreeMap::new();
    for _ in 0..rounds.max(1) {
        let since = SystemTime::now();
        round();
        for (key, ns) in scan(since) {
            let slot = best.entry(key).or_insert(ns);
            *slot = slot.min(ns);
        }
    }
    best
}

/// Rounds in use, for the printed tables.
pub fn rounds() -> usize {
    std::env::var("PSPEC_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1usize)
        .max(1)
}

/// Whether this run times (`cargo bench` passes `--bench`), as opposed to criterion's test
/// mode (`cargo test --benches`), which runs every routine once.
pub fn timing_run() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// `12.3 ns`, `4.56 µs`.
pub fn format_ns(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{ns:.1} ns")
    }
}
