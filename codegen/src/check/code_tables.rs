//! Return-code tables: ids unique within the provider, codes unique in their table and of the
//! table's `code_format`, family prefixes unique and able to start such a code.

use std::collections::HashMap;

use crate::diagnostic::DiagnosticKind;
use crate::format::{DatePart, Format};

use super::Cx;

pub(super) fn check(cx: &mut Cx<'_>) {
    let spec = &cx.spec.spec;
    for (i, table) in spec.code_tables.iter().enumerate() {
        let at = format!("code_tables[{i}]");
        if table.id.trim().is_empty() {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.id"),
                "empty code table id",
                "an id such as `result`",
            );
        }
        if let Some(first) = cx.provider.table(&table.id)
            && !cx.is_here(first, &at)
        {
            let place = cx.place(first);
            cx.report(
                DiagnosticKind::Duplicate,
                &format!("{at}.id"),
                format!(
                    "code table id `{}` is already defined for provider `{}` ({place})",
                    table.id, spec.provider.0
                ),
                "code table ids unique within a provider, across its files",
            );
        }
        let format = &table.code_format;

        let mut seen: HashMap<&str, String> = HashMap::new();
        for (j, row) in table.codes.iter().enumerate() {
            let path = format!("{at}.codes[{j}].code");
            let code = row.code.0.as_str();
            if let Some(first) = seen.get(code) {
                let first_line = cx.line(first);
                cx.report(
                    DiagnosticKind::Duplicate,
                    &path,
                    format!(
                        "code `{code}` is listed twice in table `{}` (first at line {first_line})",
                        table.id
                    ),
                    "each code once per table",
                );
            } else {
                seen.insert(code, path.clone());
            }
            if !format.admits(code) {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &path,
                    format!("code `{code}` does not fit the table's code_format `{format}`"),
                    format!("codes of the format `{format}`"),
                );
            }
        }

        let mut seen: HashMap<&str, String> = HashMap::new();
        for (j, family) in table.families.iter().enumerate() {
            let path = format!("{at}.families[{j}].prefix");
            let prefix = family.prefix.0.as_str();
            if let Some(first) = seen.get(prefix) {
                let first_line = cx.line(first);
                cx.report(
                    DiagnosticKind::Duplicate,
                    &path,
                    format!("family prefix `{prefix}` is listed twice in table `{}` (first at line {first_line})", table.id),
                    "each prefix once per table",
                );
            } else {
                seen.insert(prefix, path.clone());
            }
            // A success must be listed code by code: a family classifies codes nobody has
            // read (Computop's first character `0` is "OK" as a group, yet only `00000000`
            // is a success), and reporting one of those as paid ships goods for nothing.
            if family.outcome == crate::spec::ast::Outcome::Success {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &format!("{at}.families[{j}].outcome"),
                    format!(
                        "family `{prefix}` of table `{}` grants `success` to codes it does not list",
                        table.id
                    ),
                    "`success` only on listed codes (`codes:` rows); a family's outcome is any other",
                );
            }
            if !admits_prefix(format, prefix) {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &path,
                    format!(
                        "family prefix `{prefix}` cannot start a code of the format `{format}`"
                    ),
                    format!(
                        "a prefix of the format `{format}` (its characters, at most its length)"
                    ),
                );
            }
        }
    }
}

/// Whether some value of `format` starts with `prefix`.
pub(super) fn admits_prefix(format: &Format, prefix: &str) -> bool {
    match format {
        Format::Chars { class, length } => {
            prefix.chars().all(|c| class.admits(c))
                && length
                    .max()
                    .is_none_or(|max| prefix.chars().count() <= max as usize)
        }
        Format::Bool => "true".starts_with(prefix) || "false".starts_with(prefix),
        Format::Int64 => {
            let digits = prefix.strip_prefix('-').unwrap_or(prefix);
            digits.len() <= 19 && digits.bytes().all(|b| b.is_ascii_digit())
        }
        Format::DateTime => {
            use DatePart::*;
            let iso = [
                Year4,
                Literal('-'),
                Month,
                Literal('-'),
                Day,
                Literal('T'),
                Hour,
                Literal(':'),
                Minute,
                Literal(':'),
                Second,
            ];
            date_prefix(&iso, prefix)
        }
        Format::Date { parts, .. } => date_prefix(parts, prefix),
    }
}

fn date_prefix(parts: &[DatePart], prefix: &str) -> bool {
    let mut slots = parts.iter().flat_map(|part| {
        let literal = match part {
            DatePart::Literal(c) => Some(*c),
            _ => None,
        };
        std::iter::repeat_n(literal, part.width())
    });
    prefix.chars().all(|c| match slots.next() {
        Some(Some(literal)) => c == literal,
        Some(None) => c.is_ascii_digit(),
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let n5 = Format::parse("n5").unwrap();
        assert!(admits_prefix(&n5, "02"));
        assert!(admits_prefix(&n5, "02008"));
        assert!(!admits_prefix(&n5, "020081"));
        assert!(!admits_prefix(&n5, "0A"));
        let date = Format::parse("date(DD/MM)").unwrap();
        assert!(admits_prefix(&date, "01/"));
        assert!(!admits_prefix(&date, "01-"));
        assert!(admits_prefix(&Format::Bool, "tr"));
        assert!(admits_prefix(&Format::Int64, "-12"));
        assert!(admits_prefix(&Format::DateTime, "2024-"));
    }
}
