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
use super::read::Keys;
use super::text;

use crate::model::{Direction, Field, LeafKind, Message, Operation, Shape, Transport};

/// The wire items of an operation: both messages with their nested objects, then the
/// transport's conveniences.
pub fn operation_items(op: &Operation) -> Vec<Part> {
    // The key matching the spec gives (`protocol`), as the path text the wire impl names.
    let case = super::protocol::key_case(op).to_string().replace(' ', "");
    let case = case.as_str();
    let mut items = Vec::new();
    let keys = match op.protocol.keys {
        crate::model::protocol::KeyMatching::AnyCase => Keys::AnyCase,
        crate::model::protocol::KeyMatching::Exact => Keys::Exact,
    };
    for message in [&op.request, &op.response] {
        items.push(Part::Text(message_impl(op, message, case)));
        let request = message.direction == Direction::Request;
        if !request {
            items.push(Part::Text(super::read::read_fields_impl(
                message.type_name.bare(),
                &message.fields,
                keys,
                super::holds::has_extras(message),
            )));
        }
        nested_impls(&mut items, &message.fields, request, keys);
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
            let _ = write!(
                out,
                "\n    /// Reads a response from a wire tree ({matching}), leniently: the top-level fields the spec does not list are kept in `extras` (deeper ones are ignored), enum values and codes the spec does not list are kept, nothing is checked against formats (that is [`Self::validate`]'s job), a missing mandatory text reads as empty and a missing object as empty. Only a value that cannot be kept at all (text where a number belongs) is an error naming the field. The same one-pass reader as the wire's own decoders.
    pub fn from_wire(wire: &rt::wire::WireObject) -> Result<Self, rt::wire::DecodeError> {{
        rt::wire::pull::from_tree(wire)
    }}
}}
"
            );
            return out;
        }
    }
    out.push('\n');
    read_wire_fn(&mut out, &message.fields, true, extras);
    out.push_str("}\n");
    out
}

/// The wire impls of the objects inside a message: `to_wire`, and the tree reader of a
/// request's objects or the one-pass reader of a response's.
fn nested_impls(items: &mut Vec<Part>, fields: &[Field], request: bool, keys: Keys) {
    for field in fields {
        if let Shape::Object(object) = &field.shape {
            let name = object.type_name.bare();
            let mut out = format!("impl {name} {{\n");
            out.push_str("    /// The object as a wire tree, in spec order under wire names.\n");
            super::write::to_wire_fn(&mut out, &object.fields, false);
            if request {
                out.push('\n');
                read_wire_fn(&mut out, &object.fields, true, false);
            }
            out.push_str("}\n");
            items.push(Part::Text(out));
            if !request {
                items.push(Part::Text(super::read::read_fields_impl(
                    name,
                    &object.fields,
                    keys,
                    false,
                )));
            }
            nested_impls(items, &object.fields, request, keys);
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
                let convert = super::read::list_item_conversion(field, &leaf.kind);
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
                    let allowed = text::lit(&super::read::allowed(def));
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
                /// Reads a JSON response body in one pass, as [`Self::from_wire`] reads a tree
                /// (names given twice refused, unlisted top-level fields kept in `extras`).
                /// Errors keep the raw body.
                pub fn from_json(body: impl AsRef<[u8]>) -> Result<Self, rt::wire::DecodeError> {
                    rt::wire::pull::json::read_json(body.as_ref())
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
                    /// Reads a SOAP response in one pass: the response element (by local name,
                    /// any prefix) inside the envelope's body, read as [`Self::from_wire`] reads
                    /// a tree; a SOAP fault is an error. Errors keep the raw document.
                    pub fn from_soap(xml: impl AsRef<[u8]>) -> Result<Self, rt::wire::DecodeError> {
                        rt::wire::pull::soap::read_soap(xml.as_ref(), #resp_el)
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
