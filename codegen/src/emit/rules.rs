//! Cross-field rules (`rules[]` of operations and profiles) as `if` statements reporting
//! `cross_field`.

use proc_macro2::TokenStream;
use quote::quote;

use super::access::{Access, Mode, access};
use super::cond::{Bindings, Bool, base, compile_in, mode_of, presence};
use super::validate::report_if;
use super::values::report;
use crate::model::{FieldRef, Rule};

/// The statements checking cross-field rules: a rule is evaluated only when every field it
/// compares is present (a missing one is reported by its own presence check). Fields it only
/// tests with `present()` / `absent()` do not hold it back: testing them is its point.
///
/// Each optional compared field is bound by the `if let` chain that tests its presence
/// (`if let Some(fee) = self.fee && fee < 0`), so the rule reads its value directly.
pub fn rule_checks(rules: &[Rule]) -> Vec<TokenStream> {
    rules.iter().filter_map(rule_check).collect()
}

fn rule_check(rule: &Rule) -> Option<TokenStream> {
    let mut bindings = Bindings::new();
    let mut lets = Vec::new();
    let mut guards = Vec::new();
    for field in rule.condition.cond.compared_fields() {
        let key = (field.in_request, field.dotted.clone());
        if bindings.contains_key(&key) {
            continue;
        }
        let mode = mode_of(&field.value);
        match access(base(field), &field.steps, mode) {
            Access::Always(_) => guards.push(presence(field, true)),
            Access::Optional(option) => {
                let name = binding_name(field, bindings.len(), &bindings);
                let option = if mode == Mode::Text {
                    quote!(rt::given(#option))
                } else {
                    option
                };
                lets.push(quote!(let Some(#name) = #option));
                bindings.insert(key, quote!(#name));
            }
        }
    }
    guards.push(compile_in(&rule.condition.cond, true, &bindings));
    let test = Bool::and(guards);
    let report = report(&rule.field, "CrossField", &rule.condition.text);
    if lets.is_empty() {
        return report_if(test, report, false);
    }
    match test {
        Bool::Const(false) => None,
        Bool::Const(true) => Some(quote!(if #(#lets)&&* { #report })),
        test => {
            let test = test.operand();
            Some(quote!(if #(#lets)&&* && #test { #report }))
        }
    }
}

/// A local for a bound field: its path in snake case (`order_amount`), never one of the
/// generated code's own names.
fn binding_name(field: &FieldRef, index: usize, taken: &Bindings) -> proc_macro2::Ident {
    let joined: Vec<&str> = field.steps.iter().map(|s| s.rust_name.bare()).collect();
    let mut name = joined.join("_");
    if field.in_request {
        name.insert_str(0, "request_");
    }
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    let reserved = matches!(
        name.as_str(),
        "found" | "request" | "profile" | "value" | "item" | "text" | "entry"
    );
    let used = taken.values().any(|t| t.to_string() == name);
    if !plain || reserved || used {
        name = format!("bound_{index}");
    }
    // Keywords are kept out by the trailing `_value`, which no keyword has.
    if crate::model::naming::sanitize(&name, crate::model::naming::Case::Snake)
        .is_ok_and(|n| n.is_raw())
    {
        name.push_str("_value");
    }
    proc_macro2::Ident::new(&name, proc_macro2::Span::call_site())
}
