//! The one resolver of expressions (`required_when`, `absent_when`, `rules[].expr`): it walks an
//! expression, resolves every path through its caller (which walks [`super::path`] over its own
//! field lists), and applies the one set of typing rules to every comparison. The check runs it
//! to report, the lowering to build the model's conditions; both therefore accept exactly the
//! same expressions.
//!
//! # The rules, and why
//!
//! - A field's class comes from [`ExprType::of`]: a list is a list and an object an object
//!   (whatever their items); a `code_table` field is text (codes keep their leading zeros); then
//!   `format: bool`, `int64` or `type: integer`, `type: map`; anything else is text (enums
//!   included).
//! - Objects, lists and maps are only tested with `present()` / `absent()`: no wire value stands
//!   for them.
//! - `<`, `<=`, `>`, `>=` only between integers: text has no order the provider agrees on.
//! - A literal has the field's type: an integer field takes an unquoted integer, any other field
//!   a quoted text. An unquoted number against a text field is refused rather than converted,
//!   so that `'007'` is never silently written `7`.
//! - A literal a field can never hold is refused (the comparison would be constant): not one of
//!   its `values`, not `'true'`/`'false'` for a bool, or outside its format.
//! - Two fields compare when both are integers (any operator), or both texts, or both bools
//!   (`==`, `!=`). Texts compare by their wire text (an enum's or a code's wire value), which is
//!   what the provider compares; the lowering and the emitter have always supported it, and a
//!   response echoing a request value (`currency == request.currency`) needs it. A text and a
//!   bool, or a text and an integer, never compare: their wire forms differ.

use crate::diagnostic::DiagnosticKind;

use super::ast::{Field, ValueType};
use super::expr::{CompareOp, Expr, FieldPath, Literal, Operand};
use crate::format::Format;

/// What an expression can do with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A number: any comparison, with an unquoted integer.
    Integer,
    /// `'true'` or `'false'`, with `==` and `!=`.
    Bool,
    /// Text (free, an enum's values, a return code), with `==`, `!=` and `in`.
    Text,
    /// A string map: `present()` / `absent()` only.
    Map,
    /// A list: `present()` / `absent()` only.
    List,
    /// A nested object: `present()` / `absent()` only.
    Object,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Integer => "integer",
            Class::Bool => "bool",
            Class::Text => "text",
            Class::Map => "map",
            Class::List => "list",
            Class::Object => "object",
        }
    }
}

/// A field as expressions see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprType {
    /// Its class.
    pub class: Class,
    /// The values it allows (empty: any).
    pub values: Vec<String>,
    /// Its format, for a leaf.
    pub format: Option<Format>,
}

impl ExprType {
    /// The one classification of a spec field (the order matches the lowering's Rust types).
    pub fn of(field: &Field) -> ExprType {
        let class = if field.list {
            Class::List
        } else if field.is_object() {
            Class::Object
        } else if field.code_table.is_some() {
            Class::Text
        } else if field.format == Some(Format::Bool) {
            Class::Bool
        } else if field.format == Some(Format::Int64)
            || field.value_type == Some(ValueType::Integer)
        {
            Class::Integer
        } else if field.value_type == Some(ValueType::Map) {
            Class::Map
        } else {
            Class::Text
        };
        ExprType {
            class,
            values: field.values.iter().map(|v| v.value().to_string()).collect(),
            format: field.format.clone(),
        }
    }
}

/// A comparison the rules refuse; `path` is the field's path as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeError {
    /// An object, list or map compared with something.
    NoValue { path: String, class: Class },
    /// An ordering of a non-integer field.
    Ordering { path: String },
    /// An unquoted integer against a non-integer field.
    IntegerForText {
        path: String,
        class: Class,
        value: i64,
    },
    /// A quoted text against an integer field.
    TextForInteger { path: String, shown: String },
    /// A value that is not one of the field's `values`.
    NotAValue {
        path: String,
        shown: String,
        value: String,
        allowed: Vec<String>,
    },
    /// Neither `'true'` nor `'false'` against a bool.
    NotBool { path: String, shown: String },
    /// A value outside the field's format.
    BreaksFormat {
        path: String,
        shown: String,
        format: Format,
    },
    /// Two fields of classes that do not compare.
    Fields {
        left: String,
        left_class: Class,
        right: String,
        right_class: Class,
    },
}

impl TypeError {
    /// The kind, the problem (after the part of the expression it concerns) and what was
    /// expected.
    pub fn render(&self) -> (DiagnosticKind, String, String) {
        use DiagnosticKind::{Inconsistent, UnknownValue};
        match self {
            TypeError::NoValue {
                path,
                class: Class::Map,
            } => (
                Inconsistent,
                format!("compares the map field `{path}` with a value"),
                "present(...) or absent(...) for a map field".into(),
            ),
            TypeError::NoValue { path, class } => (
                Inconsistent,
                format!("compares `{path}`, which is {}", article(*class)),
                format!(
                    "a leaf field, or present(...) / absent(...) for {}",
                    article(*class)
                ),
            ),
            TypeError::Ordering { path } => (
                Inconsistent,
                format!("orders `{path}`, which is not an integer field"),
                "`==` or `!=` for a text field; `<`, `<=`, `>`, `>=` only for `type: integer`"
                    .into(),
            ),
            TypeError::IntegerForText { path, class, value } => (
                Inconsistent,
                format!(
                    "compares the {} field `{path}` with the integer {value}",
                    class.name()
                ),
                format!("a quoted value such as '{value}' (or `type: integer` on `{path}`)"),
            ),
            TypeError::TextForInteger { path, shown } => (
                Inconsistent,
                format!("compares the integer field `{path}` with the text {shown}"),
                "an unquoted integer".into(),
            ),
            TypeError::NotAValue {
                path,
                shown,
                allowed,
                ..
            } => (
                UnknownValue,
                format!("compares `{path}` with {shown}, which is not one of its values"),
                format!("one of the values of `{path}`: {}", allowed.join(", ")),
            ),
            TypeError::NotBool { path, shown } => (
                Inconsistent,
                format!("compares the bool field `{path}` with {shown}"),
                "'true' or 'false'".into(),
            ),
            TypeError::BreaksFormat {
                path,
                shown,
                format,
            } => (
                Inconsistent,
                format!("compares `{path}` with {shown}, which does not fit its format `{format}`"),
                format!("a value of the format `{format}`"),
            ),
            TypeError::Fields {
                left,
                left_class,
                right,
                right_class,
            } => (
                Inconsistent,
                format!(
                    "compares the {} field `{left}` with the {} field `{right}`",
                    left_class.name(),
                    right_class.name()
                ),
                "two integer fields (any comparison), or two text or two bool fields (`==`, `!=`)"
                    .into(),
            ),
        }
    }
}

fn article(class: Class) -> String {
    match class {
        Class::Integer | Class::Object => format!("an {}", class.name()),
        other => format!("a {}", other.name()),
    }
}

/// What the resolver needs from its caller.
pub trait Resolver {
    /// What a resolved path becomes.
    type Ref;
    /// Resolves a path (reporting, and returning `None`, when it names nothing usable).
    fn path(&mut self, path: &FieldPath) -> Option<(Self::Ref, ExprType)>;
    /// Reports a comparison the rules refuse; `atom` is the part of the expression concerned.
    fn type_error(&mut self, atom: &str, error: TypeError);
}

/// A resolved expression: paths are the caller's references, literals are in their field's
/// terms.
#[derive(Clone, Debug)]
pub enum Resolved<R> {
    /// Any of.
    Or(Vec<Resolved<R>>),
    /// All of.
    And(Vec<Resolved<R>>),
    /// Not.
    Not(Box<Resolved<R>>),
    /// `present(path)`.
    Present(R),
    /// `absent(path)`.
    Absent(R),
    /// A field against a literal.
    CompareValue {
        field: R,
        op: CompareOp,
        value: Literal,
    },
    /// A field against a field.
    CompareFields { left: R, op: CompareOp, right: R },
    /// `in` / `not in`.
    In {
        field: R,
        values: Vec<Literal>,
        negated: bool,
    },
}

/// Resolves `expr`, reporting every problem (not only the first); `None` when any was reported.
pub fn resolve<V: Resolver>(resolver: &mut V, expr: &Expr) -> Option<Resolved<V::Ref>> {
    // The parser nests `not` and parentheses; walk chains of `not` without recursion.
    let mut inner = expr;
    let mut nots = 0usize;
    while let Expr::Not(next) = inner {
        inner = next;
        nots += 1;
    }
    let mut resolved = match inner {
        Expr::Or(parts) => Resolved::Or(all(resolver, parts)?),
        Expr::And(parts) => Resolved::And(all(resolver, parts)?),
        // Unwrapped above.
        Expr::Not(_) => return None,
        Expr::Present(path) => Resolved::Present(resolver.path(path)?.0),
        Expr::Absent(path) => Resolved::Absent(resolver.path(path)?.0),
        Expr::Compare { field, op, operand } => compare(resolver, field, *op, operand)?,
        Expr::In {
            field,
            values,
            negated,
        } => one_of(resolver, field, values, *negated)?,
    };
    for _ in 0..nots {
        resolved = Resolved::Not(Box::new(resolved));
    }
    Some(resolved)
}

/// Every part resolved (each reports), or `None`.
fn all<V: Resolver>(resolver: &mut V, parts: &[Expr]) -> Option<Vec<Resolved<V::Ref>>> {
    let parts: Vec<_> = parts.iter().map(|p| resolve(resolver, p)).collect();
    parts.into_iter().collect()
}

fn compare<V: Resolver>(
    resolver: &mut V,
    path: &FieldPath,
    op: CompareOp,
    operand: &Operand,
) -> Option<Resolved<V::Ref>> {
    let left = resolver.path(path);
    let right = match operand {
        Operand::Field(other) => Some(resolver.path(other)),
        Operand::Literal(_) => None,
    };
    let (left, left_type) = left?;
    let (atom, checked) = match operand {
        Operand::Field(other) => {
            let atom = format!("{path} {} {other}", op.symbol());
            if let Some(error) = no_value(path, &left_type) {
                (atom, Err(error))
            } else {
                let (right, right_type) = right.flatten()?;
                let checked = fields(path, &left_type, op, other, &right_type)
                    .map(|()| Resolved::CompareFields { left, op, right });
                (atom, checked)
            }
        }
        Operand::Literal(value) => {
            let atom = format!("{path} {} {value}", op.symbol());
            let checked =
                literal(path, &left_type, op, value).map(|value| Resolved::CompareValue {
                    field: left,
                    op,
                    value,
                });
            (atom, checked)
        }
    };
    checked.map_err(|e| resolver.type_error(&atom, e)).ok()
}

fn one_of<V: Resolver>(
    resolver: &mut V,
    path: &FieldPath,
    values: &[Literal],
    negated: bool,
) -> Option<Resolved<V::Ref>> {
    let (field, field_type) = resolver.path(path)?;
    let shown: Vec<String> = values.iter().map(ToString::to_string).collect();
    let op = if negated { "not in" } else { "in" };
    let atom = format!("{path} {op} [{}]", shown.join(", "));
    if let Some(error) = no_value(path, &field_type) {
        resolver.type_error(&atom, error);
        return None;
    }
    let checked: Vec<Option<Literal>> = values
        .iter()
        .map(|value| {
            literal(path, &field_type, CompareOp::Eq, value)
                .map_err(|e| resolver.type_error(&atom, e))
                .ok()
        })
        .collect();
    Some(Resolved::In {
        field,
        values: checked.into_iter().collect::<Option<_>>()?,
        negated,
    })
}

/// Objects and lists carry no value to compare (maps are refused with the literal).
fn no_value(path: &FieldPath, field: &ExprType) -> Option<TypeError> {
    matches!(field.class, Class::Object | Class::List).then(|| TypeError::NoValue {
        path: path.to_string(),
        class: field.class,
    })
}

/// Checks a literal compared with a field; returns it in the field's terms.
fn literal(
    path: &FieldPath,
    field: &ExprType,
    op: CompareOp,
    value: &Literal,
) -> Result<Literal, TypeError> {
    if let Some(error) = no_value(path, field) {
        return Err(error);
    }
    let path = path.to_string();
    let integer = field.class == Class::Integer;
    if op.is_ordering() && !integer {
        return Err(TypeError::Ordering { path });
    }
    let shown = value.to_string();
    let text = match value {
        Literal::Integer(i) if !integer => {
            return Err(TypeError::IntegerForText {
                path,
                class: field.class,
                value: *i,
            });
        }
        Literal::Text(_) if integer => return Err(TypeError::TextForInteger { path, shown }),
        Literal::Integer(i) => i.to_string(),
        Literal::Text(t) => t.clone(),
    };
    if field.class == Class::Map {
        return Err(TypeError::NoValue {
            path,
            class: Class::Map,
        });
    }
    if !field.values.is_empty() {
        if !field.values.contains(&text) {
            return Err(TypeError::NotAValue {
                path,
                shown,
                value: text,
                allowed: field.values.clone(),
            });
        }
    } else if field.class == Class::Bool {
        if text != "true" && text != "false" {
            return Err(TypeError::NotBool { path, shown });
        }
    } else if let Some(format) = &field.format
        && !integer
        && !format.admits(&text)
    {
        return Err(TypeError::BreaksFormat {
            path,
            shown,
            format: format.clone(),
        });
    }
    Ok(value.clone())
}

/// Checks two fields compared with each other.
fn fields(
    left: &FieldPath,
    left_type: &ExprType,
    op: CompareOp,
    right: &FieldPath,
    right_type: &ExprType,
) -> Result<(), TypeError> {
    if let Some(error) = no_value(right, right_type) {
        return Err(error);
    }
    let (l, r) = (left_type.class, right_type.class);
    if l == Class::Integer && r == Class::Integer {
        return Ok(());
    }
    if op.is_ordering() {
        let path = if l == Class::Integer { right } else { left };
        return Err(TypeError::Ordering {
            path: path.to_string(),
        });
    }
    if l == r && matches!(l, Class::Text | Class::Bool) {
        return Ok(());
    }
    Err(TypeError::Fields {
        left: left.to_string(),
        left_class: l,
        right: right.to_string(),
        right_class: r,
    })
}
