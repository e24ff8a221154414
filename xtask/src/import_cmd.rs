//! `cargo xtask import doc|openapi`: a draft spec from a provider's documentation page or from
//! an OpenAPI document (codegen::import). The draft goes to `--out` (never over an existing
//! file unless `--force`) or to stdout; the summary, review marks included, to stderr. Bad
//! input writes nothing. Exit codes: 0 drafted, 1 the input could not be imported, 2 usage.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::import::{self, Imported};
use codegen::spec::SpecSet;

/// The usage of `cargo xtask import`.
pub const USAGE: &str =
    "usage: cargo xtask import doc <page> --provider NAME [--out FILE] [--force]
       cargo xtask import openapi <file> --paths /a,/b --provider NAME [--out FILE] [--force]
  doc       a provider's documentation page (plain text, HTML, or HTML exported in JSON)
  openapi   an OpenAPI 3.0/3.1 document (JSON or YAML); --paths names the operations' paths
  --out     write the draft there (refused when the file exists, unless --force); default stdout
Every `# review:` comment of the draft is a decision left to a person; regenerate refuses the
draft until none is left. Exit 1: the input could not be imported (nothing written); 2: usage.
";

struct Options {
    kind: String,
    input: PathBuf,
    provider: Option<String>,
    paths: Vec<String>,
    out: Option<PathBuf>,
    force: bool,
}

fn parse(args: &[String]) -> Result<Option<Options>, String> {
    let mut iter = args.iter();
    let kind = match iter.next().map(String::as_str) {
        Some("-h" | "--help") | None => return Ok(None),
        Some(k @ ("doc" | "openapi")) => k.to_string(),
        Some(other) => {
            return Err(format!(
                "unknown importer `{other}`; expected doc or openapi"
            ));
        }
    };
    let mut options = Options {
        kind,
        input: PathBuf::new(),
        provider: None,
        paths: Vec::new(),
        out: None,
        force: false,
    };
    let mut input = None;
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
            "--force" => options.force = true,
            "--provider" => options.provider = Some(value("--provider")?),
            "--out" => options.out = Some(PathBuf::from(value("--out")?)),
            "--paths" => {
                options.paths = value("--paths")?
                    .split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect();
            }
            _ if key.starts_with('-') => return Err(format!("unknown argument `{arg}`")),
            _ if input.is_none() => input = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    options.input = input.ok_or("the page or document to import is missing")?;
    if options.provider.is_none() {
        return Err("`--provider NAME` is required".into());
    }
    if options.kind == "openapi" && options.paths.is_empty() {
        return Err("`--paths /a,/b` is required for openapi".into());
    }
    Ok(Some(options))
}

/// The provider's specs in `specs/` (those that load), the context of a profile page.
pub fn context(root: &Path) -> SpecSet {
    codegen::load_dir(&root.join("specs"), "specs").set
}

/// Runs `cargo xtask import <args>`.
pub fn main(root: &Path, args: &[String]) -> ExitCode {
    ExitCode::from(run(
        root,
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    ))
}

/// Runs the command, writing the draft (without `--out`) to `out` and the summary to `err`.
pub fn run(root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let options = match parse(args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            let _ = write!(out, "{USAGE}");
            return 0;
        }
        Err(e) => {
            let _ = writeln!(err, "error: {e}\n{USAGE}");
            return 2;
        }
    };
    let shown = options.input.display().to_string();
    let bytes = match std::fs::read(&options.input) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "error: {shown}: cannot read: {e}; nothing written");
            return 1;
        }
    };
    let file_name = options
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let provider = options.provider.clone().unwrap_or_default();
    let imported: Result<Imported, _> = if options.kind == "doc" {
        import::import_doc(&bytes, &file_name, &provider, &context(root))
    } else {
        import::openapi::import_openapi(&bytes, &file_name, &provider, &options.paths)
    };
    let imported = match imported {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(err, "error: {shown}: {e}; nothing written");
            return 1;
        }
    };
    match &options.out {
        Some(path) => {
            if path.exists() && !options.force {
                let _ = writeln!(
                    err,
                    "error: {} exists; a draft never replaces a spec unless --force is given; nothing written",
                    path.display()
                );
                return 1;
            }
            if let Err(e) = crate::write::write_if_changed(path, &imported.yaml) {
                let _ = writeln!(err, "error: {}: cannot write: {e}", path.display());
                return 1;
            }
            let _ = writeln!(err, "wrote {}", path.display());
        }
        None => {
            if out.write_all(imported.yaml.as_bytes()).is_err() {
                return 1;
            }
        }
    }
    let _ = write!(err, "{}", imported.summary());
    0
}
