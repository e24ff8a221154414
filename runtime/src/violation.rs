//! What `validate()` reports: one [`Violation`] per broken rule, collected in [`Violations`].

use std::fmt;

/// The kind of rule a value breaks. A closed set: every violation is one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleKind {
    /// A mandatory field is absent (or an empty string: the wire cannot tell them apart).
    Missing,
    /// A field is present although its `absent_when` condition holds.
    MustBeAbsent,
    /// More characters (or list items) than the format allows.
    TooLong,
    /// Fewer characters than the format requires.
    TooShort,
    /// Not exactly the length a fixed-length format requires.
    WrongLength,
    /// A character outside the format's character class, or a date off its mask.
    Charset,
    /// A character the field forbids (also `?` in a URL that must carry no query).
    ForbiddenChar,
    /// A value outside the allowed values (also a URL's scheme or port).
    NotAllowedValue,
    /// A value other than the one fixed value.
    FixedValue,
    /// A number (or a date's day, month, hour...) outside its range.
    Range,
    /// A conditional field is absent although its `required_when` condition holds.
    Condition,
    /// A cross-field rule of the operation or profile does not hold.
    CrossField,
    /// The value does not start with the text the field requires (`prefix:` in the spec).
    Prefix,
    /// A response field that echoes a request field (spec key `echoes`) holds another value
    /// than the request it is checked against: an answer for another order or merchant.
    RequestMismatch,
    /// A field the spec does not cover, given through a request's extras (`with_extra`),
    /// that the message cannot carry: its name is a spec field's (set the field instead),
    /// or its shape does not fit the wire (an object on a flat form).
    ExtraField,
}

impl RuleKind {
    /// Every kind, in declaration order.
    pub const ALL: [RuleKind; 15] = [
        RuleKind::Missing,
        RuleKind::MustBeAbsent,
        RuleKind::TooLong,
        RuleKind::TooShort,
        RuleKind::WrongLength,
        RuleKind::Charset,
        RuleKind::ForbiddenChar,
        RuleKind::NotAllowedValue,
        RuleKind::FixedValue,
        RuleKind::Range,
        RuleKind::Condition,
        RuleKind::CrossField,
        RuleKind::Prefix,
        RuleKind::RequestMismatch,
        RuleKind::ExtraField,
    ];

    /// The snake_case name: `missing`, `must_be_absent`, `too_long`, `too_short`,
    /// `wrong_length`, `charset`, `forbidden_char`, `not_allowed_value`, `fixed_value`, `range`,
    /// `condition`, `cross_field`, `prefix`, `request_mismatch`, `extra_field`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleKind::Missing => "missing",
            RuleKind::MustBeAbsent => "must_be_absent",
            RuleKind::TooLong => "too_long",
            RuleKind::TooShort => "too_short",
            RuleKind::WrongLength => "wrong_length",
            RuleKind::Charset => "charset",
            RuleKind::ForbiddenChar => "forbidden_char",
            RuleKind::NotAllowedValue => "not_allowed_value",
            RuleKind::FixedValue => "fixed_value",
            RuleKind::Range => "range",
            RuleKind::Condition => "condition",
            RuleKind::CrossField => "cross_field",
            RuleKind::Prefix => "prefix",
            RuleKind::RequestMismatch => "request_mismatch",
            RuleKind::ExtraField => "extra_field",
        }
    }

    /// What the kind means, in words, for messages.
    pub const fn describe(self) -> &'static str {
        match self {
            RuleKind::Missing => "missing",
            RuleKind::MustBeAbsent => "must be absent",
            RuleKind::TooLong => "too long",
            RuleKind::TooShort => "too short",
            RuleKind::WrongLength => "wrong length",
            RuleKind::Charset => "character outside the allowed set",
            RuleKind::ForbiddenChar => "forbidden character",
            RuleKind::NotAllowedValue => "value not allowed",
            RuleKind::FixedValue => "differs from the fixed value",
            RuleKind::Range => "out of range",
            RuleKind::Condition => "missing while its condition holds",
            RuleKind::CrossField => "cross-field rule broken",
            RuleKind::Prefix => "does not start with the required text",
            RuleKind::RequestMismatch => "differs from the request it answers",
            RuleKind::ExtraField => "extra field the message cannot carry",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule: which field, which kind of rule, and the rule's limit. Never the value,
/// so a violation can be logged even when the field is secret or personal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Violation {
    /// The field's wire name, dotted for nested fields (`payment.amount`).
    pub field: &'static str,
    /// The kind of rule broken.
    pub rule: RuleKind,
    /// The limit or rule text, by kind: the format (`ans..30`, `date(DD/MM/YY)`) for lengths
    /// and character sets; the characters for `forbidden_char`; the allowed values (`, `
    /// separated) for `not_allowed_value`; the value for `fixed_value`; `>= 5` or `<= 99` for
    /// `range`; the expression for `condition`, `must_be_absent` and `cross_field`; the
    /// required start for `prefix`; `mandatory` (or `mandatory for <profile>`) for `missing`;
    /// `<n> items` for a list; `request <path>` (the request field echoed) for
    /// `request_mismatch`.
    pub limit: &'static str,
}

impl Violation {
    /// A violation of `rule` on `field`.
    pub const fn new(field: &'static str, rule: RuleKind, limit: &'static str) -> Violation {
        Violation { field, rule, limit }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            self.field,
            self.rule.describe(),
            self.limit
        )
    }
}

/// Every violation one `validate()` found, in spec order. Empty (and never allocated) for a
/// valid value.
///
/// How a generated `validate()` reads absent values: an empty string counts as absent. A
/// condition naming an absent field is false, except `!=` and `not in`, which are true; a
/// cross-field rule naming an absent field is not evaluated (the field's own presence check
/// reports it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Violations {
    list: Vec<Violation>,
}

impl Violations {
    /// No violations; does not allocate.
    pub const fn new() -> Violations {
        Violations { list: Vec::new() }
    }

    /// Records a violation of `rule` on `field`.
    pub fn report(&mut self, field: &'static str, rule: RuleKind, limit: &'static str) {
        self.list.push(Violation::new(field, rule, limit));
    }

    /// Records `violation`.
    pub fn push(&mut self, violation: Violation) {
        self.list.push(violation);
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many violations were found.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The violations, in the order found.
    pub fn as_slice(&self) -> &[Violation] {
        &self.list
    }

    /// Iterates over the violations.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.list.iter()
    }

    /// Runs `check` on an empty list and returns what it found: `Ok(())` when nothing
    /// (what a generated `validate()` is).
    ///
    /// # Errors
    ///
    /// Every violation `check` reported, in its order.
    pub fn collect(check: impl FnOnce(&mut Violations)) -> Result<(), Violations> {
        let mut found = Violations::new();
        check(&mut found);
        found.into_result()
    }

    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.list.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

// Violations from several checks (a request and its nested objects, a caller's own rules) can be
// gathered into one list in the order they come, as `Vec` would: `extend` and `collect`.
impl Extend<Violation> for Violations {
    fn extend<I: IntoIterator<Item = Violation>>(&mut self, iter: I) {
        self.list.extend(iter);
    }
}

impl<'a> Extend<&'a Violation> for Violations {
    fn extend<I: IntoIterator<Item = &'a Violation>>(&mut self, iter: I) {
        self.list.extend(iter.into_iter().copied());
    }
}

impl FromIterator<Violation> for Violations {
    fn from_iter<I: IntoIterator<Item = Violation>>(iter: I) -> Violations {
        Violations {
            list: iter.into_iter().collect(),
        }
    }
}

impl AsRef<[Violation]> for Violations {
    fn as_ref(&self) -> &[Violation] {
        &self.list
    }
}

/// Reports `fixed_value` when `value` is not `expected`.
#[doc(hidden)]
pub fn fixed(found: &mut Violations, field: &'static str, value: &str, expected: &'static str) {
    if value != expected {
        found.report(field, RuleKind::FixedValue, expected);
    }
}

/// Reports `not_allowed_value` when `value` is none of `allowed`; `limit` lists them.
#[doc(hidden)]
pub fn one_of(
    found: &mut Violations,
    field: &'static str,
    value: &str,
    allowed: &[&str],
    limit: &'static str,
) {
    if !allowed.contains(&value) {
        found.report(field, RuleKind::NotAllowedValue, limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Violations {
        let mut found = Violations::new();
        found.report("a", RuleKind::Missing, "mandatory");
        found.report("b.c", RuleKind::TooLong, "ans..3");
        found
    }

    #[test]
    fn extend_appends_in_order_owned_and_borrowed() {
        let mut all = Violations::new();
        all.extend(two());
        all.extend(&two());
        assert_eq!(all.len(), 4);
        let fields: Vec<&str> = all.iter().map(|v| v.field).collect();
        assert_eq!(fields, ["a", "b.c", "a", "b.c"]);
        // Extending with nothing changes nothing and does not allocate.
        let mut none = Violations::new();
        none.extend(std::iter::empty::<Violation>());
        assert!(none.is_empty() && none.into_result().is_ok());
    }

    #[test]
    fn into_iterator_owned_and_by_reference() {
        let found = two();
        let mut by_ref = 0;
        for violation in &found {
            by_ref += usize::from(violation.rule == RuleKind::TooLong);
        }
        assert_eq!(by_ref, 1);
        let owned: Vec<Violation> = found.clone().into_iter().collect();
        assert_eq!(owned.as_slice(), found.as_slice());
        // And back: `collect` keeps the order, filtering keeps only what matched.
        let only_missing: Violations = found
            .into_iter()
            .filter(|v| v.rule == RuleKind::Missing)
            .collect();
        assert_eq!(
            only_missing.as_slice(),
            &[Violation::new("a", RuleKind::Missing, "mandatory")]
        );
        assert!(only_missing.into_result().is_err());
    }
}
