//! How far a draft agrees with the hand-made spec of the same page, row by row: each field row
//! (name, format, presence, condition, values), each return code (short and long message,
//! outcome) and each mandatory field of a profile (name, example). A disagreement is explained
//! when the hand spec documents it (a `table_format` kept beside its own format, or the field
//! citing facts.md) or when the draft marked the row for review; any other is unexplained.

use std::collections::HashMap;

use crate::spec::LoadedSpec;
use crate::spec::ast::{CodeTable, Field, SourceRef, SpecFile};
use crate::spec::review::review_marks;

/// The kind of row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// A field of an operation's request or response.
    Field,
    /// A return code.
    Code,
    /// A mandatory field of a profile.
    Mandatory,
}

impl Area {
    /// The area's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Field => "field",
            Area::Code => "code",
            Area::Mandatory => "mandatory",
        }
    }
}

/// Why a disagreement is acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Explanation {
    /// The hand spec documents its deviation from the table.
    HandDeviation(String),
    /// The draft marked the row for review.
    Review(String),
}

/// One compared row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    /// What kind of row.
    pub area: Area,
    /// Where: `wechat request Channel`, `payconiq code 02012`.
    pub place: String,
    /// What differs (empty when the row agrees exactly).
    pub differences: Vec<String>,
    /// Why a difference is acceptable, if it is.
    pub explained: Option<Explanation>,
}

impl RowResult {
    /// Whether the row agrees exactly.
    pub fn agrees(&self) -> bool {
        self.differences.is_empty()
    }
}

/// The comparison of one draft with the hand specs.
#[derive(Debug, Clone, Default)]
pub struct Agreement {
    /// Every row of the draft, in order.
    pub rows: Vec<RowResult>,
}

impl Agreement {
    /// Rows that agree exactly, and all rows, of an area.
    pub fn counts(&self, area: Area) -> (usize, usize) {
        let rows = self.rows.iter().filter(|r| r.area == area);
        let total = rows.clone().count();
        (rows.filter(|r| r.agrees()).count(), total)
    }

    /// Disagreements neither documented by the hand spec nor marked for review.
    pub fn unexplained(&self) -> Vec<&RowResult> {
        self.rows
            .iter()
            .filter(|r| !r.agrees() && r.explained.is_none())
            .collect()
    }

    /// One line per area: `field 124/130 (95.4 %)`.
    pub fn figures(&self) -> String {
        let mut parts = Vec::new();
        for area in [Area::Field, Area::Code, Area::Mandatory] {
            let (agree, total) = self.counts(area);
            if total > 0 {
                parts.push(format!(
                    "{} rows {agree}/{total} ({})",
                    area.as_str(),
                    percent(agree, total)
                ));
            }
        }
        parts.join(", ")
    }
}

/// `95.4 %`.
pub fn percent(part: usize, total: usize) -> String {
    if total == 0 {
        return "n/a".into();
    }
    let tenths = (part * 1000 + total / 2) / total;
    format!("{}.{} %", tenths / 10, tenths % 10)
}

/// Review marks of the draft, by the line of the item each stands above.
fn marks_by_item(text: &str) -> HashMap<usize, Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: HashMap<usize, Vec<String>> = HashMap::new();
    for mark in review_marks(text) {
        let mut line = mark.line;
        while lines
            .get(line)
            .is_some_and(|l| l.trim_start().starts_with('#'))
        {
            line += 1;
        }
        out.entry(line + 1).or_default().push(mark.text);
    }
    out
}

fn cites_facts(spec: &SpecFile, source: Option<&SourceRef>) -> bool {
    source.is_some_and(|s| {
        spec.sources
            .iter()
            .any(|src| src.id == s.reference && src.is_facts())
    })
}

fn printed(field: &Field) -> String {
    field
        .table_format
        .clone()
        .or_else(|| field.format.as_ref().map(|f| f.notation()))
        .unwrap_or_else(|| "(object)".into())
}

fn values(field: &Field) -> Vec<String> {
    let mut v: Vec<String> = field.values.iter().map(|a| a.value().to_string()).collect();
    if let Some(fixed) = &field.fixed {
        v.push(format!("fixed {}", fixed.0));
    }
    v
}

fn condition(field: &Field) -> String {
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    match (&field.required_when, &field.absent_when) {
        (None, None) => String::new(),
        (r, a) => format!(
            "required_when {} / absent_when {}",
            r.as_ref().map_or(String::new(), |c| norm(&c.text)),
            a.as_ref().map_or(String::new(), |c| norm(&c.text))
        ),
    }
}

/// Compares one field row; `None` explanation means a documented hand deviation was not found.
fn compare_field(draft: &Field, hand: &Field) -> Vec<String> {
    let mut d = Vec::new();
    if printed(draft) != printed(hand) {
        d.push(format!(
            "table format: draft `{}`, spec `{}`",
            printed(draft),
            printed(hand)
        ));
    }
    let fmt = |f: &Field| f.format.as_ref().map(|f| f.notation()).unwrap_or_default();
    if fmt(draft) != fmt(hand) {
        d.push(format!(
            "format: draft `{}`, spec `{}`",
            fmt(draft),
            fmt(hand)
        ));
    }
    if draft.presence != hand.presence {
        d.push(format!(
            "presence: draft {}, spec {}",
            draft.presence.as_str(),
            hand.presence.as_str()
        ));
    }
    if condition(draft) != condition(hand) {
        d.push(format!(
            "condition: draft `{}`, spec `{}`",
            condition(draft),
            condition(hand)
        ));
    }
    if values(draft) != values(hand) {
        d.push(format!(
            "values: draft {:?}, spec {:?}",
            values(draft),
            values(hand)
        ));
    }
    d
}

fn explain(
    differences: &[String],
    marks: Option<&Vec<String>>,
    hand_deviation: Option<String>,
) -> Option<Explanation> {
    if differences.is_empty() {
        return None;
    }
    if let Some(h) = hand_deviation {
        return Some(Explanation::HandDeviation(h));
    }
    marks
        .and_then(|m| m.first())
        .map(|m| Explanation::Review(m.clone()))
}

/// Compares a draft with the hand specs of its provider.
pub fn compare(draft: &LoadedSpec, hand: &[&LoadedSpec]) -> Agreement {
    let marks = marks_by_item(&draft.text);
    let mut out = Agreement::default();
    let provider = &draft.spec.provider.0;
    let hand: Vec<&LoadedSpec> = hand
        .iter()
        .copied()
        .filter(|h| &h.spec.provider.0 == provider)
        .collect();
    compare_operations(draft, &marks, &hand, &mut out);
    compare_profiles(draft, &marks, &hand, &mut out);
    compare_codes(draft, &marks, &hand, &mut out);
    out
}

/// The field rows of the draft's operations.
fn compare_operations(
    draft: &LoadedSpec,
    marks: &HashMap<usize, Vec<String>>,
    hand: &[&LoadedSpec],
    out: &mut Agreement,
) {
    for (i, op) in draft.spec.operations.iter().enumerate() {
        let matched = hand.iter().find_map(|h| {
            h.spec
                .operations
                .iter()
                .find(|o| o.endpoint == op.endpoint)
                .or_else(|| h.spec.operations.iter().find(|o| o.id == op.id))
                .map(|o| (*h, o))
        });
        for (side, list, hand_list) in [
            ("request", &op.request, matched.map(|(_, o)| &o.request)),
            ("response", &op.response, matched.map(|(_, o)| &o.response)),
        ] {
            for (j, field) in list.fields.iter().enumerate() {
                let (line, _) = draft
                    .locator
                    .position(&format!("operations[{i}].{side}.fields[{j}].name"));
                let place = format!("{} {side} {}", op.id, field.name);
                let marks_here = marks.get(&line);
                let Some((h, hand_field)) = hand_list
                    .and_then(|l| l.fields.iter().find(|f| f.name == field.name))
                    .and_then(|f| matched.map(|(h, _)| (h, f)))
                else {
                    let differences = vec!["not in the hand spec".to_string()];
                    let explained = explain(&differences, marks_here, None);
                    out.rows.push(RowResult {
                        area: Area::Field,
                        place,
                        differences,
                        explained,
                    });
                    continue;
                };
                let differences = compare_field(field, hand_field);
                let deviation = hand_deviation(&differences, field, hand_field, &h.spec);
                let explained = explain(&differences, marks_here, deviation);
                out.rows.push(RowResult {
                    area: Area::Field,
                    place,
                    differences,
                    explained,
                });
            }
        }
    }
}

/// The mandatory rows of the draft's profiles.
fn compare_profiles(
    draft: &LoadedSpec,
    marks: &HashMap<usize, Vec<String>>,
    hand: &[&LoadedSpec],
    out: &mut Agreement,
) {
    for (i, profile) in draft.spec.profiles.iter().enumerate() {
        let matched = hand.iter().find_map(|h| {
            h.spec
                .profiles
                .iter()
                .find(|p| p.card_code == profile.card_code || p.id == profile.id)
                .map(|p| (*h, p))
        });
        for (j, m) in profile.mandatory.iter().enumerate() {
            let (line, _) = draft
                .locator
                .position(&format!("profiles[{i}].mandatory[{j}].field"));
            let place = format!("{} mandatory {}", profile.id, m.field);
            let found = matched.and_then(|(h, p)| {
                p.mandatory
                    .iter()
                    .find(|x| x.field == m.field)
                    .map(|x| (h, x))
            });
            let differences = match found {
                None => vec!["not in the hand spec's mandatory list".to_string()],
                Some((_, x)) => {
                    let (a, b) = (
                        m.example.as_ref().map(|e| e.0.as_str()),
                        x.example.as_ref().map(|e| e.0.as_str()),
                    );
                    if a == b {
                        Vec::new()
                    } else {
                        vec![format!("example: draft {a:?}, spec {b:?}")]
                    }
                }
            };
            let deviation = found.and_then(|(h, x)| {
                cites_facts(&h.spec, x.source.as_ref())
                    .then(|| "the spec's row cites facts.md".to_string())
            });
            let explained = explain(&differences, marks.get(&line), deviation);
            out.rows.push(RowResult {
                area: Area::Mandatory,
                place,
                differences,
                explained,
            });
        }
    }
}

/// The codes of the draft's code tables.
fn compare_codes(
    draft: &LoadedSpec,
    marks: &HashMap<usize, Vec<String>>,
    hand: &[&LoadedSpec],
    out: &mut Agreement,
) {
    for (i, table) in draft.spec.code_tables.iter().enumerate() {
        let hand_table = hand_code_table(draft, table, hand);
        for (j, code) in table.codes.iter().enumerate() {
            let (line, _) = draft
                .locator
                .position(&format!("code_tables[{i}].codes[{j}].code"));
            let place = format!("{} code {}", table.id, code.code.0);
            let found = hand_table
                .and_then(|(h, t)| t.codes.iter().find(|c| c.code == code.code).map(|c| (h, c)));
            let differences = match found {
                None => vec!["not in the hand spec's table".to_string()],
                Some((_, c)) => {
                    let mut d = Vec::new();
                    if c.short != code.short {
                        d.push(format!("short: draft {:?}, spec {:?}", code.short, c.short));
                    }
                    if c.long != code.long {
                        d.push(format!("long: draft {:?}, spec {:?}", code.long, c.long));
                    }
                    if c.outcome != code.outcome {
                        d.push(format!(
                            "outcome: draft {}, spec {}",
                            code.outcome.as_str(),
                            c.outcome.as_str()
                        ));
                    }
                    d
                }
            };
            let deviation = found.and_then(|(h, c)| {
                cites_facts(&h.spec, c.source.as_ref())
                    .then(|| "the spec's code cites facts.md".to_string())
            });
            let explained = explain(&differences, marks.get(&line), deviation);
            out.rows.push(RowResult {
                area: Area::Code,
                place,
                differences,
                explained,
            });
        }
    }
}

/// How the hand spec documents every difference of a field row, if it does: a `table_format`
/// equal to the page's format covers the format; a field citing facts.md covers anything.
fn hand_deviation(
    differences: &[String],
    draft: &Field,
    hand: &Field,
    spec: &SpecFile,
) -> Option<String> {
    let facts = cites_facts(spec, hand.source.as_ref());
    let kept = hand.table_format.is_some() && printed(draft) == printed(hand);
    let covered = |d: &String| facts || (kept && d.starts_with("format:"));
    if differences.is_empty() || !differences.iter().all(covered) {
        return None;
    }
    Some(match (kept, facts) {
        (true, true) => format!(
            "the spec keeps the table's format `{}` beside its own and cites facts.md",
            printed(hand)
        ),
        (true, false) => format!(
            "the spec keeps the table's format `{}` beside its own",
            printed(hand)
        ),
        _ => "the spec's field cites facts.md".to_string(),
    })
}

/// The hand table a drafted table stands for: the one its profile names, else the same id,
/// else the table holding most of its codes.
fn hand_code_table<'a>(
    draft: &LoadedSpec,
    table: &CodeTable,
    hand: &[&'a LoadedSpec],
) -> Option<(&'a LoadedSpec, &'a CodeTable)> {
    let by_profile = draft
        .spec
        .profiles
        .iter()
        .find(|p| p.code_table.as_deref() == Some(table.id.as_str()))
        .and_then(|p| {
            hand.iter().find_map(|h| {
                h.spec
                    .profiles
                    .iter()
                    .find(|hp| hp.card_code == p.card_code)
                    .and_then(|hp| hp.code_table.clone())
            })
        });
    let all = || {
        hand.iter()
            .flat_map(|h| h.spec.code_tables.iter().map(move |t| (*h, t)))
    };
    if let Some(id) = by_profile
        && let Some(found) = all().find(|(_, t)| t.id == id)
    {
        return Some(found);
    }
    if let Some(found) = all().find(|(_, t)| t.id == table.id) {
        return Some(found);
    }
    all()
        .map(|(h, t)| {
            (
                t.codes
                    .iter()
                    .filter(|c| table.codes.iter().any(|d| d.code == c.code))
                    .count(),
                h,
                t,
            )
        })
        .filter(|(n, _, _)| *n > 0)
        .max_by_key(|(n, _, _)| *n)
        .map(|(_, h, t)| (h, t))
}
