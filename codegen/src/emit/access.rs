//! Reaching a field from the top of a message (or from a list item) through nested structs and
//! `Option`s, as an expression the generated code evaluates without allocating.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Step;

/// What the expression should yield for the last field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Text as `&str` (`as_str()` / `as_deref()`).
    Text,
    /// A reference to the value.
    Ref,
    /// The value itself (integers, bools: `Copy`).
    Copy,
    /// Something to call `is_some()` / `is_none()` on: like `Ref`, without a needless
    /// `as_ref()` on a first optional field.
    Presence,
}

/// The expression reaching a field.
#[derive(Clone, Debug)]
pub enum Access {
    /// Every field on the way is mandatory: the expression is the value (a place for `Ref`).
    Always(TokenStream),
    /// Some field on the way is optional: the expression is an `Option` of the value.
    Optional(TokenStream),
}

/// The expression reaching the field at `steps` from `base` (`self`, `request`, `item`).
pub fn access(base: TokenStream, steps: &[Step], mode: Mode) -> Access {
    let mut expr = base;
    let mut optional = false;
    // Mandatory fields after an optional one, not yet applied (`v.a.b` inside one closure).
    let mut pending: Vec<proc_macro2::Ident> = Vec::new();
    let last = steps.len().saturating_sub(1);
    for (i, step) in steps.iter().enumerate() {
        let name = step.rust_name.ident();
        let is_last = i == last;
        if !optional {
            if !step.optional {
                expr = if is_last && mode == Mode::Text {
                    quote!(#expr.#name.as_str())
                } else {
                    quote!(#expr.#name)
                };
                continue;
            }
            optional = true;
            expr = match (is_last, mode) {
                (true, Mode::Text) => quote!(#expr.#name.as_deref()),
                (true, Mode::Copy | Mode::Presence) => quote!(#expr.#name),
                _ => quote!(#expr.#name.as_ref()),
            };
            continue;
        }
        if !step.optional && !is_last {
            pending.push(name);
            continue;
        }
        let path = quote!(v #( .#pending )* .#name);
        pending.clear();
        expr = match (step.optional, is_last, mode) {
            (false, _, Mode::Text) => quote!(#expr.map(|v| #path.as_str())),
            (false, _, Mode::Copy) => quote!(#expr.map(|v| #path)),
            (false, _, Mode::Ref | Mode::Presence) => quote!(#expr.map(|v| &#path)),
            (true, true, Mode::Text) => quote!(#expr.and_then(|v| #path.as_deref())),
            (true, true, Mode::Copy) => quote!(#expr.and_then(|v| #path)),
            (true, _, _) => quote!(#expr.and_then(|v| #path.as_ref())),
        };
    }
    if optional {
        Access::Optional(expr)
    } else {
        Access::Always(expr)
    }
}
