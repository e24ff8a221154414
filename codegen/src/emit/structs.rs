//! Request, response and nested-object structs: fields in spec order, `M` as `T`, `O`/`C` as
//! `Option<T>`; `Debug` redacts sensitive fields; the `impl` carries `validate()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::enums;
use super::print::Part;
use super::rules::rule_checks;
use super::validate::message_checks;
use super::values;
use crate::model::{
    Citation, Direction, Field, LeafKind, Message, Object, Operation, Shape, Transport,
};

/// The items of one message, by the file they go in.
pub struct MessageItems {
    /// For `types.rs`: its struct and `Debug`, then its nested structs and enums depth first
    /// in field order.
    pub types: Vec<Part>,
    /// For `validate.rs`: its `impl` with the validators and their rule constants.
    pub validate: Part,
}

/// Every item of one message.
pub fn message_items(op: &Operation, message: &Message) -> MessageItems {
    // A request's computed fields (its MAC) are no struct fields: the signing path fills
    // their slot on the wire (super::constructors).
    let stored = Message {
        fields: super::holds::stored(&message.fields).cloned().collect(),
        ..message.clone()
    };
    let message = &stored;
    let mut types: Vec<Part> = Vec::new();
    let name = message.type_name.ident();
    let doc = docs::attrs(&message_docs(op, message));
    let shape = Holds {
        request: message.direction == Direction::Request,
        extras: super::holds::has_extras(message),
    };
    types.push(struct_item(&doc, &name, &message.fields, &message.source, shape).into());
    types.extend(debug_impl(&name, &message.fields, shape.extras));
    types.extend(money_impl(&name, &message.fields).map(Part::from));
    // The checks declare the rule constants they call; they follow the `impl` that calls them.
    values::take_rules();
    let message_impl = message_impl(op, message);
    let rules = values::take_rules();
    // The rule constants go at the end of the message's own `impl`, after the checks.
    let validate = match values::rules_impl(message.type_name.bare(), &rules) {
        Some(rules) => Part::Extended(message_impl, rules),
        None => message_impl.into(),
    };
    nested_items(&mut types, op, message.direction, &message.fields);
    MessageItems { types, validate }
}

fn nested_items(items: &mut Vec<Part>, op: &Operation, direction: Direction, fields: &[Field]) {
    for field in fields {
        match &field.shape {
            Shape::Object(object) => {
                items.extend(object_items(op, direction, field, object));
                nested_items(items, op, direction, &object.fields);
            }
            Shape::Leaf(leaf) => {
                if let LeafKind::Enum(def) = &leaf.kind {
                    items.extend(enums::enum_items(op, direction, field, def));
                }
            }
        }
    }
}

fn object_items(op: &Operation, direction: Direction, field: &Field, object: &Object) -> Vec<Part> {
    let name = object.type_name.ident();
    let mut paragraphs = vec![format!(
        "The object {} of the {} {}.",
        docs::code(&field.path),
        docs::code(&op.id),
        direction.word().to_lowercase()
    )];
    // The object's own doc always cites its source: its fields cite theirs only where they
    // differ from it.
    paragraphs.extend(docs::field(field, None));
    let doc = docs::attrs(&paragraphs);
    let shape = Holds {
        request: direction == Direction::Request,
        extras: false,
    };
    let mut items = vec![struct_item(&doc, &name, &object.fields, &field.source, shape).into()];
    items.extend(debug_impl(&name, &object.fields, false));
    items.extend(money_impl(&name, &object.fields).map(Part::from));
    items
}

/// `money()` / `set_money()` over the struct's amount and the currency it names (spec key
/// `currency` on the amount): the two fields stay what the wire has, the pair reads and
/// writes as one [`rt::Money`]. `Option<rt::Money>` when either is optional (`Some` when both
/// are there).
fn money_impl(name: &proc_macro2::Ident, fields: &[Field]) -> Option<TokenStream> {
    let (amount, currency_name) = fields
        .iter()
        .find_map(|f| f.currency_of.as_ref().filter(|_| !f.list).map(|c| (f, c)))?;
    let currency = fields.iter().find(|f| &f.wire_name == currency_name)?;
    let a = amount.rust_name.ident();
    let c = currency.rust_name.ident();
    let doc_get = format!(
        " The amount `{}` in the currency `{}`, as one value.",
        amount.wire_name, currency.wire_name
    );
    let doc_set = format!(
        " Sets `{}` and `{}` from one value.",
        amount.wire_name, currency.wire_name
    );
    let wrap = |f: &Field, value: TokenStream| {
        if f.is_optional() {
            quote!(Some(#value))
        } else {
            value
        }
    };
    let set_a = wrap(amount, quote!(money.minor));
    let set_c = wrap(currency, quote!(money.currency));
    let get = match (amount.is_optional(), currency.is_optional()) {
        (false, false) => quote! {
            pub fn money(&self) -> rt::Money { rt::Money::new(self.#a, self.#c) }
        },
        (a_opt, c_opt) => {
            let a_val = if a_opt {
                quote!(self.#a?)
            } else {
                quote!(self.#a)
            };
            let c_val = if c_opt {
                quote!(self.#c?)
            } else {
                quote!(self.#c)
            };
            quote! {
                pub fn money(&self) -> Option<rt::Money> { Some(rt::Money::new(#a_val, #c_val)) }
            }
        }
    };
    Some(quote! {
        impl #name {
            #[doc = #doc_get]
            #get
            #[doc = #doc_set]
            pub fn set_money(&mut self, money: rt::Money) {
                self.#a = #set_a;
                self.#c = #set_c;
            }
        }
    })
}

/// What a struct holds beside its spec fields, and how they are reached.
#[derive(Clone, Copy)]
struct Holds {
    /// A request's struct: its fixed text fields are crate-private (set by construction).
    request: bool,
    /// A top-level message: it carries `extras`.
    extras: bool,
}

/// A struct; `cited` is the source its doc gives for every field.
fn struct_item(
    doc: &TokenStream,
    name: &proc_macro2::Ident,
    fields: &[Field],
    cited: &Citation,
    shape: Holds,
) -> TokenStream {
    let sensitive = fields.iter().any(|f| f.sensitive);
    let all_optional = fields.iter().all(Field::is_optional);
    let mut derives = vec![quote!(Clone)];
    if !sensitive {
        derives.push(quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    derives.push(quote!(Eq));
    let (serde, renames) = super::serde_attrs::serde_attrs(&name.to_string(), fields);
    let members = fields.iter().zip(renames).map(|(f, rename)| {
        let doc = docs::attrs(&docs::field(f, Some(cited)));
        let member = f.rust_name.ident();
        let ty = field_type(f);
        // A fixed value is filled in by construction and read through an accessor: the app
        // cannot set another (issue 14).
        let (vis, guard) = match f.fixed_text() {
            Some(_) if shape.request => {
                (quote!(pub(crate)), super::holds::serde_fixed_attr(name, f))
            }
            _ => (quote!(pub), None),
        };
        quote!(#doc #rename #guard #vis #member: #ty)
    });
    // The functions the fixed fields' `deserialize_with` names.
    let guards: Vec<TokenStream> = fields
        .iter()
        .filter(|_| shape.request)
        .filter_map(|f| super::holds::serde_fixed_fn(name, f))
        .collect();
    let extras = shape.extras.then(|| {
        let doc = docs::attrs(&[if shape.request {
            "Fields the spec does not cover yet, sent after the spec's fields on the wire ([`rt::Extras`]; set with `with_extra`). With `serde`, beside the spec's fields."
        } else {
            "The top-level fields the answer carried that the spec does not list, as received and in order ([`rt::Extras`]): kept, not validated. With `serde`, beside the spec's fields."
        }
        .to_string()]);
        // Flattened: the extras serialize beside the spec's fields, and deserializing keeps
        // every key that names no spec field (nothing is dropped).
        quote!(#doc #[cfg_attr(feature = "serde", serde(flatten))] pub extras: rt::Extras)
    });
    let members = members.chain(extras);
    let dates = super::serde_attrs::date_modules(&name.to_string(), fields);
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #serde
        pub struct #name { #(#members),* }
        #(#guards)*
        #(#dates)*
    }
}

/// The Rust type of a field.
pub fn field_type(field: &Field) -> TokenStream {
    let listed = value_type(field);
    if field.is_optional() {
        quote!(Option<#listed>)
    } else {
        listed
    }
}

/// The Rust type of a field's value: [`field_type`] without the `Option`.
pub fn value_type(field: &Field) -> TokenStream {
    let inner = match &field.shape {
        Shape::Object(object) => {
            let name = object.type_name.ident();
            quote!(#name)
        }
        Shape::Leaf(leaf) => match &leaf.kind {
            LeafKind::Text => quote!(String),
            LeafKind::Unsigned => quote!(u64),
            LeafKind::Signed => quote!(i64),
            LeafKind::Bool => quote!(bool),
            LeafKind::Map => quote!(::std::collections::BTreeMap<String, String>),
            LeafKind::Enum(def) => {
                let name = def.type_name.ident();
                quote!(#name)
            }
            LeafKind::Code { type_name, .. } => {
                let name = type_name.ident();
                quote!(#name)
            }
            LeafKind::Currency { .. } => quote!(rt::Currency),
            LeafKind::Date { time: true, .. } => quote!(rt::time::PrimitiveDateTime),
            LeafKind::Date { time: false, .. } => quote!(rt::time::Date),
        },
    };
    if field.list {
        quote!(Vec<#inner>)
    } else {
        inner
    }
}

/// A hand-written `Debug` when a field is sensitive: its value shows as `<redacted>`.
fn debug_impl(name: &proc_macro2::Ident, fields: &[Field], extras: bool) -> Option<Part> {
    if !fields.iter().any(|f| f.sensitive) {
        return None;
    }
    // One runtime macro call (`rt::redacted_debug!`), laid out as text: the fields in order,
    // the sensitive ones with the helper that hides them.
    let mut entries: Vec<String> = fields
        .iter()
        .map(|f| {
            let member = f.rust_name.ident().to_string();
            match (f.sensitive, f.is_optional()) {
                (false, _) => member,
                (true, false) => format!("{member}: redacted"),
                (true, true) => format!("{member}: redacted_option"),
            }
        })
        .collect();
    if extras {
        // `Extras` shows its names only.
        entries.push("extras".to_string());
    }
    let one_line = format!(
        "rt::redacted_debug!({name} {{ {} }});\n",
        entries.join(", ")
    );
    if one_line.len() <= 101 {
        return Some(Part::Text(one_line));
    }
    let mut out = format!("rt::redacted_debug!({name} {{\n");
    super::text::fill(&mut out, 4, &entries);
    out.push_str("});\n");
    Some(Part::Text(out))
}

fn message_docs(op: &Operation, message: &Message) -> Vec<String> {
    let mut paragraphs = vec![format!(
        "{} of the {} operation: {}",
        message.direction.word(),
        docs::code(&op.id),
        docs::sentence(&op.title)
    )];
    if let Some(doc) = &op.doc {
        paragraphs.push(docs::sentence(doc));
    }
    let method = match op.method {
        crate::model::HttpMethod::Get => "GET",
        crate::model::HttpMethod::Post => "POST",
    };
    let transport = match op.transport {
        Transport::Form => "as form fields (`key=value` pairs)",
        Transport::Json => "as a JSON body",
        Transport::Soap => "in a SOAP envelope",
        Transport::Query => "as a query string",
    };
    let mut wire = format!(
        "Sent with `{method}` to {} {transport}",
        docs::code(&op.endpoint)
    );
    if let Some(soap) = &op.soap {
        let element = match message.direction {
            Direction::Request => &soap.request_element,
            Direction::Response => &soap.response_element,
        };
        wire.push_str(&format!(
            "; SOAP element {} in namespace {}, objects in {}",
            docs::code(element),
            docs::code(&soap.namespace),
            docs::code(&soap.objects_namespace)
        ));
    }
    wire.push('.');
    if message.direction == Direction::Response {
        wire = wire.replacen("Sent with", "Answers", 1);
    }
    paragraphs.push(wire);
    match message.direction {
        Direction::Request => {
            let mut how = "[`Self::validate`] returns every violation of the spec, in spec order."
                .to_string();
            if let Some(profile) = &op.profile_type {
                how.push_str(&format!(
                    " Under a payment-method profile ([`{profile}`]), [`Self::validate_for`] adds the profile's rules."
                ));
            }
            paragraphs.push(how);
        }
        Direction::Response => {
            let mut how = "Responses are read leniently: enum values and return codes the spec does not list are kept. [`Self::validate`] (opt-in) reports deviations from the spec.".to_string();
            if message.needs_request {
                how.push_str(" Conditions that name the request are checked by [`Self::validate_with_request`] only.");
            }
            paragraphs.push(how);
        }
    }
    if let Some(why) = &op.deprecated {
        paragraphs.push(format!("Deprecated: {}", docs::sentence(why)));
    }
    // The sources and the spec file: one paragraph, one a line.
    paragraphs.push(format!(
        "Operation {}\nFields (where a field cites none) {}\nSpec file: {}.",
        docs::citation(&op.source).to_lowercase_first(),
        docs::citation(&message.source).to_lowercase_first(),
        docs::code(&op.file)
    ));
    paragraphs
}

/// The `impl` of a message: the validators.
fn message_impl(op: &Operation, message: &Message) -> TokenStream {
    let name = message.type_name.ident();
    let mut body = message_checks(&message.fields, message.direction);
    if message.direction == Direction::Request {
        body.extend(rule_checks(&op.rules));
        if super::holds::has_extras(message) && message.direction == Direction::Request {
            body.push(super::holds::extras_check(op));
        }
    }
    let has_checks = !body.is_empty();
    match message.direction {
        Direction::Request => {
            let validate_body = if has_checks {
                quote!(rt::Violations::collect(|found| self.check(found)))
            } else {
                quote!(Ok(()))
            };
            let check = has_checks.then(|| {
                quote! {
                    /// Runs every check of the spec on this request, reporting into `found`.
                    fn check(&self, found: &mut rt::Violations) { #(#body)* }
                }
            });
            quote! {
                impl #name {
                    /// Checks this request against its spec: every violation, in spec order, naming
                    /// the field, the rule and its limit, never the value; no allocation when valid.
                    /// How absent fields and conditions count: [`rt::Violations`].
                    pub fn validate(&self) -> Result<(), rt::Violations> { #validate_body }
                    #check
                }
            }
        }
        Direction::Response => response_impl(op, message, &name, body),
    }
}

fn response_impl(
    op: &Operation,
    message: &Message,
    name: &proc_macro2::Ident,
    body: Vec<TokenStream>,
) -> TokenStream {
    let request = op.request.type_name.ident();
    let with_request = message.needs_request;
    let params = if with_request {
        quote!(request: Option<&#request>, found: &mut rt::Violations)
    } else {
        quote!(found: &mut rt::Violations)
    };
    let call = |arg: TokenStream| {
        if body.is_empty() {
            quote!(Ok(()))
        } else if with_request {
            quote!(rt::Violations::collect(|found| self.check(#arg, found)))
        } else {
            quote!(rt::Violations::collect(|found| self.check(found)))
        }
    };
    let plain = call(quote!(None));
    let check = (!body.is_empty()).then(|| {
        quote! {
            /// Runs every check of the spec on this response, reporting into `found`.
            fn check(&self, #params) { #(#body)* }
        }
    });
    // Every response has `validate_with_request`, so that an app (and `pspec decode
    // --request`) can always check an answer against its request, whether or not the spec
    // gives this one conditions or echoes to check.
    let echoes = echo_checks(op, message);
    // With `answers`, the echoes name another operation's request: `check_against` runs
    // them (super::answers), not `validate_with_request`.
    let own_echoes = echoes.is_some() && op.answers.is_none();
    let echo_call = own_echoes.then(|| quote!(self.check_echoes(request, &mut found);));
    let with_request_body = if (body.is_empty() || !with_request) && !own_echoes {
        // Nothing in this response's spec names the request: the plain checks.
        quote! {
            let _ = request;
            self.validate()
        }
    } else {
        let checks = if body.is_empty() {
            None
        } else if with_request {
            Some(quote!(self.check(Some(request), &mut found);))
        } else {
            Some(quote!(self.check(&mut found);))
        };
        quote! {
            let mut found = rt::Violations::new();
            #checks
            #echo_call
            found.into_result()
        }
    };
    let with_request_doc = if own_echoes {
        " Like [`Self::validate`], and also checks this response against the request it answers: the conditions naming the request, and the fields that hand back a request field (`request_mismatch` when they differ: an answer for another payment)."
    } else {
        " Like [`Self::validate`], and also checks the conditions that name fields of the request this response answers."
    };
    let check_against = super::answers::check_against(op, message);
    let with_request_doc = match (&op.answers, &check_against) {
        (Some(answered), Some(_)) => format!(
            " Like [`Self::validate`], and also checks the conditions that name fields of this operation's own request. The values this response hands back from the `{}` request are checked by [`Self::check_against`].",
            answered.operation
        ),
        _ => with_request_doc.to_owned(),
    };
    let validate_with_request = quote! {
        #[doc = #with_request_doc]
        pub fn validate_with_request(&self, request: &#request) -> Result<(), rt::Violations> { #with_request_body }
        #echoes
        #check_against
    };
    let skipped = if with_request {
        " Conditions naming the request are skipped here; [`Self::validate_with_request`] checks them."
    } else {
        ""
    };
    let doc = format!(
        " Reports how this response deviates from its spec (opt-in: parsing never fails on these): missing mandatory fields, formats, values the spec does not list, conditions.{skipped}"
    );
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn validate(&self) -> Result<(), rt::Violations> { #plain }
            #validate_with_request
            #check
        }
    }
}

/// Lowercases the first letter of a generated sentence (`Source: x` → `source: x`).
trait LowercaseFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowercaseFirst for String {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// `check_echoes`: the response fields the spec marks `echoes`, compared with the request
/// as wire text (see `rt::wire::echo`); `None` when there are none.
fn echo_checks(op: &Operation, message: &Message) -> Option<TokenStream> {
    if message.echoes.is_empty() {
        return None;
    }
    let request = op
        .answers
        .as_ref()
        .map_or(&op.request.type_name, |a| &a.request_type)
        .ident();
    let checks = message.echoes.iter().map(|echo| {
        let field = &echo.field;
        let target = &echo.request;
        // Names the answered operation when it is not this one (`doWebPayment request
        // order.ref`), so that a report says which request the value should have matched.
        let limit = match &op.answers {
            Some(answered) => format!("{} request {target}", answered.operation),
            None => format!("request {target}"),
        };
        quote!(rt::wire::echo(found, &response, #field, &request, #target, #limit);)
    });
    Some(quote! {
        /// Reports, into `found`, every field that hands back a request field and holds
        /// another value (`request_mismatch`); a side that does not carry the value is not
        /// compared.
        fn check_echoes(&self, request: &#request, found: &mut rt::Violations) {
            let (response, request) = (self.to_wire(), request.to_wire());
            #(#checks)*
        }
    })
}
