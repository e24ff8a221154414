//! Reading spec files: bounded, never panicking, every failure located.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, DiagnosticKind, split_expected};

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
        Diagnostic {
            kind,
            file: self.display.clone(),
            line,
            column,
            problem: problem.into(),
            expected: expected.into(),
        }
    }
}

/// All spec files of a run, sorted by file name.
#[derive(Debug, Clone, Default)]
pub struct SpecSet {
    /// The files.
    pub specs: Vec<LoadedSpec>,
}

/// What loading a run's files gave: the files that parsed, and a located diagnostic for each
/// file that did not. Loading checks nothing across files; [`crate::check()`] does, and reports
/// these failures together with its own, in file order.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The files that parsed, in the order given.
    pub set: SpecSet,
    /// One diagnostic per file that could not be read or parsed.
    pub failures: Vec<Diagnostic>,
    /// Every file asked for, as displayed, in the order given: the order of the report.
    pub files: Vec<String>,
    /// The directory of the source documents the specs cite (`../shared/seeds`), when the
    /// caller has it: [`crate::check()`] then refuses a `sources[].file` that is not there.
    /// `None` for specs whose documents are made up (the golden fixtures, the corpus of
    /// malformed specs without its own sources folder).
    pub sources: Option<PathBuf>,
}

impl Loaded {
    /// The same files, checked against the source documents of `dir` (see
    /// [`Loaded::sources`]).
    pub fn with_sources(mut self, dir: Option<PathBuf>) -> Self {
        self.sources = dir;
        self
    }
}

impl From<SpecSet> for Loaded {
    fn from(set: SpecSet) -> Self {
        let files = set.specs.iter().map(|s| s.display.clone()).collect();
        Loaded {
            set,
            failures: Vec::new(),
            files,
            sources: None,
        }
    }
}

/// Loads every `*.yaml` spec of `dir` (not the accepted-changes file), shown as
/// `<display_prefix>/<file name>`. A directory that cannot be listed is a failure like a file
/// that cannot be read.
pub fn load_dir(dir: &Path, display_prefix: &str) -> Loaded {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return Loaded {
                failures: vec![unreadable(
                    display_prefix,
                    format!("cannot list the spec directory: {e}"),
                )],
                files: vec![display_prefix.to_string()],
                ..Loaded::default()
            };
        }
    };
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
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (p, format!("{display_prefix}/{name}"))
        })
        .collect();
    load_files(&named)
}

/// Loads the given files (path, display name), on all cores, keeping their order.
pub fn load_files(files: &[(PathBuf, String)]) -> Loaded {
    let mut texts = Vec::new();
    let mut failures = Vec::new();
    for (path, display) in files {
        match std::fs::read(path) {
            Ok(bytes) => texts.push((display.clone(), bytes)),
            Err(e) => failures.push(unreadable(display, format!("cannot read the file: {e}"))),
        }
    }
    let mut set = SpecSet::default();
    let loaded =
        crate::parallel::map_in_order(&texts, |(display, bytes)| load_text(display, bytes));
    for loaded in loaded {
        match loaded {
            Ok(spec) => set.specs.push(spec),
            Err(d) => failures.push(d),
        }
    }
    Loaded {
        set,
        failures,
        files: files.iter().map(|(_, display)| display.clone()).collect(),
        sources: None,
    }
}

/// Deserializes one file's bytes. The first shape error of a file stops that file (serde reads
/// a file in one pass); other files still load, and the cross-checks run on all that loaded.
pub fn load_text(display: &str, bytes: &[u8]) -> Result<LoadedSpec, Diagnostic> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(unreadable(
            display,
            format!(
                "the file is {} bytes, over the limit of {MAX_SPEC_BYTES}",
                bytes.len()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        // The valid prefix is UTF-8: count its characters on the last line.
        let column = std::str::from_utf8(valid.get(line_start..).unwrap_or_default())
            .map_or(1, |t| t.chars().count() + 1);
        Diagnostic {
            kind: DiagnosticKind::Unreadable,
            file: display.to_string(),
            line,
            column,
            problem: format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
            expected: "a UTF-8 YAML spec".into(),
        }
    })?;
    if text.trim().is_empty() {
        return Err(unreadable(display, "the file is empty"));
    }
    if let Some((line, column)) = too_deep_flow(text) {
        return Err(Diagnostic {
            kind: DiagnosticKind::Syntax,
            file: display.to_string(),
            line,
            column,
            problem: format!(
                "flow collections (`[`, `{{`) nested more than {MAX_FLOW_DEPTH} levels deep"
            ),
            expected: format!("YAML nested at most {MAX_FLOW_DEPTH} levels deep"),
        });
    }
    let spec: SpecFile =
        serde_yaml::from_str(text).map_err(|e| serde_diagnostic(display, text, &e))?;
    Ok(LoadedSpec {
        display: display.to_string(),
        text: text.to_string(),
        spec,
        locator: Locator::new(text),
    })
}

/// How deep `[`/`{` collections may nest. The YAML library's scanner takes time quadratic in
/// the nesting of flow collections (40,000 levels took 5.6 s, 100,000 took 45 s) before its
/// own recursion limit of 128 stops the parse, so the nesting is bounded here, before it
/// sees the text. The specs nest two levels at most (`values: [{ value, doc }]`).
pub const MAX_FLOW_DEPTH: usize = 64;

/// Where flow collections first nest deeper than [`MAX_FLOW_DEPTH`] (1-based line and
/// column), or `None`. One pass over the text.
///
/// A bracket opens a collection where YAML would read it so: at the start of a line's
/// content, or after `:`, `-`, `?`, `,` or another opening bracket (spaces between). A
/// bracket inside plain text (`doc: see [1]`), inside a quoted string or a comment is not
/// counted; closing brackets count down to zero at most. An approximation of YAML's
/// grammar that can only err towards counting less, so a valid spec is never refused; what
/// it misses, serde_yaml's own limit still stops.
fn too_deep_flow(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0_usize;
    let mut line = 1;
    let mut column = 0;
    // The last character that is not a space: what decides whether a bracket opens.
    let mut previous: Option<char> = None;
    let mut quote: Option<char> = None;
    let mut comment = false;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
            comment = false;
            // A plain scalar does not span lines in a block; quotes may, in flow context.
            if depth == 0 {
                quote = None;
            }
            previous = if depth == 0 { None } else { previous };
            continue;
        }
        column += 1;
        if comment {
            continue;
        }
        if let Some(open) = quote {
            if c == open {
                quote = None;
                previous = Some(c);
            }
            continue;
        }
        let at_token_start = matches!(previous, None | Some(':' | '-' | '?' | ',' | '[' | '{'));
        match c {
            ' ' | '\t' | '\r' => continue,
            '#' => {
                comment = true;
                continue;
            }
            '\'' | '"' if at_token_start => quote = Some(c),
            '[' | '{' if at_token_start => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = Some(c);
    }
    None
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

fn serde_diagnostic(display: &str, text: &str, error: &serde_yaml::Error) -> Diagnostic {
    let location = error.location().map(|l| (l.line(), l.column()));
    // serde_yaml writes positions in prose (`at line 3 column 5`); we print them in the prefix.
    let message = strip_positions(&error.to_string());
    let limit = message.contains("recursion limit") || message.contains("repetition limit");
    let syntax = limit || (location.is_some() && !message.contains(": ") && !message.contains('`'));
    let (line, column) = location.unwrap_or((1, 1));
    if syntax {
        let expected = if message.contains("recursion limit") {
            "YAML nested at most 128 levels deep"
        } else if message.contains("repetition limit") {
            "YAML whose aliases expand to a bounded size (no alias bombs)"
        } else if message.contains("tab") {
            "well-formed YAML indented with spaces (YAML forbids tabs in indentation)"
        } else {
            "well-formed YAML (see specs/README.md)"
        };
        return Diagnostic {
            kind: DiagnosticKind::Syntax,
            file: display.to_string(),
            line,
            column,
            problem: message,
            expected: expected.into(),
        };
    }
    let duplicate = message.contains("duplicate field") || message.contains("duplicate entry");
    let kind = if duplicate {
        DiagnosticKind::Duplicate
    } else {
        DiagnosticKind::Shape
    };
    let (problem, mut expected) = split_expected(&message);
    if duplicate {
        expected = "each key once per mapping".into();
    }
    let (line, column) = refine_position(text, line, column, &problem, duplicate);
    Diagnostic {
        kind,
        file: display.to_string(),
        line,
        column,
        problem,
        expected,
    }
}

/// Removes serde_yaml's `at line N column M` (and `at position N`) phrases from a message.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after_line =
            rest[at + " at line ".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        rest = match after_line.strip_prefix(" column ") {
            Some(col) => col.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => after_line,
        };
    }
    out.push_str(rest);
    out
}

/// serde_yaml locates an error raised while reading a value (a format, an expression, a
/// provider id, a repeated key) at the mapping that holds it. Within that mapping (the lines
/// from the reported position until one indented less), find the offending text the message
/// quotes, and point there instead.
fn refine_position(
    text: &str,
    line: usize,
    column: usize,
    problem: &str,
    duplicate: bool,
) -> (usize, usize) {
    let quoted: Vec<&str> = problem
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|q| !q.trim().is_empty())
        .collect();
    let region = mapping_region(text, line, column);
    if duplicate {
        // The second occurrence of the repeated key.
        if let Some(key) = quoted.first() {
            let pattern = format!("{key}:");
            let mut found = region.iter().filter_map(|(n, from, l)| {
                let t = l.get(*from..)?;
                let indent = t.len() - t.trim_start_matches([' ', '-', '{']).len();
                let body = t.get(indent..)?;
                body.starts_with(&pattern)
                    .then_some((*n, from + indent + 1))
            });
            if let Some(second) = found.nth(1) {
                return second;
            }
        }
        return (line, column);
    }
    // The longest quoted text first: `anx..8` rather than `anx`.
    let mut by_length = quoted;
    by_length.sort_by_key(|q| std::cmp::Reverse(q.len()));
    for snippet in by_length {
        let exact = region.iter().find_map(|(n, from, l)| {
            let t = l.get(*from..)?;
            let (_, value) = t.split_once(": ")?;
            let value = value
                .split(" #")
                .next()
                .unwrap_or(value)
                .trim()
                .trim_matches(['"', '\'']);
            if value != snippet {
                return None;
            }
            t.find(snippet).map(|i| (*n, from + i + 1))
        });
        let anywhere = || {
            region.iter().find_map(|(n, from, l)| {
                let t = l.get(*from..)?;
                let i = t.find(snippet)?;
                // Inside a comment is no place for a value.
                if t.get(..i).is_some_and(|before| {
                    before.contains(" #") || before.trim_start().starts_with('#')
                }) {
                    return None;
                }
                Some((*n, from + i + 1))
            })
        };
        if let Some(position) = exact.or_else(anywhere) {
            return position;
        }
    }
    (line, column)
}

/// The lines of the mapping that starts at (`line`, `column`): (line number, byte offset where
/// the mapping's text starts on that line, the line). Bounded by the first line indented less
/// than the mapping's column.
fn mapping_region(text: &str, line: usize, column: usize) -> Vec<(usize, usize, &str)> {
    let mut region = Vec::new();
    let indent = column.saturating_sub(1);
    for (i, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let number = i + 1;
        if number == line {
            // `column` counts characters; find the byte offset.
            let from = l.char_indices().nth(indent).map_or(l.len(), |(b, _)| b);
            region.push((number, from, l));
            continue;
        }
        let trimmed = l.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if l.len() - trimmed.len() < indent {
            break;
        }
        region.push((number, 0, l));
    }
    region
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_the_nesting_of_flow_collections() {
        let deep = |n: usize| format!("values: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert_eq!(too_deep_flow(&deep(MAX_FLOW_DEPTH)), None);
        assert_eq!(
            too_deep_flow(&deep(MAX_FLOW_DEPTH + 1)),
            Some((1, 9 + MAX_FLOW_DEPTH))
        );
        assert_eq!(
            too_deep_flow(&format!("a:\n  - {}", "{ b: ".repeat(100))),
            Some((2, 5 + 5 * MAX_FLOW_DEPTH))
        );
        // Brackets in plain text, quotes and comments are not collections.
        let text = "doc: see [1\n".repeat(200)
            + &"doc: '[[['\n".repeat(200)
            + &"# [[[[\n".repeat(200)
            + "values: [\"[[[\", '{{', it's]\n";
        assert_eq!(too_deep_flow(&text), None);
    }

    #[test]
    fn strips_positions() {
        assert_eq!(
            strip_positions(
                "found a tab at line 21 column 1, while scanning a plain scalar at line 20 column 11"
            ),
            "found a tab, while scanning a plain scalar"
        );
        assert_eq!(strip_positions("no position"), "no position");
    }

    #[test]
    fn points_at_the_quoted_value() {
        let text = "provider: x\nfields:\n  - name: A\n    doc: about an0\n    format: an0\n  - name: B\n    format: an0\n";
        assert_eq!(
            refine_position(text, 3, 5, "zero length in `an0`", false),
            (5, 13)
        );
        assert_eq!(refine_position(text, 3, 5, "nothing quoted", false), (3, 5));
        let text = "a:\n  - name: A\n    format: an3\n    format: an4\n";
        assert_eq!(
            refine_position(text, 2, 5, "duplicate field `format`", true),
            (4, 5)
        );
    }
}
