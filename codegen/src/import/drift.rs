//! Drift: what a provider's page says now against the current spec, in the vocabulary of the
//! spec diff (`crate::diff`). The page is imported; its rows are laid over a copy of the
//! current spec (only what the page states: a row's format as printed, its presence, the
//! condition and values it reads plainly, rows added and removed, codes and mandatory fields),
//! and the two spec sets are compared by [`crate::diff::diff`], so a drift finding carries the
//! same rule, level, impact and fingerprint as the same change made to the spec by hand.
//!
//! What the page cannot contradict is kept: a field, code or mandatory row the spec takes from
//! facts.md; a format the spec documents as deviating from the table (`table_format`, compared
//! with the page instead of `format`); values and conditions the importer marked for review
//! (a guess is not drift).

use std::collections::HashMap;

use crate::diff::{self, Finding};
use crate::format::Format;
use crate::spec::ast::{AllowedValue, CodeTable, Field, FieldList, Operation, SourceRef, SpecFile};
use crate::spec::review::review_marks;
use crate::spec::{LoadedSpec, SpecSet};

/// What [`drift`] compared.
#[derive(Debug, Clone)]
pub struct Drift {
    /// Findings, in the diff's order, new-side locations pointing at the page.
    pub findings: Vec<Finding>,
}

fn cites(
    spec: &SpecFile,
    source: Option<&SourceRef>,
    pred: impl Fn(&crate::spec::ast::Source) -> bool,
) -> bool {
    source.is_some_and(|s| {
        spec.sources
            .iter()
            .any(|src| src.id == s.reference && pred(src))
    })
}

fn from_facts(spec: &SpecFile, source: Option<&SourceRef>) -> bool {
    cites(spec, source, |s| s.is_facts())
}

fn printed(field: &Field) -> String {
    field
        .table_format
        .clone()
        .or_else(|| field.format.as_ref().map(|f| f.notation()))
        .unwrap_or_default()
}

fn line_of(note: Option<&SourceRef>) -> Option<usize> {
    note?.note.as_deref()?.rsplit(' ').next()?.parse().ok()
}

/// Lines of the draft's items that carry a review mark.
fn marked_lines(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    review_marks(text)
        .into_iter()
        .map(|m| {
            let mut line = m.line;
            while lines
                .get(line)
                .is_some_and(|l| l.trim_start().starts_with('#'))
            {
                line += 1;
            }
            line + 1
        })
        .collect()
}

/// Lays the page's rows of one field list over the spec's.
fn overlay_list(
    hand: &mut FieldList,
    draft: &FieldList,
    spec: &SpecFile,
    marked: &dyn Fn(&Field) -> bool,
) {
    let mut fields: Vec<Field> = Vec::new();
    // Spec fields the page has no row for: kept when they come from facts.md.
    let keep = |f: &Field| from_facts(spec, f.source.as_ref());
    let mut pending: Vec<Field> = hand.fields.clone();
    for row in &draft.fields {
        // Fields before this row's match in the spec, not on the page: kept or removed.
        if let Some(at) = pending.iter().position(|f| f.name == row.name) {
            for f in pending.drain(..at) {
                if keep(&f) || draft.fields.iter().any(|d| d.name == f.name) {
                    fields.push(f);
                }
            }
            let mut field = pending.remove(0);
            apply_row(&mut field, row, spec, marked(row));
            fields.push(field);
        } else if let Some(existing) = fields.iter().position(|f| f.name == row.name) {
            // Listed twice on the page: the first row counts.
            let _ = existing;
        } else {
            let mut added = row.clone();
            added.source = None;
            fields.push(added);
        }
    }
    for f in pending {
        if keep(&f) {
            fields.push(f);
        }
    }
    hand.fields = fields;
}

/// A page row over its spec field: the format (compared as printed), presence, and the
/// condition and values when the importer read them without a guess.
fn apply_row(field: &mut Field, row: &Field, spec: &SpecFile, guessed: bool) {
    if printed(row) != printed(field)
        && let Ok(format) = Format::parse(&printed(row))
    {
        field.format = Some(format);
        field.table_format = None;
    }
    if row.presence != field.presence && !guessed {
        field.presence = row.presence;
        field.required_when = row.required_when.clone();
        field.absent_when = row.absent_when.clone();
    }
    if guessed || from_facts(spec, field.source.as_ref()) {
        return;
    }
    let text = |c: &Option<crate::spec::expr::Condition>| {
        c.as_ref()
            .map(|c| c.text.split_whitespace().collect::<String>())
    };
    if row.presence == field.presence
        && (text(&row.required_when) != text(&field.required_when)
            || text(&row.absent_when) != text(&field.absent_when))
    {
        field.required_when = row.required_when.clone();
        field.absent_when = row.absent_when.clone();
    }
    let values = |f: &Field| {
        f.values
            .iter()
            .map(|v| v.value().to_string())
            .collect::<Vec<_>>()
    };
    if !row.values.is_empty() && values(row) != values(field) {
        let docs: HashMap<String, AllowedValue> = field
            .values
            .iter()
            .map(|v| (v.value().to_string(), v.clone()))
            .collect();
        field.values = row
            .values
            .iter()
            .map(|v| docs.get(v.value()).cloned().unwrap_or_else(|| v.clone()))
            .collect();
    }
}

fn overlay_operation(
    hand: &mut Operation,
    draft: &Operation,
    spec: &SpecFile,
    marked: &dyn Fn(&Field) -> bool,
) {
    // An example shows some fields with made-up values, not the table: what it lacks is not
    // removed, and its guesses are not compared.
    let from_table = |list: &FieldList| {
        !list.fields.is_empty()
            && !list
                .source
                .table
                .as_deref()
                .is_some_and(|t| t.starts_with("Example "))
    };
    if from_table(&draft.request) {
        overlay_list(&mut hand.request, &draft.request, spec, marked);
    }
    if from_table(&draft.response) {
        overlay_list(&mut hand.response, &draft.response, spec, marked);
    }
}

fn overlay_codes(hand: &mut CodeTable, draft: &CodeTable, spec: &SpecFile) {
    let mut codes = Vec::new();
    for row in &draft.codes {
        match hand.codes.iter().find(|c| c.code == row.code) {
            Some(existing) => {
                let mut code = existing.clone();
                if code.short != row.short || code.long != row.long {
                    code.short = row.short.clone();
                    code.long = row.long.clone();
                    if existing.short != row.short {
                        code.outcome = row.outcome;
                    }
                }
                codes.push(code);
            }
            None => {
                let mut code = row.clone();
                code.source = None;
                codes.push(code);
            }
        }
    }
    for code in &hand.codes {
        if !codes.iter().any(|c| c.code == code.code)
            && from_facts(spec, code.source.as_ref().or(Some(&hand.source)))
        {
            codes.push(code.clone());
        }
    }
    hand.codes = codes;
}

/// Compares the imported page `draft` with the current specs, returning the diff's findings.
/// `page_display` is how the page is shown in new-side locations.
pub fn drift(draft: &LoadedSpec, current: &SpecSet, page_display: &str) -> Drift {
    let page = draft
        .spec
        .sources
        .first()
        .map(|s| s.file.clone())
        .unwrap_or_default();
    let provider = draft.spec.provider.0.clone();
    let marks = marked_lines(&draft.text);
    let marks = &marks;
    let mut new = current.clone();
    for (oi, op) in draft.spec.operations.iter().enumerate() {
        let marked_fields: Vec<String> = [("request", &op.request), ("response", &op.response)]
            .iter()
            .flat_map(|(side, list)| {
                list.fields.iter().enumerate().filter_map(move |(j, f)| {
                    let (line, _) = draft
                        .locator
                        .position(&format!("operations[{oi}].{side}.fields[{j}].name"));
                    marks.contains(&line).then(|| format!("{side}.{}", f.name))
                })
            })
            .collect();
        for spec in new
            .specs
            .iter_mut()
            .filter(|s| s.spec.provider.0 == provider)
        {
            let file = spec.spec.clone();
            if let Some(hand) = spec
                .spec
                .operations
                .iter_mut()
                .find(|o| o.endpoint == op.endpoint || o.id == op.id)
            {
                let is_request = |f: &Field| op.request.fields.iter().any(|r| std::ptr::eq(r, f));
                let marked = |f: &Field| {
                    let side = if is_request(f) { "request" } else { "response" };
                    marked_fields.contains(&format!("{side}.{}", f.name))
                };
                overlay_operation(hand, op, &file, &marked);
            }
        }
    }
    for profile in &draft.spec.profiles {
        for spec in new
            .specs
            .iter_mut()
            .filter(|s| s.spec.provider.0 == provider)
        {
            let file = spec.spec.clone();
            let Some(hand) = spec
                .spec
                .profiles
                .iter_mut()
                .find(|p| p.card_code == profile.card_code)
            else {
                continue;
            };
            let mut mandatory = Vec::new();
            for row in &profile.mandatory {
                match hand.mandatory.iter().find(|m| m.field == row.field) {
                    Some(m) => {
                        let mut m = m.clone();
                        m.example = row.example.clone();
                        mandatory.push(m);
                    }
                    None => mandatory.push(row.clone()),
                }
            }
            for m in &hand.mandatory {
                let from_page = cites(&file, m.source.as_ref(), |s| s.file == page);
                if !mandatory.iter().any(|x| x.field == m.field) && !from_page {
                    mandatory.push(m.clone());
                }
            }
            hand.mandatory = mandatory;
        }
    }
    for table in &draft.spec.code_tables {
        let hand_id = draft
            .spec
            .profiles
            .iter()
            .find(|p| p.code_table.as_deref() == Some(table.id.as_str()))
            .and_then(|p| {
                current.specs.iter().find_map(|s| {
                    s.spec
                        .profiles
                        .iter()
                        .find(|h| h.card_code == p.card_code)
                        .and_then(|h| h.code_table.clone())
                })
            })
            .unwrap_or_else(|| table.id.clone());
        for spec in new
            .specs
            .iter_mut()
            .filter(|s| s.spec.provider.0 == provider)
        {
            let file = spec.spec.clone();
            if let Some(hand) = spec.spec.code_tables.iter_mut().find(|t| t.id == hand_id) {
                overlay_codes(hand, table, &file);
            }
        }
    }
    let mut findings = diff::diff(current, &new);
    locate_on_page(&mut findings, draft, page_display);
    Drift { findings }
}

/// New-side findings point at the page's row (added and changed rows are the page's).
fn locate_on_page(findings: &mut [Finding], draft: &LoadedSpec, page_display: &str) {
    for f in findings
        .iter_mut()
        .filter(|f| f.side == crate::diff::Side::New)
    {
        let name = f.field.rsplit('.').next().unwrap_or(&f.field);
        let mut line = None;
        for op in &draft.spec.operations {
            for list in [&op.request, &op.response] {
                if let Some(field) = list.fields.iter().find(|x| x.name == name) {
                    line = line.or_else(|| line_of(field.source.as_ref()));
                }
            }
        }
        for t in &draft.spec.code_tables {
            if let Some(c) = t.codes.iter().find(|c| c.code.0 == f.field) {
                line = line.or_else(|| line_of(c.source.as_ref()));
            }
        }
        for p in &draft.spec.profiles {
            if let Some(m) = p.mandatory.iter().find(|m| m.field == f.field) {
                line = line.or_else(|| line_of(m.source.as_ref()));
            }
        }
        if let Some(line) = line {
            f.file = page_display.to_string();
            f.line = line;
        }
    }
}
