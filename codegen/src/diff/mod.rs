//! `cargo xtask diff`: what a spec change means for the apps that use the generated crate.
//!
//! [`diff`] compares two loaded spec sets and returns one [`Finding`] per change, each with a
//! stable rule id, a level decided by the direction of the data (narrowing what apps send is an
//! error, narrowing what apps read is not), the impact on the generated crate's API and a
//! fingerprint that [`accepted`] entries refer to. [`Report`] adds the accepted changes, the
//! counts and the suggested version bump; the `render_*` modules print it. The rules and their
//! levels are documented in `docs/diff.md`.

pub mod accepted;
mod compare;
mod context;
mod fields;
pub mod fingerprint;
pub mod lattice;
mod protocol;
mod render_github;
mod render_json;
mod render_markdown;
mod render_text;
mod report;
pub mod rules;

pub use accepted::{AcceptedChanges, AcceptedEntry, parse_accepted};
pub use report::{Bump, Counts, FailOn, Group, OutputFormat, Report};
pub use rules::{Direction, Finding, Impact, Level, Rule, Side, Subject};

use crate::spec::SpecSet;

/// Every change from `old` to `new`, in the order of the specs (new side first, removals after).
/// Fingerprints are filled in; no finding is accepted yet (see [`accepted::apply`]).
pub fn diff(old: &SpecSet, new: &SpecSet) -> Vec<Finding> {
    let mut findings = compare::compare(old, new);
    for finding in &mut findings {
        finding.fingerprint = fingerprint::fingerprint(finding);
    }
    findings
}

/// Renders a report in one of the output formats.
pub fn render(report: &Report, format: OutputFormat) -> String {
    match format {
        OutputFormat::Text => render_text::render(report),
        OutputFormat::Markdown => render_markdown::render(report),
        OutputFormat::Json => render_json::render(report),
        OutputFormat::Github => render_github::render(report),
    }
}

/// A value as one display line: whitespace collapsed, cut to `max` characters with `…`.
pub(crate) fn one_line(value: &str, max: usize) -> String {
    let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        collapsed
    } else {
        let cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}
