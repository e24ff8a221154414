//! The fast path of [`super::json::read_json`]: a small JSON reader for the shapes provider
//! answers have (objects, lists, strings, integers, `true`/`false`/`null`), feeding the
//! generated reader directly.
//!
//! It is deliberately partial and never the judge of what is malformed: at anything it does
//! not read itself (a fraction or exponent, an integer out of range, `-0`, a bad escape, a
//! control character, nesting past serde_json's 128 levels, trailing text, any syntax
//! error) it gives up, and the caller reads the body again through serde_json
//! ([`super::json`]), which accepts or refuses it and words the error. So this path accepts
//! nothing serde_json refuses, and gives the same values for what it reads.

use std::borrow::Cow;

use super::{FieldSource, ItemSource, ReadFields, Scalar, Visit};
use crate::wire::MAX_ENTRIES;
use crate::wire::error::{DecodeError, DecodeProblem};

/// serde_json's recursion limit: deeper input is left to serde_json to refuse.
const MAX_NESTING: usize = 128;

/// Where a string's text stops: the offset and byte of its closing quote, its first `\\`, or a
/// control character (which JSON forbids in a string). Eight bytes at a time, as serde_json
/// does: a byte is flagged when it equals `"` or `\\` or is below 0x20, and the lowest flag
/// is exact (a borrow only runs upward from a true hit).
#[inline]
fn string_end(rest: &[u8]) -> Option<(usize, u8)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut at = 0;
    while let Some(chunk) = rest.get(at..at + 8) {
        let mut word = [0_u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let flags = zero(v ^ (ONES * u64::from(b'"')))
            | zero(v ^ (ONES * u64::from(b'\\')))
            | (v.wrapping_sub(ONES * 0x20) & !v & HIGH);
        if flags != 0 {
            let hit = at + (flags.trailing_zeros() / 8) as usize;
            return rest.get(hit).map(|&stop| (hit, stop));
        }
        at += 8;
    }
    while let Some(&byte) = rest.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return Some((at, byte));
        }
        at += 1;
    }
    None
}

/// The body being read, shared by every level.
struct Lexer<'de> {
    text: &'de str,
    at: usize,
    depth: usize,
    entries: usize,
    /// Set when this reader gave up: the caller reads the body again through serde_json.
    gave_up: bool,
}

/// What a source returns when the reader gave up (never seen by the app: the caller reads
/// the body again).
fn give_up(lexer: &mut Lexer<'_>) -> DecodeError {
    lexer.gave_up = true;
    DecodeError::input(DecodeProblem::Empty)
}

impl<'de> Lexer<'de> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    #[inline]
    fn skip_white(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `byte` after white space, or gives up.
    #[inline]
    fn expect(&mut self, byte: u8) -> Result<(), DecodeError> {
        self.skip_white();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(give_up(self))
        }
    }

    #[inline]
    fn entry(&mut self) -> Result<(), DecodeError> {
        self.entries += 1;
        if self.entries > MAX_ENTRIES {
            return Err(DecodeError::input(DecodeProblem::TooManyEntries {
                limit: MAX_ENTRIES,
            }));
        }
        Ok(())
    }

    /// A string whose opening quote is at `self.at`: borrowed when it holds no escape.
    #[inline]
    fn string(&mut self) -> Result<Cow<'de, str>, DecodeError> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let Some((len, stop)) = string_end(bytes.get(start..).unwrap_or_default()) else {
            return Err(give_up(self));
        };
        let at = start + len;
        match stop {
            b'"' => {
                self.at = at + 1;
                match self.text.get(start..at) {
                    Some(text) => Ok(Cow::Borrowed(text)),
                    None => Err(give_up(self)),
                }
            }
            b'\\' => self.escaped(start, at),
            // A raw control character, which JSON forbids in a string.
            _ => Err(give_up(self)),
        }
    }

    /// The rest of a string holding escapes: `start` is its first byte, `at` the first `\`.
    fn escaped(&mut self, start: usize, mut at: usize) -> Result<Cow<'de, str>, DecodeError> {
        let bytes = self.text.as_bytes();
        let mut out = String::with_capacity(at - start + 16);
        out.push_str(self.text.get(start..at).unwrap_or(""));
        let mut run = at;
        loop {
            let Some(&byte) = bytes.get(at) else {
                return Err(give_up(self));
            };
            match byte {
                b'"' => {
                    out.push_str(self.text.get(run..at).unwrap_or(""));
                    self.at = at + 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    out.push_str(self.text.get(run..at).unwrap_or(""));
                    let Some(&kind) = bytes.get(at + 1) else {
                        return Err(give_up(self));
                    };
                    at += 2;
                    let plain = match kind {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let Some(c) = self.unicode(&mut at) else {
                                return Err(give_up(self));
                            };
                            c
                        }
                        _ => return Err(give_up(self)),
                    };
                    out.push(plain);
                    run = at;
                }
                0x00..=0x1F => return Err(give_up(self)),
                _ => at += 1,
            }
        }
    }

    /// The character of a `\u` escape whose four hex digits start at `at` (a surrogate pair
    /// takes a second escape); `None` for a lone surrogate or bad digits.
    fn unicode(&self, at: &mut usize) -> Option<char> {
        let hex4 = |from: usize| -> Option<u32> {
            let digits = self.text.get(from..from + 4)?;
            if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            u32::from_str_radix(digits, 16).ok()
        };
        let first = hex4(*at)?;
        *at += 4;
        match first {
            0xD800..=0xDBFF => {
                if self.text.get(*at..*at + 2) != Some("\\u") {
                    return None;
                }
                let second = hex4(*at + 2)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return None;
                }
                *at += 6;
                char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
            }
            0xDC00..=0xDFFF => None,
            other => char::from_u32(other),
        }
    }

    /// An integer at `self.at` (anything else, `-0` included, is left to serde_json).
    fn number(&mut self) -> Result<Scalar<'de>, DecodeError> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let negative = bytes.get(start) == Some(&b'-');
        let digits_from = start + usize::from(negative);
        let mut end = digits_from;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let digits = self.text.get(digits_from..end).unwrap_or("");
        let leading_zero = digits.len() > 1 && digits.starts_with('0');
        let more = matches!(bytes.get(end), Some(b'.' | b'e' | b'E'));
        if digits.is_empty() || leading_zero || more || (negative && digits == "0") {
            return Err(give_up(self));
        }
        self.at = end;
        if negative {
            match self
                .text
                .get(start..end)
                .and_then(|t| t.parse::<i64>().ok())
            {
                Some(value) => Ok(Scalar::Signed(value)),
                None => Err(give_up(self)),
            }
        } else {
            match digits.parse::<u64>() {
                Ok(value) => Ok(Scalar::Unsigned(value)),
                Err(_) => Err(give_up(self)),
            }
        }
    }

    /// `true`, `false` or `null` at `self.at`.
    fn literal(
        &mut self,
        word: &'static str,
        value: Scalar<'de>,
    ) -> Result<Scalar<'de>, DecodeError> {
        if self.text.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(give_up(self))
        }
    }

    /// The value at the cursor, handed to `visit`.
    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        self.skip_white();
        match self.peek() {
            Some(b'"') => {
                let text = self.string()?;
                visit.scalar(Scalar::Text(text))
            }
            Some(b'{') => {
                self.at += 1;
                self.nest()?;
                let mut object = Object {
                    lexer: self,
                    first: true,
                    done: false,
                };
                let value = visit.object(&mut object)?;
                // A reader that stopped early: the rest is read and checked all the same.
                while let Some(_key) = object.next_key()? {
                    object.value(super::Capture::default())?;
                }
                self.depth -= 1;
                Ok(value)
            }
            Some(b'[') => {
                self.at += 1;
                self.nest()?;
                let mut list = List {
                    lexer: self,
                    first: true,
                    done: false,
                };
                let value = visit.list(&mut list)?;
                while list.next_item(super::Capture::default())?.is_some() {}
                self.depth -= 1;
                Ok(value)
            }
            Some(b't') => {
                let value = self.literal("true", Scalar::Bool(true))?;
                visit.scalar(value)
            }
            Some(b'f') => {
                let value = self.literal("false", Scalar::Bool(false))?;
                visit.scalar(value)
            }
            Some(b'n') => {
                let value = self.literal("null", Scalar::Null)?;
                visit.scalar(value)
            }
            Some(b'-' | b'0'..=b'9') => {
                let value = self.number()?;
                visit.scalar(value)
            }
            _ => Err(give_up(self)),
        }
    }

    fn nest(&mut self) -> Result<(), DecodeError> {
        self.depth += 1;
        // The top-level object is level 1; past the tree's limit below it, serde_json's path
        // refuses the body with the limit's error.
        if self.depth > MAX_NESTING.min(crate::wire::MAX_DEPTH + 1) {
            return Err(give_up(self));
        }
        Ok(())
    }
}

/// The entries of an object whose `{` is read.
struct Object<'l, 'de> {
    lexer: &'l mut Lexer<'de>,
    first: bool,
    /// The closing `}` is read.
    done: bool,
}

impl<'de> FieldSource<'de> for Object<'_, 'de> {
    #[inline]
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        if self.done {
            return Ok(None);
        }
        let lexer = &mut *self.lexer;
        lexer.skip_white();
        if lexer.peek() == Some(b'}') {
            lexer.at += 1;
            self.done = true;
            return Ok(None);
        }
        if !std::mem::take(&mut self.first) {
            lexer.expect(b',')?;
            lexer.skip_white();
        }
        if lexer.peek() != Some(b'"') {
            return Err(give_up(lexer));
        }
        let key = lexer.string()?;
        lexer.expect(b':')?;
        lexer.entry()?;
        Ok(Some(key))
    }

    #[inline]
    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        self.lexer.value(visit)
    }
}

/// The items of a list whose `[` is read.
struct List<'l, 'de> {
    lexer: &'l mut Lexer<'de>,
    first: bool,
    done: bool,
}

impl<'de> ItemSource<'de> for List<'_, 'de> {
    fn next_item<V: Visit<'de>>(&mut self, visit: V) -> Result<Option<V::Value>, DecodeError> {
        if self.done {
            return Ok(None);
        }
        let lexer = &mut *self.lexer;
        lexer.skip_white();
        if lexer.peek() == Some(b']') {
            lexer.at += 1;
            self.done = true;
            return Ok(None);
        }
        if !std::mem::take(&mut self.first) {
            lexer.expect(b',')?;
        }
        lexer.entry()?;
        lexer.value(visit).map(Some)
    }
}

/// Reads a `T` from `text` on the fast path: `Ok(None)` when it gave up (read it again
/// through serde_json).
///
/// # Errors
///
/// A field's problem at its dotted path, or [`DecodeProblem::TooManyEntries`].
#[inline]
pub(super) fn read<T: ReadFields>(text: &str) -> Result<Option<T>, DecodeError> {
    let mut lexer = Lexer {
        text,
        at: 0,
        depth: 0,
        entries: 0,
        gave_up: false,
    };
    lexer.skip_white();
    if lexer.peek() != Some(b'{') {
        return Ok(None);
    }
    lexer.at += 1;
    lexer.depth = 1;
    let mut object = Object {
        lexer: &mut lexer,
        first: true,
        done: false,
    };
    let read = T::read_fields(&mut object).and_then(|value| {
        // A reader that stopped early: the rest is read and checked all the same.
        while let Some(_key) = object.next_key()? {
            object.value(super::Capture::default())?;
        }
        Ok(value)
    });
    if lexer.gave_up {
        return Ok(None);
    }
    let value = read?;
    lexer.skip_white();
    if lexer.at != text.len() {
        // Trailing text: serde_json words the error.
        return Ok(None);
    }
    Ok(Some(value))
}
