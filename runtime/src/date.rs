//! Dates laid out by a mask (`date(DD/MM/YYYY hh:mm)`, `dttm`).
//!
//! A value of the wrong length reports `wrong_length`; a byte that is not a digit where the
//! mask has a field, or not the separator where it has one, reports `charset`; a month, day,
//! hour, minute or second out of its calendar range reports `range`. Every violation carries
//! the format (`date(DD/MM/YY)`) as its limit.

use super::chars::{CLASS_N, CharClass};
use super::violation::{RuleKind, Violations};

/// One piece of a date mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatePart {
    /// `DD`: day of the month, 01-31.
    Day,
    /// `MM`: month, 01-12.
    Month,
    /// `YY`: year, two digits.
    Year2,
    /// `YYYY`: year, four digits.
    Year4,
    /// `hh`: hour, 00-23.
    Hour,
    /// `mm`: minute, 00-59.
    Minute,
    /// `ss`: second, 00-59.
    Second,
    /// A literal separator byte.
    Literal(u8),
}

impl DatePart {
    /// How many bytes the part occupies.
    pub const fn width(self) -> usize {
        match self {
            DatePart::Year4 => 4,
            DatePart::Literal(_) => 1,
            _ => 2,
        }
    }

    /// The inclusive range of the part's number, if it has one.
    const fn range(self) -> Option<(u32, u32)> {
        match self {
            DatePart::Day => Some((1, 31)),
            DatePart::Month => Some((1, 12)),
            DatePart::Hour => Some((0, 23)),
            DatePart::Minute | DatePart::Second => Some((0, 59)),
            DatePart::Year2 | DatePart::Year4 | DatePart::Literal(_) => None,
        }
    }
}

/// The mask of `dttm`: `YYYY-MM-DDThh:mm:ss`.
pub const ISO_DATE_TIME: &[DatePart] = &[
    DatePart::Year4,
    DatePart::Literal(b'-'),
    DatePart::Month,
    DatePart::Literal(b'-'),
    DatePart::Day,
    DatePart::Literal(b'T'),
    DatePart::Hour,
    DatePart::Literal(b':'),
    DatePart::Minute,
    DatePart::Literal(b':'),
    DatePart::Second,
];

/// Checks `value` against `mask`; `format` is the limit of every violation.
pub fn date(
    found: &mut Violations,
    field: &'static str,
    value: &str,
    mask: &[DatePart],
    format: &'static str,
) {
    let bytes = value.as_bytes();
    let width: usize = mask.iter().map(|part| part.width()).sum();
    if bytes.len() != width {
        found.report(field, RuleKind::WrongLength, format);
        return;
    }
    let mut bad = 0u8;
    let mut at = 0;
    for part in mask {
        // The length check above makes the mask's widths add up to the value's length.
        let Some(piece) = bytes.get(at..at + part.width()) else {
            found.report(field, RuleKind::WrongLength, format);
            return;
        };
        bad |= match part {
            DatePart::Literal(separator) => u8::from(piece.first() != Some(separator)),
            _ => u8::from(!CLASS_N.admits_all(piece)),
        };
        at += part.width();
    }
    if bad != 0 {
        found.report(field, RuleKind::Charset, format);
        return;
    }
    let mut at = 0;
    let mut out_of_range = false;
    for part in mask {
        let Some(piece) = bytes.get(at..at + part.width()) else {
            found.report(field, RuleKind::WrongLength, format);
            return;
        };
        if let Some((low, high)) = part.range() {
            let number = piece.iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
            out_of_range |= number < low || number > high;
        }
        at += part.width();
    }
    if out_of_range {
        found.report(field, RuleKind::Range, format);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MASK: &[DatePart] = &[
        DatePart::Day,
        DatePart::Literal(b'/'),
        DatePart::Month,
        DatePart::Literal(b'/'),
        DatePart::Year4,
        DatePart::Literal(b' '),
        DatePart::Hour,
        DatePart::Literal(b':'),
        DatePart::Minute,
    ];

    fn rules(value: &str) -> Vec<RuleKind> {
        let mut found = Violations::new();
        date(&mut found, "d", value, MASK, "date(DD/MM/YYYY hh:mm)");
        found.iter().map(|v| v.rule).collect()
    }

    #[test]
    fn masks() {
        assert_eq!(rules("19/01/2024 10:35"), []);
        assert_eq!(rules("19/01/2024 10:35:10"), [RuleKind::WrongLength]);
        assert_eq!(rules("19-01-2024 10:35"), [RuleKind::Charset]);
        assert_eq!(rules("19/13/2024 10:35"), [RuleKind::Range]);
        assert_eq!(rules("19/01/2024 1é:3"), [RuleKind::Charset]);
        let mut found = Violations::new();
        date(
            &mut found,
            "d",
            "2024-01-19T10:35:10",
            ISO_DATE_TIME,
            "dttm",
        );
        assert!(found.is_empty());
    }
}
