//! Short names for nested types: the names a person would write.
//!
//! Lowering names every nested object and value enum by its full path
//! (`<Op><Request|Response><FieldPath>`, e.g. `GetWebPaymentDetailsResponseResultShortMessage`)
//! and claims that name in the module's scope, so two spec names that meet in one Rust name are
//! still reported as a collision with both locations. Before a provider's operations are lowered,
//! this pass plans, from the specs, the name each nested type gets instead: the first of these
//! candidates that no other type of the module can have:
//!
//! - `<Op><Leaf>` (`GetWebPaymentDetailsShortMessage`, `PaymentsPaymentMethod`);
//! - `<Op><Request|Response><Leaf>` (`WebhookResponseEventCode`);
//! - `<Op><Parent><Leaf>` for a type nested two levels or more (`DoWebPaymentOrderDetails`),
//!   tried first when the leaf is one word (`details`, `data`), which says little alone;
//! - the full path, as lowering named it.
//!
//! `<Leaf>` is the type's own field (its wire name, or `rust_name`), `<Parent>` the field that
//! holds it. A candidate is given only when it is the candidate of exactly one type still
//! unnamed at that step and nobody else has it: not a request, response, return-code or profile
//! type, not another type's full name, not the bare `<Op>` of an operation, not a name the
//! provider module declares itself (`Environment`, `Client`, ...) and not a name of Rust's
//! prelude (`Result`, `Option`, ...), which a generated type would shadow. A candidate whose
//! leaf repeats the operation's last word (`DoWebPaymentPayment`) is skipped, because it reads
//! like a typo. The pass walks the types in spec order and decides every step before the next,
//! so the names are deterministic and do not depend on anything but the provider's specs.

use std::collections::{BTreeMap, BTreeSet};

use crate::spec::ast;

use super::Direction;
use super::naming::{self, RustName};

/// Names a provider module declares besides its spec-derived types (see `emit::http` and the
/// provider's `mod.rs`), and names of Rust's prelude that a glob import of the module would
/// shadow. No short name may be one of them.
const RESERVED: &[&str] = &[
    "Environment",
    "Credentials",
    "Client",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "AsRef",
    "AsMut",
    "Unpin",
    "FromIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Self",
];

/// One nested type a spec asks for: its full name and its candidates, best first.
struct Nested {
    candidates: Vec<String>,
    full: String,
}

/// Plans the short name of every nested type of a provider's operations: full name → short
/// name. `declared` holds the module's names claimed so far (its return-code types); a type
/// missing from the answer keeps its full name.
pub(super) fn plan(
    operations: &[&ast::Operation],
    declared: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let mut found = Vec::new();
    let mut taken: BTreeSet<String> = declared.clone();
    taken.extend(RESERVED.iter().map(|s| s.to_string()));
    for op in operations {
        let Ok(op_name) = naming::sanitize_path(&[&op.id]) else {
            continue;
        };
        // The operation's own types (and its bare name, which reads like one of them).
        for suffix in ["", "Request", "Response", "Profile"] {
            taken.insert(format!("{}{suffix}", op_name.bare()));
        }
        for (direction, list) in [
            (Direction::Request, &op.request),
            (Direction::Response, &op.response),
        ] {
            let start = Path {
                op: &op.id,
                op_name: &op_name,
                direction,
                segments: Vec::new(),
            };
            collect(&start, &list.fields, &mut found);
        }
    }
    // Full names stay claimable by their own type only: no short name may equal one.
    taken.extend(found.iter().map(|n| n.full.clone()));
    let mut chosen: BTreeMap<String, String> = BTreeMap::new();
    let steps = found.iter().map(|n| n.candidates.len()).max().unwrap_or(0);
    for step in 0..steps {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for nested in found.iter().filter(|n| !chosen.contains_key(&n.full)) {
            if let Some(candidate) = nested.candidates.get(step) {
                *counts.entry(candidate.as_str()).or_default() += 1;
            }
        }
        let mut given = Vec::new();
        for nested in found.iter().filter(|n| !chosen.contains_key(&n.full)) {
            let Some(candidate) = nested.candidates.get(step) else {
                continue;
            };
            if counts.get(candidate.as_str()) == Some(&1) && !taken.contains(candidate) {
                given.push((nested.full.clone(), candidate.clone()));
            }
        }
        for (full, short) in given {
            taken.insert(short.clone());
            chosen.insert(full, short);
        }
    }
    chosen
}

/// Where a field list stands: its operation, side, and the type-path segments above it.
struct Path<'a> {
    op: &'a str,
    op_name: &'a RustName,
    direction: Direction,
    segments: Vec<String>,
}

/// Finds the nested types under `fields` (objects, and value enums: what `fields.rs` names),
/// depth first in spec order.
fn collect(at: &Path<'_>, fields: &[ast::Field], out: &mut Vec<Nested>) {
    for field in fields {
        let names_a_type =
            field.fields.is_some() || (field.code_table.is_none() && !field.values.is_empty());
        if !names_a_type {
            continue;
        }
        // The segment lowering adds for this field: its `rust_name`, else its wire name.
        let given = field.rust_name.as_deref().unwrap_or(&field.name);
        let Ok(leaf) = naming::sanitize_path(&[given]) else {
            continue;
        };
        let mut segments = at.segments.clone();
        segments.push(given.to_string());
        let mut parts: Vec<&str> = vec![at.op, at.direction.word()];
        parts.extend(segments.iter().map(String::as_str));
        let Ok(full) = naming::sanitize_path(&parts) else {
            continue;
        };
        let parent = at
            .segments
            .last()
            .and_then(|p| naming::sanitize_path(&[p]).ok())
            .map(|p| p.bare().to_string());
        out.push(Nested {
            candidates: candidates(at.op_name, at.direction, parent.as_ref(), leaf.bare()),
            full: full.bare().to_string(),
        });
        if let Some(nested) = &field.fields {
            let inner = Path { segments, ..*at };
            collect(&inner, nested, out);
        }
    }
}

fn candidates(
    op: &RustName,
    direction: Direction,
    parent: Option<&String>,
    leaf: &str,
) -> Vec<String> {
    let op = op.bare();
    let own = (!repeats(op, leaf)).then(|| format!("{op}{leaf}"));
    let with_parent = parent
        .filter(|parent| !repeats(op, parent))
        .map(|parent| format!("{op}{parent}{leaf}"));
    let with_direction = Some(format!("{op}{}{leaf}", direction.word()));
    // A one-word leaf (`details`, `data`, `amount`) says little alone, so its parent comes
    // first (`OrderDetails`, `RedirectData`); a longer one (`shortMessage`) says enough.
    let order = if words(leaf) == 1 {
        [with_parent, own, with_direction]
    } else {
        [own, with_direction, with_parent]
    };
    order.into_iter().flatten().collect()
}

/// How many words an `UpperCamelCase` name has.
fn words(name: &str) -> usize {
    name.chars().filter(char::is_ascii_uppercase).count().max(1)
}

/// Whether `next` starts with the word `op` ends with (`DoWebPayment` + `Payment...`).
fn repeats(op: &str, next: &str) -> bool {
    let last_word = op
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(op, |(at, _)| &op[at..]);
    let first_end = next
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(next.len(), |(at, _)| at);
    next[..first_end] == *last_word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_words_are_found_at_the_seam_only() {
        assert!(repeats("DoWebPayment", "Payment"));
        assert!(repeats("GetWebPaymentDetails", "DetailsList"));
        assert!(!repeats("DoWebPayment", "Payments"));
        assert!(!repeats("DoWebPayment", "Order"));
        assert!(!repeats("Payments", "PaymentMethod"));
    }

    #[test]
    fn candidates_go_from_short_to_long() {
        let op = naming::sanitize_path(&["getWebPaymentDetails"]).unwrap();
        let parent = "Order".to_string();
        assert_eq!(
            candidates(&op, Direction::Response, Some(&parent), "Details"),
            [
                "GetWebPaymentDetailsOrderDetails",
                "GetWebPaymentDetailsResponseDetails"
            ]
        );
        let op = naming::sanitize_path(&["doWebPayment"]).unwrap();
        let parent = "Result".to_string();
        assert_eq!(
            candidates(&op, Direction::Response, Some(&parent), "ShortMessage"),
            [
                "DoWebPaymentShortMessage",
                "DoWebPaymentResponseShortMessage",
                "DoWebPaymentResultShortMessage"
            ]
        );
        let parent = "Payment".to_string();
        assert_eq!(
            candidates(&op, Direction::Request, Some(&parent), "Mode"),
            ["DoWebPaymentMode", "DoWebPaymentRequestMode"]
        );
        let op = naming::sanitize_path(&["webhook"]).unwrap();
        assert_eq!(
            candidates(&op, Direction::Response, None, "Live"),
            ["WebhookLive", "WebhookResponseLive"]
        );
    }
}
