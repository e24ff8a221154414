//! Code for an operation's `signature` and `outcome` (specs/README.md): the scheme as a
//! constant of the response, a verified `from_json` (the primary call; the lenient reader is
//! `from_json_unverified`), and, on the type of the signed or classified objects,
//! `signing_input`/`verify_signature` and `outcome_code`/`outcome`.
//!
//! The generated code only states the scheme; `::pspec_runtime::signature` does the work.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{KeyEncoding, Operation, OutputEncoding, SignatureAlgorithm, Transport};

/// The response's JSON readers when the operation has a `signature` (they replace the plain
/// `from_json`), or `None`.
pub fn json_reader(op: &Operation) -> Option<TokenStream> {
    let signature = op.signature.as_ref()?;
    if op.transport != Transport::Json {
        return None;
    }
    let response = op.response.type_name.ident();
    let spec = &signature.spec;
    let algorithm = match spec.algorithm {
        SignatureAlgorithm::HmacSha256 => quote!(rt::signature::Algorithm::HmacSha256),
    };
    let key = key_encoding(spec.key);
    let output = match spec.output {
        OutputEncoding::Base64 => quote!(rt::signature::OutputEncoding::Base64),
        OutputEncoding::Hex => quote!(rt::signature::OutputEncoding::Hex),
    };
    let (separator, scope, fields, at) = (&spec.separator, &spec.scope, &spec.fields, &spec.at);
    let scheme_doc = format!(
        " The signature of this message: {} of each object at `{scope}` (every list item on its own), over `{}` (a missing value empty), under the merchant's key written in {}, as {}, in `{at}`.",
        spec.algorithm.as_str(),
        fields.join(separator.as_str()),
        spec.key.as_str(),
        spec.output.as_str(),
    );
    let key_doc = format!(
        " Reads the merchant's signature key as it is written ({}); the error names a position only, never the key.",
        spec.key.as_str()
    );
    Some(quote! {
        impl #response {
            #[doc = #scheme_doc]
            pub const SIGNATURE: rt::signature::Scheme = rt::signature::Scheme {
                algorithm: #algorithm,
                key: #key,
                output: #output,
                separator: #separator,
                scope: #scope,
                fields: &[#(#fields),*],
                at: #at,
            };

            #[doc = #key_doc]
            pub fn signature_key(text: &str) -> Result<rt::signature::SignatureKey, rt::signature::KeyError> {
                rt::signature::SignatureKey::parse(text, Self::SIGNATURE.key)
            }

            /// Reads a JSON body and vouches for it: every signed object must carry a
            /// signature that matches under `key` (compared in constant time), there must be
            /// at least one, and the message must then validate. This is the call to act
            /// on; the error says which object failed and how, never a value. Only the
            /// signed fields (see [`Self::SIGNATURE`]) are vouched for by the provider.
            pub fn from_json(body: impl AsRef<[u8]>, key: &rt::signature::SignatureKey) -> Result<Self, rt::signature::VerifiedDecodeError> {
                let body = body.as_ref();
                let wire = rt::wire::json::from_json(body)?;
                // Verified over the tree as received, before anything is typed.
                Self::SIGNATURE.require_all(key, &wire)?;
                let response = Self::from_wire(&wire).map_err(|err| err.with_raw(body))?;
                response.validate().map_err(rt::signature::VerifiedDecodeError::Invalid)?;
                Ok(response)
            }

            /// For diagnostics only: reads a JSON body without checking any signature or
            /// validating (in one pass, as [`Self::from_wire`] reads a tree). Never act on
            /// what it returns; errors keep the raw body.
            pub fn from_json_unverified(body: impl AsRef<[u8]>) -> Result<Self, rt::wire::DecodeError> {
                rt::wire::pull::json::read_json(body.as_ref())
            }

            /// The status of every signed object, in order, under `key` (over the typed
            /// values written back, see [`Self::to_wire`]).
            pub fn verify_signatures(&self, key: &rt::signature::SignatureKey) -> Vec<rt::signature::ItemCheck> {
                Self::SIGNATURE.verify_all(key, &self.to_wire())
            }
        }
    })
}

fn key_encoding(key: KeyEncoding) -> TokenStream {
    match key {
        KeyEncoding::Hex => quote!(rt::signature::KeyEncoding::Hex),
        KeyEncoding::Text => quote!(rt::signature::KeyEncoding::Text),
    }
}

/// Methods on the signed and classified objects' types.
pub fn item_items(op: &Operation) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let response = op.response.type_name.ident();
    if let Some(signature) = &op.signature
        && op.transport == Transport::Json
    {
        let item = signature.item_type.ident();
        items.push(quote! {
            impl #item {
                /// The text this object's signature covers (see the response's `SIGNATURE`).
                pub fn signing_input(&self) -> String {
                    #response::SIGNATURE.signing_input(&self.to_wire())
                }

                /// Whether this object's signature matches under `key` (constant time).
                pub fn verify_signature(&self, key: &rt::signature::SignatureKey) -> rt::signature::SignatureStatus {
                    #response::SIGNATURE.verify(key, &self.to_wire())
                }
            }
        });
    }
    if let Some(outcome) = &op.item_outcome {
        let item = outcome.item_type.ident();
        let table = outcome.table_type.ident();
        let spec = &outcome.spec;
        let (code, separator) = (&spec.code, &spec.separator);
        let code_doc = format!(
            " The code of this object in the table `{}`: `{}` joined (a missing value empty). Any text parses; a combination the table does not list is kept and has the table's family outcome, or none.",
            spec.table,
            code.join(separator.as_str())
        );
        items.push(quote! {
            impl #item {
                #[doc = #code_doc]
                pub fn outcome_code(&self) -> #table {
                    #table::from_wire(&rt::wire::join_fields(&self.to_wire(), &[#(#code),*], #separator))
                }

                /// What this object says happened, from [`Self::outcome_code`]. Trust it only
                /// once the message is verified.
                pub fn outcome(&self) -> rt::Outcome {
                    self.outcome_code().outcome()
                }
            }
        });
    }
    items
}
