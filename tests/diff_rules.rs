//! `cargo xtask diff`: the rules over the corpus of spec pairs in `tests/diff/<case>/`, the
//! golden reports of `tests/diff/golden/`, accepted changes, exit codes and the JSON schema.
//!
//! Each case is `old/*.yaml`, `new/*.yaml` and `expected`: one `<rule> <level> <field>` line per
//! finding the diff must produce (`-` for no field), nothing more. The goldens compare byte for
//! byte; refresh them with `PSPEC_BLESS=1 cargo test -p pspec-tests --test diff_rules`.

use std::path::{Path, PathBuf};

use codegen::diff::{
    self, AcceptedChanges, FailOn, Finding, Level, OutputFormat, Report, Rule, Side,
};
use codegen::spec::{SpecSet, load_dir, load_text};
use pspec_tests::workspace_root;

const BLESS: &str = "PSPEC_BLESS=1 cargo test -p pspec-tests --test diff_rules";

fn corpus() -> PathBuf {
    workspace_root().join("tests").join("diff")
}

fn load(dir: &Path) -> SpecSet {
    codegen::check(load_dir(dir, "specs"))
        .unwrap_or_else(|d| panic!("{} does not load:\n{d}", dir.display()))
        .into_specs()
}

fn case(name: &str) -> Vec<Finding> {
    let dir = corpus().join(name);
    diff::diff(&load(&dir.join("old")), &load(&dir.join("new")))
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/diff exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("old").is_dir() && p.join("new").is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn expected(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("expected"))
        .unwrap_or_else(|e| panic!("{}/expected: {e}", dir.display()));
    let mut lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    lines.sort();
    lines
}

fn summary(f: &Finding) -> String {
    format!(
        "{} {} {}",
        f.rule.id(),
        f.level.as_str(),
        if f.field.is_empty() { "-" } else { &f.field }
    )
}

#[test]
fn every_case_produces_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(
        all.len() > 60,
        "the corpus is missing: {}",
        corpus().display()
    );
    for dir in &all {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let findings = diff::diff(&load(&dir.join("old")), &load(&dir.join("new")));
        let mut got: Vec<String> = findings.iter().map(summary).collect();
        got.sort();
        let want = expected(dir);
        if got != want {
            failures.push(format!("{name}:\n  expected {want:?}\n  found    {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_case() {
    let mut covered = std::collections::BTreeSet::new();
    for dir in cases() {
        for line in expected(&dir) {
            covered.insert(line.split(' ').next().unwrap_or_default().to_string());
        }
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.id())
        .filter(|id| !covered.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a case in tests/diff/: {missing:?}"
    );
    for id in &covered {
        assert!(
            Rule::from_id(id).is_some(),
            "an `expected` file names the unknown rule `{id}`"
        );
    }
}

#[test]
fn a_rename_is_one_finding() {
    let findings = case("field-renamed");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!((f.rule, f.level), (Rule::FieldRenamed, Level::Error));
    assert_eq!(
        (f.before.as_deref(), f.after.as_deref()),
        (Some("RefNr"), Some("RefNumber"))
    );
    assert_eq!(f.operation, "acme.pay");
    // An object renamed with its children unchanged is one finding too.
    assert_eq!(case("field-renamed-object").len(), 1);
}

#[test]
fn a_rewrite_saying_the_same_is_no_change() {
    assert_eq!(case("no-op"), vec![]);
}

#[test]
fn length_and_charset_of_one_field_are_two_findings() {
    let findings = case("length-and-charset");
    let rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        [
            Rule::RequestFieldCharsetNarrowed,
            Rule::RequestFieldLengthNarrowed
        ]
    );
    assert_eq!(
        (findings[0].before.as_deref(), findings[0].after.as_deref()),
        (Some("ans"), Some("an"))
    );
    assert_eq!(
        (findings[1].before.as_deref(), findings[1].after.as_deref()),
        (Some("max 64"), Some("max 30"))
    );
    assert_ne!(findings[0].fingerprint, findings[1].fingerprint);
}

#[test]
fn findings_point_at_the_new_line_or_the_old_one_for_removals() {
    let renamed = &case("field-renamed")[0];
    assert_eq!(
        (renamed.file.as_str(), renamed.side),
        ("specs/acme.yaml", Side::New)
    );
    let text =
        std::fs::read_to_string(corpus().join("field-renamed/new/acme.yaml")).unwrap_or_default();
    assert_eq!(
        text.lines().nth(renamed.line - 1).map(str::trim),
        Some("- name: RefNumber")
    );
    let removed = &case("operation-removed")[0];
    assert_eq!(removed.side, Side::Old);
    let text = std::fs::read_to_string(corpus().join("operation-removed/old/acme.yaml"))
        .unwrap_or_default();
    assert_eq!(
        text.lines().nth(removed.line - 1).map(str::trim),
        Some("- id: status")
    );
}

#[test]
fn fingerprints_are_fnv1a_of_the_finding_and_ignore_lines_and_file_order() {
    let renamed = &case("field-renamed")[0];
    // FNV-1a 64 of "field-renamed\nacme.pay\nRefNumber\nRefNr\nRefNumber" (docs/diff.md).
    assert_eq!(renamed.fingerprint, "f77a3ac3b183187f");

    // Moving every line down and splitting the spec over other files keeps every fingerprint.
    let dir = corpus().join("mixed");
    let old = load(&dir.join("old"));
    let new_text = std::fs::read_to_string(dir.join("new/acme.yaml")).unwrap_or_default();
    let shifted = format!("# a comment\n\n# another one\n{new_text}");
    let mut moved = SpecSet::default();
    moved
        .specs
        .push(load_text("specs/zz-renamed-file.yaml", shifted.as_bytes()).expect("loads"));
    let before: Vec<(String, String)> = diff::diff(&old, &load(&dir.join("new")))
        .iter()
        .map(|f| (summary(f), f.fingerprint.clone()))
        .collect();
    let after: Vec<(String, String)> = diff::diff(&old, &moved)
        .iter()
        .map(|f| (summary(f), f.fingerprint.clone()))
        .collect();
    assert_eq!(before, after);
    let lines: Vec<usize> = diff::diff(&old, &moved)
        .iter()
        .filter(|f| f.side == Side::New)
        .map(|f| f.line)
        .collect();
    assert!(lines.iter().all(|l| *l > 3));
}

fn mixed_report() -> Report {
    let dir = corpus().join("mixed");
    let accepted_text =
        std::fs::read_to_string(dir.join("new/accepted-changes.yaml")).unwrap_or_default();
    let accepted = diff::parse_accepted("specs/accepted-changes.yaml", &accepted_text)
        .expect("accepted file loads");
    Report::new("HEAD", "specs", case("mixed"), &accepted, FailOn::Error)
        .with_version(Some("0.1.0".into()))
}

fn golden(name: &str, actual: &str) {
    let path = corpus().join("golden").join(name);
    if std::env::var_os("PSPEC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("golden dir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "the lengths differ".to_string(),
                |i| {
                    format!(
                        "first difference on line {}:\n  golden: {:?}\n  now:    {:?}",
                        i + 1,
                        expected.lines().nth(i),
                        actual.lines().nth(i)
                    )
                },
            );
        panic!(
            "{} is out of date ({first}).\nIf the change is intended, refresh it with `{BLESS}` and review the diff.\n\nNow:\n{actual}",
            path.display()
        );
    }
}

#[test]
fn golden_text_report() {
    golden(
        "mixed.txt",
        &diff::render(&mixed_report(), OutputFormat::Text),
    );
}

#[test]
fn golden_markdown_report() {
    golden(
        "mixed.md",
        &diff::render(&mixed_report(), OutputFormat::Markdown),
    );
}

#[test]
fn golden_github_annotations() {
    golden(
        "mixed.github.txt",
        &diff::render(&mixed_report(), OutputFormat::Github),
    );
}

#[test]
fn json_report_parses_and_holds_the_documented_keys() {
    let report = mixed_report();
    let text = diff::render(&report, OutputFormat::Json);
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"));
    let docs = std::fs::read_to_string(workspace_root().join("docs/diff.md")).unwrap_or_default();
    let object = |v: &serde_json::Value| v.as_object().cloned().unwrap_or_default();

    let top = object(&json);
    assert_eq!(
        top.keys().map(String::as_str).collect::<Vec<_>>(),
        ["findings", "new", "old", "schema", "summary"]
    );
    assert_eq!(json["schema"], "pspec-diff/1");
    let summary = object(&json["summary"]);
    for key in [
        "total",
        "counts",
        "accepted",
        "needs_review",
        "impact",
        "bump",
        "version",
        "next_version",
        "bump_convention",
        "fail_on",
        "failing",
        "unused_accepted",
    ] {
        assert!(summary.contains_key(key), "summary lacks `{key}`");
        assert!(
            docs.contains(&format!("`{key}`")),
            "docs/diff.md does not document summary key `{key}`"
        );
    }
    assert_eq!(
        summary.len(),
        12,
        "a summary key is not in the documented list: {:?}",
        summary.keys()
    );
    assert_eq!(json["summary"]["counts"]["error"], 7);
    assert_eq!(json["summary"]["accepted"]["error"], 1);
    assert_eq!(json["summary"]["failing"], 6);
    assert_eq!(json["summary"]["bump"], "minor");
    assert_eq!(json["summary"]["next_version"], "0.2.0");
    assert_eq!(json["summary"]["unused_accepted"][0], "0123456789abcdef");

    let findings = json["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), report.findings.len());
    let keys = [
        "rule",
        "level",
        "direction",
        "subject",
        "operation",
        "field",
        "before",
        "after",
        "file",
        "line",
        "side",
        "message",
        "impact",
        "needs_review",
        "fingerprint",
        "accepted",
    ];
    for key in keys {
        assert!(
            docs.contains(&format!("`{key}`")),
            "docs/diff.md does not document finding key `{key}`"
        );
    }
    for (value, finding) in findings.iter().zip(&report.findings) {
        let obj = object(value);
        assert_eq!(obj.len(), keys.len(), "{value}");
        for key in keys {
            assert!(obj.contains_key(key), "a finding lacks `{key}`: {value}");
        }
        assert_eq!(value["rule"], finding.rule.id());
        assert_eq!(value["fingerprint"], finding.fingerprint.as_str());
        assert_eq!(value["line"], finding.line);
    }
    let accepted: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| !f["accepted"].is_null())
        .collect();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0]["rule"], "request-field-became-mandatory");
    assert_eq!(accepted[0]["accepted"]["date"], "2025-01-31");
}

#[test]
fn docs_list_every_rule_with_its_level_and_impact() {
    let docs =
        std::fs::read_to_string(workspace_root().join("docs/diff.md")).expect("docs/diff.md");
    for rule in Rule::ALL {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", rule.id())))
            .unwrap_or_else(|| panic!("docs/diff.md has no table row for `{}`", rule.id()));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(
            cells[2].starts_with(rule.level().as_str()),
            "{}: level {} in the docs row {row}",
            rule.id(),
            rule.level()
        );
        assert!(
            cells[3].starts_with(rule.impact().as_str()),
            "{}: impact {} in the docs row {row}",
            rule.id(),
            rule.impact()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The command: exit codes, accepted changes, sides.

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("pspec-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
    }
}

/// Runs `cargo xtask diff <args>` in `root`: exit code, stdout, stderr.
fn xtask_diff(root: &Path, args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::diff_cmd::run(root, &args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn sides(name: &str) -> (String, String) {
    let dir = corpus().join(name);
    (
        dir.join("old").display().to_string(),
        dir.join("new").display().to_string(),
    )
}

#[test]
fn fail_on_decides_the_exit_code() {
    let root = workspace_root();
    // One warning.
    let (old, new) = sides("operation-wire-changed");
    for (level, code) in [("error", 0), ("warning", 1), ("info", 1), ("none", 0)] {
        let (got, out, err) =
            xtask_diff(&root, &["--old", &old, "--new", &new, "--fail-on", level]);
        assert_eq!(got, code, "--fail-on {level}:\n{out}{err}");
    }
    // One error, by default.
    let (old, new) = sides("request-field-length-narrowed");
    let (code, out, _) = xtask_diff(&root, &["--old", &old, "--new", &new]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("request-field-length-narrowed"), "{out}");
    // One info.
    let (old, new) = sides("doc-changed");
    assert_eq!(xtask_diff(&root, &["--old", &old, "--new", &new]).0, 0);
    assert_eq!(
        xtask_diff(&root, &["--old", &old, "--new", &new, "--fail-on=info"]).0,
        1
    );
}

#[test]
fn an_accepted_finding_is_shown_counted_and_passes_fail_on() {
    let root = workspace_root();
    let scratch = Scratch::new("accepted");
    let (old, _) = sides("request-field-length-narrowed");
    let new = scratch.0.join("new");
    copy_dir(&corpus().join("request-field-length-narrowed/new"), &new);
    let new_arg = new.display().to_string();

    let (code, out, _) = xtask_diff(
        &root,
        &["--old", &old, "--new", &new_arg, "--format", "json"],
    );
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let fingerprint = json["findings"][0]["fingerprint"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(fingerprint.len(), 16);

    std::fs::write(
        new.join("accepted-changes.yaml"),
        format!("- fingerprint: {fingerprint}\n  reason: The provider never sent more than 30.\n  date: 2025-02-03\n"),
    )
    .expect("write");
    let (code, out, err) = xtask_diff(&root, &["--old", &old, "--new", &new_arg]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("1 error, 0 warnings, 0 info (1 accepted)"),
        "{out}"
    );
    assert!(out.contains("error (accepted)"), "{out}");
    assert!(
        out.contains("accepted 2025-02-03: The provider never sent more than 30."),
        "{out}"
    );
    // Still failing at a lower threshold? No: the only finding is accepted.
    assert_eq!(
        xtask_diff(
            &root,
            &["--old", &old, "--new", &new_arg, "--fail-on", "info"]
        )
        .0,
        0
    );
}

#[test]
fn a_malformed_accepted_file_stops_the_run_with_a_located_error() {
    let root = workspace_root();
    let scratch = Scratch::new("malformed-accepted");
    let (old, _) = sides("doc-changed");
    let new = scratch.0.join("new");
    copy_dir(&corpus().join("doc-changed/new"), &new);
    std::fs::write(
        new.join("accepted-changes.yaml"),
        "# accepted\n- fingerprint: 0123456789abcdef\n  reason: fine\n  date: 2025-01-31\n- fingerprint: nope\n  reason: fine\n  date: 2025-01-31\n",
    )
    .expect("write");
    let (code, out, err) = xtask_diff(&root, &["--old", &old, "--new", &new.display().to_string()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("/accepted-changes.yaml:5:") && err.contains("`nope` is not a fingerprint"),
        "{err}"
    );
}

#[test]
fn specs_that_do_not_load_are_reported_as_load_errors() {
    let root = workspace_root();
    let scratch = Scratch::new("broken");
    let (old, _) = sides("doc-changed");
    let new = scratch.0.join("new");
    copy_dir(&corpus().join("doc-changed/new"), &new);
    let text = std::fs::read_to_string(new.join("acme.yaml")).unwrap_or_default();
    std::fs::write(
        new.join("acme.yaml"),
        text.replace("          presence: M\n", "          presense: M\n"),
    )
    .expect("write");
    let (code, out, err) = xtask_diff(&root, &["--old", &old, "--new", &new.display().to_string()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("the new specs") && err.contains("acme.yaml:") && err.contains("presense"),
        "{err}"
    );
}

#[test]
fn old_specs_must_parse_but_may_fail_todays_cross_checks() {
    let root = workspace_root();
    let scratch = Scratch::new("old-cross-check");
    let (_, new) = sides("doc-changed");
    let old = scratch.0.join("old");
    copy_dir(&corpus().join("doc-changed/old"), &old);
    let text = std::fs::read_to_string(old.join("acme.yaml")).unwrap_or_default();
    let broken = text.replace(
        "required_when: Channel == 'APP'",
        "required_when: Channel == 'TV'",
    );
    assert_ne!(broken, text);
    std::fs::write(old.join("acme.yaml"), &broken).expect("write");
    let old_arg = old.display().to_string();
    assert!(
        codegen::check(load_dir(&old, "specs")).is_err(),
        "the fixture must fail the checker"
    );

    // Old side: a note, and the diff (the change fixes the condition: one finding more).
    let (code, out, err) = xtask_diff(&root, &["--old", &old_arg, "--new", &new]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("cross-check error(s) under the current checker"),
        "{err}"
    );
    assert!(
        out.contains("request-field-condition-changed") && out.contains("doc-changed"),
        "{out}"
    );

    // New side: the located diagnostics, exit 2.
    let (code, out, err) = xtask_diff(&root, &["--old", &new, "--new", &old_arg]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("the new specs") && err.contains("acme.yaml:"),
        "{err}"
    );
}

#[test]
fn bad_arguments_and_revisions_exit_2() {
    let root = workspace_root();
    let (code, _, err) = xtask_diff(&root, &["--old", "no-such-revision-or-dir"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("neither a directory nor a git revision"),
        "{err}"
    );
    let (code, _, err) = xtask_diff(&root, &["--format", "yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown format"), "{err}");
    let (code, _, err) = xtask_diff(&root, &["--fail-on", "fatal"]);
    assert_eq!(code, 2);
    assert!(err.contains("--fail-on"), "{err}");
    let (code, _, err) = xtask_diff(&root, &["--frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown argument"), "{err}");
    let (code, out, _) = xtask_diff(&root, &["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--fail-on"));
}

#[test]
fn a_fixture_against_itself_finds_nothing() {
    let (old, _) = sides("doc-changed");
    let (code, out, err) = xtask_diff(&workspace_root(), &["--old", &old, "--new", &old]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(": no finding;"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn the_current_specs_against_themselves_find_nothing() {
    let root = workspace_root();
    let specs = root.join("specs");
    if let Err(diagnostics) = codegen::check(load_dir(&specs, "specs")) {
        // The spec tests report broken specs; this test is about the diff.
        eprintln!("skipped: the specs do not load:\n{diagnostics}");
        return;
    }
    let specs = specs.display().to_string();
    let (code, out, err) = xtask_diff(&root, &["--old", &specs, "--new", &specs]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("spec diff specs → specs: no finding;"),
        "{out}"
    );
    let (code, out, _) = xtask_diff(
        &root,
        &["--old", &specs, "--new", &specs, "--format", "json"],
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["summary"]["total"], 0);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));
}

fn git(dir: &Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=pspec tests",
            "-c",
            "user.email=tests@pspec.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn git_revisions_are_read_without_a_checkout() {
    let scratch = Scratch::new("git");
    let root = &scratch.0;
    if !git(root, &["init", "-q"]) {
        eprintln!("skipped: git is not available");
        return;
    }
    let specs = root.join("specs");
    copy_dir(&corpus().join("request-field-length-narrowed/old"), &specs);
    assert!(git(root, &["add", "specs"]) && git(root, &["commit", "-q", "-m", "old"]));
    copy_dir(&corpus().join("request-field-length-narrowed/new"), &specs);
    std::fs::write(specs.join("notes.txt"), "not a spec").expect("write");

    // Defaults: HEAD against the working tree.
    let (code, out, err) = xtask_diff(root, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("spec diff HEAD → specs: 1 error,"), "{out}");
    assert!(out.contains("specs/acme.yaml:"), "{out}");

    assert!(git(root, &["add", "specs"]) && git(root, &["commit", "-q", "-m", "new"]));
    let (code, out, _) = xtask_diff(
        root,
        &["--old", "HEAD~1", "--new", "HEAD", "--format", "json"],
    );
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["findings"][0]["rule"], "request-field-length-narrowed");
    assert_eq!(json["findings"][0]["file"], "specs/acme.yaml");
    assert_eq!(xtask_diff(root, &["--old", "HEAD", "--new", "HEAD"]).0, 0);
    let (code, _, err) = xtask_diff(root, &["--old", "HEAD~5"]);
    assert_eq!(code, 2);
    assert!(err.contains("HEAD~5"), "{err}");
}

#[test]
fn the_accepted_changes_file_of_the_repository_loads() {
    let path = workspace_root()
        .join("specs")
        .join(codegen::spec::load::ACCEPTED_CHANGES_FILE);
    let text = std::fs::read_to_string(&path).expect("specs/accepted-changes.yaml exists");
    let accepted: AcceptedChanges = diff::parse_accepted("specs/accepted-changes.yaml", &text)
        .unwrap_or_else(|d| panic!("{d}"));
    for entry in &accepted.entries {
        assert!(!entry.reason.is_empty());
    }
}
