//! Doc cross-check: the specs against the tables of the source documents.
//!
//! Reads the documents from `$PSPEC_SOURCES` (default `<workspace>/../shared/seeds`) and
//! `facts.md` next to them (or one directory up), reads their tables with the importer's page
//! reader (`codegen::import::page`, shaped by `pspec_tests::seed_tables`), and checks every
//! row against `specs/*.yaml`. (`tests/import_agreement.rs` compares the importer's whole
//! drafts with the specs; this test keeps the checks a draft does not cover: order, captions,
//! endpoints, facts-only rows, facts.md's lists.)
//!
//! 1. Computop (`004_353c94dbe42b58ac.txt`): the 10 parameter tables, mapped to the request and
//!    response of the operations `wechat`, `quickpay`, `qrcode`, `reverse` and `credit` by the
//!    URL printed before them. Every row (key, format, CND) must be a field of the same wire
//!    name, format (`table_format` when the spec has one, else the format's notation) and
//!    presence, in the same order; a spec field the table lacks must cite `facts.md` in its own
//!    `source`. The field list must cite the table's caption, and the operation's endpoint be
//!    the URL.
//! 2. Monext (`001_...`, `002_...`): every row of a page's return-code table is in its
//!    profile's code table with the same short and long message; every row of the page's
//!    mandatory-field table is in the profile's `mandatory:` list with the same example (field
//!    names compared case-insensitively: the pages write `buyer.firstname`, the wire name is
//!    `buyer.firstName`). Spec rows the page lacks must cite `facts.md`.
//! 3. `facts.md`'s `02xxx codes` list against the `webpayment` code table: every code present,
//!    with the short (and long) message when the facts give one.
//! 4. Adyen (`003_...`): every row of the page's `resultCode` table (a row may name two codes,
//!    "Pending or Received") is in the `result-code` table, its `long` message word for word the
//!    row's Description.
//! 5. What a success is: facts.md says only `00000000` is a Computop success, so the `paygate`
//!    table lists exactly that success and no family grants `success`; facts.md says Monext
//!    `doWebPayment`'s `00000` is a created session, so that operation's `code_meanings` give
//!    `00000` an outcome other than `success`.
//!
//! Every finding is listed, not just the first. Without the documents the check prints that it
//! skipped and passes. The negative tests prove the comparison reports exactly the rows that
//! differ, so the check cannot pass vacuously.

use std::fmt;
use std::path::{Path, PathBuf};

use codegen::spec::ast::{CodeTable, Field, FieldList, Profile, ProfileField, SourceRef, SpecFile};
use codegen::spec::{LoadedSpec, load_text};
use pspec_tests::seed_tables::{
    ComputopRow, ComputopTable, FactsCode, MonextCodeRow, MonextMandatoryRow, computop_tables,
    facts_02xxx, monext_code_table, monext_mandatory_table,
};
use pspec_tests::workspace_root;

const COMPUTOP_DOC: &str = "004_353c94dbe42b58ac.txt";
const PAYCONIQ_DOC: &str = "001_01f9817668c04cb2.txt";
const BANCONTACT_DOC: &str = "002_737c92b3bb9a3b1a.txt";
const FACTS: &str = "facts.md";
const ADYEN_DOC: &str = "003_dbb393257faf7dd0.txt";
/// Five operations, a request and a response table each.
const COMPUTOP_TABLES: usize = 10;
/// The last path segment of each Computop URL and the operation it belongs to.
const COMPUTOP_OPERATIONS: [(&str, &str); 5] = [
    ("wechat.aspx", "wechat"),
    ("WechatQuickpay.aspx", "quickpay"),
    ("WechatQRCode.aspx", "qrcode"),
    ("reverse.aspx", "reverse"),
    ("credit.aspx", "credit"),
];
/// The Monext code table the facts' 02xxx list belongs to.
const WEBPAYMENT_TABLE: &str = "webpayment";

// ---------------------------------------------------------------------------------------------
// Findings and the report

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A document row the spec lacks.
    Missing,
    /// A row whose format, presence, message or example differs, or a wrong caption / URL.
    Mismatch,
    /// A row in another position than the document's.
    Order,
    /// A spec row the document lacks, without a `facts.md` source.
    Unexplained,
    /// A spec row the document lacks, citing `facts.md`: fine, counted only.
    FactsOnly,
    /// A document or spec the check could not read as expected.
    Error,
}

impl Kind {
    fn fails(self) -> bool {
        self != Kind::FactsOnly
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Mismatch => "mismatch",
            Kind::Order => "order",
            Kind::Unexplained => "unexplained",
            Kind::FactsOnly => "facts-only",
            Kind::Error => "error",
        }
    }
}

/// One finding of a comparison: the row (key, code or field) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    kind: Kind,
    row: String,
    message: String,
}

impl Finding {
    fn new(kind: Kind, row: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            kind,
            row: row.into(),
            message: message.into(),
        }
    }
}

fn failures(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.kind.fails()).collect()
}

/// Everything the cross-check found, with the place of each finding.
#[derive(Default)]
struct Report {
    computop_rows: usize,
    monext_code_rows: usize,
    adyen_code_rows: usize,
    success_rows: usize,
    monext_mandatory_rows: usize,
    facts_rows: usize,
    /// (kind, "document, table, row: message")
    lines: Vec<(Kind, String)>,
    notes: Vec<String>,
}

impl Report {
    fn add(&mut self, place: &str, findings: Vec<Finding>) {
        for f in findings {
            self.lines
                .push((f.kind, format!("{place}, row `{}`: {}", f.row, f.message)));
        }
    }

    fn error(&mut self, message: impl Into<String>) {
        self.lines.push((Kind::Error, message.into()));
    }

    fn count(&self, kind: Kind) -> usize {
        self.lines.iter().filter(|(k, _)| *k == kind).count()
    }

    fn failures(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter(|(k, _)| k.fails())
            .map(|(k, l)| format!("[{}] {l}", k.label()))
            .collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.computop_rows
            + self.monext_code_rows
            + self.adyen_code_rows
            + self.success_rows
            + self.monext_mandatory_rows
            + self.facts_rows;
        write!(
            f,
            "doc cross-check: {total} rows checked (Computop {}, Monext codes {}, Adyen codes {}, success rules {}, Monext mandatory {}, facts 02xxx {}); \
             {} missing, {} mismatched, {} out of order, {} unexplained, {} errors; {} spec rows explained by facts.md",
            self.computop_rows,
            self.monext_code_rows,
            self.adyen_code_rows,
            self.success_rows,
            self.monext_mandatory_rows,
            self.facts_rows,
            self.count(Kind::Missing),
            self.count(Kind::Mismatch),
            self.count(Kind::Order),
            self.count(Kind::Unexplained),
            self.count(Kind::Error),
            self.count(Kind::FactsOnly),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Sources of a spec

/// Whether `source` names a `sources[]` entry of `spec` whose file is `facts.md`.
fn cites_facts(spec: &SpecFile, source: Option<&SourceRef>) -> bool {
    source.is_some_and(|s| {
        spec.sources
            .iter()
            .any(|src| src.id == s.reference && src.is_facts())
    })
}

/// The file a source reference of `spec` points at.
fn source_file<'a>(spec: &'a SpecFile, source: &SourceRef) -> Option<&'a str> {
    spec.sources
        .iter()
        .find(|s| s.id == source.reference)
        .map(|s| s.file.as_str())
}

// ---------------------------------------------------------------------------------------------
// Comparisons (pure: document rows against spec data)

/// The format a spec field states for the table: `table_format` when present, else the
/// notation of `format`.
fn spec_table_format(field: &Field) -> String {
    match (&field.table_format, &field.format) {
        (Some(t), _) => t.clone(),
        (None, Some(f)) => f.notation(),
        (None, None) => "(no format: an object)".into(),
    }
}

/// Compares a Computop table with a spec field list.
fn compare_field_list(rows: &[ComputopRow], list: &FieldList, spec: &SpecFile) -> Vec<Finding> {
    let mut findings = Vec::new();
    for row in rows {
        let matches: Vec<&Field> = list.fields.iter().filter(|f| f.name == row.key).collect();
        let Some(field) = matches.first() else {
            let near = list
                .fields
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(&row.key));
            let hint = near
                .map(|f| format!(" (the spec has `{}`, spelled differently)", f.name))
                .unwrap_or_default();
            findings.push(Finding::new(
                Kind::Missing,
                &row.key,
                format!(
                    "document line {} ({} {}) has no spec field of this exact wire name{hint}",
                    row.line, row.format, row.cnd
                ),
            ));
            continue;
        };
        if matches.len() > 1 {
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.key,
                format!("the spec lists it {} times", matches.len()),
            ));
        }
        let format = spec_table_format(field);
        if format != row.format {
            let which = if field.table_format.is_some() {
                "table_format"
            } else {
                "format"
            };
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.key,
                format!(
                    "format: document line {} prints `{}`, the spec's {which} is `{format}`",
                    row.line, row.format
                ),
            ));
        }
        if field.presence.as_str() != row.cnd {
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.key,
                format!(
                    "presence: document line {} says {}, the spec says {}",
                    row.line,
                    row.cnd,
                    field.presence.as_str()
                ),
            ));
        }
    }
    for field in &list.fields {
        if rows.iter().any(|r| r.key == field.name) {
            continue;
        }
        if cites_facts(spec, field.source.as_ref()) {
            findings.push(Finding::new(
                Kind::FactsOnly,
                &field.name,
                "not in the document's table; cites facts.md",
            ));
        } else {
            findings.push(Finding::new(
                Kind::Unexplained,
                &field.name,
                "spec field not in the document's table, and its own `source` does not cite facts.md",
            ));
        }
    }
    // Order: of the names both lists hold, the rows outside a longest common subsequence.
    let doc: Vec<&str> = rows
        .iter()
        .map(|r| r.key.as_str())
        .filter(|k| list.fields.iter().any(|f| f.name == *k))
        .collect();
    let mut spec_order: Vec<&str> = Vec::new();
    for f in &list.fields {
        if rows.iter().any(|r| r.key == f.name) && !spec_order.contains(&f.name.as_str()) {
            spec_order.push(&f.name);
        }
    }
    let kept = lcs(&doc, &spec_order);
    for (doc_pos, key) in doc.iter().enumerate() {
        if !kept.contains(key) {
            let spec_pos = spec_order.iter().position(|k| k == key).unwrap_or(0);
            let after = if doc_pos == 0 {
                "first".to_string()
            } else {
                format!("after `{}`", doc[doc_pos - 1])
            };
            findings.push(Finding::new(
                Kind::Order,
                *key,
                format!(
                    "out of order: row {} of the document ({after}), field {} of the spec",
                    doc_pos + 1,
                    spec_pos + 1
                ),
            ));
        }
    }
    findings
}

/// A longest common subsequence of two lists of distinct names.
fn lcs<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(a[i]);
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Compares a Monext page's return-code table with the profile's code table.
fn compare_codes(rows: &[MonextCodeRow], table: &CodeTable, spec: &SpecFile) -> Vec<Finding> {
    let mut findings = Vec::new();
    for row in rows {
        let Some(code) = table.codes.iter().find(|c| c.code.0 == row.code) else {
            findings.push(Finding::new(
                Kind::Missing,
                &row.code,
                format!(
                    "document line {} ({} / {}) is not in code table `{}`",
                    row.line, row.short, row.long, table.id
                ),
            ));
            continue;
        };
        if code.short.as_deref() != Some(row.short.as_str()) {
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.code,
                format!(
                    "short: document line {} says `{}`, the spec says {:?}",
                    row.line, row.short, code.short
                ),
            ));
        }
        if code.long.as_deref() != Some(row.long.as_str()) {
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.code,
                format!(
                    "long: document line {} says `{}`, the spec says {:?}",
                    row.line, row.long, code.long
                ),
            ));
        }
    }
    for code in &table.codes {
        if rows.iter().any(|r| r.code == code.code.0) {
            continue;
        }
        if cites_facts(spec, code.source.as_ref().or(Some(&table.source))) {
            findings.push(Finding::new(
                Kind::FactsOnly,
                &code.code.0,
                "not in the page's table; cites facts.md",
            ));
        } else {
            findings.push(Finding::new(
                Kind::Unexplained,
                &code.code.0,
                format!(
                    "spec code in table `{}` is not in the page's table and does not cite facts.md",
                    table.id
                ),
            ));
        }
    }
    findings
}

/// Compares a Monext page's mandatory-field table with the profile's `mandatory:` list.
/// Field names are compared case-insensitively (exact spelling preferred).
fn compare_mandatory(
    rows: &[MonextMandatoryRow],
    mandatory: &[ProfileField],
    spec: &SpecFile,
) -> Vec<Finding> {
    let find = |name: &str| -> Option<&ProfileField> {
        mandatory.iter().find(|m| m.field == name).or_else(|| {
            mandatory
                .iter()
                .find(|m| m.field.eq_ignore_ascii_case(name))
        })
    };
    let mut findings = Vec::new();
    for row in rows {
        let Some(entry) = find(&row.field) else {
            findings.push(Finding::new(
                Kind::Missing,
                &row.field,
                format!(
                    "document line {} (example `{}`) is not in the profile's mandatory list",
                    row.line, row.example
                ),
            ));
            continue;
        };
        let example = entry.example.as_ref().map(|e| e.0.as_str());
        if example != Some(row.example.as_str()) {
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.field,
                format!(
                    "example: document line {} gives `{}`, the spec gives {:?}",
                    row.line, row.example, example
                ),
            ));
        }
    }
    for entry in mandatory {
        if rows
            .iter()
            .any(|r| r.field.eq_ignore_ascii_case(&entry.field))
        {
            continue;
        }
        if cites_facts(spec, entry.source.as_ref()) {
            findings.push(Finding::new(
                Kind::FactsOnly,
                &entry.field,
                "not in the page's table; cites facts.md",
            ));
        } else {
            findings.push(Finding::new(
                Kind::Unexplained,
                &entry.field,
                "spec mandatory field is not in the page's table and does not cite facts.md",
            ));
        }
    }
    findings
}

/// A long message of facts.md matches the spec's when equal, or when the facts add an
/// editorial note in parentheses (`Invalid value for (a field name follows)`).
fn long_matches(facts: &str, spec: &str) -> bool {
    facts == spec
        || facts.strip_prefix(spec).is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('(') && rest.ends_with(')')
        })
}

/// Compares the 02xxx list of facts.md with the `webpayment` code table.
fn compare_facts_codes(rows: &[FactsCode], table: &CodeTable) -> Vec<Finding> {
    let mut findings = Vec::new();
    for row in rows {
        let Some(code) = table.codes.iter().find(|c| c.code.0 == row.code) else {
            findings.push(Finding::new(
                Kind::Missing,
                &row.code,
                format!(
                    "facts.md line {} is not in code table `{}`",
                    row.line, table.id
                ),
            ));
            continue;
        };
        if let Some(short) = &row.short
            && code.short.as_deref() != Some(short.as_str())
        {
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.code,
                format!(
                    "short: facts.md line {} says `{short}`, the spec says {:?}",
                    row.line, code.short
                ),
            ));
        }
        if let Some(long) = &row.long
            && !code.long.as_deref().is_some_and(|l| long_matches(long, l))
        {
            findings.push(Finding::new(
                Kind::Mismatch,
                &row.code,
                format!(
                    "long: facts.md line {} says `{long}`, the spec says {:?}",
                    row.line, code.long
                ),
            ));
        }
    }
    findings
}

// ---------------------------------------------------------------------------------------------
// The checks over documents and loaded specs

fn computop_operation(url: &str) -> Option<&'static str> {
    let last = url.rsplit('/').next().unwrap_or(url);
    COMPUTOP_OPERATIONS
        .iter()
        .find(|(file, _)| *file == last)
        .map(|(_, op)| *op)
}

fn check_computop(text: &str, specs: &[LoadedSpec], report: &mut Report) {
    let tables = match computop_tables(text) {
        Ok(t) => t,
        Err(e) => {
            return report.error(format!(
                "{COMPUTOP_DOC}: cannot parse the parameter tables: {e}"
            ));
        }
    };
    if tables.len() != COMPUTOP_TABLES {
        report.error(format!(
            "{COMPUTOP_DOC}: expected {COMPUTOP_TABLES} parameter tables (a request and a response per operation), parsed {}",
            tables.len()
        ));
    }
    for (_, op) in COMPUTOP_OPERATIONS {
        for is_request in [true, false] {
            let n = tables
                .iter()
                .filter(|t| computop_operation(&t.url) == Some(op) && t.is_request == is_request)
                .count();
            if n != 1 {
                let which = if is_request { "request" } else { "response" };
                report.error(format!(
                    "{COMPUTOP_DOC}: expected one {which} table for operation `{op}`, parsed {n}"
                ));
            }
        }
    }
    for table in &tables {
        check_computop_table(table, specs, report);
    }
}

fn check_computop_table(table: &ComputopTable, specs: &[LoadedSpec], report: &mut Report) {
    let which = if table.is_request {
        "request"
    } else {
        "response"
    };
    let Some(op_id) = computop_operation(&table.url) else {
        return report.error(format!(
            "{COMPUTOP_DOC} line {}: table `{}` follows an unknown URL {}",
            table.line, table.caption, table.url
        ));
    };
    let place_doc = format!(
        "{COMPUTOP_DOC}, table \"{}\" (line {}, {op_id} {which})",
        table.caption, table.line
    );
    if table.rows.is_empty() {
        return report.error(format!("{place_doc}: no rows parsed"));
    }
    report.computop_rows += table.rows.len();
    let found = specs
        .iter()
        .filter(|s| s.spec.provider.0 == "computop")
        .find_map(|s| {
            s.spec
                .operations
                .iter()
                .find(|o| o.id == op_id)
                .map(|o| (s, o))
        });
    let Some((loaded, op)) = found else {
        return report.error(format!("{place_doc}: no loaded computop spec has operation `{op_id}`; its {} rows are unchecked", table.rows.len()));
    };
    let place = format!(
        "{place_doc} vs {} operation {op_id} {which}",
        loaded.display
    );
    let list = if table.is_request {
        &op.request
    } else {
        &op.response
    };
    let mut header = Vec::new();
    if op.endpoint != table.url {
        header.push(Finding::new(
            Kind::Mismatch,
            "(endpoint)",
            format!(
                "the document's URL is {}, the spec's endpoint {}",
                table.url, op.endpoint
            ),
        ));
    }
    let file = source_file(&loaded.spec, &list.source);
    if file != Some(COMPUTOP_DOC) {
        header.push(Finding::new(
            Kind::Mismatch,
            "(source)",
            format!("the field list's source is {file:?}, not {COMPUTOP_DOC}"),
        ));
    }
    if list.source.table.as_deref() != Some(table.caption.as_str()) {
        header.push(Finding::new(
            Kind::Mismatch,
            "(caption)",
            format!(
                "the field list cites table {:?}, the document's caption is \"{}\"",
                list.source.table, table.caption
            ),
        ));
    }
    report.add(&place, header);
    report.add(&place, compare_field_list(&table.rows, list, &loaded.spec));
}

/// The profile whose `source` is the page `doc`, and the spec file holding it.
fn monext_profile<'a>(specs: &'a [LoadedSpec], doc: &str) -> Vec<(&'a LoadedSpec, &'a Profile)> {
    specs
        .iter()
        .filter(|s| s.spec.provider.0 == "monext")
        .flat_map(|s| s.spec.profiles.iter().map(move |p| (s, p)))
        .filter(|(s, p)| source_file(&s.spec, &p.source) == Some(doc))
        .collect()
}

fn monext_code_table_by_id<'a>(
    specs: &'a [LoadedSpec],
    id: &str,
) -> Option<(&'a LoadedSpec, &'a CodeTable)> {
    specs
        .iter()
        .filter(|s| s.spec.provider.0 == "monext")
        .find_map(|s| {
            s.spec
                .code_tables
                .iter()
                .find(|t| t.id == id)
                .map(|t| (s, t))
        })
}

fn check_monext_page(doc: &str, text: &str, specs: &[LoadedSpec], report: &mut Report) {
    let codes = monext_code_table(text)
        .map_err(|e| report.error(format!("{doc}: cannot parse the return-code table: {e}")));
    let mandatory = monext_mandatory_table(text).map_err(|e| {
        report.error(format!(
            "{doc}: cannot parse the mandatory-field table: {e}"
        ))
    });
    let profiles = monext_profile(specs, doc);
    let (loaded, profile) = match profiles.as_slice() {
        [one] => *one,
        [] => {
            return report.error(format!(
                "{doc}: no loaded monext spec has a profile whose source is this page"
            ));
        }
        many => {
            return report.error(format!(
                "{doc}: {} profiles cite this page; expected one",
                many.len()
            ));
        }
    };
    let profile_place = format!("{} profile {}", loaded.display, profile.id);
    if let Ok(rows) = mandatory {
        report.monext_mandatory_rows += rows.len();
        let case_only: Vec<&str> = rows
            .iter()
            .filter(|r| !profile.mandatory.iter().any(|m| m.field == r.field))
            .filter(|r| {
                profile
                    .mandatory
                    .iter()
                    .any(|m| m.field.eq_ignore_ascii_case(&r.field))
            })
            .map(|r| r.field.as_str())
            .collect();
        if !case_only.is_empty() {
            report.notes.push(format!(
                "{doc}: matched case-insensitively: {}",
                case_only.join(", ")
            ));
        }
        let place = format!(
            "{doc}, mandatory-field table (Nom du champ / Exemple) vs {profile_place} mandatory"
        );
        report.add(
            &place,
            compare_mandatory(&rows, &profile.mandatory, &loaded.spec),
        );
    }
    if let Ok(rows) = codes {
        report.monext_code_rows += rows.len();
        let Some(table_id) = &profile.code_table else {
            return report.error(format!(
                "{doc}: {profile_place} names no code_table; {} code rows unchecked",
                rows.len()
            ));
        };
        let Some((table_spec, table)) = monext_code_table_by_id(specs, table_id) else {
            return report.error(format!(
                "{doc}: code table `{table_id}` of {profile_place} is in no loaded monext spec"
            ));
        };
        let place = format!(
            "{doc}, return-code table (Code / ShortMessage / LongMessage) vs {} code table {table_id}",
            table_spec.display
        );
        report.add(&place, compare_codes(&rows, table, &table_spec.spec));
    }
}

fn check_facts(text: &str, specs: &[LoadedSpec], report: &mut Report) {
    let rows = match facts_02xxx(text) {
        Ok(r) => r,
        Err(e) => return report.error(format!("{FACTS}: cannot parse the 02xxx list: {e}")),
    };
    report.facts_rows += rows.len();
    let Some((loaded, table)) = monext_code_table_by_id(specs, WEBPAYMENT_TABLE) else {
        return report.error(format!("{FACTS}: code table `{WEBPAYMENT_TABLE}` is in no loaded monext spec; {} rows unchecked", rows.len()));
    };
    let place = format!(
        "{FACTS}, 02xxx codes vs {} code table {WEBPAYMENT_TABLE}",
        loaded.display
    );
    report.add(&place, compare_facts_codes(&rows, table));
}

/// One row of the Adyen page's `resultCode` table: the codes it names (bold) and its
/// Description, tags removed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct AdyenCodeRow {
    codes: Vec<String>,
    description: String,
}

/// The `resultCode` table of the Adyen page (a JSON export whose `content` is HTML), as the
/// importer reads it (`codegen::import::page`): a row may name two codes ("Pending or
/// Received").
fn adyen_result_codes(text: &str) -> Result<Vec<AdyenCodeRow>, String> {
    use codegen::import::page::{Block, read_page};
    let page = read_page(text.as_bytes()).map_err(|e| e.to_string())?;
    let table = page
        .blocks
        .into_iter()
        .find_map(|b| match b {
            Block::Table(t) if t.header.first().map(String::as_str) == Some("resultCode") => {
                Some(t)
            }
            _ => None,
        })
        .ok_or("no table headed `resultCode`")?;
    let mut rows = Vec::new();
    for row in &table.rows {
        let [first, description, ..] = row.cells.as_slice() else {
            return Err(format!("a row with fewer than two cells: {:?}", row.cells));
        };
        let codes: Vec<String> = first
            .split(" or ")
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        if codes.is_empty() {
            return Err(format!("a row naming no code: {first:?}"));
        }
        rows.push(AdyenCodeRow {
            codes,
            description: description.clone(),
        });
    }
    if rows.is_empty() {
        return Err("the resultCode table has no rows".into());
    }
    Ok(rows)
}

/// Compares the Adyen page's `resultCode` rows with the spec's `result-code` table: each code
/// listed, with the short message its own name and the long message the Description.
fn compare_adyen_codes(rows: &[AdyenCodeRow], table: &CodeTable) -> Vec<Finding> {
    let mut findings = Vec::new();
    for row in rows {
        for code in &row.codes {
            let Some(spec) = table.codes.iter().find(|c| &c.code.0 == code) else {
                findings.push(Finding::new(
                    Kind::Missing,
                    code,
                    format!(
                        "the page's resultCode {code} is not in code table `{}`",
                        table.id
                    ),
                ));
                continue;
            };
            if spec.long.as_deref() != Some(row.description.as_str()) {
                findings.push(Finding::new(
                    Kind::Mismatch,
                    code,
                    format!(
                        "the page describes it as {:?}, the spec's long message is {:?}",
                        row.description, spec.long
                    ),
                ));
            }
            if spec.short.as_deref() != Some(code.as_str()) {
                findings.push(Finding::new(
                    Kind::Mismatch,
                    code,
                    format!("short message {:?}, expected the code itself", spec.short),
                ));
            }
        }
    }
    findings
}

fn check_adyen(text: &str, specs: &[LoadedSpec], report: &mut Report) {
    let rows = match adyen_result_codes(text) {
        Ok(rows) => rows,
        Err(e) => {
            return report.error(format!(
                "{ADYEN_DOC}: cannot parse the resultCode table: {e}"
            ));
        }
    };
    report.adyen_code_rows += rows.iter().map(|r| r.codes.len()).sum::<usize>();
    let found = specs.iter().find_map(|loaded| {
        let spec = &loaded.spec;
        (spec.provider.0 == "adyen")
            .then(|| spec.code_tables.iter().find(|t| t.id == "result-code"))
            .flatten()
            .map(|table| (loaded, table))
    });
    let Some((loaded, table)) = found else {
        return report.error(format!(
            "{ADYEN_DOC}: code table `result-code` is in no loaded adyen spec"
        ));
    };
    let place = format!(
        "{ADYEN_DOC}, resultCode table vs {} code table result-code",
        loaded.display
    );
    report.add(&place, compare_adyen_codes(&rows, table));
}

/// The success rules facts.md states, against the specs (see the module doc, point 5). Each
/// rule is checked only when facts.md still states it.
fn check_success_rules(facts: &str, specs: &[LoadedSpec], report: &mut Report) {
    let find_table = |provider: &str, id: &str| {
        specs.iter().find_map(|loaded| {
            (loaded.spec.provider.0 == provider)
                .then(|| loaded.spec.code_tables.iter().find(|t| t.id == id))
                .flatten()
                .map(|table| (loaded, table))
        })
    };
    if facts.contains("Only `00000000` is a success") {
        report.success_rows += 1;
        match find_table("computop", "paygate") {
            None => report.error("code table `paygate` is in no loaded computop spec"),
            Some((loaded, table)) => {
                let place = format!(
                    "{FACTS}, \"Only 00000000 is a success\" vs {}",
                    loaded.display
                );
                report.add(&place, compare_only_success(table, "00000000"));
            }
        }
    }
    if facts.contains("`doWebPayment`'s `result.code` 00000 means the payment *session*") {
        report.success_rows += 1;
        let op = specs.iter().find_map(|loaded| {
            (loaded.spec.provider.0 == "monext")
                .then(|| {
                    loaded
                        .spec
                        .operations
                        .iter()
                        .find(|o| o.id == "doWebPayment")
                })
                .flatten()
                .map(|op| (loaded, op))
        });
        match op {
            None => report.error("operation `doWebPayment` is in no loaded monext spec"),
            Some((loaded, op)) => {
                let place = format!("{FACTS}, doWebPayment's 00000 vs {}", loaded.display);
                let meaning = op.code_meanings.iter().find(|m| m.code.0 == "00000");
                let findings = match meaning {
                    None => vec![Finding::new(
                        Kind::Missing,
                        "00000",
                        "doWebPayment gives 00000 no meaning of its own: the table's `success` applies",
                    )],
                    Some(m) if m.outcome == codegen::spec::ast::Outcome::Success => {
                        vec![Finding::new(
                            Kind::Mismatch,
                            "00000",
                            "doWebPayment's own meaning of 00000 is `success`; facts.md: a session, nothing paid",
                        )]
                    }
                    Some(_) => Vec::new(),
                };
                report.add(&place, findings);
            }
        }
    }
}

/// Findings unless `only` is the one success of `table` and no family grants success.
fn compare_only_success(table: &CodeTable, only: &str) -> Vec<Finding> {
    use codegen::spec::ast::Outcome;
    let mut findings = Vec::new();
    for code in &table.codes {
        if code.outcome == Outcome::Success && code.code.0 != only {
            findings.push(Finding::new(
                Kind::Mismatch,
                &code.code.0,
                format!("code {} is `success`; only {only} is", code.code.0),
            ));
        }
    }
    if !table
        .codes
        .iter()
        .any(|c| c.code.0 == only && c.outcome == Outcome::Success)
    {
        findings.push(Finding::new(
            Kind::Missing,
            only,
            format!("{only} is not listed as `success` in table `{}`", table.id),
        ));
    }
    for family in &table.families {
        if family.outcome == Outcome::Success {
            findings.push(Finding::new(
                Kind::Mismatch,
                format!("{}*", family.prefix.0),
                format!(
                    "family {}* grants `success`; only {only} is",
                    family.prefix.0
                ),
            ));
        }
    }
    findings
}

// ---------------------------------------------------------------------------------------------
// Locating and loading

fn sources_dir() -> PathBuf {
    match std::env::var_os("PSPEC_SOURCES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join("..").join("shared").join("seeds"),
    }
}

/// `facts.md` in the sources directory, or in its parent (the layout of `../shared`).
fn facts_path(sources: &Path) -> Option<PathBuf> {
    [sources.join(FACTS), sources.join("..").join(FACTS)]
        .into_iter()
        .find(|p| p.is_file())
}

/// Every spec of `specs/` that loads; the others are returned as messages.
fn load_specs() -> (Vec<LoadedSpec>, Vec<String>) {
    let dir = workspace_root().join("specs");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            return (
                Vec::new(),
                vec![format!("cannot list {}: {e}", dir.display())],
            );
        }
    };
    paths.retain(|p| {
        p.extension().is_some_and(|e| e == "yaml")
            && p.file_name()
                .is_some_and(|n| n != codegen::spec::load::ACCEPTED_CHANGES_FILE)
    });
    paths.sort();
    let (mut specs, mut failed) = (Vec::new(), Vec::new());
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let display = format!("specs/{name}");
        match std::fs::read(&path) {
            Ok(bytes) => match load_text(&display, &bytes) {
                Ok(spec) => specs.push(spec),
                Err(d) => failed.push(format!("{d}")),
            },
            Err(e) => failed.push(format!("{display}: cannot read: {e}")),
        }
    }
    (specs, failed)
}

#[test]
fn specs_match_the_source_documents() {
    let sources = sources_dir();
    let docs = [COMPUTOP_DOC, PAYCONIQ_DOC, BANCONTACT_DOC, ADYEN_DOC];
    let present: Vec<&str> = docs
        .iter()
        .copied()
        .filter(|d| sources.join(d).is_file())
        .collect();
    if present.is_empty() {
        println!(
            "doc cross-check SKIPPED: sources not found at {} (set PSPEC_SOURCES)",
            sources.display()
        );
        return;
    }
    let absent: Vec<&str> = docs
        .iter()
        .copied()
        .filter(|d| !present.contains(d))
        .collect();
    assert!(
        absent.is_empty(),
        "doc cross-check: {} lacks {}",
        sources.display(),
        absent.join(", ")
    );
    let read = |name: &str| {
        std::fs::read_to_string(sources.join(name))
            .unwrap_or_else(|e| panic!("cannot read {name}: {e}"))
    };

    let (specs, unloadable) = load_specs();
    for failure in &unloadable {
        println!("doc cross-check: spec skipped, it does not load: {failure}");
    }

    let mut report = Report::default();
    check_computop(&read(COMPUTOP_DOC), &specs, &mut report);
    for doc in [PAYCONIQ_DOC, BANCONTACT_DOC] {
        check_monext_page(doc, &read(doc), &specs, &mut report);
    }
    check_adyen(&read(ADYEN_DOC), &specs, &mut report);
    match facts_path(&sources) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            check_facts(&text, &specs, &mut report);
            check_success_rules(&text, &specs, &mut report);
        }
        None => println!(
            "doc cross-check: facts 02xxx part SKIPPED: no {FACTS} in {} or its parent",
            sources.display()
        ),
    }

    for note in &report.notes {
        println!("doc cross-check note: {note}");
    }
    for (kind, line) in &report.lines {
        if *kind == Kind::FactsOnly {
            println!("doc cross-check note: [facts-only] {line}");
        }
    }
    println!("{report}");
    let failures = report.failures();
    assert!(
        failures.is_empty(),
        "{report}\n{} finding(s):\n{}{}",
        failures.len(),
        failures.join("\n"),
        if unloadable.is_empty() {
            String::new()
        } else {
            format!("\nspecs that do not load:\n{}", unloadable.join("\n"))
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Negative tests: the comparison reports exactly the rows that differ

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One spec field line for a table row, with its format as printed.
fn field_yaml(key: &str, format: &str, cnd: &str, extra: &str) -> String {
    let format = if codegen::format::Format::parse(format).is_ok() {
        format!("format: {}", q(format))
    } else {
        format!("format: ans, table_format: {}", q(format))
    };
    format!(
        "        - {{ name: {}, {format}, presence: {cnd}{extra} }}\n",
        q(key)
    )
}

/// Loads a test spec written as YAML lines.
fn test_spec(display: &str, lines: &[&str]) -> SpecFile {
    let yaml = lines.join("\n");
    match load_text(display, yaml.as_bytes()) {
        Ok(loaded) => loaded.spec,
        Err(d) => panic!("test spec does not load: {d}\n{yaml}"),
    }
}

/// A spec holding one operation whose request is `fields` (YAML lines from `field_yaml`).
fn spec_with_fields(caption: &str, fields: &str) -> SpecFile {
    let doc = format!("  - {{ id: doc, file: {COMPUTOP_DOC} }}");
    let request_source = format!("      source: {{ ref: doc, table: {} }}", q(caption));
    test_spec(
        "negative.yaml",
        &[
            "provider: computop",
            "title: t",
            "sources:",
            &doc,
            "  - { id: facts, file: facts.md }",
            "operations:",
            "  - id: op",
            "    title: t",
            "    endpoint: https://x.example/op.aspx",
            "    method: POST",
            "    transport: form",
            "    source: { ref: doc }",
            "    request:",
            &request_source,
            "      fields:",
            fields.trim_end_matches('\n'),
            "    response:",
            "      source: { ref: doc }",
            "      fields: []",
        ],
    )
}

fn rows_yaml(rows: &[ComputopRow]) -> String {
    rows.iter()
        .map(|r| field_yaml(&r.key, &r.format, &r.cnd, ""))
        .collect()
}

fn compare_yaml(table: &ComputopTable, fields: &str) -> Vec<Finding> {
    let spec = spec_with_fields(&table.caption, fields);
    compare_field_list(&table.rows, &spec.operations[0].request, &spec)
}

/// The real Computop tables when the sources are there, else a made-up table in the same layout.
fn computop_fixture_tables() -> Vec<ComputopTable> {
    let path = sources_dir().join(COMPUTOP_DOC);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let tables = computop_tables(&text).expect("the Computop document parses");
        assert_eq!(
            tables.len(),
            COMPUTOP_TABLES,
            "every Computop table is parsed"
        );
        assert!(
            tables.iter().all(|t| !t.rows.is_empty()),
            "no Computop table is parsed empty"
        );
        return tables;
    }
    println!(
        "negative tests use a made-up table: {} not found",
        path.display()
    );
    let text = "https://x.example/op.aspx\nKeyFormatCNDDescription\nAlpha\nans..30\nM\nOne.\nBeta\nn..10\nO\nTwo.\n\
                Gamma\nan8\nC\nThree.\nDelta\nbool\nO\nFour.\nParameters for op\n";
    computop_tables(text).expect("the made-up table parses")
}

#[test]
fn field_list_checker_reports_exactly_the_changed_rows() {
    for table in computop_fixture_tables() {
        let rows = &table.rows;
        let name = &table.caption;
        assert!(rows.len() >= 3, "table {name} has {} rows", rows.len());

        // The table transcribed as printed: nothing to report.
        assert_eq!(
            failures(&compare_yaml(&table, &rows_yaml(rows))),
            Vec::<&Finding>::new(),
            "{name}: unchanged"
        );

        // One row removed: exactly that row is missing.
        let mid = rows.len() / 2;
        let mut without = rows.clone();
        let removed = without.remove(mid);
        let found = compare_yaml(&table, &rows_yaml(&without));
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(
            (found[0].kind, found[0].row.as_str()),
            (Kind::Missing, removed.key.as_str()),
            "{name}"
        );

        // One format changed: exactly that row mismatches, naming both formats.
        let mut changed = rows.clone();
        let other = if changed[0].format == "bool" {
            "a1"
        } else {
            "bool"
        };
        let printed = std::mem::replace(&mut changed[0].format, other.into());
        let found = compare_yaml(&table, &rows_yaml(&changed));
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(
            (found[0].kind, found[0].row.as_str()),
            (Kind::Mismatch, rows[0].key.as_str()),
            "{name}"
        );
        assert!(
            found[0].message.contains(&printed) && found[0].message.contains(other),
            "{}",
            found[0].message
        );

        // One presence changed.
        let mut changed = rows.clone();
        let last = changed.len() - 1;
        changed[last].cnd = if changed[last].cnd == "M" {
            "O".into()
        } else {
            "M".into()
        };
        let found = compare_yaml(&table, &rows_yaml(&changed));
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(
            (found[0].kind, found[0].row.as_str()),
            (Kind::Mismatch, rows[last].key.as_str()),
            "{name}"
        );

        // Two rows swapped: one of them is reported out of order, nothing else.
        let mut swapped = rows.clone();
        swapped.swap(0, 1);
        let found = compare_yaml(&table, &rows_yaml(&swapped));
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(found[0].kind, Kind::Order, "{name}");
        assert!(
            found[0].row == rows[0].key || found[0].row == rows[1].key,
            "{name}: {found:#?}"
        );

        // An extra field: unexplained, unless it cites facts.md.
        let extra = format!(
            "{}{}",
            rows_yaml(rows),
            field_yaml("ExtraKey", "an8", "O", "")
        );
        let found = compare_yaml(&table, &extra);
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        assert_eq!(
            (found[0].kind, found[0].row.as_str()),
            (Kind::Unexplained, "ExtraKey"),
            "{name}"
        );
        let cited = format!(
            "{}{}",
            rows_yaml(rows),
            field_yaml("ExtraKey", "an8", "O", ", source: { ref: facts }")
        );
        let found = compare_yaml(&table, &cited);
        assert_eq!(failures(&found), Vec::<&Finding>::new(), "{name}");
        assert_eq!(
            found.iter().filter(|f| f.kind == Kind::FactsOnly).count(),
            1,
            "{name}"
        );

        // A wire name in another case is missing (and the stray spelling unexplained).
        let mut cased = rows.clone();
        cased[0].key = cased[0].key.to_ascii_uppercase();
        if cased[0].key != rows[0].key {
            let kinds: Vec<_> = compare_yaml(&table, &rows_yaml(&cased))
                .into_iter()
                .map(|f| (f.kind, f.row))
                .collect();
            assert_eq!(
                kinds,
                [
                    (Kind::Missing, rows[0].key.clone()),
                    (Kind::Unexplained, cased[0].key.clone())
                ]
            );
        }
    }
}

#[test]
fn table_format_takes_precedence_over_format() {
    let table = &computop_fixture_tables()[0];
    let row = &table.rows[0];
    let rest = rows_yaml(&table.rows[1..]);
    // A deliberately different format, with the printed one in table_format: fine.
    let other = if row.format == "bool" { "a1" } else { "bool" };
    let ok = format!(
        "        - {{ name: {}, format: {other}, table_format: {}, presence: {} }}\n{rest}",
        q(&row.key),
        q(&row.format),
        row.cnd
    );
    assert_eq!(failures(&compare_yaml(table, &ok)), Vec::<&Finding>::new());
    // The printed format in `format`, but a wrong table_format: reported.
    let bad = format!(
        "        - {{ name: {}, format: {}, table_format: {other}, presence: {} }}\n{rest}",
        q(&row.key),
        q(&row.format),
        row.cnd
    );
    let found = compare_yaml(table, &bad);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].kind, found[0].row.as_str()),
        (Kind::Mismatch, row.key.as_str())
    );
    assert!(
        found[0].message.contains("table_format"),
        "{}",
        found[0].message
    );
}

#[test]
fn unparsable_or_truncated_documents_fail() {
    let specs = load_specs().0;
    let mut report = Report::default();
    check_computop("", &specs, &mut report);
    assert!(
        !report.failures().is_empty(),
        "an empty Computop document must fail"
    );
    assert_eq!(report.computop_rows, 0);

    let mut report = Report::default();
    check_monext_page(PAYCONIQ_DOC, "no tables here", &specs, &mut report);
    assert!(
        report
            .failures()
            .iter()
            .filter(|f| f.contains("cannot parse"))
            .count()
            >= 2,
        "{:#?}",
        report.failures()
    );

    let mut report = Report::default();
    check_facts("# no list\n", &specs, &mut report);
    assert!(!report.failures().is_empty());

    if let Ok(text) = std::fs::read_to_string(sources_dir().join(COMPUTOP_DOC)) {
        // The document cut after its first URL's tables: the missing tables are reported.
        let cut = text
            .find("WechatQuickpay.aspx")
            .expect("the Barcode URL is in the document");
        let mut report = Report::default();
        check_computop(&text[..cut], &specs, &mut report);
        let failures = report.failures();
        assert!(
            failures
                .iter()
                .any(|f| f.contains("expected 10 parameter tables")),
            "{failures:#?}"
        );
        assert!(
            failures.iter().any(|f| f.contains("operation `credit`")),
            "{failures:#?}"
        );
    }
}

/// A monext spec with one profile (mandatory rows) and one code table, from YAML lines.
fn monext_spec(mandatory: &str, codes: &str) -> SpecFile {
    let doc = format!("  - {{ id: doc, file: {PAYCONIQ_DOC} }}");
    test_spec(
        "negative-monext.yaml",
        &[
            "provider: monext",
            "title: t",
            "sources:",
            &doc,
            "  - { id: facts, file: facts.md }",
            "profiles:",
            "  - id: p",
            "    title: t",
            "    card_code: X",
            "    operation: doWebPayment",
            "    source: { ref: doc }",
            "    mandatory:",
            mandatory.trim_end_matches('\n'),
            "    code_table: c",
            "code_tables:",
            "  - id: c",
            "    title: t",
            "    source: { ref: doc }",
            "    code_format: n5",
            "    codes:",
            codes.trim_end_matches('\n'),
        ],
    )
}

fn mandatory_yaml(rows: &[MonextMandatoryRow]) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "      - {{ field: {}, example: {} }}\n",
                q(&r.field),
                q(&r.example)
            )
        })
        .collect()
}

fn codes_yaml(rows: &[MonextCodeRow]) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "      - {{ code: {}, short: {}, long: {}, outcome: error }}\n",
                q(&r.code),
                q(&r.short),
                q(&r.long)
            )
        })
        .collect()
}

#[test]
fn monext_checkers_report_exactly_the_changed_rows() {
    let text = std::fs::read_to_string(sources_dir().join(PAYCONIQ_DOC)).unwrap_or_else(|_| {
        println!("negative Monext test uses a made-up page: sources not found");
        "Nom du champ\tExemple\n<code>payment.action</code>\t101\n<code>buyer.firstname</code>\tJo\norder.amount\t10\n\n\
         Code\tShortMessage\tLongMessage\n02012\tERROR\tOne\n02008\tCANCELLED\tTwo\n02020\tREFUSED\tThree\n"
            .to_string()
    });
    let mandatory = monext_mandatory_table(&text).expect("mandatory table parses");
    let codes = monext_code_table(&text).expect("code table parses");
    assert!(mandatory.len() >= 3 && codes.len() >= 3);

    // As printed, and with a camelCase spelling of one field: nothing to report.
    let spec = monext_spec(&mandatory_yaml(&mandatory), &codes_yaml(&codes));
    assert_eq!(
        failures(&compare_mandatory(
            &mandatory,
            &spec.profiles[0].mandatory,
            &spec
        )),
        Vec::<&Finding>::new()
    );
    assert_eq!(
        failures(&compare_codes(&codes, &spec.code_tables[0], &spec)),
        Vec::<&Finding>::new()
    );
    let mut camel = mandatory.clone();
    // Another spelling of the same name (upper-case last segment), as buyer.firstName is of
    // buyer.firstname.
    camel[0].field = match camel[0].field.rsplit_once('.') {
        Some((head, tail)) => format!("{head}.{}", tail.to_ascii_uppercase()),
        None => camel[0].field.to_ascii_uppercase(),
    };
    let spec = monext_spec(&mandatory_yaml(&camel), &codes_yaml(&codes));
    assert_eq!(
        failures(&compare_mandatory(
            &mandatory,
            &spec.profiles[0].mandatory,
            &spec
        )),
        Vec::<&Finding>::new()
    );

    // One mandatory row removed and one example changed.
    let mut changed = mandatory.clone();
    let removed = changed.remove(1);
    changed[0].example.push('9');
    let spec = monext_spec(&mandatory_yaml(&changed), &codes_yaml(&codes));
    let found: Vec<_> = compare_mandatory(&mandatory, &spec.profiles[0].mandatory, &spec)
        .into_iter()
        .map(|f| (f.kind, f.row))
        .collect();
    assert_eq!(
        found,
        [
            (Kind::Mismatch, mandatory[0].field.clone()),
            (Kind::Missing, removed.field)
        ]
    );

    // One code removed, one short message changed, one stray code.
    let mut changed = codes.clone();
    let removed = changed.remove(2);
    changed[1].short = "ACCEPTED".into();
    let mut yaml = codes_yaml(&changed);
    yaml.push_str("      - { code: \"09999\", short: ERROR, outcome: error }\n");
    let spec = monext_spec(&mandatory_yaml(&mandatory), &yaml);
    let found: Vec<_> = compare_codes(&codes, &spec.code_tables[0], &spec)
        .into_iter()
        .map(|f| (f.kind, f.row))
        .collect();
    assert_eq!(
        found,
        [
            (Kind::Mismatch, codes[1].code.clone()),
            (Kind::Missing, removed.code),
            (Kind::Unexplained, "09999".to_string())
        ]
    );

    // The facts list: one code removed, one short message changed.
    let facts = [
        FactsCode {
            code: "02000".into(),
            short: Some("ONHOLD_PARTNER".into()),
            long: Some("Wait".into()),
            line: 1,
        },
        FactsCode {
            code: "02308".into(),
            short: Some("ERROR".into()),
            long: Some("Invalid value for (a note)".into()),
            line: 2,
        },
        FactsCode {
            code: "02533".into(),
            short: None,
            long: None,
            line: 3,
        },
    ];
    let table = "      - { code: \"02000\", short: ERROR, long: Wait, outcome: error }\n      \
                 - { code: \"02308\", short: ERROR, long: Invalid value for, outcome: error }\n";
    let spec = monext_spec(&mandatory_yaml(&mandatory), table);
    let found: Vec<_> = compare_facts_codes(&facts, &spec.code_tables[0])
        .into_iter()
        .map(|f| (f.kind, f.row))
        .collect();
    assert_eq!(
        found,
        [
            (Kind::Mismatch, "02000".to_string()),
            (Kind::Missing, "02533".to_string())
        ]
    );
}

#[test]
fn adyen_and_success_checkers_report_exactly_the_changed_rows() {
    let (specs, _) = load_specs();
    // Two files share the provider (payments and webhooks): the table is in one of them.
    let adyen = specs
        .iter()
        .filter(|l| l.spec.provider.0 == "adyen")
        .find_map(|l| l.spec.code_tables.iter().find(|t| t.id == "result-code"))
        .expect("an adyen spec has a result-code table");
    // The page's rows as they are: no finding.
    let rows = vec![
        AdyenCodeRow {
            codes: vec!["Authorised".into()],
            description: "The payment was successful.".into(),
        },
        AdyenCodeRow {
            codes: vec!["Pending".into(), "Received".into()],
            description: "The payment order was successfully received.".into(),
        },
    ];
    assert!(compare_adyen_codes(&rows, adyen).is_empty());
    // A reworded description and an unknown code: exactly those two rows.
    let changed = vec![
        AdyenCodeRow {
            codes: vec!["Authorised".into()],
            description: "The payment went through.".into(),
        },
        AdyenCodeRow {
            codes: vec!["Vanished".into()],
            description: "x".into(),
        },
    ];
    let found = compare_adyen_codes(&changed, adyen);
    let rows: Vec<(&str, Kind)> = found.iter().map(|f| (f.row.as_str(), f.kind)).collect();
    assert_eq!(
        rows,
        [("Authorised", Kind::Mismatch), ("Vanished", Kind::Missing)]
    );

    // The parser reads the HTML of the JSON export, a row naming two codes included.
    let html = "<table><thead><tr><th>resultCode</th><th>Description</th></tr></thead><tbody>\
        <tr><td><strong>Pending</strong> or <br> <strong>Received</strong></td><td>The payment order was successfully received.</td><td>Wait.</td></tr>\
        </tbody></table>";
    let page = serde_json::json!({ "content": html }).to_string();
    assert_eq!(
        adyen_result_codes(&page),
        Ok(vec![AdyenCodeRow {
            codes: vec!["Pending".into(), "Received".into()],
            description: "The payment order was successfully received.".into(),
        }])
    );
    assert!(adyen_result_codes("{}").is_err());

    // Computop: 00000000 alone passes; a family granting success and a second success fail.
    let paygate = specs
        .iter()
        .find(|l| l.spec.provider.0 == "computop")
        .and_then(|l| l.spec.code_tables.iter().find(|t| t.id == "paygate"))
        .expect("the computop spec has a paygate table")
        .clone();
    assert!(compare_only_success(&paygate, "00000000").is_empty());
    let mut broken = paygate;
    if let Some(first) = broken.codes.first().cloned() {
        let mut second = first;
        second.code = codegen::spec::ast::CodeText("00000001".into());
        broken.codes.push(second);
    }
    if let Some(family) = broken.families.first_mut() {
        family.prefix = codegen::spec::ast::CodeText("0".into());
        family.outcome = codegen::spec::ast::Outcome::Success;
    }
    let rows: Vec<String> = compare_only_success(&broken, "00000000")
        .iter()
        .map(|f| f.row.clone())
        .collect();
    assert_eq!(rows, ["00000001", "0*"]);
}
