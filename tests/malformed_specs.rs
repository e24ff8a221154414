//! Malformed specs are refused with located diagnostics, never a panic or a hang.
//!
//! Each file of `tests/malformed/` breaks one rule of `specs/README.md` (its first line says
//! which) and must produce exactly one diagnostic. What that diagnostic says is kept beside the
//! case, in `<case>.stderr`: the exact text `cargo xtask specs` prints to stderr for that file
//! alone, shown as `specs/<case>.yaml` (`specs/<case>.yaml:<line>:<col>: <what>; expected
//! <what>`, then the count). A case whose output differs from its file fails, naming the case and
//! showing the difference; a case without a `.stderr`, or a `.stderr` without a case, fails too.
//!
//! After a deliberate change of a message, refresh the files and read every changed one before
//! committing it (does it still say where, and what was expected?):
//!
//! ```sh
//! PSPEC_BLESS=1 cargo test -p pspec-tests --test malformed_specs
//! ```
//!
//! Inputs that cannot be committed as text (binary, non-UTF-8, 10 MB, deep nesting) are
//! generated into a temporary directory. `valid.yaml` is the base every case breaks and must
//! load cleanly.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use codegen::diagnostic::DiagnosticKind::{self, *};
use codegen::diagnostic::{Diagnostic, Diagnostics};
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

/// Checked as `cargo xtask specs` checks `specs/`: against a folder of source documents
/// (`tests/malformed/sources`, stand-ins for the documents the corpus cites).
fn diagnostics_of_files(files: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let loaded = load_files(files).with_sources(Some(corpus_dir().join("sources")));
    match codegen::check(loaded) {
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

/// The environment variable that rewrites the `.stderr` files instead of comparing with them.
const BLESS: &str = "PSPEC_BLESS";

/// What `cargo xtask specs` prints to stderr for these diagnostics.
fn stderr_of(diagnostics: &[Diagnostic]) -> String {
    format!("{}\n", Diagnostics(diagnostics.to_vec()))
}

/// The names of the cases: every `.yaml` of the corpus but `valid`, sorted.
fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/malformed exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .filter(|stem| stem != "valid")
        .collect();
    names.sort();
    names
}

/// A line diff of `expected` and `actual` (a longest common subsequence of lines): `-` lines
/// only in the file, `+` lines only in the output. The files are a few lines long.
fn line_diff(expected: &str, actual: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("   {}\n", a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j == b.len() || (i < a.len() && table[i + 1][j] >= table[i][j + 1]) {
            out.push_str(&format!("  -{}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("  +{}\n", b[j]));
            j += 1;
        }
    }
    out
}

#[test]
fn every_case_prints_what_its_stderr_file_says() {
    let bless = std::env::var_os(BLESS).is_some_and(|v| v != "0" && !v.is_empty());
    let cases = case_names();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    let mut blessed = Vec::new();
    for case in &cases {
        let diagnostics = diagnostics_of(case);
        // One rule broken, one report, located in the case's file and saying what was expected;
        // blessing cannot accept anything else.
        let file = format!("specs/{case}.yaml:");
        if diagnostics.len() != 1
            || !diagnostics
                .iter()
                .all(|d| d.to_string().starts_with(&file) && d.to_string().contains("; expected "))
        {
            failures.push(format!(
                "{case}: expected exactly one located diagnostic with its expected part, got:\n{}",
                show(&diagnostics)
            ));
            continue;
        }
        let actual = stderr_of(&diagnostics);
        let path = corpus_dir().join(format!("{case}.stderr"));
        let expected = std::fs::read_to_string(&path)
            .ok()
            .map(|text| text.replace("\r\n", "\n"));
        if expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        if bless {
            std::fs::write(&path, &actual).expect("write a .stderr file");
            blessed.push(case.clone());
            continue;
        }
        failures.push(match expected {
            None => format!(
                "{case}: tests/malformed/{case}.stderr is missing; the case prints:\n{actual}"
            ),
            Some(expected) => format!(
                "{case}: the output differs from tests/malformed/{case}.stderr (- file, + output):\n{}",
                line_diff(&expected, &actual)
            ),
        });
    }
    if !blessed.is_empty() {
        eprintln!(
            "{BLESS}: rewrote {} file(s): {blessed:?}; read each before committing",
            blessed.len()
        );
    }
    assert!(
        failures.is_empty(),
        "{} malformed case(s) failed; after a deliberate change run `{BLESS}=1 cargo test -p pspec-tests --test malformed_specs` and read the diff\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_stderr_file_has_its_case() {
    let cases = case_names();
    let orphans: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/malformed exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "stderr"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .filter(|stem| !cases.contains(stem))
        .collect();
    assert!(
        orphans.is_empty(),
        ".stderr files without a .yaml case: {orphans:?}"
    );
}

#[test]
fn the_line_diff_shows_what_changed() {
    assert_eq!(line_diff("a\nb\n", "a\nb\n"), "   a\n   b\n");
    assert_eq!(
        line_diff("x:1:2: old\n1 error(s)\n", "x:1:3: new\n1 error(s)\n"),
        "  -x:1:2: old\n  +x:1:3: new\n   1 error(s)\n"
    );
    assert_eq!(line_diff("", "added\n"), "  +added\n");
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
    // Refused by its size before any parsing (how fast is for benchmarks, not tests: the
    // machine is shared and a wall-clock bound would fail by load, not by fault).
    expect_single(
        &diagnostics_of_files(&[file]),
        Unreadable,
        1,
        1,
        "over the limit of 1048576",
    );
}

#[test]
fn ten_thousand_open_brackets() {
    // Refused before serde_yaml reads it (its scanner is quadratic in flow nesting), at the
    // first bracket past the limit.
    let scratch = Scratch::new("brackets");
    let file = scratch.write("brackets.yaml", "[".repeat(10_000).as_bytes());
    expect_single(
        &diagnostics_of_files(&[file]),
        Syntax,
        1,
        65,
        "flow collections (`[`, `{`) nested more than 64 levels deep",
    );
}

#[test]
fn forty_thousand_nested_flow_collections_inside_a_value() {
    // Issue 12: 40,000 levels took the YAML library 5.6 s, 100,000 took 45 s.
    let scratch = Scratch::new("flow");
    let deep = format!("values: [{}{}]", "[".repeat(40_000), "]".repeat(40_000));
    let text = valid_text().replace("values: [WEB, APP]", &deep);
    let file = scratch.write("flow.yaml", text.as_bytes());
    expect_single(
        &diagnostics_of_files(&[file]),
        Syntax,
        23,
        83,
        "nested more than 64 levels deep",
    );
}

#[test]
fn deep_nesting_inside_a_value() {
    // `values` accepts a list of scalars or maps, so serde buffers what it finds there: a
    // deep list must stop at a limit, not overflow the stack. Within the flow limit of the
    // loader, block nesting still reaches serde_yaml's recursion limit.
    let scratch = Scratch::new("deep");
    let mut deep = String::from("values:\n");
    for level in 0..200 {
        deep.push_str(&" ".repeat(10 + 2 * level));
        deep.push_str("-\n");
    }
    let text = valid_text().replace("values: [WEB, APP]\n", &deep);
    let file = scratch.write("deep.yaml", text.as_bytes());
    let diagnostics = diagnostics_of_files(&[file]);
    assert_eq!(diagnostics.len(), 1, "{}", show(&diagnostics));
    assert!(
        show(&diagnostics).contains("recursion limit exceeded"),
        "{}",
        show(&diagnostics)
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

#[test]
fn five_thousand_or_terms_are_a_located_error() {
    // Issue 12: `cargo xtask specs` accepted this and `regenerate` died of a stack overflow
    // in emitting the 5,000-term `||` chain.
    let scratch = Scratch::new("ors");
    let terms: Vec<&str> = std::iter::repeat_n("Channel == 'APP'", 5_000).collect();
    let condition = format!("required_when: {}", terms.join(" or "));
    let text = valid_text().replace("required_when: Channel == 'APP'", &condition);
    let file = scratch.write("ors.yaml", text.as_bytes());
    expect_single(
        &diagnostics_of_files(&[file]),
        Shape,
        30,
        26,
        "the expression joins more than 32 terms",
    );
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
    let diagnostics = match codegen::check(load_dir(&scratch.0, "specs")) {
        Ok(checked) => panic!("{} files loaded without error", checked.specs().specs.len()),
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
fn a_large_spec_full_of_errors_reports_every_error() {
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
    let diagnostics = diagnostics_of_files(&[file]);
    assert_eq!(
        diagnostics.len(),
        2 * count,
        "{}",
        show(&diagnostics[..4.min(diagnostics.len())])
    );
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
