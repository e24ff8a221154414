//! Encoding in one pass: a generated `write_fields` hands a message's fields, in spec order
//! under their wire names, to a [`FieldSink`], which writes them straight into its output
//! (issue 15).
//!
//! ```text
//!   typed request ──write_fields──▶ FieldSink ──▶ JSON / SOAP / form / query text
//!                                       └────────▶ TreeSink ──▶ WireObject (to_wire)
//! ```
//!
//! Every encoder of a generated type goes through the same `write_fields`: the direct
//! writers ([`JsonSink`](super::JsonSink), [`SoapSink`](super::SoapSink),
//! [`PairSink`](super::PairSink)) and the [`TreeSink`] behind `to_wire`, which the
//! `pspec` command and the catalog still use. So there is one description of each message's
//! wire shape, and the direct output is by construction the tree's, written without the
//! tree (tests/direct_encoding.rs compares the two for every request operation).
//! [`FieldSink`] lists what each sink does with each call.

use super::value::{WireObject, WireValue};

/// Where a generated `write_fields` writes a message: one call per field, in spec order,
/// under the field's wire name.
///
/// The calls a writer makes, and what each sink does with them:
///
/// | call | JSON | SOAP | form, query | tree |
/// |---|---|---|---|---|
/// | `text`, `unsigned`, `signed`, `boolean` | member | element | pair | entry |
/// | `begin_object` .. `end_object` | nested object | element with children | error: not flat | nested object |
/// | `begin_list` .. `end_list` | array (item names ignored) | the items' elements, repeated | error: not flat | list |
/// | `computed` (the `MAC` slot) | `null` | nothing | the `MAC`, when signing | `null` |
/// | `value` (an extra) | as [`to_json`](super::json::to_json) | as [`to_soap`](super::soap::to_soap) | as [`to_pairs`](super::form::to_pairs) | entry |
///
/// A wrapped list (SOAP's `<selectedContractList><selectedContract>..`) is an object whose
/// items repeat one name, as it is in the tree. Sinks that can fail (a form cannot carry an
/// object; XML cannot carry a control character) keep the first error and ignore the rest,
/// so `write_fields` needs no `Result` and the error is the one the tree codec would report.
///
/// Names of objects and lists are `'static` (the spec's wire names, known when the code was
/// generated), so that a sink can keep the path to the current element without allocating;
/// leaf names may be dynamic (the keys of a map field).
pub trait FieldSink {
    /// A text value (also enums, codes, currencies, dates: their wire text).
    fn text(&mut self, name: &str, value: &str);
    /// A non-negative integer.
    fn unsigned(&mut self, name: &str, value: u64);
    /// A signed integer.
    fn signed(&mut self, name: &str, value: i64);
    /// A boolean.
    fn boolean(&mut self, name: &str, value: bool);
    /// Opens a nested object named `name`; the values up to [`FieldSink::end_object`] are
    /// its members.
    fn begin_object(&mut self, name: &'static str);
    /// Closes the object opened last.
    fn end_object(&mut self);
    /// Opens a list named `name`; every value up to [`FieldSink::end_list`] is an item, each
    /// written under the list's name (a SOAP list repeats its element).
    fn begin_list(&mut self, name: &'static str);
    /// Closes the list opened last.
    fn end_list(&mut self);
    /// The place of a value the encoder computes (the `MAC`): a form sink that signs puts it
    /// here, others write what the tree holds there (`null`).
    fn computed(&mut self, name: &'static str);
    /// Any wire value (a request's extras, written after the spec's fields).
    fn value(&mut self, name: &str, value: &WireValue);

    /// Every extra of `extras`, in order.
    #[inline]
    fn extras(&mut self, extras: &crate::Extras) {
        for (name, value) in extras.iter() {
            self.value(name, value);
        }
    }
}

/// A map field (Adyen's `additionalData`) as an object of text members, in key order.
#[doc(hidden)]
#[inline]
pub fn write_map<S: FieldSink + ?Sized>(
    sink: &mut S,
    name: &'static str,
    map: &std::collections::BTreeMap<String, String>,
) {
    sink.begin_object(name);
    for (key, value) in map {
        sink.text(key, value);
    }
    sink.end_object();
}

/// Builds the [`WireObject`] tree: what the generated `to_wire` returns.
#[derive(Debug, Default)]
pub struct TreeSink {
    root: WireObject,
    /// The objects and lists opened and not yet closed, innermost last.
    open: Vec<(&'static str, Open)>,
}

#[derive(Debug)]
enum Open {
    Object(WireObject),
    List(Vec<WireValue>),
}

impl TreeSink {
    /// An empty tree with room for `capacity` top-level entries.
    #[must_use]
    #[inline]
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            root: WireObject::with_capacity(capacity),
            open: Vec::new(),
        }
    }

    /// The tree written so far (objects or lists left open are closed).
    #[must_use]
    #[inline]
    pub fn finish(mut self) -> WireObject {
        while !self.open.is_empty() {
            self.close();
        }
        self.root
    }

    #[inline]
    fn push(&mut self, name: &str, value: WireValue) {
        match self.open.last_mut() {
            Some((_, Open::Object(object))) => object.push(name, value),
            Some((_, Open::List(items))) => items.push(value),
            None => self.root.push(name, value),
        }
    }

    #[inline]
    fn close(&mut self) {
        if let Some((name, open)) = self.open.pop() {
            let value = match open {
                Open::Object(object) => WireValue::Object(object),
                Open::List(items) => WireValue::List(items),
            };
            self.push(name, value);
        }
    }
}

impl FieldSink for TreeSink {
    #[inline]
    fn text(&mut self, name: &str, value: &str) {
        self.push(name, WireValue::from(value));
    }

    #[inline]
    fn unsigned(&mut self, name: &str, value: u64) {
        self.push(name, WireValue::from(value));
    }

    #[inline]
    fn signed(&mut self, name: &str, value: i64) {
        self.push(name, WireValue::from(value));
    }

    #[inline]
    fn boolean(&mut self, name: &str, value: bool) {
        self.push(name, WireValue::Bool(value));
    }

    #[inline]
    fn begin_object(&mut self, name: &'static str) {
        self.open.push((name, Open::Object(WireObject::new())));
    }

    #[inline]
    fn end_object(&mut self) {
        self.close();
    }

    #[inline]
    fn begin_list(&mut self, name: &'static str) {
        self.open.push((name, Open::List(Vec::new())));
    }

    #[inline]
    fn end_list(&mut self) {
        self.close();
    }

    #[inline]
    fn computed(&mut self, name: &'static str) {
        // The slot keeps the field's place in spec order; the tree's signing path fills it
        // (`set_with` replaces in place), and an unsigned encoder leaves `null` out.
        self.push(name, WireValue::Null);
    }

    #[inline]
    fn value(&mut self, name: &str, value: &WireValue) {
        self.push(name, value.clone());
    }
}

/// Writes `value`'s decimal digits into `out` (formatting into the `String` itself: no
/// allocation beyond its growth).
#[inline]
pub(crate) fn push_unsigned(out: &mut String, value: u64) {
    use std::fmt::Write as _;
    // Writing into a `String` cannot fail.
    let _ = write!(out, "{value}");
}

/// Writes `value`'s decimal digits, with a `-` when negative, into `out`.
#[inline]
pub(crate) fn push_signed(out: &mut String, value: i64) {
    use std::fmt::Write as _;
    let _ = write!(out, "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_sink_nests_objects_and_lists() {
        let mut sink = TreeSink::with_capacity(3);
        sink.text("a", "x");
        sink.begin_object("o");
        sink.unsigned("n", 5);
        sink.begin_list("l");
        sink.boolean("l", true);
        sink.signed("l", -2);
        sink.end_list();
        sink.end_object();
        sink.computed("MAC");
        let mut inner = WireObject::new();
        inner.push("n", 5_u64);
        inner.push(
            "l",
            WireValue::List(vec![WireValue::Bool(true), WireValue::from(-2_i64)]),
        );
        let mut expected = WireObject::new();
        expected.push("a", "x");
        expected.push("o", inner);
        expected.push("MAC", WireValue::Null);
        assert_eq!(sink.finish(), expected);
    }

    #[test]
    fn an_object_left_open_is_closed_by_finish() {
        let mut sink = TreeSink::default();
        sink.begin_object("o");
        sink.text("k", "v");
        let tree = sink.finish();
        assert_eq!(tree.get_path("o.k").and_then(WireValue::as_str), Some("v"));
    }
}
