//! The markdown report, for a pull-request comment.

use std::fmt::Write;

use super::report::{BUMP_CONVENTION, Report};
use super::rules::{Finding, Level, Side};

const VALUE_WIDTH: usize = 80;

/// A code span holding `text` whatever backticks it contains.
fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let counts = report.counts();
    let _ = writeln!(
        out,
        "## Spec diff: {} → {}\n",
        code(&report.old),
        code(&report.new)
    );
    if counts.all() == 0 {
        let _ = writeln!(
            out,
            "No finding: the generated crate is unchanged by this diff."
        );
        return out;
    }
    let failing = report.failing();
    let verdict = if failing > 0 {
        format!(
            "**fails** `--fail-on {}` ({failing} unaccepted)",
            report.fail_on.as_str()
        )
    } else {
        format!("passes `--fail-on {}`", report.fail_on.as_str())
    };
    let _ = writeln!(
        out,
        "**{}** · crate impact **{}** · suggested bump **{}** · {verdict}\n",
        counts.sentence(),
        report.impact().map_or("none", |i| i.as_str()),
        report.bump_sentence()
    );
    let _ = writeln!(out, "| level | findings | accepted | needs review |");
    let _ = writeln!(out, "|---|---:|---:|---:|");
    for level in Level::ALL {
        let review = report
            .findings
            .iter()
            .filter(|f| f.level == level && f.needs_review && !f.is_accepted())
            .count();
        let _ = writeln!(
            out,
            "| {level} | {} | {} | {review} |",
            counts.of(level),
            counts.accepted_of(level)
        );
    }
    for group in report.groups() {
        let _ = writeln!(
            out,
            "\n### {} {}\n",
            group.subject.words(),
            code(group.name)
        );
        let (info, serious): (Vec<&Finding>, Vec<&Finding>) =
            group.findings.iter().partition(|f| f.level == Level::Info);
        for f in &serious {
            finding(&mut out, f);
        }
        if !info.is_empty() {
            if !serious.is_empty() {
                out.push('\n');
            }
            let review = info
                .iter()
                .filter(|f| f.needs_review && !f.is_accepted())
                .count();
            let review = if review > 0 {
                format!(", {review} to review")
            } else {
                String::new()
            };
            let noun = if info.len() == 1 {
                "finding"
            } else {
                "findings"
            };
            let _ = writeln!(
                out,
                "<details><summary>{} info {noun}{review}</summary>\n",
                info.len()
            );
            for f in &info {
                finding(&mut out, f);
            }
            let _ = writeln!(out, "\n</details>");
        }
    }
    if !report.unused_accepted.is_empty() {
        let _ = writeln!(
            out,
            "\nAccepted changes that match no finding of this diff:\n"
        );
        for entry in &report.unused_accepted {
            let _ = writeln!(out, "- {} (line {})", code(&entry.fingerprint), entry.line);
        }
    }
    let _ = writeln!(
        out,
        "\n<sub>Suggested bump: {BUMP_CONVENTION}. Rules: docs/diff.md.</sub>"
    );
    out
}

fn finding(out: &mut String, f: &Finding) {
    let value = |v: &Option<String>| {
        v.as_deref().map_or_else(
            || "(none)".to_string(),
            |v| code(&super::one_line(v, VALUE_WIDTH)),
        )
    };
    let field = if f.field.is_empty() {
        String::new()
    } else {
        format!(" {}", code(&f.field))
    };
    let level = if f.is_accepted() {
        format!("**{}** (accepted)", f.level)
    } else {
        format!("**{}**", f.level)
    };
    let review = if f.needs_review {
        "**needs review**: "
    } else {
        ""
    };
    let accepted = match &f.accepted {
        Some(a) => format!(
            "<br>accepted {}: {}",
            a.date,
            super::one_line(&a.reason, 200)
        ),
        None => String::new(),
    };
    let old = if f.side == Side::Old { " (old)" } else { "" };
    let _ = writeln!(
        out,
        "- {level} {}{field}: {} → {}<br>{review}{}{accepted}<br><sub>{}:{}{old} · {}</sub>",
        code(f.rule.id()),
        value(&f.before),
        value(&f.after),
        super::one_line(&f.message, 300),
        f.file,
        f.line,
        code(&f.fingerprint)
    );
}
