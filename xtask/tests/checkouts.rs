//! Two checkouts sharing one target directory run one xtask binary: each run must regenerate
//! and check the tree of the directory it runs in, never the tree xtask was compiled in
//! (issue 11, point 5).
//!
//! The two checkouts are scratch copies of the parts `regenerate` reads and writes; the binary
//! is the one cargo built for this test (`CARGO_BIN_EXE_xtask`), run with each copy as its
//! current directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of xtask would take at most on a loaded 2-core machine (it takes ~1 s).
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// The checkout this test was compiled in: the source of the copies, and a tree that must not
/// change.
fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// A scratch directory under the system temp dir, removed when dropped (also on failure).
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("pspec-xtask-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a scratch directory");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A checkout at `to`: the root manifest (how xtask recognises a checkout), the specs, the
/// generated crate's manifest and sources, and the golden fixtures.
fn copy_checkout(to: &Path) {
    let from = source_root();
    for part in ["specs", "generated/src", "tests/golden"] {
        copy_dir(&from.join(part), &to.join(part));
    }
    std::fs::create_dir_all(to.join("runtime")).expect("create runtime/");
    for file in ["Cargo.toml", "generated/Cargo.toml", "runtime/Cargo.toml"] {
        std::fs::copy(from.join(file), to.join(file)).expect("copy a manifest");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a directory");
    for entry in std::fs::read_dir(from).expect("read a directory").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a file");
        }
    }
}

/// Every file under `dir` with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current)
            .expect("read a directory")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read a file");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

/// Flips the last byte but one of `file`, as a hand edit would.
fn edit_a_byte(file: &Path) {
    let mut bytes = std::fs::read(file).expect("read a generated file");
    let at = bytes.len() - 2;
    bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
    std::fs::write(file, bytes).expect("edit a byte");
}

/// How one run of xtask went.
struct Run {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Runs the built xtask with `dir` as its current directory, killed after [`RUN_LIMIT`].
fn xtask(dir: &Path, command: &str) -> Run {
    xtask_with(dir, &[command])
}

/// `xtask` with several arguments (the first is the command).
fn xtask_with(dir: &Path, args: &[&str]) -> Run {
    let command = args.first().copied().unwrap_or_default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start xtask");
    let started = Instant::now();
    while child.try_wait().expect("poll xtask").is_none() {
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "xtask {command} in {} ran over {RUN_LIMIT:?}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("xtask output");
    Run {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn two_checkouts_sharing_one_binary_each_work_on_their_own_tree() {
    let real_before = snapshot(&source_root().join("generated/src/gen"));
    let scratch = Scratch::new("checkouts");
    let (a, b) = (scratch.0.join("a"), scratch.0.join("b"));
    copy_checkout(&a);
    copy_checkout(&b);
    let pristine = snapshot(&a.join("generated"));
    edit_a_byte(&a.join("generated/src/gen/computop/types.rs"));
    edit_a_byte(&b.join("generated/src/gen/monext/types.rs"));

    // `check` in each names that checkout's edited file only. A runs from a subdirectory: the
    // checkout is found by walking up.
    let check_a = xtask(&a.join("specs"), "check");
    assert!(!check_a.success, "{}", check_a.stderr);
    assert!(
        check_a
            .stderr
            .contains("generated/src/gen/computop/types.rs differs"),
        "{}",
        check_a.stderr
    );
    assert!(!check_a.stderr.contains("monext/"), "{}", check_a.stderr);
    let check_b = xtask(&b, "check");
    assert!(!check_b.success, "{}", check_b.stderr);
    assert!(
        check_b
            .stderr
            .contains("generated/src/gen/monext/types.rs differs"),
        "{}",
        check_b.stderr
    );
    assert!(!check_b.stderr.contains("computop/"), "{}", check_b.stderr);

    // `regenerate` in A repairs A and leaves B as it was.
    let b_before = snapshot(&b);
    let regenerate_a = xtask(&a, "regenerate");
    assert!(regenerate_a.success, "{}", regenerate_a.stderr);
    assert!(
        regenerate_a
            .stdout
            .contains("wrote generated/src/gen/computop/types.rs\nregenerated: 1 written"),
        "{}",
        regenerate_a.stdout
    );
    assert_eq!(snapshot(&b), b_before, "regenerate in A changed B");
    assert!(xtask(&a, "check").success);
    assert!(!xtask(&b, "check").success, "B is still edited");

    // And B repairs itself; both trees are back to the copied state.
    let regenerate_b = xtask(&b.join("generated"), "regenerate");
    assert!(
        regenerate_b
            .stdout
            .contains("wrote generated/src/gen/monext/types.rs\nregenerated: 1 written"),
        "{}\n{}",
        regenerate_b.stdout,
        regenerate_b.stderr
    );
    assert!(xtask(&b, "check").success);
    let as_copied = |root: &Path| {
        snapshot(&root.join("generated"))
            .into_iter()
            .map(|(path, bytes)| (path.strip_prefix(root).map(Path::to_path_buf), bytes))
            .collect::<Vec<_>>()
    };
    let pristine: Vec<_> = pristine
        .into_iter()
        .map(|(path, bytes)| (path.strip_prefix(&a).map(Path::to_path_buf), bytes))
        .collect();
    assert!(as_copied(&a) == pristine, "A differs from its copy");
    assert!(as_copied(&b) == pristine, "B differs from its copy");

    // The checkout xtask was built in was never touched.
    assert!(
        snapshot(&source_root().join("generated/src/gen")) == real_before,
        "a scratch run wrote into the source checkout"
    );
}

#[test]
fn outside_a_checkout_it_says_so() {
    let scratch = Scratch::new("outside");
    // A manifest that is a workspace, but not pspec's: the walk passes it by.
    std::fs::write(
        scratch.0.join("Cargo.toml"),
        "[workspace]\nmembers = [\"other\"]\n",
    )
    .expect("write a foreign manifest");
    let run = xtask(&scratch.0, "check");
    assert!(!run.success);
    assert!(
        run.stderr.contains("no pspec checkout at or above")
            && run.stderr.contains("listing \"xtask\" among its members"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn features_are_read_from_the_checkouts_manifest() {
    let scratch = Scratch::new("features");
    copy_checkout(&scratch.0);
    let manifest = scratch.0.join("generated/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("generated manifest");
    let run = xtask(&scratch.0, "features");
    assert!(run.success, "{}", run.stderr);
    // `serde` is a feature of the manifest but not a provider: left out (a capability).
    assert!(text.contains("\nserde = ["), "the manifest declares serde");
    assert_eq!(run.stdout, "computop\nmonext\nadyen\n");
    // A new provider's feature is listed as soon as the manifest has it (in `default`, as
    // `regenerate` asks of every provider).
    let added = text
        .replacen("[features]\n", "[features]\nacme = []\n", 1)
        .replacen("default = [", "default = [\"acme\", ", 1);
    assert_ne!(added, text);
    std::fs::write(&manifest, added).expect("add a feature");
    let run = xtask(&scratch.0, "features");
    assert_eq!(run.stdout, "acme\ncomputop\nmonext\nadyen\n");
    // The other keys are capabilities across providers.
    let run = xtask_with(&scratch.0, &["features", "capabilities"]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(run.stdout, "http\nclient\nserde\n");
    // The runtime's capabilities come from its own manifest (with the test-only counter of
    // work, which CI then builds alone too).
    let run = xtask_with(&scratch.0, &["features", "runtime"]);
    assert!(run.success, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "form\nhmac-sha256\nblowfish-envelope\njson\nsoap\nsignature\nhttp\nclient\ncount-work\nserde\n"
    );
    let run = xtask_with(&scratch.0, &["features", "providers"]);
    assert!(!run.success);
    assert!(
        run.stderr
            .contains("`generated` (the default), `capabilities` or `runtime`"),
        "{}",
        run.stderr
    );
}
