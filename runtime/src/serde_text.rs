//! Serde support for the generated value types (feature `serde`): every enum and return code
//! is serialized as its wire text and read back from it, so a serialized message uses the same
//! words the provider does. The generated structs derive serde themselves, with their wire
//! names; only the text types need this helper.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

/// Reads a string and parses it with `parse`; a parse error becomes the deserializer's error
/// (its message names the type and the allowed values, never the text). Borrowed and
/// transient strings are parsed in place, without an intermediate `String`.
pub fn deserialize_text<'de, D, T, E>(
    deserializer: D,
    parse: fn(&str) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: fmt::Display,
{
    struct Text<T, E>(fn(&str) -> Result<T, E>, PhantomData<fn() -> T>);

    impl<T, E: fmt::Display> Visitor<'_> for Text<T, E> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<Er: de::Error>(self, text: &str) -> Result<T, Er> {
            (self.0)(text).map_err(Er::custom)
        }
    }

    deserializer.deserialize_str(Text(parse, PhantomData))
}

/// Reads a text field whose value the spec fixes (`fixed:`): the fixed value, or an error
/// naming it (never the text read). What the generated structs' `deserialize_with` calls, so
/// that a deserialized request holds its fixed value like a constructed one.
pub fn deserialize_fixed<'de, D>(deserializer: D, fixed: &'static str) -> Result<String, D::Error>
where
    D: Deserializer<'de>,
{
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    if text == fixed {
        Ok(text)
    } else {
        Err(de::Error::custom(format_args!(
            "a value other than the fixed value `{fixed}`"
        )))
    }
}

/// [`deserialize_fixed`] for an optional field: absent, `null` or empty reads as `None`.
pub fn deserialize_fixed_option<'de, D>(
    deserializer: D,
    fixed: &'static str,
) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    match <Option<String> as serde::Deserialize>::deserialize(deserializer)? {
        Some(text) if text.is_empty() => Ok(None),
        Some(text) if text != fixed => Err(de::Error::custom(format_args!(
            "a value other than the fixed value `{fixed}`"
        ))),
        other => Ok(other),
    }
}

// Extras (feature `serde`, which turns on `json` for the wire values' own serde impls:
// bounded, key order kept, see `wire::json`): an object's members, so that a request's or a
// response's `extras` serialize beside its spec fields (`#[serde(flatten)]`) and read back.

use serde::ser::{Serialize, Serializer};

use crate::extras::Extras;
use crate::wire::WireValue;

impl Serialize for Extras {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for Extras {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match WireValue::deserialize(deserializer)? {
            WireValue::Object(object) => {
                let mut extras = Extras::new();
                for (name, value) in object.iter() {
                    extras.set(name, value.clone());
                }
                Ok(extras)
            }
            WireValue::Null => Ok(Extras::new()),
            other => Err(de::Error::custom(format_args!(
                "extra fields as an object, not {}",
                other.kind()
            ))),
        }
    }
}
