//! Names, values and types in expressions (`required_when`, `absent_when`, `rules[].expr`) and
//! in the dotted field names of rules and profiles.
//!
//! A path names a field from the top of its field list (the request or the response), dotted
//! through nested objects: `payment.mode`. From a response, `request.X` names a field of the
//! operation's request.

use std::collections::HashMap;

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast::{Field, Rule};
use crate::spec::expr::{Condition, FieldPath};
use crate::spec::path::{self, PathError};
use crate::spec::resolve::{self, ExprType, Resolver, TypeError};

use super::{Cx, list, suggest};

/// The fields an expression can name.
#[derive(Clone, Copy)]
pub(super) struct Scope<'a> {
    /// The list the expression stands in (a request or a response, from its top).
    pub own: &'a [Field],
    /// What `own` is, for messages: `request` or `response`.
    pub what: &'static str,
    /// The operation's request, when `own` is a response (what `request.X` names).
    pub request: Option<&'a [Field]>,
    /// What a response's `echoes` paths name: the id of the operation whose request the
    /// response answers (its own, or the one `answers` names) and that request's fields.
    pub echoes: Option<(&'a str, &'a [Field])>,
}

impl<'a> Scope<'a> {
    /// The scope of a request: `request.X` is not available.
    pub fn request(fields: &'a [Field]) -> Scope<'a> {
        Scope {
            own: fields,
            what: "request",
            request: None,
            echoes: None,
        }
    }
}

/// Every dotted path of `fields`, depth first.
fn all_paths(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    collect_paths("", fields, &mut out);
    out
}

fn collect_paths(prefix: &str, fields: &[Field], out: &mut Vec<String>) {
    for field in fields {
        let path = if prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{prefix}.{}", field.name)
        };
        if let Some(nested) = &field.fields {
            collect_paths(&path, nested, out);
        }
        out.push(path);
    }
}

/// The `expected` text for a dotted name that names no field of `fields`.
fn unknown_field_expected(cx: &mut Cx<'_>, dotted: &str, fields: &[Field], what: &str) -> String {
    let base = format!("a field of the {what}, dotted from its top (e.g. `payment.amount`)");
    if cx.hints_left == 0 {
        return base;
    }
    let paths = all_paths(fields);
    if let Some(close) = cx.hint(dotted, paths.iter().map(String::as_str)) {
        return format!("{base}: did you mean `{close}`?");
    }
    // A nested field named without its parents: suggest its full path.
    let last = dotted.rsplit('.').next().unwrap_or(dotted);
    let by_last: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| {
            p.rsplit('.')
                .next()
                .is_some_and(|l| l.eq_ignore_ascii_case(last))
        })
        .collect();
    match by_last.first() {
        Some(full) => format!("{base}: did you mean `{full}`?"),
        None => base,
    }
}

/// Resolves a dotted field name written as text (rules' `field`, profiles' fields), reporting an
/// unknown name at `at`.
pub(super) fn resolve_dotted<'a>(
    cx: &mut Cx<'_>,
    at: &str,
    fields: &'a [Field],
    dotted: &str,
    what: &str,
) -> Option<&'a Field> {
    let segments: Vec<&str> = dotted.split('.').map(str::trim).collect();
    match path::walk_segments(fields, &segments) {
        Ok(steps) => steps.last().copied(),
        Err(PathError::ThroughList { segment }) => {
            cx.report(
                DiagnosticKind::Inconsistent,
                at,
                format!("`{dotted}` goes through the list `{segment}`"),
                THROUGH_LIST,
            );
            None
        }
        Err(_) => {
            let expected = unknown_field_expected(cx, dotted, fields, what);
            cx.unknown(
                at,
                format!("`{dotted}` names no field of the {what}"),
                expected,
            );
            None
        }
    }
}

/// What a path through a list is told.
const THROUGH_LIST: &str = "a path outside lists (it cannot name one item of a list)";

/// Checks a condition standing at `at` (the YAML path of its key).
pub(super) fn check_condition(cx: &mut Cx<'_>, at: &str, condition: &Condition, scope: Scope<'_>) {
    let mut checker = ExprChecker {
        cx,
        at,
        text: &condition.text,
        scope,
    };
    // Only the reports matter here; the lowering builds the model's condition.
    let _ = resolve::resolve(&mut checker, &condition.expr);
}

/// The first path of `condition` that names `field` itself (a field conditioned on itself).
pub(super) fn names_itself(
    condition: &Condition,
    scope: Scope<'_>,
    field: &Field,
) -> Option<String> {
    condition.expr.paths().into_iter().find_map(|path| {
        let steps = path::walk(scope.own, scope.request, path).ok()?;
        let found = steps.last()?;
        std::ptr::eq(*found, field).then(|| path.to_string())
    })
}

/// Checks the rules at `at` (`operations[0]`, `profiles[1]`) over `request`.
pub(super) fn check_rules(cx: &mut Cx<'_>, at: &str, rules: &[Rule], request: &[Field]) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, rule) in rules.iter().enumerate() {
        let path = format!("{at}.rules[{i}]");
        if rule.id.trim().is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{path}.id"),
                "empty rule id",
                "a short kebab-case id",
            );
        }
        if let Some(first) = seen.get(rule.id.as_str()) {
            let first = *first;
            cx.report(
                DiagnosticKind::Duplicate,
                &format!("{path}.id"),
                format!(
                    "rule id `{}` is used twice (first at line {first})",
                    rule.id
                ),
                "a unique id per rule",
            );
        } else {
            let line = cx.line(&path);
            seen.insert(&rule.id, line);
        }
        check_condition(
            cx,
            &format!("{path}.expr"),
            &rule.expr,
            Scope::request(request),
        );
        if let Some(field) = &rule.field {
            resolve_dotted(cx, &format!("{path}.field"), request, field, "request");
        }
    }
}

/// The check's side of [`resolve::resolve`]: paths resolve to the spec's fields, every problem
/// becomes a diagnostic at the condition's key.
struct ExprChecker<'c, 'x, 's> {
    cx: &'c mut Cx<'x>,
    at: &'c str,
    text: &'c str,
    scope: Scope<'s>,
}

impl<'s> Resolver for ExprChecker<'_, '_, 's> {
    type Ref = &'s Field;

    fn path(&mut self, path: &FieldPath) -> Option<(&'s Field, ExprType)> {
        let field = self.resolve(path)?;
        Some((field, ExprType::of(field)))
    }

    fn type_error(&mut self, atom: &str, error: TypeError) {
        let (kind, problem, expected) = error.render();
        let expected = match &error {
            // The allowed values, shortened, with a close one suggested.
            TypeError::NotAValue {
                path,
                value,
                allowed,
                ..
            } => {
                let listed = list(allowed.iter().map(String::as_str));
                suggest(
                    self.cx,
                    &format!("one of the values of `{path}`: {listed}"),
                    value,
                    allowed.iter().map(String::as_str),
                )
            }
            _ => expected,
        };
        self.report(kind, atom, problem, expected);
    }
}

impl<'s> ExprChecker<'_, '_, 's> {
    /// Reports a problem of `atom`, a part of the expression.
    fn report(
        &mut self,
        kind: DiagnosticKind,
        atom: &str,
        problem: String,
        expected: impl Into<String>,
    ) {
        let problem = if atom == self.text {
            format!("`{atom}` {problem}")
        } else {
            format!("in `{}`, `{atom}` {problem}", self.text)
        };
        self.cx.report(kind, self.at, problem, expected);
    }

    /// The field a path names, or a report.
    fn resolve(&mut self, path: &FieldPath) -> Option<&'s Field> {
        let scope = self.scope;
        let error = match path::walk(scope.own, scope.request, path) {
            Ok(steps) => return steps.last().copied(),
            Err(error) => error,
        };
        match error {
            PathError::RequestPrefixInRequest => self.cx.report(
                DiagnosticKind::Inconsistent,
                self.at,
                format!(
                    "in `{}`, `{path}` uses `request.`, which only a response's conditions can use",
                    self.text
                ),
                format!(
                    "a field of this {} without the `request.` prefix",
                    scope.what
                ),
            ),
            PathError::ThroughList { segment } => self.cx.report(
                DiagnosticKind::Inconsistent,
                self.at,
                format!(
                    "in `{}`, `{path}` goes through the list `{segment}`",
                    self.text
                ),
                THROUGH_LIST,
            ),
            PathError::NoField { .. } | PathError::Empty => {
                let (fields, what) = match (path.in_request, scope.request) {
                    (true, Some(request)) => (request, "request"),
                    _ => (scope.own, scope.what),
                };
                let expected = unknown_field_expected(self.cx, &path.dotted(), fields, what);
                let problem = format!("in `{}`, `{path}` names no field of the {what}", self.text);
                self.cx.unknown(self.at, problem, expected);
            }
        }
        None
    }
}
