//! Enums of a field's allowed values. In a request the set is closed (`Copy`, no other value
//! can be built); in a response it is open: an `Unknown(String)` variant keeps any other value
//! as received, and `as_str()` gives it back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::model::{Direction, EnumDef, Field, Operation, RustName};

/// The enum of a field's values and its `impl`s.
pub fn enum_items(
    op: &Operation,
    direction: Direction,
    field: &Field,
    def: &EnumDef,
) -> Vec<TokenStream> {
    let name = def.type_name.ident();
    let openness = if def.open {
        "Open: a value the spec does not list is kept in [`Self::Unknown`], and `as_str()` gives it back unchanged."
    } else {
        "Closed: the request can only carry these values."
    };
    let mut paragraphs = vec![
        format!(
            "Values of {} in the {} {}.",
            docs::code(&field.path),
            docs::code(&op.id),
            direction.word().to_lowercase()
        ),
        openness.to_string(),
    ];
    if let Some(doc) = &field.doc {
        paragraphs.push(format!("The field: {}", docs::sentence(doc)));
    }
    paragraphs.push(docs::citation(&field.source));
    let doc = docs::attrs(&paragraphs);
    let variants: Vec<proc_macro2::Ident> =
        def.variants.iter().map(|v| v.rust_name.ident()).collect();
    let wires: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = def.variants.iter().map(|v| {
        let mut line = format!("The value {}", docs::code(&v.wire));
        match &v.doc {
            Some(doc) => line.push_str(&format!(": {}", docs::sentence(doc))),
            None => line.push('.'),
        }
        docs::attrs(&[line])
    });
    let count = proc_macro2::Literal::usize_unsuffixed(def.variants.len());
    let allow = allow_variant_names(
        &def.variants
            .iter()
            .map(|v| &v.rust_name)
            .collect::<Vec<_>>(),
    );
    let mut items = Vec::new();
    if def.open {
        items.push(quote! {
            #doc
            #allow
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #variants, )*
                /// A value the spec does not list, kept exactly as received.
                Unknown(String),
            }
        });
        items.push(quote! {
            impl #name {
                /// Every value the spec lists, in spec order.
                pub const LISTED: [Self; #count] = [#(Self::#variants),*];

                /// The value for a wire text; a text the spec does not list is kept in
                /// [`Self::Unknown`]. Never fails.
                pub fn from_wire(text: &str) -> Self {
                    match text {
                        #( #wires => Self::#variants, )*
                        other => Self::Unknown(other.to_string()),
                    }
                }

                /// The value as sent on the wire (an unknown value unchanged).
                pub fn as_str(&self) -> &str {
                    match self {
                        #( Self::#variants => #wires, )*
                        Self::Unknown(text) => text,
                    }
                }

                /// Whether the value is one the spec lists.
                pub fn is_listed(&self) -> bool {
                    !matches!(self, Self::Unknown(_))
                }
            }
        });
    } else {
        items.push(quote! {
            #doc
            #allow
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #variants, )*
            }
        });
        items.push(quote! {
            impl #name {
                /// Every value, in spec order.
                pub const ALL: [Self; #count] = [#(Self::#variants),*];

                /// The value for a wire text; `None` for a text the spec does not list.
                pub fn from_wire(text: &str) -> Option<Self> {
                    match text {
                        #( #wires => Some(Self::#variants), )*
                        _ => None,
                    }
                }

                /// The value as sent on the wire.
                pub const fn as_str(self) -> &'static str {
                    match self {
                        #( Self::#variants => #wires, )*
                    }
                }
            }
        });
    }
    items.push(quote! {
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    });
    items
}

/// `#[allow(clippy::enum_variant_names)]` when clippy would object to names that come from the
/// provider's values: three or more variants sharing their first or last word.
pub fn allow_variant_names(names: &[&RustName]) -> TokenStream {
    if names.len() < 3 {
        return quote!();
    }
    let words: Vec<Vec<String>> = names.iter().map(|n| camel_words(n.bare())).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = words.first().and_then(pick);
        first.is_some() && words.iter().all(|w| pick(w) == first)
    };
    if shared(|w| w.first()) || shared(|w| w.last()) {
        quote!(#[allow(clippy::enum_variant_names)])
    } else {
        quote!()
    }
}

fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}
