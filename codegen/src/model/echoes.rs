//! `echoes`: response fields that hand back a request field (the merchant, the order
//! reference, the amount). Resolved here, once both messages are lowered, so that the
//! emitted `validate_with_request` can compare the two values by their wire paths.

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast;

use super::cx::{Cx, Origin};
use super::{Echo, Field, LeafKind, Shape};

/// Reports every `echoes` on a request field: only an answer echoes.
pub fn no_echoes_in(cx: &mut Cx, fields: &[ast::Field], list: &Origin) {
    for (index, field) in fields.iter().enumerate() {
        let origin = list.item("fields", index);
        if field.echoes.is_some() {
            cx.report(
                &origin.child("echoes"),
                DiagnosticKind::Inconsistent,
                format!("`echoes` on request field `{}`", field.name),
                "`echoes` on response fields only (a response field naming the request field it hands back)",
            );
        }
        if let Some(nested) = &field.fields {
            no_echoes_in(cx, nested, &origin);
        }
    }
}

/// The `echoes` of the response `fields` (lowered as `model`), each naming a leaf of the
/// `request` that is outside any list, in spec order.
pub fn lower_echoes(
    cx: &mut Cx,
    fields: &[ast::Field],
    model: &[Field],
    request: &[Field],
    list: &Origin,
) -> Vec<Echo> {
    let mut out = Vec::new();
    walk(cx, fields, model, request, list, false, &mut out);
    out
}

fn walk(
    cx: &mut Cx,
    fields: &[ast::Field],
    model: &[Field],
    request: &[Field],
    list: &Origin,
    in_list: bool,
    out: &mut Vec<Echo>,
) {
    for (index, (spec, field)) in fields.iter().zip(model).enumerate() {
        let origin = list.item("fields", index);
        if let Some(target) = &spec.echoes {
            let at = origin.child("echoes");
            if let Some(problem) = own_problem(field, in_list) {
                cx.report(
                    &at,
                    DiagnosticKind::Inconsistent,
                    format!("`echoes` on `{}`, {problem}", field.path),
                    "`echoes` on a response leaf outside lists, not a map",
                );
            } else {
                match request_leaf(request, target) {
                    Ok(()) => out.push(Echo {
                        field: field.path.clone(),
                        request: target.clone(),
                    }),
                    Err(problem) => cx.report(
                        &at,
                        DiagnosticKind::UnknownName,
                        format!("`echoes: {target}` of `{}` {problem}", field.path),
                        "the dotted wire path of a request field of the same operation (a leaf outside lists, not a map), e.g. `TransID` or `order.ref`",
                    ),
                }
            }
        }
        if let (Some(nested), Shape::Object(object)) = (&spec.fields, &field.shape) {
            walk(
                cx,
                nested,
                &object.fields,
                request,
                &origin,
                in_list || field.list,
                out,
            );
        }
    }
}

/// Why the response field itself cannot echo, if it cannot.
fn own_problem(field: &Field, in_list: bool) -> Option<&'static str> {
    if in_list || field.list {
        return Some("a field inside a list (a path cannot name one item of a list)");
    }
    match &field.shape {
        Shape::Object(_) => Some("an object"),
        Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Map) => Some("a map"),
        Shape::Leaf(_) => None,
    }
}

/// Whether `path` names a request leaf outside lists, not a map.
fn request_leaf(request: &[Field], path: &str) -> Result<(), &'static str> {
    let mut fields = request;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let Some(field) = fields.iter().find(|f| f.wire_name == part) else {
            return Err("names no request field");
        };
        if field.list {
            return Err("names a field inside a list");
        }
        match (&field.shape, parts.peek().is_some()) {
            (Shape::Object(object), true) => fields = &object.fields,
            (Shape::Object(_), false) => return Err("names an object"),
            (Shape::Leaf(_), true) => return Err("names no request field"),
            (Shape::Leaf(leaf), false) => {
                return if matches!(leaf.kind, LeafKind::Map) {
                    Err("names a map")
                } else {
                    Ok(())
                };
            }
        }
    }
    Err("names no request field")
}
