//! The one sanitizer: every Rust identifier the generator writes is made here, from a spec name
//! (wire name, operation id, table id, value, code) or a `rust_name` override.
//!
//! Rules, in order:
//! 1. every character that is not an ASCII letter or digit separates words (`.` of dotted
//!    paths, `-`, `_`, `:`, spaces, non-ASCII letters);
//! 2. the words are cased by heck: `snake_case` for fields and modules, `UpperCamelCase` for
//!    types and variants (`URLSuccess` → `url_success` / `UrlSuccess`, `MerchantID` →
//!    `merchant_id`, `redirect.data` → `RedirectData`);
//! 3. a name left empty is an error (the spec must set `rust_name`);
//! 4. a name starting with a digit gets the prefix `N` (`UpperCamelCase`: `02008` →
//!    `N02008`) or `n_` (`snake_case`: `3DSecure` → `n_3d_secure`);
//! 5. `self`, `Self`, `crate` and `super`, which cannot be raw identifiers, get a trailing `_`
//!    (`self_`, `Self_`);
//! 6. any other keyword becomes a raw identifier (`r#type`, `r#ref`).
//!
//! A `rust_name` override is taken as written when it is a valid identifier (a keyword still
//! becomes raw). Two spec names that end up as one identifier in one scope are a
//! [`NameCollision`](crate::diagnostic::DiagnosticKind::NameCollision), reported by
//! the model's scopes (`model::scope`).

use std::fmt;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// How an identifier is cased.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `snake_case`: fields, modules, locals.
    Snake,
    /// `UpperCamelCase`: types, variants.
    UpperCamel,
    /// `SCREAMING_SNAKE_CASE`: constants.
    ScreamingSnake,
}

/// A valid Rust identifier, possibly raw (`r#type`). Only the sanitizer makes them, so turning
/// one into a token never fails.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName {
    /// The identifier without any `r#` prefix.
    text: String,
    /// Whether it is written as a raw identifier.
    raw: bool,
}

impl RustName {
    /// The identifier as written in source (`r#type`).
    pub fn as_source(&self) -> String {
        if self.raw {
            format!("r#{}", self.text)
        } else {
            self.text.clone()
        }
    }

    /// The identifier without the raw prefix (`type`).
    pub fn bare(&self) -> &str {
        &self.text
    }

    /// Whether it must be written raw.
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// The identifier as a token.
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if self.raw {
            proc_macro2::Ident::new_raw(&self.text, span)
        } else {
            proc_macro2::Ident::new(&self.text, span)
        }
    }

    /// This name followed by `suffix` (an identifier tail such as `Request`), re-checked.
    pub fn with_suffix(&self, suffix: &str) -> Result<RustName, NameError> {
        finish(format!("{}{suffix}", self.text), Case::UpperCamel)
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_source())
    }
}

/// Why a name cannot become an identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameError {
    /// What is wrong.
    pub problem: String,
}

/// Strict and reserved keywords of edition 2024: the one list, used by the sanitizer here and by
/// the check of `rust_name` overrides.
const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// The keywords that cannot be raw identifiers (`r#self` is not an identifier).
const NOT_RAW: [&str; 4] = ["self", "Self", "crate", "super"];

/// Whether `word` is a Rust keyword (edition 2024), so not a plain identifier.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Turns a spec name into an identifier of the given case.
pub fn sanitize(name: &str, case: Case) -> Result<RustName, NameError> {
    // Rule 1: only ASCII letters and digits survive; everything else splits words.
    let words: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let cased = match case {
        Case::Snake => words.to_snake_case(),
        Case::UpperCamel => words.to_upper_camel_case(),
        Case::ScreamingSnake => words.to_shouty_snake_case(),
    };
    if cased.is_empty() {
        return Err(NameError {
            problem: format!("`{name}` has no ASCII letter or digit to make a Rust name of"),
        });
    }
    finish(cased, case)
}

/// Turns a dotted path of spec names (`redirect.data`) into one `UpperCamelCase` name, each
/// segment cased on its own and the results joined.
pub fn sanitize_path(parts: &[&str]) -> Result<RustName, NameError> {
    let mut joined = String::new();
    for part in parts {
        for segment in part.split('.') {
            // Sanitizing each segment keeps word boundaries that joining would lose.
            let words: String = segment
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                .collect();
            joined.push_str(&words.to_upper_camel_case());
        }
    }
    if joined.is_empty() {
        return Err(NameError {
            problem: format!(
                "`{}` has no ASCII letter or digit to make a Rust name of",
                parts.join(".")
            ),
        });
    }
    finish(joined, Case::UpperCamel)
}

/// Checks a `rust_name` override: taken as written when it is an identifier.
pub fn override_name(name: &str) -> Result<RustName, NameError> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if !valid {
        return Err(NameError {
            problem: format!(
                "rust_name `{name}` is not a Rust identifier (ASCII letters, digits and `_`, not starting with a digit)"
            ),
        });
    }
    finish(name.to_string(), Case::Snake)
}

/// A stand-in name after a reported naming error, so that lowering can go on and report
/// every other problem in the same run. Never reaches generated code: any error stops
/// generation.
pub fn placeholder() -> RustName {
    RustName {
        text: "invalid_name".to_string(),
        raw: false,
    }
}

/// Rules 4 to 6.
fn finish(mut text: String, case: Case) -> Result<RustName, NameError> {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        let prefix = match case {
            Case::UpperCamel => "N",
            Case::Snake => "n_",
            Case::ScreamingSnake => "N_",
        };
        text.insert_str(0, prefix);
    }
    if NOT_RAW.contains(&text.as_str()) {
        text.push('_');
    }
    // What is left of the keywords can be written raw (`r#type`).
    let raw = is_keyword(&text);
    Ok(RustName { text, raw })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snake(s: &str) -> String {
        sanitize(s, Case::Snake).unwrap().as_source()
    }

    fn camel(s: &str) -> String {
        sanitize(s, Case::UpperCamel).unwrap().as_source()
    }

    #[test]
    fn acronyms_and_separators() {
        assert_eq!(snake("URLSuccess"), "url_success");
        assert_eq!(snake("MerchantID"), "merchant_id");
        assert_eq!(snake("PayID"), snake("PayId"));
        assert_eq!(snake("js_code"), "js_code");
        assert_eq!(camel("HMAC-SHA256"), "HmacSha256");
        assert_eq!(camel("result-code"), "ResultCode");
        assert_eq!(
            sanitize_path(&["doWebPayment", "Request", "redirect.data"])
                .unwrap()
                .as_source(),
            "DoWebPaymentRequestRedirectData"
        );
    }

    #[test]
    fn keywords_digits_and_self() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("ref"), "r#ref");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(camel("self"), "Self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(camel("02008"), "N02008");
        assert_eq!(snake("3DSecure"), "n_3d_secure");
        assert_eq!(
            sanitize("3DSecure", Case::ScreamingSnake)
                .unwrap()
                .as_source(),
            "N_3D_SECURE"
        );
        assert_eq!(
            override_name("buyer_id_code").unwrap().as_source(),
            "buyer_id_code"
        );
        assert_eq!(override_name("match").unwrap().as_source(), "r#match");
        assert!(override_name("3x").is_err());
        assert!(override_name("a-b").is_err());
    }

    #[test]
    fn empty_names_are_errors() {
        assert!(sanitize("---", Case::Snake).is_err());
        assert!(sanitize("", Case::UpperCamel).is_err());
        assert!(sanitize("Élan", Case::Snake).is_ok());
    }

    #[test]
    fn every_result_is_a_token() {
        for name in [
            "type",
            "self",
            "Self",
            "3d",
            "x",
            "HMAC-SHA256",
            "r#x",
            "a.b.c",
            "yield",
        ] {
            for case in [Case::Snake, Case::UpperCamel, Case::ScreamingSnake] {
                if let Ok(n) = sanitize(name, case) {
                    let _ = n.ident();
                }
            }
        }
    }
}
