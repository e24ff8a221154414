//! The serde attributes of a generated struct (the generated crate's feature `serde`): derives
//! with the wire names, so that a serialized message reads like the provider's own. One
//! `rename_all` rule where it fits (camelCase for Adyen and Monext), one `rename` per field
//! where no rule gives the wire name (Computop's `MerchantID`, `URLSuccess`, ...), so the
//! generated code grows by a line per struct and per irregular field, nothing more. The enums
//! and return codes get theirs from the runtime's macros (as their wire text).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{CurrencyForm, Field, LeafKind, Shape};

/// A serde `rename_all` rule, applied to the field's Rust name without `r#`, exactly as serde
/// applies it to a snake_case name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// No rule: the Rust name.
    Same,
    Camel,
    Pascal,
}

impl Rule {
    fn apply(self, rust: &str) -> String {
        if self == Rule::Same {
            return rust.to_string();
        }
        // serde's PascalCase: drop each `_` and capitalize the letter after it (and the first).
        let mut pascal = String::with_capacity(rust.len());
        let mut capitalize = true;
        for ch in rust.chars() {
            if ch == '_' {
                capitalize = true;
            } else if capitalize {
                pascal.push(ch.to_ascii_uppercase());
                capitalize = false;
            } else {
                pascal.push(ch);
            }
        }
        if self == Rule::Camel {
            // serde's camelCase: PascalCase with the first character lowercased.
            let mut chars = pascal.chars();
            return match chars.next() {
                Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                None => pascal,
            };
        }
        pascal
    }

    fn name(self) -> Option<&'static str> {
        match self {
            Rule::Same => None,
            Rule::Camel => Some("camelCase"),
            Rule::Pascal => Some("PascalCase"),
        }
    }
}

/// The rule that leaves the fewest fields to rename (no rule on a tie).
fn best_rule(fields: &[Field]) -> Rule {
    let misses = |rule: Rule| {
        fields
            .iter()
            .filter(|f| rule.apply(f.rust_name.bare()) != f.wire_name)
            .count()
    };
    [Rule::Same, Rule::Camel, Rule::Pascal]
        .into_iter()
        .min_by_key(|rule| misses(*rule))
        .unwrap_or(Rule::Same)
}

/// The struct's attribute, and each field's (empty where the rule gives the wire name), in
/// field order.
pub fn serde_attrs(struct_name: &str, fields: &[Field]) -> (TokenStream, Vec<TokenStream>) {
    let rule = best_rule(fields);
    // Two attributes rather than one: one would be too long for a line, and printed over five.
    let rename_all = rule
        .name()
        .map(|name| quote!(#[cfg_attr(feature = "serde", serde(rename_all = #name))]));
    let derive = quote! {
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #rename_all
    };
    let per_field = fields
        .iter()
        .map(|f| {
            let rename = if rule.apply(f.rust_name.bare()) == f.wire_name {
                quote!()
            } else {
                let wire = &f.wire_name;
                quote!(#[cfg_attr(feature = "serde", serde(rename = #wire))])
            };
            let numeric = numeric_currency(f);
            let date = masked_date(struct_name, f);
            quote!(#rename #numeric #date)
        })
        .collect();
    (derive, per_field)
}

/// A currency the wire writes as its numeric code (Monext's `978`) serializes that way too;
/// the alphabetic form is `rt::Currency`'s own serde.
fn numeric_currency(field: &Field) -> Option<TokenStream> {
    let numeric = matches!(&field.shape, Shape::Leaf(leaf)
        if matches!(leaf.kind, LeafKind::Currency { form: CurrencyForm::Numeric, .. }));
    if !numeric || field.list {
        return None;
    }
    Some(if field.is_optional() {
        quote!(#[cfg_attr(feature = "serde", serde(default, with = "rt::currency::numeric_option"))])
    } else {
        quote!(#[cfg_attr(feature = "serde", serde(with = "rt::currency::numeric"))])
    })
}

/// The module `rt::date_serde!` declares for a date field (next to its struct, see
/// [`date_modules`]): `serde_<struct>_<field>`.
fn date_module(struct_name: &str, field: &Field) -> String {
    use heck::ToSnakeCase;
    format!(
        "serde_{}_{}",
        struct_name.to_snake_case(),
        field.rust_name.bare()
    )
}

fn date_format(field: &Field) -> Option<&str> {
    match &field.shape {
        Shape::Leaf(leaf) if !field.list => match &leaf.kind {
            LeafKind::Date { format, .. } => Some(format),
            _ => None,
        },
        _ => None,
    }
}

/// A date serializes as its mask's text, as on the wire.
fn masked_date(struct_name: &str, field: &Field) -> Option<TokenStream> {
    date_format(field)?;
    let module = date_module(struct_name, field);
    Some(if field.is_optional() {
        let with = format!("{module}::option");
        quote!(#[cfg_attr(feature = "serde", serde(default, with = #with))])
    } else {
        quote!(#[cfg_attr(feature = "serde", serde(with = #module))])
    })
}

/// The `rt::date_serde!` modules of a struct's date fields, in field order.
pub fn date_modules(struct_name: &str, fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter_map(|f| {
            let format = date_format(f)?;
            let module = proc_macro2::Ident::new(
                &date_module(struct_name, f),
                proc_macro2::Span::call_site(),
            );
            Some(quote! {
                #[cfg(feature = "serde")]
                rt::date_serde!(#module, #format);
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn rules_match_serde() {
        assert_eq!(Rule::Camel.apply("merchant_account"), "merchantAccount");
        assert_eq!(Rule::Camel.apply("order_desc2"), "orderDesc2");
        assert_eq!(Rule::Pascal.apply("order_desc2"), "OrderDesc2");
        assert_eq!(Rule::Pascal.apply("type"), "Type");
        assert_eq!(Rule::Same.apply("live"), "live");
        // What no rule gives: a field renamed on its own.
        assert_ne!(Rule::Pascal.apply("merchant_id"), "MerchantID");
    }
}
