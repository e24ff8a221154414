//! Construction of requests (issue 14, point 1): one style for every request and every
//! object inside one, a required-arguments `new` plus chainable `with_<field>` methods.
//!
//! - `new(mandatory fields in spec order)`: text, numbers and lists as `impl Into<T>`,
//!   enums and nested objects as their own (constructed) values, an amount and the currency
//!   it names (spec key `currency`) as one `rt::Money`. A mandatory field cannot be
//!   forgotten: it is an argument.
//! - `with_<field>(value)` for every optional or conditional field.
//! - A field the spec fixes (`fixed:`) is no argument: `new` fills it in, and the field is
//!   crate-private with a read accessor, so the app cannot change it (decoding a request
//!   refuses another value, `rt::wire::WireReader::fixed_text`). An optional fixed field is
//!   sent by default (Computop recommends `Response=encrypt`); `without_<field>` leaves it
//!   out.
//! - The request's computed fields (a `MAC`) are not fields at all: the signing calls
//!   compute them.
//! - Top-level requests carry `extras` (`rt::Extras`): fields the spec does not cover yet,
//!   set with `with_extra(name, value)`, checked by `validate()` and written by `to_wire()`.
//! - With payment-method profiles, one constructor per profile (`payconiq(..)`): the
//!   operation's mandatory values plus the profile's, nested objects flattened into their
//!   leaves so that the values the profile fixes are no arguments, and filled in.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use super::holds::stored;
use super::structs::value_type;
use crate::model::{Field, LeafKind, Operation, Presence, Profile, Shape};

/// The constructor `impl`s of an operation's request and of every object inside it (none
/// for an empty request).
pub fn request_items(op: &Operation) -> Vec<TokenStream> {
    let message = &op.request;
    if message.fields.is_empty() {
        return Vec::new();
    }
    let name = message.type_name.ident();
    let mut body = object_methods(&message.fields, true);
    body.extend(extras_methods());
    for profile in &op.profiles {
        body.push(profile_constructor(op, profile));
    }
    let mut items = vec![quote! { impl #name { #(#body)* } }];
    nested(&mut items, &message.fields);
    items
}

fn nested(items: &mut Vec<TokenStream>, fields: &[Field]) {
    for field in stored(fields) {
        if let Shape::Object(object) = &field.shape {
            let name = object.type_name.ident();
            let body = object_methods(&object.fields, false);
            items.push(quote! { impl #name { #(#body)* } });
            nested(items, &object.fields);
        }
    }
}

/// How a constructor takes a value: text, lists and maps as `impl Into<T>` (`&str` for
/// text), the rest as themselves (numbers too: `impl Into<u64>` would refuse a bare literal
/// `1000`, which Rust types as `i32`).
fn param_type(field: &Field) -> TokenStream {
    let ty = value_type(field);
    if takes_into(field) {
        quote!(impl Into<#ty>)
    } else {
        ty
    }
}

/// Whether [`param_type`] takes the field as `impl Into<T>` (so its value needs `.into()`).
fn takes_into(field: &Field) -> bool {
    field.list
        || match &field.shape {
            Shape::Object(_) => false,
            Shape::Leaf(leaf) => matches!(leaf.kind, LeafKind::Text | LeafKind::Map),
        }
}

/// The value a parameter named `param` becomes in the struct.
fn param_value(field: &Field, param: &Ident) -> TokenStream {
    let value = if takes_into(field) {
        quote!(#param.into())
    } else {
        quote!(#param)
    };
    if field.is_optional() {
        quote!(Some(#value))
    } else {
        value
    }
}

/// A struct's amount and the currency it is counted in (spec key `currency` on the amount),
/// when a constructor takes both: it takes them as one [`rt::Money`] (issue 14: one money
/// type wherever a spec has an amount and its currency).
#[derive(Clone, Copy)]
struct MoneyPair<'f> {
    amount: &'f Field,
    currency: &'f Field,
    /// Whether the amount comes before the currency in spec order.
    amount_first: bool,
}

impl MoneyPair<'_> {
    /// Whether `field` is one of the two.
    fn has(&self, field: &Field) -> bool {
        std::ptr::eq(field, self.amount) || std::ptr::eq(field, self.currency)
    }

    /// Whether `field` is the one of the two that comes first in spec order (where the
    /// `Money` argument stands).
    fn first(&self, field: &Field) -> bool {
        let first = if self.amount_first {
            self.amount
        } else {
            self.currency
        };
        std::ptr::eq(field, first)
    }
}

/// The struct's money pair when `takes` says a constructor takes both fields as arguments.
fn money_pair(fields: &[Field], takes: impl Fn(&Field) -> bool) -> Option<MoneyPair<'_>> {
    let (at_amount, amount) = stored(fields)
        .enumerate()
        .find(|(_, f)| f.currency_of.is_some() && !f.list)?;
    let currency_name = amount.currency_of.as_deref()?;
    let (at_currency, currency) = stored(fields)
        .enumerate()
        .find(|(_, f)| f.wire_name == currency_name && !f.list)?;
    (takes(amount) && takes(currency)).then_some(MoneyPair {
        amount,
        currency,
        amount_first: at_amount < at_currency,
    })
}

fn presence_word(field: &Field) -> &'static str {
    match field.presence {
        Presence::M => "mandatory",
        Presence::O => "optional",
        Presence::C => "conditional",
    }
}

/// `new`, the `with_*` setters and the fixed fields' accessors of one struct.
fn object_methods(fields: &[Field], top: bool) -> Vec<TokenStream> {
    let mandatory: Vec<&Field> = stored(fields)
        .filter(|f| !f.is_optional() && f.fixed_text().is_none())
        .collect();
    let pair = money_pair(fields, |f| !f.is_optional() && f.fixed_text().is_none());
    let params = mandatory.iter().filter_map(|f| {
        let member = f.rust_name.ident();
        match pair {
            // The pair is one argument, where the first of its two fields stands.
            Some(pair) if pair.first(f) => Some(quote!(money: rt::Money)),
            Some(pair) if pair.has(f) => None,
            _ => {
                let ty = param_type(f);
                Some(quote!(#member: #ty))
            }
        }
    });
    let param_count = mandatory.len() - usize::from(pair.is_some());
    let inits = stored(fields).map(|f| {
        let member = f.rust_name.ident();
        if let Some(pair) = pair {
            if std::ptr::eq(f, pair.amount) {
                return quote!(#member: money.minor);
            }
            if std::ptr::eq(f, pair.currency) {
                return quote!(#member: money.currency);
            }
        }
        match (f.fixed_text(), f.is_optional()) {
            (Some(fixed), false) => quote!(#member: #fixed.to_owned()),
            (Some(fixed), true) => quote!(#member: Some(#fixed.to_owned())),
            (None, false) if takes_into(f) => {
                quote!(#member: #member.into())
            }
            (None, false) => quote!(#member),
            (None, true) => quote!(#member: None),
        }
    });
    let extras = top.then(|| quote!(extras: rt::Extras::new(),));
    let lint = (param_count > 7).then(|| {
        // The spec's mandatory fields are the arguments: as many as the table has.
        quote!(#[allow(clippy::too_many_arguments)])
    });
    let doc = docs::attrs(&new_docs(fields, &mandatory, pair, top));
    let mut methods = vec![quote! {
        #doc
        #lint
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits,)* #extras }
        }
    }];
    for field in stored(fields) {
        let member = field.rust_name.ident();
        let bare = field.rust_name.bare();
        match (field.fixed_text(), field.is_optional()) {
            (Some(fixed), optional) => {
                let doc = docs::attrs(&[format!(
                    "The {} {} (fixed by the spec: {}; set by construction, never by the app).",
                    presence_word(field),
                    docs::code(&field.wire_name),
                    docs::code(fixed)
                )]);
                methods.push(if optional {
                    quote! { #doc pub fn #member(&self) -> Option<&str> { self.#member.as_deref() } }
                } else {
                    quote! { #doc pub fn #member(&self) -> &str { &self.#member } }
                });
                if optional {
                    let without = format_ident!("without_{bare}");
                    let doc = docs::attrs(&[format!(
                        "Leaves out the optional {}, which [`Self::new`] sends with its only value {}.",
                        docs::code(&field.wire_name),
                        docs::code(fixed)
                    )]);
                    methods.push(quote! {
                        #doc
                        #[must_use]
                        pub fn #without(mut self) -> Self { self.#member = None; self }
                    });
                }
            }
            (None, true) => {
                let with = format_ident!("with_{bare}");
                let ty = param_type(field);
                let value = param_value(field, &format_ident!("value"));
                let mut paragraph = format!(
                    "Sets the {} {}.",
                    presence_word(field),
                    docs::code(&field.path)
                );
                if let Some(doc) = &field.doc {
                    paragraph.push(' ');
                    paragraph.push_str(&docs::sentence(doc));
                }
                let doc = docs::attrs(&[paragraph]);
                methods.push(quote! {
                    #doc
                    #[must_use]
                    pub fn #with(mut self, value: #ty) -> Self { self.#member = #value; self }
                });
            }
            (None, false) => {}
        }
    }
    methods
}

fn new_docs(
    fields: &[Field],
    mandatory: &[&Field],
    pair: Option<MoneyPair>,
    top: bool,
) -> Vec<String> {
    let what = if top { "request" } else { "object" };
    let mut paragraphs = vec![if mandatory.is_empty() {
        format!("The {what}: it has no mandatory field the app gives.")
    } else {
        let names: Vec<String> = mandatory
            .iter()
            .filter(|f| !pair.is_some_and(|p| p.has(f) && !p.first(f)))
            .map(|f| match &f.shape {
                _ if pair.is_some_and(|p| p.first(f)) => pair.map_or_else(String::new, |p| {
                    format!(
                        "{} and {} as one [`rt::Money`] (`money`)",
                        docs::code(&p.amount.wire_name),
                        docs::code(&p.currency.wire_name)
                    )
                }),
                Shape::Object(object) if !f.list => format!(
                    "{} ([`{}::new`])",
                    docs::code(&f.wire_name),
                    object.type_name
                ),
                _ => docs::code(&f.wire_name),
            })
            .collect();
        format!(
            "The {what} from its mandatory fields, in spec order: {}.",
            names.join(", ")
        )
    }];
    let fixed: Vec<String> = stored(fields)
        .filter_map(|f| {
            let value = f.fixed_text()?;
            let default = if f.is_optional() {
                format!(
                    " (optional, sent by default; `without_{}` leaves it out)",
                    f.rust_name.bare()
                )
            } else {
                String::new()
            };
            Some(format!(
                "{} = {}{default}",
                docs::code(&f.wire_name),
                docs::code(value)
            ))
        })
        .collect();
    if !fixed.is_empty() {
        paragraphs.push(format!(
            "Filled in, as the spec fixes them: {}.",
            fixed.join(", ")
        ));
    }
    let computed: Vec<String> = fields
        .iter()
        .filter(|f| f.computed)
        .map(|f| docs::code(&f.wire_name))
        .collect();
    if !computed.is_empty() {
        paragraphs.push(format!(
            "{} is no field: the calls that send the request compute it over the text they send.",
            computed.join(", ")
        ));
    }
    let mut rest =
        "The optional and conditional fields are set with the `with_*` methods".to_string();
    if top {
        rest.push_str(", fields the spec does not cover yet with [`Self::with_extra`]");
    }
    rest.push_str(". The values are checked by `validate()`, not here.");
    paragraphs.push(rest);
    paragraphs
}

fn extras_methods() -> Vec<TokenStream> {
    let doc = docs::attrs(&[
        "Adds a field the spec does not cover yet (a later API version's `shopperReference`, `metadata`, ...): text, a number, a boolean, an object or a list, sent after the spec's fields. A name given again replaces its value.".to_string(),
        "`validate()` reports an extra named like a spec field, and one whose shape this request's wire cannot carry (`extra_field`); see [`rt::Extras`].".to_string(),
    ]);
    vec![quote! {
        #doc
        #[must_use]
        pub fn with_extra(mut self, name: impl Into<String>, value: impl Into<rt::wire::WireValue>) -> Self {
            self.extras.set(name, value);
            self
        }
    }]
}

/// What a profile asks of its request: the dotted paths it makes mandatory, and the
/// values it fixes.
struct Wants<'p> {
    mandatory: Vec<&'p str>,
    fixed: Vec<(&'p str, &'p str)>,
}

impl Wants<'_> {
    /// Whether the profile names `field` or a field inside it.
    fn touches(&self, field: &Field) -> bool {
        let inside = |path: &str| {
            path == field.path
                || path
                    .strip_prefix(field.path.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        };
        self.mandatory.iter().any(|p| inside(p)) || self.fixed.iter().any(|(p, _)| inside(p))
    }

    fn fixed(&self, field: &Field) -> Option<&str> {
        self.fixed
            .iter()
            .find(|(path, _)| *path == field.path)
            .map(|(_, value)| *value)
    }
}

/// `payconiq(..)`: the request under one profile.
fn profile_constructor(op: &Operation, profile: &Profile) -> TokenStream {
    let wants = Wants {
        mandatory: profile
            .mandatory
            .iter()
            .map(|m| m.field.dotted.as_str())
            .collect(),
        fixed: profile
            .fixed
            .iter()
            .map(|f| (f.field.dotted.as_str(), f.value.as_str()))
            .collect(),
    };
    let mut params = Vec::new();
    let (body, _) = build(&op.request.fields, &quote!(Self), &wants, "", &mut params);
    let name = profile.constructor.ident();
    let args = params.iter().map(|(ident, ty, _)| quote!(#ident: #ty));
    let lint = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let names: Vec<String> = params.iter().map(|(_, _, path)| docs::code(path)).collect();
    let fixed: Vec<String> = profile
        .fixed
        .iter()
        .map(|f| format!("{} = {}", docs::code(&f.field.dotted), docs::code(&f.value)))
        .collect();
    let profile_type = op
        .profile_type
        .as_ref()
        .map(|t| t.bare())
        .unwrap_or_default();
    let mut paragraphs = vec![format!(
        "The request for {} ([`{profile_type}::{}`]): the operation's mandatory fields and the profile's, in spec order, objects given by their fields: {}.",
        docs::text(&profile.title),
        profile.variant,
        names.join(", ")
    )];
    if !fixed.is_empty() {
        paragraphs.push(format!(
            "Filled in, as the profile fixes them: {}.",
            fixed.join(", ")
        ));
    }
    paragraphs.push(format!(
        "With valid values it passes [`Self::validate_for`]`({profile_type}::{})`; the profile's cross-field rules (amounts, currencies) remain the app's to keep.",
        profile.variant
    ));
    let doc = docs::attrs(&paragraphs);
    quote! {
        #doc
        #lint
        pub fn #name(#(#args),*) -> Self { #body }
    }
}

/// The statements building an object of `fields` (`ty::new(..)` and the setters the
/// profile needs), ending in the object, and whether they are statements (setters after
/// `new`) rather than one call; collects its parameters (ident, type, dotted path).
fn build(
    fields: &[Field],
    ty: &TokenStream,
    wants: &Wants,
    prefix: &str,
    params: &mut Vec<(Ident, TokenStream, String)>,
) -> (TokenStream, bool) {
    let mut new_args = Vec::new();
    let mut sets = Vec::new();
    // The same pair `new` takes as one `Money` (see `object_methods`).
    let pair = money_pair(fields, |f| !f.is_optional() && f.fixed_text().is_none());
    for field in stored(fields) {
        if field.fixed_text().is_some() || (field.is_optional() && !wants.touches(field)) {
            continue;
        }
        if let Some(pair) = pair.filter(|p| p.has(field)) {
            if pair.first(field) {
                new_args.push(money_arg(pair, wants, prefix, params));
            }
            continue;
        }
        let value = match (&field.shape, field.list) {
            (Shape::Object(object), false) => {
                let inner = object.type_name.ident();
                let prefix = format!("{prefix}{}_", field.rust_name.bare());
                build_expr(&object.fields, &quote!(#inner), wants, &prefix, params)
            }
            _ => match wants.fixed(field) {
                Some(value) => fixed_value(field, value),
                None => {
                    let ident = if prefix.is_empty() {
                        field.rust_name.ident()
                    } else {
                        format_ident!("{prefix}{}", field.rust_name.bare())
                    };
                    let param = quote!(#ident);
                    params.push((ident, param_type(field), field.path.clone()));
                    param
                }
            },
        };
        if field.is_optional() {
            let member = field.rust_name.ident();
            let into = if takes_into(field) {
                quote!(.into())
            } else {
                quote!()
            };
            sets.push(quote!(object.#member = Some(#value #into);));
        } else {
            new_args.push(value);
        }
    }
    if sets.is_empty() {
        (quote!(#ty::new(#(#new_args),*)), false)
    } else {
        let statements = quote! {
            let mut object = #ty::new(#(#new_args),*);
            #(#sets)*
            object
        };
        (statements, true)
    }
}

/// The `Money` argument of a pair in a profile constructor: one parameter
/// (`<object>_money`), or, where the profile fixes one of the two, the `Money` built from
/// the fixed value and a parameter for the other.
fn money_arg(
    pair: MoneyPair,
    wants: &Wants,
    prefix: &str,
    params: &mut Vec<(Ident, TokenStream, String)>,
) -> TokenStream {
    let mut leaf = |field: &Field| match wants.fixed(field) {
        Some(value) => fixed_value(field, value),
        None => {
            let ident = format_ident!("{prefix}{}", field.rust_name.bare());
            params.push((ident.clone(), param_type(field), field.path.clone()));
            quote!(#ident)
        }
    };
    if wants.fixed(pair.amount).is_none() && wants.fixed(pair.currency).is_none() {
        let ident = format_ident!("{prefix}money");
        let path = format!("{} + {}", pair.amount.path, pair.currency.path);
        params.push((ident.clone(), quote!(rt::Money), path));
        return quote!(#ident);
    }
    let amount = leaf(pair.amount);
    let currency = leaf(pair.currency);
    quote!(rt::Money::new(#amount, #currency))
}

/// [`build`] as one expression: a block when it sets fields after `new`.
fn build_expr(
    fields: &[Field],
    ty: &TokenStream,
    wants: &Wants,
    prefix: &str,
    params: &mut Vec<(Ident, TokenStream, String)>,
) -> TokenStream {
    let (body, statements) = build(fields, ty, wants, prefix, params);
    if statements { quote!({ #body }) } else { body }
}

/// A profile's fixed value as the field's Rust value: an enum's variant, a number, text.
fn fixed_value(field: &Field, value: &str) -> TokenStream {
    if let Shape::Leaf(leaf) = &field.shape {
        match &leaf.kind {
            LeafKind::Enum(def) => {
                if let Some(variant) = def.variants.iter().find(|v| v.wire == value) {
                    let (ty, variant) = (def.type_name.ident(), variant.rust_name.ident());
                    return quote!(#ty::#variant);
                }
            }
            LeafKind::Unsigned | LeafKind::Signed => {
                if let Ok(number) = value.parse::<i64>() {
                    let lit = proc_macro2::Literal::i64_unsuffixed(number);
                    return quote!(#lit);
                }
            }
            LeafKind::Bool => {
                let flag = value == "true";
                return quote!(#flag);
            }
            _ => {}
        }
    }
    quote!(#value)
}
