//! Integrity of an answer against its request: a response field the spec marks
//! `echoes: <request field>` must hold the value the request sent (the merchant, the
//! order reference, the amount), or the answer belongs to another payment.

use crate::{RuleKind, Violations};

use super::value::{WireObject, WireValue};

/// Reports `request_mismatch` on `field` when the response's `field` and the request's
/// `request_field` (dotted paths, exact names, as `to_wire()` spells them) are both given,
/// non-empty, and differ as wire text (`limit` names the request field, e.g.
/// `request TransID`).
///
/// Decision: a side that does not carry the value is not a mismatch. A missing mandatory
/// response field is already reported by its own presence check, and an optional request
/// field the app did not send has nothing to compare with. The comparison is exact (case
/// included): providers echo what they received, and a merchant id or order reference that
/// differs only in case names another one for the merchant's books. Values are compared,
/// never reported.
pub fn echo(
    found: &mut Violations,
    response: &WireObject,
    field: &'static str,
    request: &WireObject,
    request_field: &str,
    limit: &'static str,
) {
    let (Some(mine), Some(theirs)) = (
        dotted_text(response, field),
        dotted_text(request, request_field),
    ) else {
        return;
    };
    if mine.is_empty() || theirs.is_empty() {
        return;
    }
    if mine != theirs {
        found.report(field, RuleKind::RequestMismatch, limit);
    }
}

/// The scalar text at a dotted path of exact names (`order.ref`), if there is one.
fn dotted_text<'a>(object: &'a WireObject, path: &str) -> Option<std::borrow::Cow<'a, str>> {
    let mut parts = path.split('.');
    let mut current = object.get(parts.next()?)?;
    for part in parts {
        let WireValue::Object(inner) = current else {
            return None;
        };
        current = inner.get(part)?;
    }
    current.scalar_text()
}
