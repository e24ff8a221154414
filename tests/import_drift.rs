//! Issue 16, point 3: `cargo xtask drift` against the source documents. An unchanged page gives
//! no finding (documented deviations such as `table_format` are not drift); a page edited by
//! hand (a format narrowed, a row removed, a code added) gives exactly those findings, with
//! the diff's rules, levels and exit codes, in every output format.
//!
//! Reads the documents from `$PSPEC_SOURCES` (default `<workspace>/../shared/seeds`); without
//! them the test says it skipped and passes.

use std::path::PathBuf;

use codegen::diff::Level;
use pspec_tests::workspace_root;

const PAGES: [&str; 5] = [
    "000_adfaacfffd45c695.txt",
    "001_01f9817668c04cb2.txt",
    "002_737c92b3bb9a3b1a.txt",
    "003_dbb393257faf7dd0.txt",
    "004_353c94dbe42b58ac.txt",
];
const COMPUTOP: &str = "004_353c94dbe42b58ac.txt";
const PAYCONIQ: &str = "001_01f9817668c04cb2.txt";

fn sources_dir() -> PathBuf {
    match std::env::var_os("PSPEC_SOURCES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join("..").join("shared").join("seeds"),
    }
}

fn read(page: &str) -> Option<String> {
    std::fs::read_to_string(sources_dir().join(page)).ok()
}

/// A scratch directory holding one edited page under its own file name.
struct Scratch(PathBuf);

impl Scratch {
    /// `test` keeps the directories of tests running in parallel apart.
    fn with(test: &str, page: &str, text: &str) -> (Scratch, PathBuf) {
        let dir = std::env::temp_dir().join(format!("pspec-drift-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(page);
        std::fs::write(&path, text).expect("write the page");
        (Scratch(dir), path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `cargo xtask drift` in-process: (exit code, stdout, stderr).
fn drift(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|a| (*a).to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::drift_cmd::run(&workspace_root(), &args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn findings(json: &str) -> Vec<(String, String, String, String)> {
    let value: serde_json::Value = serde_json::from_str(json).expect("drift --format json is JSON");
    value["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("level"), s("operation"), s("field"))
        })
        .collect()
}

#[test]
fn unchanged_pages_do_not_drift() {
    for page in PAGES {
        if read(page).is_none() {
            println!(
                "drift SKIPPED: {page} not found in {}",
                sources_dir().display()
            );
            return;
        }
        let path = sources_dir().join(page);
        let (code, out, err) = drift(&[path.to_str().expect("utf-8 path"), "--format", "json"]);
        assert_eq!(code, 0, "{page}: {err}{out}");
        assert_eq!(
            findings(&out),
            Vec::<(String, String, String, String)>::new(),
            "{page}: {out}"
        );
    }
}

#[test]
fn an_edited_computop_page_gives_exactly_its_edits() {
    let Some(text) = read(COMPUTOP) else { return };
    // The first TransID row (wechat.aspx's request) narrowed; ProductNr removed from the same
    // table; Channel's printed format left as it is (the spec keeps it as table_format).
    let narrowed = text.replacen("TransID\n\nans..64", "TransID\n\nans..32", 1);
    assert_ne!(narrowed, text);
    let row =
        "ProductNr\n\nan..32\n\nO\n\nEquivalent of Product ID used to identify the product\n\n";
    let edited = narrowed.replacen(row, "", 1);
    assert_ne!(edited, narrowed);
    let (_dir, path) = Scratch::with("narrowed", COMPUTOP, &edited);
    let path = path.to_str().expect("utf-8 path");
    let (code, out, err) = drift(&[path, "--format", "json"]);
    assert_eq!(
        code, 1,
        "an error-level finding fails as `cargo xtask diff` does: {err}{out}"
    );
    let expected = [
        ("request-field-length-narrowed", Level::Error, "TransID"),
        ("request-field-removed", Level::Warning, "ProductNr"),
    ];
    let got = findings(&out);
    assert_eq!(got.len(), 2, "{out}");
    for ((rule, level, field), (grule, glevel, gop, gfield)) in expected.iter().zip(&got) {
        assert_eq!(
            (rule, level.as_str(), "computop.wechat", *field),
            (
                &grule.as_str(),
                glevel.as_str(),
                gop.as_str(),
                gfield.as_str()
            )
        );
    }
    // The text report says it in the diff's words, located at the page's row.
    let (_, text_out, _) = drift(&[path]);
    assert!(
        text_out.contains("`TransID`: maximum length 64 → 32 (ans..64 → ans..32)"),
        "{text_out}"
    );
    assert!(text_out.contains(&format!("{path}:166")), "{text_out}");
    // Every output format of the diff; --fail-on as the diff's.
    let (_, md, _) = drift(&[path, "--format", "markdown"]);
    assert!(md.contains("request-field-length-narrowed"), "{md}");
    let (_, gh, _) = drift(&[path, "--format", "github"]);
    assert!(
        gh.lines()
            .any(|l| l.starts_with("::error") && l.contains("TransID")),
        "{gh}"
    );
    assert_eq!(drift(&[path, "--fail-on", "none"]).0, 0);
}

#[test]
fn a_changed_table_format_is_drift_even_where_the_spec_deviates() {
    let Some(text) = read(COMPUTOP) else { return };
    // OrderDesc: the spec writes ans..128 and keeps the table's an..128; the page now prints
    // an..64: a narrowing, reported against the spec's own format.
    let edited = text.replacen("OrderDesc\n\nan..128", "OrderDesc\n\nan..64", 1);
    assert_ne!(edited, text);
    let (_dir, path) = Scratch::with("table-format", COMPUTOP, &edited);
    let (code, out, _) = drift(&[path.to_str().expect("utf-8"), "--format", "json"]);
    let got = findings(&out);
    assert_eq!(code, 1, "{out}");
    assert!(
        got.iter()
            .all(|(_, _, op, field)| op == "computop.wechat" && field == "OrderDesc"),
        "{out}"
    );
    assert!(
        got.iter()
            .any(|(rule, level, _, _)| rule.starts_with("request-field") && level == "error"),
        "{out}"
    );
}

#[test]
fn an_edited_monext_page_reports_the_added_code() {
    let Some(text) = read(PAYCONIQ) else { return };
    let edited = text.replacen(
        "02106\tERROR\tPayment partner error\n",
        "02106\tERROR\tPayment partner error\n02999\tREFUSED\tRefused by a new partner rule\n",
        1,
    );
    assert_ne!(edited, text);
    let (_dir, path) = Scratch::with("code-added", PAYCONIQ, &edited);
    let (code, out, err) = drift(&[path.to_str().expect("utf-8"), "--format", "json"]);
    assert_eq!(code, 0, "an info finding passes --fail-on error: {err}");
    assert_eq!(
        findings(&out),
        [(
            "return-code-added".to_string(),
            "info".to_string(),
            "monext.payconiq".to_string(),
            "02999".to_string()
        )]
    );
}

#[test]
fn drift_that_cannot_run_exits_2() {
    let (_dir, path) = Scratch::with(
        "unknown",
        "unknown-page.txt",
        "Only prose.\n\nNo table at all.\n",
    );
    let (code, _, err) = drift(&[path.to_str().expect("utf-8")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no spec of specs/ transcribes a page named unknown-page.txt"),
        "{err}"
    );
    let (code, _, err) = drift(&[path.to_str().expect("utf-8"), "--provider", "computop"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no parameter, mandatory-field or return-code table"),
        "{err}"
    );
    let (code, _, err) = drift(&["--format", "yaml", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown format `yaml`"), "{err}");
}
