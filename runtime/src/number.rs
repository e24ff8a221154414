//! Integers: the digit count of an `n` format, and `min`/`max` ranges.

use super::chars::Len;
use super::violation::{RuleKind, Violations};

/// Checks the number of decimal digits of `value` against `len` (the length of its `n`
/// format, `n..10`); `format` is the limit.
pub fn digits(
    found: &mut Violations,
    field: &'static str,
    value: u64,
    len: Len,
    format: &'static str,
) {
    let count = value.checked_ilog10().map_or(1, |log| log as usize + 1);
    len.check(found, field, count, format);
}

/// Reports `range` when `value < min`; `limit` reads `>= <min>`.
pub fn at_least(
    found: &mut Violations,
    field: &'static str,
    value: i128,
    min: i128,
    limit: &'static str,
) {
    if value < min {
        found.report(field, RuleKind::Range, limit);
    }
}

/// Reports `range` when `value > max`; `limit` reads `<= <max>`.
pub fn at_most(
    found: &mut Violations,
    field: &'static str,
    value: i128,
    max: i128,
    limit: &'static str,
) {
    if value > max {
        found.report(field, RuleKind::Range, limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_counts() {
        for (value, ok) in [(0u64, true), (9_999_999_999, true), (10_000_000_000, false)] {
            let mut found = Violations::new();
            digits(&mut found, "Amount", value, Len::at_most(10), "n..10");
            assert_eq!(found.is_empty(), ok, "{value}");
        }
    }
}
