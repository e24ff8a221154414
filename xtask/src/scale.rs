//! `cargo xtask scale [--n 1,10,100] [--runs 3]`: regeneration at scale.
//!
//! Writes a synthetic corpus into a temporary directory (every real spec of `specs/` copied
//! `N` times, copy `k` of provider `computop` renamed `computopk<k>`), then generates it in
//! process (load, check, lower, emit; nothing is written and nothing compiled) and reports
//! the time and the peak memory for each `N`.
//!
//! Each `N` runs in a fresh child process (this same executable, re-run with `--child`), so
//! that its peak memory is its own: the child reads its peak resident set size (`VmHWM`) and
//! its resident size before generating (`VmRSS`) from `/proc/self/status`, and the report
//! gives both. Time is wall time of the generation alone, the fastest of `--runs` runs (the
//! median is reported too).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The corpus sizes measured when none are given.
pub const DEFAULT_NS: [usize; 3] = [1, 10, 100];

/// What one child process measured for one corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Copies of the real specs.
    pub n: usize,
    /// Spec files in the corpus.
    pub spec_files: usize,
    /// Bytes of YAML in the corpus.
    pub spec_bytes: u64,
    /// Generated files.
    pub generated_files: usize,
    /// Lines of generated Rust.
    pub generated_lines: usize,
    /// Fastest generation, in seconds.
    pub best_seconds: f64,
    /// Median generation, in seconds.
    pub median_seconds: f64,
    /// Fastest load and check of the specs alone (the first stage), in seconds; the rest
    /// of the time is lowering to the model and emitting Rust.
    pub load_seconds: f64,
    /// Resident set size before generating, in KiB (`VmRSS`).
    pub rss_before_kib: u64,
    /// Peak resident set size of the child, in KiB (`VmHWM`).
    pub peak_rss_kib: u64,
}

/// Writes the corpus of `n` copies of the specs in `specs` into `out` (created if need be);
/// returns the number of files and bytes written.
pub fn write_corpus(specs: &Path, out: &Path, n: usize) -> Result<(usize, u64), String> {
    let io = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let mut sources: Vec<PathBuf> = std::fs::read_dir(specs)
        .map_err(|e| io(specs, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name()
                    .is_some_and(|name| name != "accepted-changes.yaml")
        })
        .collect();
    sources.sort();
    let (mut files, mut bytes) = (0, 0);
    for source in &sources {
        let text = std::fs::read_to_string(source).map_err(|e| io(source, e))?;
        let stem = source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for k in 1..=n {
            let renamed = rename_provider(&text, k)
                .ok_or_else(|| format!("{}: no top-level `provider:` line", source.display()))?;
            let path = out.join(format!("{stem}-k{k}.yaml"));
            std::fs::write(&path, &renamed).map_err(|e| io(&path, e))?;
            files += 1;
            bytes += renamed.len() as u64;
        }
    }
    Ok((files, bytes))
}

/// The spec text with its top-level `provider: <id>` line renamed to `<id>k<k>`.
fn rename_provider(text: &str, k: usize) -> Option<String> {
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("provider:") {
            Some(id) if !found => {
                found = true;
                format!("provider: {}k{k}", id.trim())
            }
            _ => line.to_string(),
        })
        .collect();
    found.then(|| lines.join("\n") + "\n")
}

/// A field of `/proc/self/status` in KiB (`VmHWM`, `VmRSS`); 0 where there is no such file.
fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The child's side: generates the corpus in `dir` `runs` times in this process and prints
/// one `scale-result` line for the parent.
pub fn child(dir: &Path, runs: usize) -> Result<(), String> {
    let rss_before = status_kib("VmRSS");
    let mut totals = Vec::new();
    let mut loads = Vec::new();
    let mut output = (0, 0);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let checked =
            codegen::check(codegen::load_dir(dir, "corpus")).map_err(|d| d.to_string())?;
        let loaded = start.elapsed().as_secs_f64();
        let files = codegen::emit(&codegen::lower(checked)).map_err(|d| d.to_string())?;
        totals.push(start.elapsed().as_secs_f64());
        loads.push(loaded);
        output = (
            files.len(),
            files.iter().map(|f| f.contents.lines().count()).sum(),
        );
        drop(std::hint::black_box(files));
    }
    totals.sort_by(f64::total_cmp);
    loads.sort_by(f64::total_cmp);
    println!(
        "scale-result files={} lines={} best={} median={} load={} rss_before={} peak_rss={}",
        output.0,
        output.1,
        totals[0],
        totals[totals.len() / 2],
        loads[0],
        rss_before,
        status_kib("VmHWM"),
    );
    Ok(())
}

fn parse_result(stdout: &str) -> Option<[f64; 7]> {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("scale-result "))?;
    let mut values = [0.0; 7];
    let keys = [
        "files",
        "lines",
        "best",
        "median",
        "load",
        "rss_before",
        "peak_rss",
    ];
    for (slot, key) in values.iter_mut().zip(keys) {
        let value = line
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))?;
        *slot = value.parse().ok()?;
    }
    Some(values)
}

/// The parent's side: for each `n`, writes the corpus under a fresh temporary directory,
/// runs `child_command(dir)` (which must end up in [`child`]) and reads its report. The
/// temporary directories are removed afterwards.
pub fn measure(
    specs: &Path,
    ns: &[usize],
    child_command: impl Fn(&Path) -> Command,
) -> Result<Vec<Measurement>, String> {
    let base = std::env::temp_dir().join(format!("pspec-scale-{}", std::process::id()));
    let result = ns
        .iter()
        .map(|&n| {
            let dir = base.join(format!("n{n}"));
            let (spec_files, spec_bytes) = write_corpus(specs, &dir, n)?;
            let output = child_command(&dir)
                .output()
                .map_err(|e| format!("cannot start the child: {e}"))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            if !output.status.success() {
                return Err(format!(
                    "N = {n}: the child failed ({}):\n{stdout}{}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            let [files, lines, best, median, load, before, peak] = parse_result(&stdout)
                .ok_or_else(|| format!("N = {n}: no result line in:\n{stdout}"))?;
            let _ = std::fs::remove_dir_all(&dir);
            Ok(Measurement {
                n,
                spec_files,
                spec_bytes,
                generated_files: files as usize,
                generated_lines: lines as usize,
                best_seconds: best,
                median_seconds: median,
                load_seconds: load,
                rss_before_kib: before as u64,
                peak_rss_kib: peak as u64,
            })
        })
        .collect();
    let _ = std::fs::remove_dir_all(&base);
    result
}

/// The report: one markdown row per `N`, with time and memory per copy against `N = 1` (the
/// linearity check) and the goal for the largest `N`.
pub fn table(measurements: &[Measurement], runs: usize) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "| N | spec files | YAML | generated lines | time (best of {runs}) | median | of which load + check | time / N vs N = 1 | peak RSS | RSS before | peak − before | (peak − before) / N |\n"
    ));
    out.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let first = measurements.first();
    for m in measurements {
        let per_copy = first.map_or(1.0, |f| {
            (m.best_seconds / m.n as f64) / (f.best_seconds / f.n as f64)
        });
        let grown = m.peak_rss_kib.saturating_sub(m.rss_before_kib);
        out.push_str(&format!(
            "| {} | {} | {:.0} KiB | {} | {:.3} s | {:.3} s | {:.3} s | {per_copy:.2}× | {:.1} MiB | {:.1} MiB | {:.1} MiB | {:.2} MiB |\n",
            m.n,
            m.spec_files,
            m.spec_bytes as f64 / 1024.0,
            m.generated_lines,
            m.best_seconds,
            m.median_seconds,
            m.load_seconds,
            m.peak_rss_kib as f64 / 1024.0,
            m.rss_before_kib as f64 / 1024.0,
            grown as f64 / 1024.0,
            grown as f64 / 1024.0 / m.n as f64,
        ));
    }
    if let Some(m) = measurements.iter().find(|m| m.n == 100) {
        let met = m.best_seconds < 2.0;
        out.push_str(&format!(
            "\ngoal: N = 100 under 2 s: {} ({:.3} s)\n",
            if met { "met" } else { "MISSED" },
            m.best_seconds
        ));
    }
    out
}

const USAGE: &str = "usage: cargo xtask scale [--n 1,10,100] [--runs 3]
  writes N copies of specs/ (providers renamed) to a temporary directory and times generating
  each in process (no compile); peak memory from a fresh child process per N (VmHWM)
";

/// `cargo xtask scale ...` (and, re-run by itself, `cargo xtask scale --child DIR --runs R`).
pub fn main(root: &Path, args: &[String]) -> ExitCode {
    let mut ns = DEFAULT_NS.to_vec();
    let mut runs = 3;
    let mut child_dir = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let parsed = match arg.as_str() {
            "--n" => args
                .next()
                .and_then(|v| v.split(',').map(|n| n.trim().parse().ok()).collect())
                .map(|v| ns = v),
            "--runs" => args.next().and_then(|v| v.parse().ok()).map(|v| runs = v),
            "--child" => args.next().map(|v| child_dir = Some(PathBuf::from(v))),
            _ => None,
        };
        if parsed.is_none() || ns.is_empty() || ns.contains(&0) {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    }
    if let Some(dir) = child_dir {
        return match child(&dir, runs) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("error: cannot find this executable to re-run it per N");
        return ExitCode::FAILURE;
    };
    let spawn = |dir: &Path| {
        let mut command = Command::new(&exe);
        command
            .arg("scale")
            .arg("--child")
            .arg(dir)
            .arg("--runs")
            .arg(runs.to_string());
        command
    };
    match measure(&root.join("specs"), &ns, spawn) {
        Ok(measurements) => {
            print!("{}", table(&measurements, runs));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_the_first_top_level_provider_only() {
        let text = "provider: monext\ntitle: x\n  provider: nested\n";
        assert_eq!(
            rename_provider(text, 7).as_deref(),
            Some("provider: monextk7\ntitle: x\n  provider: nested\n")
        );
        assert_eq!(rename_provider("title: x\n", 1), None);
    }

    #[test]
    fn reads_the_child_report() {
        let out = "noise\nscale-result files=3 lines=120 best=0.5 median=0.6 load=0.1 rss_before=1000 peak_rss=5000\n";
        assert_eq!(
            parse_result(out),
            Some([3.0, 120.0, 0.5, 0.6, 0.1, 1000.0, 5000.0])
        );
    }
}
