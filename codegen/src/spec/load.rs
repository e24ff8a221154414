//! Reading spec files: bounded, never panicking, every failure located.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics, split_expected};

use super::ast::SpecFile;
use super::locate::Locator;

/// Larger files are refused before parsing: no real spec comes near it.
pub const MAX_SPEC_BYTES: usize = 1024 * 1024;

/// The file in `specs/` that `cargo xtask diff` reads; it is not a spec.
pub const ACCEPTED_CHANGES_FILE: &str = "accepted-changes.yaml";

/// One spec file, read and deserialized.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file as shown to people (`specs/computop-wechat.yaml`).
    pub display: String,
    /// Its text.
    pub text: String,
    /// Its typed content.
    pub spec: SpecFile,
    /// Positions of its keys.
    pub locator: Locator,
}

impl LoadedSpec {
    /// A diagnostic located at `yaml_path` in this file.
    pub fn diagnostic(
        &self,
        kind: DiagnosticKind,
        yaml_path: &str,
        problem: impl Into<String>,
        expected: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.locator.position(yaml_path);
        Diagnostic { kind, file: self.display.clone(), line, column, problem: problem.into(), expected: expected.into() }
    }
}

/// All spec files of a run, sorted by file name.
#[derive(Debug, Clone, Default)]
pub struct SpecSet {
    /// The files.
    pub specs: Vec<LoadedSpec>,
}

/// Loads every `*.yaml` spec of `dir` (not the accepted-changes file), shown as
/// `<display_prefix>/<file name>`, then checks them all. Returns every diagnostic of every file.
pub fn load_dir(dir: &Path, display_prefix: &str) -> Result<SpecSet, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostics(vec![unreadable(display_prefix, format!("cannot list the spec directory: {e}"))])
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name().is_some_and(|n| n != ACCEPTED_CHANGES_FILE)
        })
        .collect();
    files.sort();
    let named: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (p, format!("{display_prefix}/{name}"))
        })
        .collect();
    load_files(&named)
}

/// Loads the given files (path, display name) and checks them together.
pub fn load_files(files: &[(PathBuf, String)]) -> Result<SpecSet, Diagnostics> {
    let mut texts = Vec::new();
    let mut diagnostics = Vec::new();
    for (path, display) in files {
        match std::fs::read(path) {
            Ok(bytes) => texts.push((display.clone(), bytes)),
            Err(e) => diagnostics.push(unreadable(display, format!("cannot read the file: {e}"))),
        }
    }
    let mut set = SpecSet::default();
    for (display, bytes) in texts {
        match load_text(&display, &bytes) {
            Ok(spec) => set.specs.push(spec),
            Err(d) => diagnostics.push(d),
        }
    }
    diagnostics.extend(crate::check::check(&set));
    if diagnostics.is_empty() { Ok(set) } else { Err(Diagnostics(diagnostics)) }
}

/// Deserializes one file's bytes. The first shape error of a file stops that file (serde reads
/// a file in one pass); other files still load, and the cross-checks run on all that loaded.
pub fn load_text(display: &str, bytes: &[u8]) -> Result<LoadedSpec, Diagnostic> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(unreadable(
            display,
            format!("the file is {} bytes, over the limit of {MAX_SPEC_BYTES}", bytes.len()),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        Diagnostic {
            kind: DiagnosticKind::Unreadable,
            file: display.to_string(),
            line,
            column: 1,
            problem: format!("the file is not UTF-8 text (invalid byte at offset {})", e.valid_up_to()),
            expected: "a UTF-8 YAML spec".into(),
        }
    })?;
    if text.trim().is_empty() {
        return Err(unreadable(display, "the file is empty"));
    }
    let spec: SpecFile = serde_yaml::from_str(text).map_err(|e| serde_diagnostic(display, &e))?;
    Ok(LoadedSpec { display: display.to_string(), text: text.to_string(), spec, locator: Locator::new(text) })
}

fn unreadable(display: &str, problem: impl Into<String>) -> Diagnostic {
    Diagnostic {
        kind: DiagnosticKind::Unreadable,
        file: display.to_string(),
        line: 1,
        column: 1,
        problem: problem.into(),
        expected: "a UTF-8 YAML spec of at most 1 MiB (see specs/README.md)".into(),
    }
}

fn serde_diagnostic(display: &str, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let mut message = error.to_string();
    // serde_yaml appends the location in prose; we print it in the prefix instead.
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    let syntax = error.location().is_some() && !message.contains(": ") && !message.contains('`');
    let kind = if message.contains("recursion limit") || message.contains("repetition limit") || syntax {
        DiagnosticKind::Syntax
    } else {
        DiagnosticKind::Shape
    };
    let (problem, expected) = split_expected(&message);
    Diagnostic { kind, file: display.to_string(), line, column, problem, expected }
}
