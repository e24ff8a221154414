//! Checks of one value, by its type: text (length, character class, date mask, forbidden
//! characters, URL, fixed value), integers and bools (digits, range, fixed value), enums, codes
//! and maps. Each becomes calls into `::pspec_runtime` (`rt`), which allocate only to report.

use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

use crate::model::{Carry, CharClass, DatePart, Direction, Format, Leaf, LeafKind, Length};

/// `found.report(field, rule, limit);`
pub fn report(field: &str, rule: &str, limit: &str) -> TokenStream {
    let rule = proc_macro2::Ident::new(rule, proc_macro2::Span::call_site());
    quote!(found.report(#field, rt::RuleKind::#rule, #limit);)
}

/// One check of a value, kept apart from its wrapping so that `if let Some(value) = ..` around a
/// single `if` becomes one `let` chain (clippy's `collapsible_if`).
pub enum Check {
    /// A statement.
    Stmt(TokenStream),
    /// `if cond { body }`.
    If {
        cond: TokenStream,
        body: TokenStream,
    },
    /// `if let <Enum>::Unknown(text) = value { body }`: a value an open enum does not list.
    Unknown { ty: TokenStream, body: TokenStream },
}

impl Check {
    /// The statement, applied to `value` (a reference for `Unknown`).
    pub fn render(&self, value: &TokenStream) -> TokenStream {
        match self {
            Check::Stmt(t) => t.clone(),
            Check::If { cond, body } => quote!(if #cond { #body }),
            Check::Unknown { ty, body } => quote!(if let #ty::Unknown(text) = #value { #body }),
        }
    }
}

/// The checks of an optional value: `if let Some(value) = option { checks }`, merged with a
/// single `if` into one condition.
pub fn when_some(option: &TokenStream, checks: Vec<Check>) -> Option<TokenStream> {
    match checks.as_slice() {
        [] => None,
        [Check::If { cond, body }] => Some(quote!(if let Some(value) = #option && #cond { #body })),
        [Check::Unknown { ty, body }] => {
            Some(quote!(if let Some(#ty::Unknown(text)) = #option { #body }))
        }
        _ => {
            let checks = checks.iter().map(|c| c.render(&quote!(value)));
            Some(quote!(if let Some(value) = #option { #(#checks)* }))
        }
    }
}

/// Checks of a text value (`value` is a `&str` expression).
pub fn text_checks(name: &str, leaf: &Leaf, value: &TokenStream) -> Vec<TokenStream> {
    if let Some(fixed) = &leaf.fixed {
        return vec![quote!(rt::fixed(found, #name, #value, #fixed);)];
    }
    let mut out = Vec::new();
    let notation = leaf.format.notation();
    match &leaf.format {
        Format::Chars {
            class: CharClass::Text,
            length,
        } => {
            let len = len_tokens(*length);
            out.push(quote!(rt::text(found, #name, #value, #len, #notation);));
        }
        Format::Chars { class, length } => {
            let len = len_tokens(*length);
            let class = class_tokens(*class);
            out.push(quote!(rt::ascii(found, #name, #value, &#class, #len, #notation);));
        }
        Format::Date { parts, .. } => {
            let parts = parts.iter().map(date_part);
            out.push(quote!(rt::date(found, #name, #value, &[#(#parts),*], #notation);));
        }
        Format::DateTime => {
            out.push(quote!(rt::date(found, #name, #value, rt::ISO_DATE_TIME, #notation);))
        }
        Format::Bool | Format::Int64 => {}
    }
    match leaf.carry {
        _ if !leaf.needs_carry_check() => {}
        Carry::Any => {}
        Carry::Form => out.push(quote!(rt::carry_form(found, #name, #value);)),
        Carry::Xml => out.push(quote!(rt::carry_xml(found, #name, #value);)),
    }
    if let Some(chars) = &leaf.forbidden {
        let bytes = Lit::byte_string(chars.as_bytes());
        out.push(quote!(rt::forbidden(found, #name, #value, &const { rt::ByteSet::of(#bytes) }, #chars);));
    }
    if let Some(prefix) = &leaf.prefix {
        out.push(quote!(rt::prefix(found, #name, #value, #prefix);));
    }
    if let Some(url) = &leaf.url {
        let scheme = match &url.scheme {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let port = match url.port {
            Some(p) => {
                let text = p.to_string();
                let p = Lit::u16_unsuffixed(p);
                quote!(Some((#p, #text)))
            }
            None => quote!(None),
        };
        let query = url.query;
        out.push(quote!(rt::url(found, #name, #value, &rt::UrlRule { scheme: #scheme, port: #port, query: #query });));
    }
    out
}

/// Checks of an integer or bool (`value` is the value, by copy).
pub fn copy_checks(name: &str, leaf: &Leaf, value: &TokenStream) -> Vec<Check> {
    let mut out = Vec::new();
    if let Some(fixed) = &leaf.fixed {
        let mismatch = match leaf.kind {
            LeafKind::Bool if fixed == "true" => Some(quote!(!#value)),
            LeafKind::Bool => Some(quote!(#value)),
            _ => fixed.parse::<i64>().ok().map(|i| {
                let lit = Lit::i64_unsuffixed(i.abs());
                if i < 0 {
                    quote!(#value != -#lit)
                } else {
                    quote!(#value != #lit)
                }
            }),
        };
        if let Some(mismatch) = mismatch {
            let report = report(name, "FixedValue", fixed);
            out.push(Check::If {
                cond: mismatch,
                body: report,
            });
        }
        return out;
    }
    if let (LeafKind::Unsigned, Format::Chars { length, .. }) = (&leaf.kind, &leaf.format)
        && *length != Length::Any
    {
        let len = len_tokens(*length);
        let notation = leaf.format.notation();
        out.push(Check::Stmt(
            quote!(rt::digits(found, #name, #value, #len, #notation);),
        ));
    }
    if !matches!(leaf.kind, LeafKind::Bool) {
        let unsigned = matches!(leaf.kind, LeafKind::Unsigned);
        if let Some(min) = leaf.min
            && !(unsigned && min <= 0)
        {
            let limit = format!(">= {min}");
            let min = Lit::i128_unsuffixed(i128::from(min));
            out.push(Check::Stmt(
                quote!(rt::at_least(found, #name, i128::from(#value), #min, #limit);),
            ));
        }
        if let Some(max) = leaf.max {
            let limit = format!("<= {max}");
            let max = Lit::i128_unsuffixed(i128::from(max));
            out.push(Check::Stmt(
                quote!(rt::at_most(found, #name, i128::from(#value), #max, #limit);),
            ));
        }
    }
    out
}

/// Checks of an enum, a code or a map; `value` is a place or a reference (method calls and
/// `matches!` work on both).
pub fn ref_checks(
    name: &str,
    leaf: &Leaf,
    value: &TokenStream,
    direction: Direction,
) -> Vec<Check> {
    let mut out = Vec::new();
    match &leaf.kind {
        LeafKind::Enum(def) => {
            let ty = def.type_name.ident();
            if let Some(fixed) = &leaf.fixed {
                if let Some(variant) = def.variants.iter().find(|v| &v.wire == fixed) {
                    let variant = variant.rust_name.ident();
                    let report = report(name, "FixedValue", fixed);
                    out.push(Check::If {
                        cond: quote!(!matches!(#value, #ty::#variant)),
                        body: report,
                    });
                }
                return out;
            }
            if def.open && direction == Direction::Response {
                let allowed: Vec<&str> = def.variants.iter().map(|v| v.wire.as_str()).collect();
                let report = report(name, "NotAllowedValue", &allowed.join(", "));
                let checks = text_checks(name, leaf, &quote!(text));
                out.push(Check::Unknown {
                    ty: quote!(#ty),
                    body: quote!(#report #(#checks)*),
                });
            }
        }
        LeafKind::Code { .. } => {
            let code = quote!(#value.code());
            if let Some(fixed) = &leaf.fixed {
                out.push(Check::Stmt(quote!(rt::fixed(found, #name, #code, #fixed);)));
            } else {
                out.extend(text_checks(name, leaf, &code).into_iter().map(Check::Stmt));
            }
        }
        LeafKind::Map => {
            let checks = text_checks(name, leaf, &quote!(entry));
            if !checks.is_empty() {
                out.push(Check::Stmt(
                    quote!(for entry in #value.values() { #(#checks)* }),
                ));
            }
        }
        LeafKind::Text | LeafKind::Unsigned | LeafKind::Signed | LeafKind::Bool => {}
    }
    out
}

fn len_tokens(length: Length) -> TokenStream {
    match length {
        Length::Any => quote!(rt::Len::ANY),
        Length::Exactly(n) => {
            let n = Lit::usize_unsuffixed(n as usize);
            quote!(rt::Len::exactly(#n))
        }
        Length::Between { min: 0, max } => {
            let max = Lit::usize_unsuffixed(max as usize);
            quote!(rt::Len::at_most(#max))
        }
        Length::Between { min, max } => {
            let min = Lit::usize_unsuffixed(min as usize);
            let max = Lit::usize_unsuffixed(max as usize);
            quote!(rt::Len::between(#min, #max))
        }
    }
}

fn class_tokens(class: CharClass) -> TokenStream {
    match class {
        CharClass::Alpha => quote!(rt::CLASS_A),
        CharClass::Numeric => quote!(rt::CLASS_N),
        CharClass::AlphaNumeric => quote!(rt::CLASS_AN),
        CharClass::AlphaSpecial => quote!(rt::CLASS_AS),
        CharClass::NumericSpecial => quote!(rt::CLASS_NS),
        CharClass::AlphaNumericSpecial | CharClass::Text => quote!(rt::CLASS_ANS),
    }
}

fn date_part(part: &DatePart) -> TokenStream {
    match part {
        DatePart::Day => quote!(rt::DatePart::Day),
        DatePart::Month => quote!(rt::DatePart::Month),
        DatePart::Year2 => quote!(rt::DatePart::Year2),
        DatePart::Year4 => quote!(rt::DatePart::Year4),
        DatePart::Hour => quote!(rt::DatePart::Hour),
        DatePart::Minute => quote!(rt::DatePart::Minute),
        DatePart::Second => quote!(rt::DatePart::Second),
        DatePart::Literal(c) => {
            // The model refuses masks with separators outside ASCII, so this is one byte.
            let byte = Lit::byte_character(if c.is_ascii() { *c as u8 } else { b'?' });
            quote!(rt::DatePart::Literal(#byte))
        }
    }
}
