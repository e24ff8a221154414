//! ISO 4217 currencies and amounts of money, shared by every provider's generated code.
//!
//! [`Currency`] is one type for every provider: Computop and Adyen write it as the alphabetic
//! code (`EUR`), Monext as the numeric one (`978`); the generated code picks the form of each
//! field ([`CurrencyForm`], from the spec) when it encodes and decodes. The list of codes and
//! their minor units comes from the `iso_currency` crate (the standard's table, kept up to date
//! there); this type wraps it so that the public API stays ours.
//!
//! [`Money`] is an amount in minor units (cents for EUR, yen for JPY) with its currency: the
//! one amount representation of every provider (`u64`: the amounts of these messages are
//! never negative; a negative one on the wire is a decode error naming the field).

use core::fmt;
use core::str::FromStr;

/// An ISO 4217 currency (`EUR` / `978`). Only codes of the standard's list exist: text that is
/// not one is refused when read, never kept as something else.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(iso_currency::Currency);

/// How a field writes its currency on the wire (from the spec: `a3` alphabetic, `n3` numeric).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CurrencyForm {
    /// Three capital letters: `EUR`.
    Alphabetic,
    /// Three digits: `978`.
    Numeric,
}

impl CurrencyForm {
    /// What a refusal names as expected: `ISO 4217 alphabetic code` / `ISO 4217 numeric code`.
    pub const fn expected(self) -> &'static str {
        match self {
            CurrencyForm::Alphabetic => "ISO 4217 alphabetic code",
            CurrencyForm::Numeric => "ISO 4217 numeric code",
        }
    }
}

/// Text that is not an ISO 4217 code of the expected form. It names the form, never the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an {}", form.expected())]
pub struct UnknownCurrency {
    /// The form that was expected.
    pub form: CurrencyForm,
}

/// The three digits of a numeric code, zero-padded (`008` for the lek), as text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumericCode([u8; 3]);

impl NumericCode {
    /// The three digits.
    pub fn as_str(&self) -> &str {
        // Three ASCII digits by construction; the fallback is never taken.
        core::str::from_utf8(&self.0).unwrap_or("000")
    }
}

impl fmt::Display for NumericCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for NumericCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Currency {
    /// The euro (`EUR`, `978`).
    pub const EUR: Currency = Currency(iso_currency::Currency::EUR);
    /// The US dollar (`USD`, `840`).
    pub const USD: Currency = Currency(iso_currency::Currency::USD);
    /// The renminbi (`CNY`, `156`).
    pub const CNY: Currency = Currency(iso_currency::Currency::CNY);
    /// The pound sterling (`GBP`, `826`).
    pub const GBP: Currency = Currency(iso_currency::Currency::GBP);
    /// The yen (`JPY`, `392`; no minor unit).
    pub const JPY: Currency = Currency(iso_currency::Currency::JPY);
    /// "No currency" (`XXX`, `999`): what a request read to be validated holds where its
    /// currency could not be read (the read reports it).
    pub const XXX: Currency = Currency(iso_currency::Currency::XXX);

    /// The currency of an alphabetic code: three capital letters, exactly (`eur` is refused:
    /// the providers write capitals, and a lower-case code on the wire is a mistake to see).
    pub fn from_alpha(code: &str) -> Option<Currency> {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        iso_currency::Currency::from_code(code).map(Currency)
    }

    /// The currency of a numeric code (`978`).
    pub fn from_numeric(code: u16) -> Option<Currency> {
        iso_currency::Currency::from_numeric(code).map(Currency)
    }

    /// The currency of a numeric code as the wire writes it: exactly three digits (`978`,
    /// `008`).
    pub fn from_numeric_text(code: &str) -> Option<Currency> {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        code.parse::<u16>().ok().and_then(Currency::from_numeric)
    }

    /// Reads `code` in `form`.
    ///
    /// # Errors
    ///
    /// [`UnknownCurrency`] when `code` is not a code of that form on the ISO 4217 list.
    pub fn from_wire(form: CurrencyForm, code: &str) -> Result<Currency, UnknownCurrency> {
        match form {
            CurrencyForm::Alphabetic => Currency::from_alpha(code),
            CurrencyForm::Numeric => Currency::from_numeric_text(code),
        }
        .ok_or(UnknownCurrency { form })
    }

    /// The alphabetic code (`EUR`).
    pub fn alpha(self) -> &'static str {
        self.0.code()
    }

    /// The numeric code (`978`).
    pub fn numeric(self) -> u16 {
        self.0.numeric()
    }

    /// The numeric code as three digits (`978`, `008`).
    pub fn numeric_text(self) -> NumericCode {
        let n = self.numeric();
        // ISO numeric codes are below 1000; `% 10` keeps each digit in range regardless.
        let digit = |d: u16| b'0' + u8::try_from(d % 10).unwrap_or(0);
        NumericCode([digit(n / 100), digit(n / 10), digit(n)])
    }

    /// How many digits the minor unit has (2 for EUR, 0 for JPY, 3 for BHD); `None` for the
    /// currencies without one (gold, `XXX`).
    pub fn exponent(self) -> Option<u16> {
        self.0.exponent()
    }

    /// The English name (`Euro`).
    pub fn name(&self) -> &str {
        self.0.name()
    }
}

impl fmt::Display for Currency {
    /// The alphabetic code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha())
    }
}

impl FromStr for Currency {
    type Err = UnknownCurrency;

    /// Reads the alphabetic code, as [`Display`](fmt::Display) writes it.
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Currency::from_wire(CurrencyForm::Alphabetic, code)
    }
}

impl TryFrom<&str> for Currency {
    type Error = UnknownCurrency;

    /// Reads the alphabetic code.
    fn try_from(code: &str) -> Result<Self, Self::Error> {
        code.parse()
    }
}

/// An amount of money: minor units of a currency (`Money::new(1000, Currency::EUR)` is 10.00
/// euros). The one amount representation of every provider's generated code; structs with an
/// amount and its currency give it through `money()` and take it through `set_money()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Money {
    /// The amount in minor units of the currency (cents for EUR).
    pub minor: u64,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// `minor` units of `currency`.
    pub const fn new(minor: u64, currency: Currency) -> Money {
        Money { minor, currency }
    }
}

impl fmt::Display for Money {
    /// The amount in major units with the currency's minor digits, then the alphabetic code:
    /// `10.00 EUR`, `1000 JPY`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = u32::from(self.currency.exponent().unwrap_or(0));
        match 10u64.checked_pow(digits) {
            Some(scale) if digits > 0 => write!(
                f,
                "{}.{:0width$} {}",
                self.minor / scale,
                self.minor % scale,
                self.currency,
                width = digits as usize
            ),
            _ => write!(f, "{} {}", self.minor, self.currency),
        }
    }
}

/// Serde of [`Currency`] (feature `serde`): the alphabetic code by default; the generated
/// structs name [`numeric`] / [`numeric_option`] on fields whose wire writes the numeric code,
/// so that a serialized message carries each provider's own form.
#[cfg(feature = "serde")]
mod serde_impl {
    use super::{Currency, CurrencyForm};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for Currency {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(self.alpha())
        }
    }

    impl<'de> Deserialize<'de> for Currency {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::serde_text::deserialize_text(deserializer, |text| {
                Currency::from_wire(CurrencyForm::Alphabetic, text)
            })
        }
    }
}

/// `#[serde(with = "...")]` for a currency written as its numeric code (`"978"`).
#[cfg(feature = "serde")]
#[doc(hidden)]
pub mod numeric {
    use super::{Currency, CurrencyForm};
    use serde::{Deserializer, Serializer};

    /// Writes the three digits.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn serialize<S: Serializer>(value: &Currency, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.numeric_text().as_str())
    }

    /// Reads three digits of a listed code.
    ///
    /// # Errors
    ///
    /// Text that is not a listed numeric code.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        crate::serde_text::deserialize_text(deserializer, |text| {
            Currency::from_wire(CurrencyForm::Numeric, text)
        })
    }
}

/// `#[serde(with = "...")]` for an optional currency written as its numeric code.
#[cfg(feature = "serde")]
#[doc(hidden)]
pub mod numeric_option {
    use super::Currency;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the three digits, or nothing.
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn serialize<S: Serializer>(
        value: &Option<Currency>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(currency) => serializer.serialize_some(currency.numeric_text().as_str()),
            None => serializer.serialize_none(),
        }
    }

    /// Reads three digits of a listed code, or nothing.
    ///
    /// # Errors
    ///
    /// Text that is not a listed numeric code.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Currency>, D::Error> {
        #[derive(Deserialize)]
        struct Numeric(#[serde(with = "super::numeric")] Currency);
        Ok(Option::<Numeric>::deserialize(deserializer)?.map(|n| n.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_convert_both_ways() {
        for (alpha, numeric, text) in [
            ("EUR", 978, "978"),
            ("USD", 840, "840"),
            ("CNY", 156, "156"),
            ("ALL", 8, "008"),
        ] {
            let c = Currency::from_alpha(alpha).unwrap();
            assert_eq!((c.alpha(), c.numeric()), (alpha, numeric));
            assert_eq!(c.numeric_text().as_str(), text);
            assert_eq!(Currency::from_numeric(numeric), Some(c));
            assert_eq!(Currency::from_numeric_text(text), Some(c));
            assert_eq!(c.to_string(), alpha);
            assert_eq!(alpha.parse::<Currency>(), Ok(c));
            assert_eq!(Currency::try_from(alpha), Ok(c));
        }
        assert_eq!(Currency::EUR.exponent(), Some(2));
        assert_eq!(Currency::JPY.exponent(), Some(0));
        assert_eq!(Currency::XXX.exponent(), None);
    }

    #[test]
    fn unknown_codes_are_refused_without_echo() {
        for bad in ["", "EU", "EURO", "eur", "ZZZ", "97", "978", "€"] {
            assert_eq!(Currency::from_alpha(bad), None, "{bad}");
        }
        for bad in ["", "97", "9780", "000", "abc", "+97", " 978", "EUR"] {
            assert_eq!(Currency::from_numeric_text(bad), None, "{bad}");
        }
        assert_eq!(Currency::from_numeric(1), None);
        let err = "ZZZ".parse::<Currency>().unwrap_err();
        assert_eq!(err.to_string(), "not an ISO 4217 alphabetic code");
        assert_eq!(
            Currency::from_wire(CurrencyForm::Numeric, "123")
                .unwrap_err()
                .to_string(),
            "not an ISO 4217 numeric code"
        );
    }

    #[test]
    fn money_shows_major_units() {
        assert_eq!(Money::new(1130, Currency::EUR).to_string(), "11.30 EUR");
        assert_eq!(Money::new(5, Currency::EUR).to_string(), "0.05 EUR");
        assert_eq!(Money::new(1000, Currency::JPY).to_string(), "1000 JPY");
        assert_eq!(Money::new(7, Currency::XXX).to_string(), "7 XXX");
    }
}
