//! "What happened to this payment": one `outcome()` per response that carries a return code,
//! resolving the code the way the operation means it. Order of resolution: the operation's
//! own `code_meanings` (Monext `doWebPayment`'s `00000` is a created session, not a
//! payment), then, under a method profile, the profile's table (its listed codes), then the
//! field's table (listed codes), then the family rules (the profile's, then the table's).
//! An absent or empty code is `Unknown`, which is never a success.

use proc_macro2::TokenStream;
use quote::quote;

use super::codes::outcome_tokens;
use super::docs;
use crate::model::{CodeTable, Operation, Outcome, Provider};

/// The `outcome()` family of methods on the operation's response, when it has a code field.
pub fn outcome_items(provider: &Provider, op: &Operation) -> Vec<TokenStream> {
    let (Some(path), Some((table_id, table_type))) = (op.outcome_path(), op.outcome_table()) else {
        return Vec::new();
    };
    let table = provider.code_tables.iter().find(|t| t.id == table_id);
    let response = op.response.type_name.ident();
    let table_type = table_type.ident();
    let dotted = path
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect::<Vec<_>>()
        .join(".");

    // `self.a.b` as an `Option<&Code>`, whichever steps are optional.
    let mut access = quote!(self);
    let mut optional = false;
    for field in &path {
        let member = field.rust_name.ident();
        access = match (optional, field.is_optional()) {
            (false, false) => quote!(#access.#member),
            (false, true) => quote!(#access.#member.as_ref()),
            (true, false) => quote!(#access.map(|v| &v.#member)),
            (true, true) => quote!(#access.and_then(|v| v.#member.as_ref())),
        };
        optional |= field.is_optional();
    }
    let (read, read_under) = if optional {
        (
            quote! {
                match #access {
                    Some(code) => Self::code_outcome(code.code()),
                    None => rt::Outcome::Unknown,
                }
            },
            quote! {
                match #access {
                    Some(code) => Self::code_outcome_under(code.code(), profile),
                    None => rt::Outcome::Unknown,
                }
            },
        )
    } else {
        (
            quote!(Self::code_outcome(#access.code())),
            quote!(Self::code_outcome_under(#access.code(), profile)),
        )
    };

    let meaning_arms: Vec<TokenStream> = op
        .code_meanings
        .iter()
        .map(|m| {
            let code = &m.code;
            let outcome = outcome_tokens(m.outcome);
            quote!(#code => Some(#outcome),)
        })
        .collect();
    let (meaning_fn, meaning_first) = if meaning_arms.is_empty() {
        (quote!(), quote!())
    } else {
        (
            quote! {
                /// The operation's own meaning of `code`, when its spec states one
                /// (`code_meanings`): it overrides every table.
                fn code_meaning(code: &str) -> Option<rt::Outcome> {
                    match code {
                        #(#meaning_arms)*
                        _ => None,
                    }
                }
            },
            quote! {
                if let Some(outcome) = Self::code_meaning(code) {
                    return outcome;
                }
            },
        )
    };

    let base = base_docs(op, &dotted, table_id, table);
    let mut outcome_doc = vec![format!(
        "What happened, as an answer to {}: the outcome of the return code {} ({}). The one call to branch on; never match on messages.",
        docs::code(&op.id),
        docs::code(&dotted),
        "`Unknown` when the code is absent or empty"
    )];
    outcome_doc.extend(base);
    outcome_doc.push(success_sentence(op, table, None));
    let outcome_doc = docs::attrs(&outcome_doc);
    let code_doc = docs::attrs(&[
        "The outcome this operation gives the return code `code` (as received): what [`Self::outcome`] reports for a response carrying it, resolved the same way.".to_string(),
    ]);

    let mut items = vec![quote! {
        impl #response {
            #outcome_doc
            pub fn outcome(&self) -> rt::Outcome {
                #read
            }

            #code_doc
            pub fn code_outcome(code: &str) -> rt::Outcome {
                #meaning_first
                #table_type::from_wire(code).outcome()
            }

            #meaning_fn
        }
    }];

    if let Some(profile_type) = &op.profile_type {
        let profile_ty = profile_type.ident();
        let arms: Vec<TokenStream> = op
            .profiles
            .iter()
            .filter_map(|p| {
                let (_, own_type) = p.code_table.as_ref()?;
                let own_type = own_type.ident();
                let variant = p.variant.ident();
                Some(quote! {
                    #profile_ty::#variant => {
                        let own = #own_type::from_wire(code);
                        if own.is_listed() {
                            return own.outcome();
                        }
                        if shared.is_listed() {
                            return shared.outcome();
                        }
                        match rt::family_outcome(code, #own_type::FAMILIES) {
                            rt::Outcome::Unknown => shared.outcome(),
                            found => found,
                        }
                    }
                })
            })
            .collect();
        let fallback = if arms.len() < op.profiles.len() {
            quote!(_ => shared.outcome(),)
        } else {
            quote!()
        };
        let mut under_doc = vec![format!(
            "What happened, as an answer to {} under a method profile: like [`Self::outcome`], with the profile's own code table consulted before the operation's table (its listed codes first, then the table's, then the family rules, the profile's first). The operation's own code meanings still come first. `Unknown` when the code is absent or empty.",
            docs::code(&op.id)
        )];
        for p in &op.profiles {
            let line = match &p.code_table {
                Some((id, ty)) => format!(
                    "Profile {}: table {} ([`{}`]) first. {}",
                    docs::code(&p.id),
                    docs::code(id),
                    ty.bare(),
                    success_sentence(op, table, provider.code_tables.iter().find(|t| &t.id == id))
                ),
                None => format!(
                    "Profile {}: no table of its own; as [`Self::outcome`].",
                    docs::code(&p.id)
                ),
            };
            under_doc.push(line);
        }
        let under_doc = docs::attrs(&under_doc);
        let code_under_doc = docs::attrs(&[
            "The outcome this operation gives the return code `code` under a method profile: what [`Self::outcome_under`] reports for a response carrying it.".to_string(),
        ]);
        items.push(quote! {
            impl #response {
                #under_doc
                pub fn outcome_under(&self, profile: #profile_ty) -> rt::Outcome {
                    #read_under
                }

                #code_under_doc
                pub fn code_outcome_under(code: &str, profile: #profile_ty) -> rt::Outcome {
                    #meaning_first
                    let shared = #table_type::from_wire(code);
                    match profile {
                        #(#arms)*
                        #fallback
                    }
                }
            }
        });
    }
    items
}

/// How a code is resolved, and the operation's own meanings, as doc paragraphs.
fn base_docs(
    op: &Operation,
    dotted: &str,
    table_id: &str,
    table: Option<&CodeTable>,
) -> Vec<String> {
    let mut out = Vec::new();
    let type_name = table.map_or(String::new(), |t| format!(" ([`{}`])", t.type_name.bare()));
    let families = if table.is_some_and(|t| !t.families.is_empty()) {
        "then its family rules (longest prefix)"
    } else {
        "the table states no family rules"
    };
    if op.code_meanings.is_empty() {
        out.push(format!(
            "Resolution of {}: table {}{type_name}, its listed codes, {families}; no match: `Unknown`.",
            docs::code(dotted),
            docs::code(table_id)
        ));
    } else {
        out.push(format!(
            "Resolution of {}: this operation's own meanings below first, then table {}{type_name}, its listed codes, {families}; no match: `Unknown`.",
            docs::code(dotted),
            docs::code(table_id)
        ));
        let meanings: Vec<String> = op
            .code_meanings
            .iter()
            .map(|m| {
                format!(
                    "{} → `{}` ({})",
                    docs::code(&m.code),
                    m.outcome.as_str(),
                    docs::text(m.doc.trim_end_matches('.'))
                )
            })
            .collect();
        out.push(format!(
            "What codes mean when they answer {}: {}.",
            docs::code(&op.id),
            meanings.join("; ")
        ));
    }
    out
}

/// Exactly which codes give `Success` for this operation (under a profile's table, when
/// given): the meanings granting it, then the tables' listed codes not overridden. Family
/// rules never grant success (the checker refuses it).
fn success_sentence(op: &Operation, table: Option<&CodeTable>, own: Option<&CodeTable>) -> String {
    let overridden = |code: &str| op.code_meanings.iter().any(|m| m.code == code);
    let mut codes: Vec<String> = op
        .code_meanings
        .iter()
        .filter(|m| m.outcome == Outcome::Success)
        .map(|m| docs::code(&m.code))
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for t in own.into_iter().chain(table) {
        for c in &t.codes {
            if overridden(&c.code) || seen.contains(&c.code.as_str()) {
                continue;
            }
            seen.push(&c.code);
            if c.outcome == Outcome::Success {
                codes.push(match c.short.as_ref().filter(|short| **short != c.code) {
                    Some(short) => format!("{} ({})", docs::code(&c.code), docs::text(short)),
                    None => docs::code(&c.code),
                });
            }
        }
    }
    if codes.is_empty() {
        format!(
            "`Success` is never reported for {}: no code answering it means that the payment went through.",
            docs::code(&op.id)
        )
    } else {
        format!(
            "`Success` means exactly that the code is one of: {}. Any other code, listed or not, is never `Success`.",
            codes.join(", ")
        )
    }
}
