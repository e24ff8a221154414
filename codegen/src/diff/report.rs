//! A diff with its accepted changes, counts, suggested bump and failure threshold.

use super::accepted::{self, AcceptedChanges, AcceptedEntry};
use super::rules::{Finding, Impact, Level, Subject};

/// Which unaccepted findings fail the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Errors.
    Error,
    /// Errors and warnings.
    Warning,
    /// Any finding.
    Info,
    /// Never.
    None,
}

impl FailOn {
    /// Reads `error`, `warning`, `info` or `none`.
    pub fn parse(s: &str) -> Option<FailOn> {
        Some(match s {
            "error" => FailOn::Error,
            "warning" => FailOn::Warning,
            "info" => FailOn::Info,
            "none" => FailOn::None,
            _ => return None,
        })
    }

    /// The spelling on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::None => "none",
        }
    }

    /// Whether a finding of `level` reaches the threshold.
    pub fn reached_by(self, level: Level) -> bool {
        match self {
            FailOn::Error => level == Level::Error,
            FailOn::Warning => level != Level::Info,
            FailOn::Info => true,
            FailOn::None => false,
        }
    }
}

/// How the report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// For terminals.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// For tools (schema in `docs/diff.md`).
    Json,
    /// GitHub workflow annotations.
    Github,
}

impl OutputFormat {
    /// Reads `text`, `markdown`, `json` or `github`.
    pub fn parse(s: &str) -> Option<OutputFormat> {
        Some(match s {
            "text" => OutputFormat::Text,
            "markdown" => OutputFormat::Markdown,
            "json" => OutputFormat::Json,
            "github" => OutputFormat::Github,
            _ => return None,
        })
    }
}

/// The suggested version bump of the generated crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing reaches the crate.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The convention [`Report::bump`] follows, as reports print it.
pub const BUMP_CONVENTION: &str = "Cargo's pre-1.0 rule: while the crate is 0.y.z, a major impact bumps y and any other impact bumps z; from 1.0.0 on, the impact is the bump";

/// Findings per level, and how many of them are accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Findings per level (error, warning, info), accepted ones included.
    pub total: [usize; 3],
    /// Accepted findings per level.
    pub accepted: [usize; 3],
}

/// The counter of `level` in a per-level array (error, warning, info): a match, so that each
/// level has its slot and no index can fall outside the array.
fn slot(counts: &mut [usize; 3], level: Level) -> &mut usize {
    let [error, warning, info] = counts;
    match level {
        Level::Error => error,
        Level::Warning => warning,
        Level::Info => info,
    }
}

impl Counts {
    /// All findings of `level`.
    pub fn of(&self, level: Level) -> usize {
        let mut total = self.total;
        *slot(&mut total, level)
    }

    /// Accepted findings of `level`.
    pub fn accepted_of(&self, level: Level) -> usize {
        let mut accepted = self.accepted;
        *slot(&mut accepted, level)
    }

    /// Every finding.
    pub fn all(&self) -> usize {
        self.total.iter().sum()
    }

    /// Every accepted finding.
    pub fn all_accepted(&self) -> usize {
        self.accepted.iter().sum()
    }

    /// `2 errors, 1 warning, 3 info (1 accepted)`.
    pub fn sentence(&self) -> String {
        let part =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = format!(
            "{}, {}, {}",
            part(self.of(Level::Error), "error", "errors"),
            part(self.of(Level::Warning), "warning", "warnings"),
            part(self.of(Level::Info), "info", "info")
        );
        if self.all_accepted() > 0 {
            s.push_str(&format!(" ({} accepted)", self.all_accepted()));
        }
        s
    }
}

/// The findings of one operation, profile or code table.
#[derive(Debug)]
pub struct Group<'a> {
    /// What the group is about.
    pub subject: Subject,
    /// `<provider>.<id>`.
    pub name: &'a str,
    /// Its findings: errors first, then warnings, then info, each in spec order.
    pub findings: Vec<&'a Finding>,
}

/// A diff ready to print.
#[derive(Clone, Debug)]
pub struct Report {
    /// What the old side is (`HEAD`, a directory).
    pub old: String,
    /// What the new side is.
    pub new: String,
    /// The findings, acceptances applied.
    pub findings: Vec<Finding>,
    /// Accepted entries that match no finding.
    pub unused_accepted: Vec<AcceptedEntry>,
    /// The threshold of `--fail-on`.
    pub fail_on: FailOn,
    /// The generated crate's version, when known (`0.1.0`).
    pub version: Option<String>,
}

impl Report {
    /// A report of `findings` with `accepted` applied.
    pub fn new(
        old: impl Into<String>,
        new: impl Into<String>,
        mut findings: Vec<Finding>,
        accepted: &AcceptedChanges,
        fail_on: FailOn,
    ) -> Report {
        let unused_accepted = accepted::apply(&mut findings, accepted);
        Report {
            old: old.into(),
            new: new.into(),
            findings,
            unused_accepted,
            fail_on,
            version: None,
        }
    }

    /// The generated crate's current version, for the suggested next one.
    pub fn with_version(mut self, version: Option<String>) -> Report {
        self.version = version;
        self
    }

    /// Counts per level.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for f in &self.findings {
            *slot(&mut counts.total, f.level) += 1;
            if f.is_accepted() {
                *slot(&mut counts.accepted, f.level) += 1;
            }
        }
        counts
    }

    /// The largest crate impact of any finding (accepted ones included: accepting a change
    /// does not make it compatible).
    pub fn impact(&self) -> Option<Impact> {
        self.findings.iter().map(|f| f.impact).max()
    }

    /// The suggested bump: while the crate is 0.y.z, a major impact bumps y and any other
    /// impact bumps z; from 1.0.0 on, the impact is the bump (the `BUMP_CONVENTION` text).
    pub fn bump(&self) -> Bump {
        let pre_1_0 = self.version.as_deref().is_none_or(|v| v.starts_with("0."));
        match (self.impact(), pre_1_0) {
            (None, _) => Bump::None,
            (Some(Impact::Major), true) => Bump::Minor,
            (Some(_), true) => Bump::Patch,
            (Some(Impact::Major), false) => Bump::Major,
            (Some(Impact::Minor), false) => Bump::Minor,
            (Some(Impact::Patch), false) => Bump::Patch,
        }
    }

    /// The version after the suggested bump, when the current one is known.
    pub fn next_version(&self) -> Option<String> {
        let version = self.version.as_deref()?;
        let mut parts = version.split('.').map(|p| p.parse::<u64>().ok());
        let (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(match self.bump() {
            Bump::None => version.to_string(),
            Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
            Bump::Minor => format!("{major}.{}.0", minor + 1),
            Bump::Major => format!("{}.0.0", major + 1),
        })
    }

    /// `minor (0.1.0 → 0.2.0)`.
    pub fn bump_sentence(&self) -> String {
        match self.next_version() {
            Some(next) if self.bump() != Bump::None => {
                format!(
                    "{} ({} → {next})",
                    self.bump().as_str(),
                    self.version.as_deref().unwrap_or_default()
                )
            }
            _ => self.bump().as_str().to_string(),
        }
    }

    /// Unaccepted findings that reach `--fail-on`.
    pub fn failing(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| !f.is_accepted() && self.fail_on.reached_by(f.level))
            .count()
    }

    /// The exit code: 1 when an unaccepted finding reaches `--fail-on`, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.failing() > 0)
    }

    /// The findings by operation, profile or code table: groups with errors first (then by
    /// name), findings in a group errors first (then in spec order).
    pub fn groups(&self) -> Vec<Group<'_>> {
        let mut groups: Vec<Group<'_>> = Vec::new();
        for f in &self.findings {
            match groups
                .iter_mut()
                .find(|g| g.subject == f.subject && g.name == f.operation)
            {
                Some(g) => g.findings.push(f),
                None => groups.push(Group {
                    subject: f.subject,
                    name: &f.operation,
                    findings: vec![f],
                }),
            }
        }
        for g in &mut groups {
            g.findings.sort_by_key(|f| f.level);
        }
        let worst = |g: &Group<'_>| {
            g.findings
                .iter()
                .map(|f| f.level)
                .min()
                .unwrap_or(Level::Info)
        };
        groups.sort_by(|a, b| {
            worst(a)
                .cmp(&worst(b))
                .then(a.name.cmp(b.name))
                .then(a.subject.cmp(&b.subject))
        });
        groups
    }
}
