//! Stage 2: cross-checks over all loaded specs (names, values, duplicates), each error located.
//!
//! The checks collect: every problem of every file is reported in one run, in file order and,
//! within a file, in line order. Nothing here indexes into input without a bound or unwraps
//! input; a spec that serde accepted can be arbitrarily inconsistent and still gets a report.
//!
//! One module per job:
//! - `sources`: source ids and every `source: { ref }`;
//! - `operations`: operation ids, transport and SOAP names, rules;
//! - `signature`: the paths of an operation's `signature` and `outcome`;
//! - `protocol`: an operation's `envelope`, `keys` and `mac` scheme;
//! - `fields`: each field's own statements (format, presence, values, ...);
//! - `exprs`: names, values and types in conditions and rules;
//! - `code_tables`: table ids, codes, families;
//! - `connection`: the provider's `connection:`, operations' `http:`, wrapped lists' `item`;
//! - `profiles`: profiles against their operation and tables;
//! - `scalars`: codes written as unquoted YAML numbers;
//! - `names`: Rust identifiers and table formats.

mod answers;
mod code_tables;
mod connection;
mod exprs;
mod fields;
mod index;
mod names;
mod operations;
mod profiles;
mod protocol;
mod scalars;
mod signature;
mod sources;

use crate::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics};
use crate::model::Model;
use crate::spec::{Loaded, LoadedSpec, SpecSet};

use index::{Entry, Index, Provider};

/// A spec set that passed every check: every file loaded, every cross-reference resolves, and
/// every name, type and expression resolved into the [`Model`] (no two items collide). Only
/// [`check()`] makes one, and [`crate::lower`] takes one, so every command that accepts a
/// set (`cargo xtask specs`, the new side of `cargo xtask diff`, `cargo xtask regenerate`)
/// rejects exactly the same specs with the same diagnostics.
#[derive(Debug, Clone)]
pub struct CheckedSpecSet {
    set: SpecSet,
    model: Model,
}

impl CheckedSpecSet {
    /// The spec files, as loaded.
    pub fn specs(&self) -> &SpecSet {
        &self.set
    }

    /// The spec files, for a caller that needs them after the check (the diff compares them).
    pub fn into_specs(self) -> SpecSet {
        self.set
    }

    /// The resolved model; [`crate::lower`] is the public way to it.
    pub(crate) fn into_model(self) -> Model {
        self.model
    }
}

/// Stage 2: checks a loaded run. Reports the files that failed to load and every
/// cross-reference problem of those that loaded, in file order. When there is none, resolves
/// the set (names, types, expressions) into the model; a problem found there (two items whose
/// Rust names collide, say) is reported the same way. The model's resolution runs only on a
/// set whose cross-references hold, so each problem is reported once, by the check that owns it.
pub fn check(loaded: impl Into<Loaded>) -> Result<CheckedSpecSet, Diagnostics> {
    let Loaded {
        set,
        failures,
        files,
        sources,
    } = loaded.into();
    let incomplete = !failures.is_empty();
    let mut diagnostics = failures;
    diagnostics.extend(check_with(&set, incomplete));
    if let Some(dir) = &sources {
        diagnostics.extend(sources::missing_files(&set, dir));
    }
    if diagnostics.is_empty() {
        return match crate::model::resolve(&set) {
            Ok(model) => Ok(CheckedSpecSet { set, model }),
            Err(found) => Err(found),
        };
    }
    // File order: a file's load error and other files' check errors interleave as the files do.
    let order = |d: &Diagnostic| {
        files
            .iter()
            .position(|display| *display == d.file)
            .unwrap_or(usize::MAX)
    };
    diagnostics.sort_by_key(order);
    Err(Diagnostics(diagnostics))
}

/// Every problem of a set that [`check()`] would report, without keeping the set: for a caller
/// that reads specs it does not require to be valid (the old side of `cargo xtask diff`).
pub fn problems(set: &SpecSet) -> Vec<Diagnostic> {
    let found = check_with(set, false);
    if !found.is_empty() {
        return found;
    }
    match crate::model::resolve(set) {
        Ok(_) => Vec::new(),
        Err(Diagnostics(found)) => found,
    }
}

/// The cross-reference checks of every file; `incomplete` says that some spec files failed to
/// load, so a name that no loaded file defines may be defined by one of them (the report says
/// so).
fn check_with(set: &SpecSet, incomplete: bool) -> Vec<Diagnostic> {
    let index = Index::build(set);
    let mut all = Vec::new();
    for (file, spec) in set.specs.iter().enumerate() {
        let Some(provider) = index.provider(&spec.spec.provider.0) else {
            continue;
        };
        let mut cx = Cx {
            set,
            file,
            spec,
            provider,
            incomplete,
            hints_left: HINT_BUDGET,
            out: Vec::new(),
        };
        sources::check(&mut cx);
        names::check_provider(&mut cx);
        operations::check(&mut cx);
        code_tables::check(&mut cx);
        profiles::check(&mut cx);
        connection::check(&mut cx);
        scalars::check(&mut cx);
        let mut found = cx.out;
        // Stable: problems at one place keep the order they were found in.
        found.sort_by_key(|d| (d.line, d.column));
        all.extend(found);
    }
    all
}

/// What one file's checks see and where they report.
pub(crate) struct Cx<'a> {
    set: &'a SpecSet,
    file: usize,
    spec: &'a LoadedSpec,
    provider: &'a Provider<'a>,
    incomplete: bool,
    hints_left: usize,
    out: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    /// Reports a problem at `path` of the file being checked.
    pub fn report(
        &mut self,
        kind: DiagnosticKind,
        path: &str,
        problem: impl Into<String>,
        expected: impl Into<String>,
    ) {
        self.out
            .push(self.spec.diagnostic(kind, path, problem, expected));
    }

    /// Reports a name that nothing in this file defines.
    pub fn unknown(&mut self, path: &str, problem: String, expected: String) {
        self.report(DiagnosticKind::UnknownName, path, problem, expected);
    }

    /// Reports a provider-wide name (operation, code table) that no file defines. When some file
    /// failed to load, says that it may be defined there.
    pub fn unknown_shared(&mut self, path: &str, problem: String, expected: String) {
        let problem = if self.incomplete {
            format!("{problem} (a spec file that failed to load may define it)")
        } else {
            problem
        };
        self.report(DiagnosticKind::UnknownName, path, problem, expected);
    }

    /// The line of `path` in the file being checked.
    pub fn line(&self, path: &str) -> usize {
        self.spec.locator.position(path).0
    }

    /// Where an entry stands, for "first defined at" messages: `line 12` in this file, else
    /// `specs/other.yaml:12`.
    pub fn place<T>(&self, entry: &Entry<'_, T>) -> String {
        match self.set.specs.get(entry.file) {
            Some(other) if entry.file != self.file => {
                format!(
                    "{}:{}",
                    other.display,
                    other.locator.position(&entry.path).0
                )
            }
            _ => format!("line {}", self.line(&entry.path)),
        }
    }

    /// The candidate closest to `name`, while the file's hint budget lasts.
    pub fn hint<'c>(
        &mut self,
        name: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) -> Option<&'c str> {
        self.hints_left = self.hints_left.checked_sub(1)?;
        crate::diagnostic::did_you_mean(name, candidates)
    }

    /// Whether `entry` is the item at `path` of this file.
    pub fn is_here<T>(&self, entry: &Entry<'_, T>, path: &str) -> bool {
        entry.file == self.file && entry.path == path
    }
}

/// How many did-you-mean searches one file may cost: each compares the name with every
/// candidate, so a file full of unknown names (up to the 1 MiB limit) must not make the check
/// quadratic. Real specs have a handful.
const HINT_BUDGET: usize = 200;

/// `expected` text ending in a did-you-mean hint when one of `candidates` is close.
pub(crate) fn suggest<'c>(
    cx: &mut Cx<'_>,
    what: &str,
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> String {
    match cx.hint(name, candidates) {
        Some(close) => format!("{what}: did you mean `{close}`?"),
        None => what.to_string(),
    }
}

/// A list of names for messages: `` `A`, `B`, `C` ``, shortened after a dozen.
pub(crate) fn list<'c>(names: impl IntoIterator<Item = &'c str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let mut shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    if names.len() > shown.len() {
        shown.push(format!("and {} more", names.len() - 12));
    }
    if shown.is_empty() {
        "none".to_string()
    } else {
        shown.join(", ")
    }
}
