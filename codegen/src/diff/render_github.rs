//! GitHub workflow annotations: `::error file=specs/x.yaml,line=N,title=<rule>::<message>` on
//! the spec lines (warnings as `::warning`, info and accepted findings as `::notice`).

use std::fmt::Write;

use super::report::Report;
use super::rules::{Level, Side};

/// Escapes an annotation's message (GitHub's `escapeData`).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes an annotation's property (GitHub's `escapeProperty`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    for group in report.groups() {
        for f in group.findings {
            let command = match (f.level, f.is_accepted()) {
                (_, true) | (Level::Info, _) => "notice",
                (Level::Error, false) => "error",
                (Level::Warning, false) => "warning",
            };
            // A removal's line is in the old spec: annotate the file only, and say where it was.
            let (line, was) = match f.side {
                Side::New => (format!(",line={}", f.line), String::new()),
                Side::Old => (
                    String::new(),
                    format!(" (was at line {} of the old spec)", f.line),
                ),
            };
            let review = if f.needs_review { "needs review: " } else { "" };
            let mut message = format!(
                "{review}{}: {} [{}; {}]{was}",
                f.operation,
                f.message,
                f.change(80),
                f.fingerprint
            );
            if let Some(a) = &f.accepted {
                message = format!("accepted {} ({}): {message}", f.level, a.reason);
            }
            let _ = writeln!(
                out,
                "::{command} file={}{line},title={}::{}",
                property(&f.file),
                property(f.rule.id()),
                data(&super::one_line(&message, 1000))
            );
        }
    }
    let counts = report.counts();
    let _ = writeln!(
        out,
        "spec diff {} → {}: {}; crate impact {}; suggested bump {}",
        report.old,
        report.new,
        counts.sentence(),
        report.impact().map_or("none", |i| i.as_str()),
        report.bump_sentence()
    );
    out
}
