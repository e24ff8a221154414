//! The one writer of every struct (issue 15): `write_fields`, which hands the fields to a
//! `rt::wire::FieldSink` in spec order under their wire names (then the extras), and
//! `to_wire`, the tree built by the same writer through `rt::wire::TreeSink`. The encoders
//! (`to_json`, `to_soap`, the form calls, `to_query`) pass their own sink to `write_fields`,
//! so every wire is written from this one description of the struct, in one pass.

use std::fmt::Write as _;

use super::text;

use crate::model::{CurrencyForm, Field, LeafKind, Shape};

/// `to_wire` (its doc comment written by the caller) and `write_fields`; `extras`: a
/// top-level message, whose extras follow the spec's fields.
pub(super) fn to_wire_fn(out: &mut String, fields: &[Field], extras: bool) {
    let _ = write!(
        out,
        "    pub fn to_wire(&self) -> rt::wire::WireObject {{\n        \
         let mut sink = rt::wire::TreeSink::with_capacity({});\n        \
         self.write_fields(&mut sink);\n        \
         sink.finish()\n    }}\n\n",
        fields.len()
    );
    let then = if extras { ", then the extras" } else { "" };
    let _ = writeln!(
        out,
        "    /// Writes the fields to `sink` in spec order under their wire names{then}: the one \
         description of this type's wire shape, behind [`Self::to_wire`] and every encoder."
    );
    // An empty message (a webhook's request: the merchant sends nothing) writes nothing.
    let sink = if fields.is_empty() && !extras {
        "_sink"
    } else {
        "sink"
    };
    let _ = writeln!(
        out,
        "    pub fn write_fields<S: rt::wire::FieldSink + ?Sized>(&self, {sink}: &mut S) {{"
    );
    for field in fields {
        out.push_str(&write_field(field));
    }
    if extras {
        out.push_str("        sink.extras(&self.extras);\n");
    }
    out.push_str("    }\n");
}

/// The statements writing one field (indented for a method body, with their newlines).
fn write_field(field: &Field) -> String {
    let name = text::lit(&field.wire_name);
    if field.computed {
        // The slot keeps the field's place in spec order; a signing sink puts the `MAC` there.
        return format!("        sink.computed({name});\n");
    }
    let member = field.rust_name.ident().to_string();
    let optional = field.is_optional();
    if field.list {
        return write_list(field, &name, &member, optional);
    }
    // A value given by reference (`v`, or the member itself).
    let (binding, head) = match (&field.shape, optional) {
        (_, false) => (format!("self.{member}"), None),
        (Shape::Leaf(leaf), true) => match leaf.kind {
            // `Some("")` validates as absent, so it is sent as absent: an empty
            // `"countryCode": ""` is a value the provider may read, not a missing one.
            LeafKind::Text => (
                "v".to_string(),
                Some(format!(
                    "if let Some(v) = self.{member}.as_ref().filter(|v| !v.is_empty()) {{"
                )),
            ),
            // Copy types: the value itself.
            LeafKind::Unsigned
            | LeafKind::Signed
            | LeafKind::Bool
            | LeafKind::Date { .. }
            | LeafKind::Currency { .. } => (
                "v".to_string(),
                Some(format!("if let Some(v) = self.{member} {{")),
            ),
            LeafKind::Enum(_) | LeafKind::Code { .. } | LeafKind::Map => (
                "v".to_string(),
                Some(format!("if let Some(v) = &self.{member} {{")),
            ),
        },
        (Shape::Object(_), true) => (
            "v".to_string(),
            Some(format!("if let Some(v) = &self.{member} {{")),
        ),
    };
    match head {
        None => indent(&one_value(field, &name, &binding, Reach::Place), 2),
        Some(head) => {
            let reach = if is_ref_binding(field) {
                Reach::Ref
            } else {
                Reach::Copy
            };
            let body = one_value(field, &name, &binding, reach);
            format!("        {head}\n{}        }}\n", indent(&body, 3))
        }
    }
}

/// Whether an optional field's `v` is a reference (its `if let` borrows).
fn is_ref_binding(field: &Field) -> bool {
    match &field.shape {
        Shape::Object(_) => true,
        Shape::Leaf(leaf) => matches!(
            leaf.kind,
            LeafKind::Text | LeafKind::Enum(_) | LeafKind::Code { .. } | LeafKind::Map
        ),
    }
}

/// How the value a statement writes is reached.
#[derive(Clone, Copy)]
enum Reach {
    /// A place (`self.member`).
    Place,
    /// A binding holding a reference (`if let Some(v) = &..`, `for v in ..`).
    Ref,
    /// A binding holding a copy (`if let Some(v) = self.member` of a `Copy` type).
    Copy,
}

/// The statements writing one value (an item, or the whole field) named `name`; `value` is
/// the expression reaching it, as `reach` says.
fn one_value(field: &Field, name: &str, value: &str, reach: Reach) -> String {
    let place = matches!(reach, Reach::Place);
    let by_ref = matches!(reach, Reach::Ref);
    // The value as `&T` when a method needs a reference, and as `T` for Copy types.
    let as_ref = if place || !by_ref {
        format!("&{value}")
    } else {
        value.to_string()
    };
    let as_copy = if place || !by_ref {
        value.to_string()
    } else {
        format!("*{value}")
    };
    match &field.shape {
        Shape::Object(_) => {
            format!("sink.begin_object({name});\n{value}.write_fields(sink);\nsink.end_object();\n")
        }
        Shape::Leaf(leaf) => match &leaf.kind {
            LeafKind::Text => format!("sink.text({name}, {as_ref});\n"),
            LeafKind::Unsigned => format!("sink.unsigned({name}, {as_copy});\n"),
            LeafKind::Signed => format!("sink.signed({name}, {as_copy});\n"),
            LeafKind::Bool => format!("sink.boolean({name}, {as_copy});\n"),
            LeafKind::Enum(_) => format!("sink.text({name}, {value}.as_str());\n"),
            LeafKind::Code { .. } => format!("sink.text({name}, {value}.code());\n"),
            LeafKind::Map => format!("rt::wire::write_map(sink, {name}, {as_ref});\n"),
            LeafKind::Currency { form, .. } => {
                let text = match form {
                    CurrencyForm::Alphabetic => "alpha()",
                    CurrencyForm::Numeric => "numeric_text().as_str()",
                };
                format!("sink.text({name}, {value}.{text});\n")
            }
            LeafKind::Date { format, .. } => format!(
                "sink.text({name}, &rt::dates::write({as_copy}, {}));\n",
                text::lit(format)
            ),
        },
    }
}

/// A list: its items under the list's name, or, for a wrapped list (SOAP's
/// `<selectedContractList><selectedContract>..`), an object whose items repeat the item's
/// name. `Some(vec![])` validates as absent, so it is sent as absent.
fn write_list(field: &Field, name: &str, member: &str, optional: bool) -> String {
    let (open, close, item) = match &field.item {
        Some(item) => ("begin_object", "end_object", text::lit(item)),
        None => ("begin_list", "end_list", name.to_string()),
    };
    let items = if optional {
        "list".to_string()
    } else {
        format!("&self.{member}")
    };
    let body = format!(
        "sink.{open}({name});\nfor v in {items} {{\n{}}}\nsink.{close}();\n",
        indent(&one_value(field, &item, "v", Reach::Ref), 1)
    );
    if optional {
        format!(
            "        if let Some(list) = self.{member}.as_ref().filter(|v| !v.is_empty()) {{\n{}        }}\n",
            indent(&body, 3)
        )
    } else {
        indent(&body, 2)
    }
}

/// `body`'s lines indented by `levels` times four spaces.
fn indent(body: &str, levels: usize) -> String {
    let pad = "    ".repeat(levels);
    body.lines().fold(String::new(), |mut out, line| {
        let _ = writeln!(out, "{pad}{line}");
        out
    })
}
