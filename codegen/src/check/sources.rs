//! Source ids are unique in a file, and every `source: { ref: .. }` names one of them.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::spec::SpecSet;
use crate::spec::ast::{Field, Rule, SourceRef};

use super::{Cx, list, suggest};

pub(super) fn check(cx: &mut Cx<'_>) {
    let spec = &cx.spec.spec;
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (i, source) in spec.sources.iter().enumerate() {
        let path = format!("sources[{i}].id");
        if source.id.trim().is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &path,
                "empty source id",
                "a short id such as `doc`",
            );
        }
        if let Some(first) = seen.get(source.id.as_str()) {
            let first_line = cx.line(first);
            cx.report(
                DiagnosticKind::Duplicate,
                &path,
                format!(
                    "source id `{}` is defined twice (first at line {first_line})",
                    source.id
                ),
                "a unique id per source",
            );
        } else {
            seen.insert(&source.id, path);
        }
        if source.file.trim().is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("sources[{i}].file"),
                "empty source file",
                "a file name of ../shared/seeds, or `facts.md`",
            );
        } else if !is_file_name(&source.file) {
            cx.report(
                DiagnosticKind::Shape,
                &format!("sources[{i}].file"),
                format!("source file `{}` is a path, not a file name", source.file),
                "a file name of ../shared/seeds, or `facts.md`",
            );
        }
    }
    if spec.sources.is_empty() {
        cx.report(
            DiagnosticKind::Shape,
            "sources",
            "no sources",
            "at least one source",
        );
    }

    let mut refs: Vec<(String, &SourceRef)> = Vec::new();
    for (i, op) in spec.operations.iter().enumerate() {
        let at = format!("operations[{i}]");
        refs.push((format!("{at}.source"), &op.source));
        if let Some(mac) = &op.mac {
            refs.push((format!("{at}.mac.source"), &mac.source));
        }
        if let Some(signature) = &op.signature {
            refs.push((format!("{at}.signature.source"), &signature.source));
        }
        if let Some(source) = op.outcome.as_ref().and_then(|o| o.source.as_ref()) {
            refs.push((format!("{at}.outcome.source"), source));
        }
        for (list_name, fields) in [("request", &op.request), ("response", &op.response)] {
            refs.push((format!("{at}.{list_name}.source"), &fields.source));
            field_refs(&format!("{at}.{list_name}"), &fields.fields, &mut refs);
        }
        rule_refs(&at, &op.rules, &mut refs);
        for (j, meaning) in op.code_meanings.iter().enumerate() {
            if let Some(source) = &meaning.source {
                refs.push((format!("{at}.code_meanings[{j}].source"), source));
            }
        }
    }
    for (i, table) in spec.code_tables.iter().enumerate() {
        let at = format!("code_tables[{i}]");
        refs.push((format!("{at}.source"), &table.source));
        for (j, code) in table.codes.iter().enumerate() {
            if let Some(source) = &code.source {
                refs.push((format!("{at}.codes[{j}].source"), source));
            }
        }
        for (j, family) in table.families.iter().enumerate() {
            if let Some(source) = &family.source {
                refs.push((format!("{at}.families[{j}].source"), source));
            }
        }
    }
    for (i, profile) in spec.profiles.iter().enumerate() {
        let at = format!("profiles[{i}]");
        refs.push((format!("{at}.source"), &profile.source));
        for (j, item) in profile.mandatory.iter().enumerate() {
            if let Some(source) = &item.source {
                refs.push((format!("{at}.mandatory[{j}].source"), source));
            }
        }
        for (j, item) in profile.fixed.iter().enumerate() {
            if let Some(source) = &item.source {
                refs.push((format!("{at}.fixed[{j}].source"), source));
            }
        }
        for (key, values) in [
            ("currencies", &profile.currencies),
            ("country", &profile.country),
        ] {
            if let Some(source) = values.as_ref().and_then(|v| v.source.as_ref()) {
                refs.push((format!("{at}.{key}.source"), source));
            }
        }
        rule_refs(&at, &profile.rules, &mut refs);
    }

    let ids: Vec<&str> = spec.sources.iter().map(|s| s.id.as_str()).collect();
    for (path, source) in refs {
        let name = source.reference.as_str();
        if !ids.contains(&name) {
            let expected = suggest(
                cx,
                &format!(
                    "one of this file's source ids ({})",
                    list(ids.iter().copied())
                ),
                name,
                ids.iter().copied(),
            );
            cx.unknown(
                &format!("{path}.ref"),
                format!("source ref `{name}` names no source of this file"),
                expected,
            );
        }
    }
}

fn field_refs<'a>(at: &str, fields: &'a [Field], refs: &mut Vec<(String, &'a SourceRef)>) {
    for (i, field) in fields.iter().enumerate() {
        let path = format!("{at}.fields[{i}]");
        if let Some(source) = &field.source {
            refs.push((format!("{path}.source"), source));
        }
        if let Some(nested) = &field.fields {
            field_refs(&path, nested, refs);
        }
    }
}

fn rule_refs<'a>(at: &str, rules: &'a [Rule], refs: &mut Vec<(String, &'a SourceRef)>) {
    for (i, rule) in rules.iter().enumerate() {
        if let Some(source) = &rule.source {
            refs.push((format!("{at}.rules[{i}].source"), source));
        }
    }
}

/// The facts file: in the sources directory, or beside it (`../shared/facts.md` next to
/// `../shared/seeds`).
const FACTS: &str = "facts.md";

/// A plain file name: no directory part, no `..` (a spec cites a document, never a path).
fn is_file_name(file: &str) -> bool {
    !file.contains(['/', '\\']) && file != "." && file != ".."
}

/// Every `sources[].file` of `set` that is not a document of `dir` (nor `facts.md`, looked
/// for in `dir` and beside it), located at the file name.
pub(super) fn missing_files(set: &SpecSet, dir: &Path) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for spec in &set.specs {
        for (i, source) in spec.spec.sources.iter().enumerate() {
            let file = source.file.trim();
            if file.is_empty() || !is_file_name(file) {
                continue;
            }
            let exists =
                dir.join(file).is_file() || (file == FACTS && dir.join("..").join(FACTS).is_file());
            if !exists {
                found.push(spec.diagnostic(
                    DiagnosticKind::UnknownName,
                    &format!("sources[{i}].file"),
                    format!("source file `{file}` is not among the source documents"),
                    "a file of ../shared/seeds (or `facts.md`), as the documents are named",
                ));
            }
        }
    }
    found
}
