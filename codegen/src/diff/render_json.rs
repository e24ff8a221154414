//! The JSON report (schema `pspec-diff/1`, documented in `docs/diff.md`). Written by hand: the
//! generator needs no JSON library, and the key order stays fixed.

use std::fmt::Write;

use super::report::{BUMP_CONVENTION, Report};
use super::rules::{Finding, Level};

/// The schema id the report carries; bumped when a key changes meaning or disappears.
pub const SCHEMA: &str = "pspec-diff/1";

/// A JSON string literal.
pub(crate) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn optional(s: Option<&str>) -> String {
    s.map_or_else(|| "null".to_string(), string)
}

pub(crate) fn render(report: &Report) -> String {
    let counts = report.counts();
    let per_level = |f: &dyn Fn(Level) -> usize| {
        Level::ALL
            .iter()
            .map(|l| format!("{}: {}", string(l.as_str()), f(*l)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    out.push_str("{\n");
    let _ = writeln!(out, "  \"schema\": {},", string(SCHEMA));
    let _ = writeln!(out, "  \"old\": {},", string(&report.old));
    let _ = writeln!(out, "  \"new\": {},", string(&report.new));
    out.push_str("  \"summary\": {\n");
    let _ = writeln!(out, "    \"total\": {},", counts.all());
    let _ = writeln!(out, "    \"counts\": {{{}}},", per_level(&|l| counts.of(l)));
    let _ = writeln!(
        out,
        "    \"accepted\": {{{}}},",
        per_level(&|l| counts.accepted_of(l))
    );
    let _ = writeln!(
        out,
        "    \"needs_review\": {},",
        report
            .findings
            .iter()
            .filter(|f| f.needs_review && !f.is_accepted())
            .count()
    );
    let _ = writeln!(
        out,
        "    \"impact\": {},",
        string(report.impact().map_or("none", |i| i.as_str()))
    );
    let _ = writeln!(out, "    \"bump\": {},", string(report.bump().as_str()));
    let _ = writeln!(
        out,
        "    \"version\": {},",
        optional(report.version.as_deref())
    );
    let _ = writeln!(
        out,
        "    \"next_version\": {},",
        optional(report.next_version().as_deref())
    );
    let _ = writeln!(out, "    \"bump_convention\": {},", string(BUMP_CONVENTION));
    let _ = writeln!(out, "    \"fail_on\": {},", string(report.fail_on.as_str()));
    let _ = writeln!(out, "    \"failing\": {},", report.failing());
    let unused: Vec<String> = report
        .unused_accepted
        .iter()
        .map(|e| string(&e.fingerprint))
        .collect();
    let _ = writeln!(out, "    \"unused_accepted\": [{}]", unused.join(", "));
    out.push_str("  },\n");
    out.push_str("  \"findings\": [");
    for (i, f) in report.findings.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        finding(&mut out, f);
    }
    out.push_str(if report.findings.is_empty() {
        "]\n"
    } else {
        "\n  ]\n"
    });
    out.push_str("}\n");
    out
}

fn finding(out: &mut String, f: &Finding) {
    let accepted = match &f.accepted {
        Some(a) => format!(
            "{{\"reason\": {}, \"date\": {}}}",
            string(&a.reason),
            string(&a.date)
        ),
        None => "null".into(),
    };
    let fields = [
        ("rule", string(f.rule.id())),
        ("level", string(f.level.as_str())),
        ("direction", string(f.direction.as_str())),
        ("subject", string(f.subject.as_str())),
        ("operation", string(&f.operation)),
        ("field", string(&f.field)),
        ("before", optional(f.before.as_deref())),
        ("after", optional(f.after.as_deref())),
        ("file", string(&f.file)),
        ("line", f.line.to_string()),
        ("side", string(f.side.as_str())),
        ("message", string(&f.message)),
        ("impact", string(f.impact.as_str())),
        ("needs_review", f.needs_review.to_string()),
        ("fingerprint", string(&f.fingerprint)),
        ("accepted", accepted),
    ];
    out.push_str("    {");
    for (i, (key, value)) in fields.iter().enumerate() {
        let _ = write!(
            out,
            "{}{}: {value}",
            if i == 0 { "" } else { ", " },
            string(key)
        );
    }
    out.push('}');
}
