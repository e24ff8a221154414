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

/// Why printing failed: the generator built tokens that do not parse (a generator bug).
#[derive(Debug)]
pub struct PrintError(pub String);

/// Prints inner doc lines and items as one file body, each item separated by a blank line.
///
/// Takes the items by value: syn parses a token stream it owns without copying it, whereas a
/// shared one is copied token by token first.
pub fn print_items(inner_docs: &[String], items: Vec<TokenStream>) -> Result<String, PrintError> {
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
        let file: syn::File = syn::parse2(item)
            .map_err(|e| PrintError(format!("{e} in item {} of the file", index + 1)))?;
        let printed = prettyplease::unparse(&file);
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&space_associated_items(&printed));
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
