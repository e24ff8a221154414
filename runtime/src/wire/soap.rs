//! SOAP bodies (Monext) over [`WireObject`], with quick-xml.
//!
//! Writing: [`to_soap`] wraps the object in a SOAP 1.1 envelope. The request element and
//! its direct children are in the operation namespace (prefix `impl`), the children of
//! every nested object in the objects namespace (prefix `obj`), as Monext's WSDL declares
//! them (namespaces from the spec's `soap:` block). Fields come out in the object's order,
//! which the generated `to_wire` makes the spec's (the WSDL's) order; absent fields are
//! left out; a list repeats its element.
//!
//! Reading: [`parse_xml`] builds a tree by **local names**, so any prefix (or a default
//! namespace) is accepted; unknown elements are kept in the tree and simply not read by
//! the typed decoders. [`from_soap`] finds the response element inside `Body` (or takes a
//! bare response element as the root) and turns a SOAP `Fault` into an error. No DTD or
//! custom entity is ever expanded: only the five predefined entities and character
//! references are, and anything else is an error.

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::error::{DecodeError, DecodeProblem, EncodeError, EncodeProblem};
use super::value::{WireObject, WireValue};
use super::{MAX_DEPTH, MAX_ENTRIES};

/// The SOAP 1.1 envelope namespace.
pub const ENVELOPE_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The names a SOAP request is written with (the spec's `soap:` block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SoapNames<'a> {
    /// The operation namespace: on the request element and its direct children.
    pub namespace: &'a str,
    /// The objects namespace: on the children of nested objects.
    pub objects_namespace: &'a str,
    /// The request element (`doWebPaymentRequest`).
    pub element: &'a str,
}

const ENV: &str = "soapenv";
const OPERATION: &str = "impl";
const OBJECTS: &str = "obj";

/// The SOAP envelope of a request, indented by two spaces, with an XML declaration.
///
/// # Errors
///
/// [`EncodeProblem::BadName`] for a name that is not an XML name,
/// [`EncodeProblem::NotXmlText`] for a value holding a control character XML 1.0 cannot
/// carry, [`EncodeProblem::NestedList`] for a list of lists, [`EncodeProblem::TooDeep`]
/// past the nesting limit.
pub fn to_soap(object: &WireObject, names: &SoapNames<'_>) -> Result<String, EncodeError> {
    if !is_xml_name(names.element) {
        return Err(EncodeError::new(names.element, EncodeProblem::BadName));
    }
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let mut out = Out {
        writer: &mut writer,
    };
    out.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let envelope = format!("{ENV}:Envelope");
    let mut start = BytesStart::new(envelope.as_str());
    start.push_attribute((format!("xmlns:{ENV}").as_str(), ENVELOPE_NAMESPACE));
    start.push_attribute((format!("xmlns:{OPERATION}").as_str(), names.namespace));
    start.push_attribute((format!("xmlns:{OBJECTS}").as_str(), names.objects_namespace));
    out.event(Event::Start(start));
    out.event(Event::Empty(BytesStart::new(format!("{ENV}:Header"))));
    out.event(Event::Start(BytesStart::new(format!("{ENV}:Body"))));
    let element = format!("{OPERATION}:{}", names.element);
    out.event(Event::Start(BytesStart::new(element.as_str())));
    write_object(&mut out, object, OPERATION, "", 1)?;
    out.event(Event::End(BytesEnd::new(element.as_str())));
    out.event(Event::End(BytesEnd::new(format!("{ENV}:Body"))));
    out.event(Event::End(BytesEnd::new(envelope.as_str())));
    let mut xml = String::from_utf8(writer.into_inner()).unwrap_or_default();
    xml.push('\n');
    Ok(xml)
}

/// The writer, writing into memory: its `io::Result` can only be `Ok`, so it is dropped
/// here once rather than at every call.
struct Out<'w> {
    writer: &'w mut Writer<Vec<u8>>,
}

impl Out<'_> {
    fn event(&mut self, event: Event<'_>) {
        let _ = self.writer.write_event(event);
    }
}

fn write_object(
    out: &mut Out<'_>,
    object: &WireObject,
    prefix: &str,
    path: &str,
    depth: usize,
) -> Result<(), EncodeError> {
    if depth > MAX_DEPTH {
        return Err(EncodeError::new(
            path,
            EncodeProblem::TooDeep { limit: MAX_DEPTH },
        ));
    }
    for (name, value) in object.iter() {
        let path = join(path, name);
        if !is_xml_name(name) {
            return Err(EncodeError::new(path, EncodeProblem::BadName));
        }
        match value {
            WireValue::List(items) => {
                for item in items {
                    if matches!(item, WireValue::List(_)) {
                        return Err(EncodeError::new(path, EncodeProblem::NestedList));
                    }
                    write_element(out, prefix, name, item, &path, depth)?;
                }
            }
            other => write_element(out, prefix, name, other, &path, depth)?,
        }
    }
    Ok(())
}

fn write_element(
    out: &mut Out<'_>,
    prefix: &str,
    name: &str,
    value: &WireValue,
    path: &str,
    depth: usize,
) -> Result<(), EncodeError> {
    let tag = format!("{prefix}:{name}");
    match value {
        WireValue::Null | WireValue::List(_) => {}
        WireValue::Object(object) => {
            out.event(Event::Start(BytesStart::new(tag.as_str())));
            write_object(out, object, OBJECTS, path, depth + 1)?;
            out.event(Event::End(BytesEnd::new(tag.as_str())));
        }
        scalar => {
            let text = scalar.scalar_text().unwrap_or_default();
            if !text.chars().all(is_xml_char) {
                return Err(EncodeError::new(path, EncodeProblem::NotXmlText));
            }
            out.event(Event::Start(BytesStart::new(tag.as_str())));
            out.event(Event::Text(BytesText::new(&text)));
            out.event(Event::End(BytesEnd::new(tag.as_str())));
        }
    }
    Ok(())
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// XML 1.0's `Char`: tab, line feed, carriage return and everything from U+0020 except
/// the surrogates (which a Rust `char` never is) and U+FFFE/U+FFFF.
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// A conservative XML name without a prefix: a letter or `_`, then letters, digits, `_`,
/// `-` or `.`. Every Monext element name is of this kind.
pub(super) fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// An element being read.
struct Frame {
    name: String,
    children: WireObject,
    text: String,
    has_children: bool,
    nil: bool,
}

impl Frame {
    fn value(self) -> WireValue {
        if self.nil {
            WireValue::Null
        } else if self.has_children {
            // Text between child elements is indentation (SOAP has no mixed content).
            WireValue::Object(self.children)
        } else {
            WireValue::Text(self.text)
        }
    }
}

/// Reads an XML document into its root element's local name and value: an element with
/// child elements becomes an [`WireValue::Object`] (children by local name, in order,
/// repeated names kept), an element without becomes its text, `xsi:nil="true"` becomes
/// [`WireValue::Null`]. Attributes other than `nil` are ignored.
///
/// # Errors
///
/// [`DecodeProblem::Empty`], [`DecodeProblem::NotUtf8`], [`DecodeProblem::Xml`] (not
/// well-formed, unknown entity, no root element), [`DecodeProblem::TooDeep`] or
/// [`DecodeProblem::TooManyEntries`] (elements), with the raw input attached;
/// [`DecodeProblem::TooLarge`].
pub fn parse_xml(input: impl AsRef<[u8]>) -> Result<(String, WireValue), DecodeError> {
    let raw = input.as_ref();
    let text = super::utf8(raw)?;
    if text.trim().is_empty() {
        return Err(DecodeError::input(DecodeProblem::Empty).with_raw(raw));
    }
    read_tree(text).map_err(|err| err.with_raw(raw))
}

fn xml_error(reader: &Reader<&[u8]>, message: impl Into<String>) -> DecodeError {
    DecodeError::input(DecodeProblem::Xml {
        offset: reader.error_position().max(reader.buffer_position()),
        message: message.into(),
    })
}

fn read_tree(text: &str) -> Result<(String, WireValue), DecodeError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    // Every element becomes a tree entry: counted as it opens, refused past the limit.
    let mut entries = 0_usize;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(err) => {
                return Err(DecodeError::input(DecodeProblem::Xml {
                    offset: reader.error_position(),
                    message: err.to_string(),
                }));
            }
        };
        match event {
            Event::Start(_) | Event::Empty(_) if stack.len() >= MAX_DEPTH => {
                return Err(DecodeError::input(DecodeProblem::TooDeep {
                    limit: MAX_DEPTH,
                }));
            }
            Event::Start(_) | Event::Empty(_) if entries >= MAX_ENTRIES => {
                return Err(DecodeError::input(DecodeProblem::TooManyEntries {
                    limit: MAX_ENTRIES,
                }));
            }
            Event::Start(start) => {
                entries += 1;
                stack.push(open_frame(&reader, &start)?);
            }
            Event::Empty(start) => {
                entries += 1;
                let frame = open_frame(&reader, &start)?;
                if let Some(done) = close_frame(&mut stack, frame) {
                    return Ok(done);
                }
            }
            Event::End(_) => {
                let Some(frame) = stack.pop() else {
                    return Err(xml_error(&reader, "end tag without a start tag"));
                };
                if let Some(done) = close_frame(&mut stack, frame) {
                    return Ok(done);
                }
            }
            Event::Text(content) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&content.xml10_content());
                }
            }
            Event::CData(content) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&content.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved: String = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&reference) {
                        Some(entity) => entity.to_owned(),
                        None => {
                            return Err(xml_error(
                                &reader,
                                "unknown entity (only the five predefined ones are read)",
                            ));
                        }
                    },
                    Err(err) => return Err(xml_error(&reader, err.to_string())),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::Eof => {
                let message = if stack.is_empty() {
                    "no root element"
                } else {
                    "the document ends inside an element"
                };
                return Err(xml_error(&reader, message));
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

fn open_frame(reader: &Reader<&[u8]>, start: &BytesStart<'_>) -> Result<Frame, DecodeError> {
    let name = start.local_name().as_ref().to_owned();
    let mut nil = false;
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|err| xml_error(reader, err.to_string()))?;
        if attribute.key.local_name().as_ref() == "nil" {
            nil = matches!(attribute.value.trim(), "true" | "1");
        }
    }
    Ok(Frame {
        name,
        children: WireObject::new(),
        text: String::new(),
        has_children: false,
        nil,
    })
}

/// Hands a finished element to its parent; returns the root once it closes.
fn close_frame(stack: &mut [Frame], frame: Frame) -> Option<(String, WireValue)> {
    let name = frame.name.clone();
    let value = frame.value();
    match stack.last_mut() {
        Some(parent) => {
            parent.has_children = true;
            parent.children.push(name, value);
            None
        }
        None => Some((name, value)),
    }
}

/// Reads a SOAP response: the element named `expected` (local name) inside the envelope's
/// `Body`, or the root itself when the document is a bare `expected` element.
///
/// # Errors
///
/// As [`parse_xml`], plus [`DecodeProblem::SoapFault`] when the body holds a fault (SOAP
/// 1.1 `faultcode`/`faultstring`, or SOAP 1.2 `Code`/`Reason`) and
/// [`DecodeProblem::UnexpectedElement`] when the body holds some other element.
pub fn from_soap(input: impl AsRef<[u8]>, expected: &str) -> Result<WireObject, DecodeError> {
    let raw = input.as_ref();
    let (root, value) = parse_xml(raw)?;
    response_element(&root, value, expected).map_err(|err| err.with_raw(raw))
}

fn response_element(
    root: &str,
    value: WireValue,
    expected: &str,
) -> Result<WireObject, DecodeError> {
    let (found, value) = if root == "Envelope" {
        let body = match value {
            WireValue::Object(envelope) => envelope
                .into_iter()
                .find(|(name, _)| name == "Body")
                .map(|(_, body)| body),
            _ => None,
        };
        let first = match body {
            Some(WireValue::Object(body)) => body.into_iter().next(),
            _ => None,
        };
        let Some(first) = first else {
            return Err(DecodeError::input(DecodeProblem::UnexpectedElement {
                expected: expected.to_owned(),
                found: "an empty Body".to_owned(),
            }));
        };
        first
    } else {
        (root.to_owned(), value)
    };
    if found == "Fault" {
        return Err(DecodeError::input(fault(&value)));
    }
    if found != expected {
        return Err(DecodeError::input(DecodeProblem::UnexpectedElement {
            expected: expected.to_owned(),
            found,
        }));
    }
    match value {
        WireValue::Object(object) => Ok(object),
        // `<doWebPaymentResponse/>`: an empty response (its typed decoding reports what
        // is missing).
        WireValue::Null => Ok(WireObject::new()),
        WireValue::Text(text) if text.trim().is_empty() => Ok(WireObject::new()),
        other => Err(DecodeError::new(
            found,
            DecodeProblem::WrongType {
                expected: "object",
                found: other.kind(),
            },
        )),
    }
}

pub(crate) fn fault(value: &WireValue) -> DecodeProblem {
    let text = |path: &str| {
        value
            .as_object()
            .and_then(|fault| fault.get_path(path))
            .and_then(WireValue::as_str)
            .map(str::to_owned)
    };
    DecodeProblem::SoapFault {
        code: text("faultcode")
            .or_else(|| text("Code.Value"))
            .unwrap_or_default(),
        message: text("faultstring")
            .or_else(|| text("Reason.Text"))
            .unwrap_or_default(),
    }
}
