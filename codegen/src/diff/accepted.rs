//! `specs/accepted-changes.yaml`: findings a reviewer accepted, by fingerprint.
//!
//! ```yaml
//! - fingerprint: 4f1c2a9be03d7e51     # from the report
//!   rule: request-field-length-narrowed   # optional; checked against the finding when given
//!   reason: The provider confirmed TransID never exceeded 30 characters in production.
//!   date: 2025-01-31
//! ```
//!
//! Accepted findings stay in every report, marked accepted and counted; they do not trigger
//! `--fail-on`. A malformed file is an error of the run (exit 2), located like spec errors.

use std::collections::HashMap;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics, split_expected};
use crate::spec::locate::Locator;

use super::rules::{Acceptance, Finding, Rule};

/// One accepted change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedEntry {
    /// The finding's fingerprint (16 lowercase hex digits).
    pub fingerprint: String,
    /// The rule id, when the entry names it.
    pub rule: Option<Rule>,
    /// Why the change is fine.
    pub reason: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Line of the entry in its file.
    pub line: usize,
}

/// The accepted-changes file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptedChanges {
    /// The file as shown to people.
    pub display: String,
    /// Its entries, in file order.
    pub entries: Vec<AcceptedEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    fingerprint: String,
    #[serde(default)]
    rule: Option<String>,
    reason: String,
    date: String,
}

/// Reads an accepted-changes file. A file of comments only (or `[]`) accepts nothing.
pub fn parse_accepted(display: &str, text: &str) -> Result<AcceptedChanges, Diagnostics> {
    let located =
        |line: usize, column: usize, problem: String, expected: &str, kind: DiagnosticKind| {
            Diagnostic {
                kind,
                file: display.to_string(),
                line,
                column,
                problem,
                expected: expected.to_string(),
            }
        };
    let only_comments = text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    });
    if only_comments {
        return Ok(AcceptedChanges {
            display: display.to_string(),
            entries: Vec::new(),
        });
    }
    let raw: Vec<RawEntry> = serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((1, 1));
        let mut message = e.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        let (problem, expected) = split_expected(&message);
        let expected = if expected.starts_with("a value of the spec language") {
            "a list of `{ fingerprint, reason, date }` entries (see docs/diff.md)".to_string()
        } else {
            expected
        };
        Diagnostics(vec![located(
            line,
            column,
            problem,
            &expected,
            DiagnosticKind::Shape,
        )])
    })?;
    let locator = Locator::new(text);
    let mut diagnostics = Vec::new();
    let mut entries = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (i, entry) in raw.into_iter().enumerate() {
        let at = |key: &str| locator.position(&format!("[{i}].{key}"));
        let line = locator.position(&format!("[{i}]")).0;
        let fingerprint = entry.fingerprint.trim().to_ascii_lowercase();
        if fingerprint.len() != 16 || !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            let (l, c) = at("fingerprint");
            diagnostics.push(located(
                l,
                c,
                format!("`{}` is not a fingerprint", entry.fingerprint),
                "16 hex digits, as a report prints them",
                DiagnosticKind::Shape,
            ));
        } else if let Some(first) = first_line.get(&fingerprint) {
            let (l, c) = at("fingerprint");
            diagnostics.push(located(
                l,
                c,
                format!("fingerprint {fingerprint} is accepted twice (first on line {first})"),
                "one entry per fingerprint",
                DiagnosticKind::Duplicate,
            ));
        } else {
            first_line.insert(fingerprint.clone(), line);
        }
        let rule = match entry.rule.as_deref().map(str::trim) {
            None => None,
            Some(id) => match Rule::from_id(id) {
                Some(rule) => Some(rule),
                None => {
                    let (l, c) = at("rule");
                    diagnostics.push(located(
                        l,
                        c,
                        format!("unknown rule id `{id}`"),
                        "a rule id of docs/diff.md, e.g. `request-field-length-narrowed`",
                        DiagnosticKind::UnknownName,
                    ));
                    None
                }
            },
        };
        if entry.reason.trim().is_empty() {
            let (l, c) = at("reason");
            diagnostics.push(located(
                l,
                c,
                "empty reason".into(),
                "why the change is fine",
                DiagnosticKind::Shape,
            ));
        }
        if !is_date(entry.date.trim()) {
            let (l, c) = at("date");
            diagnostics.push(located(
                l,
                c,
                format!("`{}` is not a date", entry.date),
                "a date as YYYY-MM-DD",
                DiagnosticKind::Shape,
            ));
        }
        entries.push(AcceptedEntry {
            fingerprint,
            rule,
            reason: entry.reason.trim().to_string(),
            date: entry.date.trim().to_string(),
            line,
        });
    }
    if diagnostics.is_empty() {
        Ok(AcceptedChanges {
            display: display.to_string(),
            entries,
        })
    } else {
        Err(Diagnostics(diagnostics))
    }
}

fn is_date(s: &str) -> bool {
    let [_, _, _, _, b'-', _, _, b'-', _, _] = s.as_bytes() else {
        return false;
    };
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    matches!(
        (digits(0..4), digits(5..7), digits(8..10)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// Marks the findings the file accepts. Returns the entries that match no finding (stale
/// acceptances, or entries whose `rule` disagrees with the finding of their fingerprint).
pub fn apply(findings: &mut [Finding], accepted: &AcceptedChanges) -> Vec<AcceptedEntry> {
    let mut unused = Vec::new();
    for entry in &accepted.entries {
        let mut used = false;
        for finding in findings
            .iter_mut()
            .filter(|f| f.fingerprint == entry.fingerprint)
        {
            if entry.rule.is_some_and(|r| r != finding.rule) {
                continue;
            }
            finding.accepted = Some(Acceptance {
                reason: entry.reason.clone(),
                date: entry.date.clone(),
            });
            used = true;
        }
        if !used {
            unused.push(entry.clone());
        }
    }
    unused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_comments_only_files() {
        assert_eq!(
            parse_accepted("a.yaml", "# nothing yet\n").unwrap().entries,
            vec![]
        );
        assert_eq!(
            parse_accepted("a.yaml", "# nothing yet\n[]\n")
                .unwrap()
                .entries,
            vec![]
        );
        let text = "- fingerprint: 0123456789ABCDEF\n  reason: fine\n  date: 2025-01-31\n  rule: doc-changed\n";
        let accepted = parse_accepted("a.yaml", text).unwrap();
        assert_eq!(accepted.entries[0].fingerprint, "0123456789abcdef");
        assert_eq!(accepted.entries[0].rule, Some(Rule::DocChanged));
        assert_eq!(accepted.entries[0].line, 1);
    }

    #[test]
    fn malformed_entries_are_located() {
        let text = "- fingerprint: 0123456789abcdef\n  reason: fine\n  date: 2025-01-31\n- fingerprint: xyz\n  reason: \"\"\n  date: 31/01/2025\n- fingerprint: 0123456789abcdef\n  reason: again\n  date: 2025-02-01\n";
        let errors = parse_accepted("specs/accepted-changes.yaml", text)
            .unwrap_err()
            .0;
        let lines: Vec<_> = errors.iter().map(|d| (d.line, d.problem.clone())).collect();
        assert_eq!(errors.len(), 4, "{lines:?}");
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].problem.contains("not a fingerprint"));
        assert_eq!(errors[1].line, 5);
        assert_eq!(errors[2].line, 6);
        assert_eq!(errors[3].line, 7);
        assert!(errors[3].problem.contains("twice"));
        let unknown = parse_accepted(
            "a.yaml",
            "- fingerprint: 0123456789abcdef\n  reason: x\n  date: 2025-01-31\n  why: 1\n",
        );
        let d = &unknown.unwrap_err().0[0];
        assert!(d.problem.contains("unknown field `why`"), "{d}");
        assert_eq!(d.line, 4);
    }
}
