//! Character classes and lengths.
//!
//! A class is a 256-entry table with `1` for every byte it admits. A check folds the table
//! over every byte of the value with `&` (or `|`): no branch on the data, no early exit, no
//! regex. Lengths of the ASCII classes count bytes (any non-ASCII byte is outside every ASCII
//! class anyway); the `text` class counts characters (Unicode scalar values).

use super::violation::{RuleKind, Violations};

/// A set of bytes as a lookup table: entry `b` is `1` when byte `b` is in the set, else `0`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ByteSet([u8; 256]);

impl ByteSet {
    /// The set of the given bytes (usable in `const` context).
    pub const fn of(bytes: &[u8]) -> ByteSet {
        let mut table = [0u8; 256];
        let mut i = 0;
        while i < bytes.len() {
            table[bytes[i] as usize] = 1;
            i += 1;
        }
        ByteSet(table)
    }

    /// The set of the bytes in the inclusive ranges.
    const fn ranges(ranges: &[(u8, u8)]) -> ByteSet {
        let mut table = [0u8; 256];
        let mut r = 0;
        while r < ranges.len() {
            let (low, high) = ranges[r];
            let mut b = low as usize;
            while b <= high as usize {
                table[b] = 1;
                b += 1;
            }
            r += 1;
        }
        ByteSet(table)
    }

    /// Whether `byte` is in the set.
    pub const fn contains(&self, byte: u8) -> bool {
        self.0[byte as usize] == 1
    }

    /// Whether every byte of `bytes` is in the set: one pass over all bytes, no early exit.
    pub fn admits_all(&self, bytes: &[u8]) -> bool {
        bytes.iter().fold(1u8, |all, &b| all & self.0[b as usize]) == 1
    }

    /// Whether any byte of `bytes` is in the set: one pass over all bytes, no early exit.
    pub fn admits_any(&self, bytes: &[u8]) -> bool {
        bytes.iter().fold(0u8, |any, &b| any | self.0[b as usize]) == 1
    }
}

impl std::fmt::Debug for ByteSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes = (0u8..=255).filter(|b| self.contains(*b));
        f.debug_set().entries(bytes.map(|b| b as char)).finish()
    }
}

const LETTERS: [(u8, u8); 2] = [(b'A', b'Z'), (b'a', b'z')];
const DIGITS: (u8, u8) = (b'0', b'9');
/// Printable ASCII that is neither letter nor digit, space included.
const SPECIALS: [(u8, u8); 4] = [(0x20, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)];

/// `a`: ASCII letters.
pub static CLASS_A: ByteSet = ByteSet::ranges(&LETTERS);
/// `n`: ASCII digits.
pub static CLASS_N: ByteSet = ByteSet::ranges(&[DIGITS]);
/// `an`: letters and digits.
pub static CLASS_AN: ByteSet = ByteSet::ranges(&[LETTERS[0], LETTERS[1], DIGITS]);
/// `as`: letters and special characters.
pub static CLASS_AS: ByteSet = ByteSet::ranges(&[
    LETTERS[0],
    LETTERS[1],
    SPECIALS[0],
    SPECIALS[1],
    SPECIALS[2],
    SPECIALS[3],
]);
/// `ns`: digits and special characters.
pub static CLASS_NS: ByteSet =
    ByteSet::ranges(&[DIGITS, SPECIALS[0], SPECIALS[1], SPECIALS[2], SPECIALS[3]]);
/// `ans`: all printable ASCII, `0x20`-`0x7E`.
pub static CLASS_ANS: ByteSet = ByteSet::ranges(&[(0x20, 0x7E)]);

/// Bytes that are control characters on their own: C0 (`0x00`-`0x1F`) and DEL (`0x7F`).
static CONTROL: ByteSet = ByteSet::ranges(&[(0x00, 0x1F), (0x7F, 0x7F)]);
/// Second bytes of the UTF-8 encodings of the C1 controls `U+0080`-`U+009F` (after `0xC2`).
static C1_SECOND: ByteSet = ByteSet::ranges(&[(0x80, 0x9F)]);

/// A length rule, in characters: between `min` and `max` inclusive (`max` is `usize::MAX` when
/// unbounded). `min == max` is a fixed length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Len {
    /// Fewest characters.
    pub min: usize,
    /// Most characters.
    pub max: usize,
}

impl Len {
    /// Any length.
    pub const ANY: Len = Len {
        min: 0,
        max: usize::MAX,
    };

    /// Exactly `n` characters.
    pub const fn exactly(n: usize) -> Len {
        Len { min: n, max: n }
    }

    /// At most `max` characters.
    pub const fn at_most(max: usize) -> Len {
        Len { min: 0, max }
    }

    /// Between `min` and `max` characters.
    pub const fn between(min: usize, max: usize) -> Len {
        Len { min, max }
    }

    /// At least `min` characters.
    pub const fn at_least(min: usize) -> Len {
        Len {
            min,
            max: usize::MAX,
        }
    }

    /// Reports `wrong_length`, `too_short` or `too_long` for a value of `count` characters.
    pub fn check(
        self,
        found: &mut Violations,
        field: &'static str,
        count: usize,
        limit: &'static str,
    ) {
        if self.min == self.max {
            if count != self.min {
                found.report(field, RuleKind::WrongLength, limit);
            }
        } else if count < self.min {
            found.report(field, RuleKind::TooShort, limit);
        } else if count > self.max {
            found.report(field, RuleKind::TooLong, limit);
        }
    }
}

/// For a mandatory text: reports `missing` when `value` is empty, and says whether to go on
/// checking it.
pub fn required(found: &mut Violations, field: &'static str, value: &str) -> bool {
    if value.is_empty() {
        found.report(field, RuleKind::Missing, "mandatory");
        false
    } else {
        true
    }
}

/// An optional text that counts as given: present and not empty.
pub fn given(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// Checks a value of an ASCII class: length in bytes, then every byte against `class`.
/// `format` is the limit both violations carry (`ans..30`).
pub fn ascii(
    found: &mut Violations,
    field: &'static str,
    value: &str,
    class: &ByteSet,
    len: Len,
    format: &'static str,
) {
    let bytes = value.as_bytes();
    len.check(found, field, bytes.len(), format);
    if !class.admits_all(bytes) {
        found.report(field, RuleKind::Charset, format);
    }
}

/// Checks a value of the `text` class: length in characters, then the absence of control
/// characters (C0, DEL, C1), in one branch-free pass over every byte.
pub fn text(
    found: &mut Violations,
    field: &'static str,
    value: &str,
    len: Len,
    format: &'static str,
) {
    let (count, controls, _) =
        value
            .as_bytes()
            .iter()
            .fold((0usize, 0u8, 0u8), |(count, bad, previous), &b| {
                // A byte starts a character unless it is a continuation byte (0b10xx_xxxx).
                let starts = usize::from(b & 0xC0 != 0x80);
                let c1 = u8::from(previous == 0xC2) & C1_SECOND.0[b as usize];
                (count + starts, bad | CONTROL.0[b as usize] | c1, b)
            });
    len.check(found, field, count, format);
    if controls != 0 {
        found.report(field, RuleKind::Charset, format);
    }
}

/// Reports `forbidden_char` when `value` holds any byte of `set`; `limit` lists them.
pub fn forbidden(
    found: &mut Violations,
    field: &'static str,
    value: &str,
    set: &ByteSet,
    limit: &'static str,
) {
    if set.admits_any(value.as_bytes()) {
        found.report(field, RuleKind::ForbiddenChar, limit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_match_the_spec_language() {
        for b in 0u8..=255 {
            let c = b as char;
            let letter = b.is_ascii_alphabetic();
            let digit = b.is_ascii_digit();
            let special = (0x20..=0x7E).contains(&b) && !letter && !digit;
            assert_eq!(CLASS_A.contains(b), letter, "{c:?}");
            assert_eq!(CLASS_N.contains(b), digit, "{c:?}");
            assert_eq!(CLASS_AN.contains(b), letter || digit, "{c:?}");
            assert_eq!(CLASS_AS.contains(b), letter || special, "{c:?}");
            assert_eq!(CLASS_NS.contains(b), digit || special, "{c:?}");
            assert_eq!(CLASS_ANS.contains(b), letter || digit || special, "{c:?}");
        }
    }

    #[test]
    fn text_counts_characters_and_finds_controls() {
        let mut found = Violations::new();
        text(
            &mut found,
            "f",
            "Élodie Müller",
            Len::at_most(13),
            "text..13",
        );
        assert!(found.is_empty(), "{found}");
        text(
            &mut found,
            "f",
            "Élodie Müller!",
            Len::at_most(13),
            "text..13",
        );
        assert_eq!(found.as_slice()[0].rule, RuleKind::TooLong);
        let mut found = Violations::new();
        text(&mut found, "f", "a\u{85}b", Len::ANY, "text");
        text(&mut found, "f", "a\tb", Len::ANY, "text");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn lengths() {
        let mut found = Violations::new();
        Len::exactly(3).check(&mut found, "f", 2, "a3");
        Len::between(2, 4).check(&mut found, "f", 1, "a2..4");
        Len::at_most(4).check(&mut found, "f", 5, "a..4");
        let rules: Vec<RuleKind> = found.iter().map(|v| v.rule).collect();
        assert_eq!(
            rules,
            [RuleKind::WrongLength, RuleKind::TooShort, RuleKind::TooLong]
        );
    }
}
