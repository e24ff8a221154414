//! A form message (query string, form body, or the decrypted Blowfish payload) as a
//! [`FieldSource`]: the pairs are split as they are read, in one scan of the bytes, each key
//! and value borrowed from the input unless it holds a percent escape, so reading allocates
//! nothing but the values the struct keeps.

use std::borrow::Cow;

use super::{FieldSource, ReadFields, Scalar, Visit};
use crate::wire::MAX_ENTRIES;
use crate::wire::error::{DecodeError, DecodeProblem};

/// One `key=value` segment as found: split on the first `=`, with whether each side holds a
/// `%` or `+` to decode.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segment<'a> {
    pub(crate) key: &'a str,
    pub(crate) value: &'a str,
    key_escaped: bool,
    value_escaped: bool,
}

impl<'a> Segment<'a> {
    /// The key, percent-decoded.
    pub(crate) fn decoded_key(&self) -> Cow<'a, str> {
        decode(self.key, self.key_escaped)
    }

    /// The value, percent-decoded.
    pub(crate) fn decoded_value(&self) -> Cow<'a, str> {
        decode(self.value, self.value_escaped)
    }
}

fn decode(text: &str, escaped: bool) -> Cow<'_, str> {
    if escaped {
        Cow::Owned(crate::wire::query::percent_decode(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// The non-empty segments of a `key=value&...` text, found with SIMD byte searches (a
/// Blowfish `Data` value runs to kilobytes of hex).
#[derive(Clone, Debug)]
pub(crate) struct Segments<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Segments<'a> {
    /// The segments of `text`; a leading `?` is skipped when the text is `encoded`.
    pub(crate) fn new(text: &'a str, encoded: bool) -> Self {
        let text = if encoded {
            text.strip_prefix('?').unwrap_or(text)
        } else {
            text
        };
        Self { text, at: 0 }
    }
}

/// How far a value runs (to the next `&` or the end) and whether it holds a `%` or `+`.
/// Most values are short, where a byte loop beats a search's setup; a long one (`Data`,
/// kilobytes of hex) is searched with SIMD past the first bytes.
#[inline]
fn value_end(rest: &[u8]) -> (usize, bool) {
    const SHORT: usize = 48;
    let mut escaped = false;
    for (at, &byte) in rest.iter().enumerate().take(SHORT) {
        match byte {
            b'&' => return (at, escaped),
            b'%' | b'+' => escaped = true,
            _ => {}
        }
    }
    if rest.len() <= SHORT {
        return (rest.len(), escaped);
    }
    let tail = rest.get(SHORT..).unwrap_or_default();
    let len = SHORT + memchr::memchr(b'&', tail).unwrap_or(tail.len());
    let escaped =
        escaped || memchr::memchr2(b'%', b'+', rest.get(SHORT..len).unwrap_or_default()).is_some();
    (len, escaped)
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() {
            let start = self.at;
            // The key is short: a byte loop to the first `=` (or the end of the segment).
            let mut at = start;
            let mut key_escaped = false;
            while let Some(&byte) = bytes.get(at) {
                match byte {
                    b'&' | b'=' => break,
                    b'%' | b'+' => key_escaped = true,
                    _ => {}
                }
                at += 1;
            }
            let key = self.text.get(start..at).unwrap_or("");
            let (value, value_escaped, end) = if bytes.get(at) == Some(&b'=') {
                let from = at + 1;
                let (len, escaped) = value_end(bytes.get(from..).unwrap_or_default());
                (
                    self.text.get(from..from + len).unwrap_or(""),
                    escaped,
                    from + len,
                )
            } else {
                ("", false, at)
            };
            self.at = end + 1;
            if end == start {
                // An empty segment (`a=1&&b=2`, a trailing `&`).
                continue;
            }
            // `&` and `=` are ASCII, so every cut is on a character boundary.
            return Some(Segment {
                key,
                value,
                key_escaped,
                value_escaped,
            });
        }
        None
    }
}

/// The pairs of a `key=value&...` text, split lazily. Keys and values are percent-decoded
/// (`+` a space, `%XX` a byte) when `encoded`; the decrypted Blowfish payload is not
/// encoded and is read as it is. At most [`MAX_ENTRIES`] pairs are read
/// ([`DecodeProblem::TooManyEntries`] beyond): what is kept of them stays within that.
#[derive(Debug)]
pub struct PairFields<'de> {
    segments: Segments<'de>,
    encoded: bool,
    read: usize,
    current: Option<Cow<'de, str>>,
    /// Stop at a `Data` or `Len` name (the text may be a Blowfish envelope after all, see
    /// `read_clear_or_sealed`).
    watch_envelope: bool,
    saw_envelope: bool,
}

impl<'de> PairFields<'de> {
    /// The pairs of `text` (a leading `?` and empty segments skipped).
    #[must_use]
    pub fn new(text: &'de str, encoded: bool) -> Self {
        Self {
            segments: Segments::new(text, encoded),
            encoded,
            read: 0,
            current: None,
            watch_envelope: false,
            saw_envelope: false,
        }
    }
}

impl<'de> FieldSource<'de> for PairFields<'de> {
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        let Some(segment) = self.segments.next() else {
            return Ok(None);
        };
        self.read += 1;
        if self.read > MAX_ENTRIES {
            return Err(DecodeError::input(DecodeProblem::TooManyEntries {
                limit: MAX_ENTRIES,
            }));
        }
        // Split before decoding: `%26` and `%3D` in a value stay in it.
        if self.encoded {
            let key = segment.decoded_key();
            if self.watch_envelope
                && (key.eq_ignore_ascii_case("Data") || key.eq_ignore_ascii_case("Len"))
            {
                self.saw_envelope = true;
                // Never seen: the caller opens the envelope instead.
                return Err(DecodeError::input(DecodeProblem::Empty));
            }
            self.current = Some(segment.decoded_value());
            Ok(Some(key))
        } else {
            self.current = Some(Cow::Borrowed(segment.value));
            Ok(Some(Cow::Borrowed(segment.key)))
        }
    }

    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        match self.current.take() {
            Some(text) => visit.scalar(Scalar::Text(text)),
            None => visit.scalar(Scalar::Null),
        }
    }
}

/// What a clear text says about its Blowfish envelope: the values of `Data` and `Len` (names
/// in any case, the first of each, decoded), and the number of pairs.
#[cfg(feature = "blowfish-envelope")]
pub(crate) struct EnvelopeParts<'a> {
    pub(crate) data: Option<Cow<'a, str>>,
    pub(crate) len: Option<Cow<'a, str>>,
    pub(crate) pairs: usize,
}

/// Finds the envelope's parts in a clear text; the other pairs are split, not decoded.
#[cfg(feature = "blowfish-envelope")]
pub(crate) fn envelope_parts(text: &str) -> EnvelopeParts<'_> {
    let mut parts = EnvelopeParts {
        data: None,
        len: None,
        pairs: 0,
    };
    for segment in Segments::new(text, true) {
        parts.pairs += 1;
        // Only a three- or four-byte key can be `Len` or `Data` (`%` escapes aside).
        if segment.key.len() > 4 && !segment.key_escaped {
            continue;
        }
        let key = segment.decoded_key();
        if parts.data.is_none() && key.eq_ignore_ascii_case("Data") {
            parts.data = Some(segment.decoded_value());
        } else if parts.len.is_none() && key.eq_ignore_ascii_case("Len") {
            parts.len = Some(segment.decoded_value());
        }
    }
    parts
}

/// The decoded names of a clear text's pairs.
#[cfg(feature = "blowfish-envelope")]
pub(crate) fn clear_names(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    Segments::new(text, true).map(|segment| segment.decoded_key())
}

/// Refuses a name given twice among `names` under `case` ([`DecodeProblem::Duplicate`]), in
/// time linear in their number (the unlisted names' check, without copies for a few).
///
/// # Errors
///
/// [`DecodeProblem::Duplicate`] naming the second occurrence.
#[cfg(feature = "blowfish-envelope")]
pub(crate) fn check_unique_names<'a>(
    names: impl Iterator<Item = Cow<'a, str>>,
    case: crate::wire::KeyCase,
) -> Result<(), DecodeError> {
    let mut seen = super::unlisted::Names::default();
    for name in names {
        if !seen.first_time(&name, case) {
            return Err(DecodeError::new(&*name, DecodeProblem::Duplicate));
        }
    }
    Ok(())
}

/// Reads a `T` from the pairs of `text` (see [`PairFields`]).
///
/// # Errors
///
/// What `T`'s reader returns (names given twice, values the type cannot hold), or
/// [`DecodeProblem::TooManyEntries`].
pub fn read_pairs<T: ReadFields>(text: &str, encoded: bool) -> Result<T, DecodeError> {
    T::read_fields(&mut PairFields::new(text, encoded))
}

/// Reads a `T` from a clear text in one pass, unless it holds a `Data` or `Len` name:
/// `Ok(None)` then, and the caller opens the Blowfish envelope, or reads the text again when
/// there is no `Data` after all (a notify in clear is read without a second scan; a sealed
/// one is found at its `Len` or `Data`).
///
/// # Errors
///
/// As [`read_pairs`].
#[cfg(feature = "blowfish-envelope")]
pub(crate) fn read_clear_or_sealed<T: ReadFields>(text: &str) -> Result<Option<T>, DecodeError> {
    let mut pairs = PairFields::new(text, true);
    pairs.watch_envelope = true;
    let read = T::read_fields(&mut pairs);
    // A field refused before a `Data` name further on: the envelope is what counts (its clear
    // neighbours are not read), so look for one before reporting.
    if pairs.saw_envelope || (read.is_err() && envelope_parts(text).data.is_some()) {
        return Ok(None);
    }
    read.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str, encoded: bool) -> Vec<(String, String)> {
        Segments::new(text, encoded)
            .map(|s| match encoded {
                true => (s.decoded_key().into_owned(), s.decoded_value().into_owned()),
                false => (s.key.to_owned(), s.value.to_owned()),
            })
            .collect()
    }

    #[test]
    fn segments_split_as_the_tree_decoders_do() {
        let own = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        assert_eq!(
            split("?a=1&&b=x%3Dy+z&c&=v&d=1=2&", true),
            own(&[
                ("a", "1"),
                ("b", "x=y z"),
                ("c", ""),
                ("", "v"),
                ("d", "1=2")
            ])
        );
        // The decrypted payload is not percent-encoded, and `?` is an ordinary byte there.
        assert_eq!(
            split("?a=x%3D+&b=2", false),
            own(&[("?a", "x%3D+"), ("b", "2")])
        );
        // A value longer than the byte loop's reach: its end and escapes found by search.
        let long = format!("{}%41{}", "0".repeat(60), "1".repeat(60));
        let text = format!("Data={long}&Len=3");
        let decoded = format!("{}A{}", "0".repeat(60), "1".repeat(60));
        assert_eq!(
            split(&text, true),
            own(&[("Data", decoded.as_str()), ("Len", "3")])
        );
        let plain = "f".repeat(100);
        assert_eq!(
            split(&format!("Data={plain}"), true),
            own(&[("Data", plain.as_str())])
        );
    }

    #[test]
    #[cfg(feature = "blowfish-envelope")]
    fn a_clear_notify_is_read_unless_it_holds_data() {
        let read = |text: &str| read_clear_or_sealed::<Names>(text).map(|n| n.map(|n| n.0));
        assert_eq!(read("a=1&b=2"), Ok(Some(vec!["a".into(), "b".into()])));
        assert_eq!(read("a=1&DATA=00&Len=1"), Ok(None));
        // `Len` alone: the caller looks for `Data`, finds none and reads the text in clear.
        assert_eq!(read("a=1&Len=1"), Ok(None));
        let clear = crate::wire::form::read_unverified_sealed::<Names>(
            b"a=1&Len=1",
            &crate::computop_crypto::Cipher::new(&crate::computop_crypto::BlowfishKey::new(
                "X*b89Q=eG!s23rJ[",
            ))
            .expect("a 16-byte key"),
            crate::wire::KeyCase::Insensitive,
        );
        assert_eq!(clear.map(|n| n.0), Ok(vec!["a".into(), "Len".into()]));
    }

    /// Every name, in order.
    #[cfg(feature = "blowfish-envelope")]
    struct Names(Vec<String>);

    #[cfg(feature = "blowfish-envelope")]
    impl ReadFields for Names {
        fn read_fields<'de, S: FieldSource<'de>>(source: &mut S) -> Result<Self, DecodeError> {
            let mut names = Vec::new();
            while let Some(key) = source.next_key()? {
                source.value(super::super::Capture::default())?;
                names.push(key.into_owned());
            }
            Ok(Names(names))
        }
    }
}
