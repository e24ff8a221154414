//! [`SoapSink`]: a request written straight into its SOAP 1.1 envelope, byte for byte what
//! [`to_soap`](super::soap::to_soap) writes for the request's tree (issue 15): the same
//! declaration, prefixes, two-space indentation and escaping as quick-xml's indenting
//! writer, and the same errors at the same paths.

use super::MAX_DEPTH;
use super::error::{EncodeError, EncodeProblem};
use super::sink::{FieldSink, push_signed, push_unsigned};
use super::soap::{ENVELOPE_NAMESPACE, SoapNames, is_xml_char, is_xml_name};
use super::value::WireValue;

const OPERATION: &str = "impl";
const OBJECTS: &str = "obj";
/// The indentation level of the request element's children (inside `Envelope`, `Body` and
/// the request element).
const CHILDREN_LEVEL: usize = 3;

/// Writes a SOAP request as its fields arrive: the request element's children in the
/// operation namespace (`impl:`), the children of nested objects in the objects namespace
/// (`obj:`), a list as its element repeated, `null` left out. The first error (a name that
/// is not an XML name, text XML 1.0 cannot carry, a list of lists, nesting past
/// [`MAX_DEPTH`]) is kept and returned by [`SoapSink::finish`].
#[derive(Debug)]
pub struct SoapSink<'n> {
    names: SoapNames<'n>,
    out: String,
    /// The names of the objects open, outermost first (the error path).
    path: [&'static str; MAX_DEPTH],
    /// How many objects are open below the request element.
    objects: usize,
    /// How many objects and lists are open, and which of them are lists (bit `i`: the
    /// `i`-th open is a list; past 63 opens, an object, which no spec reaches).
    opens: u32,
    lists: u64,
    error: Option<EncodeError>,
}

impl<'n> SoapSink<'n> {
    /// The room reserved up front: a Monext `doWebPayment` envelope fits (the validation
    /// bench's Payconiq payment is 2,249 bytes), so the text is allocated once.
    const CAPACITY: usize = 4096;

    /// The envelope up to the request element's start tag.
    #[must_use]
    #[inline]
    pub fn new(names: SoapNames<'n>) -> Self {
        let mut out = String::with_capacity(Self::CAPACITY);
        let mut error = None;
        if is_xml_name(names.element) {
            out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soapenv:Envelope");
            for (prefix, namespace) in [
                ("soapenv", ENVELOPE_NAMESPACE),
                (OPERATION, names.namespace),
                (OBJECTS, names.objects_namespace),
            ] {
                out.push_str(" xmlns:");
                out.push_str(prefix);
                out.push_str("=\"");
                escape_into(&mut out, namespace, true);
                out.push('"');
            }
            out.push_str(">\n  <soapenv:Header/>\n  <soapenv:Body>\n    <impl:");
            out.push_str(names.element);
            out.push('>');
        } else {
            error = Some(EncodeError::new(names.element, EncodeProblem::BadName));
        }
        Self {
            names,
            out,
            path: [""; MAX_DEPTH],
            objects: 0,
            opens: 0,
            lists: 0,
            error,
        }
    }

    /// The envelope `write` writes (what a generated `to_soap` calls with its
    /// `write_fields`).
    ///
    /// # Errors
    ///
    /// As [`to_soap`](super::soap::to_soap).
    #[inline]
    pub fn encode(
        names: SoapNames<'n>,
        write: impl FnOnce(&mut Self),
    ) -> Result<String, EncodeError> {
        let mut sink = Self::new(names);
        write(&mut sink);
        sink.finish()
    }

    /// The envelope, or the first error.
    ///
    /// # Errors
    ///
    /// As [`to_soap`](super::soap::to_soap).
    #[inline]
    pub fn finish(mut self) -> Result<String, EncodeError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        while self.opens > 0 {
            self.close();
        }
        self.out.push_str("\n    </impl:");
        self.out.push_str(self.names.element);
        self.out
            .push_str(">\n  </soapenv:Body>\n</soapenv:Envelope>\n");
        Ok(self.out)
    }

    #[inline]
    fn prefix(&self) -> &'static str {
        if self.objects == 0 {
            OPERATION
        } else {
            OBJECTS
        }
    }

    #[inline]
    fn in_list(&self) -> bool {
        self.opens
            .checked_sub(1)
            .and_then(|last| 1_u64.checked_shl(last))
            .is_some_and(|bit| self.lists & bit != 0)
    }

    /// The dotted path of `name` inside the open objects (errors only).
    #[inline]
    fn path_of(&self, name: &str) -> String {
        let mut path = String::new();
        for part in self.path.iter().take(self.objects) {
            path.push_str(part);
            path.push('.');
        }
        path.push_str(name);
        path
    }

    #[inline]
    fn fail(&mut self, name: &str, problem: EncodeProblem) {
        if self.error.is_none() {
            self.error = Some(EncodeError::new(self.path_of(name), problem));
        }
    }

    #[inline]
    fn indent(&mut self, level: usize) {
        self.out.push('\n');
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    #[inline]
    fn level(&self) -> usize {
        CHILDREN_LEVEL + self.objects
    }

    #[inline]
    fn start_tag(&mut self, level: usize, prefix: &str, name: &str) {
        self.indent(level);
        self.out.push('<');
        self.out.push_str(prefix);
        self.out.push(':');
        self.out.push_str(name);
        self.out.push('>');
    }

    #[inline]
    fn end_tag(&mut self, prefix: &str, name: &str) {
        self.out.push_str("</");
        self.out.push_str(prefix);
        self.out.push(':');
        self.out.push_str(name);
        self.out.push('>');
    }

    /// A text element (name and text checked first, as `to_soap` checks them).
    #[inline]
    fn scalar(&mut self, name: &str, text: &str) {
        if self.error.is_some() {
            return;
        }
        if !is_xml_name(name) {
            return self.fail(name, EncodeProblem::BadName);
        }
        if !text.chars().all(is_xml_char) {
            return self.fail(name, EncodeProblem::NotXmlText);
        }
        let (level, prefix) = (self.level(), self.prefix());
        self.start_tag(level, prefix, name);
        escape_into(&mut self.out, text, false);
        self.end_tag(prefix, name);
    }

    #[inline]
    fn number(&mut self, name: &str, write: impl FnOnce(&mut String)) {
        if self.error.is_some() {
            return;
        }
        if !is_xml_name(name) {
            return self.fail(name, EncodeProblem::BadName);
        }
        let (level, prefix) = (self.level(), self.prefix());
        self.start_tag(level, prefix, name);
        write(&mut self.out);
        self.end_tag(prefix, name);
    }

    #[inline]
    fn push_open(&mut self, list: bool) {
        if let Some(bit) = 1_u64.checked_shl(self.opens) {
            if list {
                self.lists |= bit;
            } else {
                self.lists &= !bit;
            }
        }
        self.opens = self.opens.saturating_add(1);
    }

    #[inline]
    fn close(&mut self) {
        if self.opens == 0 {
            return;
        }
        let list = self.in_list();
        self.opens -= 1;
        if list {
            return;
        }
        self.objects = self.objects.saturating_sub(1);
        let name = self.path.get(self.objects).copied().unwrap_or_default();
        let (level, prefix) = (self.level(), self.prefix());
        self.indent(level);
        self.end_tag(prefix, name);
    }

    /// An extra: the tree codec's walk over its value (`to_soap`'s `write_object` for one
    /// entry), paths built as it builds them.
    #[inline]
    fn tree_entry(&mut self, parent: &str, name: &str, value: &WireValue, depth: usize) {
        if self.error.is_some() {
            return;
        }
        let path = join(parent, name);
        if !is_xml_name(name) {
            self.error = Some(EncodeError::new(path, EncodeProblem::BadName));
            return;
        }
        match value {
            WireValue::List(items) => {
                for item in items {
                    if matches!(item, WireValue::List(_)) {
                        self.error = Some(EncodeError::new(path, EncodeProblem::NestedList));
                        return;
                    }
                    self.tree_element(&path, name, item, depth);
                }
            }
            other => self.tree_element(&path, name, other, depth),
        }
    }

    /// One element of an extra at `depth` (1: a child of the request element).
    #[inline]
    fn tree_element(&mut self, path: &str, name: &str, value: &WireValue, depth: usize) {
        if self.error.is_some() {
            return;
        }
        let level = CHILDREN_LEVEL + depth.saturating_sub(1);
        let prefix = self.prefix_at(depth);
        match value {
            WireValue::Null | WireValue::List(_) => {}
            WireValue::Object(object) => {
                self.start_tag(level, prefix, name);
                if depth + 1 > MAX_DEPTH {
                    self.error = Some(EncodeError::new(
                        path,
                        EncodeProblem::TooDeep { limit: MAX_DEPTH },
                    ));
                    return;
                }
                for (child, value) in object.iter() {
                    self.tree_entry(path, child, value, depth + 1);
                }
                self.indent(level);
                self.end_tag(prefix, name);
            }
            scalar => {
                let text = scalar.scalar_text().unwrap_or_default();
                if !text.chars().all(is_xml_char) {
                    self.error = Some(EncodeError::new(path, EncodeProblem::NotXmlText));
                    return;
                }
                self.start_tag(level, prefix, name);
                escape_into(&mut self.out, &text, false);
                self.end_tag(prefix, name);
            }
        }
    }

    /// The prefix of an element at `depth` (1: the request element's children).
    #[inline]
    fn prefix_at(&self, depth: usize) -> &'static str {
        if depth <= 1 { OPERATION } else { OBJECTS }
    }
}

impl FieldSink for SoapSink<'_> {
    #[inline]
    fn text(&mut self, name: &str, value: &str) {
        self.scalar(name, value);
    }

    #[inline]
    fn unsigned(&mut self, name: &str, value: u64) {
        self.number(name, |out| push_unsigned(out, value));
    }

    #[inline]
    fn signed(&mut self, name: &str, value: i64) {
        self.number(name, |out| push_signed(out, value));
    }

    #[inline]
    fn boolean(&mut self, name: &str, value: bool) {
        self.number(name, |out| {
            out.push_str(if value { "true" } else { "false" })
        });
    }

    #[inline]
    fn begin_object(&mut self, name: &'static str) {
        self.push_open(false);
        if self.error.is_some() {
            return;
        }
        if !is_xml_name(name) {
            return self.fail(name, EncodeProblem::BadName);
        }
        let (level, prefix) = (self.level(), self.prefix());
        self.start_tag(level, prefix, name);
        // The request element's children are at depth 1; this object's at one more.
        if self.objects + 2 > MAX_DEPTH {
            return self.fail(name, EncodeProblem::TooDeep { limit: MAX_DEPTH });
        }
        if let Some(slot) = self.path.get_mut(self.objects) {
            *slot = name;
        }
        self.objects += 1;
    }

    #[inline]
    fn end_object(&mut self) {
        if self.error.is_none() {
            self.close();
        }
    }

    #[inline]
    fn begin_list(&mut self, name: &'static str) {
        if self.error.is_none() && self.in_list() {
            self.fail(name, EncodeProblem::NestedList);
        }
        // The items are the elements; the list itself writes nothing.
        self.push_open(true);
    }

    #[inline]
    fn end_list(&mut self) {
        if self.error.is_none() {
            self.close();
        }
    }

    #[inline]
    fn computed(&mut self, name: &'static str) {
        // The tree holds `null` there, which an element cannot say: left out, as
        // `to_soap` leaves it. The name is still checked, as `to_soap` checks it.
        if self.error.is_none() && !is_xml_name(name) {
            self.fail(name, EncodeProblem::BadName);
        }
    }

    #[inline]
    fn value(&mut self, name: &str, value: &WireValue) {
        let path = self
            .path
            .iter()
            .take(self.objects)
            .copied()
            .collect::<Vec<_>>()
            .join(".");
        let depth = self.objects + 1;
        self.tree_entry(&path, name, value, depth);
    }
}

#[inline]
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// `text` escaped as quick-xml escapes text (its own `escape`: `< > & ' "` and carriage
/// return) or, with `attribute`, an attribute value (also line feed and tab; quick-xml keeps
/// that function to itself, so the few lines are written here).
#[inline]
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    if !attribute {
        out.push_str(&quick_xml::escape::escape(text));
        return;
    }
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&apos;",
            b'"' => "&quot;",
            b'\r' => "&#13;",
            b'\n' => "&#10;",
            b'\t' => "&#9;",
            _ => continue,
        };
        // Every escaped byte is ASCII, so `start..at` falls on character boundaries.
        out.push_str(text.get(start..at).unwrap_or_default());
        out.push_str(entity);
        start = at + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::super::soap::to_soap;
    use super::super::value::WireObject;
    use super::*;

    const NAMES: SoapNames<'static> = SoapNames {
        namespace: "urn:op",
        objects_namespace: "urn:obj&\"x\"",
        element: "doIt",
    };

    #[test]
    fn fields_are_written_as_to_soap_writes_the_tree() {
        let mut sink = SoapSink::new(NAMES);
        sink.text("version", "34 <&>'\"\r\n\t");
        sink.begin_object("payment");
        sink.unsigned("amount", 4250);
        sink.begin_object("empty");
        sink.end_object();
        sink.end_object();
        sink.begin_list("contracts");
        sink.text("contracts", "A");
        sink.begin_object("contracts");
        sink.boolean("flag", true);
        sink.end_object();
        sink.end_list();
        sink.computed("MAC");
        sink.signed("delta", -5);
        let mut extra = WireObject::new();
        extra.push("k", "v");
        sink.value("extra", &WireValue::Object(extra.clone()));
        sink.value("none", &WireValue::Null);

        let mut tree = WireObject::new();
        tree.push("version", "34 <&>'\"\r\n\t");
        let mut payment = WireObject::new();
        payment.push("amount", 4250_u64);
        payment.push("empty", WireObject::new());
        tree.push("payment", payment);
        let mut item = WireObject::new();
        item.push("flag", true);
        tree.push(
            "contracts",
            WireValue::List(vec![WireValue::from("A"), WireValue::Object(item)]),
        );
        tree.push("MAC", WireValue::Null);
        tree.push("delta", -5_i64);
        tree.push("extra", extra);
        tree.push("none", WireValue::Null);
        assert_eq!(sink.finish(), to_soap(&tree, &NAMES));
    }

    #[test]
    fn errors_name_the_path_as_to_soap_does() {
        let mut sink = SoapSink::new(NAMES);
        sink.begin_object("payment");
        sink.text("note", "bell\u{7}");
        sink.end_object();
        let mut payment = WireObject::new();
        payment.push("note", "bell\u{7}");
        let mut tree = WireObject::new();
        tree.push("payment", payment);
        let error = sink.finish().unwrap_err();
        assert_eq!(
            (error.path.as_str(), &error.problem),
            ("payment.note", &EncodeProblem::NotXmlText)
        );
        assert_eq!(Err(error), to_soap(&tree, &NAMES));

        let mut sink = SoapSink::new(NAMES);
        sink.value("bad name", &WireValue::from("x"));
        assert_eq!(sink.finish().unwrap_err().problem, EncodeProblem::BadName);

        let bad = SoapNames {
            element: "1x",
            ..NAMES
        };
        assert_eq!(
            SoapSink::new(bad).finish(),
            to_soap(&WireObject::new(), &bad)
        );
    }

    #[test]
    fn an_empty_request_matches_the_tree_codec() {
        assert_eq!(
            SoapSink::new(NAMES).finish(),
            to_soap(&WireObject::new(), &NAMES)
        );
    }
}
