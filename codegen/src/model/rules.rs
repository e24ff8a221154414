//! Cross-field rules (`rules[]` of an operation or a profile), resolved over the request. Its
//! own module because operations and profiles both lower rules, and neither should depend on
//! the other for it.

use crate::spec::ast;

use super::cx::{Cx, Origin};
use super::expr::{ExprScope, resolve_condition, resolve_dotted};
use super::{Condition, Rule};

/// Lowers `rules[]` (of an operation or a profile at `owner`) over the request scope.
pub fn lower_rules(
    cx: &mut Cx,
    file: usize,
    owner: &Origin,
    rules: &[ast::Rule],
    scope: &ExprScope,
) -> Vec<Rule> {
    let mut out = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        let origin = owner.item("rules", index);
        let Some(cond) = resolve_condition(cx, &rule.expr, scope, &origin.child("expr")) else {
            continue;
        };
        let field = match &rule.field {
            Some(dotted) => {
                if resolve_dotted(cx, dotted, scope, &origin.child("field")).is_none() {
                    continue;
                }
                dotted.clone()
            }
            None => match cond.fields().first() {
                Some(first) => first.dotted.clone(),
                None => continue,
            },
        };
        out.push(Rule {
            id: rule.id.clone(),
            condition: Condition {
                text: rule.expr.text.clone(),
                cond,
            },
            field,
            doc: rule.doc.clone(),
            source: rule.source.as_ref().map(|s| cx.cite(file, s)),
        });
    }
    out
}
