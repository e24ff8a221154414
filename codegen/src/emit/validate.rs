//! The checks behind `validate()`: one statement (or a few) per field in spec order, then the
//! cross-field rules (see `rules`). Every check goes through `::pspec_runtime` (`rt`), which
//! allocates only to report.
//!
//! A field is reached from the top of the message for its conditions (they name fields from
//! the top), and for its value checks too, so that violations come out in spec order; inside a
//! list, fields are reached from the list item.

use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

use super::access::{Access, Mode, access};
use super::cond::{Bool, compile, presence};
use super::values::{copy_checks, ref_checks, report, text_field_check, when_some};
use crate::model::{
    Condition, Direction, Field, FieldRef, Leaf, LeafKind, Presence, Shape, Step, ValueKind,
};

/// `if condition { report }`, or nothing when it cannot hold. With `request`, the condition
/// names the request, which is only there in `validate_with_request`.
pub fn report_if(condition: Bool, report: TokenStream, request: bool) -> Option<TokenStream> {
    match (condition, request) {
        (Bool::Const(false), _) => None,
        (Bool::Const(true), false) => Some(report),
        (Bool::Const(true), true) => Some(quote!(if request.is_some() { #report })),
        (condition, false) => {
            let c = condition.tokens();
            Some(quote!(if #c { #report }))
        }
        (condition, true) => {
            let c = condition.operand();
            Some(quote!(if let Some(request) = request && #c { #report }))
        }
    }
}

/// The statements checking every field of a message, in spec order.
pub fn message_checks(fields: &[Field], direction: Direction) -> Vec<TokenStream> {
    let mut out = Vec::new();
    walk(&mut out, fields, &quote!(self), &[], false, direction);
    out
}

fn value_kind(field: &Field) -> ValueKind {
    if field.list {
        return ValueKind::List;
    }
    match &field.shape {
        Shape::Object(_) => ValueKind::Object,
        Shape::Leaf(leaf) => match &leaf.kind {
            LeafKind::Text => ValueKind::Text,
            LeafKind::Unsigned => ValueKind::Unsigned,
            LeafKind::Signed => ValueKind::Signed,
            LeafKind::Bool => ValueKind::Bool,
            LeafKind::Map => ValueKind::Map,
            LeafKind::Enum(def) => ValueKind::Enum(def.clone()),
            LeafKind::Code { .. } => ValueKind::Code,
            LeafKind::Currency { form, .. } => ValueKind::Currency(*form),
            LeafKind::Date { format, .. } => ValueKind::Date(format.clone()),
        },
    }
}

fn walk(
    out: &mut Vec<TokenStream>,
    fields: &[Field],
    base: &TokenStream,
    prefix: &[Step],
    in_list: bool,
    direction: Direction,
) {
    for field in fields {
        let mut steps = prefix.to_vec();
        steps.push(Step {
            rust_name: field.rust_name.clone(),
            optional: field.is_optional(),
        });
        if !in_list {
            conditions(out, field, &steps);
        }
        let name = field.path.as_str();
        match (&field.shape, field.list) {
            (Shape::Object(object), false) => {
                walk(out, &object.fields, base, &steps, in_list, direction)
            }
            (shape, true) => {
                let items = access(base.clone(), &steps, Mode::Ref);
                list_bounds(out, field, &items);
                let iter = match &items {
                    Access::Always(place) => quote!(&#place),
                    Access::Optional(option) => quote!(#option.into_iter().flatten()),
                };
                let mut body = Vec::new();
                match shape {
                    Shape::Object(object) => walk(
                        &mut body,
                        &object.fields,
                        &quote!(item),
                        &[],
                        true,
                        direction,
                    ),
                    Shape::Leaf(leaf) => body.extend(item_checks(name, leaf, direction)),
                }
                if !body.is_empty() {
                    out.push(quote!(for item in #iter { #(#body)* }));
                }
            }
            (Shape::Leaf(leaf), false) => {
                out.extend(leaf_checks(field, leaf, base, &steps, direction))
            }
        }
    }
}

/// `required_when` and `absent_when`.
fn conditions(out: &mut Vec<TokenStream>, field: &Field, steps: &[Step]) {
    let own = FieldRef {
        in_request: false,
        dotted: field.path.clone(),
        steps: steps.to_vec(),
        value: value_kind(field),
    };
    let name = field.path.as_str();
    let checks: [(&Option<Condition>, bool, &str); 2] = [
        (&field.required_when, false, "Condition"),
        (&field.absent_when, true, "MustBeAbsent"),
    ];
    for (condition, present, rule) in checks {
        let Some(condition) = condition else { continue };
        let test = Bool::and(vec![
            presence(&own, present),
            compile(&condition.cond, false),
        ]);
        out.extend(report_if(
            test,
            report(name, rule, &condition.text),
            condition.cond.names_request(),
        ));
    }
}

/// A mandatory list must not be empty; `max_items` bounds it.
fn list_bounds(out: &mut Vec<TokenStream>, field: &Field, items: &Access) {
    let name = field.path.as_str();
    let missing = report(name, "Missing", "mandatory");
    let too_long = field.max_items.map(|max| {
        let limit = format!("{max} items");
        (
            Lit::usize_unsuffixed(max as usize),
            report(name, "TooLong", &limit),
        )
    });
    match items {
        Access::Always(place) => {
            out.push(quote!(if #place.is_empty() { #missing }));
            if let Some((max, too_long)) = too_long {
                out.push(quote!(if #place.len() > #max { #too_long }));
            }
        }
        Access::Optional(option) => {
            if field.presence == Presence::M {
                out.push(quote!(if let Some(items) = #option && items.is_empty() { #missing }));
            }
            if let Some((max, too_long)) = too_long {
                out.push(quote!(if let Some(items) = #option && items.len() > #max { #too_long }));
            }
        }
    }
}

/// Checks of one list item (`item`, a reference).
fn item_checks(name: &str, leaf: &Leaf, direction: Direction) -> Vec<TokenStream> {
    match &leaf.kind {
        // An empty item is not checked (an optional rule skips empty values).
        LeafKind::Text => text_field_check(name, leaf, false, &quote!(item.as_str()))
            .into_iter()
            .collect(),
        LeafKind::Unsigned
        | LeafKind::Signed
        | LeafKind::Bool
        | LeafKind::Currency { .. }
        | LeafKind::Date { .. } => copy_checks(name, leaf, &quote!(*item))
            .iter()
            .map(|c| c.render(&quote!(item)))
            .collect(),
        _ => ref_checks(name, leaf, &quote!(item), direction)
            .iter()
            .map(|c| c.render(&quote!(item)))
            .collect(),
    }
}

/// Checks of one value field reached from `base`.
fn leaf_checks(
    field: &Field,
    leaf: &Leaf,
    base: &TokenStream,
    steps: &[Step],
    direction: Direction,
) -> Vec<TokenStream> {
    let name = field.path.as_str();
    let mandatory = field.presence == Presence::M;
    match &leaf.kind {
        LeafKind::Text => {
            let access = access(base.clone(), steps, Mode::Text);
            // One call to the field's rule constant checks presence and format together.
            let value = match &access {
                Access::Always(value) | Access::Optional(value) => value,
            };
            if let Some(check) = text_field_check(name, leaf, mandatory, value) {
                return vec![check];
            }
            match access {
                Access::Always(value) => vec![quote!(rt::required(found, #name, #value);)],
                Access::Optional(option) if mandatory => vec![
                    quote!(if let Some(value) = #option { rt::required(found, #name, value); }),
                ],
                Access::Optional(_) => Vec::new(),
            }
        }
        LeafKind::Unsigned
        | LeafKind::Signed
        | LeafKind::Bool
        | LeafKind::Currency { .. }
        | LeafKind::Date { .. } => match access(base.clone(), steps, Mode::Copy) {
            Access::Always(value) => copy_checks(name, leaf, &value)
                .iter()
                .map(|c| c.render(&value))
                .collect(),
            Access::Optional(option) => when_some(&option, copy_checks(name, leaf, &quote!(value)))
                .into_iter()
                .collect(),
        },
        LeafKind::Map | LeafKind::Enum(_) | LeafKind::Code { .. } => {
            match access(base.clone(), steps, Mode::Ref) {
                Access::Always(place) => {
                    let mut out = Vec::new();
                    if matches!(leaf.kind, LeafKind::Map) {
                        let missing = report(name, "Missing", "mandatory");
                        out.push(quote!(if #place.is_empty() { #missing }));
                    }
                    let by_ref = quote!(&#place);
                    out.extend(
                        ref_checks(name, leaf, &place, direction)
                            .iter()
                            .map(|c| c.render(&by_ref)),
                    );
                    out
                }
                Access::Optional(option) => {
                    when_some(&option, ref_checks(name, leaf, &quote!(value), direction))
                        .into_iter()
                        .collect()
                }
            }
        }
    }
}
