//! A SOAP response as a [`FieldSource`]: quick-xml's events read straight into the
//! generated reader, element names (local names, any prefix) borrowed from the document.
//!
//! It reads as the tree decoder ([`crate::wire::soap::from_soap`]) does: an element with
//! child elements is an object (text between them is indentation), one without is its
//! text, `xsi:nil="true"` is null, a repeated element is a list's items (refused as
//! [`DecodeProblem::Duplicate`] where the spec has no list), only the five predefined
//! entities and character references are expanded, and the limits of
//! [`MAX_DEPTH`] open elements and [`MAX_ENTRIES`] elements hold.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use super::{Capture, FieldSource, ReadFields, Scalar, Visit};
use crate::wire::error::{DecodeError, DecodeProblem};
use crate::wire::{MAX_DEPTH, MAX_ENTRIES};

/// The document being read, shared by every level.
struct Doc<'de> {
    text: &'de str,
    reader: Reader<&'de [u8]>,
    /// Elements open now.
    depth: usize,
    /// Elements read so far.
    entries: usize,
}

/// An element just opened: its local name, and whether it is empty (`<a/>`) or nil.
struct Opened<'de> {
    name: Cow<'de, str>,
    empty: bool,
    nil: bool,
}

/// One step of an element's content.
enum Step<'de> {
    Text(Cow<'de, str>),
    Child(Opened<'de>),
    End,
}

impl<'de> Doc<'de> {
    fn new(text: &'de str) -> Self {
        Self {
            text,
            reader: Reader::from_str(text),
            depth: 0,
            entries: 0,
        }
    }

    fn error(&self, message: impl Into<String>) -> DecodeError {
        DecodeError::input(DecodeProblem::Xml {
            offset: self
                .reader
                .error_position()
                .max(self.reader.buffer_position()),
            message: message.into(),
        })
    }

    /// The local name of `start`, borrowed from the document when the event is (it always
    /// is for a document read from a `&str`).
    fn local_name(&self, start: &BytesStart<'_>) -> Cow<'de, str> {
        let local = start.local_name();
        let local: &str = local.as_ref();
        // The event borrows from the document: find the same bytes there, so the name
        // outlives the event (checked, never assumed).
        let offset = (local.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        offset
            .checked_add(local.len())
            .and_then(|end| self.text.get(offset..end))
            .filter(|borrowed| borrowed.as_ptr() == local.as_ptr() && *borrowed == local)
            .map_or_else(|| Cow::Owned(local.to_owned()), Cow::Borrowed)
    }

    fn open(&mut self, start: &BytesStart<'_>, empty: bool) -> Result<Opened<'de>, DecodeError> {
        if self.depth >= MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: MAX_DEPTH,
            }));
        }
        if self.entries >= MAX_ENTRIES {
            return Err(DecodeError::input(DecodeProblem::TooManyEntries {
                limit: MAX_ENTRIES,
            }));
        }
        self.entries += 1;
        let mut nil = false;
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|err| self.error(err.to_string()))?;
            if attribute.key.local_name().as_ref() == "nil" {
                nil = matches!(attribute.value.trim(), "true" | "1");
            }
        }
        if !empty {
            self.depth += 1;
        }
        Ok(Opened {
            name: self.local_name(start),
            empty,
            nil,
        })
    }

    /// The next step inside the element open now.
    fn step(&mut self) -> Result<Step<'de>, DecodeError> {
        loop {
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    return Err(DecodeError::input(DecodeProblem::Xml {
                        offset: self.reader.error_position(),
                        message: err.to_string(),
                    }));
                }
            };
            return Ok(match event {
                Event::Start(start) => Step::Child(self.open(&start, false)?),
                Event::Empty(start) => Step::Child(self.open(&start, true)?),
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Step::End
                }
                Event::Text(content) => Step::Text(content.xml10_content()),
                Event::CData(content) => Step::Text(content.xml10_content()),
                Event::GeneralRef(reference) => match reference.resolve_char_ref() {
                    Ok(Some(c)) => Step::Text(Cow::Owned(c.to_string())),
                    Ok(None) => match resolve_predefined_entity(&reference) {
                        Some(entity) => Step::Text(Cow::Borrowed(entity)),
                        None => {
                            return Err(self
                                .error("unknown entity (only the five predefined ones are read)"));
                        }
                    },
                    Err(err) => return Err(self.error(err.to_string())),
                },
                Event::Eof => return Err(self.error("the document ends inside an element")),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            });
        }
    }

    /// Reads the content of the element `opened` into `visit`.
    fn value<V: Visit<'de>>(
        &mut self,
        opened: Opened<'de>,
        visit: V,
    ) -> Result<V::Value, DecodeError> {
        if opened.empty {
            return visit.scalar(if opened.nil {
                Scalar::Null
            } else {
                Scalar::Text(Cow::Borrowed(""))
            });
        }
        let mut text: Option<Cow<'de, str>> = None;
        loop {
            match self.step()? {
                Step::Text(more) => match &mut text {
                    None => text = Some(more),
                    Some(so_far) => so_far.to_mut().push_str(&more),
                },
                Step::End if opened.nil => return visit.scalar(Scalar::Null),
                Step::End => return visit.scalar(Scalar::Text(text.unwrap_or_default())),
                Step::Child(child) if opened.nil => {
                    // A nil element's content is not read, but it must be well-formed.
                    self.skip(child)?;
                }
                Step::Child(child) => {
                    let mut fields = Elements {
                        doc: self,
                        first: Some(child),
                        current: None,
                        done: false,
                    };
                    let value = visit.object(&mut fields)?;
                    fields.drain()?;
                    return Ok(value);
                }
            }
        }
    }

    /// Reads past the element `opened`, refusing what is malformed.
    fn skip(&mut self, opened: Opened<'de>) -> Result<(), DecodeError> {
        if opened.empty {
            return Ok(());
        }
        let mut open = 1_usize;
        while open > 0 {
            match self.step()? {
                Step::Child(child) if !child.empty => open += 1,
                Step::End => open -= 1,
                _ => {}
            }
        }
        Ok(())
    }
}

/// The child elements of one element, in order.
struct Elements<'d, 'de> {
    doc: &'d mut Doc<'de>,
    /// The first child, opened while finding out that the element is an object.
    first: Option<Opened<'de>>,
    current: Option<Opened<'de>>,
    done: bool,
}

impl<'de> Elements<'_, 'de> {
    /// Reads the children no one asked for (a reader that stopped early).
    fn drain(&mut self) -> Result<(), DecodeError> {
        while let Some(opened) = self.next_opened()? {
            self.doc.skip(opened)?;
        }
        Ok(())
    }

    fn next_opened(&mut self) -> Result<Option<Opened<'de>>, DecodeError> {
        if let Some(current) = self.current.take() {
            // The reader skipped a value: read past it.
            self.doc.skip(current)?;
        }
        if let Some(first) = self.first.take() {
            return Ok(Some(first));
        }
        if self.done {
            return Ok(None);
        }
        loop {
            match self.doc.step()? {
                // Text between child elements is indentation (SOAP has no mixed content).
                Step::Text(_) => {}
                Step::Child(child) => return Ok(Some(child)),
                Step::End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        }
    }
}

impl<'de> FieldSource<'de> for Elements<'_, 'de> {
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        Ok(self.next_opened()?.map(|opened| {
            let name = opened.name.clone();
            self.current = Some(opened);
            name
        }))
    }

    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        match self.current.take() {
            Some(opened) => self.doc.value(opened, visit),
            None => visit.scalar(Scalar::Null),
        }
    }

    fn refuses_repeats(&self) -> bool {
        false
    }
}

/// The response element: read by `T`; nil or blank reads as empty; other text is
/// [`DecodeProblem::WrongType`] at the element's name.
struct Response<'n, T> {
    name: &'n str,
    read: std::marker::PhantomData<T>,
}

impl<'de, T: ReadFields> Visit<'de> for Response<'_, T> {
    type Value = T;

    fn scalar(self, value: Scalar<'de>) -> Result<T, DecodeError> {
        match value {
            Scalar::Null => T::read_fields(&mut super::NoFields),
            blank if blank.is_blank_text() => T::read_fields(&mut super::NoFields),
            other => Err(DecodeError::new(
                self.name,
                DecodeProblem::WrongType {
                    expected: "object",
                    found: other.kind(),
                },
            )),
        }
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<T, DecodeError> {
        T::read_fields(object)
    }

    fn list<L: super::ItemSource<'de>>(self, _: &mut L) -> Result<T, DecodeError> {
        Err(DecodeError::new(
            self.name,
            DecodeProblem::WrongType {
                expected: "object",
                found: "list",
            },
        ))
    }
}

/// Reads the body element `opened`: a fault is an error, another element than `expected`
/// too, the expected one is read by `T`.
fn response<'de, T: ReadFields>(
    doc: &mut Doc<'de>,
    opened: Opened<'de>,
    expected: &str,
) -> Result<T, DecodeError> {
    if opened.name == "Fault" {
        let fault = doc.value(opened, Capture::default())?;
        return Err(DecodeError::input(crate::wire::soap::fault(&fault)));
    }
    if opened.name != expected {
        return Err(DecodeError::input(DecodeProblem::UnexpectedElement {
            expected: expected.to_owned(),
            found: opened.name.into_owned(),
        }));
    }
    doc.value(
        opened,
        Response::<T> {
            name: expected,
            read: std::marker::PhantomData,
        },
    )
}

/// Reads a SOAP response into `T` in one pass: the element named `expected` (local name)
/// inside the envelope's `Body`, or the root itself when the document is a bare `expected`
/// element.
///
/// # Errors
///
/// As [`crate::wire::soap::from_soap`]: [`DecodeProblem::Empty`],
/// [`DecodeProblem::NotUtf8`], [`DecodeProblem::Xml`], [`DecodeProblem::TooDeep`],
/// [`DecodeProblem::TooManyEntries`], [`DecodeProblem::SoapFault`],
/// [`DecodeProblem::UnexpectedElement`], or a field's problem at its dotted path; the raw
/// document attached.
pub fn read_soap<T: ReadFields>(raw: &[u8], expected: &str) -> Result<T, DecodeError> {
    let text = crate::wire::utf8(raw)?;
    if text.trim().is_empty() {
        return Err(DecodeError::input(DecodeProblem::Empty).with_raw(raw));
    }
    read_document(text, expected).map_err(|err| err.with_raw(raw))
}

fn read_document<T: ReadFields>(text: &str, expected: &str) -> Result<T, DecodeError> {
    let mut doc = Doc::new(text);
    let root = loop {
        match doc.reader.read_event() {
            Ok(Event::Start(start)) => break doc.open(&start, false)?,
            Ok(Event::Empty(start)) => break doc.open(&start, true)?,
            Ok(Event::Eof) => return Err(doc.error("no root element")),
            Ok(Event::End(_)) => return Err(doc.error("end tag without a start tag")),
            Ok(_) => {}
            Err(err) => {
                return Err(DecodeError::input(DecodeProblem::Xml {
                    offset: doc.reader.error_position(),
                    message: err.to_string(),
                }));
            }
        }
    };
    if root.name != "Envelope" {
        return response(&mut doc, root, expected);
    }
    if root.empty || root.nil {
        doc.skip(root)?;
        return Err(empty_body(expected));
    }
    // The envelope's children: the first `Body` holds the response; the rest (a `Header`)
    // is read past.
    let mut found = None;
    let mut envelope = Elements {
        doc: &mut doc,
        first: None,
        current: None,
        done: false,
    };
    while let Some(child) = envelope.next_opened()? {
        if found.is_some() || child.name != "Body" {
            envelope.doc.skip(child)?;
            continue;
        }
        found = Some(body::<T>(envelope.doc, child, expected)?);
    }
    found.ok_or_else(|| empty_body(expected))
}

fn empty_body(expected: &str) -> DecodeError {
    DecodeError::input(DecodeProblem::UnexpectedElement {
        expected: expected.to_owned(),
        found: "an empty Body".to_owned(),
    })
}

/// Reads the `Body` element: its first child is the response.
fn body<'de, T: ReadFields>(
    doc: &mut Doc<'de>,
    opened: Opened<'de>,
    expected: &str,
) -> Result<T, DecodeError> {
    if opened.empty || opened.nil {
        doc.skip(opened)?;
        return Err(empty_body(expected));
    }
    let mut children = Elements {
        doc,
        first: None,
        current: None,
        done: false,
    };
    let Some(first) = children.next_opened()? else {
        return Err(empty_body(expected));
    };
    let read = response::<T>(children.doc, first, expected)?;
    children.drain()?;
    Ok(read)
}
