//! Parsers for the tables of the source documents in `../shared/seeds/` and of
//! `../shared/facts.md`, as the doc cross-check (`tests/doc_crosscheck.rs`) reads them.
//!
//! Every parser returns an error rather than an empty result when it cannot find what it looks
//! for, so that a change of layout in a document makes the cross-check fail instead of
//! passing over zero rows.

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

fn numbered(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .collect()
}

/// Whether a line is the caption that closes a Computop table, such as
/// `Parameters for payments with WeChat` or `Response parameters for reversals`.
pub fn is_computop_caption(line: &str) -> bool {
    let lower = line.trim().to_ascii_lowercase();
    let rest = ["results ", "result ", "response ", "request ", ""]
        .iter()
        .find_map(|prefix| {
            lower
                .strip_prefix(prefix)
                .filter(|r| r.starts_with("parameters for "))
        });
    rest.is_some() && !lower.ends_with('.') && !lower.ends_with(':') && lower.len() < 120
}

fn is_key_token(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn is_single_token(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace)
}

fn is_cnd(s: &str) -> bool {
    matches!(s, "M" | "O" | "C")
}

/// Every parameter table of the Computop document, in the document's order.
///
/// A table starts at a `KeyFormatCNDDescription` line; each row is a key line, a format line
/// and a condition line (blank lines between them are ignored), followed by description lines;
/// the table ends at its caption line. Errors: a header without rows, a header whose first line
/// is not a row, a table without caption, a table before any URL, or a third table after one
/// URL.
pub fn computop_tables(text: &str) -> Result<Vec<ComputopTable>, String> {
    let lines = numbered(text);
    let mut tables = Vec::new();
    let mut url: Option<String> = None;
    let mut tables_since_url = 0;
    let mut i = 0;
    while i < lines.len() {
        let (line_no, line) = lines[i];
        if line.starts_with("https://") && !line.contains(char::is_whitespace) {
            url = Some(line.to_string());
            tables_since_url = 0;
            i += 1;
            continue;
        }
        if line != COMPUTOP_HEADER {
            i += 1;
            continue;
        }
        let Some(current_url) = url.clone() else {
            return Err(format!("line {line_no}: a table before any URL"));
        };
        if tables_since_url >= 2 {
            return Err(format!(
                "line {line_no}: a third table after the URL {current_url}"
            ));
        }
        // The table's non-blank lines up to its caption.
        let mut body: Vec<(usize, &str)> = Vec::new();
        let mut caption = None;
        let mut j = i + 1;
        while j < lines.len() {
            let (n, l) = lines[j];
            if is_computop_caption(l) {
                caption = Some(l.to_string());
                break;
            }
            if l == COMPUTOP_HEADER || l.starts_with("https://") {
                break;
            }
            if !l.is_empty() {
                body.push((n, l));
            }
            j += 1;
        }
        let Some(caption) = caption else {
            return Err(format!(
                "line {line_no}: the table has no caption line (`Parameters for ...`)"
            ));
        };
        let mut rows = Vec::new();
        let mut k = 0;
        while k < body.len() {
            let is_row = k + 2 < body.len()
                && is_key_token(body[k].1)
                && is_single_token(body[k + 1].1)
                && is_cnd(body[k + 2].1);
            if is_row {
                rows.push(ComputopRow {
                    key: body[k].1.to_string(),
                    format: body[k + 1].1.to_string(),
                    cnd: body[k + 2].1.to_string(),
                    line: body[k].0,
                });
                k += 3;
            } else if rows.is_empty() {
                return Err(format!(
                    "line {}: table `{caption}`: expected a row (key, format, M/O/C) right after the header, found `{}`",
                    body[k].0, body[k].1
                ));
            } else {
                k += 1; // a description line
            }
        }
        if rows.is_empty() {
            return Err(format!("line {line_no}: table `{caption}` has no rows"));
        }
        tables.push(ComputopTable {
            url: current_url,
            is_request: tables_since_url == 0,
            caption,
            line: line_no,
            rows,
        });
        tables_since_url += 1;
        i = j + 1;
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

fn tab_cells(line: &str) -> Vec<String> {
    line.split('\t').map(|c| c.trim().to_string()).collect()
}

/// The rows following the single header line whose tab-separated cells are `header`: blank
/// lines are skipped, the first non-blank line `row` rejects ends the table.
fn tab_table<T>(
    text: &str,
    header: &[&str],
    mut row: impl FnMut(usize, &[String]) -> Option<T>,
) -> Result<Vec<T>, String> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| tab_cells(l).iter().map(String::as_str).collect::<Vec<_>>() == header)
        .map(|(idx, _)| idx)
        .collect();
    let shown = header.join(" | ");
    let start = match starts.as_slice() {
        [one] => *one,
        [] => return Err(format!("no table with the header `{shown}`")),
        many => {
            return Err(format!(
                "{} tables with the header `{shown}`; expected one",
                many.len()
            ));
        }
    };
    let mut rows = Vec::new();
    for (line_no, line) in &lines[start + 1..] {
        if line.trim().is_empty() {
            continue;
        }
        match row(*line_no, &tab_cells(line)) {
            Some(r) => rows.push(r),
            None => break,
        }
    }
    if rows.is_empty() {
        return Err(format!(
            "the table `{shown}` (line {}) has no rows",
            lines[start].0
        ));
    }
    Ok(rows)
}

/// The return-code table of a Monext integration page.
pub fn monext_code_table(text: &str) -> Result<Vec<MonextCodeRow>, String> {
    tab_table(
        text,
        &["Code", "ShortMessage", "LongMessage"],
        |line, cells| match cells {
            [code, short, long] if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) => {
                Some(MonextCodeRow {
                    code: code.clone(),
                    short: short.clone(),
                    long: long.clone(),
                    line,
                })
            }
            _ => None,
        },
    )
}

fn strip_code_tags(cell: &str) -> String {
    cell.replace("<code>", "")
        .replace("</code>", "")
        .replace('`', "")
        .trim()
        .to_string()
}

/// The mandatory-field table of a Monext integration page.
pub fn monext_mandatory_table(text: &str) -> Result<Vec<MonextMandatoryRow>, String> {
    tab_table(
        text,
        &["Nom du champ", "Exemple"],
        |line, cells| match cells {
            [field, example] => {
                let field = strip_code_tags(field);
                let dotted = !field.is_empty()
                    && field.split('.').all(|part| {
                        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric())
                    });
                dotted.then(|| MonextMandatoryRow {
                    field,
                    example: example.clone(),
                    line,
                })
            }
            _ => None,
        },
    )
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
