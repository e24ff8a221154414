//! What a struct of the generated code holds beside, or instead of, its spec fields: a
//! request's computed fields (its MAC) are left out, a top-level request has `extras`, and a
//! request's fixed text fields get a serde guard. Shared by `structs`, `wire` and
//! `constructors`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::model::{Field, Message, Operation};

/// The fields a request struct holds: every field but the computed ones.
pub fn stored(fields: &[Field]) -> impl Iterator<Item = &Field> {
    fields.iter().filter(|f| !f.computed)
}

/// Whether a message gets `extras`: a request with fields (a webhook's empty request is
/// sent by nobody) carries the fields its spec does not cover; a response keeps the
/// top-level fields it received that its spec does not list.
pub fn has_extras(message: &Message) -> bool {
    !message.fields.is_empty()
}

/// The spec's top-level wire names of a message, as a Rust slice literal's items.
pub fn wire_names(message: &Message) -> Vec<&str> {
    message
        .fields
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect()
}

/// The extras check of a request's `validate()`: names colliding with a spec field (under
/// the wire's key matching), shapes the wire cannot carry.
pub fn extras_check(op: &Operation) -> TokenStream {
    let names = wire_names(&op.request);
    let case = super::protocol::key_case(op);
    let wire = match op.transport {
        crate::model::Transport::Form | crate::model::Transport::Query => {
            quote!(rt::ExtrasWire::Flat)
        }
        crate::model::Transport::Soap => quote!(rt::ExtrasWire::Xml),
        crate::model::Transport::Json => quote!(rt::ExtrasWire::Json),
    };
    quote!(self.extras.check(found, &[#(#names),*], #case, #wire);)
}

/// The private function a fixed field's serde `deserialize_with` names: a deserialized
/// request holds its fixed value, or deserializing fails (`rt::__private::deserialize_fixed`).
fn serde_fixed_name(name: &Ident, field: &Field) -> Ident {
    use heck::ToSnakeCase;
    format_ident!(
        "fixed_{}_{}",
        name.to_string().to_snake_case(),
        field.rust_name.bare()
    )
}

/// The serde attribute of a request's fixed text field.
pub fn serde_fixed_attr(name: &Ident, field: &Field) -> Option<TokenStream> {
    field.fixed_text()?;
    let with = serde_fixed_name(name, field).to_string();
    Some(if field.is_optional() {
        quote!(#[cfg_attr(feature = "serde", serde(default, deserialize_with = #with))])
    } else {
        quote!(#[cfg_attr(feature = "serde", serde(deserialize_with = #with))])
    })
}

/// The function [`serde_fixed_attr`] names.
pub fn serde_fixed_fn(name: &Ident, field: &Field) -> Option<TokenStream> {
    let fixed = field.fixed_text()?;
    let fn_name = serde_fixed_name(name, field);
    let (ty, read) = if field.is_optional() {
        (quote!(Option<String>), quote!(deserialize_fixed_option))
    } else {
        (quote!(String), quote!(deserialize_fixed))
    };
    let doc = docs::attrs(&[format!(
        "Deserializes {} of [`{name}`]: its fixed value {} only.",
        docs::code(&field.wire_name),
        docs::code(fixed)
    )]);
    Some(quote! {
        #doc
        #[cfg(feature = "serde")]
        fn #fn_name<'de, D: rt::__private::serde::Deserializer<'de>>(deserializer: D) -> Result<#ty, D::Error> {
            rt::__private::#read(deserializer, #fixed)
        }
    })
}
