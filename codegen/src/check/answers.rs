//! `answers`: the operation whose request a response answers (Monext's
//! `getWebPaymentDetails` reports the outcome of a `doWebPayment`), so that the response's
//! `echoes` paths name that request's fields.

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast::{Field, Operation};

use super::Cx;
use super::fields::unknown_among;

/// The operation id and request fields the `echoes` of `op`'s response name: the operation
/// `answers` names, or `op`'s own. `None` when `answers` names no operation of the provider
/// (reported here): the `echoes` paths then have nothing to be checked against.
///
/// Decisions: `answers` naming the operation itself is refused (leaving the key out says
/// the same, and one spelling keeps `cargo xtask diff` honest); `answers` on an operation
/// whose response echoes nothing is refused, since the generated `check_against` would then
/// check nothing while its name promises a check.
pub(super) fn answered<'a>(
    cx: &mut Cx<'a>,
    at: &str,
    op: &'a Operation,
) -> Option<(&'a str, &'a [Field])> {
    let Some(target) = &op.answers else {
        return Some((op.id.as_str(), op.request.fields.as_slice()));
    };
    let path = format!("{at}.answers");
    if !any_echoes(&op.response.fields) {
        cx.report(
            DiagnosticKind::Inconsistent,
            &path,
            format!(
                "operation `{}` answers `{target}` but no response field `echoes` a field of its request",
                op.id
            ),
            "`answers` with at least one response field marked `echoes: <request path>`",
        );
    }
    if *target == op.id {
        cx.report(
            DiagnosticKind::Inconsistent,
            &path,
            format!("operation `{}` names itself in `answers`", op.id),
            "the id of another operation of the provider (leave `answers` out for the operation's own request)",
        );
        return Some((op.id.as_str(), op.request.fields.as_slice()));
    }
    if let Some(entry) = cx.provider.operation(target) {
        let answered = entry.item;
        return Some((answered.id.as_str(), answered.request.fields.as_slice()));
    }
    let ids: Vec<&str> = cx
        .provider
        .operations
        .iter()
        .map(|o| o.item.id.as_str())
        .filter(|id| *id != op.id)
        .collect();
    let provider = cx.spec.spec.provider.0.clone();
    unknown_among(
        cx,
        &path,
        format!(
            "operation `{}` answers `{target}`, which is not defined",
            op.id
        ),
        &format!("an operation of provider `{provider}`"),
        target,
        &ids,
    );
    None
}

/// Whether a field of `fields`, at any depth, has `echoes`.
fn any_echoes(fields: &[Field]) -> bool {
    fields
        .iter()
        .any(|f| f.echoes.is_some() || f.fields.as_deref().is_some_and(any_echoes))
}
