//! The protocol traits of two versions of an operation, key by key: its `envelope`, its
//! `keys` and its `mac` (scheme, field, inputs, clear fields). Any change makes messages
//! sealed, signed or read differently, so each is reported (`operation-protocol-changed`).
//!
//! Values are compared with their defaults filled in (`envelope: none`, `keys: exact`,
//! `mac.separator: "*"`): stating a default changes nothing, and a missing key is read as
//! the generator reads it.

use crate::spec::ast::Operation;

/// `(key, before, after)` for each protocol trait; `None` where the operation has no `mac`.
pub(super) fn changes(
    o: &Operation,
    n: &Operation,
) -> [(&'static str, Option<String>, Option<String>); 9] {
    let envelope = |op: &Operation| Some(op.envelope.unwrap_or_default().as_str().to_owned());
    let keys = |op: &Operation| Some(op.keys.unwrap_or_default().as_str().to_owned());
    let mac = |op: &Operation, key: &str| {
        op.mac.as_ref().map(|m| match key {
            "algorithm" => m.algorithm.as_str().to_owned(),
            "output" => m.output.as_str().to_owned(),
            "separator" => format!("{:?}", m.separator),
            "field" => m.field.clone(),
            "request" => m.request.join(", "),
            "response" => m.response.join(", "),
            _ => m.clear.join(", "),
        })
    };
    [
        ("envelope", envelope(o), envelope(n)),
        ("keys", keys(o), keys(n)),
        ("mac.algorithm", mac(o, "algorithm"), mac(n, "algorithm")),
        ("mac.output", mac(o, "output"), mac(n, "output")),
        ("mac.separator", mac(o, "separator"), mac(n, "separator")),
        ("mac.field", mac(o, "field"), mac(n, "field")),
        ("mac.request", mac(o, "request"), mac(n, "request")),
        ("mac.response", mac(o, "response"), mac(n, "response")),
        ("mac.clear", mac(o, "clear"), mac(n, "clear")),
    ]
}
