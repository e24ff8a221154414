//! What an operation's protocol traits (model/protocol.rs and its `mac`) put into the
//! generated code: the key matching of every reader, the `MacInfo` constant, and the form
//! conveniences of an operation without an envelope, whose verified calls take only the
//! HMAC key. (The Blowfish envelope's conveniences stay in `wire::form_items`.)

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::protocol::KeyMatching;
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

/// In words, for rustdoc: how keys are matched.
fn keys_text(op: &Operation) -> &'static str {
    match op.protocol.keys {
        KeyMatching::AnyCase => "keys in any ASCII case",
        KeyMatching::Exact => "keys matched exactly",
    }
}

/// A form operation without an envelope (`envelope: none`): the request goes out as a
/// percent-encoded body (signed when there is a `mac`), the response is read from one and,
/// with a `mac`, verified under the HMAC key alone.
pub(super) fn clear_form_items(op: &Operation) -> Vec<TokenStream> {
    let request = op.request.type_name.ident();
    let response = op.response.type_name.ident();
    let case = key_case(op);
    let keys = keys_text(op);
    let unverified_doc = if op.mac.is_some() {
        format!(
            " For diagnostics only: reads a response or notify without proving it genuine (no `MAC` or spec check), so a forged message reads as well as a real one. Trust nothing it returns; use [`Self::from_query`]. A percent-encoded query string or form body; {keys}, a key given twice refused, unknown keys ignored; errors keep the raw input."
        )
    } else {
        format!(
            " Reads a response or notify from a percent-encoded query string or form body; {keys}, a key given twice refused, unknown keys ignored. Errors keep the raw input. The spec gives this operation no `mac`: nothing proves the message genuine."
        )
    };
    let mut items = vec![quote! {
        impl #response {
            #[doc = #unverified_doc]
            pub fn from_query_unverified(input: impl AsRef<[u8]>) -> Result<Self, rt::wire::DecodeError> {
                let input = input.as_ref();
                let wire = rt::wire::form::Envelope::open_form(&rt::wire::form::NoEnvelope, input, #case)?;
                Self::from_wire(&wire).map_err(|err| err.with_raw(input))
            }
        }
    }];
    let Some(mac) = &op.mac else {
        items.push(quote! {
            impl #request {
                /// The request as a percent-encoded `key=value&...` body in spec order. The
                /// spec gives this operation no `mac`: nothing signs it.
                pub fn to_form(&self) -> Result<String, rt::wire::EncodeError> {
                    rt::wire::form::to_form(&self.to_wire())
                }
            }
        });
        return items;
    };
    let Some(target) = op.request.fields.iter().find(|f| f.wire_name == mac.field) else {
        return items;
    };
    let member = target.rust_name.ident();
    let member_value = if target.is_optional() {
        quote!(Some(mac))
    } else {
        quote!(mac)
    };
    let field = &mac.field;
    let separator = &mac.separator;
    let mac_info = mac_info(op, mac);
    let sign_doc = format!(
        " Computes the `{field}` (HMAC-SHA256 under `key`, uppercase hex) over {} as they go on the wire, and stores it (so that [`Self::validate`] sees it). [`Self::to_form`] signs by itself.",
        mac.request.join(separator)
    );
    let verify_doc = format!(
        " Reads a response or notify (a percent-encoded query string or form body; {keys}, a key given twice refused, unknown keys ignored) and proves it genuine, in one call: checks the `{field}` (HMAC-SHA256 under `hmac` over {}, hex in either case, compared in constant time), then validates the response against its spec. Use [`Self::from_query_for`] to also check it against the request it answers.",
        mac.response.join(separator)
    );
    items.push(quote! {
        impl #request {
            /// What the `MAC` covers and where it goes, as the spec's `mac` says.
            pub const MAC: rt::wire::catalog::MacInfo = #mac_info;
            /// The fields the `MAC` is computed over, in order (a missing one counts as empty).
            pub const MAC_INPUT: &'static [&'static str] = Self::MAC.request;

            #[doc = #sign_doc]
            pub fn sign(&mut self, key: &rt::mac::HmacKey) {
                let input = rt::wire::form::mac_input_with(&self.to_wire(), &Self::MAC, Self::MAC_INPUT);
                let mac = rt::mac::hmac_sha256_hex(key, &input);
                self.#member = #member_value;
            }

            /// The request as a percent-encoded `key=value&...` body in spec order, signed
            /// under `hmac` (the `MAC` computed here over the values exactly as they are
            /// sent, replacing whatever the struct holds).
            pub fn to_form(&self, hmac: &rt::mac::HmacKey) -> Result<String, rt::wire::EncodeError> {
                rt::wire::form::to_form_signed(&self.to_wire(), hmac, &Self::MAC)
            }
        }
        impl #response {
            /// The fields the response `MAC` is computed over, in order.
            pub const MAC_INPUT: &'static [&'static str] = #request::MAC.response;

            #[doc = #verify_doc]
            ///
            /// # Errors
            ///
            /// Which check failed: [`VerifyError::Envelope`](rt::wire::form::VerifyError::Envelope)
            /// (unreadable input, a key given twice), `MacAbsent`, `MacWrong`, `Decode` or
            /// `Violations`.
            pub fn from_query(input: impl AsRef<[u8]>, hmac: &rt::mac::HmacKey) -> Result<Self, rt::wire::form::VerifyError> {
                let response = Self::open_verified(input.as_ref(), hmac)?;
                response.validate().map_err(rt::wire::form::VerifyError::Violations)?;
                Ok(response)
            }

            /// [`Self::from_query`], validating against `request`, the request this answers
            /// (conditions naming the request, fields that must hand back its values).
            ///
            /// # Errors
            ///
            /// As [`Self::from_query`].
            pub fn from_query_for(input: impl AsRef<[u8]>, request: &#request, hmac: &rt::mac::HmacKey) -> Result<Self, rt::wire::form::VerifyError> {
                let response = Self::open_verified(input.as_ref(), hmac)?;
                response.validate_with_request(request).map_err(rt::wire::form::VerifyError::Violations)?;
                Ok(response)
            }

            /// Checks the `MAC` on the received text, then reads the type.
            fn open_verified(input: &[u8], hmac: &rt::mac::HmacKey) -> Result<Self, rt::wire::form::VerifyError> {
                let wire = rt::wire::form::open_verified_with(input, &rt::wire::form::NoEnvelope, hmac, &#request::MAC)?;
                Self::from_wire(&wire).map_err(|err| rt::wire::form::VerifyError::Decode(err.with_raw(input)))
            }
        }
    });
    if op.response.fields.iter().any(|f| f.wire_name == mac.field) {
        let verify_doc = format!(
            " Checks the response's `{field}` against the HMAC over {} as this struct re-encodes them (hex in either case, compared in constant time). A status for diagnostics: [`Self::from_query`] verifies the received text and refuses what does not verify.",
            mac.response.join(separator)
        );
        items.push(quote! {
            impl #response {
                #[doc = #verify_doc]
                pub fn verify_mac(&self, key: &rt::mac::HmacKey) -> rt::wire::form::MacStatus {
                    rt::wire::form::verify_with(&self.to_wire(), key, &#request::MAC, Self::MAC_INPUT)
                }
            }
        });
    }
    items
}
