//! The text report (the default): a summary line, then the findings by operation.

use std::fmt::Write;

use super::report::Report;
use super::rules::{Finding, Side};

/// The longest value shown on a line; the JSON report carries the whole value.
const VALUE_WIDTH: usize = 60;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let counts = report.counts();
    if counts.all() == 0 {
        let _ = writeln!(
            out,
            "spec diff {} → {}: no finding; suggested bump none",
            report.old, report.new
        );
    } else {
        let _ = writeln!(
            out,
            "spec diff {} → {}: {}; crate impact {}; suggested bump {}",
            report.old,
            report.new,
            counts.sentence(),
            report.impact().map_or("none", |i| i.as_str()),
            report.bump_sentence()
        );
    }
    let failing = report.failing();
    let _ = writeln!(
        out,
        "{} --fail-on {}{}",
        if failing > 0 { "fails" } else { "passes" },
        report.fail_on.as_str(),
        if failing > 0 {
            format!(": {failing} unaccepted finding(s)")
        } else {
            String::new()
        }
    );
    for group in report.groups() {
        let _ = writeln!(out, "\n{} {}", group.subject.words(), group.name);
        for f in group.findings {
            finding(&mut out, f);
        }
    }
    for entry in &report.unused_accepted {
        let _ = writeln!(
            out,
            "\nnote: accepted change {} (line {}) matches no finding of this diff",
            entry.fingerprint, entry.line
        );
    }
    out
}

fn finding(out: &mut String, f: &Finding) {
    let level = match &f.accepted {
        Some(_) => format!("{} (accepted)", f.level),
        None => f.level.to_string(),
    };
    let field = if f.field.is_empty() {
        String::new()
    } else {
        format!("{}: ", f.field)
    };
    let old = if f.side == Side::Old { " (old)" } else { "" };
    let _ = writeln!(
        out,
        "  {level:<8} {}  {field}{}  {}:{}{old}",
        f.rule,
        f.change(VALUE_WIDTH),
        f.file,
        f.line
    );
    let review = if f.needs_review {
        " [needs review]"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "           {}{review}  #{}",
        super::one_line(&f.message, 200),
        f.fingerprint
    );
    if let Some(a) = &f.accepted {
        let _ = writeln!(
            out,
            "           accepted {}: {}",
            a.date,
            super::one_line(&a.reason, 200)
        );
    }
}
