//! The wire layer's errors: [`DecodeError`] (with the raw input kept) and
//! [`EncodeError`].
//!
//! Neither prints a value in its `Display`: values may be secrets or personal data. The
//! raw input stays reachable through [`DecodeError::raw`] for whoever decides it is safe
//! to log.

use std::fmt;

/// Why a received message could not be decoded, where, and what the input was.
///
/// `path` is the dotted wire path of the offending field (`payment.amount`,
/// `details.0.key`), empty when the input as a whole is at fault (not JSON, not XML, a bad
/// envelope). `Display` gives `path: problem`, never a value.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub struct DecodeError(Box<Details>);

/// What a [`DecodeError`] holds, boxed so that a `Result` carrying one stays small on the
/// decoders' hot path (every field read returns one).
#[derive(Clone, PartialEq, Eq)]
struct Details {
    path: String,
    problem: DecodeProblem,
    raw: Option<String>,
}

impl DecodeError {
    /// An error about the field at `path` (dotted wire names; `""` for the whole input).
    #[must_use]
    pub fn new(path: impl Into<String>, problem: DecodeProblem) -> Self {
        Self(Box::new(Details {
            path: path.into(),
            problem,
            raw: None,
        }))
    }

    /// An error about the input as a whole.
    #[must_use]
    pub fn input(problem: DecodeProblem) -> Self {
        Self::new(String::new(), problem)
    }

    /// Attaches the raw input (bytes that are not UTF-8 are replaced by U+FFFD), unless
    /// one is attached already.
    #[must_use]
    pub fn with_raw(mut self, raw: impl AsRef<[u8]>) -> Self {
        if self.0.raw.is_none() {
            self.0.raw = Some(String::from_utf8_lossy(raw.as_ref()).into_owned());
        }
        self
    }

    /// Prefixes the path with the name of the object it was found in (used while
    /// unwinding nested decoders: `amount` in `payment` becomes `payment.amount`).
    #[must_use]
    pub fn within(mut self, parent: &str) -> Self {
        self.0.path = if self.0.path.is_empty() {
            parent.to_owned()
        } else {
            format!("{parent}.{}", self.0.path)
        };
        self
    }

    /// Dotted wire path of the offending field; empty for the whole input.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.0.path
    }

    /// What was wrong.
    #[must_use]
    pub fn problem(&self) -> &DecodeProblem {
        &self.0.problem
    }

    /// The raw input the decoder was given, when the decoder had it.
    ///
    /// It may hold secrets or personal data: it is not part of `Display` or `Debug`.
    #[must_use]
    pub fn raw(&self) -> Option<&str> {
        self.0.raw.as_deref()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.path.is_empty() {
            write!(f, "{}", self.0.problem)
        } else {
            write!(f, "{}: {}", self.0.path, self.0.problem)
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("path", &self.0.path)
            .field("problem", &self.0.problem)
            .field(
                "raw",
                &self
                    .0
                    .raw
                    .as_ref()
                    .map(|raw| format!("<{} bytes>", raw.len())),
            )
            .finish()
    }
}

/// What was wrong with a received message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeProblem {
    /// The input is empty (or only white space).
    #[error("the input is empty")]
    Empty,
    /// The input is not UTF-8.
    #[error("the input is not UTF-8 (invalid byte at offset {offset})")]
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The input is not JSON.
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message (it names no value).
        message: String,
    },
    /// The input is not well-formed XML.
    #[error("malformed XML at byte {offset}: {message}")]
    Xml {
        /// Byte offset of the error.
        offset: u64,
        /// The parser's message.
        message: String,
    },
    /// The SOAP body holds a fault instead of the response.
    #[error("SOAP fault {code}: {message}")]
    SoapFault {
        /// `faultcode`.
        code: String,
        /// `faultstring`.
        message: String,
    },
    /// The document's response element is not the expected one.
    #[error("expected element {expected}, found {found}")]
    UnexpectedElement {
        /// The element wanted.
        expected: String,
        /// The element found (local name).
        found: String,
    },
    /// Objects nest deeper than the decoder allows.
    #[error("nested more than {limit} levels deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// The input is larger than the decoders read ([`super::MAX_INPUT`]).
    #[error("the input is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The message holds more names and list items than the decoders read
    /// ([`super::MAX_ENTRIES`], counted through the whole tree).
    #[error("the message holds more than the limit of {limit} entries (names and list items)")]
    TooManyEntries {
        /// The limit.
        limit: usize,
    },
    /// The Computop `Len`/`Data` envelope could not be opened.
    #[cfg(feature = "blowfish-envelope")]
    #[error("{0}")]
    Envelope(crate::computop_crypto::EnvelopeError),
    /// A mandatory field is missing.
    #[error("missing")]
    Missing,
    /// The value has the wrong JSON type.
    #[error("expected {expected}, found {found}")]
    WrongType {
        /// What the field holds (`text`, `integer`, `object`, ...).
        expected: &'static str,
        /// What arrived.
        found: &'static str,
    },
    /// The value is not an integer in the field's range.
    #[error("not an integer in the range of {range}")]
    NotAnInteger {
        /// `u64` or `i64`.
        range: &'static str,
    },
    /// The value is not one of the values a closed set allows (a request field).
    #[error("not one of the allowed values ({allowed})")]
    NotAllowed {
        /// The allowed values, `, ` separated.
        allowed: &'static str,
    },
    /// The value is not an ISO 4217 code of the field's form (never kept as another value:
    /// an app must not see a wrong currency).
    #[error("not an {expected}")]
    NotACurrency {
        /// `ISO 4217 alphabetic code` or `ISO 4217 numeric code`.
        expected: &'static str,
    },
    /// The value is not a calendar date (and time) laid out by the field's mask.
    #[error("not a date of the format {format}")]
    NotADate {
        /// The format (`date(DD/MM/YYYY hh:mm)`).
        format: &'static str,
    },
    /// The value is not `true` or `false`.
    #[error("not a boolean (true or false)")]
    NotABoolean,
    /// A name is given both as a value and as an object (`{"payment": 1,
    /// "payment.amount": 2}`), or a dotted name has an empty part.
    #[error("{0}")]
    BadName(String),
    /// A name is given more than once in one object (JSON key, form or query key in the
    /// transport's case rule, or a repeated XML element that is not a list). Parsers
    /// disagree on which of the values wins, so the message is ambiguous and refused.
    #[error("given more than once")]
    Duplicate,
    /// The top level is not an object.
    #[error("the top level is {found}, not an object")]
    NotAnObject {
        /// What it is.
        found: &'static str,
    },
}

/// Why a message could not be put on the wire.
///
/// Like [`DecodeError`], it names the field, never its value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.path, .problem))]
pub struct EncodeError {
    /// Dotted wire path of the offending field; empty for the message as a whole.
    pub path: String,
    /// What was wrong.
    pub problem: EncodeProblem,
}

fn describe(path: &str, problem: &EncodeProblem) -> String {
    if path.is_empty() {
        problem.to_string()
    } else {
        format!("{path}: {problem}")
    }
}

impl EncodeError {
    /// An error about the field at `path`.
    #[must_use]
    pub fn new(path: impl Into<String>, problem: EncodeProblem) -> Self {
        Self {
            path: path.into(),
            problem,
        }
    }
}

/// What was wrong with a message to encode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeProblem {
    /// The transport is flat (form, query) and the value is an object or a list.
    #[error("a {found} cannot travel in a flat key=value body")]
    NotFlat {
        /// `object` or `list`.
        found: &'static str,
    },
    /// Computop's payload has no escape: a value holding `&` would split into another
    /// parameter.
    #[error("the value holds '&', which Computop's key=value payload cannot carry")]
    Ampersand,
    /// A name is empty or holds `=` or `&` (flat bodies), or is not an XML name (SOAP).
    #[error("not a valid parameter or element name")]
    BadName,
    /// A list holds a list directly (no wire format here carries that).
    #[error("a list of lists cannot be encoded")]
    NestedList,
    /// The value holds a character XML 1.0 cannot carry (a control character).
    #[error("the value holds a character XML cannot carry")]
    NotXmlText,
    /// Objects nest deeper than the encoder allows.
    #[error("nested more than {limit} levels deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// The Blowfish key cannot be used.
    #[error("{0}")]
    Key(String),
}
