//! `cargo xtask drift <page>`: imports a provider's page and reports what it says differently
//! from the current spec, as `cargo xtask diff` reports a spec change (codegen::import::drift):
//! the same rules, levels, fingerprints, output formats and exit codes (0 nothing reaches
//! `--fail-on`, 1 something does, 2 the drift could not run).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diff::{self, AcceptedChanges, FailOn, OutputFormat, Report};
use codegen::import;
use codegen::spec::{SpecSet, load_text};

/// The usage of `cargo xtask drift`.
pub const USAGE: &str = "usage: cargo xtask drift <page> [--spec FILE] [--provider NAME] [--format text|markdown|json|github] [--fail-on error|warning|info|none]
  <page>     the provider's documentation page as it is now (as `cargo xtask import doc` reads it)
  --spec     the spec to compare with (default: the spec of specs/ that transcribes a page of this file name)
  --provider the provider (default: the one of that spec)
  --format, --fail-on: as `cargo xtask diff`
Findings read as spec changes: the spec is the old side, the page the new one. Where the spec
keeps the table's own format (`table_format`), the page is compared with that. Exit 2: the drift could not run.
";

struct Options {
    page: PathBuf,
    spec: Option<PathBuf>,
    provider: Option<String>,
    format: OutputFormat,
    fail_on: FailOn,
}

fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut options = Options {
        page: PathBuf::new(),
        spec: None,
        provider: None,
        format: OutputFormat::Text,
        fail_on: FailOn::Error,
    };
    let mut page = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| iter.next().cloned())
                .ok_or_else(|| format!("`{name}` needs a value"))
        };
        match key {
            "-h" | "--help" => return Ok(None),
            "--spec" => options.spec = Some(PathBuf::from(value("--spec")?)),
            "--provider" => options.provider = Some(value("--provider")?),
            "--format" => {
                let v = value("--format")?;
                options.format = OutputFormat::parse(&v).ok_or_else(|| {
                    format!("unknown format `{v}`; expected text, markdown, json or github")
                })?;
            }
            "--fail-on" => {
                let v = value("--fail-on")?;
                options.fail_on = FailOn::parse(&v).ok_or_else(|| {
                    format!(
                        "unknown level `{v}` for --fail-on; expected error, warning, info or none"
                    )
                })?;
            }
            _ if key.starts_with('-') => return Err(format!("unknown argument `{arg}`")),
            _ if page.is_none() => page = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    options.page = page.ok_or("the page is missing")?;
    Ok(Some(options))
}

/// Runs `cargo xtask drift <args>`.
pub fn main(root: &Path, args: &[String]) -> ExitCode {
    ExitCode::from(run(
        root,
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    ))
}

/// Runs the command, writing the report to `out` and problems to `err`; returns the exit code.
pub fn run(root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match report(root, args) {
        Ok(None) => {
            let _ = write!(out, "{USAGE}");
            0
        }
        Ok(Some((report, format))) => {
            if out
                .write_all(diff::render(&report, format).as_bytes())
                .is_err()
            {
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

fn report(root: &Path, args: &[String]) -> Result<Option<(Report, OutputFormat)>, String> {
    let Some(options) = parse(args).map_err(|e| format!("{e}\n{USAGE}"))? else {
        return Ok(None);
    };
    let page_shown = options.page.display().to_string();
    let bytes =
        std::fs::read(&options.page).map_err(|e| format!("{page_shown}: cannot read: {e}"))?;
    let page_file = options
        .page
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| page_shown.clone());
    let loaded = codegen::load_dir(&root.join("specs"), "specs");
    let mut current = SpecSet::default();
    let (old_label, target) = match &options.spec {
        Some(path) => {
            let shown = path.display().to_string();
            let text = std::fs::read(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            let spec =
                load_text(&shown, &text).map_err(|d| format!("the spec does not load:\n{d}"))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for other in loaded.set.specs {
                if !other.display.ends_with(&format!("/{name}")) {
                    current.specs.push(other);
                }
            }
            current.specs.push(spec.clone());
            (shown, Some(spec))
        }
        None => {
            if let Some(failure) = loaded.failures.first() {
                return Err(format!("the specs do not load:\n{failure}"));
            }
            current = loaded.set;
            let target = current
                .specs
                .iter()
                .find(|s| {
                    s.spec
                        .sources
                        .first()
                        .is_some_and(|src| src.file == page_file)
                })
                .cloned();
            ("specs".to_string(), target)
        }
    };
    let provider = match (&options.provider, &target) {
        (Some(p), _) => p.clone(),
        (None, Some(spec)) => spec.spec.provider.0.clone(),
        (None, None) => {
            return Err(format!(
                "no spec of specs/ transcribes a page named {page_file}; name the spec with --spec FILE or the provider with --provider NAME"
            ));
        }
    };
    let imported = import::import_doc(&bytes, &page_file, &provider, &current)
        .map_err(|e| format!("{page_shown}: {e}"))?;
    let drift = import::drift::drift(&imported.loaded, &current, &page_shown);
    let report = Report::new(
        old_label,
        format!("page {page_shown}"),
        drift.findings,
        &AcceptedChanges::default(),
        options.fail_on,
    );
    Ok(Some((report, options.format)))
}
