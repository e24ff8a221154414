//! Return-code types: one per code table. Parsing any code succeeds; a code the table does not
//! list is kept as `Unknown(String)` and takes its outcome from the family rules (longest
//! matching prefix).
//!
//! The table itself is static data, `LISTED` (the variants) and `ROWS` (code, messages,
//! outcome) in spec order, and every method is one lookup in it through the runtime
//! (`rt::code_row`, `rt::code_from_wire`): one line per code instead of one `match` arm per
//! code in each of five methods. Written as text (see `print::Part::Text`), so that a row
//! stays one line.

use std::fmt::Write as _;

use super::docs;
use super::enums::allow_variant_names;
use super::print::Part;
use super::text;
use crate::model::{CodeTable, Outcome};

/// An outcome as tokens (`rt::Outcome::Success`), for the emitters that build tokens.
pub(super) fn outcome_tokens(outcome: Outcome) -> proc_macro2::TokenStream {
    outcome_path(outcome).parse().unwrap_or_default()
}

/// The runtime's name of an outcome (`rt::Outcome::Success`).
pub fn outcome_path(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Success => "rt::Outcome::Success",
        Outcome::Pending => "rt::Outcome::Pending",
        Outcome::ActionRequired => "rt::Outcome::ActionRequired",
        Outcome::Refused => "rt::Outcome::Refused",
        Outcome::Cancelled => "rt::Outcome::Cancelled",
        Outcome::Error => "rt::Outcome::Error",
        Outcome::Fraud => "rt::Outcome::Fraud",
    }
}

/// The code type of a table and its `impl`s.
pub fn code_items(table: &CodeTable) -> Vec<Part> {
    let mut paragraphs = vec![
        format!(
            "Return codes of the table {}: {}",
            docs::code(&table.id),
            docs::sentence(&table.title)
        ),
        format!(
            "Every code has the format {}. Parsing never fails: a code the table does not list is kept in [`Self::Unknown`], and `code()` gives it back unchanged.",
            docs::code(&table.code_format.notation())
        ),
    ];
    if table.families.is_empty() {
        paragraphs.push(
            "The table states no family rules: an unlisted code's outcome is `Unknown`."
                .to_string(),
        );
    } else {
        let rules: Vec<String> = table
            .families
            .iter()
            .map(|f| {
                let mut rule = format!(
                    "{} → `{}`",
                    docs::code(&format!("{}…", f.prefix)),
                    f.outcome.as_str()
                );
                if let Some(doc) = &f.doc {
                    rule.push_str(&format!(" ({})", docs::text(doc.trim_end_matches('.'))));
                }
                rule
            })
            .collect();
        paragraphs.push(format!(
            "Outcome of an unlisted code, by the longest matching prefix: {}; no match: `unknown`.",
            rules.join("; ")
        ));
    }
    paragraphs.push(format!(
        "{}\nSpec file: {}.",
        docs::citation(&table.source),
        docs::code(&table.file)
    ));
    let name = table.type_name.bare();
    let mut out = String::new();
    text::doc(&mut out, 0, &paragraphs);
    let allow = allow_variant_names(&table.codes.iter().map(|c| &c.variant).collect::<Vec<_>>());
    if !allow.is_empty() {
        out.push_str("#[allow(clippy::enum_variant_names)]\n");
    }
    out.push_str("#[derive(Clone, Debug, PartialEq, Eq, Hash)]\n#[non_exhaustive]\n");
    let _ = writeln!(out, "pub enum {name} {{");
    for c in &table.codes {
        // One line per code: the code, its status word and message, its outcome and the
        // spec's note; `ROWS` holds the same facts as data.
        let mut head = docs::code(&c.code);
        if let Some(short) = &c.short {
            head.push_str(&format!(" {}", docs::code(short)));
        }
        head.push_str(&format!(" ({})", c.outcome.as_str()));
        match &c.long {
            Some(long) => head.push_str(&format!(": {}", docs::sentence(long))),
            None => head.push('.'),
        }
        if let Some(doc) = &c.doc {
            head.push_str(&format!(" {}", docs::sentence(doc)));
        }
        let _ = writeln!(out, "    /// {head}");
        let _ = writeln!(out, "    {},", c.variant.ident());
    }
    out.push_str(
        "    /// A code the table does not list, kept exactly as received; its outcome comes\n    \
         /// from the family rules.\n    Unknown(String),\n}\n\n",
    );
    let _ = writeln!(out, "impl {name} {{");
    out.push_str("    /// Every code the table lists, in spec order.\n");
    let variants: Vec<String> = table
        .codes
        .iter()
        .map(|c| format!("Self::{}", c.variant.ident()))
        .collect();
    text::array(
        &mut out,
        "    pub const LISTED: &'static [Self] = &[",
        &variants,
        ";",
    );
    out.push('\n');
    out.push_str(
        "    /// The table's row of each listed code, in the order of [`Self::LISTED`]: the code,\n    \
         /// its short and long message and its outcome.\n",
    );
    out.push_str("    pub const ROWS: &'static [rt::CodeInfo] = &[\n");
    for c in &table.codes {
        let _ = writeln!(
            out,
            "        rt::CodeInfo::new({}, {}, {}, {}),",
            text::lit(&c.code),
            text::opt_lit(c.short.as_ref()),
            text::opt_lit(c.long.as_ref()),
            outcome_path(c.outcome)
        );
    }
    out.push_str("    ];\n\n");
    out.push_str(
        "    /// The family rules: outcome of unlisted codes by prefix (the longest match wins).\n",
    );
    let families: Vec<String> = table
        .families
        .iter()
        .map(|f| format!("({}, {})", text::lit(&f.prefix), outcome_path(f.outcome)))
        .collect();
    text::array(
        &mut out,
        "    pub const FAMILIES: &'static [(&'static str, rt::Outcome)] = &[",
        &families,
        ";",
    );
    // The methods, one lookup each, are the runtime's (`code_methods!`), written once.
    out.push_str("\n    rt::code_methods!();\n}\n\n");
    let _ = writeln!(out, "rt::code_traits!({name});");
    vec![Part::Text(out)]
}
