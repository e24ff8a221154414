//! Resolving expressions: every path to a typed [`FieldRef`], every comparison checked by the
//! one resolver the check also runs ([`crate::spec::resolve`]), so that the emitter only has to
//! print.

use crate::diagnostic::DiagnosticKind;
use crate::spec::expr::{Condition as SpecCondition, FieldPath};
use crate::spec::path::{self as spec_path, PathError};
use crate::spec::resolve::{self, ExprType, Resolved, Resolver, TypeError};

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
    ty: ExprType,
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
                ty: f.expr_type.clone(),
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
        LeafKind::Currency { form, .. } => ValueKind::Currency(*form),
        LeafKind::Date { format, .. } => ValueKind::Date(format.clone()),
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
    resolve_path_typed(cx, path, scope, origin).map(|(field, _)| field)
}

/// [`resolve_path`], with what expressions may do with the field.
fn resolve_path_typed(
    cx: &mut Cx,
    path: &FieldPath,
    scope: &ExprScope,
    origin: &Origin,
) -> Option<(FieldRef, ExprType)> {
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
    let field = FieldRef {
        in_request,
        dotted,
        steps,
        value: named.value.clone(),
    };
    Some((field, named.ty.clone()))
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

/// Resolves an expression by the one resolver ([`resolve::resolve`]), the check's rules.
pub fn resolve_condition(
    cx: &mut Cx,
    condition: &SpecCondition,
    scope: &ExprScope,
    origin: &Origin,
) -> Option<Cond> {
    let mut lowering = Lowering {
        cx,
        scope,
        origin,
        text: &condition.text,
    };
    resolve::resolve(&mut lowering, &condition.expr).map(cond)
}

/// The lowering's side of the resolver: paths become [`FieldRef`]s. The check has run the same
/// rules already, so its reports only show up when the check is bypassed.
struct Lowering<'c, 'x> {
    cx: &'c mut Cx<'x>,
    scope: &'c ExprScope,
    origin: &'c Origin,
    text: &'c str,
}

impl Resolver for Lowering<'_, '_> {
    type Ref = FieldRef;

    fn path(&mut self, path: &FieldPath) -> Option<(FieldRef, ExprType)> {
        resolve_path_typed(self.cx, path, self.scope, self.origin)
    }

    fn type_error(&mut self, atom: &str, error: TypeError) {
        let (kind, problem, expected) = error.render();
        let problem = if atom == self.text {
            format!("`{atom}` {problem}")
        } else {
            format!("in `{}`, `{atom}` {problem}", self.text)
        };
        self.cx.report(self.origin, kind, problem, expected);
    }
}

/// The model's condition of a resolved expression.
fn cond(resolved: Resolved<FieldRef>) -> Cond {
    match resolved {
        Resolved::Or(parts) => Cond::Or(parts.into_iter().map(cond).collect()),
        Resolved::And(parts) => Cond::And(parts.into_iter().map(cond).collect()),
        Resolved::Not(inner) => Cond::Not(Box::new(cond(*inner))),
        Resolved::Present(field) => Cond::Present(field),
        Resolved::Absent(field) => Cond::Absent(field),
        Resolved::CompareValue { field, op, value } => Cond::CompareValue {
            field,
            op: op.into(),
            value: value.into(),
        },
        Resolved::CompareFields { left, op, right } => Cond::CompareFields {
            left,
            op: op.into(),
            right,
        },
        Resolved::In {
            field,
            values,
            negated,
        } => Cond::In {
            field,
            values: values.into_iter().map(Into::into).collect(),
            negated,
        },
    }
}
