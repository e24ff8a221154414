//! Review marks: `# review: <what a person must decide>` comments that an importer
//! (`cargo xtask import`) leaves in a draft spec. A spec with open review marks loads and
//! checks like any other (so a person can work on it with `cargo xtask specs`), but
//! `cargo xtask regenerate` refuses it, each mark located, until every mark is resolved (the
//! item edited and the comment deleted).
//!
//! A review mark is a YAML comment whose text starts with `review:` (any case, spaces
//! allowed after `#`), on a line of its own or after a value. Text inside a quoted scalar or
//! a block scalar (`doc: >-` and its lines) is content, not a comment, and never a mark.

use crate::diagnostic::{Diagnostic, DiagnosticKind};

use super::LoadedSpec;

/// One open review mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewMark {
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the `#`.
    pub column: usize,
    /// What is to be decided (after `review:`).
    pub text: String,
}

/// Every review mark of a YAML text, in order.
pub fn review_marks(text: &str) -> Vec<ReviewMark> {
    let mut marks = Vec::new();
    // Inside a block scalar: its content lines are indented more than this.
    let mut block_parent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some(parent) = block_parent {
            if trimmed.is_empty() || indent > parent {
                continue;
            }
            block_parent = None;
        }
        let comment = comment_start(line);
        if let Some(at) = comment {
            let body = line.get(at + 1..).unwrap_or_default().trim_start();
            let is_mark = body
                .get(..7)
                .is_some_and(|head| head.eq_ignore_ascii_case("review:"));
            if is_mark {
                marks.push(ReviewMark {
                    line: i + 1,
                    column: line.get(..at).map_or(0, |h| h.chars().count()) + 1,
                    text: body.get(7..).unwrap_or_default().trim().to_string(),
                });
            }
        }
        let code = comment
            .and_then(|at| line.get(..at))
            .unwrap_or(line)
            .trim_end();
        if opens_block_scalar(code) {
            block_parent = Some(indent);
        }
    }
    marks
}

/// Where a comment starts on a line: a `#` at the start or after whitespace, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let (mut single, mut double, mut prev_space) = (false, false, true);
    let mut escaped = false;
    for (at, c) in line.char_indices() {
        match c {
            '\\' if double => escaped = !escaped,
            '"' if !single && !escaped => double = !double,
            '\'' if !double => single = !single,
            '#' if !single && !double && prev_space => return Some(at),
            _ => {}
        }
        if c != '\\' {
            escaped = false;
        }
        prev_space = c == ' ' || c == '\t';
    }
    None
}

/// Whether a line (its comment removed) ends with a block scalar indicator: `key: >-`, `- |`.
fn opens_block_scalar(code: &str) -> bool {
    let last = code.rsplit([' ', '\t']).next().unwrap_or_default();
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
        && (code.trim_end().len() > last.len() || code.trim() == last)
}

/// A mark's text on one line, cut to 160 characters.
fn one_line(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= 160 {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(159).collect();
    format!("{}…", cut.trim_end())
}

/// One located error per open review mark of the given specs: what `regenerate` refuses.
pub fn open_review_errors<'a>(specs: impl IntoIterator<Item = &'a LoadedSpec>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for spec in specs {
        for mark in review_marks(&spec.text) {
            out.push(Diagnostic {
                kind: DiagnosticKind::OpenReview,
                file: spec.display.clone(),
                line: mark.line,
                column: mark.column,
                problem: format!("open review mark: {}", one_line(&mark.text)),
                expected: "the item decided by a person and the `# review:` comment deleted (a draft is not generated until every mark is resolved)".into(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_marks_on_their_own_line_and_after_a_value() {
        let text = "a: 1\n  # review: decide the format\nb: x # Review: and this\nc: \"# review: not a comment\"\nd: 'x # review: quoted'\n#review:tight\n";
        let marks = review_marks(text);
        let found: Vec<(usize, usize, &str)> = marks
            .iter()
            .map(|m| (m.line, m.column, m.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (2, 3, "decide the format"),
                (3, 6, "and this"),
                (6, 1, "tight")
            ]
        );
    }

    #[test]
    fn ignores_block_scalars_and_other_comments() {
        let text = "doc: >-\n  # review: part of the text\n  more\nkey: v # a note, not a review\n# reviewed: no\nnext: 1\n  # review: after the block\n";
        let marks = review_marks(text);
        assert_eq!(marks.len(), 1, "{marks:?}");
        assert_eq!(marks[0].line, 7);
    }
}
