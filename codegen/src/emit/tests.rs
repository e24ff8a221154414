//! The generator on specs the checker never saw: every problem is a located diagnostic, never a
//! panic; and whatever it accepts prints.

use super::GeneratedFile;
use crate::diagnostic::DiagnosticKind;
use crate::spec::{SpecSet, load_text};

/// Resolution and emission on a set the cross-checks never saw (the pipeline runs resolution
/// only after them): the resolver must still report, never panic.
fn generate(set: &SpecSet) -> Result<Vec<super::GeneratedFile>, crate::Diagnostics> {
    super::emit(&crate::model::resolve(set)?)
}

fn set(texts: &[&str]) -> SpecSet {
    let specs = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            load_text(&format!("specs/t{i}.yaml"), text.as_bytes())
                .unwrap_or_else(|d| panic!("{d}"))
        })
        .collect();
    SpecSet { specs }
}

/// A one-operation spec with the given request fields (YAML, indented for a field list).
fn with_fields(request: &str, response: &str, extra: &str) -> String {
    format!(
        "provider: t
title: T
sources:
  - {{ id: doc, file: x.txt }}
operations:
  - id: pay
    title: Pay
    endpoint: /pay
    method: POST
    transport: form
    source: {{ ref: doc }}
    request:
      source: {{ ref: doc }}
      fields:
{request}
    response:
      source: {{ ref: doc }}
      fields:
{response}
{extra}"
    )
}

const PLAIN_RESPONSE: &str = "        - { name: R, format: an..8, presence: O }";

fn diagnostics(text: &str) -> Vec<String> {
    match generate(&set(&[text])) {
        Ok(_) => Vec::new(),
        Err(d) => d.0.iter().map(|d| format!("{:?}: {d}", d.kind)).collect(),
    }
}

#[test]
fn unchecked_mistakes_come_back_located() {
    let cases = [
        (
            "        - { name: A, presence: O }",
            "neither a `format`",
            "specs/t0.yaml:15:13",
        ),
        (
            "        - { name: A, format: an..8, presence: C, required_when: \"B == 'x'\" }",
            "names no field",
            "specs/t0.yaml:15",
        ),
        (
            "        - { name: '---', format: an..8, presence: O }",
            "no ASCII letter",
            "specs/t0.yaml:15",
        ),
        (
            "        - { name: A, rust_name: 'a-b', format: an..8, presence: O }",
            "not a Rust identifier",
            "specs/t0.yaml:15",
        ),
        (
            "        - { name: A, format: an..8, type: integer, presence: O }",
            "`type: integer`",
            "specs/t0.yaml:15",
        ),
        (
            "        - { name: A, format: an..8, presence: O, code_table: nope }",
            "code table `nope`",
            "specs/t0.yaml:15",
        ),
        (
            "        - { name: A, format: an..8, presence: O, forbidden: \"é\" }",
            "outside ASCII",
            "specs/t0.yaml:15",
        ),
        (
            "        - { name: A, format: an..8, presence: O }\n        - { name: B, format: an..8, presence: C, required_when: \"A > 'x'\" }",
            "orders `A`, which is not an integer field",
            "specs/t0.yaml:16",
        ),
        (
            "        - { name: L, presence: O, list: true, fields: [{ name: X, format: an..3, presence: O }] }\n        - { name: B, format: an..8, presence: C, required_when: \"L.X == 'x'\" }",
            "goes through the list",
            "specs/t0.yaml:16",
        ),
        (
            "        - { name: E, format: an..8, presence: O, values: [A, B] }\n        - { name: B, format: an..8, presence: C, required_when: \"E == 'C'\" }",
            "which is not one of its values",
            "specs/t0.yaml:16",
        ),
    ];
    for (fields, problem, place) in cases {
        let found = diagnostics(&with_fields(fields, PLAIN_RESPONSE, ""));
        assert!(
            found
                .iter()
                .any(|d| d.contains(problem) && d.contains(place)),
            "{fields}\nexpected `{problem}` at {place}, got {found:#?}"
        );
    }
}

#[test]
fn profiles_naming_nothing_are_reported() {
    let profile = "profiles:
  - id: p
    title: P
    card_code: P1
    operation: nope
    source: { ref: doc }
  - id: q
    title: Q
    card_code: Q1
    operation: pay
    source: { ref: doc }
    mandatory: [{ field: Missing.field }]
    fixed: [{ field: A, value: C }]
";
    let found = diagnostics(&with_fields(
        "        - { name: A, format: an..8, presence: O, values: [A, B] }",
        PLAIN_RESPONSE,
        profile,
    ));
    for expected in [
        "which no file of the provider defines",
        "`Missing.field` names no field",
        "`C` is not a value of `A`",
    ] {
        assert!(
            found.iter().any(|d| d.contains(expected)),
            "{expected}: {found:#?}"
        );
    }
}

#[test]
fn collisions_name_both_places() {
    let found = diagnostics(&with_fields(
        "        - { name: PayID, format: an..8, presence: O }\n        - { name: PayId, format: an..8, presence: O }",
        PLAIN_RESPONSE,
        "",
    ));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("NameCollision: specs/t0.yaml:16:13: `PayId`"),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("`PayID` at specs/t0.yaml:15:13"),
        "{}",
        found[0]
    );
}

/// Names that trip naive generators, in every place a name can stand. Whatever the outcome,
/// no panic; an accepted spec prints Rust that parses (printing parses it).
#[test]
fn nasty_names_never_panic() {
    let names = [
        "type", "self", "Self", "crate", "super", "gen", "r#x", "_", "__", "3", "3DSecure", "a.b",
        "a..b", "é", "日本", "Unknown", "Some", "None", "Ok", "String", "Option", "found",
        "request", "value", "item", "check", "validate", "x-y", "x y", "\\", "\"", "`", "'", "[a]",
        "<b>", "*c*", "\u{7}",
    ];
    let quote = |s: &str| {
        format!(
            "\"{}\"",
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\u{7}', "\\a")
        )
    };
    let mut accepted = 0;
    for name in names {
        let q = quote(name);
        let texts = [
            with_fields(
                &format!("        - {{ name: {q}, format: ans..8, presence: O }}"),
                PLAIN_RESPONSE,
                "",
            ),
            with_fields(
                &format!(
                    "        - {{ name: A, format: ans..8, presence: M, values: [{q}, other] }}"
                ),
                PLAIN_RESPONSE,
                "",
            ),
            with_fields(
                &format!("        - {{ name: A, format: ans..8, presence: O, values: [{q}] }}"),
                &format!("        - {{ name: S, format: ans..8, presence: O, values: [{q}] }}"),
                "",
            ),
            with_fields(
                &format!(
                    "        - {{ name: O, presence: O, fields: [{{ name: {q}, format: ans..8, presence: M }}] }}"
                ),
                PLAIN_RESPONSE,
                "",
            ),
            with_fields(
                &format!(
                    "        - {{ name: A, format: ans..8, presence: O, fixed: {q}, doc: {q}, example: {q} }}"
                ),
                PLAIN_RESPONSE,
                "",
            ),
            with_fields(
                "        - { name: A, format: ans..8, presence: O }",
                "        - { name: C, format: ans..8, presence: O, code_table: t }",
                &format!(
                    "code_tables:\n  - {{ id: t, title: {q}, source: {{ ref: doc }}, code_format: ans..8, codes: [{{ code: {q}, short: {q}, outcome: error }}], families: [{{ prefix: {q}, outcome: refused }}] }}\n"
                ),
            ),
            with_fields(
                "        - { name: A, format: ans..8, presence: O }",
                PLAIN_RESPONSE,
                &format!(
                    "profiles:\n  - {{ id: {q}, title: {q}, card_code: {q}, operation: pay, source: {{ ref: doc }}, fixed: [{{ field: A, value: {q} }}] }}\n"
                ),
            ),
        ];
        for text in texts {
            let Ok(spec) = load_text("specs/t0.yaml", text.as_bytes()) else {
                continue;
            };
            match generate(&SpecSet { specs: vec![spec] }) {
                Ok(files) => {
                    accepted += 1;
                    assert!(
                        files
                            .iter()
                            .all(|f| f.contents.starts_with("// @generated"))
                    );
                }
                Err(d) => assert!(!d.0.is_empty()),
            }
        }
    }
    assert!(
        accepted > names.len(),
        "most of these are fine names: {accepted}"
    );
}

#[test]
fn a_provider_module_lists_its_files_and_the_module_list_its_features() {
    let a = with_fields(
        "        - { name: A, format: an..8, presence: O }",
        PLAIN_RESPONSE,
        "",
    );
    let b = "provider: t
title: Second file
sources:
  - { id: doc, file: x.txt }
code_tables:
  - { id: result-code, title: R, source: { ref: doc }, code_format: n2, codes: [{ code: \"00\", outcome: success }] }
";
    let files = generate(&set(&[&a, b])).unwrap_or_else(|d| panic!("{d}"));
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    // A folder per provider, a file per job; `validate.rs` and `wire.rs` only where there is
    // something to validate or send.
    assert_eq!(
        paths,
        [
            "src/gen/mod.rs",
            "src/gen/t/catalog.rs",
            "src/gen/t/mod.rs",
            "src/gen/t/types.rs",
            "src/gen/t/validate.rs",
            "src/gen/t/wire.rs",
        ]
    );
    for file in &files[1..] {
        assert!(file.contents.starts_with(
            "// @generated by `cargo xtask regenerate` from specs/t0.yaml, specs/t1.yaml — do not edit\n//! "
        ));
    }
    assert!(
        files[3].contents.contains("pub enum ResultCode {"),
        "the id already ends in `code`"
    );
    assert!(
        files[2]
            .contents
            .contains("\nmod types;\nmod validate;\nmod wire;\nmod catalog;\n\npub use catalog::{CODE_TABLES, OPERATIONS};\npub use types::*;\n"),
        "{}",
        files[2].contents
    );
    assert!(
        files[0]
            .contents
            .contains("#[cfg(feature = \"t\")]\npub mod t;\n")
    );
    assert_eq!(
        generate(&set(&[&a, b])).ok(),
        Some(files),
        "byte-identical on every run"
    );
}

#[test]
fn items_and_associated_items_are_separated_by_blank_lines() {
    let files = generate(&set(&[&with_fields(
        "        - { name: A, format: an..8, presence: O }",
        PLAIN_RESPONSE,
        "",
    )]))
    .unwrap_or_else(|d| panic!("{d}"));
    let text = &provider_text(&files);
    assert!(text.contains("}\n\nimpl PayRequest {\n"), "{text}");
    assert!(
        text.contains("= \"POST\";\n\n    /// The request as a wire tree"),
        "{text}"
    );
    assert!(!text.contains("\n\n\n"), "no double blank lines");
    assert!(
        text.contains("\n/// Request of the `pay` operation: Pay.\n"),
        "doc comments print as `/// text`"
    );
    assert!(
        files.iter().all(|f| !f.contents.contains("#[doc")),
        "every doc attribute prints as a comment"
    );
}

#[test]
fn kinds_are_stable() {
    // The kinds tests and tools match on.
    assert_ne!(DiagnosticKind::NameCollision, DiagnosticKind::UnknownName);
}

#[test]
fn comparisons_clippy_would_deny_are_folded() {
    let rules = "    rules:
      - { id: a, expr: \"N >= 0\" }
      - { id: b, expr: \"N >= N\" }
      - { id: c, expr: \"N <= 0\" }
      - { id: d, expr: \"N in [1, 2, 3]\" }
      - { id: e, expr: \"N > -1\" }
";
    let text = with_fields(
        "        - { name: N, format: n..5, type: integer, presence: O }",
        PLAIN_RESPONSE,
        "",
    )
    .replace("\n    response:", &format!("\n{rules}    response:"));
    let files = generate(&set(&[&text])).unwrap_or_else(|d| panic!("{d}"));
    let code = &provider_text(&files);
    // `N >= 0`, `N >= N` and `N > -1` always hold: no statement at all.
    assert!(!code.contains("\"N >= 0\""), "{code}");
    assert!(!code.contains("\"N >= N\""), "{code}");
    assert!(!code.contains("\"N > -1\""), "{code}");
    // The violation of `N <= 0` on a u64 is `n > 0` (never the absurd `n <= 0` itself).
    assert!(code.contains("if let Some(n) = self.n && n > 0"), "{code}");
    assert!(
        code.contains("if let Some(n) = self.n && ![1, 2, 3].contains(&n)"),
        "{code}"
    );
}

/// Every file of the providers' folders, in path order, as one text.
fn provider_text(files: &[GeneratedFile]) -> String {
    files
        .iter()
        .filter(|f| f.path != "src/gen/mod.rs")
        .map(|f| f.contents.as_str())
        .collect()
}

#[test]
fn a_request_field_named_like_its_extras_is_refused_and_a_rust_name_resolves_it() {
    // `extra` would get the setter `with_extra`, the extras' own; `extras` their field.
    for name in ["extra", "Extras"] {
        let field = format!("        - {{ name: {name}, format: an..8, presence: O }}");
        let found = diagnostics(&with_fields(&field, PLAIN_RESPONSE, ""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("NameCollision") && found[0].contains("reserved"),
            "{found:?}"
        );
    }
    // A `rust_name` resolves it; a response may have such a field (it has no extras).
    let renamed = "        - { name: extra, rust_name: extra_note, format: an..8, presence: O }";
    assert_eq!(
        diagnostics(&with_fields(renamed, PLAIN_RESPONSE, "")),
        Vec::<String>::new()
    );
    let response = "        - { name: extra, format: an..8, presence: O }";
    let request = "        - { name: A, format: an..8, presence: O }";
    assert_eq!(
        diagnostics(&with_fields(request, response, "")),
        Vec::<String>::new()
    );
}
