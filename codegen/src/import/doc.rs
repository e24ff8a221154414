//! From a page's blocks to a draft: parameter tables grouped into operations (by the URL or the
//! section before them, request then response), mandatory-field lists into a profile of an
//! operation the provider's specs already have, return-code tables into code tables.

use std::collections::HashMap;

use super::ImportError;
use super::draft::{
    Cite, DraftCode, DraftCodeTable, DraftFamily, DraftField, DraftList, DraftOperation,
    DraftProfile, DraftProfileField, DraftSpec, OpBuilder, kebab,
};
use super::infer::{self, PageFacts, RowText};
use super::page::{Block, Page, PageKind, Row, Table};
use crate::spec::SpecSet;
use crate::spec::ast::{Field, Operation};

/// What a table is, by its header.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Params {
        key: usize,
        format: Option<usize>,
        presence: Option<usize>,
        description: Option<usize>,
    },
    Mandatory {
        field: usize,
        example: Option<usize>,
    },
    Codes {
        code: usize,
        short: Option<usize>,
        long: Option<usize>,
        doc: Option<usize>,
    },
    Other,
}

fn classify(header: &[String]) -> Kind {
    let h: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    let find = |names: &[&str]| h.iter().position(|c| names.contains(&c.as_str()));
    let first = h.first().map(String::as_str).unwrap_or_default();
    let example = find(&["exemple", "example", "exemples", "examples"]);
    let format = find(&["format", "type", "format / length"]);
    let presence = find(&[
        "cnd",
        "condition",
        "presence",
        "required",
        "mandatory",
        "obligatoire",
        "m/o/c",
    ]);
    let description = find(&["description", "comment", "meaning", "signification"]);
    if matches!(first, "nom du champ" | "champ" | "field" | "field name")
        && example.is_some()
        && format.is_none()
        && presence.is_none()
    {
        return Kind::Mandatory { field: 0, example };
    }
    if first == "code" || first.ends_with("code") && !first.contains(' ') || first == "return code"
    {
        let short = find(&["shortmessage", "short message", "short", "state", "status"]);
        let long = find(&[
            "longmessage",
            "long message",
            "description",
            "message",
            "meaning",
        ]);
        if short.is_some() || long.is_some() {
            let doc = find(&["action to take", "action", "comment"]);
            return Kind::Codes {
                code: 0,
                short,
                long,
                doc,
            };
        }
    }
    if matches!(
        first,
        "key" | "parameter" | "name" | "field" | "paramètre" | "parameter name" | "nom du champ"
    ) {
        return Kind::Params {
            key: 0,
            format,
            presence,
            description,
        };
    }
    Kind::Other
}

/// Options of one import.
pub struct DocOptions<'a> {
    /// The page's file name, cited as the draft's source.
    pub page_file: &'a str,
    /// The provider id of the draft.
    pub provider: &'a str,
    /// The provider's specs as they are (may be empty): a profile page narrows one of their
    /// operations, and its field names are taken from that operation.
    pub context: &'a SpecSet,
}

/// Builds the draft of a page.
pub fn draft(
    page: &Page,
    options: &DocOptions<'_>,
) -> Result<(DraftSpec, Vec<String>), ImportError> {
    let texts: Vec<(&str, usize)> = page
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text { text, line } | Block::Heading { text, line } => {
                Some((text.as_str(), *line))
            }
            Block::Table(_) | Block::Example { .. } => None,
        })
        .collect();
    // Statements inside descriptions count too ("Only a result of code=00000000 ...").
    let described: Vec<&str> = page
        .tables()
        .flat_map(|t| {
            t.rows
                .iter()
                .flat_map(|r| r.last_lines.iter().map(String::as_str))
        })
        .collect();
    let facts = PageFacts::read(texts.iter().map(|(t, _)| *t).chain(described));
    let mut spec = DraftSpec {
        provider: options.provider.to_string(),
        page_file: options.page_file.to_string(),
        page_title: page.title().map(str::to_string),
        title: format!(
            "{} (draft imported from {})",
            page.title().unwrap_or(options.page_file),
            options.page_file
        ),
        line_word: if page.kind == PageKind::JsonHtml {
            "content line".into()
        } else {
            "line".into()
        },
        ..DraftSpec::default()
    };
    let mut skipped = Vec::new();
    let mut ops: Vec<OpBuilder> = Vec::new();
    let mut mandatory_rows: Vec<(Row, Option<usize>, Option<String>)> = Vec::new();
    let mut section: Option<String> = None;
    let mut url: Option<(String, usize)> = None;
    let mut recent: Vec<String> = Vec::new();
    for block in &page.blocks {
        match block {
            Block::Heading { text, .. } => {
                section = Some(text.clone());
                recent.clear();
            }
            Block::Text { text, line } => {
                if let Some(found) = url_in(text) {
                    url = Some((found, *line));
                }
                recent.push(text.clone());
            }
            Block::Example {
                title,
                content,
                line,
            } => {
                super::examples::example(title, content, *line, section.as_deref(), &mut ops);
            }
            Block::Table(table) => {
                match classify(&table.header) {
                    Kind::Params { key, format, presence, description } => {
                        let cols = Cols { key, format, presence, description };
                        params_table(table, &cols, &mut ops, &mut url, section.as_deref(), &recent, &facts);
                    }
                    Kind::Mandatory { field, example } => {
                        for row in &table.rows {
                            mandatory_rows.push((row.clone(), Some(field), example.and_then(|e| row.cells.get(e).cloned())));
                        }
                        let _ = field;
                    }
                    Kind::Codes { code, short, long, doc } => {
                        let cols = CodeCols { code, short, long, doc };
                        spec.code_tables.push(code_table(table, &cols, section.as_deref(), &recent));
                    }
                    Kind::Other => skipped.push(format!(
                        "table at {} {} ({}): not a parameter, mandatory-field or return-code table; skipped",
                        spec.line_word,
                        table.line,
                        table.header.join(" | ")
                    )),
                }
                recent.clear();
            }
        }
    }
    let sentence_mandatory = mandatory_sentences(&texts);
    if ops.is_empty()
        && spec.code_tables.is_empty()
        && mandatory_rows.is_empty()
        && sentence_mandatory.is_empty()
    {
        return Err(ImportError::NoTables {
            tables: page.tables().count(),
        });
    }
    for b in ops {
        let mut op = b.op;
        if !b.has_response {
            op.response.cite = op.cite.clone();
            op.response.reviews.push(
                "the page has no response table for this operation: list the response's fields"
                    .into(),
            );
        }
        spec.operations.push(op);
    }
    let is_profile = !mandatory_rows.is_empty() || !sentence_mandatory.is_empty();
    if is_profile {
        profile(
            &mut spec,
            page,
            &texts,
            &mandatory_rows,
            &sentence_mandatory,
            options,
        );
    } else {
        for t in &mut spec.code_tables {
            if t.id.is_empty() {
                t.id = "codes".into();
            }
        }
    }
    families(&mut spec, &texts);
    dedupe_ids(&mut spec);
    Ok((spec, skipped))
}

struct Cols {
    key: usize,
    format: Option<usize>,
    presence: Option<usize>,
    description: Option<usize>,
}

struct CodeCols {
    code: usize,
    short: Option<usize>,
    long: Option<usize>,
    doc: Option<usize>,
}

/// A URL alone on its line (`https://host/path.aspx`), or the first URL with a query string.
fn url_in(text: &str) -> Option<String> {
    let trimmed = text.trim().trim_end_matches(['.', ',', ';']);
    let alone = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        && !trimmed.contains(char::is_whitespace);
    alone.then(|| trimmed.to_string())
}

fn is_dotted_path(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        && !w.contains("www")
}

/// The operation id a URL names: its last path segment without extension, lowercased.
fn id_from_url(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    let stem = last.split('.').next().unwrap_or(last);
    kebab(stem)
}

/// Lowercase without the id's case: `appID` and `appid`, `jsCode` and `js_code` meet.
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn direction(table: &Table, recent: &[String]) -> Option<bool> {
    let hint = |text: &str| -> Option<bool> {
        let lower = text.to_lowercase();
        let request = lower.contains("request");
        let response = lower.contains("result") || lower.contains("response");
        match (request, response) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    };
    if let Some(h) = table.caption.as_deref().and_then(hint) {
        return Some(h);
    }
    recent.iter().rev().find_map(|t| {
        let lower = t.to_lowercase();
        (lower.contains("table") || lower.contains("parameters"))
            .then(|| hint(t))
            .flatten()
    })
}

fn first_sentence(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut end = text.len();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(". ")) {
        let at = from + found;
        let head = text.get(..at).unwrap_or_default().to_ascii_lowercase();
        // "e.g. EUR Cent", "i.e. the", "etc. and": abbreviations, not the sentence's end.
        if ["e.g", "i.e", "etc", "approx"]
            .iter()
            .any(|a| head.ends_with(a))
        {
            from = at + 2;
            continue;
        }
        end = at + 1;
        break;
    }
    let sentence = text.get(..end).unwrap_or(text).trim();
    Some(crate::diff::one_line(sentence, 200))
}

#[allow(clippy::too_many_arguments)]
fn params_table(
    table: &Table,
    cols: &Cols,
    ops: &mut Vec<OpBuilder>,
    url: &mut Option<(String, usize)>,
    section: Option<&str>,
    recent: &[String],
    facts: &PageFacts,
) {
    let fresh_url = url.take();
    let direction = direction(table, recent);
    let needs_new = match (ops.last(), &fresh_url) {
        (_, Some(_)) => true,
        (None, None) => true,
        (Some(b), None) => match direction {
            Some(true) => b.has_request,
            Some(false) => b.has_response,
            None => b.has_request && b.has_response,
        },
    };
    if needs_new {
        ops.push(new_operation(table, fresh_url.clone(), section));
    }
    let Some(builder) = ops.last_mut() else {
        return;
    };
    let is_request = match direction {
        Some(d) => d,
        None => !builder.has_request,
    };
    let caption = table.caption.clone();
    let mut list = DraftList {
        cite: Cite {
            table: caption.clone(),
            section: None,
            line: table.line,
            pointer: None,
        },
        ..DraftList::default()
    };
    if caption.is_none() {
        list.cite.section = section.map(str::to_string);
    }
    if direction.is_none() && fresh_url.is_none()
        || direction.is_none() && builder.query_names.is_empty()
    {
        list.reviews.push(format!(
            "the page does not say whether this table is a request or a response: read as the {}",
            if is_request { "request" } else { "response" }
        ));
    }
    list.fields = table_fields(table, cols, builder, facts);
    if is_request {
        builder.op.request = list;
        builder.has_request = true;
    } else {
        builder.op.response = list;
        builder.has_response = true;
    }
}

/// The operation a table opens: after a URL, named by it (a query string makes it a GET of
/// that query), else by the section.
fn new_operation(
    table: &Table,
    fresh_url: Option<(String, usize)>,
    section: Option<&str>,
) -> OpBuilder {
    {
        let (endpoint, line) = fresh_url.unwrap_or_default();
        let (base, query) = endpoint
            .split_once('?')
            .map_or((endpoint.as_str(), ""), |(b, q)| (b, q));
        let query_names: Vec<String> = query
            .split('&')
            .filter_map(|p| p.split('=').next())
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        let mut op = DraftOperation {
            id: if base.is_empty() {
                kebab(section.unwrap_or("operation"))
            } else {
                id_from_url(base)
            },
            title: section.unwrap_or("Operation").to_string(),
            endpoint: base.to_string(),
            cite: Cite {
                section: section.map(str::to_string),
                line: if line > 0 { line } else { table.line },
                ..Cite::default()
            },
            ..DraftOperation::default()
        };
        if query_names.is_empty() {
            op.method = "POST".into();
            op.transport = "form".into();
            op.reviews.push("the page does not say how the parameters travel: `form` and `POST` assumed; set transport (and envelope, keys, mac when the provider has them)".into());
        } else {
            op.method = "GET".into();
            op.transport = "query".into();
        }
        if base.is_empty() {
            op.endpoint = "/".into();
            op.reviews
                .push("no URL precedes the table: write the endpoint".into());
        }
        OpBuilder {
            op,
            query_names,
            has_request: false,
            has_response: false,
        }
    }
}

/// The fields of a parameter table, each row read by [`infer::read_row`].
fn table_fields(
    table: &Table,
    cols: &Cols,
    builder: &OpBuilder,
    facts: &PageFacts,
) -> Vec<DraftField> {
    let caption = table.caption.clone();
    let mut fields = Vec::new();
    // First pass: the values each row lists, for the conditions of the others.
    let descriptions: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            if cols.description.is_some_and(|d| d + 1 == r.cells.len()) && !r.last_lines.is_empty()
            {
                r.last_lines.clone()
            } else {
                cols.description
                    .and_then(|d| r.cells.get(d))
                    .map(|c| vec![c.clone()])
                    .unwrap_or_default()
            }
        })
        .collect();
    let names: Vec<String> = table
        .rows
        .iter()
        .map(|r| r.cells.get(cols.key).cloned().unwrap_or_default())
        .collect();
    let mut listed: HashMap<String, Vec<String>> = HashMap::new();
    for (name, d) in names.iter().zip(&descriptions) {
        let vs = infer::values(d);
        if !vs.is_empty() {
            listed.entry(name.clone()).or_insert(vs);
        }
    }
    let request_values: HashMap<String, Vec<String>> = builder
        .op
        .request
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.values.clone()))
        .collect();
    let values_of = |f: &str| listed.get(f).cloned();
    let request_values_of = |f: &str| request_values.get(f).cloned();
    for ((row, name), description) in table.rows.iter().zip(&names).zip(&descriptions) {
        let format = cols
            .format
            .and_then(|i| row.cells.get(i))
            .map(String::as_str);
        let presence = cols
            .presence
            .and_then(|i| row.cells.get(i))
            .map(String::as_str);
        let text = RowText {
            name,
            format,
            presence,
            description,
        };
        let reading = infer::read_row(&text, facts, &values_of, &request_values_of, &names);
        let mut field = DraftField {
            name: name.clone(),
            format: Some(reading.format),
            table_format: reading.table_format,
            presence: reading.presence,
            required_when: reading.required_when,
            absent_when: reading.absent_when,
            values: reading.values,
            fixed: reading.fixed,
            forbidden: reading.forbidden,
            example: reading.example,
            doc: first_sentence(&description.join(" ")),
            cite: Cite {
                table: caption.clone(),
                line: row.line,
                ..Cite::default()
            },
            notes: reading.notes,
            reviews: reading.reviews,
            ..DraftField::default()
        };
        if field.fixed.is_some() && field.values.len() == 1 {
            field.values.clear();
        }
        if let Some(wire) = builder.query_names.iter().find(|q| loose(q) == loose(name))
            && wire != name
        {
            field.notes.push(format!(
                "the table spells it {name}; the URL's query (the wire) spells it {wire}"
            ));
            field.name = wire.clone();
        }
        fields.push(field);
    }
    fields
}

fn outcome_of(word: &str) -> Option<&'static str> {
    let w = word.to_ascii_lowercase();
    Some(match w.as_str() {
        "accepted" | "authorised" | "authorized" | "ok" | "success" | "successful" | "paid" => {
            "success"
        }
        "refused" | "declined" | "rejected" | "refusal" => "refused",
        "cancelled" | "canceled" | "cancel" => "cancelled",
        "pending" | "received" | "onhold" | "on_hold" | "in_progress" | "waiting" => "pending",
        "error" | "failed" | "failure" => "error",
        "fraud" => "fraud",
        _ if w.starts_with("onhold") || w.starts_with("pending") => "pending",
        _ => return None,
    })
}

fn code_table(
    table: &Table,
    cols: &CodeCols,
    section: Option<&str>,
    recent: &[String],
) -> DraftCodeTable {
    let title = recent
        .iter()
        .rev()
        .find(|t| t.ends_with(':'))
        .map(|t| t.trim_end_matches(':').trim().to_string());
    let mut out = DraftCodeTable {
        id: String::new(),
        title: title
            .clone()
            .or_else(|| table.caption.clone())
            .unwrap_or_else(|| {
                format!(
                    "{} values",
                    table.header.first().cloned().unwrap_or_default()
                )
            }),
        cite: Cite {
            table: title.or_else(|| table.caption.clone()),
            section: section.map(str::to_string),
            line: table.line,
            pointer: None,
        },
        ..DraftCodeTable::default()
    };
    if let Some(h) = table.header.first()
        && h.to_lowercase() != "code"
    {
        out.id = kebab(h);
    }
    for row in &table.rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.cells.get(i))
                .filter(|c| !c.is_empty())
                .cloned()
        };
        let codes_cell = row.cells.get(cols.code).cloned().unwrap_or_default();
        let codes: Vec<String> = codes_cell
            .split(" or ")
            .flat_map(|c| c.split(" ou "))
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        for code in codes {
            let short = cell(cols.short).or_else(|| (cols.short.is_none()).then(|| code.clone()));
            let word = short.clone().unwrap_or_else(|| code.clone());
            let mut reviews = Vec::new();
            let outcome = match outcome_of(&word).or_else(|| outcome_of(&code)) {
                Some("success") => {
                    reviews.push(format!(
                        "`{word}` read as a success: only a listed code is one, confirm it"
                    ));
                    "success"
                }
                Some(o) => o,
                None => {
                    reviews.push(format!(
                        "no outcome could be read from `{word}`: `error` until a person decides"
                    ));
                    "error"
                }
            };
            out.codes.push(DraftCode {
                code,
                short,
                long: cell(cols.long),
                outcome: outcome.into(),
                doc: cell(cols.doc).and_then(|d| first_sentence(&d)),
                line: row.line,
                reviews,
            });
        }
    }
    let lengths: Vec<usize> = out.codes.iter().map(|c| c.code.chars().count()).collect();
    let all_digits = out
        .codes
        .iter()
        .all(|c| c.code.chars().all(|ch| ch.is_ascii_digit()));
    out.code_format = match (lengths.first(), all_digits) {
        (Some(first), true) if lengths.iter().all(|l| l == first) => format!("n{first}"),
        _ => {
            let longest = lengths.iter().copied().max().unwrap_or(1).max(40);
            out.reviews.push(format!(
                "the page gives no code format: `text..{longest}` assumed"
            ));
            format!("text..{longest}")
        }
    };
    out
}

/// `01xxx pour une raison bancaire ou 04xxx pour une suspicion de fraude`: families of the
/// page's code table, each left for review (they may belong to a table shared by pages).
fn families(spec: &mut DraftSpec, texts: &[(&str, usize)]) {
    let Some(table) = spec.code_tables.first_mut() else {
        return;
    };
    for (text, line) in texts {
        let words: Vec<&str> = text.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
            let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
            let rest = &w[digits.len()..];
            if digits.is_empty() || rest.is_empty() || !rest.chars().all(|c| c == 'x' || c == 'X') {
                continue;
            }
            let context: String = words
                .iter()
                .skip(i + 1)
                .take(6)
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            let outcome = if context.contains("fraud") {
                "fraud"
            } else if context.contains("banc")
                || context.contains("bank")
                || context.contains("refus")
            {
                "refused"
            } else {
                continue;
            };
            if table.families.iter().any(|f| f.prefix == digits) {
                continue;
            }
            table.families.push(DraftFamily {
                prefix: digits,
                outcome: outcome.into(),
                doc: format!(
                    "The page: {}",
                    crate::diff::one_line(&words.get(i..).unwrap_or_default().join(" "), 80)
                ),
                line: *line,
            });
        }
    }
    if !table.families.is_empty() {
        table.reviews.push("the families come from the page's prose, not its table; they may belong to a table the provider's pages share".into());
    }
}

fn all_fields(prefix: &str, fields: &[Field], out: &mut Vec<String>) {
    for f in fields {
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        if let Some(nested) = &f.fields {
            all_fields(&path, nested, out);
        } else {
            out.push(path);
        }
    }
}

fn profile(
    spec: &mut DraftSpec,
    page: &Page,
    texts: &[(&str, usize)],
    rows: &[(Row, Option<usize>, Option<String>)],
    sentences: &[(String, usize)],
    options: &DocOptions<'_>,
) {
    let title = page.title().unwrap_or(options.page_file).to_string();
    let id = title
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .unwrap_or_else(|| "profile".into());
    let section_of = |line: usize| -> Option<String> {
        page.blocks
            .iter()
            .take_while(|b| block_line(b) <= line)
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.clone()),
                _ => None,
            })
            .last()
    };
    let page_text: String = texts.iter().map(|(t, _)| *t).collect::<Vec<_>>().join("\n");
    let operations: Vec<&Operation> = options
        .context
        .specs
        .iter()
        .filter(|s| s.spec.provider.0 == options.provider)
        .flat_map(|s| s.spec.operations.iter())
        .filter(|o| page_text.contains(o.id.as_str()))
        .collect();
    let wanted: Vec<String> = rows
        .iter()
        .filter_map(|(r, f, _)| f.and_then(|f| r.cells.get(f)).cloned())
        .chain(sentences.iter().map(|(s, _)| s.clone()))
        .collect();
    let best = operations.iter().max_by_key(|o| {
        let mut paths = Vec::new();
        all_fields("", &o.request.fields, &mut paths);
        let hits = wanted
            .iter()
            .filter(|w| paths.iter().any(|p| p.eq_ignore_ascii_case(w)))
            .count();
        (
            hits,
            std::cmp::Reverse(page_text.find(o.id.as_str()).unwrap_or(usize::MAX)),
        )
    });
    let mut p = DraftProfile {
        id: id.clone(),
        title: format!("{title} (profile)"),
        ..DraftProfile::default()
    };
    let mut paths = Vec::new();
    match best {
        Some(op) => {
            p.operation = op.id.clone();
            all_fields("", &op.request.fields, &mut paths);
        }
        None => {
            p.operation = "operation".into();
            p.reviews.push("no operation of the provider's specs is named by the page: write the operation this method narrows".into());
        }
    }
    let resolver = Resolver {
        paths,
        operation: p.operation.clone(),
    };
    let resolve = |name: &str, reviews: &mut Vec<String>, notes: &mut Vec<String>| {
        resolver.resolve(name, reviews, notes)
    };
    for (row, field_col, example) in rows {
        let Some(name) = field_col.and_then(|f| row.cells.get(f)) else {
            continue;
        };
        let (mut reviews, mut notes) = (Vec::new(), Vec::new());
        let field = resolve(name, &mut reviews, &mut notes);
        if p.mandatory.iter().any(|m| m.field == field) {
            continue;
        }
        p.mandatory.push(DraftProfileField {
            field,
            value: example.clone().filter(|e| !e.is_empty()),
            cite: Cite {
                section: section_of(row.line),
                line: row.line,
                ..Cite::default()
            },
            notes,
            reviews,
        });
    }
    for (name, line) in sentences {
        let (mut reviews, mut notes) = (Vec::new(), Vec::new());
        let field = resolve(name, &mut reviews, &mut notes);
        if p.mandatory.iter().any(|m| m.field == field) {
            continue;
        }
        p.mandatory.push(DraftProfileField {
            field,
            value: None,
            cite: Cite {
                section: section_of(*line),
                line: *line,
                ..Cite::default()
            },
            notes,
            reviews,
        });
    }
    profile_prose(&mut p, texts, &section_of, &resolver);
    if p.card_code.is_empty() {
        p.card_code = id.to_uppercase();
        p.reviews.push(
            "the page names no card_code: the profile id in capitals until a person decides".into(),
        );
    }
    let first_line = rows
        .first()
        .map(|(r, _, _)| r.line)
        .or_else(|| sentences.first().map(|(_, l)| *l))
        .unwrap_or(1);
    p.cite = Cite {
        section: section_of(first_line),
        line: first_line,
        ..Cite::default()
    };
    if let Some(table) = spec.code_tables.first_mut() {
        table.id = id.clone();
        p.code_table = Some(id);
    }
    spec.profiles.push(p);
}

fn block_line(b: &Block) -> usize {
    match b {
        Block::Heading { line, .. } | Block::Text { line, .. } | Block::Example { line, .. } => {
            *line
        }
        Block::Table(t) => t.line,
    }
}

fn dedupe_ids(spec: &mut DraftSpec) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for op in &mut spec.operations {
        let n = seen.entry(op.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            op.id = format!("{}-{n}", op.id);
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in &mut spec.code_tables {
        if t.id.is_empty() {
            t.id = "codes".into();
        }
        let n = seen.entry(t.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            t.id = format!("{}-{n}", t.id);
        }
    }
}

/// Names a page's field paths as the narrowed operation's request spells them.
struct Resolver {
    paths: Vec<String>,
    operation: String,
}

impl Resolver {
    /// The request's spelling of `name` (exact, else the one case-insensitive match, noted),
    /// or `name` with a review mark.
    fn resolve(&self, name: &str, reviews: &mut Vec<String>, notes: &mut Vec<String>) -> String {
        if self.paths.is_empty() || self.paths.iter().any(|p| p == name) {
            return name.to_string();
        }
        let near: Vec<&String> = self
            .paths
            .iter()
            .filter(|p| p.eq_ignore_ascii_case(name))
            .collect();
        match near.as_slice() {
            [one] => {
                notes.push(format!(
                    "the page writes {name}; the field of {} is {one}",
                    self.operation
                ));
                (*one).clone()
            }
            _ => {
                reviews.push(format!(
                    "{name} is not a field of {}'s request",
                    self.operation
                ));
                name.to_string()
            }
        }
    }
}

/// What a payment-method page says in prose: its card code, refund window, fixed values
/// (`payment.mode à CPT`), rules (`order.amount >= payment.amount`) and accepted currencies.
fn profile_prose(
    p: &mut DraftProfile,
    texts: &[(&str, usize)],
    section_of: &dyn Fn(usize) -> Option<String>,
    resolver: &Resolver,
) {
    let resolve = |name: &str, reviews: &mut Vec<String>, notes: &mut Vec<String>| {
        resolver.resolve(name, reviews, notes)
    };
    for (text, line) in texts {
        if text.contains("card_code")
            && p.card_code.is_empty()
            && let Some(code) = text
                .rsplit(':')
                .next()
                .map(str::trim)
                .filter(|c| !c.is_empty() && !c.contains(' '))
        {
            p.card_code = code.trim_end_matches('.').to_string();
        }
        let lower = text.to_lowercase();
        if (lower.contains("rembours") || lower.contains("refund"))
            && p.refund_window_days.is_none()
        {
            let words: Vec<&str> = text.split_whitespace().collect();
            for pair in words.windows(2) {
                if let [n, unit] = pair
                    && (unit.starts_with("jours") || unit.starts_with("days"))
                    && let Ok(days) = n.parse::<u32>()
                {
                    p.refund_window_days = Some(days);
                }
            }
        }
        // `payment.mode` à CPT
        let words: Vec<&str> = text.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            if *w != "à" {
                continue;
            }
            let (Some(before), Some(after)) = (
                i.checked_sub(1).and_then(|b| words.get(b)),
                words.get(i + 1),
            ) else {
                continue;
            };
            let value = after.trim_end_matches(['.', ',', ';']);
            if !is_dotted_path(before)
                || value.is_empty()
                || !value.chars().all(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            let (mut reviews, mut notes) = (Vec::new(), Vec::new());
            let field = resolve(before, &mut reviews, &mut notes);
            if p.fixed.iter().any(|f| f.field == field) {
                continue;
            }
            p.fixed.push(DraftProfileField {
                field,
                value: Some(value.to_string()),
                cite: Cite {
                    section: section_of(*line),
                    line: *line,
                    ..Cite::default()
                },
                notes,
                reviews,
            });
        }
        // order.amount >= payment.amount
        let normalised = text
            .replace("\\text{", "")
            .replace('}', "")
            .replace("\\geq", ">=")
            .replace("\\leq", "<=")
            .replace('$', " ");
        let words: Vec<&str> = normalised.split_whitespace().collect();
        for triple in words.windows(3) {
            if let [left, op, right] = triple
                && matches!(*op, ">=" | "<=" | "==" | "!=" | ">" | "<")
                && is_dotted_path(left)
                && is_dotted_path(right.trim_end_matches('.'))
            {
                let expr = format!("{left} {op} {}", right.trim_end_matches('.'));
                if !p.rules.iter().any(|(_, e, _)| *e == expr) {
                    let rule_id = format!("page-rule-{}", p.rules.len() + 1);
                    p.rules.push((
                        rule_id,
                        expr,
                        Cite {
                            section: section_of(*line),
                            line: *line,
                            ..Cite::default()
                        },
                    ));
                }
            }
        }
        if (lower.contains("devises acceptées") || lower.contains("accepted currenc"))
            && let Some(list) = text.split(':').nth(1)
        {
            p.reviews.push(format!(
                "the page accepts the currencies {}: state them as `currencies` with their ISO 4217 numeric codes",
                list.trim()
            ));
        }
    }
}

/// Mandatory fields a page states in a sentence: "La balise payment.softdescriptor est
/// obligatoire.", "payment.x is mandatory".
fn mandatory_sentences(texts: &[(&str, usize)]) -> Vec<(String, usize)> {
    let mut sentence_mandatory = Vec::new();
    for (text, line) in texts {
        let lower = text.to_lowercase();
        // "La balise payment.softdescriptor est obligatoire.", "payment.x is mandatory".
        if lower.contains("est obligatoire")
            || lower.contains("sont obligatoires")
            || lower.contains("is mandatory")
            || lower.contains("are mandatory")
        {
            for word in text.split_whitespace().filter(|w| !w.contains('(')) {
                let w =
                    word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '_');
                let w = w.trim_end_matches('.');
                if is_dotted_path(w) {
                    sentence_mandatory.push((w.to_string(), *line));
                }
            }
        }
    }
    sentence_mandatory
}
