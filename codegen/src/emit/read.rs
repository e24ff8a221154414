//! One-pass readers (issue 15): per response and per object of a response, an
//! `impl rt::wire::pull::ReadFields` whose `read_fields` pulls the received names from any
//! wire (form pairs, JSON, SOAP, a tree) and matches each with a `match` on the name as
//! the spec spells it (lower-cased first where the operation matches names in any case),
//! one slot per field; after the last name the slots become the struct.
//!
//! Requests keep the tree reader of `wire.rs` (`read_wire`): they are read to be validated
//! (`pspec validate`), where the three read modes matter and speed does not.

use std::fmt::Write as _;

use super::text;
use crate::model::{Field, LeafKind, Shape};

/// Whether names are matched in any ASCII case (`keys: any-case`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    Exact,
    AnyCase,
}

impl Keys {
    fn runtime(self) -> &'static str {
        match self {
            Keys::Exact => "rt::wire::KeyCase::Exact",
            Keys::AnyCase => "rt::wire::KeyCase::Insensitive",
        }
    }

    /// The name as a `match` arm spells it.
    fn arm(self, wire_name: &str) -> String {
        match self {
            Keys::Exact => wire_name.to_string(),
            Keys::AnyCase => wire_name.to_ascii_lowercase(),
        }
    }
}

/// The `ReadFields` impl of the struct `type_name` holding `fields`; `extras`: a top-level
/// response, which keeps the names its spec does not list.
pub fn read_fields_impl(type_name: &str, fields: &[Field], keys: Keys, extras: bool) -> String {
    let stored: Vec<&Field> = super::holds::stored(fields).collect();
    let mut out = format!(
        "impl rt::wire::pull::ReadFields for {type_name} {{\n    \
         /// Reads the struct in one pass from the names of `source`, leniently (see \
         [`rt::wire::pull`]).\n    \
         fn read_fields<'de, S: rt::wire::pull::FieldSource<'de>>(\n        \
         source: &mut S,\n    \
         ) -> Result<Self, rt::wire::DecodeError> {{\n"
    );
    for field in &stored {
        let _ = writeln!(
            out,
            "        let mut {}: {} = Default::default();",
            slot(field),
            slot_type(field)
        );
    }
    let unlisted = if extras { "kept" } else { "dropped" };
    let _ = writeln!(
        out,
        "        let mut unlisted = rt::wire::pull::Unlisted::{unlisted}({});",
        keys.runtime()
    );
    // Arms in spec order; a name that folds like an earlier one (the checker refuses such
    // specs) would be unreachable, so it is left out.
    let mut arms: Vec<(String, String)> = Vec::new();
    for field in &stored {
        let arm = keys.arm(&field.wire_name);
        if arms.iter().any(|(given, _)| *given == arm) {
            continue;
        }
        arms.push((arm, take(field)));
    }
    if arms.is_empty() {
        // Nothing to match: every name is unlisted.
        out.push_str(
            "        while let Some(key) = source.next_key()? {\n            unlisted.take(source, key)?;\n        }\n        Ok(Self {\n",
        );
        if extras {
            out.push_str("            extras: unlisted.into_extras(),\n");
        }
        out.push_str("        })\n    }\n}\n");
        return out;
    }
    let key = match keys {
        Keys::Exact => "&*key".to_string(),
        Keys::AnyCase => {
            let longest = arms.iter().map(|(arm, _)| arm.len()).max().unwrap_or(0);
            let _ = writeln!(out, "        let mut folded = [0_u8; {longest}];");
            "rt::wire::pull::fold_key(&key, &mut folded)".to_string()
        }
    };
    let _ = write!(
        out,
        "        while let Some(key) = source.next_key()? {{\n            \
         match {key} {{\n"
    );
    for (arm, take) in &arms {
        let _ = writeln!(out, "                {} => {take},", text::lit(arm));
    }
    out.push_str(
        "                _ => unlisted.take(source, key)?,\n            }\n        }\n        Ok(Self {\n",
    );
    for field in &stored {
        let _ = writeln!(
            out,
            "            {}: {},",
            field.rust_name.ident(),
            finish(field)
        );
    }
    if extras {
        out.push_str("            extras: unlisted.into_extras(),\n");
    }
    out.push_str("        })\n    }\n}\n");
    out
}

/// The slot's local name (`slot_` and the member without `r#`).
fn slot(field: &Field) -> String {
    let member = field.rust_name.ident().to_string();
    format!("slot_{}", member.trim_start_matches("r#"))
}

/// The Rust type of one item or value, as text.
fn leaf_type(field: &Field) -> String {
    match &field.shape {
        Shape::Object(object) => object.type_name.bare().to_string(),
        Shape::Leaf(leaf) => match &leaf.kind {
            LeafKind::Text => "String".to_string(),
            LeafKind::Unsigned => "u64".to_string(),
            LeafKind::Signed => "i64".to_string(),
            LeafKind::Bool => "bool".to_string(),
            LeafKind::Map => "::std::collections::BTreeMap<String, String>".to_string(),
            LeafKind::Enum(def) => def.type_name.bare().to_string(),
            LeafKind::Code { type_name, .. } => type_name.bare().to_string(),
            LeafKind::Currency { .. } => "rt::Currency".to_string(),
            LeafKind::Date { time: true, .. } => "rt::time::PrimitiveDateTime".to_string(),
            LeafKind::Date { time: false, .. } => "rt::time::Date".to_string(),
        },
    }
}

/// Whether the field is read as text and converted after (text, open enums, codes).
fn read_as_text(field: &Field) -> bool {
    match &field.shape {
        Shape::Object(_) => false,
        Shape::Leaf(leaf) => match &leaf.kind {
            LeafKind::Text | LeafKind::Code { .. } => true,
            LeafKind::Enum(def) => def.open,
            _ => false,
        },
    }
}

fn slot_type(field: &Field) -> String {
    if field.list {
        return match &field.shape {
            Shape::Object(object) => format!(
                "rt::wire::pull::ListSlot<rt::wire::pull::Obj<{}>>",
                object.type_name.bare()
            ),
            Shape::Leaf(_) => "rt::wire::pull::ListSlot<String>".to_string(),
        };
    }
    if read_as_text(field) {
        "rt::wire::pull::Text<'de>".to_string()
    } else {
        format!("rt::wire::pull::Slot<{}>", leaf_type(field))
    }
}

/// The match arm reading one occurrence of the field's name.
fn take(field: &Field) -> String {
    let slot = slot(field);
    let name = text::lit(&field.wire_name);
    if field.list {
        return match &field.item {
            Some(item) => format!("{slot}.wrapped(source, &key, {name}, {})?", text::lit(item)),
            None => format!("{slot}.items(source, &key, {name})?"),
        };
    }
    if read_as_text(field) {
        return format!("{slot}.text(source, &key, {name})?");
    }
    match &field.shape {
        Shape::Object(_) => format!("{slot}.object(source, &key, {name})?"),
        Shape::Leaf(leaf) => match &leaf.kind {
            LeafKind::Unsigned => format!("{slot}.unsigned(source, &key, {name})?"),
            LeafKind::Signed => format!("{slot}.signed(source, &key, {name})?"),
            LeafKind::Bool => format!("{slot}.boolean(source, &key, {name})?"),
            LeafKind::Map => format!("{slot}.map(source, &key, {name})?"),
            LeafKind::Enum(def) => format!(
                "{slot}.closed(source, &key, {name}, {}, {}::from_wire)?",
                text::lit(&allowed(def)),
                def.type_name.bare()
            ),
            LeafKind::Date { format, .. } => {
                format!("{slot}.date(source, &key, {name}, {})?", text::lit(format))
            }
            LeafKind::Currency { form, .. } => {
                format!(
                    "{slot}.currency(source, &key, {name}, {})?",
                    form.runtime_path()
                )
            }
            // Read as text above.
            LeafKind::Text | LeafKind::Code { .. } => format!("{slot}.text(source, &key, {name})?"),
        },
    }
}

/// What the slot becomes in the struct, with the tree read's rules for what is missing.
fn finish(field: &Field) -> String {
    let slot = slot(field);
    let name = text::lit(&field.wire_name);
    let optional = field.is_optional();
    if field.list {
        let list = match &field.shape {
            Shape::Object(_) => format!("{slot}.objects()"),
            Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Text) => format!("{slot}.get()"),
            Shape::Leaf(leaf) => {
                let convert = list_item_conversion(field, &leaf.kind);
                format!(
                    "match {slot}.get() {{\n                \
                     Some(items) => Some(\n                    \
                     items\n                        \
                     .iter()\n                        \
                     .map(|text| {convert})\n                        \
                     .collect::<Result<Vec<_>, _>>()?,\n                \
                     ),\n                \
                     None => None,\n            }}"
                )
            }
        };
        return if optional {
            list
        } else {
            format!("{list}.unwrap_or_default()")
        };
    }
    if read_as_text(field) {
        return match &field.shape {
            Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Text) => {
                if optional {
                    format!("{slot}.owned()")
                } else {
                    format!("{slot}.owned_or_empty()")
                }
            }
            _ => {
                let ty = leaf_type(field);
                if optional {
                    format!("{slot}.get().map(|text| {ty}::from_wire(&text))")
                } else {
                    format!("{ty}::from_wire({slot}.as_str())")
                }
            }
        };
    }
    match &field.shape {
        Shape::Object(_) if optional => format!("{slot}.get()"),
        Shape::Object(_) => format!("{slot}.object_or_empty({name})?"),
        Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Map) && !optional => {
            format!("{slot}.get().unwrap_or_default()")
        }
        _ if optional => format!("{slot}.get()"),
        _ => format!("{slot}.required({name})?"),
    }
}

/// The allowed values of a closed enum as the `not_allowed_value` limit spells them.
pub(super) fn allowed(def: &crate::model::EnumDef) -> String {
    def.variants
        .iter()
        .map(|v| v.wire.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How one text item of a list of leaves becomes its Rust value (`text: &String`), as a
/// `Result` (lists are read strictly in every mode: an item the type cannot hold is an
/// error naming the list).
pub(super) fn list_item_conversion(field: &Field, kind: &LeafKind) -> String {
    let path = text::lit(&field.path);
    let error = |problem: &str| {
        format!("rt::wire::DecodeError::new({path}, rt::wire::DecodeProblem::{problem})")
    };
    match kind {
        LeafKind::Text | LeafKind::Map => {
            "Ok::<_, rt::wire::DecodeError>(text.clone())".to_string()
        }
        LeafKind::Unsigned => format!(
            "text.trim().parse::<u64>().map_err(|_| {})",
            error("NotAnInteger { range: \"u64\" }")
        ),
        LeafKind::Signed => format!(
            "text.trim().parse::<i64>().map_err(|_| {})",
            error("NotAnInteger { range: \"i64\" }")
        ),
        LeafKind::Bool => format!(
            "text.trim().parse::<bool>().map_err(|_| {})",
            error("NotABoolean")
        ),
        LeafKind::Enum(def) if def.open => format!(
            "Ok::<_, rt::wire::DecodeError>({}::from_wire(text))",
            def.type_name.bare()
        ),
        LeafKind::Enum(def) => format!(
            "{}::from_wire(text).ok_or_else(|| {})",
            def.type_name.bare(),
            error(&format!(
                "NotAllowed {{ allowed: {} }}",
                text::lit(&allowed(def))
            ))
        ),
        LeafKind::Code { type_name, .. } => format!(
            "Ok::<_, rt::wire::DecodeError>({}::from_wire(text))",
            type_name.bare()
        ),
        LeafKind::Date { format, .. } => format!(
            "rt::dates::parse({}, text).ok_or_else(|| {})",
            text::lit(format),
            error(&format!("NotADate {{ format: {} }}", text::lit(format)))
        ),
        LeafKind::Currency { form, .. } => format!(
            "rt::Currency::from_wire({}, text).map_err(|_| {})",
            form.runtime_path(),
            error(&format!(
                "NotACurrency {{ expected: {} }}",
                text::lit(form.expected())
            ))
        ),
    }
}
