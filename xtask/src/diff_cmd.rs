//! `cargo xtask diff`: the spec-change review report (docs/diff.md).
//!
//! Either side is a directory laid out like `specs/` or a git revision, whose `specs/` is read
//! with `git ls-tree` and `git cat-file` (no checkout). Exit codes: 0 when no unaccepted
//! finding reaches `--fail-on`, 1 when one does, 2 when the diff could not run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics};
use codegen::diff::{self, AcceptedChanges, FailOn, OutputFormat, Report};
use codegen::spec::load::ACCEPTED_CHANGES_FILE;
use codegen::spec::{SpecSet, load_text};

/// The usage of `cargo xtask diff`.
pub const USAGE: &str = "usage: cargo xtask diff [--old <dir|git-rev>] [--new <dir|git-rev>] [--format text|markdown|json|github] [--fail-on error|warning|info|none]
  --old      the specs before the change: a directory laid out like specs/, or a git revision (default HEAD)
  --new      the specs after the change (default: the working tree's specs/)
  --format   text (default), markdown (a pull-request comment), json, github (workflow annotations)
  --fail-on  exit 1 when an unaccepted finding has this level or a more serious one (default error)
Accepted changes are read from the new side's accepted-changes.yaml. Exit 2: the diff could not run.
";

/// Runs `cargo xtask diff <args>` in the workspace at `root`, printing to stdout and stderr.
pub fn main(root: &Path, args: &[String]) -> ExitCode {
    let code = run(
        root,
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}

/// Runs the command, writing the report to `out` and problems to `err`; returns the exit code
/// (0 passes, 1 fails `--fail-on`, 2 could not run).
pub fn run(root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match report(root, args, err) {
        Ok(Outcome::Help) => {
            let _ = write!(out, "{USAGE}");
            0
        }
        Ok(Outcome::Report(report, format)) => {
            let text = diff::render(&report, format);
            if out.write_all(text.as_bytes()).is_err() {
                return 2;
            }
            report.exit_code()
        }
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

enum Outcome {
    Help,
    Report(Report, OutputFormat),
}

struct Options {
    old: Option<String>,
    new: Option<String>,
    format: OutputFormat,
    fail_on: FailOn,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options {
        old: None,
        new: None,
        format: OutputFormat::Text,
        fail_on: FailOn::Error,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        if !matches!(key, "--old" | "--new" | "--format" | "--fail-on") {
            return Err(format!("unknown argument `{arg}`\n{USAGE}"));
        }
        let value = match inline {
            Some(v) => v,
            None => iter
                .next()
                .cloned()
                .ok_or_else(|| format!("`{key}` needs a value\n{USAGE}"))?,
        };
        match key {
            "--old" => options.old = Some(value),
            "--new" => options.new = Some(value),
            "--format" => {
                options.format = OutputFormat::parse(&value).ok_or_else(|| {
                    format!("unknown format `{value}`; expected text, markdown, json or github")
                })?;
            }
            _ => {
                options.fail_on = FailOn::parse(&value)
                    .ok_or_else(|| format!("unknown level `{value}` for --fail-on; expected error, warning, info or none"))?;
            }
        }
    }
    Ok(Some(options))
}

fn report(root: &Path, args: &[String], err: &mut dyn Write) -> Result<Outcome, String> {
    let Some(options) = parse_args(args)? else {
        return Ok(Outcome::Help);
    };
    let old = Side::resolve(root, options.old.as_deref().unwrap_or("HEAD"))?;
    let new = match options.new.as_deref() {
        Some(arg) => Side::resolve(root, arg)?,
        None => Side::Dir {
            path: root.join("specs"),
            display: "specs".into(),
        },
    };
    // The new specs must load as `cargo xtask specs` loads them. The old ones must parse; their
    // cross-check errors (a checker grown stricter since they were written) do not stop the
    // review of a change that may be fixing them.
    let old_set = old
        .load(root)
        .map_err(|d| format!("the old specs ({}) do not load:\n{d}", old.label()))?;
    let old_checks = codegen::check::problems(&old_set);
    // Only a checked set is compared on the new side: the check `cargo xtask regenerate` runs.
    let new_set = match new
        .load(root)
        .and_then(|set| crate::check_as_regenerate(set.into(), root))
    {
        Ok((set, _)) => set,
        Err(d) => {
            return Err(format!("the new specs ({}) do not load:\n{d}", new.label()));
        }
    };
    if !old_checks.is_empty() {
        let _ = writeln!(
            err,
            "note: the old specs ({}) have {} cross-check error(s) under the current checker; they are compared as written",
            old.label(),
            old_checks.len()
        );
    }
    let accepted = new.accepted(root)?;
    let findings = diff::diff(&old_set, &new_set);
    let report = Report::new(
        old.label(),
        new.label(),
        findings,
        &accepted,
        options.fail_on,
    )
    .with_version(generated_version(root));
    Ok(Outcome::Report(report, options.format))
}

/// One side of the diff.
enum Side {
    Dir { path: PathBuf, display: String },
    Rev { rev: String, commit: String },
}

impl Side {
    /// A directory if `arg` names one, else a git revision of the repository at `root`.
    fn resolve(root: &Path, arg: &str) -> Result<Side, String> {
        let path = PathBuf::from(arg);
        if path.is_dir() {
            return Ok(Side::Dir {
                display: display_dir(root, &path, arg),
                path,
            });
        }
        let commit = git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{arg}^{{commit}}"),
            ],
        )
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            format!(
                "`{arg}` is neither a directory nor a git revision of {}",
                root.display()
            )
        })?;
        Ok(Side::Rev {
            rev: arg.to_string(),
            commit,
        })
    }

    fn label(&self) -> String {
        match self {
            Side::Dir { display, .. } => display.clone(),
            Side::Rev { rev, .. } => rev.clone(),
        }
    }

    /// Reads and parses every spec of the side, checking nothing across files (the caller
    /// decides). A file that does not parse is an error.
    fn load(&self, root: &Path) -> Result<SpecSet, Diagnostics> {
        let unreadable = |file: &str, problem: String, expected: String| {
            Diagnostics(vec![Diagnostic {
                kind: DiagnosticKind::Unreadable,
                file: file.to_string(),
                line: 1,
                column: 1,
                problem,
                expected,
            }])
        };
        let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
        match self {
            Side::Dir { path, display } => {
                let entries = std::fs::read_dir(path).map_err(|e| {
                    unreadable(
                        display,
                        format!("cannot list the spec directory: {e}"),
                        "a directory laid out like specs/".into(),
                    )
                })?;
                let mut files: Vec<PathBuf> = entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.extension().is_some_and(|e| e == "yaml")
                            && p.file_name().is_some_and(|n| n != ACCEPTED_CHANGES_FILE)
                    })
                    .collect();
                files.sort();
                for file in files {
                    let name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let shown = format!("{display}/{name}");
                    let bytes = std::fs::read(&file).map_err(|e| {
                        unreadable(
                            &shown,
                            format!("cannot read the file: {e}"),
                            "a readable spec file".into(),
                        )
                    })?;
                    texts.push((shown, bytes));
                }
            }
            Side::Rev { rev, commit } => {
                let expected = || format!("the specs/ directory of revision {rev}");
                let names =
                    spec_names(root, commit).map_err(|e| unreadable("specs", e, expected()))?;
                for name in names.iter().filter(|n| n.as_str() != ACCEPTED_CHANGES_FILE) {
                    let shown = format!("specs/{name}");
                    let bytes =
                        blob(root, commit, name).map_err(|e| unreadable(&shown, e, expected()))?;
                    texts.push((shown, bytes));
                }
            }
        }
        let mut set = SpecSet::default();
        let mut errors = Vec::new();
        for (shown, bytes) in texts {
            match load_text(&shown, &bytes) {
                Ok(spec) => set.specs.push(spec),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        Ok(set)
    }

    /// The accepted changes of this side (none when it has no such file).
    fn accepted(&self, root: &Path) -> Result<AcceptedChanges, String> {
        let (display, text) = match self {
            Side::Dir { path, display } => {
                let file = path.join(ACCEPTED_CHANGES_FILE);
                if !file.exists() {
                    return Ok(AcceptedChanges::default());
                }
                let text = std::fs::read_to_string(&file).map_err(|e| {
                    format!("{display}/{ACCEPTED_CHANGES_FILE}: cannot read the file: {e}")
                })?;
                (format!("{display}/{ACCEPTED_CHANGES_FILE}"), text)
            }
            Side::Rev { commit, .. } => {
                if !spec_names(root, commit)?
                    .iter()
                    .any(|n| n == ACCEPTED_CHANGES_FILE)
                {
                    return Ok(AcceptedChanges::default());
                }
                let bytes = blob(root, commit, ACCEPTED_CHANGES_FILE)?;
                let display = format!("specs/{ACCEPTED_CHANGES_FILE}");
                let text = String::from_utf8(bytes)
                    .map_err(|_| format!("{display}: the file is not UTF-8 text"))?;
                (display, text)
            }
        };
        diff::parse_accepted(&display, &text).map_err(|d| {
            let lines: Vec<String> = d.0.iter().map(ToString::to_string).collect();
            format!("the accepted changes do not load:\n{}", lines.join("\n"))
        })
    }
}

/// How a directory is shown: `specs` for the workspace's own, a path relative to the workspace
/// when inside it, else as given.
fn display_dir(root: &Path, path: &Path, arg: &str) -> String {
    let (Ok(canonical), Ok(root)) = (path.canonicalize(), root.canonicalize()) else {
        return arg.to_string();
    };
    match canonical.strip_prefix(&root) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        _ => arg.trim_end_matches('/').to_string(),
    }
}

/// Runs git in `root`; its stdout, or its stderr as the error.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The `*.yaml` file names directly in `specs/` at `commit`, sorted.
fn spec_names(root: &Path, commit: &str) -> Result<Vec<String>, String> {
    let listing = git(
        root,
        &["ls-tree", "-z", "--name-only", commit, "--", "specs/"],
    )?;
    let mut names: Vec<String> = listing
        .split(|b| *b == 0)
        .filter_map(|entry| std::str::from_utf8(entry).ok())
        .filter_map(|path| path.strip_prefix("specs/"))
        .filter(|name| name.ends_with(".yaml") && !name.contains('/'))
        .map(str::to_string)
        .collect();
    names.sort();
    Ok(names)
}

fn blob(root: &Path, commit: &str, name: &str) -> Result<Vec<u8>, String> {
    git(
        root,
        &["cat-file", "blob", &format!("{commit}:./specs/{name}")],
    )
}

/// The version of `generated/Cargo.toml`, for the suggested next version.
fn generated_version(root: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(root.join("generated").join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(value) = line.strip_prefix("version") {
            let value = value
                .trim_start()
                .strip_prefix('=')?
                .trim()
                .trim_matches('"');
            return Some(value.to_string());
        }
    }
    None
}
