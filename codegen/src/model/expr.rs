//! Resolving expressions: every path to a typed [`FieldRef`], every literal checked against the
//! field it is compared with, so that the emitter only has to print.

use crate::diagnostic::DiagnosticKind;
use crate::spec::expr::{CompareOp, Condition as SpecCondition, Expr, FieldPath, Literal, Operand};
use crate::spec::path::{self as spec_path, PathError};

use super::cx::{Cx, Origin};
use super::naming::RustName;
use super::{Cond, Field, FieldRef, LeafKind, Shape, Step, ValueKind};

/// What a path can name: an owned summary of a message's fields.
#[derive(Clone, Debug)]
pub struct Named {
    wire: String,
    rust: RustName,
    optional: bool,
    list: bool,
    value: ValueKind,
    children: Vec<Named>,
}

/// The fields an expression can name: its own message, and from a response the request.
#[derive(Clone, Debug)]
pub struct ExprScope {
    own: Vec<Named>,
    request: Option<Vec<Named>>,
}

impl ExprScope {
    /// The scope of a message; `request` is the operation's request when the message is its
    /// response.
    pub fn of(own: &[Field], request: Option<&[Field]>) -> ExprScope {
        ExprScope {
            own: summarize(own),
            request: request.map(summarize),
        }
    }
}

fn summarize(fields: &[Field]) -> Vec<Named> {
    fields
        .iter()
        .map(|f| {
            let (value, children) = match &f.shape {
                Shape::Object(object) => (ValueKind::Object, summarize(&object.fields)),
                Shape::Leaf(leaf) => (value_kind(&leaf.kind), Vec::new()),
            };
            Named {
                wire: f.wire_name.clone(),
                rust: f.rust_name.clone(),
                optional: f.is_optional(),
                list: f.list,
                value: if f.list { ValueKind::List } else { value },
                children,
            }
        })
        .collect()
}

fn value_kind(kind: &LeafKind) -> ValueKind {
    match kind {
        LeafKind::Text => ValueKind::Text,
        LeafKind::Unsigned => ValueKind::Unsigned,
        LeafKind::Signed => ValueKind::Signed,
        LeafKind::Bool => ValueKind::Bool,
        LeafKind::Map => ValueKind::Map,
        LeafKind::Enum(def) => ValueKind::Enum(def.clone()),
        LeafKind::Code { .. } => ValueKind::Code,
    }
}

/// Resolves a dotted path of wire names (`payment.amount`), as profiles and rules write them.
pub fn resolve_dotted(
    cx: &mut Cx,
    dotted: &str,
    scope: &ExprScope,
    origin: &Origin,
) -> Option<FieldRef> {
    let path = FieldPath {
        in_request: false,
        segments: dotted.split('.').map(str::to_string).collect(),
    };
    resolve_path(cx, &path, scope, origin)
}

/// Resolves a path by the one walk of [`crate::spec::path`]; reports (and returns `None`) when
/// it names nothing, or goes through a list.
pub fn resolve_path(
    cx: &mut Cx,
    path: &FieldPath,
    scope: &ExprScope,
    origin: &Origin,
) -> Option<FieldRef> {
    let walked = match spec_path::walk(&scope.own, scope.request.as_deref(), path) {
        Ok(walked) => walked,
        Err(error) => {
            let (kind, problem, expected) = match error {
                PathError::NoField { segment } => (
                    DiagnosticKind::UnknownName,
                    format!("`{path}` names no field (no `{segment}` here)"),
                    "a dotted path of wire names from the top of the request or response",
                ),
                PathError::RequestPrefixInRequest => (
                    DiagnosticKind::UnknownName,
                    format!("`{path}` names no field (a request has no `request.`)"),
                    "a dotted path of wire names from the top of the request or response",
                ),
                PathError::ThroughList { segment } => (
                    DiagnosticKind::Inconsistent,
                    format!("`{path}` goes through the list `{segment}`"),
                    "a path outside lists (it cannot name one item of a list)",
                ),
                PathError::Empty => (
                    DiagnosticKind::Shape,
                    "an empty path".into(),
                    "a field name",
                ),
            };
            cx.report(origin, kind, problem, expected);
            return None;
        }
    };
    let named = walked.last()?;
    let steps = walked
        .iter()
        .map(|n| Step {
            rust_name: n.rust.clone(),
            optional: n.optional,
        })
        .collect();
    let in_request = path.in_request && scope.request.is_some();
    // `request.X` in a request names the field literally called `request`.
    let dotted = if path.in_request && !in_request {
        format!("request.{}", path.dotted())
    } else {
        path.dotted()
    };
    Some(FieldRef {
        in_request,
        dotted,
        steps,
        value: named.value.clone(),
    })
}

impl spec_path::PathNode for Named {
    fn wire_name(&self) -> &str {
        &self.wire
    }

    fn children(&self) -> &[Named] {
        &self.children
    }

    fn is_list(&self) -> bool {
        self.list
    }
}

/// Resolves an expression, checking every comparison against the types of its fields.
pub fn resolve_condition(
    cx: &mut Cx,
    condition: &SpecCondition,
    scope: &ExprScope,
    origin: &Origin,
) -> Option<Cond> {
    let before = cx_errors(cx);
    let cond = resolve(cx, &condition.expr, scope, origin, &condition.text);
    // Partial results are dropped: any error inside makes the whole condition unusable.
    if cx_errors(cx) != before { None } else { cond }
}

fn cx_errors(cx: &Cx) -> usize {
    cx.count()
}

fn resolve(
    cx: &mut Cx,
    expr: &Expr,
    scope: &ExprScope,
    origin: &Origin,
    text: &str,
) -> Option<Cond> {
    Some(match expr {
        Expr::Or(parts) => Cond::Or(
            parts
                .iter()
                .map(|p| resolve(cx, p, scope, origin, text))
                .collect::<Option<_>>()?,
        ),
        Expr::And(parts) => Cond::And(
            parts
                .iter()
                .map(|p| resolve(cx, p, scope, origin, text))
                .collect::<Option<_>>()?,
        ),
        Expr::Not(inner) => Cond::Not(Box::new(resolve(cx, inner, scope, origin, text)?)),
        Expr::Present(path) => Cond::Present(resolve_path(cx, path, scope, origin)?),
        Expr::Absent(path) => Cond::Absent(resolve_path(cx, path, scope, origin)?),
        Expr::Compare { field, op, operand } => {
            let left = resolve_path(cx, field, scope, origin)?;
            match operand {
                Operand::Literal(literal) => {
                    let value = check_literal(cx, &left, *op, literal, origin, text)?;
                    Cond::CompareValue {
                        field: left,
                        op: *op,
                        value,
                    }
                }
                Operand::Field(other) => {
                    let right = resolve_path(cx, other, scope, origin)?;
                    check_fields(cx, &left, *op, &right, origin, text)?;
                    Cond::CompareFields {
                        left,
                        op: *op,
                        right,
                    }
                }
            }
        }
        Expr::In {
            field,
            values,
            negated,
        } => {
            let field = resolve_path(cx, field, scope, origin)?;
            let values = values
                .iter()
                .map(|v| check_literal(cx, &field, CompareOp::Eq, v, origin, text))
                .collect::<Vec<_>>()
                .into_iter()
                .collect::<Option<Vec<_>>>()?;
            Cond::In {
                field,
                values,
                negated: *negated,
            }
        }
    })
}

fn is_integer(value: &ValueKind) -> bool {
    matches!(value, ValueKind::Unsigned | ValueKind::Signed)
}

fn is_text_like(value: &ValueKind) -> bool {
    matches!(
        value,
        ValueKind::Text | ValueKind::Enum(_) | ValueKind::Code
    )
}

/// Checks `literal` against the field's type and returns it in the field's terms (integers as
/// integers, everything else as text).
fn check_literal(
    cx: &mut Cx,
    field: &FieldRef,
    op: CompareOp,
    literal: &Literal,
    origin: &Origin,
    text: &str,
) -> Option<Literal> {
    let as_text = match literal {
        Literal::Text(t) => t.clone(),
        Literal::Integer(i) => i.to_string(),
    };
    let mismatch = |cx: &mut Cx, what: &str| {
        cx.report(
            origin,
            DiagnosticKind::Inconsistent,
            format!("in `{text}`: `{}` {} {literal}: {what}", field.dotted, op.symbol()),
            "a comparison the field's type supports (`==`/`!=`/`in` for text, any comparison for integers)",
        );
        None
    };
    match &field.value {
        ValueKind::Unsigned | ValueKind::Signed => match as_text.parse::<i64>() {
            Ok(i) => Some(Literal::Integer(i)),
            Err(_) => mismatch(cx, "the field is an integer and the value is not"),
        },
        _ if op.is_ordering() => mismatch(cx, "only integers are ordered"),
        ValueKind::Bool => match as_text.as_str() {
            "true" | "false" => Some(Literal::Text(as_text)),
            _ => mismatch(cx, "the field is a bool; compare with 'true' or 'false'"),
        },
        ValueKind::Enum(def) => {
            if def.variants.iter().any(|v| v.wire == as_text) {
                Some(Literal::Text(as_text))
            } else {
                let listed: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
                cx.report(
                    origin,
                    DiagnosticKind::UnknownValue,
                    format!(
                        "in `{text}`: `{as_text}` is not a value of `{}`",
                        field.dotted
                    ),
                    format!("one of {}", listed.join(", ")),
                );
                None
            }
        }
        ValueKind::Text | ValueKind::Code => Some(Literal::Text(as_text)),
        ValueKind::Map | ValueKind::List | ValueKind::Object => mismatch(
            cx,
            "maps, lists and objects can only be tested with present() or absent()",
        ),
    }
}

fn check_fields(
    cx: &mut Cx,
    left: &FieldRef,
    op: CompareOp,
    right: &FieldRef,
    origin: &Origin,
    text: &str,
) -> Option<()> {
    let ok = (is_integer(&left.value) && is_integer(&right.value))
        || (!op.is_ordering() && is_text_like(&left.value) && is_text_like(&right.value))
        || (!op.is_ordering()
            && matches!(
                (&left.value, &right.value),
                (ValueKind::Bool, ValueKind::Bool)
            ));
    if ok {
        Some(())
    } else {
        cx.report(
            origin,
            DiagnosticKind::Inconsistent,
            format!(
                "in `{text}`: `{}` and `{}` cannot be compared with `{}`",
                left.dotted,
                right.dotted,
                op.symbol()
            ),
            "two integers (any comparison), or two texts (`==`, `!=`)",
        );
        None
    }
}
