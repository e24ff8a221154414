//! Name scopes: where two spec names may not share one Rust name. A collision is reported at
//! the second name, with the first one's `file:line:col` in the message, so both locations
//! are named.

use std::collections::BTreeMap;

use crate::diagnostic::DiagnosticKind;

use super::cx::{Cx, Origin};
use super::naming::RustName;

/// One scope: the fields of a struct, the variants of an enum, the types of a module.
pub struct Scope {
    /// What the scope is, for messages (`struct WechatRequest`).
    what: String,
    /// Rust name → (spec name, where it was defined, or why it is reserved).
    taken: BTreeMap<String, (String, Claim)>,
}

enum Claim {
    Spec(Origin),
    Reserved(&'static str),
}

impl Scope {
    /// An empty scope.
    pub fn new(what: impl Into<String>) -> Scope {
        Scope {
            what: what.into(),
            taken: BTreeMap::new(),
        }
    }

    /// Every Rust name taken in the scope, claimed or reserved.
    pub fn names(&self) -> std::collections::BTreeSet<String> {
        self.taken.keys().cloned().collect()
    }

    /// Keeps `rust` for the generator's own use (`Unknown` in open enums).
    pub fn reserve(&mut self, rust: &str, why: &'static str) {
        self.taken
            .insert(rust.to_string(), (rust.to_string(), Claim::Reserved(why)));
    }

    /// Claims `rust` for `spec_name` defined at `origin`; reports a collision (and returns
    /// `false`) when it is taken.
    pub fn claim(
        &mut self,
        cx: &mut Cx,
        rust: &RustName,
        spec_name: &str,
        origin: &Origin,
    ) -> bool {
        let key = rust.bare().to_string();
        match self.taken.get(&key) {
            None => {
                self.taken
                    .insert(key, (spec_name.to_string(), Claim::Spec(origin.clone())));
                true
            }
            Some((first_name, Claim::Spec(first))) => {
                let problem = format!(
                    "`{spec_name}` becomes the Rust name `{rust}` in {}, which `{first_name}` at {} already has",
                    self.what,
                    cx.place(first)
                );
                cx.report(
                    origin,
                    DiagnosticKind::NameCollision,
                    problem,
                    "names that stay distinct after sanitizing; give one of them a `rust_name` (fields) or rename it",
                );
                false
            }
            Some((_, Claim::Reserved(why))) => {
                let problem = format!(
                    "`{spec_name}` becomes the Rust name `{rust}` in {}, which is reserved: {why}",
                    self.what
                );
                cx.report(
                    origin,
                    DiagnosticKind::NameCollision,
                    problem,
                    "a name that does not become a reserved Rust name",
                );
                false
            }
        }
    }
}
