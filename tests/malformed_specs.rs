//! Malformed specs are refused with located diagnostics, never a panic or a hang.
//!
//! Each file of `tests/malformed/` breaks one rule of `specs/README.md` (its first line says
//! which); the `corpus!` table below states the one diagnostic it must produce: kind, line,
//! column, and a piece of the message. Inputs that cannot be committed as text (binary, non-UTF-8,
//! 10 MB, deep nesting) are generated into a temporary directory. `valid.yaml` is the base every
//! case breaks and must load cleanly.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::diagnostic::Diagnostic;
use codegen::diagnostic::DiagnosticKind::{self, *};
use codegen::spec::{load_dir, load_files, load_text};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("malformed")
}

/// A fresh, empty directory under the system temp dir, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("pspec-malformed-{}-{tag}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Scratch(dir)
    }

    /// Writes `bytes` as `name` and returns (path, display name `specs/<name>`).
    fn write(&self, name: &str, bytes: &[u8]) -> (PathBuf, String) {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write a scratch file");
        (path, format!("specs/{name}"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Loads and checks one corpus file, shown as `specs/<name>.yaml`; every diagnostic.
fn diagnostics_of(name: &str) -> Vec<Diagnostic> {
    let path = corpus_dir().join(format!("{name}.yaml"));
    assert!(path.is_file(), "missing corpus file {}", path.display());
    diagnostics_of_files(&[(path, format!("specs/{name}.yaml"))])
}

fn diagnostics_of_files(files: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    match load_files(files) {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics.0,
    }
}

fn show(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("  {:?} {d}\n", d.kind))
        .collect()
}

/// Exactly one diagnostic, of this kind, at this line and column, whose message contains
/// `needle`.
fn expect_single(
    diagnostics: &[Diagnostic],
    kind: DiagnosticKind,
    line: usize,
    column: usize,
    needle: &str,
) {
    let [d] = diagnostics else {
        panic!(
            "expected exactly one diagnostic, got {}:\n{}",
            diagnostics.len(),
            show(diagnostics)
        );
    };
    let text = d.to_string();
    assert_eq!((d.kind, d.line, d.column), (kind, line, column), "{text}");
    assert!(text.contains(needle), "message lacks {needle:?}: {text}");
    assert!(
        text.contains("; expected "),
        "message lacks its expected part: {text}"
    );
    assert!(
        text.starts_with(&format!("{}:{line}:{column}: ", d.file)),
        "{text}"
    );
}

macro_rules! corpus {
    ($($name:ident: $kind:ident $line:literal : $col:literal $needle:literal;)*) => {
        $(
            #[test]
            fn $name() {
                expect_single(&diagnostics_of(stringify!($name)), $kind, $line, $col, $needle);
            }
        )*
        /// Every file of the corpus with a stated expectation.
        const CORPUS: &[&str] = &[$(stringify!($name)),*];
    };
}

corpus! {
    // Shape: keys and types (serde, located by serde_yaml).
    unknown_key_top: Shape 6:1 "unknown field `operation`";
    unknown_key_nested: Shape 21:11 "unknown field `formt`";
    wrong_presence_letter: Shape 26:21 "unknown variant `X`";
    bad_provider_id: Shape 2:11 "invalid provider id `Acme-Pay`";
    list_where_map_expected: Shape 14:7 "invalid type: sequence";
    duplicate_yaml_key: Duplicate 22:11 "duplicate field `format`";
    tab_indentation: Syntax 21:1 "tab character";
    empty: Unreadable 1:1 "the file is empty";
    yaml_bomb: Syntax 1:1 "repetition limit exceeded";

    // Formats and expressions (parsed while reading; located at the offending value).
    unknown_format_class: Shape 21:19 "unknown format or character class `anx`";
    zero_length: Shape 25:19 "zero length in `an0`";
    inverted_length: Shape 25:19 "inverted length 9..3";
    bad_date_mask: Shape 25:24 "date mask `DD/QQ/YYYY` has `Q`";
    bad_expression: Shape 27:26 "`=` at offset 8 is not an operator";

    // Fields.
    duplicate_wire_name: Duplicate 24:11 "wire name `Channel` appears twice in this field list (first at line 20)";
    leaf_without_format: Shape 20:11 "leaf field `Channel` has no `format`";
    object_with_format: Inconsistent 29:11 "`format` on `card`, which is an object";
    conditional_without_condition: Inconsistent 26:11 "`AppName` is conditional (C) but states no condition";
    condition_on_mandatory: Inconsistent 27:11 "`required_when` on `AppName`, whose presence is M";
    integer_type_text_format: Inconsistent 18:11 "`type: integer` but its format is `an..10`";
    min_above_max: Inconsistent 20:11 "min 100 above max 10";
    min_on_text: Inconsistent 26:11 "`min` on `AppName`, which is not `type: integer`";
    value_breaks_format: Inconsistent 23:30 "value `W3B` of `Channel` does not fit its format `a..8`";
    duplicate_value: Duplicate 23:30 "value `WEB` of `Channel` is listed twice";
    fixed_breaks_format: Inconsistent 24:11 "fixed value `WEBSHOPAPP` of `Channel` does not fit its format `a..8`";
    fixed_not_in_values: Inconsistent 24:11 "fixed value `POS` of `Channel` is not among its values";
    max_items_without_list: Inconsistent 26:11 "`max_items` on `AppName`, which is not a list";
    forbidden_empty: Shape 26:11 "`forbidden` of `AppName` is empty";
    bad_table_format: Shape 26:11 "table_format `alnum40` of `AppName` is not a format";
    bad_rust_name: Shape 26:11 "rust_name `AppName` is not snake_case";
    unknown_code_table: UnknownName 34:11 "code_table `reslut` of `Code` names no code table; expected a code table of this provider (`result`): did you mean `result`?";

    // Conditions and rules.
    condition_unknown_field: UnknownName 27:11 "`Chanel` names no field of the request; expected a field of the request, dotted from its top (e.g. `payment.amount`): did you mean `Channel`?";
    condition_unknown_value: UnknownValue 27:11 "compares `Channel` with 'WAP', which is not one of its values; expected one of the values of `Channel`: `WEB`, `APP`";
    condition_nested_unqualified: UnknownName 34:15 "`brand` names no field of the request; expected a field of the request, dotted from its top (e.g. `payment.amount`): did you mean `card.brand`?";
    condition_names_itself: Inconsistent 27:11 "the `required_when` of `AppName` names `AppName`, the field itself";
    condition_ordering_text: Inconsistent 27:11 "orders `Channel`, which is not an integer field";
    condition_integer_vs_text: Inconsistent 27:11 "compares the integer field `Amount` with the text '100'";
    condition_text_vs_integer: Inconsistent 27:11 "compares the text field `Channel` with the integer 1";
    condition_request_prefix_in_request: Inconsistent 27:11 "`request.Channel` uses `request.`, which only a response's conditions can use";
    response_condition_unknown_request_field: UnknownName 34:11 "`request.Chanel` names no field of the request; expected a field of the request, dotted from its top (e.g. `payment.amount`): did you mean `Channel`?";
    echoes_on_request: Inconsistent 27:11 "`echoes` on request field `Currency`";
    echoes_unknown_request_field: UnknownName 41:11 "`echoes: Chanel` of `Channel` names no single-valued request field";
    echoes_through_a_leaf: UnknownName 41:11 "`echoes: Amount.value` of `Total` names no single-valued request field";
    rule_unknown_field: UnknownName 31:9 "`AppNmae` names no field of the request; expected a field of the request, dotted from its top (e.g. `payment.amount`): did you mean `AppName`?";

    // Sources and operations.
    unknown_source_ref: UnknownName 38:15 "source ref `dco` names no source of this file";
    duplicate_source_id: Duplicate 6:7 "source id `doc` is defined twice (first at line 5)";
    duplicate_operation_id: Duplicate 35:5 "operation id `pay` is already defined for provider `acme` (line 7)";
    soap_without_names: Inconsistent 11:5 "uses `transport: soap` but gives no `soap:` names";
    soap_names_on_form: Inconsistent 11:5 "uses `transport: form` but gives `soap:` names (line 12)";

    // Code tables.
    duplicate_code: Duplicate 44:11 "code `02008` is listed twice in table `result` (first at line 42)";
    unquoted_code: Shape 42:11 "code 02008 is an unquoted YAML number";
    unquoted_family_prefix: Shape 44:11 "prefix 1 is an unquoted YAML number";
    code_breaks_format: Inconsistent 42:11 "code `0200X` does not fit the table's code_format `n5`";
    family_prefix_too_long: Inconsistent 44:11 "family prefix `012345` cannot start a code of the format `n5`";
    duplicate_family_prefix: Duplicate 45:11 "family prefix `01` is listed twice in table `result` (first at line 44)";
    duplicate_table_id: Duplicate 45:5 "code table id `result` is already defined for provider `acme` (line 36)";
    family_grants_success: Inconsistent 44:24 "family `0` of table `result` grants `success` to codes it does not list";
    code_meaning_breaks_format: Inconsistent 36:11 "code `0000` does not fit the code_format `n5` of table `result`";
    code_meaning_without_code: Inconsistent 28:5 "operation `pay` gives `code_meanings` but its response has no field with a `code_table`";
    prefix_breaks_format: Inconsistent 26:11 "prefix `app:` of `AppName` cannot start a value of its format `an..40`";

    // Profiles.
    profile_unknown_operation: UnknownName 52:5 "narrows operation `pya`, which is not defined; expected an operation of provider `acme` (`pay`)";
    profile_unknown_field: UnknownName 55:11 "`Chanel` names no field of the request; expected a field of the request, dotted from its top (e.g. `payment.amount`): did you mean `Channel`?";
    profile_fixed_breaks_format: Inconsistent 57:27 "value `WEB1` does not fit the format `a..8` of `Channel`";
    profile_value_not_allowed: UnknownValue 57:27 "value `POS` is not an allowed value of `Channel`; expected one of the values of `Channel`: `WEB`, `APP`";
    profile_currency_breaks_format: Inconsistent 58:52 "value `EUR` does not fit the format `n3` of `Currency`";
    profile_unknown_code_table: UnknownName 59:5 "code_table `results` of profile `card` names no code table";
    duplicate_profile_id: Duplicate 60:5 "profile id `card` is already used by profile `card` (line 49)";
    duplicate_card_code: Duplicate 62:5 "profile card_code `CB` is already used by profile `card` (line 49)";
    // The Computop MAC (`mac:`, form operations only; names must be fields).
    mac_unknown_field: UnknownName 14:17 "`mac` names `PayId`, which is not a top-level field of the request or response; expected a top-level field of the request or response: did you mean `PayID`?";
    mac_not_form: Inconsistent 12:5 "operation `pay` uses `transport: json` but gives a `mac:`; expected `mac:` only with `transport: form`";
    signature_unknown_field: UnknownName 18:21 "signature field `amout`: `amout` is not a field there; expected a dotted path to a single value inside the scoped object";
    signature_not_sensitive: Inconsistent 19:7 "the signature sits in `extra`, which is not `sensitive: true`";
    signature_bad_key_encoding: Shape 15:12 "unknown variant `base32`; expected `hex` or `text`";
}

#[test]
fn the_base_of_the_corpus_is_valid() {
    let diagnostics = diagnostics_of("valid");
    assert!(
        diagnostics.is_empty(),
        "valid.yaml must load cleanly:\n{}",
        show(&diagnostics)
    );
}

#[test]
fn every_corpus_file_has_an_expectation() {
    let mut untested = Vec::new();
    for entry in std::fs::read_dir(corpus_dir()).expect("tests/malformed exists") {
        let path = entry.expect("a directory entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "yaml")
            && stem != "valid"
            && !CORPUS.contains(&stem)
        {
            untested.push(stem.to_string());
        }
    }
    assert!(
        untested.is_empty(),
        "corpus files without an expectation: {untested:?}"
    );
    assert!(CORPUS.len() >= 30, "the corpus has {} cases", CORPUS.len());
}

// ---------------------------------------------------------------------------------------------
// Inputs generated by the tests.

fn valid_text() -> String {
    std::fs::read_to_string(corpus_dir().join("valid.yaml")).expect("valid.yaml")
}

#[test]
fn binary_file() {
    let scratch = Scratch::new("binary");
    let png: &[u8] =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa";
    let file = scratch.write("binary.yaml", png);
    expect_single(
        &diagnostics_of_files(&[file]),
        Unreadable,
        1,
        1,
        "not UTF-8 text",
    );
}

#[test]
fn binary_file_of_ascii_control_bytes() {
    // Valid UTF-8, but control characters: the YAML reader refuses it.
    let scratch = Scratch::new("elf");
    let elf: &[u8] = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
    let file = scratch.write("elf.yaml", elf);
    let diagnostics = diagnostics_of_files(&[file]);
    let [d] = diagnostics.as_slice() else {
        panic!("{}", show(&diagnostics))
    };
    assert_eq!((d.kind, d.line), (Syntax, 1), "{d}");
    assert!(d.problem.contains("control characters"), "{d}");
}

#[test]
fn non_utf8_text() {
    let scratch = Scratch::new("latin1");
    // `title: Paiement sécurisé` in Latin-1: 0xE9 at line 3 (after the comment and provider).
    let mut bytes = b"# Latin-1, not UTF-8\nprovider: acme\ntitle: Paiement s".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b"curis\xE9\n");
    let file = scratch.write("latin1.yaml", &bytes);
    expect_single(
        &diagnostics_of_files(&[file]),
        Unreadable,
        3,
        18,
        "not UTF-8 text (invalid byte at offset 53)",
    );
}

#[test]
fn ten_megabyte_file() {
    let scratch = Scratch::new("big");
    let mut text = valid_text();
    let padding = "# padding to make the file far larger than any spec\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(padding);
    }
    let file = scratch.write("big.yaml", text.as_bytes());
    let started = std::time::Instant::now();
    expect_single(
        &diagnostics_of_files(&[file]),
        Unreadable,
        1,
        1,
        "over the limit of 1048576",
    );
    assert!(
        started.elapsed().as_secs() < 5,
        "refusing a big file took {:?}",
        started.elapsed()
    );
}

#[test]
fn ten_thousand_open_brackets() {
    let scratch = Scratch::new("brackets");
    let file = scratch.write("brackets.yaml", "[".repeat(10_000).as_bytes());
    expect_single(
        &diagnostics_of_files(&[file]),
        Shape,
        1,
        1,
        "invalid type: sequence",
    );
}

#[test]
fn deep_nesting_inside_a_value() {
    // `values` accepts a list of scalars or maps, so serde buffers what it finds there: a
    // 10 000-deep list must stop at serde_yaml's recursion limit, not overflow the stack.
    let scratch = Scratch::new("deep");
    let deep = format!("values: [{}{}]", "[".repeat(10_000), "]".repeat(10_000));
    let text = valid_text().replace("values: [WEB, APP]", &deep);
    let file = scratch.write("deep.yaml", text.as_bytes());
    expect_single(
        &diagnostics_of_files(&[file]),
        Syntax,
        23,
        141,
        "recursion limit exceeded",
    );
}

#[test]
fn deeply_nested_expression() {
    let scratch = Scratch::new("parens");
    let condition = format!(
        "required_when: {}Channel == 'APP'{}",
        "(".repeat(5_000),
        ")".repeat(5_000)
    );
    let text = valid_text().replace("required_when: Channel == 'APP'", &condition);
    let file = scratch.write("parens.yaml", text.as_bytes());
    let diagnostics = diagnostics_of_files(&[file]);
    assert_eq!(diagnostics.len(), 1, "{}", show(&diagnostics));
}

// ---------------------------------------------------------------------------------------------
// Collecting: every error of every file, in one run, in file order.

#[test]
fn several_cross_reference_errors_in_one_file_are_all_reported() {
    let text = valid_text()
        .replace("  - id: pay\n", "  - id: pay\n    # several mistakes below\n")
        .replace("required_when: Channel == 'APP'", "required_when: Chanel == 'APP' or Channel == 'POS'")
        .replace("code_table: result\ncode_tables", "code_table: reslut\ncode_tables")
        .replace("      - { code: \"02008\", outcome: cancelled }", "      - { code: \"02008\", outcome: cancelled }\n      - { code: \"02008\", outcome: error }")
        .replace("    source: { ref: doc }\n    code_format", "    source: { ref: dco }\n    code_format")
        .replace("operation: pay", "operation: pya")
        .replace("{ field: Channel, example: WEB }", "{ field: Chanel, example: WEB }");
    let scratch = Scratch::new("several");
    let file = scratch.write("several.yaml", text.as_bytes());
    let diagnostics = diagnostics_of_files(&[file]);
    let found: Vec<(DiagnosticKind, usize)> =
        diagnostics.iter().map(|d| (d.kind, d.line)).collect();
    assert_eq!(
        found,
        [
            (UnknownName, 31),  // Chanel in required_when
            (UnknownValue, 31), // 'POS' is not a value of Channel
            (UnknownName, 38),  // code_table reslut
            (UnknownName, 42),  // source ref dco
            (Duplicate, 47),    // code 02008 twice
            (UnknownName, 54),  // profile operation pya
        ],
        "\n{}",
        show(&diagnostics)
    );
    // The profile names an unknown operation, so its fields cannot be checked: no report on
    // `Chanel` in `mandatory` (one root cause, one report).
    assert!(diagnostics.iter().all(|d| d.file == "specs/several.yaml"));
}

#[test]
fn errors_of_different_files_are_all_reported_in_file_order() {
    let scratch = Scratch::new("files");
    let valid = valid_text();
    // a: a check error; b: a shape error (stops that file); c: a check error.
    let a = scratch.write(
        "a.yaml",
        valid
            .replace("values: [WEB, APP]", "values: [WEB, APP, WEB]")
            .as_bytes(),
    );
    let b = scratch.write(
        "b.yaml",
        b"provider: other\ntitle: B\nsources: []\nformt: x\n",
    );
    let c = scratch.write(
        "c.yaml",
        valid
            .replace("provider: acme", "provider: acme_two")
            .replace("code: \"00000\"", "code: \"0000\"")
            .as_bytes(),
    );
    let diagnostics = diagnostics_of_files(&[a, b, c]);
    let found: Vec<(&str, DiagnosticKind, usize)> = diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.kind, d.line))
        .collect();
    assert_eq!(
        found,
        [
            ("specs/a.yaml", Duplicate, 23),
            ("specs/b.yaml", Shape, 4),
            ("specs/c.yaml", Inconsistent, 44)
        ],
        "\n{}",
        show(&diagnostics)
    );
}

#[test]
fn load_dir_reports_every_file() {
    let scratch = Scratch::new("dir");
    let valid = valid_text();
    scratch.write("1-good.yaml", valid.as_bytes());
    scratch.write(
        "2-bad.yaml",
        valid
            .replace("provider: acme", "provider: beta")
            .replace("ref: doc }\n    code_format", "ref: dco }\n    code_format")
            .as_bytes(),
    );
    scratch.write("3-empty.yaml", b"");
    scratch.write("notes.txt", b"not a spec");
    let diagnostics = match load_dir(&scratch.0, "specs") {
        Ok(set) => panic!("{} files loaded without error", set.specs.len()),
        Err(d) => d.0,
    };
    let found: Vec<(&str, DiagnosticKind)> = diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("specs/2-bad.yaml", UnknownName),
            ("specs/3-empty.yaml", Unreadable)
        ],
        "\n{}",
        show(&diagnostics)
    );
}

#[test]
fn providers_span_files() {
    let scratch = Scratch::new("span");
    let valid = valid_text();
    // The operation and table live in one file; the profile that uses them in another.
    let (ops, profile) = valid
        .split_once("profiles:\n")
        .expect("valid.yaml has profiles");
    let profile_file = format!(
        "provider: acme\ntitle: Card profile\nsources:\n  - {{ id: doc, file: 042_acme_cards.txt }}\nprofiles:\n{profile}"
    );
    let a = scratch.write("a.yaml", ops.as_bytes());
    let b = scratch.write("b.yaml", profile_file.as_bytes());
    let diagnostics = diagnostics_of_files(&[a.clone(), b.clone()]);
    assert!(diagnostics.is_empty(), "{}", show(&diagnostics));

    // The same operation id in two files of one provider: reported on the second, naming the first.
    let c = scratch.write(
        "c.yaml",
        ops.replace("title: Acme Pay", "title: Again")
            .replace("code_tables:", "x_code_tables:")
            .split("x_code_tables:")
            .next()
            .unwrap_or_default()
            .as_bytes(),
    );
    let diagnostics = diagnostics_of_files(&[a.clone(), c]);
    let [d] = diagnostics.as_slice() else {
        panic!("{}", show(&diagnostics))
    };
    assert_eq!(
        (d.kind, d.file.as_str(), d.line, d.column),
        (Duplicate, "specs/c.yaml", 7, 5),
        "{d}"
    );
    assert!(
        d.problem
            .contains("already defined for provider `acme` (specs/a.yaml:7)"),
        "{d}"
    );

    // When the file defining the operation fails to load, the profile's reference is still
    // reported, with a word about the failed file; the load error comes first (file order).
    let broken = scratch.write(
        "a.yaml",
        ops.replace("presence: M", "presence: Q").as_bytes(),
    );
    let diagnostics = diagnostics_of_files(&[broken, b]);
    let found: Vec<(&str, DiagnosticKind)> = diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("specs/a.yaml", Shape),
            ("specs/b.yaml", UnknownName),
            ("specs/b.yaml", UnknownName)
        ],
        "{}",
        show(&diagnostics)
    );
    assert!(
        diagnostics.iter().skip(1).all(|d| d
            .problem
            .contains("a spec file that failed to load may define it")),
        "{}",
        show(&diagnostics)
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness: no input makes the loader or the checker panic or hang.

#[test]
fn every_prefix_and_every_line_deletion_of_a_spec_is_handled() {
    let valid = valid_text();
    let mut inputs: Vec<String> = valid
        .char_indices()
        .map(|(i, _)| valid[..i].to_string())
        .collect();
    let lines: Vec<&str> = valid.lines().collect();
    for skip in 0..lines.len() {
        let kept: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| *l)
            .collect();
        inputs.push(kept.join("\n"));
    }
    let scratch = Scratch::new("prefixes");
    let mut refused = 0;
    for (n, input) in inputs.iter().enumerate() {
        // load_text alone (the file's own errors), then with the checker.
        let _ = load_text("specs/x.yaml", input.as_bytes());
        let file = scratch.write(&format!("{n}.yaml"), input.as_bytes());
        let diagnostics = diagnostics_of_files(&[file]);
        for d in &diagnostics {
            assert!(d.line >= 1 && d.column >= 1, "{d}");
            // The end of the input may be reported on the line after its last newline.
            assert!(
                d.line <= input.lines().count() + 1,
                "line beyond the end of the input: {d}\n{input}"
            );
        }
        refused += usize::from(!diagnostics.is_empty());
    }
    assert!(
        refused > inputs.len() / 2,
        "most truncated specs must be refused ({refused} of {})",
        inputs.len()
    );
}

#[test]
fn a_large_spec_full_of_errors_is_checked_quickly() {
    // Close to the 1 MiB limit: thousands of fields, each with a condition naming an unknown
    // field and a fixed value breaking its format. Every error is reported; did-you-mean hints
    // are bounded so that the check stays linear.
    let mut fields = String::new();
    let count = 6_000;
    for i in 0..count {
        fields.push_str(&format!(
            "        - {{ name: F{i}, format: n3, presence: C, fixed: ABC, required_when: G{i} == '1' }}\n"
        ));
    }
    let text = valid_text().replace(
        "      fields:\n        - name: Amount",
        &format!("      fields:\n{fields}        - name: Amount"),
    );
    assert!(text.len() < 1024 * 1024, "{} bytes", text.len());
    let scratch = Scratch::new("large");
    let file = scratch.write("large.yaml", text.as_bytes());
    let started = std::time::Instant::now();
    let diagnostics = diagnostics_of_files(&[file]);
    let elapsed = started.elapsed();
    assert_eq!(
        diagnostics.len(),
        2 * count,
        "{}",
        show(&diagnostics[..4.min(diagnostics.len())])
    );
    assert!(elapsed.as_secs() < 30, "checking took {elapsed:?}");
}

#[test]
fn the_worked_example_of_the_spec_language_is_valid() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/README.md"))
            .expect("specs/README.md");
    let example = readme
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("specs/README.md has a worked example");
    let scratch = Scratch::new("readme");
    let file = scratch.write("acme.yaml", example.as_bytes());
    let diagnostics = diagnostics_of_files(&[file]);
    assert!(diagnostics.is_empty(), "{}", show(&diagnostics));
}
