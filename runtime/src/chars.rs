//! Character classes and lengths.
//!
//! A character class is a type with a membership test of one to three range compares, and a
//! check compiled for its class folds that test over every byte of the value with `&`: no
//! branch on the data, no early exit, no regex, and a loop LLVM turns into SIMD range
//! compares (a lookup table per byte would need a gather and run at about a byte per cycle).
//! Arbitrary byte sets, such as a field's forbidden characters, are 256-entry tables
//! ([`ByteSet`]). Lengths of the ASCII classes count bytes (any non-ASCII byte is outside
//! every ASCII class anyway); the `text` class counts characters (Unicode scalar values).

use super::violation::{RuleKind, Violations};

/// A set of bytes as a lookup table: entry `b` is `1` when byte `b` is in the set, else `0`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ByteSet([u8; 256]);

impl ByteSet {
    /// The set of the given bytes (usable in `const` context).
    // `const fn` has no checked `get` on slices; the loop bound keeps `i` in `bytes`, and a `u8`
    // indexes the 256 entries.
    #[allow(
        clippy::indexing_slicing,
        reason = "in bounds by construction, see above"
    )]
    pub const fn of(bytes: &[u8]) -> ByteSet {
        let mut table = [0u8; 256];
        let mut i = 0;
        while i < bytes.len() {
            table[bytes[i] as usize] = 1;
            i += 1;
        }
        ByteSet(table)
    }

    /// Whether `byte` is in the set.
    // `const fn` has no checked `get`; a `u8` indexes the 256 entries.
    #[allow(clippy::indexing_slicing, reason = "a u8 indexes a 256-entry table")]
    pub const fn contains(&self, byte: u8) -> bool {
        self.0[byte as usize] == 1
    }

    /// The entry of `byte`: a `u8` always indexes the 256 entries, so `get` never falls back
    /// (and the compiler drops the check).
    #[inline(always)]
    fn entry(&self, byte: u8) -> u8 {
        self.0.get(usize::from(byte)).copied().unwrap_or(0)
    }

    /// Whether any byte of `bytes` is in the set: one pass over all bytes, no early exit.
    pub fn admits_any(&self, bytes: &[u8]) -> bool {
        bytes.iter().fold(0u8, |any, &b| any | self.entry(b)) == 1
    }
}

impl std::fmt::Debug for ByteSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bytes = (0u8..=255).filter(|b| self.contains(*b));
        f.debug_set().entries(bytes.map(|b| b as char)).finish()
    }
}

/// A character class of the spec language. Each class is its own zero-sized type, so a check
/// is compiled for its class: the membership test is a couple of constant range compares,
/// which LLVM vectorises over the whole value.
pub trait CharClass {
    /// Whether `byte` is in the class.
    fn contains(&self, byte: u8) -> bool;

    /// Whether every byte of `bytes` is in the class: one pass over all bytes, no early exit.
    #[inline]
    fn admits_all(&self, bytes: &[u8]) -> bool {
        bytes.iter().fold(true, |all, &b| all & self.contains(b))
    }
}

/// Whether `byte` is printable ASCII, `0x20`-`0x7E`.
#[inline(always)]
const fn is_printable(byte: u8) -> bool {
    byte.wrapping_sub(0x20) < 0x5F
}

macro_rules! char_class {
    ($(#[$doc:meta])* $class:ident, $value:ident, |$byte:ident| $test:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $class;

        impl CharClass for $class {
            #[inline(always)]
            fn contains(&self, $byte: u8) -> bool {
                $test
            }
        }

        $(#[$doc])*
        pub static $value: $class = $class;
    };
}

char_class!(
    /// `a`: ASCII letters.
    ClassA, CLASS_A, |b| b.is_ascii_alphabetic()
);
char_class!(
    /// `n`: ASCII digits.
    ClassN, CLASS_N, |b| b.is_ascii_digit()
);
char_class!(
    /// `an`: letters and digits.
    ClassAn, CLASS_AN, |b| b.is_ascii_alphabetic() | b.is_ascii_digit()
);
char_class!(
    /// `as`: letters and special characters: printable ASCII without the digits.
    ClassAs, CLASS_AS, |b| is_printable(b) & !b.is_ascii_digit()
);
char_class!(
    /// `ns`: digits and special characters: printable ASCII without the letters.
    ClassNs, CLASS_NS, |b| is_printable(b) & !b.is_ascii_alphabetic()
);
char_class!(
    /// `ans`: all printable ASCII, `0x20`-`0x7E`.
    ClassAns, CLASS_ANS, |b| is_printable(b)
);

/// Whether `byte` is a control character on its own: C0 (`0x00`-`0x1F`) or DEL (`0x7F`).
#[inline(always)]
fn is_control(byte: u8) -> bool {
    (byte < 0x20) | (byte == 0x7F)
}

/// Whether the pair is the UTF-8 encoding of a C1 control, `U+0080`-`U+009F`
/// (`0xC2` followed by `0x80`-`0x9F`).
#[inline(always)]
fn is_c1(first: u8, second: u8) -> bool {
    (first == 0xC2) & (second.wrapping_sub(0x80) < 0x20)
}

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
    class: &impl CharClass,
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
    let bytes = value.as_bytes();
    // Two branch-free passes that vectorise: characters and lone controls, then C1 pairs.
    let (count, controls) = bytes.iter().fold((0usize, false), |(count, bad), &b| {
        // A byte starts a character unless it is a continuation byte (0b10xx_xxxx).
        (count + usize::from(b & 0xC0 != 0x80), bad | is_control(b))
    });
    let controls = controls
        | bytes
            .iter()
            .zip(bytes.iter().skip(1))
            .fold(false, |bad, (&first, &second)| bad | is_c1(first, second));
    len.check(found, field, count, format);
    if controls {
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

/// Reports [`RuleKind::Prefix`] when `value` does not start with `prefix` (the spec's
/// `prefix:`, e.g. Adyen's `requestPayment:`); `prefix` is the violation's limit. A plain
/// byte comparison: no pattern language, linear in the prefix.
pub fn prefix(found: &mut Violations, field: &'static str, value: &str, prefix: &'static str) {
    if !value.starts_with(prefix) {
        found.report(field, RuleKind::Prefix, prefix);
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
