//! What the comparisons share: where a finding points, what it is about, and the findings
//! made so far. Its own module so that `compare` (operations, profiles, tables) and `fields`
//! (field lists) both use it without using each other's internals.

use crate::spec::LoadedSpec;
use crate::spec::ast::SourceRef;

use super::rules::{Direction, Finding, Impact, Rule, Side, Subject};

/// Where a finding points.
#[derive(Clone, Debug)]
pub(crate) struct Loc {
    pub file: String,
    pub line: usize,
    pub side: Side,
}

/// The location of the YAML path `path` of `spec` (or of its nearest located ancestor).
pub(crate) fn loc(spec: &LoadedSpec, path: &str, side: Side) -> Loc {
    Loc {
        file: spec.display.clone(),
        line: spec.locator.position(path).0,
        side,
    }
}

/// What the findings being made are about.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    pub subject: Subject,
    pub operation: String,
    pub direction: Direction,
}

impl Scope {
    pub fn with_direction(&self, direction: Direction) -> Scope {
        Scope {
            direction,
            ..self.clone()
        }
    }
}

/// The findings made so far.
#[derive(Default)]
pub(crate) struct Ctx {
    pub findings: Vec<Finding>,
}

impl Ctx {
    /// Records a finding with the rule's level and impact; returns it for adjustments.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        scope: &Scope,
        rule: Rule,
        field: impl Into<String>,
        before: Option<String>,
        after: Option<String>,
        at: Loc,
        message: String,
    ) -> &mut Finding {
        self.findings.push(Finding {
            rule,
            level: rule.level(),
            direction: scope.direction,
            subject: scope.subject,
            operation: scope.operation.clone(),
            field: field.into(),
            before,
            after,
            file: at.file,
            line: at.line,
            side: at.side,
            message,
            impact: rule.impact(),
            needs_review: rule.needs_review(),
            fingerprint: String::new(),
            accepted: None,
        });
        // The vector cannot be empty: it was pushed to on the line above.
        let Some(finding) = self.findings.last_mut() else {
            unreachable!("a finding was just pushed")
        };
        finding
    }

    /// A `doc-changed` finding when `old` and `new` differ. `what` names the element for the
    /// message (`` `Amount` ``, `operation`), `attr` the key.
    #[allow(clippy::too_many_arguments)]
    pub fn doc(
        &mut self,
        scope: &Scope,
        field: &str,
        what: &str,
        attr: &str,
        old: Option<&str>,
        new: Option<&str>,
        at: Loc,
    ) {
        if old == new {
            return;
        }
        let verb = match (old, new) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "changed",
        };
        let message = if attr == "deprecated" {
            match new {
                Some(why) => format!("{what} is deprecated: {}", super::one_line(why, 80)),
                None => format!("{what} is no longer deprecated"),
            }
        } else {
            format!("{attr} of {what} {verb}")
        };
        let finding = self.push(
            scope,
            Rule::DocChanged,
            field,
            old.map(str::to_string),
            new.map(str::to_string),
            at,
            message,
        );
        if attr == "deprecated" && new.is_some() && old.is_none() {
            // `#[deprecated]` appears: new warnings in apps, no breakage.
            finding.impact = Impact::Minor;
        }
    }

    /// [`Ctx::doc`] for each documentation attribute (`key`, old, new) of one element, located
    /// at `at(key)`; `field` is the findings' field, the key itself where it is `None`.
    pub fn docs<const N: usize>(
        &mut self,
        scope: &Scope,
        field: Option<&str>,
        what: &str,
        at: impl Fn(&str) -> Loc,
        attrs: [(&str, Option<String>, Option<String>); N],
    ) {
        for (key, old, new) in attrs {
            let field = field.unwrap_or(key);
            self.doc(
                scope,
                field,
                what,
                key,
                old.as_deref(),
                new.as_deref(),
                at(key),
            );
        }
    }
}

/// `doc, table: Pay request parameters`.
pub(crate) fn source_text(source: Option<&SourceRef>) -> Option<String> {
    source.map(|s| {
        let mut text = s.reference.clone();
        for (key, value) in [
            ("table", &s.table),
            ("section", &s.section),
            ("note", &s.note),
        ] {
            if let Some(value) = value {
                text.push_str(&format!(", {key}: {value}"));
            }
        }
        text
    })
}
