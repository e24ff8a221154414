//! The committed generated files are what `cargo xtask regenerate` writes: a stale or
//! hand-edited file fails `cargo test`, naming the file and the command to run. And a failed
//! regenerate writes nothing.

use std::path::{Path, PathBuf};

use pspec_tests::workspace_root;

#[test]
fn generated_files_are_up_to_date() {
    if let Err(error) = xtask::check(&workspace_root()) {
        panic!("{error}");
    }
}

/// A scratch copy of the parts of the workspace that regenerate reads and writes.
fn scratch_copy(name: &str) -> PathBuf {
    let root = workspace_root();
    let scratch = std::env::temp_dir().join(format!("pspec-fresh-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    for part in ["specs", "generated/src", "tests/golden"] {
        copy_dir(&root.join(part), &scratch.join(part));
    }
    std::fs::copy(
        root.join("generated/Cargo.toml"),
        scratch.join("generated/Cargo.toml"),
    )
    .expect("copy manifest");
    scratch
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create scratch dir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn one_edited_byte_fails_the_check_naming_file_and_command() {
    let scratch = scratch_copy("edit");
    let target = scratch.join("generated/src/gen/computop/types.rs");
    let mut bytes = std::fs::read(&target).expect("generated computop module");
    let last = bytes.len() - 2;
    bytes[last] = if bytes[last] == b'x' { b'y' } else { b'x' };
    std::fs::write(&target, bytes).expect("edit a byte");
    let message = xtask::check(&scratch)
        .expect_err("an edited file must fail the check")
        .to_string();
    assert!(
        message.contains("generated/src/gen/computop/types.rs"),
        "{message}"
    );
    assert!(message.contains("cargo xtask regenerate"), "{message}");
    // And regenerate repairs it.
    let report = xtask::regenerate(&scratch).expect("regenerate");
    assert_eq!(report.written, ["generated/src/gen/computop/types.rs"]);
    xtask::check(&scratch).expect("fresh after regenerate");
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn crlf_checkout_is_not_stale() {
    let scratch = scratch_copy("crlf");
    let target = scratch.join("generated/src/gen/mod.rs");
    let text = std::fs::read_to_string(&target).expect("generated mod.rs");
    std::fs::write(&target, text.replace('\n', "\r\n")).expect("write CRLF");
    xtask::check(&scratch).expect("CRLF line endings alone are not a difference");
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn a_spec_error_writes_nothing() {
    let scratch = scratch_copy("error");
    let before = snapshot(&scratch.join("generated"));
    let spec = scratch.join("specs/computop-wechat.yaml");
    let text = std::fs::read_to_string(&spec).expect("computop spec");
    let broken = text.replacen("format: ans..30", "format: ans..0", 1);
    assert_ne!(text, broken, "the fixture edit must change the spec");
    std::fs::write(&spec, broken).expect("break the spec");
    let message = xtask::regenerate(&scratch)
        .expect_err("a broken spec must fail")
        .to_string();
    assert!(message.contains("specs/computop-wechat.yaml:"), "{message}");
    assert!(message.contains("zero length"), "{message}");
    assert_eq!(
        snapshot(&scratch.join("generated")),
        before,
        "generated/ must be byte-identical after a failed run"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn stale_generated_file_is_reported_and_removed() {
    let scratch = scratch_copy("stale");
    let orphan = scratch.join("generated/src/gen/gone.rs");
    std::fs::write(
        &orphan,
        format!(
            "{} from specs/gone.yaml — do not edit\n",
            xtask::GENERATED_MARKER
        ),
    )
    .expect("orphan");
    let message = xtask::check(&scratch)
        .expect_err("an orphan must fail the check")
        .to_string();
    assert!(message.contains("generated/src/gen/gone.rs"), "{message}");
    let report = xtask::regenerate(&scratch).expect("regenerate");
    assert_eq!(report.removed, ["generated/src/gen/gone.rs"]);
    assert!(!orphan.exists());
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn a_removed_providers_folder_goes_with_its_files() {
    let scratch = scratch_copy("stale-folder");
    let folder = scratch.join("generated/src/gen/gone");
    std::fs::create_dir_all(&folder).expect("folder");
    for name in ["mod.rs", "types.rs"] {
        std::fs::write(
            folder.join(name),
            format!(
                "{} from specs/gone.yaml — do not edit\n",
                xtask::GENERATED_MARKER
            ),
        )
        .expect("orphan");
    }
    let report = xtask::regenerate(&scratch).expect("regenerate");
    assert_eq!(
        report.removed,
        [
            "generated/src/gen/gone/mod.rs",
            "generated/src/gen/gone/types.rs"
        ]
    );
    assert!(!folder.exists(), "the emptied folder is removed");
    // A folder that still holds a file of somebody's is kept, with that file.
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(folder.join("notes.txt"), "mine").expect("own file");
    std::fs::write(
        folder.join("mod.rs"),
        format!(
            "{} from specs/gone.yaml — do not edit\n",
            xtask::GENERATED_MARKER
        ),
    )
    .expect("orphan");
    let report = xtask::regenerate(&scratch).expect("regenerate");
    assert_eq!(report.removed, ["generated/src/gen/gone/mod.rs"]);
    assert!(folder.join("notes.txt").exists());
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Replaces one line of the scratch copy's generated/Cargo.toml (which must hold it).
fn edit_manifest(scratch: &Path, from: &str, to: &str) {
    let manifest = scratch.join("generated/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("generated manifest");
    let edited = text.replacen(from, to, 1);
    assert_ne!(text, edited, "the fixture edit must change the manifest");
    std::fs::write(&manifest, edited).expect("edit the manifest");
}

#[test]
fn a_provider_feature_short_of_a_runtime_capability_fails_with_the_declaration_to_use() {
    let scratch = scratch_copy("short-feature");
    xtask::check(&scratch).expect("the manifest as committed turns on what each provider needs");
    edit_manifest(&scratch, "\"pspec-runtime/hmac-sha256\"", "");
    let message = xtask::check(&scratch)
        .expect_err("computop signs requests, so its feature needs the HMAC capability")
        .to_string();
    assert!(
        message.contains("feature `computop` does not turn on `pspec-runtime/hmac-sha256`"),
        "{message}"
    );
    // The declaration offered is the one the manifest holds: it builds (CI builds each
    // provider feature alone).
    assert!(
        message.contains(
            "declare `computop = [\"pspec-runtime/blowfish-envelope\", \"pspec-runtime/form\", \"pspec-runtime/hmac-sha256\"]`"
        ),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn a_provider_without_a_feature_fails_with_the_declaration_to_add() {
    let scratch = scratch_copy("no-feature");
    edit_manifest(&scratch, "monext = [\"pspec-runtime/soap\"]", "");
    let message = xtask::regenerate(&scratch)
        .expect_err("every provider module is behind a feature")
        .to_string();
    assert!(message.contains("no feature `monext`"), "{message}");
    assert!(
        message.contains("declare `monext = [\"pspec-runtime/soap\"]` under [features]"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

/// A spec that loads but cannot be generated (two wire names, one Rust field) is rejected by
/// every command that checks specs, with the same located diagnostic: `cargo xtask specs`,
/// `regenerate` (which writes nothing) and the new side of `cargo xtask diff`.
#[test]
fn a_name_collision_fails_specs_regenerate_and_diff_alike() {
    let scratch = scratch_copy("collision");
    // Passing case first: the scratch copy of the real specs checks.
    let count = xtask::specs(&scratch).unwrap_or_else(|d| panic!("{d}"));
    assert!(count > 0);

    let fixture = workspace_root().join("tests/golden/collisions/field-names.yaml");
    std::fs::copy(&fixture, scratch.join("specs/clash.yaml")).expect("copy the fixture");
    let before = snapshot(&scratch.join("generated"));

    let from_specs = match xtask::specs(&scratch) {
        Err(xtask::XtaskError::Specs(d)) => d,
        other => panic!("a collision must fail `specs` with its diagnostic, got {other:?}"),
    };
    let from_regenerate = match xtask::regenerate(&scratch) {
        Err(xtask::XtaskError::Specs(d)) => d,
        other => panic!("expected spec diagnostics from regenerate, got {other:?}"),
    };
    let shown: Vec<String> = from_specs.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        from_regenerate
            .0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    );
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert!(
        shown[0].starts_with("specs/clash.yaml:20:11: `PayId`"),
        "located at the second name: {}",
        shown[0]
    );
    assert!(
        shown[0].contains("`PayID` at specs/clash.yaml:17:11"),
        "{}",
        shown[0]
    );
    assert_eq!(
        snapshot(&scratch.join("generated")),
        before,
        "a failed regenerate writes nothing"
    );

    // The diff refuses the same set as its new side, with the same diagnostic.
    let specs = scratch.join("specs").display().to_string();
    let args: Vec<String> = ["--old", &specs, "--new", &specs]
        .iter()
        .map(|a| a.to_string())
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::diff_cmd::run(&scratch, &args, &mut out, &mut err);
    let err = String::from_utf8_lossy(&err);
    assert_ne!(code, 0, "{err}");
    assert!(err.contains("the new specs"), "{err}");
    assert!(err.contains(&shown[0]), "{err}");
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Issue 12: a provider named `version` passed the feature check (any `key =` line of the
/// manifest counted as a feature), and `cargo xtask specs` made no feature check at all. Both
/// now read the manifest's `[features]` table and refuse it alike.
#[test]
fn a_provider_named_like_a_manifest_key_has_no_feature_for_specs_and_regenerate() {
    let scratch = scratch_copy("version");
    let spec = std::fs::read_to_string(workspace_root().join("tests/malformed/valid.yaml"))
        .expect("the corpus base")
        .replace("provider: acme", "provider: version");
    std::fs::write(scratch.join("specs/version.yaml"), spec).expect("write the spec");
    let before = snapshot(&scratch.join("generated"));
    for (command, result) in [
        ("specs", xtask::specs(&scratch).map(|_| ())),
        ("regenerate", xtask::regenerate(&scratch).map(|_| ())),
    ] {
        let message = result
            .expect_err("no feature `version` in generated/Cargo.toml")
            .to_string();
        assert!(
            message.contains("no feature `version`"),
            "{command}: {message}"
        );
    }
    assert_eq!(snapshot(&scratch.join("generated")), before);
    let _ = std::fs::remove_dir_all(&scratch);
}
