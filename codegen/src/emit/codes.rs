//! Return-code types: one per code table. Parsing any code succeeds; a code the table does not
//! list is kept as `Unknown(String)` and takes its outcome from the family rules (longest
//! matching prefix).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::enums::allow_variant_names;
use crate::model::{CodeTable, Outcome};

pub(super) fn outcome_tokens(outcome: Outcome) -> TokenStream {
    match outcome {
        Outcome::Success => quote!(rt::Outcome::Success),
        Outcome::Pending => quote!(rt::Outcome::Pending),
        Outcome::ActionRequired => quote!(rt::Outcome::ActionRequired),
        Outcome::Refused => quote!(rt::Outcome::Refused),
        Outcome::Cancelled => quote!(rt::Outcome::Cancelled),
        Outcome::Error => quote!(rt::Outcome::Error),
        Outcome::Fraud => quote!(rt::Outcome::Fraud),
    }
}

/// The code type of a table and its `impl`s.
pub fn code_items(table: &CodeTable) -> Vec<TokenStream> {
    let name = table.type_name.ident();
    let mut paragraphs = vec![
        format!(
            "Return codes of the table {}: {}",
            docs::code(&table.id),
            docs::sentence(&table.title)
        ),
        format!(
            "Every code has the format {}. Parsing never fails: a code the table does not list is kept in [`Self::Unknown`], and `code()` gives it back unchanged.",
            docs::code(&table.code_format.notation())
        ),
    ];
    if table.families.is_empty() {
        paragraphs.push(
            "The table states no family rules: an unlisted code's outcome is `Unknown`."
                .to_string(),
        );
    } else {
        let rules: Vec<String> = table
            .families
            .iter()
            .map(|f| {
                let mut rule = format!(
                    "{} → `{}`",
                    docs::code(&format!("{}…", f.prefix)),
                    f.outcome.as_str()
                );
                if let Some(doc) = &f.doc {
                    rule.push_str(&format!(" ({})", docs::text(doc.trim_end_matches('.'))));
                }
                rule
            })
            .collect();
        paragraphs.push(format!(
            "Outcome of an unlisted code, by the longest matching prefix: {}; no match: `unknown`.",
            rules.join("; ")
        ));
    }
    paragraphs.push(docs::citation(&table.source));
    paragraphs.push(format!("Spec file: {}.", docs::code(&table.file)));
    let doc = docs::attrs(&paragraphs);

    let variants: Vec<proc_macro2::Ident> = table.codes.iter().map(|c| c.variant.ident()).collect();
    let codes: Vec<&str> = table.codes.iter().map(|c| c.code.as_str()).collect();
    let variant_docs = table.codes.iter().map(|c| {
        let mut head = format!("Code {}", docs::code(&c.code));
        if let Some(short) = &c.short {
            head.push_str(&format!(" {}", docs::code(short)));
        }
        if let Some(long) = &c.long {
            head.push_str(&format!(": {}", docs::sentence(long)));
        } else {
            head.push('.');
        }
        let mut lines = vec![head, format!("Outcome: `{}`.", c.outcome.as_str())];
        if let Some(doc) = &c.doc {
            lines.push(docs::sentence(doc));
        }
        docs::attrs(&lines)
    });
    let count = proc_macro2::Literal::usize_unsuffixed(table.codes.len());
    let allow = allow_variant_names(&table.codes.iter().map(|c| &c.variant).collect::<Vec<_>>());
    let message_arms = |pick: fn(&crate::model::Code) -> Option<&String>| {
        let arms: Vec<TokenStream> = table
            .codes
            .iter()
            .filter_map(|c| {
                let text = pick(c)?;
                let variant = c.variant.ident();
                Some(quote!(Self::#variant => Some(#text),))
            })
            .collect();
        if arms.is_empty() {
            quote!(None)
        } else {
            quote!(match self { #(#arms)* _ => None })
        }
    };
    let short = message_arms(|c| c.short.as_ref());
    let long = message_arms(|c| c.long.as_ref());
    let outcomes = table.codes.iter().map(|c| outcome_tokens(c.outcome));
    let families: Vec<TokenStream> = table
        .families
        .iter()
        .map(|f| {
            let prefix = &f.prefix;
            let outcome = outcome_tokens(f.outcome);
            quote!((#prefix, #outcome))
        })
        .collect();
    let unknown_outcome = if families.is_empty() {
        quote!(Self::Unknown(_) => rt::Outcome::Unknown,)
    } else {
        quote!(Self::Unknown(code) => rt::family_outcome(code, Self::FAMILIES),)
    };
    vec![
        quote! {
            #doc
            #allow
            #[derive(Clone, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #variants, )*
                /// A code the table does not list, kept exactly as received; its outcome comes
                /// from the family rules.
                Unknown(String),
            }
        },
        quote! {
            impl #name {
                /// Every code the table lists, in spec order.
                pub const LISTED: [Self; #count] = [#(Self::#variants),*];

                /// The family rules: outcome of unlisted codes by prefix (the longest match wins).
                pub const FAMILIES: &'static [(&'static str, rt::Outcome)] = &[#(#families),*];

                /// The code for a wire text. Never fails: unlisted codes are kept in
                /// [`Self::Unknown`].
                pub fn from_wire(code: &str) -> Self {
                    match code {
                        #( #codes => Self::#variants, )*
                        other => Self::Unknown(other.to_string()),
                    }
                }

                /// The code as sent on the wire (an unlisted code unchanged).
                pub fn code(&self) -> &str {
                    match self {
                        #( Self::#variants => #codes, )*
                        Self::Unknown(code) => code,
                    }
                }

                /// The table's short message (status word) for the code, if it gives one.
                pub fn short_message(&self) -> Option<&'static str> { #short }

                /// The table's long message for the code, if it gives one.
                pub fn long_message(&self) -> Option<&'static str> { #long }

                /// What the table says the code means: its outcome for a listed code, the
                /// family rules' for any other. An operation may give a code its own meaning
                /// (Monext `doWebPayment`'s `00000` is a created session, not a payment): to
                /// know what happened to a payment, call the response's `outcome()`, which
                /// applies the operation's meanings and a profile's table.
                pub fn outcome(&self) -> rt::Outcome {
                    match self {
                        #( Self::#variants => #outcomes, )*
                        #unknown_outcome
                    }
                }

                /// Whether the table lists the code.
                pub fn is_listed(&self) -> bool {
                    !matches!(self, Self::Unknown(_))
                }
            }
        },
        quote! {
            impl ::core::fmt::Display for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.code())
                }
            }
        },
    ]
}
