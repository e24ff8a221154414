//! GET query strings (`transport: query`) over [`WireObject`].
//!
//! Percent-encoding is done here rather than with the Computop helpers so that a build
//! without the `computop` feature has it too.

use super::error::{DecodeError, EncodeError, EncodeProblem};
use super::value::{KeyCase, WireObject, WireValue};

/// `key=value&key=value` with every byte outside RFC 3986's unreserved set
/// (`A-Z a-z 0-9 - . _ ~`) percent-encoded; `null` entries left out.
///
/// # Errors
///
/// [`EncodeProblem::NotFlat`] for an object or list value, [`EncodeProblem::BadName`]
/// for an empty name.
pub fn to_query(object: &WireObject) -> Result<String, EncodeError> {
    let mut out = String::new();
    for (name, value) in object.iter() {
        if name.is_empty() {
            return Err(EncodeError::new(name, EncodeProblem::BadName));
        }
        let text = match value {
            WireValue::Null => continue,
            WireValue::Object(_) | WireValue::List(_) => {
                return Err(EncodeError::new(
                    name,
                    EncodeProblem::NotFlat {
                        found: value.kind(),
                    },
                ));
            }
            scalar => scalar.scalar_text().unwrap_or_default(),
        };
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode_into(&mut out, name);
        out.push('=');
        percent_encode_into(&mut out, &text);
    }
    Ok(out)
}

/// Percent-encodes every byte outside RFC 3986's unreserved set.
#[must_use]
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode_into(&mut out, text);
    out
}

fn percent_encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            // Both nibbles are below 16, so `get` always finds a digit.
            for nibble in [byte >> 4, byte & 0x0F] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
}

/// A flat object of text values from a query string or form body: split on `&` and the
/// first `=`, `+` read as a space, `%XX` decoded (a `%` without two hex digits is kept as
/// is; bytes that do not form UTF-8 become U+FFFD). A leading `?` is ignored; empty
/// segments are skipped; order and key spelling are kept.
///
/// # Errors
///
/// [`super::DecodeProblem::NotUtf8`] when the input itself is not UTF-8;
/// [`super::DecodeProblem::TooLarge`] or [`super::DecodeProblem::TooManyEntries`] past
/// [`super::MAX_INPUT`] bytes or [`super::MAX_ENTRIES`] pairs;
/// [`super::DecodeProblem::Duplicate`] naming a key given twice (exactly; a transport
/// whose keys match in any case checks again with [`WireObject::check_unique`]).
pub fn from_query(input: impl AsRef<[u8]>) -> Result<WireObject, DecodeError> {
    let text = super::utf8(input.as_ref())?;
    let text = text.trim();
    let text = text.strip_prefix('?').unwrap_or(text);
    super::check_pair_count(text).map_err(|err| err.with_raw(input.as_ref()))?;
    let object: WireObject = text
        .split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
            (percent_decode(key), WireValue::Text(percent_decode(value)))
        })
        .collect();
    object
        .check_unique(KeyCase::Exact)
        .map_err(|err| err.with_raw(input.as_ref()))?;
    Ok(object)
}

/// Decodes `+` and `%XX` leniently (see [`from_query`]).
#[must_use]
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|&b| b == b'%' || b == b'+') {
        return text.to_owned();
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    // One allocation when the bytes are UTF-8, as they nearly always are.
    String::from_utf8(out)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

fn hex(digit: Option<&u8>) -> Option<u8> {
    let digit = *digit?;
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}
