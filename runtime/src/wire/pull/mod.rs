//! One-pass decoding of responses (issue 15): the generated `read_fields` pulls the entries
//! of a received object straight from the wire and matches each name with a `match`, so
//! that no [`WireObject`] tree is built on the typed path and no field is looked up by a
//! search.
//!
//! ```text
//!   form pairs ─┐
//!   JSON (serde MapAccess) ─┤  FieldSource::next_key / value(Visit) ─▶ generated read_fields ─▶ typed response
//!   SOAP (quick-xml events) ─┤
//!   WireObject (from_wire) ─┘
//! ```
//!
//! A source ([`FieldSource`]) hands out one name at a time ([`FieldSource::next_key`], borrowed
//! from the input where the wire allows) and then that name's value to a [`Visit`], which
//! says what it makes of a scalar, an object or a list. The generated code keeps one
//! [`Slot`] per field and, after the last name, turns the slots into the struct, leniently
//! as a response is read: a missing mandatory text is empty, a missing mandatory object
//! reads as empty, a value the type cannot hold (text where an integer belongs, an unknown
//! currency, a date off its mask, a missing mandatory number) is an error naming the field,
//! and unknown enum values and codes are kept. A date also reads in the other seconds form
//! (facts.md).
//!
//! What every source keeps, whatever the wire: a name given twice is refused
//! ([`DecodeProblem::Duplicate`]; a repeated XML element only where the spec has no list,
//! as the tree read does), the limits of [`super::MAX_INPUT`], [`super::MAX_ENTRIES`] and
//! [`super::MAX_DEPTH`] hold, errors carry the dotted path of the field, and the top-level
//! names the spec does not list are kept in the response's `extras`.

use std::borrow::Cow;

use super::error::{DecodeError, DecodeProblem};
use super::value::{WireNumber, WireObject, WireValue};

mod slots;
mod unlisted;
mod visit;

pub use slots::{ListSlot, Slot, Text};
pub use unlisted::Unlisted;
pub use visit::{Capture, Item, ItemPath, Obj};

#[cfg(feature = "form")]
pub mod form;
#[cfg(feature = "json")]
pub mod json;
#[cfg(feature = "json")]
mod json_fast;
#[cfg(feature = "soap")]
pub mod soap;
pub mod tree;

/// A scalar value as a source hands it over; objects and lists go to
/// [`Visit::object`] and [`Visit::list`] instead.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'de> {
    /// JSON `null`, an XML element marked `xsi:nil`: the field is absent.
    Null,
    /// A JSON boolean.
    Bool(bool),
    /// A JSON integer that fits `u64`.
    Unsigned(u64),
    /// A negative JSON integer.
    Signed(i64),
    /// Any other number, as its text (a fraction, an exponent, a tree's number).
    Number(Cow<'de, str>),
    /// Text (every form and XML value).
    Text(Cow<'de, str>),
}

impl<'de> Scalar<'de> {
    /// The kind a [`DecodeProblem::WrongType`] names.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "boolean",
            Scalar::Unsigned(_) | Scalar::Signed(_) | Scalar::Number(_) => "number",
            Scalar::Text(_) => "text",
        }
    }

    /// The value as text (a number's digits, `true`/`false`); `None` for null. What a text
    /// field takes, as [`WireValue::scalar_text`] gives it.
    #[must_use]
    #[inline]
    pub fn into_text(self) -> Option<Cow<'de, str>> {
        match self {
            Scalar::Number(text) | Scalar::Text(text) => Some(text),
            other => other.other_text(),
        }
    }

    /// [`Scalar::into_text`] of what is not text (kept out of line: text is the common case).
    #[cold]
    fn other_text(self) -> Option<Cow<'de, str>> {
        match self {
            Scalar::Null => None,
            Scalar::Bool(true) => Some(Cow::Borrowed("true")),
            Scalar::Bool(false) => Some(Cow::Borrowed("false")),
            Scalar::Unsigned(value) => Some(Cow::Owned(value.to_string())),
            Scalar::Signed(value) => Some(Cow::Owned(value.to_string())),
            Scalar::Number(text) | Scalar::Text(text) => Some(text),
        }
    }

    /// Whether this is text holding nothing but white space (an empty XML element, which
    /// reads as an empty object where an object belongs).
    #[must_use]
    #[inline]
    pub fn is_blank_text(&self) -> bool {
        matches!(self, Scalar::Text(text) if text.trim().is_empty())
    }

    /// The value as a wire tree value (what `extras` keep).
    #[must_use]
    pub fn into_wire(self) -> WireValue {
        match self {
            Scalar::Null => WireValue::Null,
            Scalar::Bool(value) => WireValue::Bool(value),
            Scalar::Unsigned(value) => WireValue::from(value),
            Scalar::Signed(value) => WireValue::from(value),
            Scalar::Number(text) => match WireNumber::parse(&text) {
                Some(number) => WireValue::Number(number),
                None => WireValue::Text(text.into_owned()),
            },
            Scalar::Text(text) => WireValue::Text(text.into_owned()),
        }
    }
}

/// What a source does with the value of the current name: it hands it to exactly one of
/// these methods. Sources call `scalar` for text, numbers, booleans and null, `object` for a
/// nested object (with a source over its entries) and `list` for a JSON array.
pub trait Visit<'de>: Sized {
    /// What the visit makes.
    type Value;

    /// A scalar (or null).
    ///
    /// # Errors
    ///
    /// What the visitor refuses (a scalar where an object belongs).
    fn scalar(self, value: Scalar<'de>) -> Result<Self::Value, DecodeError>;

    /// A nested object, its entries read from `object`.
    ///
    /// # Errors
    ///
    /// As [`Visit::scalar`], or what reading the entries returns.
    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<Self::Value, DecodeError>;

    /// A list, its items read from `list`.
    ///
    /// # Errors
    ///
    /// As [`Visit::object`].
    fn list<L: ItemSource<'de>>(self, list: &mut L) -> Result<Self::Value, DecodeError>;
}

/// The entries of one received object, one name at a time (see the module docs).
pub trait FieldSource<'de> {
    /// The next name, or `None` after the last. Each name must be followed by exactly one
    /// call of [`FieldSource::value`].
    ///
    /// # Errors
    ///
    /// What the wire refuses (malformed input, a limit).
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError>;

    /// Hands the current name's value to `visit`.
    ///
    /// # Errors
    ///
    /// What the wire or `visit` refuses.
    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError>;

    /// Whether a name given twice in one object is refused whatever it is (JSON and forms,
    /// whose parsers refuse it); SOAP answers `false`: a repeated element is a list's items,
    /// refused only where the spec has no list.
    fn refuses_repeats(&self) -> bool {
        true
    }
}

/// The items of one received list (a JSON array, a tree's list).
pub trait ItemSource<'de> {
    /// Hands the next item to `visit`; `None` after the last.
    ///
    /// # Errors
    ///
    /// What the wire or `visit` refuses.
    fn next_item<V: Visit<'de>>(&mut self, visit: V) -> Result<Option<V::Value>, DecodeError>;
}

/// A struct the generated code reads in one pass (a response or one of its objects).
pub trait ReadFields: Sized {
    /// Reads the struct from the entries of `source`, leniently (see the module docs).
    ///
    /// # Errors
    ///
    /// A value the type cannot hold, a name given twice, or what the wire refuses; the
    /// path is relative to this object.
    fn read_fields<'de, S: FieldSource<'de>>(source: &mut S) -> Result<Self, DecodeError>;
}

/// An object with no entries: what a missing mandatory object reads from.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFields;

impl<'de> FieldSource<'de> for NoFields {
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        Ok(None)
    }

    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        visit.scalar(Scalar::Null)
    }
}

/// Whether an error concerns the input as a whole (malformed, a limit): such errors keep
/// their empty path while they unwind through nested objects.
fn is_input_level(err: &DecodeError) -> bool {
    err.path().is_empty()
        && matches!(
            err.problem(),
            DecodeProblem::Json { .. }
                | DecodeProblem::Xml { .. }
                | DecodeProblem::TooLarge { .. }
                | DecodeProblem::TooManyEntries { .. }
                | DecodeProblem::NotUtf8 { .. }
                | DecodeProblem::Empty
                | DecodeProblem::SoapFault { .. }
                | DecodeProblem::UnexpectedElement { .. }
                | DecodeProblem::NotAnObject { .. }
        )
}

/// `err`, found inside the field `name`, located there (input-level errors keep no path).
#[must_use]
pub fn within(err: DecodeError, name: &str) -> DecodeError {
    if is_input_level(&err) {
        err
    } else {
        err.within(name)
    }
}

fn wrong_type(name: &str, expected: &'static str, found: &'static str) -> DecodeError {
    DecodeError::new(name, DecodeProblem::WrongType { expected, found })
}

/// Lower-cases `key` into `buf` for a `match` on a spec's names in any ASCII case; a key
/// that is longer than `buf` or not ASCII comes back as `""`, which no spec name is (such a
/// key matches no name, as `eq_ignore_ascii_case` would say).
#[must_use]
#[inline]
pub fn fold_key<'b>(key: &str, buf: &'b mut [u8]) -> &'b str {
    let bytes = key.as_bytes();
    let Some(out) = buf.get_mut(..bytes.len()) else {
        return "";
    };
    if !key.is_ascii() {
        return "";
    }
    for (to, from) in out.iter_mut().zip(bytes) {
        *to = from.to_ascii_lowercase();
    }
    std::str::from_utf8(out).unwrap_or("")
}

/// Reads a `T` from a wire tree with its one-pass reader (which matches names as its spec
/// says): what a response's `from_wire` does.
///
/// # Errors
///
/// As [`ReadFields::read_fields`].
pub fn from_tree<T: ReadFields>(wire: &WireObject) -> Result<T, DecodeError> {
    T::read_fields(&mut tree::TreeFields::new(wire))
}

#[cfg(test)]
mod tests {
    use super::fold_key;

    #[test]
    fn names_fold_to_lower_case_or_to_nothing() {
        let mut buf = [0_u8; 8];
        assert_eq!(fold_key("PayID", &mut buf), "payid");
        assert_eq!(fold_key("payid", &mut buf), "payid");
        // Longer than every spec name, or not ASCII: matches none.
        assert_eq!(fold_key("TransactionID", &mut buf), "");
        assert_eq!(fold_key("PAYİD", &mut buf), "");
        assert_eq!(fold_key("", &mut buf), "");
    }
}
