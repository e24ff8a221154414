//! Printing: the header line, then the items as prettyplease prints them, with a blank line
//! between items (top-level, and associated items of an `impl`).

use proc_macro2::TokenStream;

/// The first line of every generated file; `cargo xtask` recognizes generated files by it.
pub fn header(spec_files: &[String]) -> String {
    format!(
        "{} from {} — do not edit\n",
        crate::GENERATED_MARKER,
        spec_files.join(", ")
    )
}

/// One top-level piece of a generated file.
pub enum Part {
    /// Items as tokens, printed by prettyplease.
    Tokens(TokenStream),
    /// Items the emitter wrote as source text, already laid out: data tables, one row a line,
    /// where prettyplease's 89-column margin would spread every row over several lines, and
    /// where building tokens only to have syn parse them back costs most of the generation.
    Text(String),
    /// An `impl` as tokens, with associated items written as text appended inside it,
    /// before its closing brace (a message's rule constants).
    Extended(TokenStream, String),
}

impl From<TokenStream> for Part {
    fn from(tokens: TokenStream) -> Part {
        Part::Tokens(tokens)
    }
}

/// Why printing failed: the generator built tokens that do not parse (a generator bug).
#[derive(Debug)]
pub struct PrintError(pub String);

/// Prints inner doc lines and items as one file body, each item separated by a blank line.
///
/// Takes the items by value: syn parses a token stream it owns without copying it, whereas a
/// shared one is copied token by token first.
pub fn print_items(inner_docs: &[String], items: Vec<Part>) -> Result<String, PrintError> {
    let docs = super::docs::take();
    print_items_with(inner_docs, items, &docs)
}

/// [`print_items`] with the doc comments already taken ([`super::docs::take`]): the files of
/// one provider's folder are built together and share one table of doc placeholders.
pub fn print_items_with(
    inner_docs: &[String],
    items: Vec<Part>,
    docs: &[Vec<String>],
) -> Result<String, PrintError> {
    let mut out = String::new();
    for line in inner_docs {
        if line.is_empty() {
            out.push_str("//!\n");
        } else {
            out.push_str("//! ");
            out.push_str(line);
            out.push('\n');
        }
    }
    for (index, item) in items.into_iter().enumerate() {
        if !out.is_empty() {
            out.push('\n');
        }
        match item {
            Part::Tokens(item) => {
                let file: syn::File = syn::parse2(item)
                    .map_err(|e| PrintError(format!("{e} in item {} of the file", index + 1)))?;
                let printed = prettyplease::unparse(&file);
                let printed = restore_docs(&join_short_lines(&printed), docs)?;
                out.push_str(&space_associated_items(&printed));
            }
            Part::Text(text) => out.push_str(&text),
            Part::Extended(item, more) => {
                let file: syn::File = syn::parse2(item)
                    .map_err(|e| PrintError(format!("{e} in item {} of the file", index + 1)))?;
                let printed = prettyplease::unparse(&file);
                let printed = restore_docs(&join_short_lines(&printed), docs)?;
                let printed = space_associated_items(&printed);
                // The `impl` ends with its closing brace: the text goes in before it.
                match printed.strip_suffix("}\n") {
                    Some(body) => {
                        out.push_str(body);
                        out.push('\n');
                        out.push_str(&more);
                        out.push_str("}\n");
                    }
                    None => {
                        return Err(PrintError(format!(
                            "item {} is not an `impl` block to extend",
                            index + 1
                        )));
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The right margin of [`join_short_lines`]: rustfmt's default width.
const MARGIN: usize = 100;

/// Puts back on one line what prettyplease spread over several to stay within its margin of
/// 89 columns, where the whole fits in 100 (rustfmt's width): argument and array lists
/// (`f(\n a,\n b,\n)` → `f(a, b)`), method chains and `&&` / `||` continuations, and the
/// `{` that prettyplease puts on its own line after a broken `if` condition. Only line breaks
/// and indentation change, never a token: a list is joined only when each of its lines is
/// one whole item (none opens a nested block), so the result parses to the same tree. Runs
/// until nothing changes (inner lists join first).
pub fn join_short_lines(printed: &str) -> String {
    let mut lines: Vec<String> = printed.lines().map(str::to_string).collect();
    loop {
        let before = lines.len();
        lines = join_lists(lines);
        lines = join_chains(lines);
        if lines.len() == before {
            break;
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether a line can be moved onto another: code, not a comment or attribute.
fn joinable(line: &str) -> bool {
    let t = line.trim_start();
    !(t.starts_with("//") || t.starts_with('#'))
}

/// `head(` / `head[` followed by items one a line at one more indentation, closed by a line
/// at the head's indentation starting with `)` / `]`.
fn join_lists(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let open = line.chars().last().filter(|c| matches!(c, '(' | '['));
        let Some(open) = open.filter(|_| joinable(line)) else {
            out.push(line.clone());
            i += 1;
            continue;
        };
        let close = if open == '(' { ')' } else { ']' };
        let indent = indent_of(line);
        let mut items: Vec<&str> = Vec::new();
        let mut end = None;
        for (j, inner) in lines.iter().enumerate().skip(i + 1) {
            let t = inner.trim_start();
            if indent_of(inner) == indent && t.starts_with(close) {
                end = Some(j);
                break;
            }
            let nested = t.ends_with(['(', '[', '{']) || t.starts_with(['}', ')', ']']);
            if indent_of(inner) != indent + 4 || nested || !joinable(inner) {
                break;
            }
            items.push(t);
        }
        let Some((end, closing)) = end
            .filter(|_| !items.is_empty())
            .and_then(|end| Some((end, lines.get(end)?)))
        else {
            out.push(line.clone());
            i += 1;
            continue;
        };
        // One item a line, each ending with `,` (a trailing comma is dropped); a single line
        // without a comma is a macro's or a condition's tokens, joined as they are.
        let all_items = items.iter().all(|t| t.ends_with(','));
        if !all_items && items.len() > 1 {
            out.push(line.clone());
            i += 1;
            continue;
        }
        let mut body = items.join(" ");
        if all_items {
            body.pop();
        }
        let joined = format!("{line}{body}{}", closing.trim_start());
        if joined.len() <= MARGIN {
            out.push(joined);
            i = end + 1;
        } else {
            out.push(line.clone());
            i += 1;
        }
    }
    out
}

/// A line followed by continuation lines one indentation deeper starting with `.`, `?`, `&&`
/// or `||` (a method chain, a broken condition), and a lone `{` after a broken condition.
fn join_chains(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let indent = indent_of(line);
        let mut joined = line.clone();
        let mut j = i + 1;
        if joinable(line) && !line.trim_end().ends_with([';', '{', '(', '[', ',']) {
            while let Some(next) = lines.get(j) {
                let t = next.trim_start();
                let continues = indent_of(next) == indent + 4
                    && (t.starts_with('.')
                        || t.starts_with('?')
                        || t.starts_with("&& ")
                        || t.starts_with("|| "))
                    && !t.ends_with(['(', '['])
                    && joinable(next);
                if !continues {
                    break;
                }
                let glue = if t.starts_with('.') || t.starts_with('?') {
                    ""
                } else {
                    " "
                };
                let candidate = format!("{joined}{glue}{t}");
                if candidate.len() > MARGIN {
                    break;
                }
                joined = candidate;
                j += 1;
            }
        }
        // Only a chain joined whole counts; a partly joined chain stays as printed.
        let whole = lines.get(j).is_none_or(|next| {
            let t = next.trim_start();
            !(indent_of(next) == indent + 4
                && (t.starts_with('.') || t.starts_with("&& ") || t.starts_with("|| ")))
        });
        if j > i + 1 && whole {
            // `if cond\n{` → `if cond {` when it fits.
            if lines
                .get(j)
                .is_some_and(|next| next.trim() == "{" && indent_of(next) == indent)
                && joined.len() + 2 <= MARGIN
            {
                joined.push_str(" {");
                j += 1;
            }
            out.push(joined);
            i = j;
        } else {
            out.push(line.clone());
            i += 1;
        }
    }
    out
}

/// Replaces each placeholder doc line (`///@pspec-doc:<n>`, see `docs::attrs`) by the doc
/// comment lines it stands for, at its indentation.
fn restore_docs(printed: &str, docs: &[Vec<String>]) -> Result<String, PrintError> {
    let marker = format!("///{}", super::docs::PLACEHOLDER);
    if !printed.contains(&marker) {
        return Ok(printed.to_string());
    }
    let mut out = String::with_capacity(printed.len() * 2);
    for line in printed.lines() {
        let trimmed = line.trim_start();
        let Some(number) = trimmed.strip_prefix(&marker) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let lines = number
            .parse::<usize>()
            .ok()
            .and_then(|n| docs.get(n))
            .ok_or_else(|| PrintError(format!("unknown doc placeholder `{trimmed}`")))?;
        let indent = &line[..line.len() - trimmed.len()];
        for doc in lines {
            out.push_str(indent);
            if doc.is_empty() {
                out.push_str("///\n");
            } else {
                out.push_str("/// ");
                out.push_str(doc);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// Inserts a blank line between the associated items of an `impl` (prettyplease prints them
/// back to back). An associated item ends with a line at indentation 4 that closes a body
/// (`    }`) or ends a declaration (`    pub const X: T = v;`); the next item starts at the
/// same indentation.
fn space_associated_items(printed: &str) -> String {
    let lines: Vec<&str> = printed.lines().collect();
    let mut out = String::with_capacity(printed.len() + 64);
    let mut in_impl = false;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with("impl") {
            in_impl = true;
        } else if !line.starts_with(' ') {
            in_impl = false;
        }
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let ends_item = *line == "    }"
            || (line.starts_with("    ") && !line.starts_with("     ") && line.ends_with(';'));
        let next_starts_item =
            next.starts_with("    ") && !next.starts_with("     ") && *next != "    }";
        if in_impl && ends_item && next_starts_item {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::join_short_lines;

    #[test]
    fn joins_lists_and_chains_that_fit_and_leaves_the_rest() {
        let printed = "\
fn f() {
    wire.push_some(
        \"ShopSystem\",
        self.shop_system.as_ref().map(|v| v.as_str()),
    );
    if self
        .buyer
        .is_none()
    {
        found.report(\"buyer\", rt::RuleKind::Missing, \"mandatory\");
    }
}
";
        let expected = "\
fn f() {
    wire.push_some(\"ShopSystem\", self.shop_system.as_ref().map(|v| v.as_str()));
    if self.buyer.is_none() {
        found.report(\"buyer\", rt::RuleKind::Missing, \"mandatory\");
    }
}
";
        assert_eq!(join_short_lines(printed), expected);
    }

    #[test]
    fn never_joins_past_the_margin_or_across_a_nested_block() {
        let long = format!(
            "    f(\n        \"{}\",\n        b,\n    );\n",
            "x".repeat(90)
        );
        assert_eq!(join_short_lines(&long), long);
        let nested = "    f(\n        |v| {\n            v\n        },\n    );\n";
        assert_eq!(join_short_lines(nested), nested);
    }
}
