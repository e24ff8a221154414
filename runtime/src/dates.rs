//! Dates a spec lays out by a mask (`date(DD/MM/YYYY hh:mm)`), typed: a mask with a time is a
//! [`time::PrimitiveDateTime`], a mask without one a [`time::Date`] (the `time` crate,
//! re-exported as `pspec::runtime::time`). The generated code passes the field's format; this
//! module reads text by it (calendar included: `31/02/2024` is no date) and writes a value in
//! the mask's form.
//!
//! Decisions: a two-digit year (`YY`) is 2000 + YY (the providers' dates are this century's);
//! a mask's time without seconds reads as second 0, and a value's seconds are not written by
//! such a mask. Reading a response also accepts the text with or without seconds
//! ([`parse_lenient`]: Monext's responses add seconds to the request's `hh:mm`, and facts.md
//! asks parsers to take both); any other text is an error naming the field, never a date
//! read some other way.

use time::{Date, Month, PrimitiveDateTime, Time};

use crate::DatePart;
use crate::wire::{DateFields, parse_date};

/// The most parts a mask may have (the specs' longest has 11).
const MAX_PARTS: usize = 32;

/// A value a date mask lays out: [`time::Date`] or [`time::PrimitiveDateTime`].
pub trait MaskedDate: Copy + Sized {
    /// The value of the parts a text gave, when they make one (a real calendar day, a time of
    /// day); parts the mask does not have are 0 (time) or absent (then `None`).
    fn from_fields(fields: DateFields) -> Option<Self>;
    /// The value's parts, for writing.
    fn fields(self) -> DateFields;
    /// A stand-in for a value that could not be read (a request read to be validated, where
    /// the read has reported the field): 1970-01-01.
    fn placeholder() -> Self;
}

fn date_of(fields: DateFields) -> Option<Date> {
    let year = i32::from(fields.year?);
    // Two-digit years: this century (the only reading the masks `YY` of these specs allow).
    let year = if year < 100 { 2000 + year } else { year };
    let month = Month::try_from(fields.month?).ok()?;
    Date::from_calendar_date(year, month, fields.day?).ok()
}

fn epoch() -> Date {
    Date::from_calendar_date(1970, Month::January, 1).unwrap_or(Date::MIN)
}

impl MaskedDate for Date {
    fn from_fields(fields: DateFields) -> Option<Self> {
        date_of(fields)
    }

    fn fields(self) -> DateFields {
        DateFields {
            year: u16::try_from(self.year()).ok(),
            month: Some(u8::from(self.month())),
            day: Some(self.day()),
            hour: None,
            minute: None,
            second: None,
        }
    }

    fn placeholder() -> Self {
        epoch()
    }
}

impl MaskedDate for PrimitiveDateTime {
    fn from_fields(fields: DateFields) -> Option<Self> {
        let time = Time::from_hms(
            fields.hour.unwrap_or(0),
            fields.minute.unwrap_or(0),
            fields.second.unwrap_or(0),
        )
        .ok()?;
        Some(PrimitiveDateTime::new(date_of(fields)?, time))
    }

    fn fields(self) -> DateFields {
        DateFields {
            hour: Some(self.hour()),
            minute: Some(self.minute()),
            second: Some(self.second()),
            ..self.date().fields()
        }
    }

    fn placeholder() -> Self {
        PrimitiveDateTime::new(epoch(), Time::MIDNIGHT)
    }
}

/// The parts of a mask (`DD/MM/YYYY hh:mm`), or of a format (`date(DD/MM/YYYY hh:mm)`), on
/// the stack; `None` past [`MAX_PARTS`] parts.
pub(crate) struct Mask {
    parts: [DatePart; MAX_PARTS],
    len: usize,
}

impl Mask {
    pub(crate) fn of(format: &str) -> Option<Mask> {
        let mask = format
            .strip_prefix("date(")
            .and_then(|m| m.strip_suffix(')'))
            .unwrap_or(format);
        let mut out = Mask {
            parts: [DatePart::Literal(0); MAX_PARTS],
            len: 0,
        };
        let mut rest = mask.as_bytes();
        while !rest.is_empty() {
            let (part, width) = match rest {
                [b'Y', b'Y', b'Y', b'Y', ..] => (DatePart::Year4, 4),
                [b'Y', b'Y', ..] => (DatePart::Year2, 2),
                [b'D', b'D', ..] => (DatePart::Day, 2),
                [b'M', b'M', ..] => (DatePart::Month, 2),
                [b'h' | b'H', b'h' | b'H', ..] => (DatePart::Hour, 2),
                [b'm', b'm', ..] => (DatePart::Minute, 2),
                [b's', b's', ..] => (DatePart::Second, 2),
                [byte, ..] => (DatePart::Literal(*byte), 1),
                [] => break,
            };
            *out.parts.get_mut(out.len)? = part;
            out.len += 1;
            rest = rest.get(width..)?;
        }
        Some(out)
    }

    pub(crate) fn parts(&self) -> &[DatePart] {
        self.parts.get(..self.len).unwrap_or(&[])
    }
}

/// Reads `text` exactly as `format` lays it out, into a real calendar date (and time).
pub fn parse<T: MaskedDate>(format: &str, text: &str) -> Option<T> {
    let mask = Mask::of(format)?;
    // The exact form only: `parse_date` also takes the other seconds form, which the
    // lenient reading alone allows.
    let fields = parse_date(mask.parts(), text)?;
    let exact = text.len() == mask.parts().iter().map(|p| p.width()).sum::<usize>();
    if !exact {
        return None;
    }
    T::from_fields(fields)
}

/// As [`parse`], and also with seconds where the mask ends in minutes, or without them where
/// it ends in seconds (what a response may carry, facts.md).
pub fn parse_lenient<T: MaskedDate>(format: &str, text: &str) -> Option<T> {
    let mask = Mask::of(format)?;
    T::from_fields(parse_date(mask.parts(), text)?)
}

/// `value` laid out by `format` (`date(DD/MM/YYYY hh:mm)` writes `19/01/2024 10:35`).
pub fn write<T: MaskedDate>(value: T, format: &str) -> String {
    let Some(mask) = Mask::of(format) else {
        return String::new();
    };
    let fields = value.fields();
    let mut out = String::with_capacity(mask.parts().len() * 2);
    let two = |out: &mut String, n: Option<u8>| {
        let n = n.unwrap_or(0);
        out.push(char::from(b'0' + (n / 10) % 10));
        out.push(char::from(b'0' + n % 10));
    };
    for part in mask.parts() {
        match part {
            DatePart::Day => two(&mut out, fields.day),
            DatePart::Month => two(&mut out, fields.month),
            DatePart::Hour => two(&mut out, fields.hour),
            DatePart::Minute => two(&mut out, fields.minute),
            DatePart::Second => two(&mut out, fields.second),
            DatePart::Year2 => {
                let year = fields.year.unwrap_or(0) % 100;
                two(&mut out, u8::try_from(year).ok());
            }
            DatePart::Year4 => {
                let year = fields.year.unwrap_or(0) % 10_000;
                out.push_str(&format!("{year:04}"));
            }
            DatePart::Literal(byte) => out.push(char::from(*byte)),
        }
    }
    out
}

/// `#[serde(with = "...")]` for a date field: `rt::date_serde!(module, "date(DD/MM/YYYY)")`
/// declares `module` (and `module::option`) writing and reading the value in the mask's
/// form, as on the wire.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! date_serde {
    ($name:ident, $format:literal) => {
        #[doc = concat!("Serde of a `", $format, "` field, in the mask's form.")]
        mod $name {
            use ::pspec_runtime::__private::serde::{Deserializer, Serializer};
            use ::pspec_runtime::dates::MaskedDate;

            pub fn serialize<T: MaskedDate, S: Serializer>(
                value: &T,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                ::pspec_runtime::dates::serialize(value, $format, serializer)
            }

            pub fn deserialize<'de, T: MaskedDate, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<T, D::Error> {
                ::pspec_runtime::dates::deserialize(deserializer, $format)
            }

            /// The same, for an optional field.
            pub mod option {
                use ::pspec_runtime::__private::serde::{Deserializer, Serializer};
                use ::pspec_runtime::dates::MaskedDate;

                pub fn serialize<T: MaskedDate, S: Serializer>(
                    value: &Option<T>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    ::pspec_runtime::dates::serialize_option(value, $format, serializer)
                }

                pub fn deserialize<'de, T: MaskedDate, D: Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<T>, D::Error> {
                    ::pspec_runtime::dates::deserialize_option(deserializer, $format)
                }
            }
        }
    };
}

/// What [`date_serde!`] calls: the value as its mask's text.
///
/// # Errors
///
/// The serializer's.
#[cfg(feature = "serde")]
#[doc(hidden)]
pub fn serialize<T: MaskedDate, S: serde::Serializer>(
    value: &T,
    format: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&write(*value, format))
}

/// What [`date_serde!`] calls for an optional field.
///
/// # Errors
///
/// The serializer's.
#[cfg(feature = "serde")]
#[doc(hidden)]
pub fn serialize_option<T: MaskedDate, S: serde::Serializer>(
    value: &Option<T>,
    format: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serializer.serialize_some(&write(*value, format)),
        None => serializer.serialize_none(),
    }
}

/// What [`date_serde!`] calls: text in the mask's exact form, a real date.
///
/// # Errors
///
/// Text off the mask or no calendar date; the message names the format, never the text.
#[cfg(feature = "serde")]
#[doc(hidden)]
pub fn deserialize<'de, T: MaskedDate, D: serde::Deserializer<'de>>(
    deserializer: D,
    format: &str,
) -> Result<T, D::Error> {
    use serde::Deserialize as _;
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    parse(format, &text)
        .ok_or_else(|| serde::de::Error::custom(format_args!("not a date of the format {format}")))
}

/// What [`date_serde!`] calls for an optional field.
///
/// # Errors
///
/// As [`deserialize`].
#[cfg(feature = "serde")]
#[doc(hidden)]
pub fn deserialize_option<'de, T: MaskedDate, D: serde::Deserializer<'de>>(
    deserializer: D,
    format: &str,
) -> Result<Option<T>, D::Error> {
    use serde::Deserialize as _;
    let text = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?;
    match text {
        None => Ok(None),
        Some(text) => parse(format, &text).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format_args!("not a date of the format {format}"))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTES: &str = "date(DD/MM/YYYY hh:mm)";
    const SECONDS: &str = "date(DD/MM/YYYY hh:mm:ss)";
    const DAY: &str = "date(DD/MM/YYYY)";
    const SHORT: &str = "date(DD/MM/YY)";

    fn at(y: i32, m: Month, d: u8, h: u8, min: u8, s: u8) -> PrimitiveDateTime {
        PrimitiveDateTime::new(
            Date::from_calendar_date(y, m, d).unwrap(),
            Time::from_hms(h, min, s).unwrap(),
        )
    }

    #[test]
    fn masks_read_and_write_both_ways() {
        let t = at(2024, Month::January, 19, 10, 35, 0);
        assert_eq!(
            parse::<PrimitiveDateTime>(MINUTES, "19/01/2024 10:35"),
            Some(t)
        );
        assert_eq!(write(t, MINUTES), "19/01/2024 10:35");
        let d = Date::from_calendar_date(2024, Month::January, 25).unwrap();
        assert_eq!(parse::<Date>(DAY, "25/01/2024"), Some(d));
        assert_eq!(write(d, DAY), "25/01/2024");
        // Two-digit years are this century's.
        assert_eq!(parse::<Date>(SHORT, "25/01/24"), Some(d));
        assert_eq!(write(d, SHORT), "25/01/24");
        // Seconds a minute mask does not have are not written.
        assert_eq!(
            write(at(2024, Month::March, 1, 9, 5, 42), MINUTES),
            "01/03/2024 09:05"
        );
        assert_eq!(
            write(at(2024, Month::March, 1, 9, 5, 42), SECONDS),
            "01/03/2024 09:05:42"
        );
    }

    #[test]
    fn off_mask_and_impossible_dates_are_refused() {
        for bad in [
            "31/02/2024 10:35", // no 31 February
            "29/02/2023 10:35", // 2023 is no leap year
            "19/13/2024 10:35",
            "19/01/2024 24:00",
            "19-01-2024 10:35",
            "19/01/2024 10:35:10", // exact reading: not this mask's form
            "19/01/2024",
            "",
        ] {
            assert_eq!(parse::<PrimitiveDateTime>(MINUTES, bad), None, "{bad}");
        }
        assert!(parse::<Date>(DAY, "29/02/2024").is_some());
        assert_eq!(parse::<Date>(DAY, "31/04/2024"), None);
    }

    #[test]
    fn lenient_reading_takes_both_seconds_forms_and_nothing_else() {
        let t = at(2024, Month::January, 19, 10, 35, 10);
        assert_eq!(
            parse_lenient::<PrimitiveDateTime>(MINUTES, "19/01/2024 10:35:10"),
            Some(t)
        );
        assert_eq!(
            parse_lenient::<PrimitiveDateTime>(SECONDS, "19/01/2024 10:35"),
            Some(at(2024, Month::January, 19, 10, 35, 0))
        );
        assert_eq!(
            parse_lenient::<PrimitiveDateTime>(SECONDS, "31/02/2024 10:35"),
            None
        );
        assert_eq!(
            parse_lenient::<PrimitiveDateTime>(SECONDS, "2024-01-19 10:35"),
            None
        );
    }
}
