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

/// Percent-encodes `text` into `out` (see [`percent_encode_checked`]).
#[inline]
pub(crate) fn percent_encode_into(out: &mut String, text: &str) {
    percent_encode_checked(out, text, false, false);
}

/// Per byte, whether it travels as it is in a percent-encoded pair: RFC 3986's unreserved
/// set (`A-Z a-z 0-9 - . _ ~`). A table: one load per byte.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated while compiling: an index out of range fails the build, never a run"
)]
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// `%XX` of every byte, in order: byte `b`'s escape is `PERCENT[3 * b..3 * b + 3]`.
const PERCENT: &str = "\
    %00%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F\
    %10%11%12%13%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F\
    %20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2D%2E%2F\
    %30%31%32%33%34%35%36%37%38%39%3A%3B%3C%3D%3E%3F\
    %40%41%42%43%44%45%46%47%48%49%4A%4B%4C%4D%4E%4F\
    %50%51%52%53%54%55%56%57%58%59%5A%5B%5C%5D%5E%5F\
    %60%61%62%63%64%65%66%67%68%69%6A%6B%6C%6D%6E%6F\
    %70%71%72%73%74%75%76%77%78%79%7A%7B%7C%7D%7E%7F\
    %80%81%82%83%84%85%86%87%88%89%8A%8B%8C%8D%8E%8F\
    %90%91%92%93%94%95%96%97%98%99%9A%9B%9C%9D%9E%9F\
    %A0%A1%A2%A3%A4%A5%A6%A7%A8%A9%AA%AB%AC%AD%AE%AF\
    %B0%B1%B2%B3%B4%B5%B6%B7%B8%B9%BA%BB%BC%BD%BE%BF\
    %C0%C1%C2%C3%C4%C5%C6%C7%C8%C9%CA%CB%CC%CD%CE%CF\
    %D0%D1%D2%D3%D4%D5%D6%D7%D8%D9%DA%DB%DC%DD%DE%DF\
    %E0%E1%E2%E3%E4%E5%E6%E7%E8%E9%EA%EB%EC%ED%EE%EF\
    %F0%F1%F2%F3%F4%F5%F6%F7%F8%F9%FA%FB%FC%FD%FE%FF";

/// Percent-encodes every byte outside RFC 3986's unreserved set (uppercase hex), copying
/// unreserved runs whole. Stops and returns `true` at an `=` when `refuse_equals`, or an
/// `&` when `refuse_ampersand` (both are escaped bytes, so the check costs nothing on the
/// unreserved runs); `false` when all of `text` was written.
#[inline]
pub(crate) fn percent_encode_checked(
    out: &mut String,
    text: &str,
    refuse_equals: bool,
    refuse_ampersand: bool,
) -> bool {
    let mut start = 0;
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if UNRESERVED.get(usize::from(byte)).copied().unwrap_or(false) {
            continue;
        }
        if (refuse_equals && byte == b'=') || (refuse_ampersand && byte == b'&') {
            return true;
        }
        // Only ASCII bytes are kept as they are, so a run ends on a character boundary
        // whenever the next byte is ASCII; a multi-byte character's bytes are all escaped
        // and `get` never cuts one (the run before it ends at its first byte).
        out.push_str(text.get(start..at).unwrap_or_default());
        let escape = 3 * usize::from(byte);
        out.push_str(PERCENT.get(escape..escape + 3).unwrap_or_default());
        start = at + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
    false
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
