//! Plain-text pages: Markdown headings, tab-separated tables and tables flattened one cell per
//! line under a concatenated header (`KeyFormatCNDDescription`), as text exports of provider
//! pages come.

use super::blocks::{Block, Row, Table, clean};

/// Header words a flattened table's header line is made of, longest first where one is a
/// prefix of another.
const HEADER_WORDS: [&str; 17] = [
    "Parameter",
    "Description",
    "Condition",
    "Presence",
    "Mandatory",
    "Comment",
    "Example",
    "Exemple",
    "Format",
    "Field",
    "Value",
    "Name",
    "Type",
    "Code",
    "Key",
    "CND",
    "Req",
];

/// Words that name the key column.
pub const KEY_WORDS: [&str; 5] = ["Key", "Parameter", "Name", "Field", "Nom du champ"];

/// The header cells of a flattened header line (`KeyFormatCNDDescription` gives `Key`,
/// `Format`, `CND`, `Description`), or `None` when the line is not one.
pub fn flattened_header(line: &str) -> Option<Vec<String>> {
    if line.is_empty() || line.contains(char::is_whitespace) {
        return None;
    }
    let mut rest = line;
    let mut words = Vec::new();
    while !rest.is_empty() {
        let word = HEADER_WORDS.iter().find(|w| rest.starts_with(**w))?;
        words.push((*word).to_string());
        rest = &rest[word.len()..];
    }
    let has_key = words.iter().any(|w| KEY_WORDS.contains(&w.as_str()));
    let has_rule = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "Format" | "Type" | "CND" | "Condition" | "Presence"
        )
    });
    (words.len() >= 3 && has_key && has_rule).then_some(words)
}

/// Whether a line is a flattened table's caption: `Parameters for ...`, `Response parameters
/// for ...`: the word "parameters" first or second, no closing punctuation, short.
pub fn is_caption(line: &str) -> bool {
    let lower = line.to_lowercase();
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    (first == "parameters" || second == "parameters")
        && !lower.ends_with(['.', ':', ';', ','])
        && lower.chars().count() < 120
}

fn is_url_line(line: &str) -> bool {
    (line.starts_with("https://") || line.starts_with("http://"))
        && !line.contains(char::is_whitespace)
}

fn is_key_token(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '[' | ']'))
        && s.len() <= 80
}

fn is_single_token(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace) && s.len() <= 40
}

fn is_cnd(s: &str) -> bool {
    matches!(s, "M" | "O" | "C")
}

/// Whether a plain line reads as a title: short, capitalised, no closing punctuation.
fn is_title_line(line: &str) -> bool {
    let count = line.chars().count();
    (2..80).contains(&count)
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', ':', ';', ',', '!', '?', ')'])
        && !line.contains('\t')
        && !is_url_line(line)
}

/// Reads a plain-text page into blocks.
pub fn read_text(text: &str) -> Vec<Block> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .collect();
    // A page with Markdown headings marks its titles: its other lines are text.
    let marked = lines.iter().any(|(_, l)| {
        let hashes = l.chars().take_while(|c| *c == '#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    });
    let mut blocks = Vec::new();
    let mut i = 0;
    while let Some(&(line_no, raw)) = lines.get(i) {
        let line = raw.trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if let Some(header) = flattened_header(line) {
            let (table, next) = flattened_table(&lines, i, header);
            blocks.push(Block::Table(table));
            i = next;
            continue;
        }
        if raw.contains('\t') && tab_cells(raw).iter().filter(|c| !c.is_empty()).count() >= 2 {
            let (table, next) = tab_table(&lines, i);
            blocks.push(Block::Table(table));
            i = next;
            continue;
        }
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            blocks.push(Block::Heading {
                text: clean(&line[hashes..]),
                line: line_no,
            });
        } else if !marked
            && is_title_line(line)
            && !line.starts_with(['-', '[', '<', '•', '|', '*'])
        {
            blocks.push(Block::Heading {
                text: clean(line),
                line: line_no,
            });
        } else {
            blocks.push(Block::Text {
                text: clean(line),
                line: line_no,
            });
        }
        i += 1;
    }
    blocks
}

fn tab_cells(line: &str) -> Vec<String> {
    let mut cells: Vec<String> = line.split('\t').map(strip_tags).collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    cells
}

/// A cell without inline HTML tags (`<code>payment.action</code>`) and Markdown escapes.
fn strip_tags(cell: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    clean(&out)
}

/// A tab-separated table starting at `start`: its header, then every line with as many cells,
/// a single blank line between rows allowed. Returns the table and the next line to read.
fn tab_table(lines: &[(usize, &str)], start: usize) -> (Table, usize) {
    let (line_no, raw) = lines.get(start).copied().unwrap_or((1, ""));
    let header = tab_cells(raw);
    let mut rows = Vec::new();
    let mut i = start + 1;
    while let Some(&(n, l)) = lines.get(i) {
        if l.trim().is_empty() {
            let next_is_row = lines.get(i + 1).is_some_and(|(_, next)| {
                next.contains('\t') && tab_cells(next).len() == header.len()
            });
            if next_is_row {
                i += 1;
                continue;
            }
            break;
        }
        if !l.contains('\t') {
            break;
        }
        let cells = tab_cells(l);
        rows.push(Row {
            last_lines: cells.last().cloned().into_iter().collect(),
            cells,
            line: n,
        });
        i += 1;
    }
    (
        Table {
            header,
            rows,
            line: line_no,
            caption: None,
        },
        i,
    )
}

/// A flattened table: after the header, each row is its single-line cells one per line (the
/// key first; a `CND` column must read M, O or C) followed by the last column's lines. The
/// table ends at its caption (kept), the next header, a URL line or a Markdown heading.
fn flattened_table(lines: &[(usize, &str)], start: usize, header: Vec<String>) -> (Table, usize) {
    let line_no = lines.get(start).map_or(1, |(n, _)| *n);
    let singles = header.len().saturating_sub(1).max(1);
    let cnd_at = header
        .iter()
        .position(|h| matches!(h.as_str(), "CND" | "Condition" | "Presence"));
    let mut body: Vec<(usize, &str)> = Vec::new();
    let mut caption = None;
    let mut i = start + 1;
    while let Some(&(n, raw)) = lines.get(i) {
        let l = raw.trim();
        if flattened_header(l).is_some()
            || is_url_line(l)
            || l.starts_with("# ")
            || l.starts_with("## ")
        {
            break;
        }
        i += 1;
        if l.is_empty() {
            continue;
        }
        if is_caption(l) && !body.is_empty() {
            caption = Some(clean(l));
            break;
        }
        body.push((n, l));
    }
    let starts_row = |k: usize| -> bool {
        (0..singles).all(|c| {
            let Some((_, cell)) = body.get(k + c) else {
                return false;
            };
            if c == 0 {
                is_key_token(cell)
            } else if Some(c) == cnd_at {
                is_cnd(cell)
            } else {
                is_single_token(cell)
            }
        })
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut k = 0;
    while k < body.len() {
        if starts_row(k) {
            let cells: Vec<String> = (0..singles)
                .filter_map(|c| body.get(k + c).map(|(_, t)| clean(t)))
                .collect();
            rows.push(Row {
                cells,
                last_lines: Vec::new(),
                line: body.get(k).map_or(line_no, |(n, _)| *n),
            });
            k += singles;
        } else {
            if let (Some(row), Some((_, text))) = (rows.last_mut(), body.get(k)) {
                row.last_lines.push(clean(text));
            }
            k += 1;
        }
    }
    for row in &mut rows {
        row.cells.push(row.last_lines.join(" "));
    }
    (
        Table {
            header,
            rows,
            line: line_no,
            caption,
        },
        i,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_flattened_header() {
        assert_eq!(
            flattened_header("KeyFormatCNDDescription"),
            Some(vec![
                "Key".into(),
                "Format".into(),
                "CND".into(),
                "Description".into()
            ])
        );
        assert_eq!(flattened_header("KeyDescription"), None);
        assert_eq!(flattened_header("Key Format"), None);
    }

    #[test]
    fn reads_a_flattened_table_and_its_caption() {
        let text = "URL:\n\nKeyFormatCNDDescription\n\nTransID\n\nans..64\n\nM\n\nYour id.\n\nChannel\n\na..8\n\nO\n\nOne of:\nWEB: the web\nParameters for payments\n\nNext section\n";
        let blocks = read_text(text);
        let Some(Block::Table(table)) = blocks.get(1) else {
            panic!("{blocks:#?}")
        };
        assert_eq!(table.caption.as_deref(), Some("Parameters for payments"));
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells, ["TransID", "ans..64", "M", "Your id."]);
        assert_eq!(table.rows[0].line, 5);
        assert_eq!(table.rows[1].last_lines, ["One of:", "WEB: the web"]);
        assert!(
            matches!(blocks.get(2), Some(Block::Heading { text, .. }) if text == "Next section")
        );
    }

    #[test]
    fn reads_a_tab_table_across_one_blank_line() {
        let text = "Les codes :\nCode\tShortMessage\tLongMessage\n02012\tERROR\tOne\n\n02008\tCANCELLED\tTwo\n\nAfter\n";
        let blocks = read_text(text);
        let Some(Block::Table(table)) = blocks.get(1) else {
            panic!("{blocks:#?}")
        };
        assert_eq!(table.header, ["Code", "ShortMessage", "LongMessage"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1].line, 5);
    }
}
