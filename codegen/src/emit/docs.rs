//! Rustdoc: what every generated item is, its wire name, format, presence and condition, and
//! the source document. Written as text: the tokens carry a placeholder (see [`attrs`]).

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Citation, CurrencyForm, Field, Leaf, LeafKind, Presence, Shape};

/// The prefix of the placeholder doc attribute [`attrs`] emits; `print` puts the text back.
pub const PLACEHOLDER: &str = "@pspec-doc:";

thread_local! {
    /// The doc comments of the file being emitted, by placeholder number. A file is built and
    /// printed on one thread; printing takes them ([`take`]).
    static DOCS: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// Doc comment lines from paragraphs (an empty line between paragraphs), written into the
/// tokens as one placeholder attribute, `#[doc = "@pspec-doc:<n>"]`, which `print` replaces by
/// the lines after prettyplease has printed the item: the text never goes through syn (it is
/// most of the generated text, and escaping, parsing and printing it cost more than the code).
pub fn attrs(paragraphs: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for (i, paragraph) in paragraphs
        .iter()
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        if i > 0 {
            lines.push(String::new());
        }
        // A paragraph may span lines (`\n`): rustdoc joins them.
        lines.extend(paragraph.trim().lines().map(|line| line.trim().to_string()));
    }
    if lines.is_empty() {
        return TokenStream::new();
    }
    let marker = DOCS.with(|docs| {
        let mut docs = docs.borrow_mut();
        docs.push(lines);
        format!("{PLACEHOLDER}{}", docs.len() - 1)
    });
    quote! { #[doc = #marker] }
}

/// The doc comments emitted since the last call, by placeholder number.
pub fn take() -> Vec<Vec<String>> {
    DOCS.with(|docs| std::mem::take(&mut *docs.borrow_mut()))
}

/// Free text from a spec, made safe for Markdown: characters rustdoc would read as links,
/// HTML or emphasis are escaped; line breaks and tabs become spaces; and a run of three or
/// more backticks or tildes is escaped, so that the text can never open a code block (where
/// it starts a line, ```` ``` ```` would turn the rest of the item's docs into a doctest).
/// Single and double backticks stay: they are the inline code spec authors write.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' | ']' | '<' | '>' | '*' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '`' | '~' => {
                let mut run = 1;
                while chars.next_if_eq(&c).is_some() {
                    run += 1;
                }
                for _ in 0..run {
                    if run >= 3 {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Inline code: `` `x` ``, with a longer fence when the text holds a backtick.
pub fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r', '\t'], " ");
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// A sentence ending in a period.
pub fn sentence(s: &str) -> String {
    let t = text(s.trim());
    if t.ends_with(['.', '!', '?', ':']) {
        t
    } else {
        format!("{t}.")
    }
}

/// `Source: <document>, table "…", section "…" (<note>).`
pub fn citation(c: &Citation) -> String {
    let mut parts = vec![text(&c.document)];
    if let Some(table) = &c.table {
        parts.push(format!("table \"{}\"", text(table)));
    }
    if let Some(section) = &c.section {
        parts.push(format!("section \"{}\"", text(section)));
    }
    let mut line = format!("Source: {}", parts.join(", "));
    if let Some(note) = &c.note {
        line.push_str(&format!(" ({})", text(note)));
    }
    line.push('.');
    line
}

/// The paragraphs of a struct field: what it is and, in the same paragraph, its facts (wire name, format, presence, rules, example, sensitivity); then its source
/// unless it is `cited`, the citation its struct already gives for every field (the source is
/// then said once per struct, not repeated on each field).
pub fn field(field: &Field, cited: Option<&Citation>) -> Vec<String> {
    let mut paragraphs = Vec::new();
    paragraphs.push(match &field.doc {
        Some(doc) => sentence(doc),
        None => format!("The field {}.", code(&field.wire_name)),
    });
    let mut facts = vec![format!("Wire name {}", code(&field.wire_name))];
    if field.path != field.wire_name {
        facts.push(format!("path {}", code(&field.path)));
    }
    match &field.shape {
        Shape::Leaf(leaf) => facts.push(format!("format {}", code(&leaf.format.notation()))),
        Shape::Object(object) => facts.push(format!("an object ([`{}`])", object.type_name)),
    }
    if field.list {
        facts.push(match field.max_items {
            Some(max) => format!("a list of at most {max} items"),
            None => "a list".to_string(),
        });
    }
    facts.push(presence(field));
    let mut more = vec![format!("{}.", facts.join("; "))];
    if let Shape::Leaf(leaf) = &field.shape {
        more.extend(leaf_rules(leaf));
    }
    if let Some(currency) = &field.currency_of {
        more.push(format!(
            "An amount in minor units of the currency in {} (`money()` gives both).",
            code(currency)
        ));
    }
    if let Some(printed) = &field.table_format {
        more.push(format!(
            "The source table prints the format as {}; the spec deliberately differs.",
            code(printed)
        ));
    }
    if let Some(example) = &field.example {
        more.push(format!("Example: {}.", code(example)));
    }
    if field.sensitive {
        more.push("Sensitive (secret or personal data): redacted in `Debug` output; serialized as is (feature `serde`), like on the wire.".to_string());
    }
    if let Some(why) = &field.deprecated {
        more.push(format!("Deprecated: {}", sentence(why)));
    }
    if let Some(first) = paragraphs.first_mut() {
        first.push(' ');
        first.push_str(&more.join(" "));
    }
    if cited != Some(&field.source) {
        paragraphs.push(citation(&field.source));
    }
    paragraphs
}

fn presence(field: &Field) -> String {
    let mut words = match field.presence {
        Presence::M => "mandatory (M)".to_string(),
        Presence::O => "optional (O)".to_string(),
        Presence::C => "conditional (C)".to_string(),
    };
    if let Some(c) = &field.required_when {
        words.push_str(&format!(", required when {}", code(&c.text)));
    }
    if let Some(c) = &field.absent_when {
        words.push_str(&format!(", must be absent when {}", code(&c.text)));
    }
    words
}

fn leaf_rules(leaf: &Leaf) -> Vec<String> {
    let mut rules = Vec::new();
    match &leaf.kind {
        LeafKind::Enum(def) => {
            let kind = if def.open {
                "open: unlisted values are kept"
            } else {
                "closed"
            };
            rules.push(format!("Allowed values: [`{}`] ({kind}).", def.type_name));
        }
        LeafKind::Code { table, type_name } => {
            rules.push(format!(
                "A return code of table {} ([`{type_name}`]).",
                code(table)
            ));
        }
        LeafKind::Map => {
            rules.push("A map of keys the provider chooses to values of the format.".to_string())
        }
        LeafKind::Unsigned => rules.push("Carried as a number.".to_string()),
        LeafKind::Date { format, time } => {
            let ty = if *time {
                "rt::time::PrimitiveDateTime"
            } else {
                "rt::time::Date"
            };
            rules.push(format!(
                "A calendar date (`{ty}`), written as {} lays it out; text off the mask or no calendar day (`31/02`) is refused when read.",
                code(format)
            ));
        }
        LeafKind::Currency { form, allowed } => {
            let form = match form {
                CurrencyForm::Alphabetic => "its alphabetic code (`EUR`)",
                CurrencyForm::Numeric => "its numeric code (`978`)",
            };
            rules.push(format!("An ISO 4217 currency, written as {form}."));
            if !allowed.is_empty() {
                let codes: Vec<String> = allowed.iter().map(|(wire, _)| code(wire)).collect();
                rules.push(format!(
                    "Accepted: {} (`validate()` reports another as `not_allowed_value`).",
                    codes.join(", ")
                ));
            }
        }
        LeafKind::Text | LeafKind::Signed | LeafKind::Bool => {}
    }
    if let Some(fixed) = &leaf.fixed {
        rules.push(format!("Fixed value: {}.", code(fixed)));
    }
    match (leaf.min, leaf.max) {
        (Some(min), Some(max)) => rules.push(format!("Range: {min} to {max}.")),
        (Some(min), None) => rules.push(format!("Range: at least {min}.")),
        (None, Some(max)) => rules.push(format!("Range: at most {max}.")),
        (None, None) => {}
    }
    if let Some(chars) = &leaf.forbidden {
        rules.push(format!("Forbidden characters: {}.", code(chars)));
    }
    if let Some(prefix) = &leaf.prefix {
        rules.push(format!("Starts with {}.", code(prefix)));
    }
    if let Some(url) = &leaf.url {
        let mut parts = Vec::new();
        if let Some(scheme) = &url.scheme {
            parts.push(format!("scheme {}", code(scheme)));
        }
        if let Some(port) = url.port {
            parts.push(format!("port {port}"));
        }
        if !url.query {
            parts.push("no query string".to_string());
        }
        if !parts.is_empty() {
            rules.push(format!("URL: {}.", parts.join(", ")));
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn spec_text_can_never_open_a_code_block() {
        // Issue 12: a `doc:` starting with a fence made the rest of the item's docs a doctest.
        let escaped = text("```rust\nfn main() { std::process::abort() }\n```");
        assert_eq!(
            escaped,
            "\\`\\`\\`rust fn main() { std::process::abort() } \\`\\`\\`"
        );
        assert!(!escaped.contains("``"), "{escaped}");
        assert_eq!(text("~~~~ tilde fence"), "\\~\\~\\~\\~ tilde fence");
        // Inline code and a lone tilde stay as written.
        assert_eq!(
            text("the `Amount` field, ``a`b``, ~5"),
            "the `Amount` field, ``a`b``, ~5"
        );
    }
}
