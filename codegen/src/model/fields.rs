//! Fields: names, Rust types, nested objects and enums; then their conditions.

use std::collections::BTreeMap;

use crate::diagnostic::DiagnosticKind;
use crate::format::{CharClass, Format};
use crate::spec::ast::{self, ValueType};
use crate::spec::resolve::ExprType;

use super::cx::{Cx, Origin};
use super::expr::{ExprScope, resolve_condition};
use super::naming::{self, Case, RustName};
use super::scope::Scope;
use super::{
    Citation, Condition, CurrencyForm, Direction, EnumDef, Field, Leaf, LeafKind, Object, Shape,
    Variant,
};

/// What lowering one message's fields needs to know.
pub struct Fields<'c> {
    /// The spec file.
    pub file: usize,
    /// The operation id (first part of nested type names).
    pub op_id: &'c str,
    /// Request or response.
    pub direction: Direction,
    /// Code-table types by table id.
    pub code_types: &'c BTreeMap<String, RustName>,
    /// Nested types' short names by full name (see `short_names`).
    pub short_names: &'c BTreeMap<String, String>,
}

/// Where a field list stands: its YAML place, its wire path and type-name path from the
/// message's top, and the source its fields inherit.
pub struct ListAt<'p> {
    /// YAML place of the list's owner (`operations[0].request`, or a field).
    pub origin: Origin,
    /// Wire names of the enclosing objects.
    pub wire_path: &'p [String],
    /// Type-name segments of the enclosing objects (their `rust_name` or wire name).
    pub type_path: &'p [String],
    /// The source fields inherit.
    pub source: &'p Citation,
}

/// Lowers the fields of a list, claiming struct field names in `members` and type names in
/// `types`. Every spec field yields a model field, even a broken one (with a diagnostic), so
/// that conditions can be attached position by position.
pub fn lower_fields(
    cx: &mut Cx,
    f: &Fields,
    fields: &[ast::Field],
    at: &ListAt,
    members: &mut Scope,
    types: &mut Scope,
) -> Vec<Field> {
    let mut out = Vec::with_capacity(fields.len());
    for (index, field) in fields.iter().enumerate() {
        let origin = at.origin.item("fields", index);
        let name_origin = origin.child("name");
        let named = match &field.rust_name {
            Some(given) => naming::override_name(given).map_err(|e| (e, origin.child("rust_name"))),
            None => {
                naming::sanitize(&field.name, Case::Snake).map_err(|e| (e, name_origin.clone()))
            }
        };
        let rust_name = match named {
            Ok(name) => {
                members.claim(cx, &name, &field.name, &name_origin);
                name
            }
            Err((e, place)) => {
                cx.bad_name(&place, e);
                naming::placeholder()
            }
        };
        let mut wire_path = at.wire_path.to_vec();
        wire_path.push(field.name.clone());
        let mut type_path = at.type_path.to_vec();
        type_path.push(
            field
                .rust_name
                .clone()
                .unwrap_or_else(|| field.name.clone()),
        );
        let source = match &field.source {
            Some(own) => cx.cite(f.file, own),
            None => at.source.clone(),
        };
        let shape = match &field.fields {
            Some(nested) => {
                let type_name = type_name(cx, f, &type_path, &name_origin, types);
                let mut nested_members = Scope::new(format!("struct `{type_name}`"));
                let inner = ListAt {
                    origin: origin.clone(),
                    wire_path: &wire_path,
                    type_path: &type_path,
                    source: &source,
                };
                let fields = lower_fields(cx, f, nested, &inner, &mut nested_members, types);
                Shape::Object(Object { type_name, fields })
            }
            None => Shape::Leaf(lower_leaf(cx, f, field, &origin, &type_path, types)),
        };
        out.push(Field {
            wire_name: field.name.clone(),
            path: wire_path.join("."),
            rust_name,
            presence: field.presence.into(),
            required_when: None,
            absent_when: None,
            shape,
            list: field.list,
            max_items: field.max_items,
            item: field.item.clone(),
            sensitive: field.sensitive,
            deprecated: field.deprecated.clone(),
            doc: field.doc.clone(),
            example: field.example.as_ref().map(|e| e.0.clone()),
            table_format: field.table_format.clone(),
            currency_of: field.currency.clone(),
            source,
            computed: false,
            expr_type: ExprType::of(field),
        });
    }
    check_money_pairs(cx, &out, &at.origin);
    out
}

/// `<Op><Request|Response><FieldPath>`, claimed in the module's type scope (so that two spec
/// names meeting in one Rust name are reported), then the short name planned for it.
fn type_name(
    cx: &mut Cx,
    f: &Fields,
    type_path: &[String],
    origin: &Origin,
    types: &mut Scope,
) -> RustName {
    let mut parts: Vec<&str> = vec![f.op_id, f.direction.word()];
    parts.extend(type_path.iter().map(String::as_str));
    match naming::sanitize_path(&parts) {
        Ok(name) => {
            let described = format!(
                "{} {}",
                f.direction.word().to_lowercase(),
                type_path.join(".")
            );
            types.claim(cx, &name, &described, origin);
            match f.short_names.get(name.bare()) {
                // A planned name joins sanitized segments, so it is an identifier.
                Some(short) => naming::sanitize_path(&[short]).unwrap_or(name),
                None => name,
            }
        }
        Err(e) => {
            cx.bad_name(origin, e);
            naming::placeholder()
        }
    }
}

fn lower_leaf(
    cx: &mut Cx,
    f: &Fields,
    field: &ast::Field,
    origin: &Origin,
    type_path: &[String],
    types: &mut Scope,
) -> Leaf {
    let format = match &field.format {
        Some(format) => format.clone(),
        None => {
            cx.report(
                origin,
                DiagnosticKind::Shape,
                format!(
                    "field `{}` has neither a `format` nor nested `fields`",
                    field.name
                ),
                "a `format` (a value) or `fields` (an object)",
            );
            Format::Chars {
                class: CharClass::Text,
                length: crate::format::Length::Any,
            }
        }
    };
    let is_chars = matches!(
        format,
        Format::Chars { .. } | Format::Date { .. } | Format::DateTime
    );
    let kind = if field.value_type == Some(ValueType::Currency) {
        currency_kind(cx, field, &format, origin)
    } else if let Some(table) = &field.code_table {
        match f.code_types.get(table) {
            Some(type_name) => LeafKind::Code {
                table: table.clone(),
                type_name: type_name.clone(),
            },
            None => {
                cx.report(
                    &origin.child("code_table"),
                    DiagnosticKind::UnknownName,
                    format!("code table `{table}` is not defined by provider files"),
                    "the id of a code table of the same provider",
                );
                LeafKind::Text
            }
        }
    } else if format == Format::Bool {
        LeafKind::Bool
    } else if format == Format::Int64 && field.currency.is_some() {
        // An amount of money: minor units, never negative in these messages, so one `u64`
        // for every provider (a negative value on the wire is a decode error naming it).
        LeafKind::Unsigned
    } else if format == Format::Int64 {
        LeafKind::Signed
    } else if field.value_type == Some(ValueType::Integer) {
        match format {
            Format::Chars {
                class: CharClass::Numeric,
                ..
            } => LeafKind::Unsigned,
            _ => {
                cx.report(
                    &origin.child("type"),
                    DiagnosticKind::Inconsistent,
                    format!("`type: integer` with the format `{format}`"),
                    "an `n` format (`n..10`) or `int64` for a number",
                );
                LeafKind::Text
            }
        }
    } else if field.value_type == Some(ValueType::Map) {
        LeafKind::Map
    } else if let Format::Date { parts, .. } = &format
        && field.values.is_empty()
        && field.fixed.is_none()
    {
        LeafKind::Date {
            format: format.notation(),
            time: parts
                .iter()
                .any(|p| matches!(p, crate::format::DatePart::Hour)),
        }
    } else if !field.values.is_empty() {
        LeafKind::Enum(lower_enum(cx, f, field, origin, type_path, types))
    } else {
        LeafKind::Text
    };
    if !is_chars
        && matches!(
            kind,
            LeafKind::Text | LeafKind::Enum(_) | LeafKind::Code { .. } | LeafKind::Map
        )
    {
        cx.report(
            &origin.child("format"),
            DiagnosticKind::Inconsistent,
            format!("the format `{format}` cannot carry text"),
            "a character format (`ans..30`), a date, or a `type` matching the format",
        );
    }
    if let Format::Date { mask, parts } = &format
        && parts
            .iter()
            .any(|p| matches!(p, crate::format::DatePart::Literal(c) if !c.is_ascii()))
    {
        cx.report(
            &origin.child("format"),
            DiagnosticKind::Inconsistent,
            format!("the date mask `{mask}` has a separator outside ASCII"),
            "ASCII separators such as `/`, `-`, `:`, `.` or a space",
        );
    }
    let forbidden = field.forbidden.clone();
    if let Some(chars) = &forbidden
        && !chars.is_ascii()
    {
        cx.report(
            &origin.child("forbidden"),
            DiagnosticKind::Inconsistent,
            "forbidden characters outside ASCII",
            "ASCII characters (the byte scan of the generated check works on ASCII)",
        );
    }
    Leaf {
        format,
        kind,
        fixed: field.fixed.as_ref().map(|v| v.0.clone()),
        min: field.min,
        max: field.max,
        forbidden,
        prefix: field.prefix.clone(),
        url: field.url.as_ref().map(Into::into),
        carry: super::Carry::Any,
    }
}

/// `type: currency`: the wire form from the format (`a3`, `n3`), and the spec's `values` as
/// a restriction of ISO 4217 codes of that form.
fn currency_kind(cx: &mut Cx, field: &ast::Field, format: &Format, origin: &Origin) -> LeafKind {
    let Some(form) = CurrencyForm::of(format) else {
        cx.report(
            &origin.child("format"),
            DiagnosticKind::Inconsistent,
            format!("`type: currency` with the format `{format}`"),
            "`a3` (alphabetic ISO 4217 code, `EUR`) or `n3` (numeric, `978`)",
        );
        return LeafKind::Text;
    };
    if field.fixed.is_some() {
        // Not silently dropped: a one-currency restriction is a one-item `values`.
        cx.report(
            &origin.child("fixed"),
            DiagnosticKind::Inconsistent,
            format!("`fixed` on `{}`, a `type: currency` field", field.name),
            "`values` with the one accepted code (a restriction `validate()` checks)",
        );
    }
    let mut allowed = Vec::with_capacity(field.values.len());
    for (index, value) in field.values.iter().enumerate() {
        match form.alpha_of(value.value()) {
            Some(alpha) => allowed.push((value.value().to_string(), alpha.to_string())),
            None => cx.report(
                &origin.item("values", index),
                DiagnosticKind::UnknownValue,
                format!("`{}` is not an ISO 4217 currency", value.value()),
                form.expected(),
            ),
        }
    }
    LeafKind::Currency { form, allowed }
}

/// Spec key `currency` on an amount: it names a sibling currency field, the amount is an
/// integer outside lists, and a struct has one such pair (its `money()`).
fn check_money_pairs(cx: &mut Cx, fields: &[Field], at: &Origin) {
    let mut pairs = 0;
    for (index, field) in fields.iter().enumerate() {
        let Some(currency) = &field.currency_of else {
            continue;
        };
        let origin = at.item("fields", index).child("currency");
        pairs += 1;
        let sibling = fields.iter().find(|f| &f.wire_name == currency);
        let amount = matches!(&field.shape, Shape::Leaf(l) if matches!(l.kind, LeafKind::Unsigned));
        let problem = if !amount || field.list {
            Some(format!(
                "`currency` on `{}`, which is not a single integer amount",
                field.path
            ))
        } else if !sibling.is_some_and(|f| {
            !f.list
                && matches!(&f.shape, Shape::Leaf(l) if matches!(l.kind, LeafKind::Currency { .. }))
        }) {
            Some(format!(
                "`currency: {currency}` of `{}` names no sibling field of `type: currency`",
                field.path
            ))
        } else if pairs > 1 {
            Some(format!(
                "`{}` is a second amount with a `currency` in the same object",
                field.path
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            cx.report(
                &origin,
                DiagnosticKind::Inconsistent,
                problem,
                "one amount per object (`type: integer` or `int64`) naming a sibling field of `type: currency`",
            );
        }
    }
}

fn lower_enum(
    cx: &mut Cx,
    f: &Fields,
    field: &ast::Field,
    origin: &Origin,
    type_path: &[String],
    types: &mut Scope,
) -> EnumDef {
    let type_name = type_name(cx, f, type_path, &origin.child("name"), types);
    let open = f.direction == Direction::Response;
    let mut scope = Scope::new(format!("enum `{type_name}`"));
    if open {
        scope.reserve("Unknown", "it keeps the values the spec does not list");
    }
    let mut variants = Vec::new();
    for (index, value) in field.values.iter().enumerate() {
        let value_origin = origin.item("values", index);
        match naming::sanitize(value.value(), Case::UpperCamel) {
            Ok(rust_name) => {
                scope.claim(cx, &rust_name, value.value(), &value_origin);
                variants.push(Variant {
                    wire: value.value().to_string(),
                    rust_name,
                    doc: value.doc().map(String::from),
                });
            }
            Err(e) => cx.bad_name(&value_origin, e),
        }
    }
    EnumDef {
        type_name,
        open,
        variants,
    }
}

/// Resolves the `required_when` / `absent_when` of every field of `model` (lowered from
/// `fields` at `list`) in `scope`.
pub fn attach_conditions(
    cx: &mut Cx,
    fields: &[ast::Field],
    model: &mut [Field],
    list: &Origin,
    scope: &ExprScope,
    in_list: bool,
) {
    for (index, (spec, field)) in fields.iter().zip(model.iter_mut()).enumerate() {
        let origin = list.item("fields", index);
        for (key, condition, slot) in [
            (
                "required_when",
                &spec.required_when,
                &mut field.required_when,
            ),
            ("absent_when", &spec.absent_when, &mut field.absent_when),
        ] {
            let Some(condition) = condition else { continue };
            let at = origin.child(key);
            if in_list {
                cx.report(
                    &at,
                    DiagnosticKind::Inconsistent,
                    format!("a condition on `{}`, a field inside a list", field.path),
                    "conditions on fields outside lists (a path cannot name one item of a list)",
                );
                continue;
            }
            *slot = resolve_condition(cx, condition, scope, &at).map(|cond| Condition {
                text: condition.text.clone(),
                cond,
            });
        }
        if let (Some(nested), Shape::Object(object)) = (&spec.fields, &mut field.shape) {
            attach_conditions(
                cx,
                nested,
                &mut object.fields,
                &origin,
                scope,
                in_list || field.list,
            );
        }
    }
}
