//! Each field's own statements: unique wire names, format on leaves only, presence and its
//! conditions, type and range, allowed and fixed values, list limits, names of tables and of
//! Rust identifiers.

use std::collections::HashMap;

use crate::diagnostic::DiagnosticKind;
use crate::format::{CharClass, Format};
use crate::spec::ast::{Field, Presence, ValueType};

use super::exprs::{self, Scope};
use super::{Cx, list, names, suggest};

/// Checks the field list at `at` (`operations[0].request`), its nested lists, and the
/// conditions of its fields against `scope`.
pub(super) fn check_list(cx: &mut Cx<'_>, at: &str, fields: &[Field], scope: Scope<'_>) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (i, field) in fields.iter().enumerate() {
        let path = format!("{at}.fields[{i}]");
        if let Some(first) = seen.get(field.name.as_str()) {
            let first_line = cx.line(first);
            cx.report(
                DiagnosticKind::Duplicate,
                &format!("{path}.name"),
                format!(
                    "wire name `{}` appears twice in this field list (first at line {first_line})",
                    field.name
                ),
                "each wire name once per field list",
            );
        } else {
            seen.insert(&field.name, path.clone());
        }
        check_field(cx, &path, field, scope);
    }
    dotted_beside_object(cx, at, fields);
}

/// A name holding dots (`Card.Number`, a leaf) beside an object whose nested path spells the
/// same (`Card` holding `Number`): both are `Card.Number` in a dotted request, in a
/// condition and in a report, so neither could be told from the other.
fn dotted_beside_object(cx: &mut Cx<'_>, at: &str, fields: &[Field]) {
    if !fields.iter().any(|field| field.name.contains('.')) {
        return;
    }
    let mut nested: HashMap<String, &str> = HashMap::new();
    for field in fields {
        if let Some(inner) = &field.fields {
            nested_paths(&field.name, inner, &field.name, &mut nested);
        }
    }
    for (i, field) in fields.iter().enumerate() {
        if let Some(object) = nested.get(field.name.as_str()) {
            cx.report(
                DiagnosticKind::Duplicate,
                &format!("{at}.fields[{i}].name"),
                format!(
                    "wire name `{}` is also the path of a field inside the object `{object}` of this list",
                    field.name
                ),
                "dotted paths that name one field each (rename one, or move the leaf into the object)",
            );
        }
    }
}

/// Every dotted path below an object (`Card.Number`, `Card.Holder.Name`), with the name of the
/// top object. Bounded: the YAML's nesting is (serde_yaml's limit, and the loader's).
fn nested_paths<'a>(
    prefix: &str,
    fields: &[Field],
    top: &'a str,
    out: &mut HashMap<String, &'a str>,
) {
    for field in fields {
        let path = format!("{prefix}.{}", field.name);
        if let Some(inner) = &field.fields {
            nested_paths(&path, inner, top, out);
        }
        out.insert(path, top);
    }
}

fn check_field(cx: &mut Cx<'_>, at: &str, field: &Field, scope: Scope<'_>) {
    let name = field.name.as_str();
    let key = |k: &str| format!("{at}.{k}");
    if name.trim().is_empty() {
        cx.report(
            DiagnosticKind::Shape,
            &key("name"),
            "empty wire name",
            "the name as the provider spells it",
        );
    } else if name != name.trim() || name.chars().any(char::is_control) {
        cx.report(
            DiagnosticKind::Shape,
            &key("name"),
            format!("wire name `{name}` has surrounding spaces or control characters"),
            "the name as the provider spells it",
        );
    }

    presence(cx, at, field, scope);
    echoes(cx, at, field, scope);

    if let Some(nested) = &field.fields {
        object(cx, at, field);
        if nested.is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &key("fields"),
                format!("object field `{name}` has no fields"),
                "at least one nested field (or a leaf with a `format`)",
            );
        }
        check_list(cx, at, nested, scope);
    } else {
        leaf(cx, at, field);
    }

    if field.max_items.is_some() && !field.list {
        cx.report(
            DiagnosticKind::Inconsistent,
            &key("max_items"),
            format!("`max_items` on `{name}`, which is not a list"),
            "`list: true` next to `max_items`",
        );
    }
    if field.max_items == Some(0) {
        cx.report(
            DiagnosticKind::Shape,
            &key("max_items"),
            "`max_items: 0` admits no item",
            "a positive number",
        );
    }

    if let Some(rust_name) = &field.rust_name
        && let Err(why) = names::check_rust_name(rust_name)
    {
        cx.report(
            DiagnosticKind::Shape,
            &key("rust_name"),
            format!("rust_name `{rust_name}` {why}"),
            "a snake_case Rust identifier such as `buyer_id_code`, not a keyword",
        );
    }
}

/// `presence: C` needs a condition; conditions need `presence: C`.
fn presence(cx: &mut Cx<'_>, at: &str, field: &Field, scope: Scope<'_>) {
    let name = field.name.as_str();
    match field.presence {
        Presence::C => {
            if field.required_when.is_none() && field.absent_when.is_none() {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &format!("{at}.presence"),
                    format!("`{name}` is conditional (C) but states no condition"),
                    "`required_when` and/or `absent_when` with a C field (or presence M or O)",
                );
            }
        }
        other => {
            for (key, condition) in [
                ("required_when", &field.required_when),
                ("absent_when", &field.absent_when),
            ] {
                if condition.is_some() {
                    cx.report(
                        DiagnosticKind::Inconsistent,
                        &format!("{at}.{key}"),
                        format!("`{key}` on `{name}`, whose presence is {}", other.as_str()),
                        format!("`presence: C` with `{key}`, or no condition"),
                    );
                }
            }
        }
    }
    // The same condition both ways: whenever it holds the field must be present and absent
    // at once, so no message could ever satisfy it (compared as parsed: spacing aside).
    if let (Some(required), Some(absent)) = (&field.required_when, &field.absent_when)
        && required.expr == absent.expr
    {
        let required_line = cx.line(&format!("{at}.required_when"));
        cx.report(
            DiagnosticKind::Inconsistent,
            &format!("{at}.absent_when"),
            format!(
                "`{name}` must be present and absent under the same condition `{}` (required_when at line {required_line})",
                absent.text
            ),
            "different conditions for `required_when` and `absent_when`",
        );
    }
    for (key, condition) in [
        ("required_when", &field.required_when),
        ("absent_when", &field.absent_when),
    ] {
        if let Some(condition) = condition {
            exprs::check_condition(cx, &format!("{at}.{key}"), condition, scope);
            if let Some(path) = exprs::names_itself(condition, scope, field) {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &format!("{at}.{key}"),
                    format!(
                        "the `{key}` of `{}` names `{path}`, the field itself",
                        field.name
                    ),
                    "a condition over other fields",
                );
            }
        }
    }
}

/// An object carries nested fields only: no format nor any statement about a value.
fn object(cx: &mut Cx<'_>, at: &str, field: &Field) {
    let name = field.name.as_str();
    let stray: [(&str, bool); 12] = [
        ("format", field.format.is_some()),
        ("table_format", field.table_format.is_some()),
        (
            "type",
            field.value_type.is_some_and(|t| t != ValueType::String),
        ),
        ("values", !field.values.is_empty()),
        ("fixed", field.fixed.is_some()),
        ("min", field.min.is_some()),
        ("max", field.max.is_some()),
        ("forbidden", field.forbidden.is_some()),
        ("prefix", field.prefix.is_some()),
        ("url", field.url.is_some()),
        ("code_table", field.code_table.is_some()),
        ("example", field.example.is_some()),
    ];
    for (key, present) in stray {
        if present {
            cx.report(
                DiagnosticKind::Inconsistent,
                &format!("{at}.{key}"),
                format!("`{key}` on `{name}`, which is an object (it has `fields`)"),
                format!(
                    "`{key}` on a leaf field only; an object is described by its nested fields"
                ),
            );
        }
    }
}

/// A leaf has a format, and everything it states about values fits that format.
fn leaf(cx: &mut Cx<'_>, at: &str, field: &Field) {
    let name = field.name.as_str();
    let Some(format) = &field.format else {
        cx.report(
            DiagnosticKind::Shape,
            at,
            format!("leaf field `{name}` has no `format`"),
            "a `format` (e.g. `ans..30`), or nested `fields` for an object",
        );
        return;
    };
    leaf_numbers(cx, at, field, format);
    leaf_values(cx, at, field, format);
    leaf_text(cx, at, field, format);
}

/// The most digits every value of which fits a `u64` (its maximum has 20 digits, but not
/// every 20-digit number is below it).
const MAX_U64_DIGITS: u32 = 19;

/// `type: integer` against the format, and `min`/`max`.
fn leaf_numbers(cx: &mut Cx<'_>, at: &str, field: &Field, format: &Format) {
    let name = field.name.as_str();
    let key = |k: &str| format!("{at}.{k}");
    let integer = field.value_type == Some(ValueType::Integer);

    if integer
        && !matches!(
            format,
            Format::Int64
                | Format::Chars {
                    class: CharClass::Numeric,
                    ..
                }
        )
    {
        cx.report(
            DiagnosticKind::Inconsistent,
            &key("type"),
            format!("`{name}` is `type: integer` but its format is `{format}`"),
            "an `n` format (e.g. `n..10`) or `int64` with `type: integer`",
        );
    }
    // An `n` field with `type: integer` is a `u64` in the generated code: a bounded format
    // longer than 19 digits admits values it cannot hold (20 nines are over u64::MAX), and
    // digits carry no sign, so a negative bound can never be reached. (An `n` without a
    // length is left to the runtime, which refuses a value out of range by name: the
    // documents that print it give no bound to check.)
    if integer
        && let Format::Chars {
            class: CharClass::Numeric,
            length,
        } = format
    {
        if let Some(max_digits) = length.max()
            && max_digits > MAX_U64_DIGITS
        {
            cx.report(
                DiagnosticKind::Inconsistent,
                &key("format"),
                format!(
                    "`{name}` is `type: integer` but its format `{format}` admits {max_digits} digits, more than an unsigned 64-bit integer holds"
                ),
                format!(
                    "an `n` format of at most {MAX_U64_DIGITS} digits with `type: integer`, or text (no `type`)"
                ),
            );
        }
        for (k, bound) in [("min", field.min), ("max", field.max)] {
            if let Some(bound) = bound
                && bound < 0
            {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &key(k),
                    format!(
                        "`{k}: {bound}` on `{name}`, whose format `{format}` is digits only (never negative)"
                    ),
                    format!("a `{k}` of 0 or more (negative numbers need `int64`)"),
                );
            }
        }
    }
    for (k, bound) in [("min", field.min), ("max", field.max)] {
        if bound.is_some() && !integer {
            cx.report(
                DiagnosticKind::Inconsistent,
                &key(k),
                format!("`{k}` on `{name}`, which is not `type: integer`"),
                "`min`/`max` only with `type: integer` (lengths go in the format)",
            );
        }
    }
    if let (Some(min), Some(max)) = (field.min, field.max)
        && min > max
    {
        cx.report(
            DiagnosticKind::Inconsistent,
            &key("max"),
            format!("`{name}` has min {min} above max {max}"),
            "min <= max",
        );
    }
}

/// Allowed values, the fixed value and the example against the format.
fn leaf_values(cx: &mut Cx<'_>, at: &str, field: &Field, format: &Format) {
    let name = field.name.as_str();
    let key = |k: &str| format!("{at}.{k}");

    let mut seen: HashMap<&str, String> = HashMap::new();
    for (i, value) in field.values.iter().enumerate() {
        let path = format!("{at}.values[{i}]");
        let text = value.value();
        if !format.admits(text) {
            cx.report(
                DiagnosticKind::Inconsistent,
                &path,
                format!("value `{text}` of `{name}` does not fit its format `{format}`"),
                format!("values of the format `{format}`"),
            );
        }
        if let Some(first) = seen.get(text) {
            let first_line = cx.line(first);
            cx.report(
                DiagnosticKind::Duplicate,
                &path,
                format!("value `{text}` of `{name}` is listed twice (first at line {first_line})"),
                "each allowed value once",
            );
        } else {
            seen.insert(text, path);
        }
    }

    if let Some(fixed) = &field.fixed {
        let text = fixed.0.as_str();
        if !format.admits(text) {
            cx.report(
                DiagnosticKind::Inconsistent,
                &key("fixed"),
                format!("fixed value `{text}` of `{name}` does not fit its format `{format}`"),
                format!("a fixed value of the format `{format}`"),
            );
        } else if !field.values.is_empty() && !field.values.iter().any(|v| v.value() == text) {
            cx.report(
                DiagnosticKind::Inconsistent,
                &key("fixed"),
                format!("fixed value `{text}` of `{name}` is not among its values"),
                format!("one of {}", list(field.values.iter().map(|v| v.value()))),
            );
        }
    }

    if let Some(example) = &field.example
        && !format.admits(&example.0)
    {
        cx.report(
            DiagnosticKind::Inconsistent,
            &key("example"),
            format!(
                "example `{}` of `{name}` does not fit its format `{format}`",
                example.0
            ),
            format!("an example of the format `{format}`"),
        );
    }
}

/// `forbidden`, `prefix`, `table_format` and `code_table`.
fn leaf_text(cx: &mut Cx<'_>, at: &str, field: &Field, format: &Format) {
    let name = field.name.as_str();
    let key = |k: &str| format!("{at}.{k}");
    let integer = field.value_type == Some(ValueType::Integer);

    if field.forbidden.as_deref().is_some_and(str::is_empty) {
        cx.report(
            DiagnosticKind::Shape,
            &key("forbidden"),
            format!("`forbidden` of `{name}` is empty"),
            "the characters the value must not contain, e.g. \"#&%+\" (or no `forbidden`)",
        );
    }

    // A prefix is checked with `starts_with` on the text: it must be non-empty, on a text
    // field, and able to start a value of the format (else no value could ever pass).
    if let Some(prefix) = &field.prefix {
        if prefix.is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &key("prefix"),
                format!("`prefix` of `{name}` is empty"),
                "the text every value must start with, e.g. \"requestPayment:\" (or no `prefix`)",
            );
        } else if integer || field.value_type == Some(ValueType::Map) {
            cx.report(
                DiagnosticKind::Inconsistent,
                &key("prefix"),
                format!("`prefix` on `{name}`, which is not text"),
                "`prefix` on a text field only",
            );
        } else if !super::code_tables::admits_prefix(format, prefix) {
            cx.report(
                DiagnosticKind::Inconsistent,
                &key("prefix"),
                format!(
                    "prefix `{prefix}` of `{name}` cannot start a value of its format `{format}`"
                ),
                format!("a prefix of the format `{format}` (its characters, at most its length)"),
            );
        }
    }

    if let Some(table_format) = &field.table_format {
        if !names::is_table_format(table_format) {
            cx.report(
                DiagnosticKind::Shape,
                &key("table_format"),
                format!("table_format `{table_format}` of `{name}` is not a format"),
                "a format in the spec notation (`an..128`) or a documented provider notation (Monext `AN50`, `N12`; Adyen `string, max 80`)",
            );
        } else if Format::parse(table_format).is_ok_and(|f| &f == format) {
            cx.report(
                DiagnosticKind::Inconsistent,
                &key("table_format"),
                format!("table_format `{table_format}` of `{name}` equals its format"),
                "`table_format` only where `format` deliberately differs from the table",
            );
        }
    }

    if let Some(table) = &field.code_table
        && cx.provider.table(table).is_none()
    {
        unknown_code_table(
            cx,
            &key("code_table"),
            table,
            format!("code_table `{table}` of `{name}` names no code table"),
        );
    }
}

/// Reports `table`, named at `path`, as no code table of the provider: `problem`, and as
/// expected the provider's tables, with the closest one to `table` if there is one.
pub(super) fn unknown_code_table(cx: &mut Cx<'_>, path: &str, table: &str, problem: String) {
    let ids: Vec<&str> = cx
        .provider
        .tables
        .iter()
        .map(|t| t.item.id.as_str())
        .collect();
    unknown_among(
        cx,
        path,
        problem,
        "a code table of this provider",
        table,
        &ids,
    );
}

/// Reports `name`, at `path`, as none of `ids`: `problem`, and as expected `what` with the list
/// of `ids`, and the closest of them to `name` if there is one.
pub(super) fn unknown_among(
    cx: &mut Cx<'_>,
    path: &str,
    problem: String,
    what: &str,
    name: &str,
    ids: &[&str],
) {
    let expected = suggest(
        cx,
        &format!("{what} ({})", list(ids.iter().copied())),
        name,
        ids.iter().copied(),
    );
    cx.unknown_shared(path, problem, expected);
}

/// `echoes`: on a response leaf (not a map, not a list), naming a request leaf outside
/// lists. (Whether the response field itself sits inside a list is checked when lowering.)
fn echoes(cx: &mut Cx<'_>, at: &str, field: &Field, scope: Scope<'_>) {
    let Some(target) = &field.echoes else { return };
    let name = field.name.as_str();
    let at = format!("{at}.echoes");
    if scope.request.is_none() {
        cx.report(
            DiagnosticKind::Inconsistent,
            &at,
            format!("`echoes` on request field `{name}`"),
            "`echoes` on response fields only (a response field naming the request field it hands back)",
        );
        return;
    }
    if field.is_object() || field.list || field.value_type == Some(ValueType::Map) {
        cx.report(
            DiagnosticKind::Inconsistent,
            &at,
            format!("`echoes` on `{name}`, which is an object, a list or a map"),
            "`echoes` on a response leaf that holds one value",
        );
        return;
    }
    // The request the response answers (`answers`, else the operation's own); none when
    // `answers` names an unknown operation, already reported.
    let Some((answered, request)) = scope.echoes else {
        return;
    };
    let mut fields = request;
    let mut found = None;
    for segment in target.split('.') {
        let Some(next) = fields.iter().find(|f| f.name == segment) else {
            found = None;
            break;
        };
        found = Some(next);
        if next.list {
            // A path through a list cannot name one item: reported below.
            break;
        }
        fields = next.fields.as_deref().unwrap_or_default();
    }
    let problem = match found {
        None => Some(DiagnosticKind::UnknownName),
        Some(f) if f.list || f.is_object() || f.value_type == Some(ValueType::Map) => {
            Some(DiagnosticKind::Inconsistent)
        }
        Some(_) => None,
    };
    if let Some(kind) = problem {
        cx.report(
            kind,
            &at,
            format!(
                "`echoes: {target}` of `{name}` names no single-valued field of the `{answered}` request"
            ),
            "the dotted wire path of a leaf outside lists, not a map, of the request the response answers (e.g. `TransID`, `order.ref`)",
        );
    }
}
