//! The draft an importer builds, and its YAML. Every item cites the page's table (or section)
//! and line; a note is a plain YAML comment, a review a `# review:` comment (see
//! `crate::spec::review`) right above the item it is about.

use std::fmt::Write as _;

/// Where an item is on the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cite {
    /// The table's caption.
    pub table: Option<String>,
    /// The section heading.
    pub section: Option<String>,
    /// 1-based line (of the page, or of the `content` of a JSON export).
    pub line: usize,
    /// A JSON pointer into the document, cited instead of a line (OpenAPI).
    pub pointer: Option<String>,
}

/// A drafted field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftField {
    /// Wire name.
    pub name: String,
    /// Spec format; `None` for objects.
    pub format: Option<String>,
    /// The table's own format when it differs.
    pub table_format: Option<String>,
    /// `M`, `O` or `C`.
    pub presence: String,
    /// `required_when`.
    pub required_when: Option<String>,
    /// `absent_when`.
    pub absent_when: Option<String>,
    /// `type: integer` and the like.
    pub value_type: Option<String>,
    /// Allowed values.
    pub values: Vec<String>,
    /// Fixed value.
    pub fixed: Option<String>,
    /// Forbidden characters.
    pub forbidden: Option<String>,
    /// Example value.
    pub example: Option<String>,
    /// Nested fields (objects).
    pub fields: Option<Vec<DraftField>>,
    /// A list of items.
    pub list: bool,
    /// Most items of a list.
    pub max_items: Option<u64>,
    /// `min` / `max` for integers.
    pub min: Option<i64>,
    /// `max`.
    pub max: Option<i64>,
    /// Our description: the page's, first sentence.
    pub doc: Option<String>,
    /// Where it is.
    pub cite: Cite,
    /// Plain comments.
    pub notes: Vec<String>,
    /// Review marks.
    pub reviews: Vec<String>,
}

/// A drafted request or response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftList {
    /// The table.
    pub cite: Cite,
    /// The fields in the page's order.
    pub fields: Vec<DraftField>,
    /// Review marks about the list as a whole.
    pub reviews: Vec<String>,
}

/// A drafted operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftOperation {
    /// Id.
    pub id: String,
    /// One line.
    pub title: String,
    /// URL or path.
    pub endpoint: String,
    /// `GET` or `POST`.
    pub method: String,
    /// `form`, `json`, `soap`, `query`.
    pub transport: String,
    /// The section.
    pub cite: Cite,
    /// Request.
    pub request: DraftList,
    /// Response.
    pub response: DraftList,
    /// Review marks.
    pub reviews: Vec<String>,
}

/// A drafted return code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftCode {
    /// The code.
    pub code: String,
    /// Short message.
    pub short: Option<String>,
    /// Long message.
    pub long: Option<String>,
    /// Outcome.
    pub outcome: String,
    /// Our description.
    pub doc: Option<String>,
    /// Where.
    pub line: usize,
    /// Review marks.
    pub reviews: Vec<String>,
}

/// A drafted family (`01xxx`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftFamily {
    /// Prefix.
    pub prefix: String,
    /// Outcome.
    pub outcome: String,
    /// What the page says.
    pub doc: String,
    /// Where.
    pub line: usize,
}

/// A drafted code table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftCodeTable {
    /// Id.
    pub id: String,
    /// One line.
    pub title: String,
    /// The table.
    pub cite: Cite,
    /// Format of every code.
    pub code_format: String,
    /// Codes.
    pub codes: Vec<DraftCode>,
    /// Families.
    pub families: Vec<DraftFamily>,
    /// Review marks.
    pub reviews: Vec<String>,
}

/// A mandatory or fixed field of a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftProfileField {
    /// Dotted path.
    pub field: String,
    /// Example (mandatory) or value (fixed).
    pub value: Option<String>,
    /// Where.
    pub cite: Cite,
    /// Plain comments.
    pub notes: Vec<String>,
    /// Review marks.
    pub reviews: Vec<String>,
}

/// A drafted profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftProfile {
    /// Id.
    pub id: String,
    /// One line.
    pub title: String,
    /// Card code.
    pub card_code: String,
    /// The operation it narrows.
    pub operation: String,
    /// Where.
    pub cite: Cite,
    /// Mandatory fields.
    pub mandatory: Vec<DraftProfileField>,
    /// Fixed values.
    pub fixed: Vec<DraftProfileField>,
    /// Rules (id, expr, line).
    pub rules: Vec<(String, String, Cite)>,
    /// Refund window.
    pub refund_window_days: Option<u32>,
    /// Its code table.
    pub code_table: Option<String>,
    /// Review marks.
    pub reviews: Vec<String>,
}

/// A whole draft spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftSpec {
    /// Provider id.
    pub provider: String,
    /// Title.
    pub title: String,
    /// The page's file name.
    pub page_file: String,
    /// The page's title.
    pub page_title: Option<String>,
    /// How lines are counted (`line` or `content line` for JSON exports).
    pub line_word: String,
    /// Operations.
    pub operations: Vec<DraftOperation>,
    /// Profiles.
    pub profiles: Vec<DraftProfile>,
    /// Code tables.
    pub code_tables: Vec<DraftCodeTable>,
    /// Review marks about the file.
    pub reviews: Vec<String>,
    /// The command that made it (`import doc`, `import openapi`).
    pub importer: String,
}

impl DraftSpec {
    /// Every review mark, each with the item it is about, for the summary.
    pub fn review_summary(&self) -> Vec<String> {
        let mut out: Vec<String> = self.reviews.iter().map(|r| format!("file: {r}")).collect();
        for op in &self.operations {
            out.extend(
                op.reviews
                    .iter()
                    .map(|r| format!("operation {}: {r}", op.id)),
            );
            for (side, list) in [("request", &op.request), ("response", &op.response)] {
                out.extend(
                    list.reviews
                        .iter()
                        .map(|r| format!("{} {side}: {r}", op.id)),
                );
                collect_field_reviews(&format!("{} {side} ", op.id), &list.fields, &mut out);
            }
        }
        for p in &self.profiles {
            out.extend(p.reviews.iter().map(|r| format!("profile {}: {r}", p.id)));
            for m in p.mandatory.iter().chain(&p.fixed) {
                out.extend(
                    m.reviews
                        .iter()
                        .map(|r| format!("profile {} {}: {r}", p.id, m.field)),
                );
            }
        }
        for t in &self.code_tables {
            out.extend(
                t.reviews
                    .iter()
                    .map(|r| format!("code table {}: {r}", t.id)),
            );
            for c in &t.codes {
                out.extend(
                    c.reviews
                        .iter()
                        .map(|r| format!("code table {} code {}: {r}", t.id, c.code)),
                );
            }
        }
        out
    }

    /// The YAML text of the draft.
    pub fn to_yaml(&self) -> String {
        let mut y = Yaml::default();
        y.line(
            0,
            &format!(
                "# Draft spec imported from {} by `cargo xtask {}`.",
                self.page_file,
                if self.importer.is_empty() {
                    "import doc"
                } else {
                    &self.importer
                }
            ),
        );
        y.line(
            0,
            "# Every `# review:` comment is a decision the importer left to a person: resolve it",
        );
        y.line(0, "# (edit the item, then delete the comment); `cargo xtask regenerate` refuses the file until none is left.");
        y.line(
            0,
            "# `doc` holds the document's own words, for the review: rewrite them in the project's words.",
        );
        y.reviews(0, &self.reviews);
        y.kv(0, "provider", &self.provider);
        y.kv(0, "title", &self.title);
        y.line(0, "sources:");
        y.line(2, "- id: doc");
        y.kv(4, "file", &self.page_file);
        if let Some(t) = &self.page_title {
            y.kv(4, "title", t);
        }
        if !self.operations.is_empty() {
            y.line(0, "operations:");
            for op in &self.operations {
                self.operation(&mut y, op);
            }
        }
        if !self.profiles.is_empty() {
            y.line(0, "profiles:");
            for p in &self.profiles {
                self.profile(&mut y, p);
            }
        }
        if !self.code_tables.is_empty() {
            y.line(0, "code_tables:");
            for t in &self.code_tables {
                self.code_table(&mut y, t);
            }
        }
        y.out
    }

    fn source(&self, cite: &Cite) -> String {
        let mut parts = vec!["ref: doc".to_string()];
        if let Some(t) = &cite.table {
            parts.push(format!("table: {}", scalar(t)));
        }
        if let Some(s) = &cite.section {
            parts.push(format!("section: {}", scalar(s)));
        }
        let note = match &cite.pointer {
            Some(pointer) => format!("#{pointer}"),
            None => format!("{} {}", self.line_word, cite.line),
        };
        parts.push(format!("note: {}", scalar(&note)));
        format!("{{ {} }}", parts.join(", "))
    }

    fn operation(&self, y: &mut Yaml, op: &DraftOperation) {
        y.reviews(2, &op.reviews);
        y.kv(2, "- id", &op.id);
        y.kv(4, "title", &op.title);
        y.kv(4, "endpoint", &op.endpoint);
        y.kv(4, "method", &op.method);
        y.kv(4, "transport", &op.transport);
        y.raw(4, "source", &self.source(&op.cite));
        for (key, list) in [("request", &op.request), ("response", &op.response)] {
            y.reviews(4, &list.reviews);
            y.line(4, &format!("{key}:"));
            y.raw(6, "source", &self.source(&list.cite));
            if list.fields.is_empty() {
                y.line(6, "fields: []");
            } else {
                y.line(6, "fields:");
                for f in &list.fields {
                    self.field(y, 8, f);
                }
            }
        }
    }

    fn field(&self, y: &mut Yaml, indent: usize, f: &DraftField) {
        for n in &f.notes {
            y.line(indent, &format!("# {}", one_line(n)));
        }
        y.reviews(indent, &f.reviews);
        y.kv(indent, "- name", &f.name);
        let i = indent + 2;
        if let Some(format) = &f.format {
            y.kv(i, "format", format);
        }
        if let Some(t) = &f.table_format {
            y.kv(i, "table_format", t);
        }
        if let Some(t) = &f.value_type {
            y.kv(i, "type", t);
        }
        y.kv(i, "presence", &f.presence);
        if let Some(c) = &f.required_when {
            y.kv(i, "required_when", c);
        }
        if let Some(c) = &f.absent_when {
            y.kv(i, "absent_when", c);
        }
        if let Some(v) = f.min {
            y.raw(i, "min", &v.to_string());
        }
        if let Some(v) = f.max {
            y.raw(i, "max", &v.to_string());
        }
        if let Some(v) = &f.fixed {
            y.kv(i, "fixed", v);
        }
        if let Some(v) = &f.forbidden {
            y.kv(i, "forbidden", v);
        }
        if !f.values.is_empty() {
            let items: Vec<String> = f.values.iter().map(|v| scalar(v)).collect();
            y.raw(i, "values", &format!("[{}]", items.join(", ")));
        }
        if f.list {
            y.raw(i, "list", "true");
        }
        if let Some(n) = f.max_items {
            y.raw(i, "max_items", &n.to_string());
        }
        if let Some(d) = &f.doc {
            y.kv(i, "doc", d);
        }
        if let Some(e) = &f.example {
            y.kv(i, "example", e);
        }
        y.raw(i, "source", &self.source(&f.cite));
        if let Some(fields) = &f.fields {
            y.line(i, "fields:");
            for nested in fields {
                self.field(y, i + 2, nested);
            }
        }
    }

    fn profile(&self, y: &mut Yaml, p: &DraftProfile) {
        y.reviews(2, &p.reviews);
        y.kv(2, "- id", &p.id);
        y.kv(4, "title", &p.title);
        y.kv(4, "card_code", &p.card_code);
        y.kv(4, "operation", &p.operation);
        y.raw(4, "source", &self.source(&p.cite));
        for (key, items, value_key) in [
            ("mandatory", &p.mandatory, "example"),
            ("fixed", &p.fixed, "value"),
        ] {
            if items.is_empty() {
                continue;
            }
            y.line(4, &format!("{key}:"));
            for m in items {
                for n in &m.notes {
                    y.line(6, &format!("# {}", one_line(n)));
                }
                y.reviews(6, &m.reviews);
                let mut parts = vec![format!("field: {}", scalar(&m.field))];
                if let Some(v) = &m.value {
                    parts.push(format!("{value_key}: {}", scalar(v)));
                }
                parts.push(format!("source: {}", self.source(&m.cite)));
                y.line(6, &format!("- {{ {} }}", parts.join(", ")));
            }
        }
        if !p.rules.is_empty() {
            y.line(4, "rules:");
            for (id, expr, cite) in &p.rules {
                y.kv(6, "- id", id);
                y.kv(8, "expr", expr);
                y.raw(8, "source", &self.source(cite));
            }
        }
        if let Some(days) = p.refund_window_days {
            y.raw(4, "refund_window_days", &days.to_string());
        }
        if let Some(t) = &p.code_table {
            y.kv(4, "code_table", t);
        }
    }

    fn code_table(&self, y: &mut Yaml, t: &DraftCodeTable) {
        y.reviews(2, &t.reviews);
        y.kv(2, "- id", &t.id);
        y.kv(4, "title", &t.title);
        y.raw(4, "source", &self.source(&t.cite));
        y.kv(4, "code_format", &t.code_format);
        y.line(4, "codes:");
        for c in &t.codes {
            y.reviews(6, &c.reviews);
            let mut parts = vec![format!("code: {}", quoted(&c.code))];
            if let Some(s) = &c.short {
                parts.push(format!("short: {}", scalar(s)));
            }
            if let Some(l) = &c.long {
                parts.push(format!("long: {}", scalar(l)));
            }
            parts.push(format!("outcome: {}", c.outcome));
            if let Some(d) = &c.doc {
                parts.push(format!("doc: {}", scalar(d)));
            }
            let cite = Cite {
                line: c.line,
                ..Cite::default()
            };
            parts.push(format!("source: {}", self.source(&cite)));
            y.line(6, &format!("- {{ {} }}", parts.join(", ")));
        }
        if !t.families.is_empty() {
            y.line(4, "families:");
            for f in &t.families {
                let cite = Cite {
                    line: f.line,
                    ..Cite::default()
                };
                y.line(
                    6,
                    &format!(
                        "- {{ prefix: {}, outcome: {}, doc: {}, source: {} }}",
                        quoted(&f.prefix),
                        f.outcome,
                        scalar(&f.doc),
                        self.source(&cite)
                    ),
                );
            }
        }
    }
}

fn collect_field_reviews(at: &str, fields: &[DraftField], out: &mut Vec<String>) {
    for f in fields {
        out.extend(f.reviews.iter().map(|r| format!("{at}{}: {r}", f.name)));
        if let Some(nested) = &f.fields {
            collect_field_reviews(&format!("{at}{}.", f.name), nested, out);
        }
    }
}

#[derive(Default)]
struct Yaml {
    out: String,
}

impl Yaml {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.out, "{:indent$}{text}", "");
    }
    fn kv(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {}", scalar(value)));
    }
    fn raw(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {value}"));
    }
    fn reviews(&mut self, indent: usize, reviews: &[String]) {
        for r in reviews {
            self.line(indent, &format!("# review: {}", one_line(r)));
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A YAML scalar: plain when it cannot be misread, else double-quoted.
pub fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-' | '/' | '(' | ')' | '\'' | '?')
        })
        && value.chars().next().is_some_and(char::is_alphabetic)
        && !value.ends_with(' ')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        value.to_string()
    } else {
        quoted(value)
    }
}

/// A double-quoted YAML scalar.
pub fn quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An operation being drafted, and what the page has given it so far.
pub(crate) struct OpBuilder {
    pub(crate) op: DraftOperation,
    pub(crate) query_names: Vec<String>,
    pub(crate) has_request: bool,
    pub(crate) has_response: bool,
}

/// Lowercase letters and digits, other characters as single `-`; camelCase split.
pub fn kebab(text: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() && prev_lower && !out.ends_with('-') {
            out.push('-');
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
            prev_lower = false;
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_could_misread() {
        assert_eq!(scalar("ans..30"), "ans..30");
        assert_eq!(
            scalar("Transaction canceled by user"),
            "Transaction canceled by user"
        );
        for v in [
            "02012",
            "true",
            "a: b",
            "#x",
            "",
            "say \"hi\"",
            "- x",
            "Channel == 'W2A'",
        ] {
            let y = scalar(v);
            let back: String = serde_yaml::from_str(&y).unwrap_or_else(|e| panic!("{y}: {e}"));
            assert_eq!(back, v);
        }
    }
}
