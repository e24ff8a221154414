//! Enums of a field's allowed values. In a request the set is closed (`Copy`, no other value
//! can be built); in a response it is open: an `Unknown(String)` variant keeps any other value
//! as received, and `as_str()` gives it back unchanged.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::print::Part;
use super::text;
use crate::model::{Direction, EnumDef, Field, Operation, RustName};

/// The enum of a field's values and its `impl`s.
pub fn enum_items(op: &Operation, direction: Direction, field: &Field, def: &EnumDef) -> Vec<Part> {
    let openness = if def.open {
        "Open: a value the spec does not list is kept in [`Self::Unknown`], and `as_str()` gives it back unchanged."
    } else {
        "Closed: the request can only carry these values."
    };
    // Two paragraphs: what the enum is, then the field's own words and source, one a line.
    let mut paragraphs = vec![format!(
        "Values of {} in the {} {}. {openness}",
        docs::code(&field.path),
        docs::code(&op.id),
        direction.word().to_lowercase()
    )];
    let source = docs::citation(&field.source);
    paragraphs.push(match &field.doc {
        Some(doc) => format!("The field: {}\n{source}", docs::sentence(doc)),
        None => source,
    });
    let name = def.type_name.bare();
    let count = def.variants.len();
    let mut out = String::new();
    text::doc(&mut out, 0, &paragraphs);
    if !allow_variant_names(
        &def.variants
            .iter()
            .map(|v| &v.rust_name)
            .collect::<Vec<_>>(),
    )
    .is_empty()
    {
        out.push_str("#[allow(clippy::enum_variant_names)]\n");
    }
    let derive = if def.open { "" } else { "Copy, " };
    let _ = writeln!(
        out,
        "#[derive(Clone, {derive}Debug, PartialEq, Eq, Hash)]\n#[non_exhaustive]\npub enum {name} {{"
    );
    for v in &def.variants {
        let mut line = format!("The value {}", docs::code(&v.wire));
        match &v.doc {
            Some(doc) => line.push_str(&format!(": {}", docs::sentence(doc))),
            None => line.push('.'),
        }
        text::doc(&mut out, 4, &[line]);
        let _ = writeln!(out, "    {},", v.rust_name.ident());
    }
    if def.open {
        out.push_str("    /// A value the spec does not list, kept exactly as received.\n    Unknown(String),\n");
    }
    let _ = writeln!(out, "}}\n\nimpl {name} {{");
    let variants: Vec<String> = def
        .variants
        .iter()
        .map(|v| format!("Self::{}", v.rust_name.ident()))
        .collect();
    let wires: Vec<String> = def.variants.iter().map(|v| text::lit(&v.wire)).collect();
    if def.open {
        out.push_str("    /// Every value the spec lists, in spec order.\n");
        text::array(
            &mut out,
            "    pub const LISTED: &'static [Self] = &[",
            &variants,
            ";",
        );
        out.push_str(
            "\n    /// The wire text of each listed value, in the order of [`Self::LISTED`].\n",
        );
        text::array(
            &mut out,
            "    pub const WIRE: &'static [&'static str] = &[",
            &wires,
            ";",
        );
        let allowed: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
        let call = format!(
            "    rt::open_enum_methods!({});",
            text::lit(&allowed.join(", "))
        );
        if call.len() <= 100 {
            let _ = writeln!(out, "\n{call}");
        } else {
            let _ = writeln!(
                out,
                "\n    rt::open_enum_methods!(\n        {}\n    );",
                text::lit(&allowed.join(", "))
            );
        }
    } else {
        out.push_str("    /// Every value, in spec order.\n");
        let head = format!("    pub const ALL: [Self; {count}] = [");
        text::array(&mut out, &head, &variants, ";");
        out.push_str("\n    /// The wire text of each value, in the order of [`Self::ALL`].\n");
        let head = format!("    pub const WIRE: [&'static str; {count}] = [");
        text::array(&mut out, &head, &wires, ";");
        out.push_str("\n    rt::closed_enum_methods!();\n");
    }
    // The methods, one lookup each, are the runtime's (`open_enum_methods!`,
    // `closed_enum_methods!`), written once.
    let traits = if def.open {
        "open_enum_traits!({name})"
    } else {
        "closed_enum_traits!({name})"
    };
    let _ = writeln!(out, "}}\n\nrt::{};", traits.replace("{name}", name));
    vec![Part::Text(out)]
}

/// `#[allow(clippy::enum_variant_names)]` when clippy would object to names that come from the
/// provider's values: three or more variants sharing their first or last word.
pub fn allow_variant_names(names: &[&RustName]) -> TokenStream {
    if names.len() < 3 {
        return quote!();
    }
    let words: Vec<Vec<String>> = names.iter().map(|n| camel_words(n.bare())).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = words.first().and_then(pick);
        first.is_some() && words.iter().all(|w| pick(w) == first)
    };
    if shared(|w| w.first()) || shared(|w| w.last()) {
        quote!(#[allow(clippy::enum_variant_names)])
    } else {
        quote!()
    }
}

fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}
