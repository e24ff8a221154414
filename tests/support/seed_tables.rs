//! The tables of the source documents in `../shared/seeds/`, as the importer reads them
//! (`codegen::import::page`), shaped for the doc cross-check (`tests/doc_crosscheck.rs`), and
//! the parser of `../shared/facts.md`'s 02xxx list (facts.md is not a provider page).
//!
//! Every parser returns an error rather than an empty result when it cannot find what it looks
//! for, so that a change of layout in a document makes the cross-check fail instead of
//! passing over zero rows.

use codegen::import::page::{Block, Row, Table, read_page};

/// One row of a Computop parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComputopRow {
    /// The parameter name, as printed.
    pub key: String,
    /// The format, as printed (`ans..30`, `a3`, `bool`).
    pub format: String,
    /// The condition letter: `M`, `O` or `C`.
    pub cnd: String,
    /// 1-based line of the key in the document.
    pub line: usize,
}

/// One Computop parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComputopTable {
    /// The last URL printed before the table (`https://www.computop-paygate.com/wechat.aspx`).
    pub url: String,
    /// `true` for the first table after its URL (the request), `false` for the second.
    pub is_request: bool,
    /// The caption line that ends the table.
    pub caption: String,
    /// 1-based line of the `KeyFormatCNDDescription` header.
    pub line: usize,
    /// The rows, in the document's order.
    pub rows: Vec<ComputopRow>,
}

/// The header line of a flattened Computop table.
pub const COMPUTOP_HEADER: &str = "KeyFormatCNDDescription";

/// The page as the importer reads it (`codegen::import::page`): the cross-check uses the
/// importer's reading of the documents instead of parsers of its own.
fn blocks(text: &str) -> Result<Vec<Block>, String> {
    read_page(text.as_bytes())
        .map(|page| page.blocks)
        .map_err(|e| e.to_string())
}

fn is_url_line(text: &str) -> bool {
    text.starts_with("https://") && !text.contains(char::is_whitespace)
}

/// Every parameter table of the Computop document, in the document's order, as the importer
/// reads them: each row's key, format and condition columns, the caption that closes the
/// table, the URL printed before it. Errors: no table, a table without rows or caption, a
/// table before any URL, a third table after one URL.
pub fn computop_tables(text: &str) -> Result<Vec<ComputopTable>, String> {
    let header = ["Key", "Format", "CND", "Description"];
    let mut tables = Vec::new();
    let mut url: Option<String> = None;
    let mut tables_since_url = 0;
    for block in blocks(text)? {
        let table = match block {
            Block::Text { text, .. } if is_url_line(&text) => {
                url = Some(text);
                tables_since_url = 0;
                continue;
            }
            Block::Table(table) if table.header == header => table,
            _ => continue,
        };
        let line_no = table.line;
        let Some(current_url) = url.clone() else {
            return Err(format!("line {line_no}: a table before any URL"));
        };
        if tables_since_url >= 2 {
            return Err(format!(
                "line {line_no}: a third table after the URL {current_url}"
            ));
        }
        if table.rows.is_empty() {
            return Err(format!("line {line_no}: the table has no rows"));
        }
        let Some(caption) = table.caption.clone() else {
            return Err(format!(
                "line {line_no}: the table has no caption line (`Parameters for ...`)"
            ));
        };
        let rows = table
            .rows
            .iter()
            .map(|r| ComputopRow {
                key: r.cells.first().cloned().unwrap_or_default(),
                format: r.cells.get(1).cloned().unwrap_or_default(),
                cnd: r.cells.get(2).cloned().unwrap_or_default(),
                line: r.line,
            })
            .collect();
        tables.push(ComputopTable {
            url: current_url,
            is_request: tables_since_url == 0,
            caption,
            line: line_no,
            rows,
        });
        tables_since_url += 1;
    }
    if tables.is_empty() {
        return Err(format!("no `{COMPUTOP_HEADER}` table found"));
    }
    Ok(tables)
}

/// One row of a Monext return-code table (`Code  ShortMessage  LongMessage`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonextCodeRow {
    /// The code, e.g. `02012`.
    pub code: String,
    /// The short message, e.g. `ERROR`.
    pub short: String,
    /// The long message.
    pub long: String,
    /// 1-based line in the document.
    pub line: usize,
}

/// One row of a Monext mandatory-field table (`Nom du champ  Exemple`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonextMandatoryRow {
    /// The field as the page writes it (`buyer.firstname`), without `<code>` tags.
    pub field: String,
    /// The example value.
    pub example: String,
    /// 1-based line in the document.
    pub line: usize,
}

/// The rows of the one table of the page headed exactly `header`, as the importer reads it.
fn table_rows(text: &str, header: &[&str]) -> Result<Vec<Row>, String> {
    let shown = header.join(" | ");
    let found: Vec<Table> = blocks(text)?
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) if t.header == header => Some(t),
            _ => None,
        })
        .collect();
    match found.as_slice() {
        [one] if one.rows.is_empty() => Err(format!(
            "the table `{shown}` (line {}) has no rows",
            one.line
        )),
        [one] => Ok(one.rows.clone()),
        [] => Err(format!("no table with the header `{shown}`")),
        many => Err(format!(
            "{} tables with the header `{shown}`; expected one",
            many.len()
        )),
    }
}

/// The return-code table of a Monext integration page.
pub fn monext_code_table(text: &str) -> Result<Vec<MonextCodeRow>, String> {
    let rows = table_rows(text, &["Code", "ShortMessage", "LongMessage"])?;
    rows.into_iter()
        .map(|r| match r.cells.as_slice() {
            [code, short, long] if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) => {
                Ok(MonextCodeRow {
                    code: code.clone(),
                    short: short.clone(),
                    long: long.clone(),
                    line: r.line,
                })
            }
            other => Err(format!("line {}: not a code row: {other:?}", r.line)),
        })
        .collect()
}

/// The mandatory-field table of a Monext integration page (`<code>` tags removed).
pub fn monext_mandatory_table(text: &str) -> Result<Vec<MonextMandatoryRow>, String> {
    let rows = table_rows(text, &["Nom du champ", "Exemple"])?;
    rows.into_iter()
        .map(|r| match r.cells.as_slice() {
            [field, example] => Ok(MonextMandatoryRow {
                field: field.clone(),
                example: example.clone(),
                line: r.line,
            }),
            other => Err(format!("line {}: not a field row: {other:?}", r.line)),
        })
        .collect()
}

/// One item of the `02xxx codes` bullet of `facts.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactsCode {
    /// The code, e.g. `02000`.
    pub code: String,
    /// The short message, when the item gives one (an upper-case word such as `ERROR`).
    pub short: Option<String>,
    /// The long message, when the item gives one.
    pub long: Option<String>,
    /// 1-based line where the item starts.
    pub line: usize,
}

/// The items of the `02xxx codes (code, shortMessage, longMessage):` bullet of `facts.md`,
/// separated by ` · ` and possibly wrapped over several indented lines.
pub fn facts_02xxx(text: &str) -> Result<Vec<FactsCode>, String> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let start = lines
        .iter()
        .position(|(_, l)| l.trim_start().starts_with("- 02xxx codes"))
        .ok_or("no `- 02xxx codes` bullet in facts.md")?;
    let first = lines[start].1;
    let colon = first
        .find(':')
        .ok_or("the `02xxx codes` bullet has no `:`")?;
    // (line, text) pieces of the bullet: the rest of its first line, then its continuation lines.
    let mut pieces = vec![(lines[start].0, &first[colon + 1..])];
    for (line_no, line) in &lines[start + 1..] {
        let continuation = line.starts_with(' ')
            && !line.trim_start().starts_with("- ")
            && !line.trim().is_empty();
        if !continuation {
            break;
        }
        pieces.push((*line_no, line));
    }
    let mut items = Vec::new();
    let mut current = String::new();
    let mut current_line = pieces[0].0;
    for (line_no, piece) in pieces {
        for (idx, part) in piece.split('·').enumerate() {
            if idx > 0 {
                items.push((current_line, std::mem::take(&mut current)));
            }
            if current.trim().is_empty() {
                current_line = line_no;
            }
            current.push(' ');
            current.push_str(part);
        }
    }
    items.push((current_line, current));
    let mut codes = Vec::new();
    for (line, item) in items {
        let words: Vec<&str> = item.split_whitespace().collect();
        let Some((code, rest)) = words.split_first() else {
            return Err(format!(
                "facts.md line {line}: an empty item in the 02xxx list"
            ));
        };
        let code = code.trim_end_matches('.');
        if code.len() != 5 || !code.starts_with("02") || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "facts.md line {line}: `{}` does not start with a 02xxx code",
                item.trim()
            ));
        }
        let (short, long_words) = match rest.split_first() {
            Some((w, tail))
                if w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_') =>
            {
                (Some(w.to_string()), tail)
            }
            _ => (None, rest),
        };
        let long = long_words.join(" ");
        let long = long.trim_end_matches('.').trim().to_string();
        codes.push(FactsCode {
            code: code.to_string(),
            short,
            long: (!long.is_empty()).then_some(long),
            line,
        });
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A made-up document in the flattened layout of the Computop page.
    const FLAT: &str = "Intro\n\nhttps://pay.example/one.aspx\n\nKeyFormatCNDDescription\n\nAlpha\n\nans..30\n\nM\n\nFirst key.\n\nNote\n\nBeta\n\nn..10\n\nO\n\nSecond key.\n\nParameters for one\n\nKeyFormatCNDDescription\n\nGamma\n\nan8\n\nC\n\nThird key.\n\nResponse parameters for one\n";

    #[test]
    fn computop_layout() {
        let tables = computop_tables(FLAT).unwrap();
        assert_eq!(tables.len(), 2);
        assert!(tables[0].is_request && !tables[1].is_request);
        assert_eq!(tables[0].caption, "Parameters for one");
        let keys: Vec<_> = tables[0]
            .rows
            .iter()
            .map(|r| (r.key.as_str(), r.format.as_str(), r.cnd.as_str()))
            .collect();
        assert_eq!(keys, [("Alpha", "ans..30", "M"), ("Beta", "n..10", "O")]);
        assert_eq!(tables[1].rows[0].key, "Gamma");
    }

    #[test]
    fn computop_empty_table_is_an_error() {
        let text = "https://pay.example/one.aspx\nKeyFormatCNDDescription\n\nParameters for one\n";
        assert!(computop_tables(text).unwrap_err().contains("no rows"));
        assert!(computop_tables("nothing here").is_err());
        let no_caption = "https://pay.example/one.aspx\nKeyFormatCNDDescription\nAlpha\nan8\nM\n";
        assert!(computop_tables(no_caption).unwrap_err().contains("caption"));
    }

    #[test]
    fn monext_tables() {
        let text = "x\nNom du champ\tExemple\n<code>buyer.firstname</code>\tJo\n\norder.amount\t10\nLe texte\n\nCode\tShortMessage\tLongMessage\n02012\tERROR\tSome text\n\n02008\tCANCELLED\tOther\n\n## Next\n";
        let m = monext_mandatory_table(text).unwrap();
        assert_eq!(
            m.iter().map(|r| r.field.as_str()).collect::<Vec<_>>(),
            ["buyer.firstname", "order.amount"]
        );
        let c = monext_code_table(text).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].short, "CANCELLED");
        assert!(monext_code_table("Code\tShortMessage\tLongMessage\n\nprose\n").is_err());
    }

    #[test]
    fn facts_list() {
        let text = "## M\n\n- 02xxx codes (code, shortMessage, longMessage):\n  02000 ONHOLD_PARTNER In progress, wait ·\n  02001 ERROR Duplicate · 02533 customer not redirected ·\n  02534 gone.\n- Next bullet 02999 X\n";
        let f = facts_02xxx(text).unwrap();
        assert_eq!(f.len(), 4);
        assert_eq!(f[0].short.as_deref(), Some("ONHOLD_PARTNER"));
        assert_eq!(f[0].long.as_deref(), Some("In progress, wait"));
        assert_eq!(f[2].short, None);
        assert_eq!(f[3].long.as_deref(), Some("gone"));
        assert_eq!(f[3].line, 6);
    }
}
