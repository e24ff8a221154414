//! Output helpers: JSON built as an ordered [`WireValue`] tree (so keys come out in the
//! order written here, not sorted), and aligned text tables.

use super::Io;
use crate::wire::{WireObject, WireValue};

/// Prints `value` as indented JSON and a newline.
pub fn json(io: &mut Io<'_>, value: &WireValue) {
    // Serializing a tree of strings, numbers and string-keyed maps cannot fail.
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let _ = writeln!(io.stdout, "{text}");
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
/// characters); trailing spaces trimmed.
pub fn table(rows: &[Vec<String>]) -> String {
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
