//! Reading typed values out of a [`WireObject`]: what the generated `from_wire` calls.
//!
//! Decoding is lenient about what providers vary on and strict about what would lose
//! data: a text field takes text or a number's digits; an integer field takes a number
//! or text of digits, and a value out of range is an error naming the field (silently
//! dropping an amount would be worse); `null` is absent; unknown names are ignored (the
//! [`WireObject`] still holds them). Lengths and character classes are not checked here:
//! that is `validate()`'s job.
//!
//! Never ambiguous: a field that does not repeat but is given twice is
//! [`DecodeProblem::Duplicate`] (see [`Fields::one`]), and a number with a fraction or an
//! exponent (`1000.5`, `1e3`, `1000.0`) is [`DecodeProblem::NotAnInteger`] in an integer
//! field, never rounded or truncated. The typed decoders (`from_wire`, `from_json`, ...)
//! return these errors at the field's dotted path; a request read to be validated
//! ([`super::ReadMode::Collect`], what `pspec validate` does) reports the fraction as a
//! `charset` violation of the field instead, with the integer format as limit, next to
//! every other violation.

use std::collections::BTreeMap;

use super::error::{DecodeError, DecodeProblem};
use super::value::{KeyCase, WireObject, WireValue};

/// The fields of one object, with the dotted path errors are reported under and the key
/// matching rule of the transport.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a> {
    object: &'a WireObject,
    case: KeyCase,
    path: &'a str,
}

impl<'a> Fields<'a> {
    /// Reads `object`, found at dotted `path` (`""` for the message), matching names under
    /// `case`.
    #[must_use]
    pub fn new(object: &'a WireObject, case: KeyCase, path: &'a str) -> Self {
        Self { object, case, path }
    }

    /// The key matching rule.
    #[must_use]
    pub fn case(&self) -> KeyCase {
        self.case
    }

    /// The dotted path of the field `name` of this object.
    #[must_use]
    pub fn path_of(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    fn error(&self, name: &str, problem: DecodeProblem) -> DecodeError {
        DecodeError::new(self.path_of(name), problem)
    }

    /// The value named `name`, `null` counting as absent.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&'a WireValue> {
        self.object
            .get_with(name, self.case)
            .filter(|value| !value.is_null())
    }

    /// The one value named `name` (`null` counting as absent), for a field that does not
    /// repeat.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::Duplicate`] when the name is given more than once: a SOAP element
    /// repeated where the spec has no list (JSON and form bodies are refused earlier, by
    /// their parsers). Taking the first would let the app and a log viewer that takes the
    /// last see different messages.
    pub fn one(&self, name: &str) -> Result<Option<&'a WireValue>, DecodeError> {
        let object: &'a WireObject = self.object;
        let mut all = object
            .iter()
            .filter(|(key, _)| self.case.matches(key, name))
            .map(|(_, value)| value);
        let first = all.next();
        if all.next().is_some() {
            return Err(self.error(name, DecodeProblem::Duplicate));
        }
        Ok(first.filter(|value| !value.is_null()))
    }

    /// A text field: text, or the digits of a number, or `true`/`false`.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for an object or a list; [`DecodeProblem::Duplicate`]
    /// (see [`Fields::one`]).
    pub fn text(&self, name: &str) -> Result<Option<String>, DecodeError> {
        match self.one(name)? {
            None => Ok(None),
            Some(value) => value
                .scalar_text()
                .map(|text| Some(text.into_owned()))
                .ok_or_else(|| self.wrong_type(name, "text", value)),
        }
    }

    fn wrong_type(&self, name: &str, expected: &'static str, value: &WireValue) -> DecodeError {
        self.error(
            name,
            DecodeProblem::WrongType {
                expected,
                found: value.kind(),
            },
        )
    }

    /// A non-negative integer field (`n` formats carried as integers): a number, or text
    /// of decimal digits (surrounding white space ignored).
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotAnInteger`] when it is not an integer in `u64`'s range,
    /// [`DecodeProblem::WrongType`] for a boolean, an object or a list.
    pub fn unsigned(&self, name: &str) -> Result<Option<u64>, DecodeError> {
        self.integer(name, "u64", unsigned_digits)
    }

    /// A signed integer field (`int64`): a number, or text of an optional `-` and decimal
    /// digits.
    ///
    /// # Errors
    ///
    /// As [`Fields::unsigned`], for `i64`'s range.
    pub fn signed(&self, name: &str) -> Result<Option<i64>, DecodeError> {
        self.integer(name, "i64", signed_digits)
    }

    fn integer<T>(
        &self,
        name: &str,
        range: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, DecodeError> {
        match self.one(name)? {
            None => Ok(None),
            Some(value @ (WireValue::Text(_) | WireValue::Number(_))) => value
                .as_str()
                .and_then(parse)
                .map(Some)
                .ok_or_else(|| self.error(name, DecodeProblem::NotAnInteger { range })),
            Some(value) => Err(self.wrong_type(name, "integer", value)),
        }
    }

    /// A boolean field: a JSON boolean, or the text `true` or `false` in any case.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotABoolean`] for other text, [`DecodeProblem::WrongType`] for a
    /// number, an object or a list.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, DecodeError> {
        match self.one(name)? {
            None => Ok(None),
            Some(WireValue::Bool(value)) => Ok(Some(*value)),
            Some(WireValue::Text(text)) => match text.trim() {
                t if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
                t if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
                _ => Err(self.error(name, DecodeProblem::NotABoolean)),
            },
            Some(value) => Err(self.wrong_type(name, "boolean", value)),
        }
    }

    /// A nested object. An XML element holding only white space (or nothing) reads as an
    /// empty object.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for anything else.
    pub fn object(&self, name: &str) -> Result<Option<&'a WireObject>, DecodeError> {
        static EMPTY: WireObject = WireObject::new();
        match self.one(name)? {
            None => Ok(None),
            Some(WireValue::Object(object)) => Ok(Some(object)),
            Some(WireValue::Text(text)) if text.trim().is_empty() => Ok(Some(&EMPTY)),
            Some(value) => Err(self.wrong_type(name, "object", value)),
        }
    }

    /// The items of a list field: the items of a JSON array, or every entry of the name
    /// (a repeated XML element), in order; `null` items are left out. Each item comes with
    /// its dotted path (`details.0`).
    #[must_use]
    pub fn list(&self, name: &'a str) -> Vec<(String, &'a WireValue)> {
        let base = self.path_of(name);
        let mut items = Vec::new();
        for value in self.object.get_all(name, self.case) {
            match value {
                WireValue::List(inner) => items.extend(inner.iter()),
                WireValue::Null => {}
                other => items.push(other),
            }
        }
        items
            .into_iter()
            .filter(|item| !item.is_null())
            .enumerate()
            .map(|(index, item)| (format!("{base}.{index}"), item))
            .collect()
    }

    /// A string map (`type: map`): every entry of an object as text.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] when the field or one of its entries is not
    /// text-like.
    pub fn map(&self, name: &str) -> Result<Option<BTreeMap<String, String>>, DecodeError> {
        let Some(object) = self.object(name)? else {
            return Ok(None);
        };
        let inner = Fields::new(object, KeyCase::Exact, "");
        // A `BTreeMap` would keep the last of two equal keys without a word.
        if let Some(key) = object.first_duplicate(KeyCase::Exact) {
            return Err(inner
                .error(key, DecodeProblem::Duplicate)
                .within(&self.path_of(name)));
        }
        let mut map = BTreeMap::new();
        for (key, value) in object.iter() {
            if value.is_null() {
                continue;
            }
            let text = value.scalar_text().ok_or_else(|| {
                inner
                    .wrong_type(key, "text", value)
                    .within(&self.path_of(name))
            })?;
            map.insert(key.to_owned(), text.into_owned());
        }
        Ok(Some(map))
    }
}

/// An unsigned integer from text of decimal digits (surrounding white space ignored), as
/// every reader takes it: `u64::from_str` would take a leading `+`, which the wire never has.
pub(crate) fn unsigned_digits(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A signed integer from text of an optional `-` and decimal digits (white space ignored).
pub(crate) fn signed_digits(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// A list item as text (see [`Fields::text`]), at `path`.
///
/// # Errors
///
/// [`DecodeProblem::WrongType`] for an object or a list.
pub fn item_text(path: &str, value: &WireValue) -> Result<String, DecodeError> {
    value
        .scalar_text()
        .map(|text| text.into_owned())
        .ok_or_else(|| {
            DecodeError::new(
                path,
                DecodeProblem::WrongType {
                    expected: "text",
                    found: value.kind(),
                },
            )
        })
}

/// A list item as an object, at `path`.
///
/// # Errors
///
/// [`DecodeProblem::WrongType`] for anything but an object (white-space text reads as
/// an empty object, as in [`Fields::object`]).
pub fn item_object<'a>(path: &str, value: &'a WireValue) -> Result<&'a WireObject, DecodeError> {
    static EMPTY: WireObject = WireObject::new();
    match value {
        WireValue::Object(object) => Ok(object),
        WireValue::Text(text) if text.trim().is_empty() => Ok(&EMPTY),
        other => Err(DecodeError::new(
            path,
            DecodeProblem::WrongType {
                expected: "object",
                found: other.kind(),
            },
        )),
    }
}
