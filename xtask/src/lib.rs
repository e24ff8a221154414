//! The commands behind `cargo xtask`. Never depends on the generated crate, so a broken
//! generated crate can always be regenerated.

pub mod diff_cmd;
pub mod drift_cmd;
pub mod import_cmd;
pub mod scale;
mod targets;
mod write;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::diagnostic::Diagnostics;

pub use targets::{GENERATED_MARKER, Plan, PlannedFile, plan, stale_files};

/// The command that rewrites every generated file, as messages print it.
pub const REGENERATE_COMMAND: &str = "cargo xtask regenerate";

/// Finds the checkout to work on at run time: the nearest directory, from `start` upwards,
/// whose `Cargo.toml` is a workspace listing `xtask` among its members.
///
/// Not the directory xtask was compiled in: two checkouts sharing one `CARGO_TARGET_DIR` run
/// one xtask binary, and each must regenerate and check its own tree.
pub fn find_workspace_root(start: &Path) -> Result<PathBuf, XtaskError> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        // An unreadable or absent manifest is not this checkout's: keep walking up.
        if let Ok(text) = std::fs::read_to_string(&manifest)
            && lists_xtask_member(&text)
        {
            return Ok(dir.to_path_buf());
        }
    }
    Err(XtaskError::NoWorkspace(start.display().to_string()))
}

/// Whether a manifest has a `[workspace]` table whose `members` array names `"xtask"`. A line
/// reader, not a TOML parser: the root manifest is ours, and a false negative only means the
/// walk goes on upwards and ends in [`XtaskError::NoWorkspace`].
fn lists_xtask_member(manifest: &str) -> bool {
    let mut in_workspace = false;
    let mut members: Option<String> = None;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if let Some(collected) = members.as_mut() {
            collected.push_str(line);
            if line.contains(']') {
                break;
            }
            continue;
        }
        if line.starts_with('[') {
            in_workspace = line == "[workspace]";
        } else if in_workspace
            && let Some((key, value)) = line.split_once('=')
            && key.trim() == "members"
        {
            let value = value.trim().to_string();
            let closed = value.contains(']');
            members = Some(value);
            if closed {
                break;
            }
        }
    }
    members.is_some_and(|list| {
        list.trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .any(|member| member.trim().trim_matches('"') == "xtask")
    })
}

/// Why `regenerate` or `check` failed.
#[derive(Debug, thiserror::Error)]
pub enum XtaskError {
    /// The specs have errors; nothing was written.
    #[error("{0}\nnothing was written")]
    Specs(Diagnostics),
    /// The generated crate lacks a feature for a provider, or the feature does not turn on a
    /// runtime capability the provider's code calls.
    #[error(
        "generated/Cargo.toml: {problem}; declare `{provider} = [{}]` under [features] (and list `{provider}` in `default`)",
        .needs.iter().map(|f| format!("\"pspec-runtime/{f}\"")).collect::<Vec<_>>().join(", ")
    )]
    MissingFeature {
        /// The provider, which is also the feature's name.
        provider: String,
        /// What is wrong: no such feature, or which capabilities it lacks.
        problem: String,
        /// Every `pspec-runtime` feature the provider needs.
        needs: Vec<&'static str>,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// No checkout above the current directory.
    #[error(
        "no pspec checkout at or above {0}; expected a directory whose Cargo.toml has a [workspace] listing \"xtask\" among its members (run cargo xtask inside a checkout)"
    )]
    NoWorkspace(String),
    /// Generated files differ from what the specs produce.
    #[error("{}\nrun `{REGENERATE_COMMAND}` to bring them up to date", .0.join("\n"))]
    Stale(Vec<String>),
}

/// `cargo xtask specs`: loads and checks every spec of `specs/`; how many there are. It runs
/// every check `regenerate` runs on `specs/`, in the same order, only writing nothing: the
/// check (names resolved, so two names that collide fail here with the same diagnostic; the
/// sources cited, against [`sources_dir`]), the generation in memory, and the generated
/// crate's features.
pub fn specs(root: &Path) -> Result<usize, XtaskError> {
    let loaded = codegen::load_dir(&root.join("specs"), "specs");
    let (set, features) = check_as_regenerate(loaded, root).map_err(XtaskError::Specs)?;
    check_features(root, &features)?;
    Ok(set.specs.len())
}

/// What `regenerate` does with a spec set short of writing: check it against the source
/// documents ([`sources_dir`]), lower it and emit it (in memory, for the errors emitting can
/// find); the checked set and the runtime features its providers need. `cargo xtask specs` and
/// the new side of `cargo xtask diff` call this, so that they refuse what `regenerate`
/// refuses.
pub fn check_as_regenerate(
    loaded: codegen::Loaded,
    root: &Path,
) -> Result<(codegen::spec::SpecSet, Vec<codegen::emit::ProviderFeatures>), Diagnostics> {
    let checked = codegen::check(loaded.with_sources(sources_dir(root)))?;
    let set = checked.specs().clone();
    let model = codegen::lower(checked);
    let features = codegen::emit::runtime_features(&model);
    codegen::emit(&model)?;
    Ok((set, features))
}

/// The source documents the specs cite: `$PSPEC_SOURCES`, else `../shared/seeds` beside the
/// checkout (the layout the doc cross-check reads too). `None` when it is not a directory (a
/// clone without the documents): `sources[].file` cannot be checked then, and is not.
pub fn sources_dir(root: &Path) -> Option<PathBuf> {
    let dir = match std::env::var_os("PSPEC_SOURCES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root.join("..").join("shared").join("seeds"),
    };
    dir.is_dir().then_some(dir)
}

/// The open `# review:` marks of `specs/`, each a located error: the specs check, but
/// `regenerate` refuses them until every mark is resolved.
pub fn open_reviews(root: &Path) -> Vec<codegen::diagnostic::Diagnostic> {
    let loaded = codegen::load_dir(&root.join("specs"), "specs");
    codegen::spec::review::open_review_errors(&loaded.set.specs)
}

/// What `regenerate` did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files written (content changed).
    pub written: Vec<String>,
    /// Files left as they were.
    pub unchanged: usize,
    /// Stale generated files removed.
    pub removed: Vec<String>,
}

/// Regenerates every generated file under `root`: all or nothing.
pub fn regenerate(root: &Path) -> Result<Report, XtaskError> {
    let plan = plan(root).map_err(XtaskError::Specs)?;
    check_features(root, &plan.features)?;
    let mut report = Report::default();
    for file in &plan.files {
        let wrote = write::write_if_changed(&file.path, &file.contents).map_err(|source| {
            XtaskError::Io {
                path: file.display.clone(),
                source,
            }
        })?;
        if wrote {
            report.written.push(file.display.clone());
        } else {
            report.unchanged += 1;
        }
    }
    for path in stale_files(&plan) {
        let display = targets::display_path(root, &path);
        std::fs::remove_file(&path).map_err(|source| XtaskError::Io {
            path: display.clone(),
            source,
        })?;
        report.removed.push(display);
        // A provider's folder that held only generated files goes with them (a failed removal
        // only means the folder still holds something: it is kept).
        if let Some(folder) = path.parent()
            && plan.generated_dirs.iter().all(|dir| dir != folder)
        {
            let _ = std::fs::remove_dir(folder);
        }
    }
    Ok(report)
}

/// Fails, naming each file, when any generated file differs from what `regenerate` would write
/// (line endings aside: a CRLF checkout is not stale).
pub fn check(root: &Path) -> Result<usize, XtaskError> {
    let plan = plan(root).map_err(XtaskError::Specs)?;
    check_features(root, &plan.features)?;
    let mut problems = Vec::new();
    for file in &plan.files {
        match std::fs::read_to_string(&file.path) {
            Ok(current) if current.replace("\r\n", "\n") == file.contents => {}
            Ok(_) => problems.push(format!(
                "{} differs from its specs (edited by hand, or stale)",
                file.display
            )),
            Err(_) => problems.push(format!("{} is missing", file.display)),
        }
    }
    for path in stale_files(&plan) {
        problems.push(format!(
            "{} is generated from a spec that no longer exists",
            targets::display_path(root, &path)
        ));
    }
    if problems.is_empty() {
        Ok(plan.files.len())
    } else {
        Err(XtaskError::Stale(problems))
    }
}

/// Every provider module is behind a cargo feature of the same name, and that feature turns
/// on the `pspec-runtime` capabilities the provider's code calls (without them the crate does
/// not build with that feature alone).
fn check_features(
    root: &Path,
    features: &[codegen::emit::ProviderFeatures],
) -> Result<(), XtaskError> {
    let manifest_path = root.join("generated").join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|source| XtaskError::Io {
        path: "generated/Cargo.toml".into(),
        source,
    })?;
    for provider in features {
        let problem = match feature_value(&manifest, &provider.provider) {
            None => format!("no feature `{}`", provider.provider),
            Some(value) => {
                let lacking: Vec<String> = provider
                    .runtime
                    .iter()
                    .filter(|f| !value.contains(&format!("pspec-runtime/{f}")))
                    .map(|f| format!("`pspec-runtime/{f}`"))
                    .collect();
                if lacking.is_empty() {
                    continue;
                }
                format!(
                    "feature `{}` does not turn on {}, which its code calls",
                    provider.provider,
                    lacking.join(", ")
                )
            }
        };
        return Err(XtaskError::MissingFeature {
            provider: provider.provider.clone(),
            problem,
            needs: provider.runtime.clone(),
        });
    }
    Ok(())
}

/// The provider features of the generated crate: the keys of the `[features]` table of
/// `generated/Cargo.toml` that `default` lists (`check` refuses a provider whose feature is
/// not there), in the manifest's order. CI tests each one alone, so that a new provider is
/// tested alone as soon as its feature exists.
pub fn provider_features(root: &Path) -> Result<Vec<String>, XtaskError> {
    let (providers, _) = split_generated_features(root)?;
    Ok(providers)
}

/// The generated crate's capability features (`http`, `client`, `serde`): the keys of its `[features]`
/// table that `default` does not list. CI builds each with every provider.
pub fn capability_features(root: &Path) -> Result<Vec<String>, XtaskError> {
    let (_, capabilities) = split_generated_features(root)?;
    Ok(capabilities)
}

fn split_generated_features(root: &Path) -> Result<(Vec<String>, Vec<String>), XtaskError> {
    // One read and one parse of the manifest: its feature keys and the `default` list.
    let features = read_features_table(root, "generated")?;
    let default: Vec<&str> = features
        .get("default")
        .and_then(toml::Value::as_array)
        .map(|items| items.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    Ok(feature_keys(&features)
        .into_iter()
        .partition(|feature| default.contains(&feature.as_str())))
}

/// The capabilities of the runtime crate: every key of the `[features]` table of
/// `runtime/Cargo.toml` but `default`. CI builds the runtime with each one alone, so that what a
/// provider feature turns on builds without the others.
pub fn runtime_features(root: &Path) -> Result<Vec<String>, XtaskError> {
    manifest_features(root, "runtime")
}

/// The keys of the `[features]` table of `<crate_dir>/Cargo.toml` but `default`, in order.
fn manifest_features(root: &Path, crate_dir: &str) -> Result<Vec<String>, XtaskError> {
    Ok(feature_keys(&read_features_table(root, crate_dir)?))
}

/// The keys of a `[features]` table but `default`, in manifest order.
fn feature_keys(features: &toml::Table) -> Vec<String> {
    features
        .keys()
        .filter(|key| *key != "default")
        .cloned()
        .collect()
}

/// The `[features]` table of `<crate_dir>/Cargo.toml`.
fn read_features_table(root: &Path, crate_dir: &str) -> Result<toml::Table, XtaskError> {
    let display = format!("{crate_dir}/Cargo.toml");
    let manifest =
        std::fs::read_to_string(root.join(crate_dir).join("Cargo.toml")).map_err(|source| {
            XtaskError::Io {
                path: display.clone(),
                source,
            }
        })?;
    features_table(&manifest, &display)
}

/// The `[features]` table of a manifest, parsed as TOML (empty when there is none).
fn features_table(manifest: &str, display: &str) -> Result<toml::Table, XtaskError> {
    let parsed: toml::Table = toml::from_str(manifest).map_err(|err| XtaskError::Io {
        path: display.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, err.to_string()),
    })?;
    Ok(match parsed.get("features") {
        Some(toml::Value::Table(features)) => features.clone(),
        _ => toml::Table::new(),
    })
}

/// The items of the feature `name` of a manifest's `[features]` table; `None` when the table
/// has no such key (a key of another table, `version` of `[package]`, is no feature).
fn feature_value(manifest: &str, name: &str) -> Option<Vec<String>> {
    let features = features_table(manifest, "generated/Cargo.toml").ok()?;
    let items = features.get(name)?.as_array()?;
    Some(
        items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
    )
}

const USAGE: &str = "usage: cargo xtask <command>
  regenerate   load and check every spec, then rewrite the generated files that changed
  check        fail when a generated file differs from what regenerate would write
  specs        load and check every spec, print every error
  diff         what a spec change means for apps (see docs/diff.md; `cargo xtask diff --help`)
  features     print the generated crate's provider features, one a line (CI tests each alone);
               `features runtime`: the runtime crate's capabilities (CI builds each alone);
               `features capabilities`: the generated crate's non-provider features (http, client)
  scale        time and peak memory of generating N copies of the specs (docs/performance.md)
  import       draft a spec from a documentation page or an OpenAPI document (`cargo xtask import --help`)
  drift        what changed on a provider's page against the current spec (`cargo xtask drift --help`)
";

/// Runs one command line; the exit code says how it went.
pub fn run(args: &[String]) -> ExitCode {
    let command = args.first().map(String::as_str);
    if !matches!(
        command,
        Some("regenerate" | "check" | "diff" | "scale" | "specs" | "features" | "import" | "drift")
    ) {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    let root = match std::env::current_dir()
        .map_err(|source| XtaskError::Io {
            path: "the current directory".into(),
            source,
        })
        .and_then(|dir| find_workspace_root(&dir))
    {
        Ok(root) => root,
        Err(error) => return fail(&error),
    };
    match command {
        Some("regenerate") => match regenerate(&root) {
            Ok(report) => {
                for path in &report.written {
                    println!("wrote {path}");
                }
                for path in &report.removed {
                    println!("removed {path}");
                }
                println!(
                    "regenerated: {} written, {} unchanged, {} removed",
                    report.written.len(),
                    report.unchanged,
                    report.removed.len()
                );
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        Some("check") => match check(&root) {
            Ok(count) => {
                println!("{count} generated file(s) up to date");
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        Some("features") => {
            let listed = match args.get(1).map(String::as_str) {
                None | Some("generated") => provider_features(&root),
                Some("runtime") => runtime_features(&root),
                Some("capabilities") => capability_features(&root),
                Some(other) => {
                    eprintln!(
                        "xtask: `features` takes `generated` (the default), `capabilities` or `runtime`, not {other:?}"
                    );
                    return ExitCode::from(2);
                }
            };
            match listed {
                Ok(features) => {
                    for feature in features {
                        println!("{feature}");
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Some("diff") => diff_cmd::main(&root, &args[1..]),
        Some("scale") => scale::main(&root, &args[1..]),
        Some("import") => import_cmd::main(&root, &args[1..]),
        Some("drift") => drift_cmd::main(&root, &args[1..]),
        // The same checks as `regenerate`: a spec that loads but cannot be generated (two
        // names that collide as Rust) fails here too, with the same diagnostic.
        // Open review marks: the specs check, but regenerate would refuse them, so this fails
        // too (`specs` rejects what `regenerate` rejects), after saying the check passed.
        Some("specs") => match specs(&root) {
            Ok(count) => {
                println!("{count} spec file(s) loaded and checked without error");
                let reviews = open_reviews(&root);
                if reviews.is_empty() {
                    return ExitCode::SUCCESS;
                }
                for review in &reviews {
                    eprintln!("{review}");
                }
                eprintln!(
                    "{} open review mark(s): `{REGENERATE_COMMAND}` refuses these files until a person resolves every mark",
                    reviews.len()
                );
                ExitCode::FAILURE
            }
            Err(XtaskError::Specs(diagnostics)) => {
                eprintln!("{diagnostics}");
                ExitCode::FAILURE
            }
            Err(other) => fail(&other),
        },
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn fail(error: &XtaskError) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::{feature_value, lists_xtask_member};

    const MANIFEST: &str = "[package]\nname = \"pspec\"\nversion = \"0.1.0\"\n\n[features]\ndefault = [\"acme\"]\n# a comment = [\"x\"]\nacme = [\n  \"pspec-runtime/form\", # bodies\n  \"pspec-runtime/hmac-sha256\",\n]\n\n[dependencies]\nserde = { version = \"1\" }\n";

    #[test]
    fn features_are_the_keys_of_the_features_table() {
        assert_eq!(
            feature_value(MANIFEST, "acme"),
            Some(vec![
                "pspec-runtime/form".to_owned(),
                "pspec-runtime/hmac-sha256".to_owned()
            ])
        );
        // Issue 12: any `key =` line counted, so a provider `version` passed the check.
        assert_eq!(feature_value(MANIFEST, "version"), None);
        assert_eq!(feature_value(MANIFEST, "serde"), None);
        assert_eq!(feature_value(MANIFEST, "a comment"), None);
        assert_eq!(feature_value("not [ toml", "acme"), None);
    }

    #[test]
    fn a_workspace_listing_xtask_is_a_checkout() {
        assert!(lists_xtask_member(
            "[workspace]\nresolver = \"3\"\nmembers = [\"codegen\", \"generated\", \"xtask\", \"tests\"]\n"
        ));
        assert!(lists_xtask_member(
            "[workspace]\nmembers = [\n  \"codegen\", # the generator\n  \"xtask\",\n]\n"
        ));
    }

    #[test]
    fn other_manifests_are_not() {
        // A package, a workspace without xtask, `members` of another table, a near name.
        assert!(!lists_xtask_member("[package]\nname = \"xtask\"\n"));
        assert!(!lists_xtask_member(
            "[workspace]\nmembers = [\"codegen\"]\n"
        ));
        assert!(!lists_xtask_member(
            "[workspace]\n[other]\nmembers = [\"xtask\"]\n"
        ));
        assert!(!lists_xtask_member("[workspace]\nmembers = [\"xtask2\"]\n"));
        assert!(!lists_xtask_member(
            "[workspace]\n# members = [\"xtask\"]\n"
        ));
    }
}
