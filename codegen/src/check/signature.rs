//! `signature:` and `outcome:` of an operation: every path they give must name what the
//! generated code will reach through it, in the response.
//!
//! - `scope` names an object of the response (lists on the way are crossed);
//! - `signature.fields[]` and `outcome.code[]` name single values inside a scoped object
//!   (not objects, not lists, not maps: their text must be one string);
//! - `signature.at` names a text value inside a scoped object, or a key of a string map
//!   there (`additionalData.hmacSignature`); that field must be `sensitive: true`, so that the
//!   signature never shows in `Debug` or in `pspec decode` output, and it must not be one of
//!   the signed fields (a signature cannot cover itself);
//! - `outcome.table` names a code table of the provider.

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast::{Field, Operation, ValueType};

use super::{Cx, suggest};

pub(super) fn check(cx: &mut Cx<'_>, at: &str, op: &Operation) {
    if let Some(signature) = &op.signature {
        let at = format!("{at}.signature");
        if let Some(scoped) = scope(cx, &format!("{at}.scope"), &signature.scope, op) {
            if signature.fields.is_empty() {
                cx.report(
                    DiagnosticKind::Shape,
                    &format!("{at}.fields"),
                    "`signature.fields` is empty: the signature would cover nothing",
                    "the signed fields, in signing order",
                );
            }
            for (i, path) in signature.fields.iter().enumerate() {
                value(cx, &format!("{at}.fields[{i}]"), path, scoped, "signature");
            }
            carrier(cx, &at, &signature.at, &signature.fields, scoped);
        }
    }
    if let Some(outcome) = &op.outcome {
        let at = format!("{at}.outcome");
        if let Some(scoped) = scope(cx, &format!("{at}.scope"), &outcome.scope, op) {
            if outcome.code.is_empty() {
                cx.report(
                    DiagnosticKind::Shape,
                    &format!("{at}.code"),
                    "`outcome.code` is empty",
                    "the fields whose joined values make the code",
                );
            }
            for (i, path) in outcome.code.iter().enumerate() {
                value(cx, &format!("{at}.code[{i}]"), path, scoped, "outcome");
            }
        }
        if cx.provider.table(&outcome.table).is_none() {
            let provider = cx.provider;
            let expected = suggest(
                cx,
                "the id of a code table of this provider",
                &outcome.table,
                provider.tables.iter().map(|t| t.item.id.as_str()),
            );
            cx.unknown_shared(
                &format!("{at}.table"),
                format!(
                    "`outcome.table` names `{}`, which no code table defines",
                    outcome.table
                ),
                expected,
            );
        }
    }
}

/// The fields of the objects `scope` names in the response, or `None` after reporting why
/// it names none.
fn scope<'a>(cx: &mut Cx<'_>, key: &str, path: &str, op: &'a Operation) -> Option<&'a [Field]> {
    let mut fields = op.response.fields.as_slice();
    for (depth, step) in path.split('.').enumerate() {
        let Some(field) = fields.iter().find(|f| f.name == step) else {
            let expected = suggest(
                cx,
                "a dotted path of response objects",
                step,
                fields.iter().map(|f| f.name.as_str()),
            );
            cx.report(
                DiagnosticKind::UnknownName,
                key,
                format!(
                    "`{path}`: step {} `{step}` is not a response field there",
                    depth + 1
                ),
                expected,
            );
            return None;
        };
        let Some(nested) = &field.fields else {
            cx.report(
                DiagnosticKind::Inconsistent,
                key,
                format!("`{path}`: `{step}` is a value, not an object"),
                "a dotted path ending at an object (each list item is one scoped object)",
            );
            return None;
        };
        fields = nested;
    }
    Some(fields)
}

/// The field at dotted `path` inside `fields`, crossing objects that are not lists.
fn find<'a>(mut fields: &'a [Field], path: &str) -> Result<&'a Field, String> {
    let mut steps = path.split('.').peekable();
    while let Some(step) = steps.next() {
        let field = fields
            .iter()
            .find(|f| f.name == step)
            .ok_or_else(|| format!("`{step}` is not a field there"))?;
        if steps.peek().is_none() {
            return Ok(field);
        }
        if field.list {
            return Err(format!(
                "`{step}` is a list; a signed value is a single value"
            ));
        }
        fields = field
            .fields
            .as_deref()
            .ok_or_else(|| format!("`{step}` is a value, not an object"))?;
    }
    Err("empty path".into())
}

/// `path` names one value inside the scoped object.
fn value(cx: &mut Cx<'_>, key: &str, path: &str, scoped: &[Field], what: &str) {
    let problem = match find(scoped, path) {
        Ok(field) if field.is_object() || field.list => {
            Some(format!("`{path}` is an object or a list"))
        }
        Ok(field) if field.value_type == Some(ValueType::Map) => Some(format!("`{path}` is a map")),
        Ok(_) => None,
        Err(why) => Some(format!("`{path}`: {why}")),
    };
    if let Some(problem) = problem {
        cx.report(
            DiagnosticKind::UnknownName,
            key,
            format!("{what} field {problem}"),
            "a dotted path to a single value inside the scoped object",
        );
    }
}

/// `signature.at`: a sensitive text value, or a key of a sensitive string map, that is not
/// itself signed.
fn carrier(cx: &mut Cx<'_>, at: &str, path: &str, signed: &[String], scoped: &[Field]) {
    let key = format!("{at}.at");
    let holder = match find(scoped, path) {
        Ok(field)
            if !field.is_object() && !field.list && field.value_type != Some(ValueType::Map) =>
        {
            Ok(field)
        }
        Ok(_) => Err(format!("`{path}` is an object, a list or a map")),
        // Not a field: the last step may be a key of a string map.
        Err(why) => match path.rsplit_once('.') {
            Some((map, _)) => match find(scoped, map) {
                Ok(field) if field.value_type == Some(ValueType::Map) && !field.list => Ok(field),
                _ => Err(format!("`{path}`: {why}, nor a key of a string map")),
            },
            None => Err(format!("`{path}`: {why}")),
        },
    };
    match holder {
        Err(problem) => cx.report(
            DiagnosticKind::UnknownName,
            &key,
            format!("signature carrier {problem}"),
            "a text field inside the scoped object, or `<map field>.<key>` of a `type: map` field",
        ),
        Ok(field) if !field.sensitive => cx.report(
            DiagnosticKind::Inconsistent,
            &key,
            format!(
                "the signature sits in `{}`, which is not `sensitive: true`",
                field.name
            ),
            "`sensitive: true` on the field holding the signature (it must never be shown)",
        ),
        Ok(_) => {}
    }
    if signed.iter().any(|s| s == path) {
        cx.report(
            DiagnosticKind::Inconsistent,
            &key,
            format!("`{path}` holds the signature and is also one of the signed fields"),
            "a signature that does not cover itself",
        );
    }
}
