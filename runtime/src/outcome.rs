//! What a return code means for the payment.

use std::fmt;

use super::wire::catalog::CodeInfo;

/// The outcome category of a return code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// The payment or action succeeded.
    Success,
    /// The final status follows later.
    Pending,
    /// The shopper or merchant must act (redirect, challenge, 3-D Secure).
    ActionRequired,
    /// Refused by the bank, acquirer or partner.
    Refused,
    /// Cancelled by the shopper, merchant or system.
    Cancelled,
    /// Processing or technical error.
    Error,
    /// Refused or held on suspicion of fraud.
    Fraud,
    /// A code the table does not list and no family rule classifies.
    Unknown,
}

impl Outcome {
    /// The snake_case name: `success`, `pending`, `action_required`, `refused`, `cancelled`,
    /// `error`, `fraud`, `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Pending => "pending",
            Outcome::ActionRequired => "action_required",
            Outcome::Refused => "refused",
            Outcome::Cancelled => "cancelled",
            Outcome::Error => "error",
            Outcome::Fraud => "fraud",
            Outcome::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of an unlisted `code` by the family rules `(prefix, outcome)`: the longest
/// matching prefix wins; no match is [`Outcome::Unknown`].
#[doc(hidden)]
pub fn family_outcome(code: &str, families: &[(&str, Outcome)]) -> Outcome {
    families
        .iter()
        .filter(|(prefix, _)| code.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map_or(Outcome::Unknown, |(_, outcome)| *outcome)
}

/// The row of a listed code of a generated return-code type: `listed` holds the type's listed
/// codes and `rows` their rows, in the same order (the type's `LISTED` and `ROWS`); `None` for
/// a code `listed` does not hold (`Unknown`). One scan of the table, no allocation.
#[doc(hidden)]
pub fn code_row<C: PartialEq>(
    listed: &[C],
    rows: &'static [CodeInfo],
    code: &C,
) -> Option<&'static CodeInfo> {
    listed
        .iter()
        .position(|listed| listed == code)
        .and_then(|index| rows.get(index))
}

/// The listed code whose row has the wire text `text`, from the same two tables as
/// [`code_row`]; `None` when the table does not list it.
#[doc(hidden)]
pub fn code_from_wire<C: Clone>(listed: &[C], rows: &[CodeInfo], text: &str) -> Option<C> {
    rows.iter()
        .position(|row| row.code == text)
        .and_then(|index| listed.get(index))
        .cloned()
}

/// The listed value of a generated enum whose wire text is `text`: `listed` holds the enum's
/// values and `wire` their texts, in the same order (`ALL` or `LISTED`, and `WIRE`); `None`
/// when the spec does not list it.
#[doc(hidden)]
pub fn listed_from_wire<C: Clone>(listed: &[C], wire: &[&str], text: &str) -> Option<C> {
    wire.iter()
        .position(|listed| *listed == text)
        .and_then(|index| listed.get(index))
        .cloned()
}

/// The wire text of a listed value of a generated enum, from the same two tables as
/// [`listed_from_wire`]; empty for a value `listed` does not hold (`Unknown`, which keeps its
/// own text).
#[doc(hidden)]
pub fn listed_wire<C: PartialEq>(listed: &[C], wire: &[&'static str], value: &C) -> &'static str {
    listed
        .iter()
        .position(|listed| listed == value)
        .and_then(|index| wire.get(index))
        .copied()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_wins() {
        let families = [
            ("0", Outcome::Refused),
            ("02", Outcome::Error),
            ("021", Outcome::Pending),
        ];
        assert_eq!(family_outcome("02108", &families), Outcome::Pending);
        assert_eq!(family_outcome("02208", &families), Outcome::Error);
        assert_eq!(family_outcome("01000", &families), Outcome::Refused);
        assert_eq!(family_outcome("9", &families), Outcome::Unknown);
    }
}
