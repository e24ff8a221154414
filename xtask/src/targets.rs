//! What `regenerate` produces: the generated crate from `specs/`, and each golden fixture's
//! output from its own specs. Both are computed in full before anything is written.

use std::path::{Path, PathBuf};

use codegen::diagnostic::Diagnostics;

/// One spec directory and where its generated files go.
#[derive(Debug, Clone)]
pub struct Target {
    /// The spec directory.
    pub specs: PathBuf,
    /// How the spec directory is shown in messages and headers (relative to the root).
    pub specs_display: String,
    /// The output crate root the generated paths are relative to.
    pub output: PathBuf,
}

/// A file `regenerate` would write, with its full path.
#[derive(Debug, Clone)]
pub struct PlannedFile {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the workspace root, `/`-separated, for messages.
    pub display: String,
    /// The exact bytes.
    pub contents: String,
}

/// Everything one run would write.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Files to write, sorted by path.
    pub files: Vec<PlannedFile>,
    /// Output directories whose generated files not in `files` are stale.
    pub generated_dirs: Vec<PathBuf>,
    /// The providers of the generated crate (`specs/`), each with the `pspec-runtime` features
    /// its code needs: what its cargo feature must turn on.
    pub features: Vec<codegen::emit::ProviderFeatures>,
}

/// The real specs, then every golden fixture (`tests/golden/<case>/spec`), sorted.
pub fn targets(root: &Path) -> Vec<Target> {
    let mut targets = vec![Target {
        specs: root.join("specs"),
        specs_display: "specs".into(),
        output: root.join("generated"),
    }];
    let golden = root.join("tests").join("golden");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&golden)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    cases.sort();
    for case in cases {
        let specs = case.join("spec");
        if specs.is_dir() {
            let name = case
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            targets.push(Target {
                specs,
                specs_display: format!("tests/golden/{name}/spec"),
                output: case.join("generated"),
            });
        }
    }
    targets
}

/// Loads, checks and generates every target. Any error anywhere fails the whole plan, so that a
/// failed run writes nothing.
pub fn plan(root: &Path) -> Result<Plan, Diagnostics> {
    let mut plan = Plan::default();
    let mut errors = Vec::new();
    for target in targets(root) {
        let is_crate = target.output == root.join("generated");
        let mut loaded = codegen::load_dir(&target.specs, &target.specs_display);
        // The crate's specs cite the source documents; the golden fixtures cite made-up ones.
        if is_crate {
            loaded = loaded.with_sources(crate::sources_dir(root));
        }
        // A draft with open `# review:` marks checks, but is not generated (specs/README.md).
        errors.extend(codegen::spec::review::open_review_errors(&loaded.set.specs));
        let generated = codegen::check(loaded).and_then(|checked| {
            let model = codegen::lower(checked);
            if is_crate {
                plan.features = codegen::emit::runtime_features(&model);
            }
            codegen::emit(&model)
        });
        match generated {
            Ok(files) => {
                for file in files {
                    let path = target.output.join(&file.path);
                    plan.files.push(PlannedFile {
                        display: display_path(root, &path),
                        path,
                        contents: file.contents,
                    });
                }
                plan.generated_dirs
                    .push(target.output.join("src").join("gen"));
            }
            Err(Diagnostics(found)) => errors.extend(found),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(plan)
}

/// `path` relative to `root`, with `/` separators.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The marker every generated file starts with (one constant, the generator's).
pub use codegen::GENERATED_MARKER;

/// Generated `.rs` files under `dir` (recursively) that `plan` does not produce.
pub fn stale_files(plan: &Plan) -> Vec<PathBuf> {
    let mut stale = Vec::new();
    for dir in &plan.generated_dirs {
        collect_generated(dir, &mut stale);
    }
    stale.retain(|p| !plan.files.iter().any(|f| &f.path == p));
    stale.sort();
    stale
}

fn collect_generated(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_generated(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(GENERATED_MARKER))
        {
            out.push(path);
        }
    }
}
