//! What a transport cannot carry: the checks that keep `validate()` and encoding in step.
//!
//! A value that validates must encode, and decode back to itself. Where the wire format
//! has no way to carry a character, that character is a `forbidden_char` violation of the
//! field (the generator adds these checks from the operation's transport, not from the
//! provider), so that `validate` refuses what `encode` would refuse or garble.

use super::chars::ByteSet;
use super::violation::{RuleKind, Violations};

/// The limit a `form` violation carries.
pub const FORM_LIMIT: &str = "&, which the form payload cannot escape";
/// The limit a `soap` violation carries.
pub const XML_LIMIT: &str = "a character XML 1.0 cannot carry";

/// `form` (Computop): `&` separates parameters and the payload has no escape, so a value
/// holding one would be read back as two parameters. `=` travels (a pair is split at its
/// first `=`), so it is not refused.
pub fn carry_form(found: &mut Violations, field: &'static str, value: &str) {
    const AMPERSAND: ByteSet = ByteSet::of(b"&");
    if AMPERSAND.admits_any(value.as_bytes()) {
        found.report(field, RuleKind::ForbiddenChar, FORM_LIMIT);
    }
}

/// `soap` (Monext): XML 1.0 has no character for the C0 controls other than tab and line
/// feed, nor for U+FFFE and U+FFFF; a carriage return is written raw by the encoder and
/// turned into a line feed by every conforming parser, so it is refused as well (a value
/// must come back as it left).
pub fn carry_xml(found: &mut Violations, field: &'static str, value: &str) {
    let bad = value
        .bytes()
        .fold(false, |bad, b| bad | (b < 0x20 && b != b'\t' && b != b'\n'))
        || value.contains(['\u{FFFE}', '\u{FFFF}']);
    if bad {
        found.report(field, RuleKind::ForbiddenChar, XML_LIMIT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reported(check: fn(&mut Violations, &'static str, &str), value: &str) -> bool {
        let mut found = Violations::new();
        check(&mut found, "F", value);
        !found.is_empty()
    }

    #[test]
    fn form_refuses_the_ampersand_only() {
        assert!(reported(carry_form, "a&b"));
        assert!(!reported(carry_form, "a=b c%26"));
    }

    #[test]
    fn xml_refuses_what_xml_cannot_carry_back() {
        for bad in ["a\u{1b}b", "a\rb", "\u{0}", "x\u{FFFF}"] {
            assert!(reported(carry_xml, bad), "{bad:?}");
        }
        for good in ["a\tb\nc", "<&>\"'", "é€"] {
            assert!(!reported(carry_xml, good), "{good:?}");
        }
    }
}
