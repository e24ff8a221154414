//! The fuzzers' saved inputs replayed on stable (issue 12, point 4): every file of
//! `fuzz/corpus/<target>/` (the minimised corpus of `fuzz/run.sh`) and of
//! `tests/fixtures/fuzz-regressions/<target>/` (each input a fuzzer once failed on) goes
//! through the same body as the cargo-fuzz target of that name: fuzz/src/lib.rs, included
//! here as a module. A body panics when a property breaks (a decoder panics, what was
//! encoded does not decode, output out of proportion to the input), so this test fails on
//! the same inputs as the fuzzer. CI does not run the fuzzer itself.

#[path = "../fuzz/src/lib.rs"]
mod bodies;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The files directly in `dir`, sorted (none if it does not exist).
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    out.sort();
    out
}

/// Runs every saved input of `target` through its body; the count of inputs run.
fn replay(target: &str, run: bodies::Body) -> usize {
    let dirs = [
        root().join("fuzz/corpus").join(target),
        root().join("tests/fixtures/fuzz-regressions").join(target),
    ];
    let mut count = 0;
    for dir in &dirs {
        for path in files(dir) {
            let input = std::fs::read(&path).expect("readable corpus file");
            let outcome = std::panic::catch_unwind(|| run(&input));
            assert!(
                outcome.is_ok(),
                "{target}: {} fails (see the panic above)",
                path.display()
            );
            count += 1;
        }
    }
    count
}

#[test]
fn every_saved_input_passes_its_target() {
    let mut empty = Vec::new();
    for (target, run) in bodies::TARGETS {
        let count = replay(target, *run);
        println!("{target}: {count} inputs");
        if count == 0 {
            empty.push(*target);
        }
    }
    // Each target has a committed corpus: a target without one is not being replayed.
    assert!(empty.is_empty(), "no saved input for {empty:?}");
}

#[test]
fn the_targets_listed_are_the_fuzz_binaries() {
    // fuzz/Cargo.toml names one binary per target, and fuzz/run.sh runs them all.
    let manifest = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).expect("fuzz manifest");
    let script = std::fs::read_to_string(root().join("fuzz/run.sh")).expect("fuzz script");
    for (target, _) in bodies::TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{target}\"")),
            "{target} is not a binary of fuzz/Cargo.toml"
        );
        assert!(
            script.contains(&format!(" {target}")),
            "fuzz/run.sh does not run {target}"
        );
    }
    let binaries = manifest.matches("[[bin]]").count();
    assert_eq!(
        binaries,
        bodies::TARGETS.len(),
        "a fuzz binary has no body in TARGETS"
    );
}

#[test]
fn a_body_fails_on_a_broken_property() {
    // The replay means something only if a body can fail: an input that breaks a property
    // must panic. `bound` is the proportion every decoder's output must keep.
    assert!(std::panic::catch_unwind(|| bodies::assert_output_bounded("x", 1, 10_000)).is_err());
    bodies::assert_output_bounded("x", 1, 100);
}

// Findings, each with its input under tests/fixtures/fuzz-regressions/<target>/.

#[test]
fn a_json_number_beyond_u64_reads_back_the_same() {
    // Found by the `json` target: `1100388888888888888885` does not fit `u64`, so it is read
    // as `f64`. serde_json's default float parser could land one unit off, so writing the
    // number and reading it again gave `1.1003888888888889e21` instead of
    // `1.1003888888888888e21` (fixed with serde_json's `float_roundtrip`).
    use pspec::runtime::wire::json;
    let input =
        std::fs::read(root().join("tests/fixtures/fuzz-regressions/json/number-beyond-u64.json"))
            .expect("saved input");
    bodies::json(&input);
    for text in [
        "1100388888888888888885",
        "1.1003888888888888e21",
        "0.1",
        "2.2250738585072011e-308",
        "9007199254740993.5",
    ] {
        let first = json::from_json(format!("{{\"value\":{text}}}")).expect("a JSON number");
        let again = json::from_json(json::to_json(&first)).expect("written back");
        assert_eq!(again, first, "{text}");
    }
    // The failing side: a number out of range is still refused, not rounded to infinity.
    assert!(json::from_json("{\"value\":1e999}").is_err());
}
