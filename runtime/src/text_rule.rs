//! Every format rule of one text field as one constant, so that generated code declares a
//! field's rules once, in a table, and checks it in one call.
//!
//! A generated validator holds one [`TextRule`] per text field it checks (an associated
//! `const` of the message, named after the field) and calls [`TextRule::check`] on the
//! field's value. The checks and their order are those of the single-purpose functions
//! ([`ascii`], [`text`], [`date`],
//! [`carry_form`], [`forbidden`],
//! [`prefix`], [`url`], [`fixed`]), which the rule
//! calls.

use super::carry::{carry_form, carry_xml};
use super::chars::{
    ByteSet, CLASS_A, CLASS_AN, CLASS_ANS, CLASS_AS, CLASS_N, CLASS_NS, Len, ascii, forbidden,
    prefix, text,
};
use super::date::{DatePart, date};
use super::url::{UrlRule, url};
use super::violation::{RuleKind, Violations, fixed};

/// An ASCII character class of the spec language (`a`, `n`, `an`, `as`, `ns`, `ans`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// `a`: ASCII letters.
    A,
    /// `n`: ASCII digits.
    N,
    /// `an`: letters and digits.
    An,
    /// `as`: printable ASCII without the digits.
    As,
    /// `ns`: printable ASCII without the letters.
    Ns,
    /// `ans`: all printable ASCII.
    Ans,
}

/// What the characters of a text must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextFormat {
    /// An ASCII class, with a length in bytes.
    Ascii(Class),
    /// `text`: any characters but controls, with a length in characters.
    Text,
    /// A date laid out by a mask (which fixes the length).
    Date(&'static [DatePart]),
    /// No rule on the characters (a fixed value, a URL rule alone).
    Any,
}

/// What the value must be able to travel through, beyond its format (see
/// [`carry_form`], [`carry_xml`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Carry {
    /// Any text travels.
    Any,
    /// A form payload: no `&`.
    Form,
    /// XML 1.0: no control characters it cannot carry.
    Xml,
}

/// Every format rule of one text field. Built in `const` items by generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TextRule {
    /// The field as violations name it (wire name, dotted when nested).
    pub field: &'static str,
    /// The format's notation (`ans..30`), the limit its violations carry.
    pub notation: &'static str,
    /// The characters allowed.
    pub format: TextFormat,
    /// The length allowed (ignored for dates).
    pub len: Len,
    /// Whether an empty value is `missing` ([`TextRule::check`]).
    pub mandatory: bool,
    /// What the value must travel through.
    pub carry: Carry,
    /// Bytes the value must not hold, with their text (the limit).
    pub forbidden: Option<(&'static ByteSet, &'static str)>,
    /// What the value must start with.
    pub prefix: Option<&'static str>,
    /// URL rules.
    pub url: Option<UrlRule>,
    /// The only value allowed; the other rules are then not checked.
    pub fixed: Option<&'static str>,
}

impl TextRule {
    /// A text of the ASCII class or `text` format that `notation` names, with its length:
    /// `ans..30`, `an64`, `n2..4`, `text..100`, `ans` (the notation of the spec language, so
    /// that the rule is written once, as the document prints it).
    ///
    /// # Panics
    ///
    /// When `notation` is not such a format. Generated code declares its rules in `const`
    /// items, where that is a compile error, not a panic at run time.
    #[allow(
        clippy::panic,
        reason = "evaluated at compile time in the `const` items of generated code"
    )]
    pub const fn new(field: &'static str, notation: &'static str) -> Self {
        match parse_notation(notation.as_bytes()) {
            Some((format, len)) => Self::of(field, notation, format, len),
            None => panic!("not the notation of an ASCII class or `text` with a length"),
        }
    }

    /// A text of an ASCII class.
    pub const fn ascii(
        field: &'static str,
        notation: &'static str,
        class: Class,
        len: Len,
    ) -> Self {
        Self::of(field, notation, TextFormat::Ascii(class), len)
    }

    /// A `text` value: any characters but controls, `len` in characters.
    pub const fn text(field: &'static str, notation: &'static str, len: Len) -> Self {
        Self::of(field, notation, TextFormat::Text, len)
    }

    /// A date laid out by `mask`.
    pub const fn date(
        field: &'static str,
        notation: &'static str,
        mask: &'static [DatePart],
    ) -> Self {
        Self::of(field, notation, TextFormat::Date(mask), Len::ANY)
    }

    /// A text whose characters the format does not restrict.
    pub const fn any(field: &'static str, notation: &'static str) -> Self {
        Self::of(field, notation, TextFormat::Any, Len::ANY)
    }

    const fn of(field: &'static str, notation: &'static str, format: TextFormat, len: Len) -> Self {
        TextRule {
            field,
            notation,
            format,
            len,
            mandatory: false,
            carry: Carry::Any,
            forbidden: None,
            prefix: None,
            url: None,
            fixed: None,
        }
    }

    /// The same rule for a mandatory field: an empty value is `missing`.
    pub const fn mandatory(self) -> Self {
        TextRule {
            mandatory: true,
            ..self
        }
    }

    /// The same rule, also refusing what `carry` cannot carry.
    pub const fn carried(self, carry: Carry) -> Self {
        TextRule { carry, ..self }
    }

    /// The same rule for a value sent in a form body: `.carried(Carry::Form)`, shorter in the
    /// generated tables.
    pub const fn in_form(self) -> Self {
        self.carried(Carry::Form)
    }

    /// The same rule for a value sent as XML text: `.carried(Carry::Xml)`.
    pub const fn in_xml(self) -> Self {
        self.carried(Carry::Xml)
    }

    /// The same rule, also requiring the value to start with `text`.
    pub const fn prefixed(self, text: &'static str) -> Self {
        TextRule {
            prefix: Some(text),
            ..self
        }
    }

    /// The same rule, also refusing the bytes of `set` (`chars` lists them).
    pub const fn forbidding(self, set: &'static ByteSet, chars: &'static str) -> Self {
        TextRule {
            forbidden: Some((set, chars)),
            ..self
        }
    }

    /// The same rule, also checking a URL.
    pub const fn url(self, rule: UrlRule) -> Self {
        TextRule {
            url: Some(rule),
            ..self
        }
    }

    /// The same rule, allowing only `value`.
    pub const fn fixed(self, value: &'static str) -> Self {
        TextRule {
            fixed: Some(value),
            ..self
        }
    }

    /// Checks a field's value: nothing when it is absent (`None`); `missing` when it is empty
    /// and the field mandatory (an empty optional value counts as absent); else every format
    /// rule ([`TextRule::check_value`]).
    #[inline]
    pub fn check<'v>(&self, found: &mut Violations, value: impl Into<Option<&'v str>>) {
        match value.into() {
            Some("") if self.mandatory => found.report(self.field, RuleKind::Missing, "mandatory"),
            None | Some("") => {}
            Some(value) => self.check_value(found, value),
        }
    }

    /// Checks an open enum's value: one the spec does not list is reported
    /// (`not_allowed_value`, naming the listed values) and its text checked against this
    /// rule's format; a listed or absent value passes.
    pub fn check_unlisted(&self, found: &mut Violations, value: impl crate::tables::Unlisted) {
        if let Some((text, allowed)) = value.unlisted() {
            found.report(self.field, RuleKind::NotAllowedValue, allowed);
            self.check_value(found, text);
        }
    }

    /// Checks a value's format, whatever the field's presence: the fixed value if there is
    /// one (and nothing else), else the characters and length, what the transport cannot
    /// carry, the forbidden characters, the prefix and the URL rules, in that order.
    ///
    /// Inlined: a generated rule is a constant, so at each call site the `match` on the
    /// format and the tests of the optional rules fold away and only the field's own checks
    /// remain, as if written out one by one.
    #[inline]
    pub fn check_value(&self, found: &mut Violations, value: &str) {
        let (field, notation) = (self.field, self.notation);
        if let Some(expected) = self.fixed {
            fixed(found, field, value, expected);
            return;
        }
        match self.format {
            TextFormat::Ascii(Class::A) => ascii(found, field, value, &CLASS_A, self.len, notation),
            TextFormat::Ascii(Class::N) => ascii(found, field, value, &CLASS_N, self.len, notation),
            TextFormat::Ascii(Class::An) => {
                ascii(found, field, value, &CLASS_AN, self.len, notation)
            }
            TextFormat::Ascii(Class::As) => {
                ascii(found, field, value, &CLASS_AS, self.len, notation)
            }
            TextFormat::Ascii(Class::Ns) => {
                ascii(found, field, value, &CLASS_NS, self.len, notation)
            }
            TextFormat::Ascii(Class::Ans) => {
                ascii(found, field, value, &CLASS_ANS, self.len, notation)
            }
            TextFormat::Text => text(found, field, value, self.len, notation),
            TextFormat::Date(mask) => date(found, field, value, mask, notation),
            TextFormat::Any => {}
        }
        match self.carry {
            Carry::Any => {}
            Carry::Form => carry_form(found, field, value),
            Carry::Xml => carry_xml(found, field, value),
        }
        if let Some((set, chars)) = self.forbidden {
            forbidden(found, field, value, set, chars);
        }
        if let Some(start) = self.prefix {
            prefix(found, field, value, start);
        }
        if let Some(rule) = &self.url {
            url(found, field, value, rule);
        }
    }
}

/// The class and length of a notation (`ans..30`): `None` when it is not one.
const fn parse_notation(notation: &[u8]) -> Option<(TextFormat, Len)> {
    let (format, rest) = match notation {
        [b't', b'e', b'x', b't', rest @ ..] => (TextFormat::Text, rest),
        [b'a', b'n', b's', rest @ ..] => (TextFormat::Ascii(Class::Ans), rest),
        [b'a', b'n', rest @ ..] => (TextFormat::Ascii(Class::An), rest),
        [b'a', b's', rest @ ..] => (TextFormat::Ascii(Class::As), rest),
        [b'n', b's', rest @ ..] => (TextFormat::Ascii(Class::Ns), rest),
        [b'a', rest @ ..] => (TextFormat::Ascii(Class::A), rest),
        [b'n', rest @ ..] => (TextFormat::Ascii(Class::N), rest),
        _ => return None,
    };
    let len = match rest {
        [] => Len::ANY,
        [b'.', b'.', max @ ..] => match number(max) {
            Some((max, [])) => Len::at_most(max),
            _ => return None,
        },
        _ => match number(rest) {
            Some((n, [])) => Len::exactly(n),
            Some((min, [b'.', b'.', max @ ..])) => match number(max) {
                Some((max, [])) => Len::between(min, max),
                _ => return None,
            },
            _ => return None,
        },
    };
    Some((format, len))
}

/// The decimal number `text` starts with, and the rest; `None` without a digit or when the
/// number does not fit a `usize`.
const fn number(mut text: &[u8]) -> Option<(usize, &[u8])> {
    let mut value: usize = 0;
    let mut digits = 0;
    while let [digit @ b'0'..=b'9', rest @ ..] = text {
        value = match value.checked_mul(10) {
            Some(tens) => match tens.checked_add((*digit - b'0') as usize) {
                Some(value) => value,
                None => return None,
            },
            None => return None,
        };
        digits += 1;
        text = rest;
    }
    if digits == 0 {
        None
    } else {
        Some((value, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MID: TextRule = TextRule::ascii("MerchantID", "ans..5", Class::Ans, Len::at_most(5))
        .mandatory()
        .forbidding(&ByteSet::of(b"#&"), "#&");

    fn rules(rule: &TextRule, value: Option<&str>) -> Vec<RuleKind> {
        let mut found = Violations::new();
        rule.check(&mut found, value);
        found.iter().map(|v| v.rule).collect()
    }

    #[test]
    fn presence_then_every_rule_in_order() {
        assert_eq!(rules(&MID, None), []);
        assert_eq!(rules(&MID, Some("")), [RuleKind::Missing]);
        assert_eq!(rules(&MID, Some("ab")), []);
        assert_eq!(
            rules(&MID, Some("a#\u{1}bcdef")),
            [
                RuleKind::TooLong,
                RuleKind::Charset,
                RuleKind::ForbiddenChar
            ]
        );
        let optional = TextRule::text("Name", "text..3", Len::at_most(3));
        assert_eq!(rules(&optional, Some("")), []);
        assert_eq!(rules(&optional, Some("Élan")), [RuleKind::TooLong]);
    }

    #[test]
    fn notations_give_class_and_length() {
        let cases = [
            ("ans..30", TextFormat::Ascii(Class::Ans), Len::at_most(30)),
            ("an64", TextFormat::Ascii(Class::An), Len::exactly(64)),
            ("n2..4", TextFormat::Ascii(Class::N), Len::between(2, 4)),
            ("as", TextFormat::Ascii(Class::As), Len::ANY),
            ("ns..16", TextFormat::Ascii(Class::Ns), Len::at_most(16)),
            ("a3", TextFormat::Ascii(Class::A), Len::exactly(3)),
            ("text..100", TextFormat::Text, Len::at_most(100)),
        ];
        for (notation, format, len) in cases {
            assert_eq!(
                parse_notation(notation.as_bytes()),
                Some((format, len)),
                "{notation}"
            );
        }
        for bad in [
            "",
            "x",
            "ans..",
            "an..3x",
            "n3..",
            "a1..2..3",
            "bool",
            "n99999999999999999999999",
        ] {
            assert_eq!(parse_notation(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn a_fixed_value_is_the_only_rule() {
        let rule = TextRule::ascii("Response", "a7", Class::A, Len::exactly(7)).fixed("encrypt");
        assert_eq!(rules(&rule, Some("encrypt")), []);
        assert_eq!(rules(&rule, Some("x")), [RuleKind::FixedValue]);
    }
}
