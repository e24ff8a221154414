//! [`WireReader`]: what a generated request's `from_wire` and `from_wire_checked` call to
//! fill the typed struct from a [`WireObject`], in one of two [`ReadMode`]s. (Responses are
//! read in one pass by [`super::pull`], from a tree or straight from the wire.)
//!
//! The two modes differ only in what happens to a value the Rust type cannot hold (text
//! where an integer belongs, a value a closed enum does not list, a mandatory integer,
//! enum or object that is missing):
//!
//! | mode | such a value |
//! |---|---|
//! | [`ReadMode::Strict`] (a request built from a tree) | a [`DecodeError`] naming the field |
//! | [`ReadMode::Collect`] (a request read to be validated) | a violation (`charset`, `not_allowed_value`, `missing`) and a placeholder, so that one pass reports everything |
//!
//! Missing mandatory text always reads as `""`, which `validate()` reports as `missing`.
//! Structural mismatches (an object where text belongs) are errors in every mode.

use std::collections::BTreeMap;

use crate::{RuleKind, Violations};

use super::error::{DecodeError, DecodeProblem};
use super::fields::{Fields, item_object, item_text};
use super::value::{KeyCase, WireObject, WireValue};

/// How [`WireReader`] treats values the Rust type cannot hold (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReadMode {
    /// Every such value is an error.
    Strict,
    /// Such values become violations (`charset`, `not_allowed_value`, `missing`), returned
    /// next to the value, whose affected fields hold placeholders; only structural mismatches
    /// (an object where text belongs) are errors.
    Collect,
}

/// What a generated `from_wire_checked` returns: the message and the violations the read
/// found, or a structural error.
pub type Checked<T> = Result<(T, Violations), DecodeError>;

impl ReadMode {
    /// Reads a message with `read` (a generated `read_wire`) from `wire`, names matched
    /// under `case`, in this mode; returns it with the violations a [`ReadMode::Collect`]
    /// read found (none in the other modes). What generated `from_wire` and
    /// `from_wire_checked` call.
    ///
    /// # Errors
    ///
    /// What `read` returns: in [`ReadMode::Strict`] any value the type cannot hold, in the
    /// other modes structural mismatches only.
    pub fn read<T>(
        self,
        wire: &WireObject,
        case: KeyCase,
        read: impl FnOnce(&mut WireReader<'_, '_>) -> Result<T, DecodeError>,
    ) -> Result<(T, Violations), DecodeError> {
        let mut found = Violations::new();
        let value = read(&mut WireReader::new(wire, case, self, &mut found))?;
        Ok((value, found))
    }

    /// [`ReadMode::read`] without the violations (for the modes that report none): what
    /// generated `from_wire` calls.
    ///
    /// # Errors
    ///
    /// As [`ReadMode::read`].
    pub fn decode<T>(
        self,
        wire: &WireObject,
        case: KeyCase,
        read: impl FnOnce(&mut WireReader<'_, '_>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        self.read(wire, case, read).map(|(value, _)| value)
    }
}

/// Reads the fields of one object (see the module docs).
#[derive(Debug)]
pub struct WireReader<'w, 'v> {
    object: &'w WireObject,
    case: KeyCase,
    path: String,
    mode: ReadMode,
    /// Inside a missing mandatory object read as a placeholder: its own fields report
    /// nothing (the object's `missing` says it all).
    quiet: bool,
    found: &'v mut Violations,
}

impl<'w, 'v> WireReader<'w, 'v> {
    /// A reader of the message `object`, matching names under `case`, reporting into
    /// `found` in [`ReadMode::Collect`].
    pub fn new(
        object: &'w WireObject,
        case: KeyCase,
        mode: ReadMode,
        found: &'v mut Violations,
    ) -> Self {
        Self {
            object,
            case,
            path: String::new(),
            mode,
            quiet: false,
            found,
        }
    }

    fn fields(&self) -> Fields<'w> {
        // `Fields` borrows its path; errors are re-rooted with `within` below.
        Fields::new(self.object, self.case, "")
    }

    fn locate(&self, err: DecodeError) -> DecodeError {
        if self.path.is_empty() {
            err
        } else {
            err.within(&self.path)
        }
    }

    fn error(&self, name: &str, problem: DecodeProblem) -> DecodeError {
        self.locate(DecodeError::new(name, problem))
    }

    fn report(&mut self, field: &'static str, rule: RuleKind, limit: &'static str) {
        if !self.quiet {
            self.found.report(field, rule, limit);
        }
    }

    /// An optional text field with a fixed value (`fixed:` in the spec), which construction
    /// fills in and the app cannot change. In [`ReadMode::Strict`] any other value is refused
    /// (a request holding it could not be built by the app either); the other modes keep it
    /// for `validate()` to report (`fixed_value`). Empty text reads as absent.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotAllowed`] (Strict mode only), [`DecodeProblem::WrongType`].
    pub fn fixed_text(
        &mut self,
        name: &str,
        fixed: &'static str,
    ) -> Result<Option<String>, DecodeError> {
        match self.text(name)? {
            Some(text) if text.is_empty() => Ok(None),
            Some(text) if text != fixed && self.mode == ReadMode::Strict => {
                Err(self.error(name, DecodeProblem::NotAllowed { allowed: fixed }))
            }
            other => Ok(other),
        }
    }

    /// A mandatory text field with a fixed value: as [`WireReader::fixed_text`], and in
    /// [`ReadMode::Strict`] a missing one is refused too (the request's type always holds
    /// its fixed value); the other modes read it as empty, which `validate()` reports.
    ///
    /// # Errors
    ///
    /// As [`WireReader::fixed_text`], and [`DecodeProblem::Missing`] in Strict mode.
    pub fn fixed_text_m(&mut self, name: &str, fixed: &'static str) -> Result<String, DecodeError> {
        match self.fixed_text(name, fixed)? {
            Some(text) => Ok(text),
            None if self.mode == ReadMode::Strict => Err(self.error(name, DecodeProblem::Missing)),
            None => Ok(String::new()),
        }
    }

    /// Text (or a number's digits, or `true`/`false`); `None` when absent or `null`.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for an object or a list.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, DecodeError> {
        self.fields().text(name).map_err(|err| self.locate(err))
    }

    /// Mandatory text: `""` when absent (reported as `missing` by `validate()`).
    ///
    /// # Errors
    ///
    /// As [`WireReader::text`].
    pub fn text_m(&mut self, name: &str) -> Result<String, DecodeError> {
        Ok(self.text(name)?.unwrap_or_default())
    }

    /// A value that may not be representable: `parse` gives `Err(problem)` for a value the
    /// type cannot hold, which is reported as `rule` with `limit` in Collect mode and is
    /// an error otherwise.
    fn convert<T>(
        &mut self,
        field: &'static str,
        rule: RuleKind,
        limit: &'static str,
        parse: impl FnOnce(&Fields<'w>) -> Result<Option<T>, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        match parse(&self.fields()) {
            Ok(value) => Ok(value),
            Err(err) => match (self.mode, err.problem()) {
                (
                    ReadMode::Collect,
                    DecodeProblem::NotAnInteger { .. } | DecodeProblem::NotABoolean,
                ) => {
                    self.report(field, rule, limit);
                    Ok(None)
                }
                _ => Err(self.locate(err)),
            },
        }
    }

    /// What a missing mandatory value becomes: a violation and `placeholder` in Collect
    /// mode, an error otherwise.
    fn mandatory<T>(
        &mut self,
        name: &str,
        field: &'static str,
        value: Option<T>,
        placeholder: T,
    ) -> Result<T, DecodeError> {
        match value {
            Some(value) => Ok(value),
            None if self.mode == ReadMode::Collect => {
                // A present but unreadable value was reported already.
                if self.fields().get(name).is_none() {
                    self.report(field, RuleKind::Missing, "mandatory");
                }
                Ok(placeholder)
            }
            None => Err(self.error(name, DecodeProblem::Missing)),
        }
    }

    /// An unsigned integer (`n` formats carried as integers): a number or text of digits.
    /// `field` (dotted) and `format` are what a Collect-mode violation names.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotAnInteger`] (not in Collect mode), [`DecodeProblem::WrongType`].
    pub fn unsigned(
        &mut self,
        name: &str,
        field: &'static str,
        format: &'static str,
    ) -> Result<Option<u64>, DecodeError> {
        self.convert(field, RuleKind::Charset, format, |f| f.unsigned(name))
    }

    /// A mandatory unsigned integer (`0` as placeholder in Collect mode).
    ///
    /// # Errors
    ///
    /// As [`WireReader::unsigned`], and [`DecodeProblem::Missing`] outside Collect mode.
    pub fn unsigned_m(
        &mut self,
        name: &str,
        field: &'static str,
        format: &'static str,
    ) -> Result<u64, DecodeError> {
        let value = self.unsigned(name, field, format)?;
        self.mandatory(name, field, value, 0)
    }

    /// A signed integer (`int64`).
    ///
    /// # Errors
    ///
    /// As [`WireReader::unsigned`].
    pub fn signed(
        &mut self,
        name: &str,
        field: &'static str,
        format: &'static str,
    ) -> Result<Option<i64>, DecodeError> {
        self.convert(field, RuleKind::Charset, format, |f| f.signed(name))
    }

    /// A mandatory signed integer.
    ///
    /// # Errors
    ///
    /// As [`WireReader::unsigned_m`].
    pub fn signed_m(
        &mut self,
        name: &str,
        field: &'static str,
        format: &'static str,
    ) -> Result<i64, DecodeError> {
        let value = self.signed(name, field, format)?;
        self.mandatory(name, field, value, 0)
    }

    /// A boolean: JSON `true`/`false` or that text in any case.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotABoolean`] (not in Collect mode), [`DecodeProblem::WrongType`].
    pub fn boolean(
        &mut self,
        name: &str,
        field: &'static str,
    ) -> Result<Option<bool>, DecodeError> {
        self.convert(field, RuleKind::Charset, "bool", |f| f.boolean(name))
    }

    /// A mandatory boolean (`false` as placeholder in Collect mode).
    ///
    /// # Errors
    ///
    /// As [`WireReader::boolean`], and [`DecodeProblem::Missing`] outside Collect mode.
    pub fn boolean_m(&mut self, name: &str, field: &'static str) -> Result<bool, DecodeError> {
        let value = self.boolean(name, field)?;
        self.mandatory(name, field, value, false)
    }

    /// A value of a closed enum: `parse` is the enum's `from_wire`; an unlisted value is
    /// a `not_allowed_value` violation (limit `allowed`) in Collect mode, an error
    /// otherwise.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotAllowed`] (not in Collect mode), [`DecodeProblem::WrongType`].
    pub fn closed<T>(
        &mut self,
        name: &str,
        field: &'static str,
        allowed: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, DecodeError> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        match parse(&text) {
            Some(value) => Ok(Some(value)),
            None if self.mode == ReadMode::Collect => {
                self.report(field, RuleKind::NotAllowedValue, allowed);
                Ok(None)
            }
            None => Err(self.error(name, DecodeProblem::NotAllowed { allowed })),
        }
    }

    /// A mandatory value of a closed enum (`placeholder` in Collect mode).
    ///
    /// # Errors
    ///
    /// As [`WireReader::closed`], and [`DecodeProblem::Missing`] outside Collect mode.
    pub fn closed_m<T>(
        &mut self,
        name: &str,
        field: &'static str,
        allowed: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
        placeholder: T,
    ) -> Result<T, DecodeError> {
        let value = self.closed(name, field, allowed, parse)?;
        self.mandatory(name, field, value, placeholder)
    }

    /// An ISO 4217 currency written in `form`. Text that is not a listed code of that form is
    /// a `not_allowed_value` violation (limit: the form expected) in Collect mode and a
    /// [`DecodeProblem::NotACurrency`] naming the field in the others, responses included:
    /// an unknown currency is never kept as another one.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotACurrency`] (not in Collect mode), [`DecodeProblem::WrongType`].
    pub fn currency(
        &mut self,
        name: &str,
        field: &'static str,
        form: crate::CurrencyForm,
    ) -> Result<Option<crate::Currency>, DecodeError> {
        // Empty text is absent, as everywhere on these wires (a mandatory one is `missing`).
        let Some(text) = self.text(name)?.filter(|text| !text.is_empty()) else {
            return Ok(None);
        };
        match crate::Currency::from_wire(form, &text) {
            Ok(currency) => Ok(Some(currency)),
            Err(_) if self.mode == ReadMode::Collect => {
                self.report(field, RuleKind::NotAllowedValue, form.expected());
                Ok(None)
            }
            Err(_) => Err(self.error(
                name,
                DecodeProblem::NotACurrency {
                    expected: form.expected(),
                },
            )),
        }
    }

    /// A mandatory currency ([`crate::Currency::XXX`], "no currency", as the placeholder in
    /// Collect mode, where the read has reported the field).
    ///
    /// # Errors
    ///
    /// As [`WireReader::currency`], and [`DecodeProblem::Missing`] outside Collect mode.
    pub fn currency_m(
        &mut self,
        name: &str,
        field: &'static str,
        form: crate::CurrencyForm,
    ) -> Result<crate::Currency, DecodeError> {
        let value = self.currency(name, field, form)?;
        if value.is_none()
            && self.mode == ReadMode::Collect
            && self.text(name)?.is_some_and(|text| text.is_empty())
        {
            // Present but empty: as absent, so `missing` (an unreadable code was reported).
            self.report(field, RuleKind::Missing, "mandatory");
            return Ok(crate::Currency::XXX);
        }
        self.mandatory(name, field, value, crate::Currency::XXX)
    }

    /// A date laid out by `format` (`date(DD/MM/YYYY hh:mm)`), as a [`crate::time::Date`] or
    /// [`crate::time::PrimitiveDateTime`], in the mask's exact form (a response's reader
    /// also takes the other seconds form, facts.md). Text that is no such date (off the
    /// mask, or no calendar day: `31/02/2024`) is reported in Collect mode as the mask check
    /// reports it (`wrong_length`, `charset`, `range`; a day the month does not have is
    /// `range`), and is a [`DecodeProblem::NotADate`] naming the field in Strict mode: it is
    /// never kept as some other date. Empty text is absent.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotADate`] (not in Collect mode), [`DecodeProblem::WrongType`].
    pub fn date<T: crate::dates::MaskedDate>(
        &mut self,
        name: &str,
        field: &'static str,
        format: &'static str,
    ) -> Result<Option<T>, DecodeError> {
        let Some(text) = self.text(name)?.filter(|text| !text.is_empty()) else {
            return Ok(None);
        };
        match crate::dates::parse(format, &text) {
            Some(date) => Ok(Some(date)),
            None if self.mode == ReadMode::Collect => {
                if !self.quiet {
                    let before = self.found.len();
                    if let Some(mask) = crate::dates::Mask::of(format) {
                        crate::date::date(self.found, field, &text, mask.parts(), format);
                    }
                    if self.found.len() == before {
                        // Laid out right, but no calendar day (31/02).
                        self.report(field, RuleKind::Range, format);
                    }
                }
                Ok(None)
            }
            None => Err(self.error(name, DecodeProblem::NotADate { format })),
        }
    }

    /// A mandatory date (1970-01-01 as the placeholder in Collect mode, where the read has
    /// reported the field).
    ///
    /// # Errors
    ///
    /// As [`WireReader::date`], and [`DecodeProblem::Missing`] outside Collect mode.
    pub fn date_m<T: crate::dates::MaskedDate>(
        &mut self,
        name: &str,
        field: &'static str,
        format: &'static str,
    ) -> Result<T, DecodeError> {
        let value = self.date(name, field, format)?;
        if value.is_none()
            && self.mode == ReadMode::Collect
            && self.text(name)?.is_some_and(|text| text.is_empty())
        {
            self.report(field, RuleKind::Missing, "mandatory");
            return Ok(T::placeholder());
        }
        self.mandatory(name, field, value, T::placeholder())
    }

    /// A string map (`type: map`).
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] when it or an entry is not text-like.
    pub fn map(&mut self, name: &str) -> Result<Option<BTreeMap<String, String>>, DecodeError> {
        self.fields().map(name).map_err(|err| self.locate(err))
    }

    fn child<'c>(
        &'c mut self,
        name: &str,
        object: &'w WireObject,
        quiet: bool,
    ) -> WireReader<'w, 'c> {
        WireReader {
            object,
            case: self.case,
            path: if self.path.is_empty() {
                name.to_owned()
            } else {
                format!("{}.{name}", self.path)
            },
            mode: self.mode,
            quiet: self.quiet || quiet,
            found: self.found,
        }
    }

    /// A nested object, read by `read` (the nested struct's reader).
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] when it is not an object; whatever `read` returns.
    pub fn object<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut WireReader<'w, '_>) -> Result<T, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        let Some(object) = self.fields().object(name).map_err(|err| self.locate(err))? else {
            return Ok(None);
        };
        let mut child = self.child(name, object, false);
        read(&mut child).map(Some)
    }

    /// A mandatory nested object. Missing: an error in Strict mode; in Collect mode reported
    /// as `missing` and read from an empty object, its own fields quiet.
    ///
    /// # Errors
    ///
    /// As [`WireReader::object`], and [`DecodeProblem::Missing`] in Strict mode.
    pub fn object_m<T>(
        &mut self,
        name: &str,
        field: &'static str,
        read: impl FnOnce(&mut WireReader<'w, '_>) -> Result<T, DecodeError>,
    ) -> Result<T, DecodeError> {
        static EMPTY: WireObject = WireObject::new();
        if let Some(object) = self.fields().object(name).map_err(|err| self.locate(err))? {
            let mut child = self.child(name, object, false);
            return read(&mut child);
        }
        match self.mode {
            ReadMode::Strict => Err(self.error(name, DecodeProblem::Missing)),
            ReadMode::Collect => {
                self.report(field, RuleKind::Missing, "mandatory");
                let mut child = self.child(name, &EMPTY, true);
                read(&mut child)
            }
        }
    }

    /// A list of text: a JSON array or a repeated element; `None` when there is no item.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for an item that is not text-like.
    pub fn text_list(&mut self, name: &'w str) -> Result<Option<Vec<String>>, DecodeError> {
        let items = self.fields().list(name);
        if items.is_empty() {
            return Ok(None);
        }
        items
            .into_iter()
            .map(|(path, value)| item_text(&path, value).map_err(|err| self.locate(err)))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A wrapped list (SOAP: `<selectedContractList><selectedContract>C1</selectedContract>
    /// </selectedContractList>`): the element `name` holds the items, each named `item`,
    /// which `read` reads from inside it (`|r, item| r.text_list(item)`). A JSON tree may
    /// give the list bare instead (`"selectedContractList": ["C1"]`, the shape of the
    /// command's JSON request files): `read` then reads it under `name` itself. `None` when
    /// the wrapper is absent, nil or empty.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] when the wrapper holds text; whatever `read` returns.
    pub fn wrapped<T>(
        &mut self,
        name: &'w str,
        item: &'w str,
        read: impl FnOnce(&mut WireReader<'w, '_>, &'w str) -> Result<Option<T>, DecodeError>,
    ) -> Result<Option<T>, DecodeError> {
        match self.object.get_with(name, self.case) {
            None | Some(WireValue::Null) => return Ok(None),
            Some(WireValue::Text(text)) if text.trim().is_empty() => return Ok(None),
            Some(WireValue::List(_)) => return read(self, name),
            Some(_) => {}
        }
        let Some(object) = self.fields().object(name).map_err(|err| self.locate(err))? else {
            return Ok(None);
        };
        let mut child = self.child(name, object, false);
        read(&mut child, item)
    }

    /// A list of objects, each read by `read`; `None` when there is no item.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for an item that is not an object; whatever `read`
    /// returns.
    pub fn object_list<T>(
        &mut self,
        name: &'w str,
        mut read: impl FnMut(&mut WireReader<'w, '_>) -> Result<T, DecodeError>,
    ) -> Result<Option<Vec<T>>, DecodeError> {
        let items = self.fields().list(name);
        if items.is_empty() {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(items.len());
        for (path, value) in items {
            let object = item_object(&path, value).map_err(|err| self.locate(err))?;
            let mut child = self.child(&path, object, false);
            out.push(read(&mut child)?);
        }
        Ok(Some(out))
    }
}
