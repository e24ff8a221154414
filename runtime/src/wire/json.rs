//! JSON bodies (Adyen) over [`WireObject`], keeping key order both ways.
//!
//! The serde impls here are written by hand rather than going through
//! `serde_json::Value`: `Value`'s map sorts keys unless serde_json's `preserve_order`
//! feature is on, and turning that feature on would change the key order of every other
//! crate in the build that uses serde_json. A visitor sees the keys in document order, so
//! the tree keeps it, duplicates included.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::MAX_ENTRIES;
use super::error::{DecodeError, DecodeProblem};
use super::value::{KeyCase, WireNumber, WireObject, WireValue};

impl Serialize for WireValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            WireValue::Null => serializer.serialize_unit(),
            WireValue::Bool(value) => serializer.serialize_bool(*value),
            WireValue::Number(number) => serialize_number(number, serializer),
            WireValue::Text(text) => serializer.serialize_str(text),
            WireValue::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            WireValue::Object(object) => object.serialize(serializer),
        }
    }
}

/// Writes the number in the narrowest form that holds it exactly. Without serde_json's
/// `arbitrary_precision` the text cannot be written verbatim; an integer goes out
/// unchanged, a fraction through `f64`.
fn serialize_number<S: Serializer>(number: &WireNumber, serializer: S) -> Result<S::Ok, S::Error> {
    if let Some(value) = number.as_i64() {
        serializer.serialize_i64(value)
    } else if let Some(value) = number.as_u64() {
        serializer.serialize_u64(value)
    } else {
        serializer.serialize_f64(number.as_f64().unwrap_or(0.0))
    }
}

impl Serialize for WireObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// The entries a parse has read so far, and whether [`MAX_ENTRIES`] stopped it (serde's
/// errors are text; the limit is read back from here to give a typed [`DecodeProblem`]).
///
/// Nesting needs no count here: serde_json stops at 128 levels (its recursion limit), and
/// [`WireValue::check_unique`] refuses more than [`super::MAX_DEPTH`] with the path.
#[derive(Default)]
struct Budget {
    entries: Cell<usize>,
    hit: Cell<bool>,
}

impl Budget {
    /// Counts one name or list item; fails past [`MAX_ENTRIES`] so that the parse stops
    /// before the tree grows any further.
    fn entry<E: de::Error>(&self) -> Result<(), E> {
        let entries = self.entries.get() + 1;
        self.entries.set(entries);
        if entries > MAX_ENTRIES {
            self.hit.set(true);
            return Err(E::custom(Self::PROBLEM));
        }
        Ok(())
    }

    const PROBLEM: DecodeProblem = DecodeProblem::TooManyEntries { limit: MAX_ENTRIES };
}

/// Reads one value under a [`Budget`].
#[derive(Clone, Copy)]
struct ValueSeed<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = WireValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<WireValue, D::Error> {
        deserializer.deserialize_any(ValueVisitor(self.0))
    }
}

struct ValueVisitor<'b>(&'b Budget);

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = WireValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<WireValue, E> {
        Ok(WireValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<WireValue, E> {
        Ok(WireValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<WireValue, D::Error> {
        ValueSeed(self.0).deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<WireValue, E> {
        Ok(WireValue::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<WireValue, E> {
        Ok(WireValue::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<WireValue, E> {
        Ok(WireValue::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<WireValue, E> {
        WireNumber::from_f64(value)
            .map(WireValue::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<WireValue, E> {
        Ok(WireValue::Text(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<WireValue, E> {
        Ok(WireValue::Text(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<WireValue, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element_seed(ValueSeed(self.0))? {
            self.0.entry()?;
            items.push(item);
        }
        Ok(WireValue::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WireValue, A::Error> {
        let mut object = WireObject::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(name) = map.next_key::<String>()? {
            self.0.entry()?;
            let value = map.next_value_seed(ValueSeed(self.0))?;
            object.push(name, value);
        }
        Ok(WireValue::Object(object))
    }
}

/// Any JSON value of at most [`MAX_ENTRIES`] entries (counted afresh for each value
/// deserialized this way).
impl<'de> Deserialize<'de> for WireValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueSeed(&Budget::default()).deserialize(deserializer)
    }
}

impl<'de> Deserialize<'de> for WireObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match WireValue::deserialize(deserializer)? {
            WireValue::Object(object) => Ok(object),
            other => Err(de::Error::custom(format_args!(
                "expected an object, found {}",
                other.kind()
            ))),
        }
    }
}

/// The object as compact JSON, keys in the object's order.
#[must_use]
pub fn to_json(object: &WireObject) -> String {
    // Serializing a tree of strings, numbers and maps with string keys cannot fail.
    serde_json::to_string(object).unwrap_or_default()
}

/// The object as indented JSON (two spaces), keys in the object's order.
#[must_use]
pub fn to_json_pretty(object: &WireObject) -> String {
    serde_json::to_string_pretty(object).unwrap_or_default()
}

/// Any JSON value from text.
///
/// # Errors
///
/// [`DecodeProblem::Empty`], [`DecodeProblem::NotUtf8`] or [`DecodeProblem::Json`] (line,
/// column, message; serde_json also stops nesting deeper than 128 levels), with the raw
/// input attached; [`DecodeProblem::TooLarge`] or [`DecodeProblem::TooManyEntries`] past a
/// limit (the parse stops there); [`DecodeProblem::Duplicate`] at the dotted path of a key given twice in
/// one object (serde_json and most parsers keep the last, our tree the first: the message
/// is ambiguous either way).
pub fn value_from_json(input: impl AsRef<[u8]>) -> Result<WireValue, DecodeError> {
    let raw = input.as_ref();
    let text = super::utf8(raw)?;
    if text.trim().is_empty() {
        return Err(DecodeError::input(DecodeProblem::Empty).with_raw(raw));
    }
    let budget = Budget::default();
    let mut parser = serde_json::Deserializer::from_str(text);
    let value = ValueSeed(&budget)
        .deserialize(&mut parser)
        .and_then(|value| parser.end().map(|()| value))
        .map_err(|err| {
            // A limit is reported as itself, not as malformed JSON.
            if budget.hit.get() {
                return DecodeError::input(Budget::PROBLEM).with_raw(raw);
            }
            DecodeError::input(DecodeProblem::Json {
                line: err.line(),
                column: err.column(),
                message: json_message(&err),
            })
            .with_raw(raw)
        })?;
    value
        .check_unique(KeyCase::Exact)
        .map_err(|err| err.with_raw(raw))?;
    Ok(value)
}

/// A JSON object from text (a response body, a request written as JSON).
///
/// # Errors
///
/// As [`value_from_json`], and [`DecodeProblem::NotAnObject`] when the top level is not
/// an object.
pub fn from_json(input: impl AsRef<[u8]>) -> Result<WireObject, DecodeError> {
    let raw = input.as_ref();
    match value_from_json(raw)? {
        WireValue::Object(object) => Ok(object),
        other => Err(DecodeError::input(DecodeProblem::NotAnObject {
            found: other.kind(),
        })
        .with_raw(raw)),
    }
}

/// serde_json's message without its ` at line L column C` tail (the position is kept in
/// separate fields).
fn json_message(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}
