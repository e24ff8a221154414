//! Reading dates leniently: a value laid out by the field's mask, with or without
//! seconds.
//!
//! Monext's requests write `dd/mm/yyyy HH:mm` and its responses `dd/mm/yyyy HH:mm:ss`
//! (facts.md: "parsers accept both"). A field has one mask, so the typed decoders keep a
//! date as the text received, and this reads it whichever way it came.

use crate::DatePart;

/// The parts of a date read by [`parse_date`]; what the text did not have is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DateFields {
    /// The year (two-digit years as written: `24`).
    pub year: Option<u16>,
    /// 1-12.
    pub month: Option<u8>,
    /// 1-31.
    pub day: Option<u8>,
    /// 0-23.
    pub hour: Option<u8>,
    /// 0-59.
    pub minute: Option<u8>,
    /// 0-59.
    pub second: Option<u8>,
}

/// Reads `text` by `mask`, accepting the text with seconds when the mask ends in minutes
/// (`hh:mm` reads `10:35:10`) and without them when the mask ends in seconds (`hh:mm:ss`
/// reads `10:35`). Every number must be in its calendar range.
#[must_use]
pub fn parse_date(mask: &[DatePart], text: &str) -> Option<DateFields> {
    parse_exact(mask, text)
        .or_else(|| {
            let shorter = without_seconds(mask)?;
            parse_exact(shorter, text)
        })
        .or_else(|| {
            if mask.last() != Some(&DatePart::Minute) {
                return None;
            }
            let mut longer = mask.to_vec();
            longer.extend([DatePart::Literal(b':'), DatePart::Second]);
            parse_exact(&longer, text)
        })
}

/// The mask without a trailing `:ss`.
fn without_seconds(mask: &[DatePart]) -> Option<&[DatePart]> {
    match mask {
        [rest @ .., DatePart::Literal(_), DatePart::Second] => Some(rest),
        _ => None,
    }
}

fn parse_exact(mask: &[DatePart], text: &str) -> Option<DateFields> {
    let bytes = text.as_bytes();
    let width: usize = mask.iter().map(|part| part.width()).sum();
    if bytes.len() != width {
        return None;
    }
    let mut fields = DateFields::default();
    let mut at = 0;
    for part in mask {
        let piece = bytes.get(at..at + part.width())?;
        at += part.width();
        if let DatePart::Literal(byte) = part {
            if piece != [*byte] {
                return None;
            }
            continue;
        }
        if !piece.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let number = piece
            .iter()
            .fold(0u16, |n, digit| n * 10 + u16::from(digit - b'0'));
        let small = u8::try_from(number).ok();
        match part {
            DatePart::Year2 | DatePart::Year4 => fields.year = Some(number),
            DatePart::Month => fields.month = small.filter(|m| (1..=12).contains(m)),
            DatePart::Day => fields.day = small.filter(|d| (1..=31).contains(d)),
            DatePart::Hour => fields.hour = small.filter(|h| *h <= 23),
            DatePart::Minute => fields.minute = small.filter(|m| *m <= 59),
            DatePart::Second => fields.second = small.filter(|s| *s <= 59),
            DatePart::Literal(_) => {}
        }
        let in_range = match part {
            DatePart::Month => fields.month.is_some(),
            DatePart::Day => fields.day.is_some(),
            DatePart::Hour => fields.hour.is_some(),
            DatePart::Minute => fields.minute.is_some(),
            DatePart::Second => fields.second.is_some(),
            _ => true,
        };
        if !in_range {
            return None;
        }
    }
    Some(fields)
}
