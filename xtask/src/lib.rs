//! The commands behind `cargo xtask`. Never depends on the generated crate, so a broken
//! generated crate can always be regenerated.

pub mod diff_cmd;
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

/// `cargo xtask specs`: loads and checks every spec of `specs/`; how many there are. The check
/// is the one `regenerate` runs (it includes resolving Rust names, so two names that collide
/// fail here with the same diagnostic), only nothing is generated.
pub fn specs(root: &Path) -> Result<usize, Diagnostics> {
    let checked = codegen::check(codegen::load_dir(&root.join("specs"), "specs"))?;
    Ok(checked.specs().specs.len())
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
    check_features(root, &plan)?;
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
    check_features(root, &plan)?;
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
fn check_features(root: &Path, plan: &Plan) -> Result<(), XtaskError> {
    let manifest_path = root.join("generated").join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|source| XtaskError::Io {
        path: "generated/Cargo.toml".into(),
        source,
    })?;
    for provider in &plan.features {
        let problem = match feature_value(&manifest, &provider.provider) {
            None => format!("no feature `{}`", provider.provider),
            Some(value) => {
                let lacking: Vec<String> = provider
                    .runtime
                    .iter()
                    .filter(|f| !value.contains(&format!("\"pspec-runtime/{f}\"")))
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

/// The provider features of the generated crate: every key of the `[features]` table of
/// `generated/Cargo.toml` but `default`, in the manifest's order. CI tests each one alone, so
/// that a new provider is tested alone as soon as its feature exists (`check` already refuses a
/// provider without one).
pub fn provider_features(root: &Path) -> Result<Vec<String>, XtaskError> {
    let mut features = manifest_features(root, "generated")?;
    features.retain(|feature| !NOT_PROVIDERS.contains(&feature.as_str()));
    Ok(features)
}

/// Features of the generated crate that are not providers (CI builds and tests them in the
/// full run instead, together with every provider).
pub const NOT_PROVIDERS: &[&str] = &["serde"];

/// The capabilities of the runtime crate: every key of the `[features]` table of
/// `runtime/Cargo.toml` but `default`. CI builds the runtime with each one alone, so that what a
/// provider feature turns on builds without the others.
pub fn runtime_features(root: &Path) -> Result<Vec<String>, XtaskError> {
    manifest_features(root, "runtime")
}

/// The keys of the `[features]` table of `<crate_dir>/Cargo.toml` but `default`, in order.
fn manifest_features(root: &Path, crate_dir: &str) -> Result<Vec<String>, XtaskError> {
    let manifest =
        std::fs::read_to_string(root.join(crate_dir).join("Cargo.toml")).map_err(|source| {
            XtaskError::Io {
                path: format!("{crate_dir}/Cargo.toml"),
                source,
            }
        })?;
    let mut in_features = false;
    let mut features = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features && let Some((key, _)) = line.split_once('=') {
            // Continuation lines of a multi-line array hold no `=`; bare keys only.
            let key = key.trim();
            if key != "default"
                && !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                features.push(key.to_string());
            }
        }
    }
    Ok(features)
}

/// The value of `name = [...]` in the `[features]` table of a manifest, brackets included,
/// across lines. A line-based reading of our own manifest's layout, not a TOML parser: it
/// only has to find one key of one table.
fn feature_value(manifest: &str, name: &str) -> Option<String> {
    let mut in_features = false;
    let mut lines = manifest.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && !trimmed.contains('=') {
            in_features = trimmed == "[features]";
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            continue;
        };
        if !in_features || key.trim().trim_matches('"') != name {
            continue;
        }
        let mut value = value.to_string();
        while value.contains('[') && !value.contains(']') {
            let Some(next) = lines.next() else { break };
            value.push_str(next);
        }
        return Some(value);
    }
    None
}

const USAGE: &str = "usage: cargo xtask <command>
  regenerate   load and check every spec, then rewrite the generated files that changed
  check        fail when a generated file differs from what regenerate would write
  specs        load and check every spec, print every error
  diff         what a spec change means for apps (see docs/diff.md; `cargo xtask diff --help`)
  features     print the generated crate's provider features, one a line (CI tests each alone);
               `features runtime`: the runtime crate's capabilities (CI builds each alone)
  scale        time and peak memory of generating N copies of the specs (docs/performance.md)
";

/// Runs one command line; the exit code says how it went.
pub fn run(args: &[String]) -> ExitCode {
    let command = args.first().map(String::as_str);
    if !matches!(
        command,
        Some("regenerate" | "check" | "diff" | "scale" | "specs" | "features")
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
                Some(other) => {
                    eprintln!(
                        "xtask: `features` takes `generated` (the default) or `runtime`, not {other:?}"
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
        // The same checks as `regenerate`: a spec that loads but cannot be generated (two
        // names that collide as Rust) fails here too, with the same diagnostic.
        Some("specs") => match specs(&root) {
            Ok(count) => {
                println!("{count} spec file(s) loaded and checked without error");
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                eprintln!("{diagnostics}");
                ExitCode::FAILURE
            }
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
    use super::lists_xtask_member;

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
