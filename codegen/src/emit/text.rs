//! Writing Rust as text, for the parts the emitter lays out itself (see [`super::print::Part`]):
//! string literals, doc comments and comma-separated lists wrapped at the margin.

use std::fmt::Write as _;

/// The right margin of text the emitter lays out itself, as rustfmt's default.
const MARGIN: usize = 100;

/// A Rust string literal for `s` (`"..."`, with `"`, `\` and control characters escaped).
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// `Some("...")` or `None`.
pub fn opt_lit(s: Option<&String>) -> String {
    s.map_or_else(|| "None".to_string(), |s| format!("Some({})", lit(s)))
}

/// Doc comment lines (`///`) at `indent` spaces from paragraphs, an empty `///` line between
/// paragraphs; the same text as `docs::attrs` gives, without the round trip through tokens.
pub fn doc(out: &mut String, indent: usize, paragraphs: &[String]) {
    let pad = " ".repeat(indent);
    for (i, paragraph) in paragraphs
        .iter()
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        if i > 0 {
            let _ = writeln!(out, "{pad}///");
        }
        for line in paragraph.trim().lines() {
            let _ = writeln!(out, "{pad}/// {}", line.trim());
        }
    }
}

/// The items, comma-separated and filled into lines at `indent` spaces that end before the
/// margin, each line ending with a comma (an array literal's body).
pub fn fill(out: &mut String, indent: usize, items: &[String]) {
    let pad = " ".repeat(indent);
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && pad.len() + line.len() + 1 + item.len() + 1 > MARGIN {
            let _ = writeln!(out, "{pad}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(item);
        line.push(',');
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{pad}{line}");
    }
}

/// An array literal closing a declaration: `head` (`    pub const X: [T; 2] = [`), the items,
/// then `]` and `tail` (`;`). On one line when it fits in the margin, as rustfmt writes it,
/// else one filled block of items between the opening and the closing line.
pub fn array(out: &mut String, head: &str, items: &[String], tail: &str) {
    let one_line = format!("{head}{}]{tail}", items.join(", "));
    if one_line.len() <= MARGIN {
        let _ = writeln!(out, "{one_line}");
        return;
    }
    let _ = writeln!(out, "{head}");
    let indent = head.len() - head.trim_start().len() + 4;
    fill(out, indent, items);
    let _ = writeln!(out, "{}]{tail}", " ".repeat(indent - 4));
}
