//! Wire code: per struct `to_wire()` (a `WireObject` in spec order, wire spelling) and
//! `read_wire()` (filling the struct from a `WireObject` through the runtime's
//! `WireReader`); per message `from_wire()` (strict for requests, lenient for responses)
//! and, for requests, `from_wire_checked()` (values the type cannot hold become
//! violations); per operation the transport's conveniences (`to_envelope`/
//! verified `from_query`/`from_query_for`, `from_query_unverified`, `verify_mac` for forms
//! with a `mac`, `to_json`/`from_json`, `to_soap`/`from_soap`, `to_query`; signed JSON
//! responses in `signature`).
//!
//! Everything goes through `::pspec_runtime::wire` (`rt::wire`); the generated code only
//! says which field is which.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use super::print::Part;
use super::text;

use crate::model::{Direction, Field, LeafKind, Message, Operation, Shape, Transport};

/// The wire items of an operation: both messages with their nested objects, then the
/// transport's conveniences.
pub fn operation_items(op: &Operation) -> Vec<Part> {
    // The key matching the spec gives (`protocol`), as the path text the wire impl names.
    let case = super::protocol::key_case(op).to_string().replace(' ', "");
    let case = case.as_str();
    let mut items = Vec::new();
    for message in [&op.request, &op.response] {
        items.push(Part::Text(message_impl(op, message, case)));
        nested_impls(
            &mut items,
            &message.fields,
            message.direction == Direction::Request,
        );
    }
    items.extend(transport_items(op).into_iter().map(Part::from));
    items.extend(super::signature::item_items(op).into_iter().map(Part::from));
    items
}

/// The wire `impl` of a message, as text: `to_wire`, `from_wire` (and `from_wire_checked` for
/// requests), `read_wire`.
fn message_impl(op: &Operation, message: &Message, case: &str) -> String {
    let name = message.type_name.bare();
    let matching = if case.ends_with("Insensitive") {
        "names matched in any ASCII case"
    } else {
        "names matched exactly"
    };
    let mut out = format!("impl {name} {{\n");
    let extras = super::holds::has_extras(message);
    match message.direction {
        Direction::Request => {
            let method = match op.method {
                crate::model::HttpMethod::Get => "GET",
                crate::model::HttpMethod::Post => "POST",
            };
            let _ = write!(
                out,
                "    /// The operation's endpoint, as the document gives it.\n    \
                 pub const ENDPOINT: &'static str = {};\n\n    \
                 /// The operation's HTTP method.\n    \
                 pub const METHOD: &'static str = {};\n\n",
                text::lit(&op.endpoint),
                text::lit(method)
            );
            out.push_str(
                "    /// The request as a wire tree: given fields in spec order under wire names, then the extras.\n",
            );
            super::write::to_wire_fn(&mut out, &message.fields, extras);
            let _ = write!(
                out,
                "\n    /// Reads a request from a wire tree ({matching}). Strict: a value the Rust type cannot hold (text where a number belongs, a value the spec does not list) or a missing mandatory number, enum or object is an error naming the field. Unknown names are ignored; a missing mandatory text reads as empty, which [`Self::validate`] reports.
    pub fn from_wire(wire: &rt::wire::WireObject) -> Result<Self, rt::wire::DecodeError> {{
        rt::wire::ReadMode::Strict.decode(wire, {case}, Self::read_wire)
    }}

    /// Reads a request to validate it: values the type cannot hold become violations
    /// next to it (see [`rt::wire::ReadMode::Collect`]); only structure is an error.
    pub fn from_wire_checked(wire: &rt::wire::WireObject) -> rt::wire::Checked<Self> {{
        rt::wire::ReadMode::Collect.read(wire, {case}, Self::read_wire)
    }}
"
            );
        }
        Direction::Response => {
            out.push_str("    /// The response as a wire tree, in spec order under wire names, unlisted values kept, then the unlisted fields it carried.\n");
            super::write::to_wire_fn(&mut out, &message.fields, extras);
            let names: Vec<String> = super::holds::wire_names(message)
                .into_iter()
                .map(text::lit)
                .collect();
            let read = if extras {
                out.push_str("\n    /// The spec's top-level wire names: the fields `from_wire` does not keep in `extras`.\n");
                text::array(
                    &mut out,
                    "    const WIRE_NAMES: &'static [&'static str] = &[",
                    &names,
                    ";",
                );
                format!(
                    "let mut response =\n            \
                     rt::wire::ReadMode::Lenient.decode(wire, {case}, Self::read_wire)?;\n        \
                     // The top-level fields the spec does not list are kept, not dropped.\n        \
                     response.extras = rt::Extras::unlisted(wire, Self::WIRE_NAMES, {case});\n        \
                     Ok(response)"
                )
            } else {
                format!("rt::wire::ReadMode::Lenient.decode(wire, {case}, Self::read_wire)")
            };
            let _ = write!(
                out,
                "\n    /// Reads a response from a wire tree ({matching}), leniently: the top-level fields the spec does not list are kept in `extras` (deeper ones are ignored), enum values and codes the spec does not list are kept, nothing is checked against formats (that is [`Self::validate`]'s job), a missing mandatory text reads as empty and a missing object as empty. Only a value that cannot be kept at all (text where a number belongs) is an error naming the field.
    pub fn from_wire(wire: &rt::wire::WireObject) -> Result<Self, rt::wire::DecodeError> {{
        {read}
    }}
"
            );
        }
    }
    out.push('\n');
    read_wire_fn(
        &mut out,
        &message.fields,
        message.direction == Direction::Request,
        extras,
    );
    out.push_str("}\n");
    out
}

fn nested_impls(items: &mut Vec<Part>, fields: &[Field], request: bool) {
    for field in fields {
        if let Shape::Object(object) = &field.shape {
            let mut out = format!("impl {} {{\n", object.type_name.bare());
            out.push_str("    /// The object as a wire tree, in spec order under wire names.\n");
            super::write::to_wire_fn(&mut out, &object.fields, false);
            out.push('\n');
            read_wire_fn(&mut out, &object.fields, request, false);
            out.push_str("}\n");
            items.push(Part::Text(out));
            nested_impls(items, &object.fields, request);
        }
    }
}

/// `read_wire`; `request`: fixed values are checked (`fixed_text`); `extras`: the struct
/// has `extras`, read as none (a response's `from_wire` fills them).
fn read_wire_fn(out: &mut String, fields: &[Field], request: bool, extras: bool) {
    // An empty message reads nothing.
    let reader = if fields.is_empty() { "_r" } else { "r" };
    let _ = write!(
        out,
        "    /// Fills the struct from the reader's object, in the reader's mode (see `from_wire`).\n    \
         fn read_wire({reader}: &mut rt::wire::WireReader<'_, '_>) -> Result<Self, rt::wire::DecodeError> {{\n        \
         Ok(Self {{\n",
    );
    for field in super::holds::stored(fields) {
        let member = field.rust_name.ident().to_string();
        let value = match field.fixed_text() {
            Some(fixed) if request => {
                let (name, fixed) = (text::lit(&field.wire_name), text::lit(fixed));
                if field.is_optional() {
                    format!("r.fixed_text({name}, {fixed})?")
                } else {
                    format!("r.fixed_text_m({name}, {fixed})?")
                }
            }
            _ => read_field(field),
        };
        let line = format!("            {member}: {value},");
        let single_call =
            value.starts_with("r.") && value.ends_with(")?") && value.matches(")?").count() == 1;
        if let (false, Some((call, chained))) = (line.len() <= 100, value.split_once("?."))
            && !value.contains('\n')
        {
            // `r.text(..)?.map(..)`: a chain, one call a line.
            let _ = write!(
                out,
                "            {member}: r\n                .{}?\n                .{chained},",
                &call[2..]
            );
        } else if line.len() <= 100 || !single_call || value.contains('\n') {
            out.push_str(&line);
        } else {
            // `r.method(a, b, ..)?` over several lines, one argument a line.
            let (call, rest) = value.split_once('(').unwrap_or((&value, ""));
            let (args, tail) = rest.rsplit_once(')').unwrap_or((rest, ""));
            let _ = writeln!(out, "            {member}: {call}(");
            for arg in split_args(args) {
                let _ = writeln!(out, "                {arg},");
            }
            let _ = write!(out, "            ){tail},");
        }
        out.push('\n');
    }
    if extras {
        out.push_str("            extras: rt::Extras::new(),\n");
    }
    out.push_str("        })\n    }\n");
}

/// The top-level arguments of a call (commas inside brackets or string literals kept).
fn split_args(args: &str) -> Vec<String> {
    let (mut parts, mut current, mut depth, mut in_str, mut escaped) =
        (Vec::new(), String::new(), 0i32, false, false);
    for c in args.chars() {
        if in_str {
            in_str = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
        } else if c == '"' {
            in_str = true;
        } else if matches!(c, '(' | '[' | '{') {
            depth += 1;
        } else if matches!(c, ')' | ']' | '}') {
            depth -= 1;
        } else if c == ',' && depth == 0 {
            parts.push(current.trim().to_string());
            current.clear();
            continue;
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_string());
    }
    parts
}

/// The expression reading one field, as text.
fn read_field(field: &Field) -> String {
    let name = text::lit(&field.wire_name);
    let path = text::lit(&field.path);
    let optional = field.is_optional();
    if field.list {
        // A wrapped list is read from inside its wrapper element, under the item's name
        // (`name` in the closure: the runtime passes the item's name, or the wrapper's for a
        // bare JSON list).
        let (name, wrapper) = match &field.item {
            Some(item) => ("name".to_string(), Some((name, text::lit(item)))),
            None => (name, None),
        };
        let list = match &field.shape {
            Shape::Object(object) => {
                format!(
                    "r.object_list({name}, {}::read_wire)?",
                    object.type_name.bare()
                )
            }
            Shape::Leaf(leaf) if matches!(leaf.kind, LeafKind::Text) => {
                format!("r.text_list({name})?")
            }
            Shape::Leaf(leaf) => {
                let convert = list_item_conversion(field, &leaf.kind);
                format!(
                    "match r.text_list({name})? {{\n                \
                     Some(items) => Some(\n                    \
                     items\n                        \
                     .iter()\n                        \
                     .map(|text| {convert})\n                        \
                     .collect::<Result<Vec<_>, _>>()?,\n                \
                     ),\n                \
                     None => None,\n            }}"
                )
            }
        };
        let list = match wrapper {
            Some((wrapper, item)) => {
                let inner = match list.strip_suffix('?') {
                    Some(call) => call.to_string(),
                    None => format!("Ok({list})"),
                };
                format!("r.wrapped({wrapper}, {item}, |r, name| {inner})?")
            }
            None => list,
        };
        return if optional {
            list
        } else {
            format!("{list}.unwrap_or_default()")
        };
    }
    match &field.shape {
        Shape::Object(object) => {
            let ty = object.type_name.bare();
            if optional {
                format!("r.object({name}, {ty}::read_wire)?")
            } else {
                format!("r.object_m({name}, {path}, {ty}::read_wire)?")
            }
        }
        Shape::Leaf(leaf) => {
            let format = text::lit(&leaf.format.notation());
            match (&leaf.kind, optional) {
                (LeafKind::Text, true) => format!("r.text({name})?"),
                (LeafKind::Text, false) => format!("r.text_m({name})?"),
                (LeafKind::Unsigned, true) => format!("r.unsigned({name}, {path}, {format})?"),
                (LeafKind::Unsigned, false) => format!("r.unsigned_m({name}, {path}, {format})?"),
                (LeafKind::Signed, true) => format!("r.signed({name}, {path}, {format})?"),
                (LeafKind::Signed, false) => format!("r.signed_m({name}, {path}, {format})?"),
                (LeafKind::Bool, true) => format!("r.boolean({name}, {path})?"),
                (LeafKind::Bool, false) => format!("r.boolean_m({name}, {path})?"),
                (LeafKind::Map, true) => format!("r.map({name})?"),
                (LeafKind::Map, false) => format!("r.map({name})?.unwrap_or_default()"),
                (LeafKind::Enum(def), _) if def.open => {
                    let ty = def.type_name.bare();
                    if optional {
                        format!("r.text({name})?.map(|text| {ty}::from_wire(&text))")
                    } else {
                        format!("{ty}::from_wire(&r.text_m({name})?)")
                    }
                }
                (LeafKind::Enum(def), _) => {
                    let ty = def.type_name.bare();
                    let allowed = text::lit(&allowed(def));
                    if optional {
                        format!("r.closed({name}, {path}, {allowed}, {ty}::from_wire)?")
                    } else {
                        format!(
                            "r.closed_m({name}, {path}, {allowed}, {ty}::from_wire, {ty}::ALL[0])?"
                        )
                    }
                }
                (LeafKind::Code { type_name, .. }, _) => {
                    let ty = type_name.bare();
                    if optional {
                        format!("r.text({name})?.map(|text| {ty}::from_wire(&text))")
                    } else {
                        format!("{ty}::from_wire(&r.text_m({name})?)")
                    }
                }
                (LeafKind::Date { format, .. }, true) => {
                    format!("r.date({name}, {path}, {})?", text::lit(format))
                }
                (LeafKind::Date { format, .. }, false) => {
                    format!("r.date_m({name}, {path}, {})?", text::lit(format))
                }
                (LeafKind::Currency { form, .. }, true) => {
                    format!("r.currency({name}, {path}, {})?", form.runtime_path())
                }
                (LeafKind::Currency { form, .. }, false) => {
                    format!("r.currency_m({name}, {path}, {})?", form.runtime_path())
                }
            }
        }
    }
}

/// The allowed values of a closed enum as the `not_allowed_value` limit spells them.
fn allowed(def: &crate::model::EnumDef) -> String {
    def.variants
        .iter()
        .map(|v| v.wire.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How one text item of a list of leaves becomes its Rust value (`text: &String`), as a
/// `Result` (lists are read strictly in every mode: an item the type cannot hold is an
/// error naming the list).
fn list_item_conversion(field: &Field, kind: &LeafKind) -> String {
    let path = text::lit(&field.path);
    let error = |problem: &str| {
        format!("rt::wire::DecodeError::new({path}, rt::wire::DecodeProblem::{problem})")
    };
    match kind {
        LeafKind::Text | LeafKind::Map => {
            "Ok::<_, rt::wire::DecodeError>(text.clone())".to_string()
        }
        LeafKind::Unsigned => format!(
            "text.trim().parse::<u64>().map_err(|_| {})",
            error("NotAnInteger { range: \"u64\" }")
        ),
        LeafKind::Signed => format!(
            "text.trim().parse::<i64>().map_err(|_| {})",
            error("NotAnInteger { range: \"i64\" }")
        ),
        LeafKind::Bool => format!(
            "text.trim().parse::<bool>().map_err(|_| {})",
            error("NotABoolean")
        ),
        LeafKind::Enum(def) if def.open => format!(
            "Ok::<_, rt::wire::DecodeError>({}::from_wire(text))",
            def.type_name.bare()
        ),
        LeafKind::Enum(def) => format!(
            "{}::from_wire(text).ok_or_else(|| {})",
            def.type_name.bare(),
            error(&format!(
                "NotAllowed {{ allowed: {} }}",
                text::lit(&allowed(def))
            ))
        ),
        LeafKind::Code { type_name, .. } => format!(
            "Ok::<_, rt::wire::DecodeError>({}::from_wire(text))",
            type_name.bare()
        ),
        LeafKind::Date { format, .. } => format!(
            "rt::dates::parse({}, text).ok_or_else(|| {})",
            text::lit(format),
            error(&format!("NotADate {{ format: {} }}", text::lit(format)))
        ),
        LeafKind::Currency { form, .. } => format!(
            "rt::Currency::from_wire({}, text).map_err(|_| {})",
            form.runtime_path(),
            error(&format!(
                "NotACurrency {{ expected: {} }}",
                text::lit(form.expected())
            ))
        ),
    }
}

/// The transport's conveniences on the request and response types.
fn transport_items(op: &Operation) -> Vec<TokenStream> {
    let request = op.request.type_name.ident();
    let response = op.response.type_name.ident();
    match op.transport {
        // A signed message: the response's readers verify (emit/signature.rs).
        Transport::Json if op.signature.is_some() => {
            let mut items = vec![quote! {
                impl #request {
                    /// The request as a JSON body (keys in spec order).
                    pub fn to_json(&self) -> String {
                        rt::wire::JsonSink::encode(|sink| self.write_fields(sink))
                    }
                }
            }];
            items.extend(super::signature::json_reader(op));
            items
        }
        Transport::Json => vec![quote! {
            impl #request {
                /// The request as a JSON body (keys in spec order).
                pub fn to_json(&self) -> String {
                    rt::wire::JsonSink::encode(|sink| self.write_fields(sink))
                }
            }
            impl #response {
                /// Reads a JSON response body: [`Self::from_wire`] over the parsed object.
                /// Errors keep the raw body.
                pub fn from_json(body: impl AsRef<[u8]>) -> Result<Self, rt::wire::DecodeError> {
                    let body = body.as_ref();
                    let wire = rt::wire::json::from_json(body)?;
                    Self::from_wire(&wire).map_err(|err| err.with_raw(body))
                }
            }
        }],
        Transport::Soap => {
            let Some(soap) = &op.soap else {
                return Vec::new();
            };
            let (ns, objects, req_el, resp_el) = (
                &soap.namespace,
                &soap.objects_namespace,
                &soap.request_element,
                &soap.response_element,
            );
            vec![quote! {
                impl #request {
                    /// The request as a SOAP 1.1 envelope (elements in spec order, the request
                    /// element and its children in the operation namespace, nested objects'
                    /// children in the objects namespace).
                    pub fn to_soap(&self) -> Result<String, rt::wire::EncodeError> {
                        rt::wire::SoapSink::encode(rt::wire::soap::SoapNames {
                            namespace: #ns,
                            objects_namespace: #objects,
                            element: #req_el,
                        }, |sink| self.write_fields(sink))
                    }
                }
                impl #response {
                    /// Reads a SOAP response: the response element (by local name, any prefix)
                    /// inside the envelope's body, then [`Self::from_wire`]; a SOAP fault is an
                    /// error. Errors keep the raw document.
                    pub fn from_soap(xml: impl AsRef<[u8]>) -> Result<Self, rt::wire::DecodeError> {
                        let xml = xml.as_ref();
                        let wire = rt::wire::soap::from_soap(xml, #resp_el)?;
                        Self::from_wire(&wire).map_err(|err| err.with_raw(xml))
                    }
                }
            }]
        }
        Transport::Query => vec![quote! {
            impl #request {
                /// The request as a percent-encoded query string (spec order).
                pub fn to_query(&self) -> Result<String, rt::wire::EncodeError> {
                    rt::wire::PairSink::encode(rt::wire::PairMode::Query, |sink| self.write_fields(sink))
                }
            }
        }],
        Transport::Form => super::protocol::form_items(op),
    }
}
