//! Payment-method profiles: an enum per operation with profiles, its constants, and
//! `validate_for(profile)` on the request, which adds the profile's mandatory fields
//! (`missing`), fixed values (`fixed_value`), currencies and country (`not_allowed_value`) and
//! rules (`cross_field`) to the operation's own checks.

use proc_macro2::TokenStream;
use quote::quote;

use super::access::{Access, Mode, access};
use super::cond::{Bool, compare_value, one_of, presence_with};
use super::docs;
use super::enums::allow_variant_names;
use super::rules::rule_checks;
use super::validate::report_if;
use super::values::report;
use crate::model::{CompareOp, FieldRef, Literal, Operation, Profile, ProfileValues, ValueKind};

/// The profile enum of an operation with its `impl` (for `types.rs`), and `validate_for` on
/// the request (for `validate.rs`).
pub fn profile_items(op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let Some(type_name) = &op.profile_type else {
        return (Vec::new(), Vec::new());
    };
    if op.profiles.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let name = type_name.ident();
    let request = op.request.type_name.ident();
    let doc = docs::attrs(&[
        format!(
            "Payment-method profiles narrowing the {} operation.",
            docs::code(&op.id)
        ),
        format!(
            "[`{}::validate_for`] checks a request under one of them: the operation's rules plus the profile's.",
            op.request.type_name
        ),
    ]);
    let variants: Vec<proc_macro2::Ident> = op.profiles.iter().map(|p| p.variant.ident()).collect();
    let variant_docs = op.profiles.iter().map(|p| docs::attrs(&profile_docs(p)));
    let ids: Vec<&str> = op.profiles.iter().map(|p| p.id.as_str()).collect();
    let titles: Vec<&str> = op.profiles.iter().map(|p| p.title.as_str()).collect();
    let card_codes: Vec<&str> = op.profiles.iter().map(|p| p.card_code.as_str()).collect();
    let windows = op.profiles.iter().map(|p| match p.refund_window_days {
        Some(days) => {
            let days = proc_macro2::Literal::u32_unsuffixed(days);
            quote!(Some(#days))
        }
        None => quote!(None),
    });
    let count = proc_macro2::Literal::usize_unsuffixed(op.profiles.len());
    let allow = allow_variant_names(&op.profiles.iter().map(|p| &p.variant).collect::<Vec<_>>());
    let arms = op.profiles.iter().map(|p| {
        let variant = p.variant.ident();
        let checks = profile_checks(p);
        quote!(#name::#variant => { #(#checks)* })
    });
    let base = if op.request.fields.is_empty() && op.rules.is_empty() {
        quote!()
    } else {
        quote!(self.check(&mut found);)
    };
    let types = vec![
        quote! {
            #doc
            #allow
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name { #( #variant_docs #variants, )* }
        },
        quote! {
            impl #name {
                /// Every profile, in spec order.
                pub const ALL: [Self; #count] = [#(Self::#variants),*];

                /// The profile's id in the spec.
                pub const fn id(self) -> &'static str {
                    match self { #( Self::#variants => #ids, )* }
                }

                /// What the profile is, in one line.
                pub const fn title(self) -> &'static str {
                    match self { #( Self::#variants => #titles, )* }
                }

                /// The payment method's code (`card_code`).
                pub const fn card_code(self) -> &'static str {
                    match self { #( Self::#variants => #card_codes, )* }
                }

                /// How many days after the payment a refund may come, when the document says.
                pub const fn refund_window_days(self) -> Option<u32> {
                    match self { #( Self::#variants => #windows, )* }
                }

                /// The profile of a payment method's code.
                pub fn from_card_code(code: &str) -> Option<Self> {
                    match code {
                        #( #card_codes => Some(Self::#variants), )*
                        _ => None,
                    }
                }
            }
        },
        // `IDS`, `Display`, `FromStr`, `TryFrom<&str>` and serde, by id: the runtime's.
        quote!(rt::profile_traits!(#name);),
    ];
    let validate = vec![quote! {
            impl #request {
                /// Checks this request under a payment-method profile: every violation of
                /// [`Self::validate`], then the profile's own, in the profile's order
                /// (mandatory fields, fixed values, currencies, country, rules). Does not
                /// allocate when the request is valid.
                pub fn validate_for(&self, profile: #name) -> Result<(), rt::Violations> {
                    let mut found = rt::Violations::new();
                    #base
                    match profile { #(#arms)* }
                    found.into_result()
                }
            }
    }];
    (types, validate)
}

fn profile_docs(p: &Profile) -> Vec<String> {
    let mut paragraphs = vec![format!(
        "Profile {}: {} (card code {}).",
        docs::code(&p.id),
        docs::text(p.title.trim_end_matches('.')),
        docs::code(&p.card_code)
    )];
    let list = |fields: Vec<String>| fields.join(", ");
    if !p.mandatory.is_empty() {
        paragraphs.push(format!(
            "Mandatory: {}.",
            list(
                p.mandatory
                    .iter()
                    .map(|m| match &m.example {
                        Some(example) => format!(
                            "{} (e.g. {})",
                            docs::code(&m.field.dotted),
                            docs::code(example)
                        ),
                        None => docs::code(&m.field.dotted),
                    })
                    .collect()
            )
        ));
    }
    if !p.fixed.is_empty() {
        paragraphs.push(format!(
            "Fixed: {}.",
            list(
                p.fixed
                    .iter()
                    .map(|f| format!("{} = {}", docs::code(&f.field.dotted), docs::code(&f.value)))
                    .collect()
            )
        ));
    }
    for (what, values) in [("Currencies", &p.currencies), ("Country", &p.country)] {
        if let Some(v) = values {
            paragraphs.push(format!(
                "{what} ({}): {}.",
                docs::code(&v.field.dotted),
                list(v.values.iter().map(|x| docs::code(x)).collect())
            ));
        }
    }
    for rule in &p.rules {
        let mut line = format!(
            "Rule {}: {}",
            docs::code(&rule.id),
            docs::code(&rule.condition.text)
        );
        if let Some(doc) = &rule.doc {
            line.push_str(&format!(" ({})", docs::text(doc.trim_end_matches('.'))));
        }
        line.push('.');
        paragraphs.push(line);
    }
    if let Some(days) = p.refund_window_days {
        paragraphs.push(format!("Refunds within {days} days."));
    }
    if let Some((id, type_name)) = &p.code_table {
        paragraphs.push(format!(
            "The method's return codes: table {} ([`{type_name}`]).",
            docs::code(id)
        ));
    }
    for (code, short, doc) in &p.test_outcomes {
        let mut line = format!("Test environment: {}", docs::code(code));
        if let Some(short) = short {
            line.push_str(&format!(" {}", docs::code(short)));
        }
        if let Some(doc) = doc {
            line.push_str(&format!(": {}", docs::sentence(doc)));
        } else {
            line.push('.');
        }
        paragraphs.push(line);
    }
    if let Some(notes) = &p.notes {
        paragraphs.push(docs::sentence(notes));
    }
    paragraphs.push(format!(
        "{}\nSpec file: {}.",
        docs::citation(&p.source),
        docs::code(&p.file)
    ));
    paragraphs
}

/// The statements of one profile, in its order.
fn profile_checks(p: &Profile) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mandatory_limit = format!("mandatory for {}", p.id);
    for m in &p.mandatory {
        // A field mandatory all the way down is always there (an empty text is reported by
        // `validate` itself); otherwise the profile reports the missing field.
        let Some(last) = m.field.steps.last() else {
            continue;
        };
        if m.field.steps.iter().all(|s| !s.optional) {
            continue;
        }
        let emptiable = last.optional
            && matches!(
                m.field.value,
                ValueKind::Text | ValueKind::List | ValueKind::Map
            );
        let absent = presence_with(&m.field, emptiable, false);
        out.extend(report_if(
            absent,
            report(&m.field.dotted, "Missing", &mandatory_limit),
            false,
        ));
    }
    for f in &p.fixed {
        let test = differs(&f.field, &f.value);
        out.extend(report_if(
            test,
            report(&f.field.dotted, "FixedValue", &f.value),
            false,
        ));
    }
    for values in [&p.currencies, &p.country].into_iter().flatten() {
        let limit = values.values.join(", ");
        out.extend(report_if(
            not_in(values),
            report(&values.field.dotted, "NotAllowedValue", &limit),
            false,
        ));
    }
    out.extend(rule_checks(&p.rules));
    out
}

/// The field is present and is not `value`.
fn differs(field: &FieldRef, value: &str) -> Bool {
    let literal = literal_for(field, value);
    if matches!(field.value, ValueKind::Text) {
        return text_test(field, |v| quote!(#v != #value));
    }
    compare_value(field, CompareOp::Ne, &literal, false)
}

/// The field is present and none of the values.
fn not_in(values: &ProfileValues) -> Bool {
    let field = &values.field;
    if matches!(field.value, ValueKind::Text) {
        let allowed = &values.values;
        return text_test(field, |v| quote!(!matches!(#v, #(#allowed)|*)));
    }
    let literals: Vec<Literal> = values
        .values
        .iter()
        .map(|v| literal_for(field, v))
        .collect();
    one_of(field, &literals, true, false)
}

/// A test on a text field that counts only when the text is given (present, not empty).
fn text_test(field: &FieldRef, test: impl Fn(TokenStream) -> TokenStream) -> Bool {
    match access(quote!(self), &field.steps, Mode::Text) {
        Access::Always(value) => {
            let t = test(value);
            let Access::Always(place) = access(quote!(self), &field.steps, Mode::Ref) else {
                return Bool::Atom(t);
            };
            Bool::and(vec![Bool::Atom(quote!(!#place.is_empty())), Bool::Atom(t)])
        }
        Access::Optional(option) => {
            let t = test(quote!(v));
            Bool::Atom(quote!(rt::given(#option).is_some_and(|v| #t)))
        }
    }
}

fn literal_for(field: &FieldRef, value: &str) -> Literal {
    match (&field.value, value.parse::<i64>()) {
        (ValueKind::Unsigned | ValueKind::Signed, Ok(i)) => Literal::Integer(i),
        _ => Literal::Text(value.to_string()),
    }
}
