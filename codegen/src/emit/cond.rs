//! Expressions compiled to Rust boolean expressions.
//!
//! Semantics (also in `specs/README.md`, "Expressions"): a field is present when it is `Some`
//! and, for text, lists and maps, not empty. A comparison naming an absent field is false,
//! except `!=` and `not in`, which are true. Negations are pushed down to the comparisons
//! (`not (a == 'x')` is `a != 'x'`), which keeps both the semantics and clippy's
//! `nonminimal_bool` happy.

use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

use super::access::{Access, Mode, access};
use crate::model::{CompareOp, Cond, EnumDef, FieldRef, Literal, ValueKind};

/// A boolean expression under construction, simplified as it is built.
#[derive(Clone, Debug)]
pub enum Bool {
    /// Known while generating.
    Const(bool),
    /// An expression without top-level `||` or `&&`.
    Atom(TokenStream),
    /// All parts.
    And(Vec<Bool>),
    /// Any part.
    Or(Vec<Bool>),
}

impl Bool {
    /// All of `parts`, simplified.
    pub fn and(parts: Vec<Bool>) -> Bool {
        let mut kept = Vec::new();
        for part in parts {
            match part {
                Bool::Const(true) => {}
                Bool::Const(false) => return Bool::Const(false),
                Bool::And(inner) => kept.extend(inner),
                other => kept.push(other),
            }
        }
        match kept.len() {
            0 => Bool::Const(true),
            1 => kept.remove(0),
            _ => Bool::And(kept),
        }
    }

    /// Any of `parts`, simplified.
    pub fn or(parts: Vec<Bool>) -> Bool {
        let mut kept = Vec::new();
        for part in parts {
            match part {
                Bool::Const(false) => {}
                Bool::Const(true) => return Bool::Const(true),
                Bool::Or(inner) => kept.extend(inner),
                other => kept.push(other),
            }
        }
        match kept.len() {
            0 => Bool::Const(false),
            1 => kept.remove(0),
            _ => Bool::Or(kept),
        }
    }

    /// The Rust expression, parenthesized when it is an `||` (so that it can stand next to
    /// `&&`, in a `let` chain too).
    pub fn operand(&self) -> TokenStream {
        let t = self.tokens();
        if matches!(self, Bool::Or(_)) {
            quote!((#t))
        } else {
            t
        }
    }

    /// The Rust expression.
    pub fn tokens(&self) -> TokenStream {
        match self {
            Bool::Const(true) => quote!(true),
            Bool::Const(false) => quote!(false),
            Bool::Atom(t) => t.clone(),
            Bool::And(parts) => {
                let parts = parts.iter().map(|p| match p {
                    Bool::Or(_) => {
                        let t = p.tokens();
                        quote!((#t))
                    }
                    _ => p.tokens(),
                });
                quote!(#(#parts)&&*)
            }
            Bool::Or(parts) => {
                let parts = parts.iter().map(|p| match p {
                    Bool::And(_) => {
                        let t = p.tokens();
                        quote!((#t))
                    }
                    _ => p.tokens(),
                });
                quote!(#(#parts)||*)
            }
        }
    }
}

/// Fields already bound to locals by the caller (`if let Some(fee) = self.fee && ...`), by
/// `(in_request, dotted path)`: their value expression, known to be present.
pub type Bindings = std::collections::BTreeMap<(bool, String), TokenStream>;

fn bound<'b>(bindings: &'b Bindings, field: &FieldRef) -> Option<&'b TokenStream> {
    bindings.get(&(field.in_request, field.dotted.clone()))
}

/// The base expression a path starts from.
pub fn base(field: &FieldRef) -> TokenStream {
    if field.in_request {
        quote!(request)
    } else {
        quote!(self)
    }
}

/// Compiles `cond`, negated when `negate` is set.
pub fn compile(cond: &Cond, negate: bool) -> Bool {
    compile_in(cond, negate, &Bindings::new())
}

/// Compiles `cond` where some fields are already bound to locals.
pub fn compile_in(cond: &Cond, negate: bool, bindings: &Bindings) -> Bool {
    match cond {
        Cond::Or(parts) => {
            let parts = parts
                .iter()
                .map(|p| compile_in(p, negate, bindings))
                .collect();
            if negate {
                Bool::and(parts)
            } else {
                Bool::or(parts)
            }
        }
        Cond::And(parts) => {
            let parts = parts
                .iter()
                .map(|p| compile_in(p, negate, bindings))
                .collect();
            if negate {
                Bool::or(parts)
            } else {
                Bool::and(parts)
            }
        }
        Cond::Not(inner) => compile_in(inner, !negate, bindings),
        Cond::Present(field) if bound(bindings, field).is_some() => Bool::Const(!negate),
        Cond::Absent(field) if bound(bindings, field).is_some() => Bool::Const(negate),
        Cond::Present(field) => presence(field, !negate),
        Cond::Absent(field) => presence(field, negate),
        Cond::CompareValue { field, op, value } => {
            let (op, when_absent) = effective(*op, negate);
            compare_value_in(field, op, value, when_absent, bindings)
        }
        Cond::CompareFields { left, op, right } => {
            let (op, when_absent) = effective(*op, negate);
            compare_fields(left, op, right, when_absent, bindings)
        }
        Cond::In {
            field,
            values,
            negated,
        } => {
            let negated = *negated != negate;
            one_of_in(field, values, negated, negated, bindings)
        }
    }
}

/// The operator after an optional negation, and the result when a field is absent.
fn effective(op: CompareOp, negate: bool) -> (CompareOp, bool) {
    let op = if negate { negated(op) } else { op };
    (op, op == CompareOp::Ne)
}

fn negated(op: CompareOp) -> CompareOp {
    match op {
        CompareOp::Eq => CompareOp::Ne,
        CompareOp::Ne => CompareOp::Eq,
        CompareOp::Lt => CompareOp::Ge,
        CompareOp::Le => CompareOp::Gt,
        CompareOp::Gt => CompareOp::Le,
        CompareOp::Ge => CompareOp::Lt,
    }
}

fn op_tokens(op: CompareOp) -> TokenStream {
    match op {
        CompareOp::Eq => quote!(==),
        CompareOp::Ne => quote!(!=),
        CompareOp::Lt => quote!(<),
        CompareOp::Le => quote!(<=),
        CompareOp::Gt => quote!(>),
        CompareOp::Ge => quote!(>=),
    }
}

/// Whether a value of this kind can be empty (and so count as absent).
fn emptiable(value: &ValueKind) -> bool {
    matches!(value, ValueKind::Text | ValueKind::List | ValueKind::Map)
}

/// `present(field)` (or `absent(field)` when `present` is false).
pub fn presence(field: &FieldRef, present: bool) -> Bool {
    presence_with(field, emptiable(&field.value), present)
}

/// Presence, where `emptiable` says whether an empty value counts as absent.
pub fn presence_with(field: &FieldRef, emptiable: bool, present: bool) -> Bool {
    if !emptiable {
        // Mandatory fields after the last optional one are there whenever it is: test that one.
        let mut steps = field.steps.as_slice();
        while let [rest @ .., last] = steps
            && !last.optional
        {
            steps = rest;
        }
        if steps.is_empty() {
            return Bool::Const(present);
        }
        return match access(base(field), steps, Mode::Presence) {
            Access::Always(_) => Bool::Const(present),
            Access::Optional(option) => Bool::Atom(if present {
                quote!(#option.is_some())
            } else {
                quote!(#option.is_none())
            }),
        };
    }
    let mode = match field.value {
        ValueKind::Text => Mode::Text,
        ValueKind::List | ValueKind::Map => Mode::Ref,
        _ => Mode::Presence,
    };
    let reached = match access(base(field), &field.steps, mode) {
        // `is_empty()` on the `String` itself, not on `as_str()` (clippy's `redundant_as_str`).
        Access::Always(_) if mode == Mode::Text => access(base(field), &field.steps, Mode::Ref),
        other => other,
    };
    match reached {
        Access::Always(place) if emptiable => Bool::Atom(if present {
            quote!(!#place.is_empty())
        } else {
            quote!(#place.is_empty())
        }),
        Access::Always(_) => Bool::Const(present),
        Access::Optional(option) if emptiable => Bool::Atom(if present {
            quote!(#option.is_some_and(|v| !v.is_empty()))
        } else {
            quote!(#option.is_none_or(|v| v.is_empty()))
        }),
        Access::Optional(option) => Bool::Atom(if present {
            quote!(#option.is_some())
        } else {
            quote!(#option.is_none())
        }),
    }
}

/// A test on a present value, from the value's expression.
enum Test {
    Const(bool),
    Tokens(TokenStream),
}

/// Applies `test` to the field's value: directly when it is always there (or bound), else
/// through the `Option` with `when_absent` as the result for an absent field.
fn on_value(
    field: &FieldRef,
    mode: Mode,
    when_absent: bool,
    bindings: &Bindings,
    test: impl Fn(TokenStream) -> Test,
) -> Bool {
    let reached = match bound(bindings, field) {
        Some(value) => Access::Always(value.clone()),
        None => access(base(field), &field.steps, mode),
    };
    match reached {
        Access::Always(value) => match test(value) {
            Test::Const(c) => Bool::Const(c),
            Test::Tokens(t) => Bool::Atom(t),
        },
        Access::Optional(option) => match (test(quote!(v)), when_absent) {
            (Test::Const(true), false) => Bool::Atom(quote!(#option.is_some())),
            (Test::Const(false), false) => Bool::Const(false),
            (Test::Const(true), true) => Bool::Const(true),
            (Test::Const(false), true) => Bool::Atom(quote!(#option.is_none())),
            (Test::Tokens(t), false) => Bool::Atom(quote!(#option.is_some_and(|v| #t))),
            (Test::Tokens(t), true) => Bool::Atom(quote!(#option.is_none_or(|v| #t))),
        },
    }
}

/// How a value of this kind is reached for comparisons.
pub fn mode_of(value: &ValueKind) -> Mode {
    match value {
        ValueKind::Text => Mode::Text,
        ValueKind::Unsigned
        | ValueKind::Signed
        | ValueKind::Bool
        | ValueKind::Currency(_)
        | ValueKind::Date(_) => Mode::Copy,
        _ => Mode::Ref,
    }
}

fn text_literal(value: &Literal) -> String {
    match value {
        Literal::Text(t) => t.clone(),
        Literal::Integer(i) => i.to_string(),
    }
}

fn int_literal(i: i64) -> TokenStream {
    let magnitude = Lit::u64_unsuffixed(i.unsigned_abs());
    if i < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn variant_path(def: &EnumDef, wire: &str) -> Option<TokenStream> {
    let ty = def.type_name.ident();
    def.variants.iter().find(|v| v.wire == wire).map(|v| {
        let name = v.rust_name.ident();
        quote!(#ty::#name)
    })
}

/// `field op value`; `when_absent` is the result for an absent field.
pub fn compare_value(field: &FieldRef, op: CompareOp, value: &Literal, when_absent: bool) -> Bool {
    compare_value_in(field, op, value, when_absent, &Bindings::new())
}

fn compare_value_in(
    field: &FieldRef,
    op: CompareOp,
    value: &Literal,
    when_absent: bool,
    bindings: &Bindings,
) -> Bool {
    let op_t = op_tokens(op);
    let mode = mode_of(&field.value);
    match &field.value {
        ValueKind::Unsigned | ValueKind::Signed => {
            let Literal::Integer(i) = value else {
                return Bool::Const(when_absent);
            };
            let i = *i;
            let (low, high) = match field.value {
                ValueKind::Unsigned => (0, i128::from(u64::MAX)),
                _ => (i128::from(i64::MIN), i128::from(i64::MAX)),
            };
            // Comparisons decided by the type's range are folded: clippy denies
            // `absurd_extreme_comparisons` such as `amount >= 0` on a `u64`.
            if let Some(holds) = decided_by_range(op, i128::from(i), low, high) {
                return on_value(field, mode, when_absent, bindings, |_| Test::Const(holds));
            }
            // At the type's bounds, `<=` and `>=` are `==` (clippy asks for that form).
            let at_bound = (i128::from(i) == low && op == CompareOp::Le)
                || (i128::from(i) == high && op == CompareOp::Ge);
            let op_t = if at_bound { quote!(==) } else { op_t };
            let lit = int_literal(i);
            on_value(field, mode, when_absent, bindings, |v| {
                Test::Tokens(quote!(#v #op_t #lit))
            })
        }
        ValueKind::Bool => {
            let wanted = text_literal(value) == "true";
            let holds_when_true = (op == CompareOp::Eq) == wanted;
            on_value(field, mode, when_absent, bindings, |v| {
                Test::Tokens(if holds_when_true {
                    quote!(#v)
                } else {
                    quote!(!#v)
                })
            })
        }
        ValueKind::Enum(def) => {
            let Some(variant) = variant_path(def, &text_literal(value)) else {
                return Bool::Const(when_absent);
            };
            let negate = op == CompareOp::Ne;
            on_value(field, mode, when_absent, bindings, |v| {
                Test::Tokens(if negate {
                    quote!(!matches!(#v, #variant))
                } else {
                    quote!(matches!(#v, #variant))
                })
            })
        }
        ValueKind::Code => {
            let lit = text_literal(value);
            on_value(field, mode, when_absent, bindings, |v| {
                Test::Tokens(quote!(#v.code() #op_t #lit))
            })
        }
        ValueKind::Date(format) => {
            // Compared as the wire writes it (a literal is the mask's text).
            let lit = text_literal(value);
            on_value(field, mode, when_absent, bindings, |v| {
                Test::Tokens(quote!(rt::dates::write(#v, #format).as_str() #op_t #lit))
            })
        }
        ValueKind::Currency(form) => match form.alpha_of(&text_literal(value)) {
            // Compared by alphabetic code, whatever the wire form ('840' is USD).
            Some(alpha) => on_value(field, mode, when_absent, bindings, |v| {
                Test::Tokens(quote!(#v.alpha() #op_t #alpha))
            }),
            // Text that is no currency never equals one (the check refuses such literals in
            // profiles; a rule may still name one).
            None => {
                let holds = op == CompareOp::Ne;
                on_value(field, mode, when_absent, bindings, |_| Test::Const(holds))
            }
        },
        ValueKind::Text => {
            let lit = text_literal(value);
            on_value(field, mode, when_absent, bindings, |v| {
                Test::Tokens(quote!(#v #op_t #lit))
            })
        }
        ValueKind::Map | ValueKind::List | ValueKind::Object => Bool::Const(when_absent),
    }
}

/// The result of `value op literal` when the type's range `low..=high` alone decides it.
fn decided_by_range(op: CompareOp, literal: i128, low: i128, high: i128) -> Option<bool> {
    match op {
        _ if literal < low => Some(matches!(op, CompareOp::Ne | CompareOp::Gt | CompareOp::Ge)),
        _ if literal > high => Some(matches!(op, CompareOp::Ne | CompareOp::Lt | CompareOp::Le)),
        CompareOp::Ge if literal == low => Some(true),
        CompareOp::Lt if literal == low => Some(false),
        CompareOp::Le if literal == high => Some(true),
        CompareOp::Gt if literal == high => Some(false),
        _ => None,
    }
}

/// `field in [values]` (or `not in` when `negated`); `when_absent` is the result for an absent
/// field.
pub fn one_of(field: &FieldRef, values: &[Literal], negated: bool, when_absent: bool) -> Bool {
    one_of_in(field, values, negated, when_absent, &Bindings::new())
}

fn one_of_in(
    field: &FieldRef,
    values: &[Literal],
    negated: bool,
    when_absent: bool,
    bindings: &Bindings,
) -> Bool {
    let mode = mode_of(&field.value);
    let bang = if negated { quote!(!) } else { quote!() };
    let patterns: Vec<TokenStream> = match &field.value {
        ValueKind::Unsigned | ValueKind::Signed => values
            .iter()
            .filter_map(|v| match v {
                Literal::Integer(i) if !(matches!(field.value, ValueKind::Unsigned) && *i < 0) => {
                    Some(int_literal(*i))
                }
                _ => None,
            })
            .collect(),
        ValueKind::Enum(def) => values
            .iter()
            .filter_map(|v| variant_path(def, &text_literal(v)))
            .collect(),
        ValueKind::Text | ValueKind::Code | ValueKind::Bool => values
            .iter()
            .map(|v| {
                let t = text_literal(v);
                quote!(#t)
            })
            .collect(),
        ValueKind::Date(_) => values
            .iter()
            .map(|v| {
                let t = text_literal(v);
                quote!(#t)
            })
            .collect(),
        ValueKind::Currency(form) => values
            .iter()
            .filter_map(|v| form.alpha_of(&text_literal(v)))
            .map(|alpha| quote!(#alpha))
            .collect(),
        ValueKind::Map | ValueKind::List | ValueKind::Object => Vec::new(),
    };
    if patterns.is_empty() {
        return on_value(field, mode, when_absent, bindings, |_| Test::Const(negated));
    }
    let view = |v: TokenStream| match &field.value {
        ValueKind::Code => quote!(#v.code()),
        ValueKind::Currency(_) => quote!(#v.alpha()),
        ValueKind::Date(format) => quote!(rt::dates::write(#v, #format).as_str()),
        ValueKind::Bool => quote!(if #v { "true" } else { "false" }),
        _ => v,
    };
    let integers = matches!(field.value, ValueKind::Unsigned | ValueKind::Signed);
    on_value(field, mode, when_absent, bindings, |v| {
        let v = view(v);
        // Integers as a slice: `matches!(v, 1 | 2 | 3)` is clippy's `manual_range_patterns`.
        Test::Tokens(if integers {
            quote!(#bang [#(#patterns),*].contains(&#v))
        } else {
            quote!(#bang matches!(#v, #(#patterns)|*))
        })
    })
}

/// A text view of a text-like value for comparing two fields.
fn text_view(value: &ValueKind, v: TokenStream) -> TokenStream {
    match value {
        ValueKind::Enum(_) => quote!(#v.as_str()),
        ValueKind::Code => quote!(#v.code()),
        ValueKind::Currency(_) => quote!(#v.alpha()),
        ValueKind::Date(format) => quote!(rt::dates::write(#v, #format)),
        _ => v,
    }
}

/// `left op right`; `when_absent` is the result when either is absent.
fn compare_fields(
    left: &FieldRef,
    op: CompareOp,
    right: &FieldRef,
    when_absent: bool,
    bindings: &Bindings,
) -> Bool {
    if left.in_request == right.in_request && left.dotted == right.dotted {
        // A field against itself (clippy's `eq_op`): decided, when the field is present.
        let holds = matches!(op, CompareOp::Eq | CompareOp::Le | CompareOp::Ge);
        return on_value(left, mode_of(&left.value), when_absent, bindings, |_| {
            Test::Const(holds)
        });
    }
    let op_t = op_tokens(op);
    let integers = matches!(left.value, ValueKind::Unsigned | ValueKind::Signed);
    let mixed =
        integers && std::mem::discriminant(&left.value) != std::mem::discriminant(&right.value);
    let reach = |f: &FieldRef| match bound(bindings, f) {
        Some(value) => Access::Always(value.clone()),
        None => access(base(f), &f.steps, mode_of(&f.value)),
    };
    let l_access = reach(left);
    let r_access = reach(right);
    let test = |l: TokenStream, r: TokenStream| {
        if mixed {
            quote!(i128::from(#l) #op_t i128::from(#r))
        } else if integers || matches!(left.value, ValueKind::Bool) {
            quote!(#l #op_t #r)
        } else {
            let l = text_view(&left.value, l);
            let r = text_view(&right.value, r);
            quote!(#l #op_t #r)
        }
    };
    match (l_access, r_access) {
        (Access::Always(l), Access::Always(r)) => Bool::Atom(test(l, r)),
        (l, r) => {
            let as_option = |a: Access, copy: bool| match a {
                Access::Optional(o) => o,
                Access::Always(v) if copy => quote!(Some(#v)),
                Access::Always(v) => quote!(Some(&#v)),
            };
            let l = as_option(
                l,
                mode_of(&left.value) == Mode::Copy || mode_of(&left.value) == Mode::Text,
            );
            let r = as_option(
                r,
                mode_of(&right.value) == Mode::Copy || mode_of(&right.value) == Mode::Text,
            );
            let t = test(quote!(l), quote!(r));
            if when_absent {
                Bool::Atom(quote!(#l.zip(#r).is_none_or(|(l, r)| #t)))
            } else {
                Bool::Atom(quote!(#l.zip(#r).is_some_and(|(l, r)| #t)))
            }
        }
    }
}
