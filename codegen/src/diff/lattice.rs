//! Comparing the sets of values two formats admit.
//!
//! Character classes form the lattice of `specs/README.md` (`n ⊂ an ⊂ ans`, `a ⊂ an`,
//! `a ⊂ as ⊂ ans`, `n ⊂ ns ⊂ ans`, everything ⊂ `text`; any other pair is incomparable), decided
//! by [`CharClass::is_subset_of`]. A field's `forbidden` characters take away from its class.
//! Lengths compare bound by bound: the minimum and the maximum are separate findings.

use crate::format::{CharClass, Length};

/// How a new set of values relates to the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same values.
    Same,
    /// Every new value was an old value; some old ones are gone.
    Narrower,
    /// Every old value is still a value; there are new ones.
    Wider,
    /// Some old values are gone and some new ones appear.
    Incomparable,
}

impl Relation {
    /// From the two inclusions: new ⊆ old, old ⊆ new.
    pub fn from_inclusions(new_in_old: bool, old_in_new: bool) -> Relation {
        match (new_in_old, old_in_new) {
            (true, true) => Relation::Same,
            (true, false) => Relation::Narrower,
            (false, true) => Relation::Wider,
            (false, false) => Relation::Incomparable,
        }
    }
}

/// The class lattice.
pub fn class_relation(old: CharClass, new: CharClass) -> Relation {
    Relation::from_inclusions(new.is_subset_of(old), old.is_subset_of(new))
}

/// A character set: a class less some forbidden characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Charset<'a> {
    /// The class.
    pub class: CharClass,
    /// Characters taken away (`forbidden`), as one string.
    pub forbidden: &'a str,
}

impl Charset<'_> {
    /// `ans`, or `ans without "#&%+"`.
    pub fn notation(&self) -> String {
        let forbidden: String = self
            .forbidden
            .chars()
            .filter(|c| self.class.admits(*c))
            .collect();
        if forbidden.is_empty() {
            self.class.notation().to_string()
        } else {
            format!("{} without {forbidden:?}", self.class.notation())
        }
    }

    /// Whether every character of `self` is one of `other`: the class is in the other's
    /// class (lattice), and whatever the other forbids that `self`'s class admits, `self`
    /// forbids too. (A class outside the other's is never rescued by forbidding the
    /// difference: specs forbid a few characters, never a whole class.)
    pub fn is_subset_of(&self, other: &Charset<'_>) -> bool {
        self.class.is_subset_of(other.class)
            && other
                .forbidden
                .chars()
                .filter(|c| self.class.admits(*c))
                .all(|c| self.forbidden.contains(c))
    }
}

/// How the characters of a field change.
pub fn charset_relation(old: &Charset<'_>, new: &Charset<'_>) -> Relation {
    Relation::from_inclusions(new.is_subset_of(old), old.is_subset_of(new))
}

/// One bound of a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// The fewest characters.
    Min,
    /// The most characters.
    Max,
}

/// A change of one bound: which bound, its values (`None`: unbounded), and whether the new
/// bound narrows the values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoundChange {
    /// The bound.
    pub bound: Bound,
    /// Old value.
    pub old: Option<u32>,
    /// New value.
    pub new: Option<u32>,
    /// Whether values are lost (a higher minimum, a lower maximum).
    pub narrows: bool,
}

impl BoundChange {
    /// `min 5`, `max 30`, `max none`.
    pub fn describe(bound: Bound, value: Option<u32>) -> String {
        let name = match bound {
            Bound::Min => "min",
            Bound::Max => "max",
        };
        match value {
            Some(v) => format!("{name} {v}"),
            None => format!("{name} none"),
        }
    }
}

/// The bounds that differ between two lengths: fixed and variable lengths are both a minimum
/// and a maximum (`an5` is min 5, max 5; `an..5` is min 0, max 5).
pub fn length_changes(old: Length, new: Length) -> Vec<BoundChange> {
    let mut changes = Vec::new();
    if old.min() != new.min() {
        changes.push(BoundChange {
            bound: Bound::Min,
            old: Some(old.min()),
            new: Some(new.min()),
            narrows: new.min() > old.min(),
        });
    }
    if old.max() != new.max() {
        let narrows = match (old.max(), new.max()) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(o), Some(n)) => n < o,
        };
        changes.push(BoundChange {
            bound: Bound::Max,
            old: old.max(),
            new: new.max(),
            narrows,
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use CharClass::*;

    #[test]
    fn the_lattice_of_the_issue() {
        assert_eq!(class_relation(AlphaNumeric, Numeric), Relation::Narrower);
        assert_eq!(class_relation(Numeric, AlphaNumeric), Relation::Wider);
        assert_eq!(
            class_relation(AlphaNumeric, AlphaNumericSpecial),
            Relation::Wider
        );
        assert_eq!(class_relation(Alpha, AlphaSpecial), Relation::Wider);
        assert_eq!(class_relation(NumericSpecial, Numeric), Relation::Narrower);
        assert_eq!(class_relation(Alpha, Numeric), Relation::Incomparable);
        assert_eq!(
            class_relation(AlphaSpecial, AlphaNumeric),
            Relation::Incomparable
        );
        assert_eq!(
            class_relation(NumericSpecial, AlphaNumeric),
            Relation::Incomparable
        );
        assert_eq!(class_relation(AlphaNumericSpecial, Text), Relation::Wider);
        assert_eq!(class_relation(Numeric, Numeric), Relation::Same);
    }

    #[test]
    fn forbidden_characters_narrow() {
        let ans = Charset {
            class: AlphaNumericSpecial,
            forbidden: "",
        };
        let ans_less = Charset {
            class: AlphaNumericSpecial,
            forbidden: "#&",
        };
        let ans_less_more = Charset {
            class: AlphaNumericSpecial,
            forbidden: "#&%",
        };
        let ans_other = Charset {
            class: AlphaNumericSpecial,
            forbidden: "+",
        };
        assert_eq!(charset_relation(&ans, &ans_less), Relation::Narrower);
        assert_eq!(
            charset_relation(&ans_less, &ans_less_more),
            Relation::Narrower
        );
        assert_eq!(charset_relation(&ans_less_more, &ans), Relation::Wider);
        assert_eq!(
            charset_relation(&ans_less, &ans_other),
            Relation::Incomparable
        );
        // `an` admits none of the forbidden characters: the same set.
        let an = Charset {
            class: AlphaNumeric,
            forbidden: "",
        };
        let an_less = Charset {
            class: AlphaNumeric,
            forbidden: "#&",
        };
        assert_eq!(charset_relation(&an, &an_less), Relation::Same);
        assert_eq!(an_less.notation(), "an");
        assert_eq!(ans_less.notation(), "ans without \"#&\"");
        // From `ans` less `#` to `an`: still narrower.
        assert_eq!(
            charset_relation(
                &Charset {
                    class: AlphaNumericSpecial,
                    forbidden: "#"
                },
                &an
            ),
            Relation::Narrower
        );
    }

    #[test]
    fn lengths_compare_bound_by_bound() {
        let between = |min, max| Length::Between { min, max };
        assert_eq!(length_changes(between(0, 30), between(0, 30)), vec![]);
        let c = length_changes(between(0, 64), between(0, 30));
        assert_eq!(
            c,
            vec![BoundChange {
                bound: Bound::Max,
                old: Some(64),
                new: Some(30),
                narrows: true
            }]
        );
        // Fixed 5 to variable ..8: the minimum falls, the maximum rises: both widen.
        let c = length_changes(Length::Exactly(5), between(0, 8));
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|b| !b.narrows));
        // Fixed 5 to fixed 8: the minimum rises (narrows), the maximum rises (widens).
        let c = length_changes(Length::Exactly(5), Length::Exactly(8));
        assert_eq!(
            c.iter().map(|b| b.narrows).collect::<Vec<_>>(),
            [true, false]
        );
        // Unbounded to bounded narrows.
        assert!(length_changes(Length::Any, between(0, 8))[0].narrows);
        assert!(!length_changes(between(0, 8), Length::Any)[0].narrows);
    }
}
