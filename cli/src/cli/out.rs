//! Output helpers: JSON built as an ordered [`WireValue`] tree (so keys come out in the
//! order written here, not sorted), aligned text tables, and the escaping every byte the
//! command writes goes through.
//!
//! # Nothing hostile reaches a terminal
//!
//! Values, unknown key names, SOAP fault strings and error messages come from the message
//! being inspected, so an attacker writes them. A raw ESC, CR or OSC sequence could move
//! the cursor, rewrite a line (a refused payment shown as `Authorised`) or set the window
//! title. [`run`](super::run) therefore wraps standard output and standard error in an
//! [`Escaping`] writer: every control character (C0 but the line feed, DEL, C1) and every
//! invisible bidirectional or line-breaking format character is written as an escape
//! (`\r`, `\t`, `\u{1b}`, `\u{202e}`), whoever prints. On top of that, the places that
//! put outside text on one line (table cells, error messages, warnings) escape line feeds
//! too with [`one_line`], so that a value cannot forge a line of its own. JSON output
//! spells the same characters as JSON escapes (`\u001b`, `\u009b`), so it stays valid JSON.
//!
//! A backslash already in a value is not doubled: `\u{1b}` written by the sender shows as
//! those six characters, which is harmless, and doubling would garble every legitimate
//! backslash.

use std::borrow::Cow;
use std::io::{self, Write};

use super::Io;
use crate::wire::{WireObject, WireValue};

/// Whether `c` must not reach a terminal as itself: C0 controls (tab, CR and line feed
/// included), DEL, C1 controls, and the Unicode format characters that reorder or hide
/// text (bidirectional marks, embeddings, overrides and isolates; zero-width characters;
/// the line and paragraph separators; the byte-order mark).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

/// `text` with every unsafe character escaped; line feeds kept when `keep_newlines`.
fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_here = |c: char| is_unsafe(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_here) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_here(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => out.push_str(&format!("\\u{{{:x}}}", u32::from(other))),
        }
    }
    Cow::Owned(out)
}

/// Outside text (a value, a key name, a fault string) made safe to print on one line:
/// every unsafe character escaped, line feeds included.
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// A writer that escapes every unsafe character of what passes through it (line feeds
/// pass: they are the command's own line ends). Bytes that are not UTF-8 are written as
/// `\x{..}`; a character split across two writes is held until it is whole.
pub struct Escaping<'w> {
    inner: &'w mut dyn Write,
    pending: Vec<u8>,
}

impl<'w> Escaping<'w> {
    /// Escapes what is written into `inner`.
    pub fn new(inner: &'w mut dyn Write) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn drain(&mut self, at_end: bool) -> io::Result<()> {
        let mut out = String::new();
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    out.push_str(&escape(text, true));
                    rest = &[];
                    break;
                }
                Err(err) => {
                    let (valid, after) = rest.split_at(err.valid_up_to());
                    // `valid_up_to` ends on a character boundary, so this is UTF-8.
                    out.push_str(&escape(&String::from_utf8_lossy(valid), true));
                    match err.error_len() {
                        Some(bad) => {
                            for byte in &after[..bad] {
                                out.push_str(&format!("\\x{{{byte:02x}}}"));
                            }
                            rest = &after[bad..];
                        }
                        // An incomplete character at the end: wait for the rest of it.
                        None if !at_end => {
                            rest = after;
                            break;
                        }
                        None => {
                            for byte in after {
                                out.push_str(&format!("\\x{{{byte:02x}}}"));
                            }
                            rest = &[];
                            break;
                        }
                    }
                }
            }
        }
        self.pending = rest.to_vec();
        self.inner.write_all(out.as_bytes())
    }
}

impl Write for Escaping<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.drain(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain(true)?;
        self.inner.flush()
    }
}

/// Prints `value` as indented JSON and a newline.
///
/// serde_json escapes C0 controls in strings but writes DEL, C1 and format characters as
/// they are; they are written here as JSON `\uXXXX` escapes (they can only occur inside
/// strings), so that the [`Escaping`] writer finds nothing to change and the output stays
/// JSON.
pub fn json(io: &mut Io<'_>, value: &WireValue) {
    // Serializing a tree of strings, numbers and string-keyed maps cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) && c != '\n' {
            // Outside the basic plane nothing is unsafe, so one `\uXXXX` always does.
            safe.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    let _ = writeln!(io.stdout, "{safe}");
}

/// Prints `text` as is.
pub fn text(io: &mut Io<'_>, text: &str) {
    let _ = io.stdout.write_all(text.as_bytes());
}

/// Text, or `null`.
pub fn opt(value: Option<&str>) -> WireValue {
    value.map_or(WireValue::Null, WireValue::text)
}

/// An object from `(name, value)` pairs, in order.
pub fn object<const N: usize>(entries: [(&str, WireValue); N]) -> WireValue {
    WireValue::Object(entries.into_iter().collect::<WireObject>())
}

/// Rows as columns separated by two spaces, each as wide as its widest cell (counted in
/// characters); trailing spaces trimmed. Every cell goes through [`one_line`]: a cell is
/// one line, whatever the value in it holds.
pub fn table(rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(|cell| one_line(cell).into_owned()).collect())
        .collect();
    let rows = rows.as_slice();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            line.push_str(cell);
            let pad = widths
                .get(column)
                .copied()
                .unwrap_or(0)
                .saturating_sub(cell.chars().count());
            line.extend(std::iter::repeat_n(' ', pad + 2));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through_writer(chunks: &[&[u8]]) -> String {
        let mut sink = Vec::new();
        {
            let mut writer = Escaping::new(&mut sink);
            for chunk in chunks {
                writer.write_all(chunk).unwrap();
            }
            writer.flush().unwrap();
        }
        String::from_utf8(sink).unwrap()
    }

    #[test]
    fn controls_and_reordering_characters_are_escaped() {
        assert_eq!(
            one_line("a\u{1b}[2K\rb\tc\nd\u{7f}\u{9b}\u{202e}\u{2028}é"),
            r"a\u{1b}[2K\rb\tc\nd\u{7f}\u{9b}\u{202e}\u{2028}é"
        );
        assert!(matches!(one_line("Refused 漢字 €"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_writer_keeps_line_feeds_and_joins_split_characters() {
        let euro = "€".as_bytes();
        assert_eq!(
            through_writer(&[b"x\x1b]0;t\x07\n", &euro[..1], &euro[1..], b"\n"]),
            "x\\u{1b}]0;t\\u{7}\n€\n"
        );
        // Bytes that never form UTF-8 show as hex, at the end too.
        assert_eq!(
            through_writer(&[b"a\xffb", b"\xe2\x82"]),
            r"a\x{ff}b\x{e2}\x{82}"
        );
    }
}
