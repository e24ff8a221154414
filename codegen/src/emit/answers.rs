//! `check_against`: for a response whose spec names another operation in `answers`, the
//! check of the fields it hands back against that operation's request.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::{Message, Operation};

/// `check_against(&<Answered>Request)` on the response `message` of `op`, when `op` answers
/// another operation and its response echoes something (the checker refuses `answers`
/// without echoes); `None` otherwise.
///
/// Decision: it checks the echoes only, not the response's own rules, so that calling it
/// next to `validate` / `validate_with_request` reports nothing twice.
pub fn check_against(op: &Operation, message: &Message) -> Option<TokenStream> {
    let answered = op.answers.as_ref()?;
    if message.echoes.is_empty() {
        return None;
    }
    let request = answered.request_type.ident();
    let fields = message
        .echoes
        .iter()
        .map(|echo| format!("`{}`", echo.field))
        .collect::<Vec<_>>()
        .join(", ");
    let lines = [
        format!(
            " Checks this response against the `{}` request it reports on: the fields that",
            answered.operation
        ),
        format!(" hand back that request's ({fields})"),
        " must hold what it sent, or the answer is for another payment (`request_mismatch`)."
            .to_owned(),
        String::new(),
        " Call this before trusting the outcome, next to [`Self::validate`] or".to_owned(),
        " [`Self::validate_with_request`] (which check the response itself). A side that does"
            .to_owned(),
        " not carry a value is not compared.".to_owned(),
    ];
    Some(quote! {
        #(#[doc = #lines])*
        pub fn check_against(&self, request: &#request) -> Result<(), rt::Violations> {
            let mut found = rt::Violations::new();
            self.check_echoes(request, &mut found);
            found.into_result()
        }
    })
}

/// The body of a catalog `check_response` entry point (with `response` read and `request`
/// the optional request tree): `validate_with_request` against the operation's own request,
/// or, for an operation that answers another one, `validate` and then `check_against` a
/// request of that operation (what `pspec decode --request` reads for it).
pub fn catalog_check(op: &Operation, own_request: &Ident) -> TokenStream {
    match &op.answers {
        Some(answered) => {
            let answered = answered.request_type.ident();
            quote! {
                let mut found = response.validate().err().unwrap_or_default();
                if let Some(request) = request
                    && let Err(mismatches) = response.check_against(&#answered::from_wire(request)?)
                {
                    for violation in mismatches.iter() {
                        found.push(*violation);
                    }
                }
                Ok(found)
            }
        }
        None => quote! {
            let checked = match request {
                Some(request) => response.validate_with_request(&#own_request::from_wire(request)?),
                None => response.validate(),
            };
            Ok(checked.err().unwrap_or_default())
        },
    }
}
