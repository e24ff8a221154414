//! [`JsonSink`]: a message written straight into compact JSON, byte for byte what
//! [`to_json`](super::json::to_json) writes for the message's tree (issue 15).

use super::sink::{FieldSink, push_signed, push_unsigned};
use super::value::WireValue;

/// Writes compact JSON into a `String` as the fields arrive: keys in the order written,
/// strings escaped exactly as serde_json escapes them (`"`, `\`, and the control
/// characters: `\b \t \n \f \r` by name, the others as `\u00XX`; everything else, non-ASCII
/// included, as is), integers as their digits, extras through serde_json itself.
///
/// Writing JSON cannot fail, so [`JsonSink::finish`] returns the text.
#[derive(Debug)]
pub struct JsonSink {
    out: String,
    /// Whether the next member or item needs a `,` before it.
    comma: bool,
    /// How many objects and lists are open below the top-level object.
    depth: u32,
    /// Bit `d` set: the container at depth `d` is a list (its items have no key). The
    /// generated writers nest a few levels; deeper than 63 counts as an object, which no
    /// spec reaches.
    lists: u64,
}

impl Default for JsonSink {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl JsonSink {
    /// The room reserved up front: a request of the specs fits (Adyen's `/payments` is
    /// about 400 bytes), so the text is allocated once.
    const CAPACITY: usize = 512;

    /// An empty top-level object.
    #[must_use]
    #[inline]
    pub fn new() -> Self {
        let mut out = String::with_capacity(Self::CAPACITY);
        out.push('{');
        Self {
            out,
            comma: false,
            depth: 0,
            lists: 0,
        }
    }

    /// The JSON text `write` writes (what a generated `to_json` calls with its
    /// `write_fields`).
    #[must_use]
    #[inline]
    pub fn encode(write: impl FnOnce(&mut Self)) -> String {
        let mut sink = Self::new();
        write(&mut sink);
        sink.finish()
    }

    /// The JSON text (objects and lists left open are closed).
    #[must_use]
    #[inline]
    pub fn finish(mut self) -> String {
        while self.depth > 0 {
            self.close();
        }
        self.out.push('}');
        self.out
    }

    #[inline]
    fn in_list(&self) -> bool {
        1_u64
            .checked_shl(self.depth)
            .is_some_and(|bit| self.lists & bit != 0)
    }

    /// The `,` and the `"name":` before a value (no key inside a list).
    #[inline]
    fn key(&mut self, name: &str) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
        if !self.in_list() {
            escape_into(&mut self.out, name);
            self.out.push(':');
        }
    }

    #[inline]
    fn open(&mut self, name: &str, list: bool) {
        self.key(name);
        self.out.push(if list { '[' } else { '{' });
        self.depth = self.depth.saturating_add(1);
        if let Some(bit) = 1_u64.checked_shl(self.depth) {
            if list {
                self.lists |= bit;
            } else {
                self.lists &= !bit;
            }
        }
        self.comma = false;
    }

    #[inline]
    fn close(&mut self) {
        if self.depth == 0 {
            return;
        }
        self.out.push(if self.in_list() { ']' } else { '}' });
        self.depth -= 1;
        self.comma = true;
    }
}

impl FieldSink for JsonSink {
    #[inline]
    fn text(&mut self, name: &str, value: &str) {
        self.key(name);
        escape_into(&mut self.out, value);
    }

    #[inline]
    fn unsigned(&mut self, name: &str, value: u64) {
        self.key(name);
        push_unsigned(&mut self.out, value);
    }

    #[inline]
    fn signed(&mut self, name: &str, value: i64) {
        self.key(name);
        push_signed(&mut self.out, value);
    }

    #[inline]
    fn boolean(&mut self, name: &str, value: bool) {
        self.key(name);
        self.out.push_str(if value { "true" } else { "false" });
    }

    #[inline]
    fn begin_object(&mut self, name: &'static str) {
        self.open(name, false);
    }

    #[inline]
    fn end_object(&mut self) {
        self.close();
    }

    #[inline]
    fn begin_list(&mut self, name: &'static str) {
        self.open(name, true);
    }

    #[inline]
    fn end_list(&mut self) {
        self.close();
    }

    #[inline]
    fn computed(&mut self, name: &'static str) {
        // What the tree holds in the slot: `null`.
        self.key(name);
        self.out.push_str("null");
    }

    #[inline]
    fn value(&mut self, name: &str, value: &WireValue) {
        self.key(name);
        // An extra: through the tree's own serde impl, so numbers are written exactly as
        // `to_json` writes them. Serializing a wire value cannot fail.
        let _ = serde_json::to_writer(Append(&mut self.out), value);
    }
}

/// Appends what serde_json writes to a `String` (an extra's value): serde_json writes whole
/// UTF-8 pieces (the text between escapes, an escape, a number), each checked as it comes.
struct Append<'a>(&'a mut String);

impl std::io::Write for Append<'_> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(buf)
            .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err))?;
        self.0.push_str(text);
        Ok(buf.len())
    }

    #[inline]
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Per byte, how serde_json escapes it: `0` not at all, `u` as `\u00XX`, any other byte
/// as a backslash and that byte (`"`, `\\`, `b`, `t`, `n`, `f`, `r`). A table, as
/// serde_json's own: one load per byte. serde_json keeps its escaping function private, and
/// serializing each string through it costs 1.7 times the whole encoding, so its rules are
/// copied here (the tests compare the bytes with serde_json's).
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated while compiling: an index out of range fails the build, never a run"
)]
const ESCAPE: [u8; 256] = {
    const U: u8 = b'u';
    let mut table = [0_u8; 256];
    let named: [(usize, u8); 7] = [
        (0x08, b'b'),
        (0x09, b't'),
        (0x0A, b'n'),
        (0x0C, b'f'),
        (0x0D, b'r'),
        (0x22, b'"'),
        (0x5C, b'\\'),
    ];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = U;
        byte += 1;
    }
    let mut at = 0;
    while at < named.len() {
        table[named[at].0] = named[at].1;
        at += 1;
    }
    table
};

/// `text` as a JSON string, quotes included, escaped as serde_json escapes.
#[inline]
fn escape_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let short = ESCAPE.get(usize::from(byte)).copied().unwrap_or(0);
        if short == 0 {
            continue;
        }
        // Every escaped byte is ASCII, so `start..at` falls on character boundaries.
        out.push_str(text.get(start..at).unwrap_or_default());
        out.push('\\');
        out.push(char::from(short));
        if short == b'u' {
            out.push_str("00");
            for nibble in [byte >> 4, byte & 0x0F] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
        start = at + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every: String = (0_u8..=0x7F).map(char::from).collect();
        every.push_str("é€😀\u{2028}\u{FFFF}");
        for text in [every.as_str(), "", "plain", "\"\\", "a\u{1}b\u{1F}c\u{7F}"] {
            let mut out = String::new();
            escape_into(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn members_lists_and_objects_nest() {
        let mut sink = JsonSink::new();
        sink.text("a", "x");
        sink.begin_list("l");
        sink.unsigned("l", 1);
        sink.begin_object("l");
        sink.boolean("b", false);
        sink.end_object();
        sink.signed("l", -3);
        sink.end_list();
        sink.begin_object("o");
        sink.end_object();
        sink.computed("MAC");
        assert_eq!(
            sink.finish(),
            r#"{"a":"x","l":[1,{"b":false},-3],"o":{},"MAC":null}"#
        );
    }

    #[test]
    fn an_empty_message_is_an_empty_object() {
        assert_eq!(JsonSink::new().finish(), "{}");
    }
}
