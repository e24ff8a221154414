//! Located errors in specs, printed as `specs/<file>:<line>:<col>: <what>; expected <what>`.

use std::fmt;

/// What kind of problem a diagnostic reports (stable, for tests and tools).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticKind {
    /// The file could not be read, is not UTF-8 text, is empty or too large.
    Unreadable,
    /// The YAML itself is malformed, or nests or expands beyond the limits.
    Syntax,
    /// A key, type or value does not fit the spec language (unknown key, bad format, ...).
    Shape,
    /// A name (field, source, code table, operation) that nothing defines.
    UnknownName,
    /// A value outside the allowed values of the field it is compared with.
    UnknownValue,
    /// The same name or code twice where it must be unique.
    Duplicate,
    /// A statement that contradicts another one (a fixed value breaking its format, ...).
    Inconsistent,
    /// Two spec names that become one Rust name.
    NameCollision,
    /// A `# review:` mark an importer left, not yet resolved (refused by regenerate only).
    OpenReview,
}

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The kind of problem.
    pub kind: DiagnosticKind,
    /// The file as shown to people, e.g. `specs/computop-wechat.yaml`.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub problem: String,
    /// What was expected.
    pub expected: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}; expected {}",
            self.file, self.line, self.column, self.problem, self.expected
        )
    }
}

/// Every diagnostic of a run, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(f, "{} error(s) in the specs", self.0.len())
    }
}

/// Splits a message of the form `<problem>; expected <what>` (or serde's `<problem>, expected
/// <what>`) into its two halves.
pub fn split_expected(message: &str) -> (String, String) {
    for separator in ["; expected ", ", expected "] {
        if let Some((problem, expected)) = message.rsplit_once(separator) {
            return (problem.to_string(), expected.to_string());
        }
    }
    (
        message.to_string(),
        "a value of the spec language (see specs/README.md)".to_string(),
    )
}

/// Suggests the closest of `candidates` to `name`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = name.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    // `row[j]`: the distance between the part of `a` read so far and `b[..j]`, updated in
    // place; `diagonal` and `left` carry the two neighbours the update needs.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let (mut diagonal, mut left) = (i, i + 1);
        for (cell, cb) in row.iter_mut().skip(1).zip(&b) {
            let above = *cell;
            left = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(left + 1);
            diagonal = above;
            *cell = left;
        }
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
    }
    row.last().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("Chanel", ["Channel", "Amount"]),
            Some("Channel")
        );
        assert_eq!(
            did_you_mean("shopsystem", ["ShopSystem"]),
            Some("ShopSystem")
        );
        assert_eq!(did_you_mean("Zebra", ["Channel", "Amount"]), None);
    }

    #[test]
    fn splits_expected() {
        assert_eq!(
            split_expected("bad; expected good"),
            ("bad".into(), "good".into())
        );
        assert_eq!(
            split_expected("unknown field `formt`, expected one of `name`"),
            ("unknown field `formt`".into(), "one of `name`".into())
        );
    }
}
