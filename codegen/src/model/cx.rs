//! The lowering context: the spec set being lowered and the diagnostics found so far.

use crate::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics};
use crate::spec::ast::SourceRef;
use crate::spec::{LoadedSpec, SpecSet};

use super::Citation;
use super::naming::NameError;

/// A place in a spec file: the file's index in the set and a YAML path
/// (`operations[0].request.fields[3].name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Index into `SpecSet::specs`.
    pub file: usize,
    /// YAML path, in the locator's spelling.
    pub path: String,
}

impl Origin {
    /// A place under this one: `child("name")` of `fields[3]` is `fields[3].name`.
    pub fn child(&self, key: &str) -> Origin {
        Origin {
            file: self.file,
            path: format!("{}.{key}", self.path),
        }
    }

    /// Item `index` of the sequence at `key` under this place.
    pub fn item(&self, key: &str, index: usize) -> Origin {
        Origin {
            file: self.file,
            path: format!("{}.{key}[{index}]", self.path),
        }
    }
}

/// What lowering reads and where it reports.
pub struct Cx<'a> {
    /// The spec set.
    pub set: &'a SpecSet,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    /// A fresh context.
    pub fn new(set: &'a SpecSet) -> Cx<'a> {
        Cx {
            set,
            diagnostics: Vec::new(),
        }
    }

    /// The spec file of `origin`.
    pub fn spec(&self, file: usize) -> Option<&'a LoadedSpec> {
        self.set.specs.get(file)
    }

    /// Reports a problem at `origin`.
    pub fn report(
        &mut self,
        origin: &Origin,
        kind: DiagnosticKind,
        problem: impl Into<String>,
        expected: impl Into<String>,
    ) {
        let diagnostic = match self.set.specs.get(origin.file) {
            Some(spec) => spec.diagnostic(kind, &origin.path, problem, expected),
            None => Diagnostic {
                kind,
                file: "<unknown spec>".into(),
                line: 1,
                column: 1,
                problem: problem.into(),
                expected: expected.into(),
            },
        };
        self.diagnostics.push(diagnostic);
    }

    /// Reports a name the sanitizer refused.
    pub fn bad_name(&mut self, origin: &Origin, error: NameError) {
        self.report(
            origin,
            DiagnosticKind::Shape,
            error.problem,
            "a name with a letter or digit, or a `rust_name` giving the Rust identifier",
        );
    }

    /// `file:line:col` of `origin`, for messages naming a second place.
    pub fn place(&self, origin: &Origin) -> String {
        match self.set.specs.get(origin.file) {
            Some(spec) => {
                let (line, column) = spec.locator.position(&origin.path);
                format!("{}:{line}:{column}", spec.display)
            }
            None => "<unknown spec>".into(),
        }
    }

    /// Resolves a `source: { ref }` of file `file` to a citation. An unknown ref (which the
    /// checker reports) is cited by its id.
    pub fn cite(&self, file: usize, source: &SourceRef) -> Citation {
        let document = self
            .set
            .specs
            .get(file)
            .and_then(|spec| spec.spec.sources.iter().find(|s| s.id == source.reference))
            .map(|s| match (&s.title, &s.section) {
                (_, Some(section)) if s.is_facts() => format!("{} (section \"{section}\")", s.file),
                (Some(title), _) => format!("{title} ({})", s.file),
                (None, _) => s.file.clone(),
            })
            .unwrap_or_else(|| source.reference.clone());
        Citation {
            document,
            table: source.table.clone(),
            section: source.section.clone(),
            note: source.note.clone(),
        }
    }

    /// The model when nothing was reported, else every diagnostic in file order.
    pub fn finish<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.diagnostics.is_empty() {
            Ok(value)
        } else {
            let mut all = self.diagnostics;
            // Stable sort: problems at one place keep the order they were found in.
            all.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
            Err(Diagnostics(all))
        }
    }
}
