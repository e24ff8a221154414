//! An operation's protocol traits: `envelope`, `keys` and the scheme of its `mac`
//! (`algorithm`, `output`, `separator`). serde refuses unknown spellings; these checks catch
//! what contradicts the rest of the operation. The names `mac` gives are checked with the
//! operation (`operations::check_mac`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast::{EnvelopeSpec, Field, KeysSpec, Operation, Transport};

use super::Cx;

pub(super) fn check(cx: &mut Cx<'_>, at: &str, op: &Operation) {
    // An envelope wraps form pairs; JSON, SOAP and query strings have none to choose.
    if op.envelope.is_some() && op.transport != Transport::Form {
        cx.report(
            DiagnosticKind::Inconsistent,
            &format!("{at}.envelope"),
            format!(
                "operation `{}` uses `transport: {}` but gives an `envelope:`",
                op.id,
                op.transport.as_str()
            ),
            "`envelope:` only with `transport: form`",
        );
    }
    if let Some(mac) = &op.mac {
        if mac.separator.is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.mac.separator"),
                "empty `mac.separator`",
                "the text that joins the MAC input values, such as \"*\"",
            );
        }
        // Fields "in clear" only mean something beside an encrypted envelope; without one
        // every field is in clear, and a `clear` list would only mislead the reader.
        let envelope = op.envelope.unwrap_or_default();
        if !mac.clear.is_empty() && envelope == EnvelopeSpec::None {
            cx.report(
                DiagnosticKind::Inconsistent,
                &format!("{at}.mac.clear"),
                format!(
                    "operation `{}` sends no envelope (`envelope: none`) but its `mac` names fields sent in clear beside one",
                    op.id
                ),
                "`mac.clear` only with `envelope: blowfish-ecb`",
            );
        }
    }
    // Under `keys: any_case` a reader cannot tell `Code` from `code`: two such names in one
    // field list would be one key on the wire.
    if op.keys == Some(KeysSpec::AnyCase) {
        case_twins(cx, &format!("{at}.request.fields"), &op.request.fields);
        case_twins(cx, &format!("{at}.response.fields"), &op.response.fields);
    }
}

/// Reports each field whose wire name equals an earlier one of its list in another ASCII
/// case, in this list and every nested one. (Exact twins are `fields`' to report.)
fn case_twins(cx: &mut Cx<'_>, at: &str, fields: &[Field]) {
    // Lowercased name -> the first field of the list with it: one pass, linear.
    let mut seen: HashMap<String, (usize, &str)> = HashMap::with_capacity(fields.len());
    for (i, field) in fields.iter().enumerate() {
        match seen.entry(field.name.to_ascii_lowercase()) {
            Entry::Occupied(first) => {
                let (j, first) = *first.get();
                if first != field.name {
                    let first_line = cx.line(&format!("{at}[{j}].name"));
                    cx.report(
                        DiagnosticKind::Duplicate,
                        &format!("{at}[{i}].name"),
                        format!(
                            "wire name `{}` is `{first}` (line {first_line}) in another case, and the operation matches keys in any case (`keys: any_case`)",
                            field.name
                        ),
                        "wire names that differ in more than ASCII case, or `keys: exact`",
                    );
                }
            }
            Entry::Vacant(slot) => {
                slot.insert((i, &field.name));
            }
        }
        if let Some(nested) = &field.fields {
            case_twins(cx, &format!("{at}[{i}].fields"), nested);
        }
    }
}
