//! The pieces a page is read into, whatever its layout: headings, text lines and tables,
//! each with the line it starts on.

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The cells, tags removed, whitespace collapsed.
    pub cells: Vec<String>,
    /// The last cell line by line, when the page breaks it into lines (a flattened table's
    /// description): value lists are often written one per line.
    pub last_lines: Vec<String>,
    /// 1-based line where the row starts.
    pub line: usize,
}

/// A table of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells, as printed.
    pub header: Vec<String>,
    /// The rows after the header.
    pub rows: Vec<Row>,
    /// 1-based line of the header.
    pub line: usize,
    /// The caption, when the page prints one (a flattened table's closing line).
    pub caption: Option<String>,
}

/// A piece of the page, in the page's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading (Markdown `#`, HTML `h1`-`h6`, or a short title line of plain text).
    Heading {
        /// The text.
        text: String,
        /// 1-based line.
        line: usize,
    },
    /// A line of text (a paragraph, a list item).
    Text {
        /// The text, Markdown escapes removed.
        text: String,
        /// 1-based line.
        line: usize,
    },
    /// A table.
    Table(Table),
    /// A code example the page shows (an HTML `code-sample`), with its title.
    Example {
        /// The title, `Example /payments request`.
        title: String,
        /// The code as shown.
        content: String,
        /// 1-based line.
        line: usize,
    },
}

/// Whitespace collapsed to single spaces, Markdown escapes (`\_`, `\*`) and backticks removed.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {}
            '`' => {}
            // Control characters (an escape sequence in a page) never reach a draft or a
            // terminal; whitespace ones become spaces below.
            c if c.is_control() && !c.is_whitespace() => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
