//! The objects a dotted scope names in a message (a spec's `signature.scope` and
//! `outcome.scope`), and several values of an object joined into one text: the input of a
//! signature, or the code an item's outcome is looked up by (`signature.fields`,
//! `outcome.code`).

use super::value::{WireObject, WireValue};

/// The values at `fields` (dotted paths inside `object`) joined by `separator`; a missing,
/// null or non-scalar value counts as empty, booleans as `true`/`false`, numbers as received.
#[must_use]
pub fn join_fields(object: &WireObject, fields: &[&str], separator: &str) -> String {
    let mut out = String::new();
    for (i, path) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        if let Some(text) = object.get_path(path).and_then(WireValue::scalar_text) {
            out.push_str(&text);
        }
    }
    out
}

/// Every object the dotted `scope` names in `message`, in order, with its path (list
/// positions in brackets: `notificationItems[1].NotificationRequestItem`). Every list on the
/// way is crossed; its items that are not objects are skipped (they hold no such object, and
/// the typed reader refuses them).
#[must_use]
pub fn scoped_objects<'a>(message: &'a WireObject, scope: &str) -> Vec<(String, &'a WireObject)> {
    let mut found = vec![(String::new(), message)];
    for step in scope.split('.') {
        let mut next = Vec::with_capacity(found.len());
        for (path, object) in found {
            let here = if path.is_empty() {
                step.to_owned()
            } else {
                format!("{path}.{step}")
            };
            match object.get(step) {
                Some(WireValue::Object(inner)) => next.push((here, inner)),
                Some(WireValue::List(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        if let WireValue::Object(inner) = item {
                            next.push((format!("{here}[{i}]"), inner));
                        }
                    }
                }
                _ => {}
            }
        }
        found = next;
    }
    found
}
