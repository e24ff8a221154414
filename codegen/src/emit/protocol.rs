//! What an operation's protocol traits (model/protocol.rs and its `mac`) put into the
//! generated code: the key matching of every reader, the `MacInfo` constant, and the form
//! methods: one runtime macro per protocol (`runtime/src/form_methods.rs`), `sealed_*` for the
//! Blowfish envelope, `clear_*` for a body without one, so that the generated code declares
//! only what differs per operation (the `MAC` constant and the field it goes in).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::protocol::{Envelope, KeyMatching};
use crate::model::{MacSpec, Operation};

/// How names are matched when reading, as the operation's `keys` says.
pub(super) fn key_case(op: &Operation) -> TokenStream {
    match op.protocol.keys {
        KeyMatching::AnyCase => quote!(rt::wire::KeyCase::Insensitive),
        KeyMatching::Exact => quote!(rt::wire::KeyCase::Exact),
    }
}

/// The spec's `mac` (with the operation's key matching) as a `MacInfo` value.
pub(super) fn mac_info(op: &Operation, mac: &MacSpec) -> TokenStream {
    let (field, request, response, clear, separator) = (
        &mac.field,
        &mac.request,
        &mac.response,
        &mac.clear,
        &mac.separator,
    );
    let keys = key_case(op);
    quote! {
        rt::wire::catalog::MacInfo {
            field: #field,
            request: &[#(#request),*],
            response: &[#(#response),*],
            clear: &[#(#clear),*],
            separator: #separator,
            keys: #keys,
        }
    }
}

/// The `KeyCase` variant a macro takes, as the operation's `keys` says.
fn key_case_variant(op: &Operation) -> proc_macro2::Ident {
    let name = match op.protocol.keys {
        KeyMatching::AnyCase => "Insensitive",
        KeyMatching::Exact => "Exact",
    };
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

/// A form operation's methods: reading without proof always; with a `mac`, the `MAC`
/// constant, signing, encoding and verified reading; without one, plain encoding (a clear
/// body) or none (the envelope needs a `MAC` to be sent).
pub(super) fn form_items(op: &Operation) -> Vec<TokenStream> {
    let request = op.request.type_name.ident();
    let response = op.response.type_name.ident();
    let case = key_case_variant(op);
    let sealed = op.protocol.envelope != Envelope::None;
    let signed = if op.mac.is_some() {
        quote!(signed)
    } else {
        quote!(unsigned)
    };
    let unverified = if sealed {
        quote!(rt::sealed_form_unverified!(#signed, #case);)
    } else {
        quote!(rt::clear_form_unverified!(#signed, #case);)
    };
    // The field the `MAC` goes in; without one (no `mac`, or a spec whose request lacks the
    // field, which the checker refuses) the request gets no signing methods.
    let mac_target = op.mac.as_ref().and_then(|mac| {
        let field = op
            .request
            .fields
            .iter()
            .find(|f| f.wire_name == mac.field)?;
        Some((mac, field))
    });
    let Some((mac, _)) = mac_target else {
        let mut items = vec![quote! { impl #response { #unverified } }];
        if !sealed {
            items.push(quote! { impl #request { rt::clear_form_unsigned_request!(); } });
        }
        return items;
    };
    let mac_info = mac_info(op, mac);
    let (request_methods, response_methods) = if sealed {
        (
            quote!(rt::sealed_form_request!();),
            quote!(rt::sealed_form_response!(#request);),
        )
    } else {
        (
            quote!(rt::clear_form_request!();),
            quote!(rt::clear_form_response!(#request);),
        )
    };
    let verify_mac = match mac_texts(op, mac) {
        Some(texts) if op.response.fields.iter().any(|f| f.wire_name == mac.field) => quote! {
            #texts
            rt::form_verify_mac!(#request, typed);
        },
        None if op.response.fields.iter().any(|f| f.wire_name == mac.field) => {
            quote!(rt::form_verify_mac!(#request);)
        }
        _ => quote!(),
    };
    vec![quote! {
        impl #request {
            /// What the `MAC` covers and where it goes, as the spec's `mac` says.
            pub const MAC: rt::wire::catalog::MacInfo = #mac_info;
            #request_methods
        }
        impl #response {
            #response_methods
            #verify_mac
            #unverified
        }
    }]
}

/// The response's `mac_texts`: the texts its `MAC` covers, in order, read off the typed
/// fields (no tree), and the `MAC` it carries; `None` when a part is a field that is not
/// text, an enum or a code (`verify_mac` then re-encodes the struct).
fn mac_texts(op: &Operation, mac: &MacSpec) -> Option<TokenStream> {
    let matches = |field: &crate::model::Field, name: &str| match op.protocol.keys {
        KeyMatching::AnyCase => field.wire_name.eq_ignore_ascii_case(name),
        KeyMatching::Exact => field.wire_name == name,
    };
    let text = |name: &str| -> Option<TokenStream> {
        let Some(field) = op.response.fields.iter().find(|f| matches(f, name)) else {
            // Not in the response: an empty part, as a missing value is.
            return Some(quote!(""));
        };
        let member = field.rust_name.ident();
        let crate::model::Shape::Leaf(leaf) = &field.shape else {
            return None;
        };
        if field.list {
            return None;
        }
        let (mandatory, optional) = match &leaf.kind {
            crate::model::LeafKind::Text => (
                quote!(self.#member.as_str()),
                quote!(self.#member.as_deref().unwrap_or("")),
            ),
            crate::model::LeafKind::Enum(_) => (
                quote!(self.#member.as_str()),
                quote!(self.#member.as_ref().map_or("", |v| v.as_str())),
            ),
            crate::model::LeafKind::Code { .. } => (
                quote!(self.#member.code()),
                quote!(self.#member.as_ref().map_or("", |v| v.code())),
            ),
            _ => return None,
        };
        Some(if field.is_optional() {
            optional
        } else {
            mandatory
        })
    };
    let parts = mac
        .response
        .iter()
        .map(|name| text(name))
        .collect::<Option<Vec<_>>>()?;
    let given = text(&mac.field)?;
    let count = proc_macro2::Literal::usize_unsuffixed(parts.len());
    Some(quote! {
        /// The texts the response `MAC` covers ([`Self::MAC_INPUT`]), in order, as this
        /// struct holds them, and the `MAC` it carries.
        fn mac_texts(&self) -> ([&str; #count], &str) {
            ([#(#parts),*], #given)
        }
    })
}
