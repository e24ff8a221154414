//! The format notation shared by every provider (see `specs/README.md`, "Formats"): plain
//! values that mean the same in a spec, in the model and in the generated validators, so every
//! stage of the generator uses these types (no stage owns them).
//!
//! Parsed while serde reads a spec, so a malformed format is reported with serde_yaml's line and
//! column.

use std::fmt;

/// A character class of the Computop legend, plus `text` for Unicode strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CharClass {
    /// `a`: ASCII letters.
    Alpha,
    /// `n`: ASCII digits.
    Numeric,
    /// `an`: letters and digits.
    AlphaNumeric,
    /// `as`: letters and special characters.
    AlphaSpecial,
    /// `ns`: digits and special characters.
    NumericSpecial,
    /// `ans`: all printable ASCII.
    AlphaNumericSpecial,
    /// `text`: any Unicode text without control characters.
    Text,
}

impl CharClass {
    /// The notation's spelling of the class.
    pub fn notation(self) -> &'static str {
        match self {
            CharClass::Alpha => "a",
            CharClass::Numeric => "n",
            CharClass::AlphaNumeric => "an",
            CharClass::AlphaSpecial => "as",
            CharClass::NumericSpecial => "ns",
            CharClass::AlphaNumericSpecial => "ans",
            CharClass::Text => "text",
        }
    }

    /// The class of a notation (`ans`), as formats and importers read it.
    pub fn from_notation(s: &str) -> Option<Self> {
        Some(match s {
            "a" => CharClass::Alpha,
            "n" => CharClass::Numeric,
            "an" => CharClass::AlphaNumeric,
            "as" => CharClass::AlphaSpecial,
            "ns" => CharClass::NumericSpecial,
            "ans" => CharClass::AlphaNumericSpecial,
            "text" => CharClass::Text,
            _ => return None,
        })
    }

    /// Whether `c` belongs to the class (the exact definition of `specs/README.md`).
    pub fn admits(self, c: char) -> bool {
        let letter = c.is_ascii_alphabetic();
        let digit = c.is_ascii_digit();
        let special = c.is_ascii_graphic() && !c.is_ascii_alphanumeric() || c == ' ';
        match self {
            CharClass::Alpha => letter,
            CharClass::Numeric => digit,
            CharClass::AlphaNumeric => letter || digit,
            CharClass::AlphaSpecial => letter || special,
            CharClass::NumericSpecial => digit || special,
            CharClass::AlphaNumericSpecial => letter || digit || special,
            CharClass::Text => !c.is_control(),
        }
    }

    /// Whether every value of `self` is also a value of `other` (the class lattice).
    pub fn is_subset_of(self, other: CharClass) -> bool {
        use CharClass::*;
        if self == other || other == Text {
            return true;
        }
        matches!(
            (self, other),
            (Numeric, AlphaNumeric | NumericSpecial | AlphaNumericSpecial)
                | (Alpha, AlphaNumeric | AlphaSpecial | AlphaNumericSpecial)
                | (
                    AlphaNumeric | AlphaSpecial | NumericSpecial,
                    AlphaNumericSpecial
                )
        )
    }
}

/// How long a value may be, in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Length {
    /// No length stated.
    Any,
    /// Exactly this many (`3`).
    Exactly(u32),
    /// Between `min` and `max` inclusive (`..3` is `min: 0`).
    Between {
        /// Fewest characters.
        min: u32,
        /// Most characters.
        max: u32,
    },
}

impl Length {
    /// The smallest length admitted.
    pub fn min(self) -> u32 {
        match self {
            Length::Any => 0,
            Length::Exactly(n) => n,
            Length::Between { min, .. } => min,
        }
    }

    /// The largest length admitted, if bounded.
    pub fn max(self) -> Option<u32> {
        match self {
            Length::Any => None,
            Length::Exactly(n) => Some(n),
            Length::Between { max, .. } => Some(max),
        }
    }

    fn notation(self) -> String {
        match self {
            Length::Any => String::new(),
            Length::Exactly(n) => n.to_string(),
            Length::Between { min: 0, max } => format!("..{max}"),
            Length::Between { min, max } => format!("{min}..{max}"),
        }
    }
}

/// One piece of a date mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatePart {
    /// `DD`.
    Day,
    /// `MM`.
    Month,
    /// `YY`.
    Year2,
    /// `YYYY`.
    Year4,
    /// `hh`.
    Hour,
    /// `mm`.
    Minute,
    /// `ss`.
    Second,
    /// A literal separator character.
    Literal(char),
}

impl DatePart {
    /// How many characters the part occupies.
    pub fn width(self) -> usize {
        match self {
            DatePart::Year4 => 4,
            DatePart::Literal(_) => 1,
            _ => 2,
        }
    }
}

/// A parsed format.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A string of a class with a length.
    Chars {
        /// The characters allowed.
        class: CharClass,
        /// The length allowed.
        length: Length,
    },
    /// `bool`.
    Bool,
    /// `int64`.
    Int64,
    /// `dttm`: `YYYY-MM-DDThh:mm:ss`.
    DateTime,
    /// `date(<mask>)`.
    Date {
        /// The mask as written.
        mask: String,
        /// The mask's parts.
        parts: Vec<DatePart>,
    },
}

/// Why a format string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}; expected {expected}")]
pub struct FormatError {
    /// What is wrong.
    pub problem: String,
    /// What was expected.
    pub expected: &'static str,
}

const FORMAT_EXPECTED: &str =
    "a format such as `ans..30`, `a3`, `n2..10`, `bool`, `int64`, `dttm` or `date(DD/MM/YYYY)`";

fn format_error(problem: impl Into<String>) -> FormatError {
    FormatError {
        problem: problem.into(),
        expected: FORMAT_EXPECTED,
    }
}

impl Format {
    /// Parses the notation of `specs/README.md`.
    pub fn parse(s: &str) -> Result<Format, FormatError> {
        let s = s.trim();
        match s {
            "bool" => return Ok(Format::Bool),
            "int64" => return Ok(Format::Int64),
            "dttm" => return Ok(Format::DateTime),
            "" => return Err(format_error("empty format")),
            _ => {}
        }
        if let Some(rest) = s.strip_prefix("date(") {
            let mask = rest
                .strip_suffix(')')
                .ok_or_else(|| format_error(format!("date format `{s}` lacks its closing `)`")))?;
            return parse_date_mask(mask).map(|parts| Format::Date {
                mask: mask.to_string(),
                parts,
            });
        }
        let class_end = s
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(s.len());
        let (class_text, length_text) = s.split_at(class_end);
        let class = CharClass::from_notation(class_text).ok_or_else(|| {
            format_error(format!(
                "unknown format or character class `{class_text}` in `{s}`"
            ))
        })?;
        let length = parse_length(length_text, s)?;
        Ok(Format::Chars { class, length })
    }

    /// The notation, as `parse` reads it.
    pub fn notation(&self) -> String {
        match self {
            Format::Chars { class, length } => format!("{}{}", class.notation(), length.notation()),
            Format::Bool => "bool".into(),
            Format::Int64 => "int64".into(),
            Format::DateTime => "dttm".into(),
            Format::Date { mask, .. } => format!("date({mask})"),
        }
    }

    /// Whether `value` satisfies the format (class, length, layout).
    pub fn admits(&self, value: &str) -> bool {
        match self {
            Format::Chars { class, length } => {
                let count = value.chars().count();
                let fits = count >= length.min() as usize
                    && length.max().is_none_or(|max| count <= max as usize);
                fits && value.chars().all(|c| class.admits(c))
            }
            Format::Bool => value == "true" || value == "false",
            Format::Int64 => value.parse::<i64>().is_ok(),
            Format::DateTime => {
                use DatePart::*;
                const ISO: [DatePart; 11] = [
                    Year4,
                    Literal('-'),
                    Month,
                    Literal('-'),
                    Day,
                    Literal('T'),
                    Hour,
                    Literal(':'),
                    Minute,
                    Literal(':'),
                    Second,
                ];
                date_admits(&ISO, value)
            }
            Format::Date { parts, .. } => date_admits(parts, value),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.notation())
    }
}

fn date_admits(parts: &[DatePart], value: &str) -> bool {
    let mut rest = value.as_bytes();
    for part in parts {
        let width = part.width();
        if rest.len() < width {
            return false;
        }
        let (head, tail) = rest.split_at(width);
        let ok = match part {
            DatePart::Literal(c) => matches!(head, [byte] if char::from(*byte) == *c),
            _ => head.iter().all(u8::is_ascii_digit),
        };
        if !ok {
            return false;
        }
        rest = tail;
    }
    rest.is_empty()
}

fn parse_length(text: &str, whole: &str) -> Result<Length, FormatError> {
    if text.is_empty() {
        return Ok(Length::Any);
    }
    let number = |t: &str| -> Result<u32, FormatError> {
        t.parse::<u32>().map_err(|_| {
            format_error(format!(
                "length `{text}` in `{whole}` is not a number or range"
            ))
        })
    };
    let length = match text.split_once("..") {
        None => Length::Exactly(number(text)?),
        Some(("", max)) => Length::Between {
            min: 0,
            max: number(max)?,
        },
        Some((min, max)) => Length::Between {
            min: number(min)?,
            max: number(max)?,
        },
    };
    match length {
        Length::Exactly(0) | Length::Between { max: 0, .. } => {
            Err(format_error(format!("zero length in `{whole}`")))
        }
        Length::Between { min, max } if min > max => Err(format_error(format!(
            "inverted length {min}..{max} in `{whole}`"
        ))),
        other => Ok(other),
    }
}

fn parse_date_mask(mask: &str) -> Result<Vec<DatePart>, FormatError> {
    let mut parts = Vec::new();
    let mut rest = mask;
    const TOKENS: [(&str, DatePart); 7] = [
        ("YYYY", DatePart::Year4),
        ("YY", DatePart::Year2),
        ("MM", DatePart::Month),
        ("DD", DatePart::Day),
        ("hh", DatePart::Hour),
        ("mm", DatePart::Minute),
        ("ss", DatePart::Second),
    ];
    'outer: while let Some(c) = rest.chars().next() {
        for (token, part) in TOKENS {
            if let Some(tail) = rest.strip_prefix(token) {
                parts.push(part);
                rest = tail;
                continue 'outer;
            }
        }
        if c.is_ascii_alphanumeric() {
            return Err(format_error(format!(
                "date mask `{mask}` has `{c}` where a field (DD, MM, YY, YYYY, hh, mm, ss) or a separator belongs"
            )));
        }
        parts.push(DatePart::Literal(c));
        rest = &rest[c.len_utf8()..];
    }
    if parts.iter().all(|p| matches!(p, DatePart::Literal(_))) {
        return Err(format_error(format!(
            "date mask `{mask}` has no date field"
        )));
    }
    Ok(parts)
}

impl TryFrom<String> for Format {
    type Error = FormatError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Format::parse(&s)
    }
}

impl From<Format> for String {
    fn from(f: Format) -> String {
        f.notation()
    }
}

impl<'de> serde::Deserialize<'de> for Format {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Format::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_computop_legend() {
        for (text, class, length) in [
            (
                "ans..30",
                CharClass::AlphaNumericSpecial,
                Length::Between { min: 0, max: 30 },
            ),
            ("a3", CharClass::Alpha, Length::Exactly(3)),
            ("n128", CharClass::Numeric, Length::Exactly(128)),
            (
                "an2..8",
                CharClass::AlphaNumeric,
                Length::Between { min: 2, max: 8 },
            ),
            ("text", CharClass::Text, Length::Any),
        ] {
            assert_eq!(
                Format::parse(text),
                Ok(Format::Chars { class, length }),
                "{text}"
            );
            assert_eq!(Format::parse(text).unwrap().notation(), text);
        }
    }

    #[test]
    fn rejects_bad_formats_with_the_reason() {
        for (text, needle) in [
            ("anx..3", "unknown format"),
            ("an0", "zero length"),
            ("an..0", "zero length"),
            ("an9..3", "inverted"),
            ("an..x", "not a number"),
            ("date(DD/QQ)", "where a field"),
            ("date(DD", "closing"),
            ("", "empty"),
        ] {
            let err = Format::parse(text).unwrap_err();
            assert!(err.problem.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn classes_follow_the_readme_definition() {
        assert!(CharClass::AlphaNumericSpecial.admits(' '));
        assert!(CharClass::AlphaNumericSpecial.admits('~'));
        assert!(!CharClass::AlphaNumericSpecial.admits('é'));
        assert!(!CharClass::AlphaNumeric.admits('#'));
        assert!(CharClass::NumericSpecial.admits('.'));
        assert!(!CharClass::NumericSpecial.admits('x'));
        assert!(CharClass::Text.admits('é'));
        assert!(!CharClass::Text.admits('\u{7}'));
    }

    #[test]
    fn lattice() {
        use CharClass::*;
        assert!(Numeric.is_subset_of(AlphaNumeric));
        assert!(Alpha.is_subset_of(AlphaSpecial));
        assert!(NumericSpecial.is_subset_of(AlphaNumericSpecial));
        assert!(!Alpha.is_subset_of(NumericSpecial));
        assert!(!AlphaSpecial.is_subset_of(AlphaNumeric));
    }

    #[test]
    fn dates() {
        let f = Format::parse("date(DD/MM/YYYY hh:mm)").unwrap();
        assert!(f.admits("01/02/2024 10:35"));
        assert!(!f.admits("01/02/2024 10:35:10"));
        assert!(!f.admits("01-02-2024 10:35"));
        assert!(Format::DateTime.admits("2024-01-19T10:35:10"));
    }
}
