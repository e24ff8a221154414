//! Codes written as unquoted YAML numbers. serde reads any scalar as text when text is asked
//! for, so `code: 02008` loads as `"02008"` and `code: 2008` as `"2008"`; but YAML tools read
//! both as numbers (and `02008` as octal or 2008), losing the leading zeros. The spec language
//! asks for quoted codes, so the checker reads the scalar styles itself.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::DiagnosticKind;

use super::Cx;

pub(super) fn check(cx: &mut Cx<'_>) {
    let plain = plain_codes(&cx.spec.text);
    if plain.is_empty() {
        return;
    }
    let spec = &cx.spec.spec;
    let mut paths = Vec::new();
    for (i, table) in spec.code_tables.iter().enumerate() {
        paths.extend((0..table.codes.len()).map(|j| format!("code_tables[{i}].codes[{j}].code")));
        paths.extend(
            (0..table.families.len()).map(|j| format!("code_tables[{i}].families[{j}].prefix")),
        );
    }
    for (i, profile) in spec.profiles.iter().enumerate() {
        paths.extend(
            (0..profile.test_outcomes.len())
                .map(|j| format!("profiles[{i}].test_outcomes[{j}].code")),
        );
    }
    for path in paths {
        if let Some(value) = plain.get(&path) {
            let what = if path.ends_with(".prefix") {
                "prefix"
            } else {
                "code"
            };
            cx.report(
                DiagnosticKind::Shape,
                &path,
                format!("{what} {value} is an unquoted YAML number (YAML tools drop leading zeros or read it as octal)"),
                format!("a quoted string: \"{value}\""),
            );
        }
    }
}

/// Whether YAML 1.1 or 1.2 resolves the plain scalar as something other than a string.
fn reads_as_non_string(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "" | "~"
            | "null"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".inf"
            | "-.inf"
            | "+.inf"
            | ".nan"
    ) {
        return true;
    }
    let unsigned = lower.strip_prefix(['-', '+']).unwrap_or(&lower);
    for (radix_prefix, digit) in [
        ("0x", (|c: char| c.is_ascii_hexdigit()) as fn(char) -> bool),
        ("0o", |c: char| c.is_digit(8)),
        ("0b", |c: char| c == '0' || c == '1'),
    ] {
        if let Some(rest) = unsigned.strip_prefix(radix_prefix) {
            return !rest.is_empty() && rest.chars().all(|c| digit(c) || c == '_');
        }
    }
    // Integers and floats: digits, `_` (YAML 1.1), one `.`, an exponent.
    let (mantissa, exponent) = match unsigned.split_once('e') {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let mantissa_ok = mantissa.chars().any(|c| c.is_ascii_digit())
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '_' || c == '.')
        && mantissa.matches('.').count() <= 1;
    let exponent_ok =
        exponent.is_none_or(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_digit()));
    mantissa_ok && exponent_ok
}

/// Paths (serde_yaml spelling) of plain scalars under a `code` or `prefix` key that YAML reads
/// as non-strings, with their text. Malformed YAML gives nothing (serde reported it).
fn plain_codes(text: &str) -> HashMap<String, String> {
    let mut recorder = Recorder::default();
    let mut parser = Parser::new_from_str(text);
    if parser.load(&mut recorder, false).is_err() {
        return HashMap::new();
    }
    recorder.found
}

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, index: usize },
}

#[derive(Default)]
struct Recorder {
    stack: Vec<Frame>,
    found: HashMap<String, String>,
}

impl Recorder {
    /// The path of a value starting now; `None` when the scalar is a mapping key (recorded).
    fn value_path(&mut self, key_text: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { path, index }) => {
                let item = format!("{path}[{index}]");
                *index += 1;
                Some(item)
            }
            Some(Frame::Mapping { path, key }) => match key.take() {
                Some(k) => Some(if path.is_empty() {
                    k
                } else {
                    format!("{path}.{k}")
                }),
                None => {
                    *key = Some(key_text.unwrap_or("?").to_string());
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        match event {
            Event::Scalar(value, style, ..) => {
                if let Some(path) = self.value_path(Some(&value))
                    && style == TScalarStyle::Plain
                    && (path.ends_with(".code") || path.ends_with(".prefix"))
                    && reads_as_non_string(&value)
                {
                    self.found.insert(path, value);
                }
            }
            Event::Alias(_) => {
                self.value_path(Some("*alias"));
            }
            Event::SequenceStart(..) => {
                let path = self.value_path(None).unwrap_or_default();
                self.stack.push(Frame::Sequence { path, index: 0 });
            }
            Event::MappingStart(..) => {
                let path = self.value_path(None).unwrap_or_default();
                self.stack.push(Frame::Mapping { path, key: None });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_words() {
        for yes in [
            "02008", "2008", "-1", "1.5", "1e3", "0x1F", "0o17", "1_000", "true", "No", "~", ".inf",
        ] {
            assert!(reads_as_non_string(yes), "{yes}");
        }
        for no in ["00A", "OK", "2A", "1.2.3", "e5", "0x", "-", "."] {
            assert!(!reads_as_non_string(no), "{no}");
        }
    }

    #[test]
    fn finds_plain_codes_only() {
        let text = "code_tables:\n  - codes:\n      - { code: 02008 }\n      - { code: \"02009\" }\n      - code: 7\n    families:\n      - { prefix: 02 }\n";
        let found = plain_codes(text);
        assert_eq!(
            found
                .get("code_tables[0].codes[0].code")
                .map(String::as_str),
            Some("02008")
        );
        assert_eq!(found.get("code_tables[0].codes[1].code"), None);
        assert_eq!(
            found
                .get("code_tables[0].codes[2].code")
                .map(String::as_str),
            Some("7")
        );
        assert_eq!(
            found
                .get("code_tables[0].families[0].prefix")
                .map(String::as_str),
            Some("02")
        );
    }
}
