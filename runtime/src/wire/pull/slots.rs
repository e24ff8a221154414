//! The slots of a generated reader: one per field, filled as the field's name comes by,
//! and turned into the field's value after the last name, with the rules a response's read
//! follows for what is missing.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::visit::{Item, ItemsOf, MapOf, Obj, ObjectOf, ScalarOf, Wrapped};
use super::{FieldSource, NoFields, ReadFields, Scalar, within, wrong_type};
use crate::wire::error::{DecodeError, DecodeProblem};

/// One field of a struct being read: not given yet, given (`Some(None)` for null), or its
/// value. A field given twice is [`DecodeProblem::Duplicate`].
#[derive(Debug)]
pub struct Slot<T>(Option<Option<T>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<T> Slot<T> {
    /// Not given yet.
    #[must_use]
    pub const fn new() -> Self {
        Self(None)
    }

    fn fill(&mut self, value: Option<T>) -> Result<(), DecodeError> {
        self.0 = Some(value);
        Ok(())
    }

    /// What every scalar field's reader does: refuse a second time, take the value as a
    /// scalar (an object or a list is [`DecodeProblem::WrongType`] naming `expected`), and keep
    /// what `convert` makes of it (`None`: absent).
    fn take<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
        expected: &'static str,
        convert: impl FnOnce(Scalar<'de>) -> Result<Option<T>, DecodeError>,
    ) -> Result<(), DecodeError> {
        given(self, key)?;
        let value = convert(source.value(ScalarOf { name, expected })?)?;
        self.fill(value)
    }

    /// The value; `None` when absent or null.
    #[must_use]
    #[inline]
    pub fn get(self) -> Option<T> {
        self.0.flatten()
    }

    /// The value of a mandatory field.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::Missing`] at `name` when absent or null.
    #[inline]
    pub fn required(self, name: &str) -> Result<T, DecodeError> {
        self.get()
            .ok_or_else(|| DecodeError::new(name, DecodeProblem::Missing))
    }
}

/// The slot of a field read as text (text, open enums, codes): borrowed from the input
/// until the struct is made.
pub type Text<'de> = Slot<Cow<'de, str>>;

impl<'de> Slot<Cow<'de, str>> {
    /// Reads a text field (text, a number's digits, `true`/`false`).
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for an object or a list, [`DecodeProblem::Duplicate`].
    #[inline]
    pub fn text<S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
    ) -> Result<(), DecodeError> {
        self.take(source, key, name, "text", |value| Ok(value.into_text()))
    }

    /// An optional text field's value.
    #[must_use]
    #[inline]
    pub fn owned(self) -> Option<String> {
        self.get().map(Cow::into_owned)
    }

    /// A mandatory text field's value: empty when absent (`validate()` reports it).
    #[must_use]
    #[inline]
    pub fn owned_or_empty(self) -> String {
        self.get().map(Cow::into_owned).unwrap_or_default()
    }

    /// The text as given, empty when absent (what an open enum or a code reads from).
    #[must_use]
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Some(Some(text)) => text,
            _ => "",
        }
    }

    /// Whether the field was given with a value (an open enum or code that is optional).
    #[must_use]
    pub fn is_given(&self) -> bool {
        matches!(self.0, Some(Some(_)))
    }
}

fn not_an_integer(name: &str, range: &'static str) -> DecodeError {
    DecodeError::new(name, DecodeProblem::NotAnInteger { range })
}

/// Refuses a field given twice, naming it as received the second time (`code` after
/// `Code` where names match in any case).
fn given<T>(slot: &Slot<T>, key: &str) -> Result<(), DecodeError> {
    if slot.0.is_some() {
        Err(DecodeError::new(key, DecodeProblem::Duplicate))
    } else {
        Ok(())
    }
}

impl Slot<u64> {
    /// Reads an unsigned integer: a number, or text of decimal digits (surrounding white
    /// space ignored), as the tree read takes it.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotAnInteger`], [`DecodeProblem::WrongType`],
    /// [`DecodeProblem::Duplicate`].
    pub fn unsigned<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
    ) -> Result<(), DecodeError> {
        self.take(source, key, name, "integer", |value| match value {
            Scalar::Null => Ok(None),
            Scalar::Unsigned(value) => Ok(Some(value)),
            Scalar::Signed(_) => Err(not_an_integer(name, "u64")),
            Scalar::Number(text) | Scalar::Text(text) => {
                crate::wire::fields::unsigned_digits(&text)
                    .map(Some)
                    .ok_or_else(|| not_an_integer(name, "u64"))
            }
            Scalar::Bool(_) => Err(wrong_type(name, "integer", "boolean")),
        })
    }
}

impl Slot<i64> {
    /// Reads a signed integer (`int64`): a number, or text of an optional `-` and digits.
    ///
    /// # Errors
    ///
    /// As [`Slot::unsigned`].
    pub fn signed<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
    ) -> Result<(), DecodeError> {
        self.take(source, key, name, "integer", |value| match value {
            Scalar::Null => Ok(None),
            Scalar::Unsigned(value) => i64::try_from(value)
                .map(Some)
                .map_err(|_| not_an_integer(name, "i64")),
            Scalar::Signed(value) => Ok(Some(value)),
            Scalar::Number(text) | Scalar::Text(text) => crate::wire::fields::signed_digits(&text)
                .map(Some)
                .ok_or_else(|| not_an_integer(name, "i64")),
            Scalar::Bool(_) => Err(wrong_type(name, "integer", "boolean")),
        })
    }
}

impl Slot<bool> {
    /// Reads a boolean: JSON `true`/`false`, or that text in any case.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotABoolean`], [`DecodeProblem::WrongType`],
    /// [`DecodeProblem::Duplicate`].
    pub fn boolean<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
    ) -> Result<(), DecodeError> {
        self.take(source, key, name, "boolean", |value| match value {
            Scalar::Null => Ok(None),
            Scalar::Bool(value) => Ok(Some(value)),
            Scalar::Text(text) => match text.trim() {
                t if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
                t if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
                _ => Err(DecodeError::new(name, DecodeProblem::NotABoolean)),
            },
            other => Err(wrong_type(name, "boolean", other.kind())),
        })
    }
}

impl<T> Slot<T> {
    /// Reads a value of a closed enum: `parse` is its `from_wire`; text it does not list is
    /// [`DecodeProblem::NotAllowed`] naming `allowed`.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotAllowed`], [`DecodeProblem::WrongType`],
    /// [`DecodeProblem::Duplicate`].
    pub fn closed<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
        allowed: &'static str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<(), DecodeError> {
        self.take(source, key, name, "text", |value| match value.into_text() {
            None => Ok(None),
            Some(text) => parse(&text)
                .map(Some)
                .ok_or_else(|| DecodeError::new(name, DecodeProblem::NotAllowed { allowed })),
        })
    }

    /// Reads a date laid out by `format`, as a response takes it (the mask's form or the
    /// other seconds form); empty text is absent.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotADate`], [`DecodeProblem::WrongType`],
    /// [`DecodeProblem::Duplicate`].
    pub fn date<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
        format: &'static str,
    ) -> Result<(), DecodeError>
    where
        T: crate::dates::MaskedDate,
    {
        self.take(source, key, name, "text", |value| match value.into_text() {
            Some(text) if !text.is_empty() => crate::dates::parse_lenient(format, &text)
                .map(Some)
                .ok_or_else(|| DecodeError::new(name, DecodeProblem::NotADate { format })),
            _ => Ok(None),
        })
    }

    /// Reads a nested object with `T`'s reader (null: absent; blank XML text: empty).
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`], [`DecodeProblem::Duplicate`], what `T` returns
    /// (located under `name`).
    pub fn object<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
    ) -> Result<(), DecodeError>
    where
        T: ReadFields,
    {
        given(self, key)?;
        let value = source.value(ObjectOf::<T> {
            name,
            read: std::marker::PhantomData,
        })?;
        self.fill(value)
    }

    /// A mandatory object's value: read from no entries when absent, as a response's tree
    /// read does.
    ///
    /// # Errors
    ///
    /// What `T` returns reading no entries (a mandatory number in it is `missing`), located
    /// under `name`.
    pub fn object_or_empty(self, name: &str) -> Result<T, DecodeError>
    where
        T: ReadFields,
    {
        match self.get() {
            Some(value) => Ok(value),
            None => T::read_fields(&mut NoFields).map_err(|err| within(err, name)),
        }
    }
}

impl Slot<crate::Currency> {
    /// Reads an ISO 4217 currency written in `form`; empty text is absent, and text that is
    /// no listed code is refused, never kept as another currency.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotACurrency`], [`DecodeProblem::WrongType`],
    /// [`DecodeProblem::Duplicate`].
    pub fn currency<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
        form: crate::CurrencyForm,
    ) -> Result<(), DecodeError> {
        self.take(source, key, name, "text", |value| match value.into_text() {
            Some(text) if !text.is_empty() => crate::Currency::from_wire(form, &text)
                .map(Some)
                .map_err(|_| {
                    let expected = form.expected();
                    DecodeError::new(name, DecodeProblem::NotACurrency { expected })
                }),
            _ => Ok(None),
        })
    }
}

impl Slot<BTreeMap<String, String>> {
    /// Reads a string map (`type: map`).
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for it or an entry, [`DecodeProblem::Duplicate`].
    pub fn map<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
    ) -> Result<(), DecodeError> {
        given(self, key)?;
        let value = source.value(MapOf { name })?;
        self.fill(value)
    }
}

/// A list field: the items of every occurrence (a JSON array, repeated XML elements), null
/// items left out; `None` when there is no item.
#[derive(Debug)]
pub struct ListSlot<T> {
    items: Vec<T>,
    given: bool,
}

impl<T> Default for ListSlot<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> ListSlot<T> {
    /// No item yet.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            items: Vec::new(),
            given: false,
        }
    }

    fn occurrence<'de, S: FieldSource<'de>>(
        &mut self,
        source: &S,
        key: &str,
    ) -> Result<(), DecodeError> {
        if self.given && source.refuses_repeats() {
            return Err(DecodeError::new(key, DecodeProblem::Duplicate));
        }
        self.given = true;
        Ok(())
    }

    /// Reads one occurrence of the list `name`.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for an item of the wrong kind (at `name.index`),
    /// [`DecodeProblem::Duplicate`] for a name given twice on JSON or a form.
    pub fn items<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
    ) -> Result<(), DecodeError>
    where
        T: Item,
    {
        self.occurrence(source, key)?;
        source.value(ItemsOf {
            name,
            items: &mut self.items,
        })
    }

    /// Reads one occurrence of the wrapped list `name` holding `item` elements (or a bare
    /// JSON list).
    ///
    /// # Errors
    ///
    /// As [`ListSlot::items`], and [`DecodeProblem::WrongType`] when the wrapper holds text.
    pub fn wrapped<'de, S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: &str,
        name: &str,
        item: &str,
    ) -> Result<(), DecodeError>
    where
        T: Item,
    {
        self.occurrence(source, key)?;
        source.value(Wrapped {
            name,
            item,
            items: &mut self.items,
        })
    }

    /// The items; `None` when there is none.
    #[must_use]
    pub fn get(self) -> Option<Vec<T>> {
        (!self.items.is_empty()).then_some(self.items)
    }
}

impl<T> ListSlot<Obj<T>> {
    /// The objects; `None` when there is none.
    #[must_use]
    pub fn objects(self) -> Option<Vec<T>> {
        (!self.items.is_empty()).then(|| self.items.into_iter().map(|Obj(item)| item).collect())
    }
}
