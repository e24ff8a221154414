//! HTML pages (and the HTML of JSON exports): html5ever's tree builder through `scraper`, walked
//! in document order into headings, text and tables. Lines are found by walking the source
//! text alongside, start tag by start tag, so that each block cites the line it starts on.

use scraper::{ElementRef, Html, Node};

use super::blocks::{Block, Row, Table, clean};

/// Reads an HTML document or fragment into blocks.
pub fn read_html(source: &str) -> Vec<Block> {
    let html = Html::parse_fragment(source);
    let mut walk = Walk {
        source,
        lower: source.to_ascii_lowercase(),
        cursor: 0,
        blocks: Vec::new(),
    };
    walk.children(html.root_element(), 0);
    walk.blocks
}

struct Walk<'a> {
    source: &'a str,
    lower: String,
    cursor: usize,
    blocks: Vec<Block>,
}

/// Deepest element nesting walked (real pages stay far below it).
const MAX_DEPTH: usize = 200;

const BLOCK_TAGS: [&str; 9] = ["p", "li", "table", "ul", "ol", "div", "h2", "h3", "h4"];

impl Walk<'_> {
    /// The line of the next `<tag` start tag after the cursor, moving the cursor past it.
    fn line_of_next(&mut self, tag: &str) -> usize {
        let needle = format!("<{tag}");
        let mut from = self.cursor;
        while let Some(found) = self.lower.get(from..).and_then(|rest| rest.find(&needle)) {
            let at = from + found;
            let after = self.lower.as_bytes().get(at + needle.len()).copied();
            if matches!(after, Some(b'>' | b' ' | b'\n' | b'\t' | b'\r' | b'/')) {
                self.cursor = at + needle.len();
                return line_at(self.source, at);
            }
            from = at + needle.len();
        }
        line_at(self.source, self.cursor)
    }

    fn children(&mut self, element: ElementRef<'_>, depth: usize) {
        // A page nested deeper than any real one is read as its text: the walk stays bounded.
        if depth >= MAX_DEPTH {
            let text = text_of(element);
            if !text.is_empty() {
                let line = line_at(self.source, self.cursor);
                self.blocks.push(Block::Text { text, line });
            }
            return;
        }
        for child in element.children() {
            if let Some(child) = ElementRef::wrap(child) {
                self.element(child, depth + 1);
            } else if let Node::Text(text) = child.value() {
                let text = clean(text);
                if !text.is_empty() && !is_inline_parent(element) {
                    let line = line_at(self.source, self.cursor);
                    self.blocks.push(Block::Text { text, line });
                }
            }
        }
    }

    fn element(&mut self, element: ElementRef<'_>, depth: usize) {
        let name = element.value().name().to_ascii_lowercase();
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let line = self.line_of_next(&name);
                self.blocks.push(Block::Heading {
                    text: text_of(element),
                    line,
                });
            }
            "table" => {
                let line = self.line_of_next("table");
                let table = self.table(element, line);
                self.blocks.push(Block::Table(table));
            }
            "script" | "style" | "template" => {}
            // A documentation site's code sample: its title and code are attributes.
            "code-sample" => {
                let line = self.line_of_next("code-sample");
                if let Some(example) = code_sample(element, line) {
                    self.blocks.push(example);
                }
            }
            "p" | "li" | "dt" | "dd" | "blockquote" | "pre" => {
                if has_block_child(element) {
                    self.children(element, depth);
                } else {
                    let line = self.line_of_next(&name);
                    let text = text_of(element);
                    if !text.is_empty() {
                        self.blocks.push(Block::Text { text, line });
                    }
                }
            }
            _ => self.children(element, depth),
        }
    }

    fn table(&mut self, table: ElementRef<'_>, line: usize) -> Table {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for tr in descendants_named(table, "tr") {
            let row_line = self.line_of_next("tr");
            let cells: Vec<ElementRef<'_>> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            let all_th = !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th");
            let texts: Vec<String> = cells.iter().map(|c| text_of(*c)).collect();
            if header.is_empty() && (all_th || rows.is_empty() && tr_in_thead(tr)) {
                header = texts;
            } else {
                rows.push(Row {
                    last_lines: texts.last().cloned().into_iter().collect(),
                    cells: texts,
                    line: row_line,
                });
            }
        }
        if header.is_empty() && !rows.is_empty() {
            // No header row: the first row serves as one.
            header = rows.remove(0).cells;
        }
        let caption = descendants_named(table, "caption")
            .first()
            .map(|c| text_of(*c));
        Table {
            header,
            rows,
            line,
            caption,
        }
    }
}

/// `<code-sample :title="'Example /payments request'" :code-data="[{...,&quot;content&quot;:...}]">`.
fn code_sample(element: ElementRef<'_>, line: usize) -> Option<Block> {
    let attr = |name: &str| element.value().attr(name);
    let title = attr(":title")?.trim().trim_matches('\'').to_string();
    let data: serde_json::Value = serde_json::from_str(attr(":code-data")?).ok()?;
    let content = data.get(0)?.get("content")?.as_str()?.to_string();
    Some(Block::Example {
        title,
        content,
        line,
    })
}

fn line_at(source: &str, offset: usize) -> usize {
    source
        .get(..offset.min(source.len()))
        .map_or(1, |head| head.bytes().filter(|b| *b == b'\n').count() + 1)
}

fn is_inline_parent(element: ElementRef<'_>) -> bool {
    !matches!(
        element.value().name(),
        "div" | "body" | "html" | "section" | "article" | "main"
    )
}

fn has_block_child(element: ElementRef<'_>) -> bool {
    element
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .any(|e| BLOCK_TAGS.contains(&e.value().name()))
}

fn tr_in_thead(tr: ElementRef<'_>) -> bool {
    tr.parent()
        .and_then(ElementRef::wrap)
        .is_some_and(|p| p.value().name() == "thead")
}

fn descendants_named<'a>(element: ElementRef<'a>, name: &str) -> Vec<ElementRef<'a>> {
    element
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == name)
        .collect()
}

/// An element's text, whitespace collapsed; `<br>` and block elements read as a space.
fn text_of(element: ElementRef<'_>) -> String {
    let mut out = String::new();
    collect_text(element, &mut out, 0);
    clean(&out)
}

fn collect_text(element: ElementRef<'_>, out: &mut String, depth: usize) {
    if depth >= MAX_DEPTH {
        // Deeper text is gathered flat, without recursion.
        for text in element.text() {
            out.push_str(text);
            out.push(' ');
        }
        return;
    }
    for child in element.children() {
        if let Node::Text(text) = child.value() {
            out.push_str(text);
        } else if let Some(e) = ElementRef::wrap(child) {
            let name = e.value().name();
            let spaced =
                name == "br" || BLOCK_TAGS.contains(&name) || matches!(name, "td" | "th" | "tr");
            if spaced {
                out.push(' ');
            }
            collect_text(e, out, depth + 1);
            if spaced {
                out.push(' ');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headings_and_tables_with_their_lines() {
        let html = "<h2>Step 5</h2>\n<p>The codes:</p>\n<table>\n<thead>\n<tr><th>resultCode</th><th>Description</th></tr>\n</thead>\n<tbody>\n<tr>\n<td><strong>Pending</strong> or <br> <strong>Received</strong></td>\n<td>Received &amp; waiting.</td>\n</tr>\n</tbody>\n</table>";
        let blocks = read_html(html);
        assert!(matches!(&blocks[0], Block::Heading { text, line: 1 } if text == "Step 5"));
        assert!(matches!(&blocks[1], Block::Text { text, line: 2 } if text == "The codes:"));
        let Block::Table(table) = &blocks[2] else {
            panic!("{blocks:#?}")
        };
        assert_eq!(table.line, 3);
        assert_eq!(table.header, ["resultCode", "Description"]);
        assert_eq!(
            table.rows[0].cells,
            ["Pending or Received", "Received & waiting."]
        );
        assert_eq!(table.rows[0].line, 8);
    }
}
