//! One-pass decoding of responses (issue 15): the generated `read_fields` pulls the entries
//! of a received object straight from the wire and matches each name with a `match`, so
//! that no [`WireObject`] tree is built on the typed path and no field is looked up by a
//! search.
//!
//! ```text
//!   form pairs ─┐
//!   JSON (serde MapAccess) ─┤  FieldSource::next_key / value(Visit) ─▶ generated read_fields ─▶ typed response
//!   SOAP (quick-xml events) ─┤
//!   WireObject (from_wire) ─┘
//! ```
//!
//! A source ([`FieldSource`]) hands out one name at a time ([`FieldSource::next_key`], borrowed
//! from the input where the wire allows) and then that name's value to a [`Visit`], which
//! says what it makes of a scalar, an object or a list. The generated code keeps one
//! [`Slot`] per field and, after the last name, turns the slots into the struct with the
//! same rules a response's tree read applies ([`super::ReadMode::Lenient`]): a missing
//! mandatory text is empty, a missing mandatory object reads as empty, a value the type
//! cannot hold (text where an integer belongs, an unknown currency, a date off its mask) is
//! an error naming the field, and unknown enum values and codes are kept.
//!
//! What every source keeps, whatever the wire: a name given twice is refused
//! ([`DecodeProblem::Duplicate`]; a repeated XML element only where the spec has no list,
//! as the tree read does), the limits of [`super::MAX_INPUT`], [`super::MAX_ENTRIES`] and
//! [`super::MAX_DEPTH`] hold, errors carry the dotted path of the field, and the top-level
//! names the spec does not list are kept in the response's `extras`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use super::error::{DecodeError, DecodeProblem};
use super::value::{KeyCase, WireNumber, WireObject, WireValue};
use crate::Extras;

#[cfg(feature = "form")]
pub mod form;
#[cfg(feature = "json")]
pub mod json;
#[cfg(feature = "json")]
mod json_fast;
#[cfg(feature = "soap")]
pub mod soap;
pub mod tree;

/// A scalar value as a source hands it over; objects and lists go to
/// [`Visit::object`] and [`Visit::list`] instead.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'de> {
    /// JSON `null`, an XML element marked `xsi:nil`: the field is absent.
    Null,
    /// A JSON boolean.
    Bool(bool),
    /// A JSON integer that fits `u64`.
    Unsigned(u64),
    /// A negative JSON integer.
    Signed(i64),
    /// Any other number, as its text (a fraction, an exponent, a tree's number).
    Number(Cow<'de, str>),
    /// Text (every form and XML value).
    Text(Cow<'de, str>),
}

impl<'de> Scalar<'de> {
    /// The kind a [`DecodeProblem::WrongType`] names.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "boolean",
            Scalar::Unsigned(_) | Scalar::Signed(_) | Scalar::Number(_) => "number",
            Scalar::Text(_) => "text",
        }
    }

    /// The value as text (a number's digits, `true`/`false`); `None` for null. What a text
    /// field takes, as [`WireValue::scalar_text`] gives it.
    #[must_use]
    #[inline]
    pub fn into_text(self) -> Option<Cow<'de, str>> {
        match self {
            Scalar::Number(text) | Scalar::Text(text) => Some(text),
            other => other.other_text(),
        }
    }

    /// [`Scalar::into_text`] of what is not text (kept out of line: text is the common case).
    #[cold]
    fn other_text(self) -> Option<Cow<'de, str>> {
        match self {
            Scalar::Null => None,
            Scalar::Bool(true) => Some(Cow::Borrowed("true")),
            Scalar::Bool(false) => Some(Cow::Borrowed("false")),
            Scalar::Unsigned(value) => Some(Cow::Owned(value.to_string())),
            Scalar::Signed(value) => Some(Cow::Owned(value.to_string())),
            Scalar::Number(text) | Scalar::Text(text) => Some(text),
        }
    }

    /// Whether this is text holding nothing but white space (an empty XML element, which
    /// reads as an empty object where an object belongs).
    #[must_use]
    #[inline]
    pub fn is_blank_text(&self) -> bool {
        matches!(self, Scalar::Text(text) if text.trim().is_empty())
    }

    /// The value as a wire tree value (what `extras` keep).
    #[must_use]
    pub fn into_wire(self) -> WireValue {
        match self {
            Scalar::Null => WireValue::Null,
            Scalar::Bool(value) => WireValue::Bool(value),
            Scalar::Unsigned(value) => WireValue::from(value),
            Scalar::Signed(value) => WireValue::from(value),
            Scalar::Number(text) => match WireNumber::parse(&text) {
                Some(number) => WireValue::Number(number),
                None => WireValue::Text(text.into_owned()),
            },
            Scalar::Text(text) => WireValue::Text(text.into_owned()),
        }
    }
}

/// What a source does with the value of the current name: it hands it to exactly one of
/// these methods. Sources call `scalar` for text, numbers, booleans and null, `object` for a
/// nested object (with a source over its entries) and `list` for a JSON array.
pub trait Visit<'de>: Sized {
    /// What the visit makes.
    type Value;

    /// A scalar (or null).
    ///
    /// # Errors
    ///
    /// What the visitor refuses (a scalar where an object belongs).
    fn scalar(self, value: Scalar<'de>) -> Result<Self::Value, DecodeError>;

    /// A nested object, its entries read from `object`.
    ///
    /// # Errors
    ///
    /// As [`Visit::scalar`], or what reading the entries returns.
    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<Self::Value, DecodeError>;

    /// A list, its items read from `list`.
    ///
    /// # Errors
    ///
    /// As [`Visit::object`].
    fn list<L: ItemSource<'de>>(self, list: &mut L) -> Result<Self::Value, DecodeError>;
}

/// The entries of one received object, one name at a time (see the module docs).
pub trait FieldSource<'de> {
    /// The next name, or `None` after the last. Each name must be followed by exactly one
    /// call of [`FieldSource::value`].
    ///
    /// # Errors
    ///
    /// What the wire refuses (malformed input, a limit).
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError>;

    /// Hands the current name's value to `visit`.
    ///
    /// # Errors
    ///
    /// What the wire or `visit` refuses.
    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError>;

    /// Whether a name given twice in one object is refused whatever it is (JSON and forms,
    /// whose parsers refuse it); SOAP answers `false`: a repeated element is a list's items,
    /// refused only where the spec has no list.
    fn refuses_repeats(&self) -> bool {
        true
    }
}

/// The items of one received list (a JSON array, a tree's list).
pub trait ItemSource<'de> {
    /// Hands the next item to `visit`; `None` after the last.
    ///
    /// # Errors
    ///
    /// What the wire or `visit` refuses.
    fn next_item<V: Visit<'de>>(&mut self, visit: V) -> Result<Option<V::Value>, DecodeError>;
}

/// A struct the generated code reads in one pass (a response or one of its objects).
pub trait ReadFields: Sized {
    /// Reads the struct from the entries of `source`, leniently (see the module docs).
    ///
    /// # Errors
    ///
    /// A value the type cannot hold, a name given twice, or what the wire refuses; the
    /// path is relative to this object.
    fn read_fields<'de, S: FieldSource<'de>>(source: &mut S) -> Result<Self, DecodeError>;
}

/// An object with no entries: what a missing mandatory object reads from.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFields;

impl<'de> FieldSource<'de> for NoFields {
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        Ok(None)
    }

    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        visit.scalar(Scalar::Null)
    }
}

/// Whether an error concerns the input as a whole (malformed, a limit): such errors keep
/// their empty path while they unwind through nested objects.
fn is_input_level(err: &DecodeError) -> bool {
    err.path().is_empty()
        && matches!(
            err.problem(),
            DecodeProblem::Json { .. }
                | DecodeProblem::Xml { .. }
                | DecodeProblem::TooLarge { .. }
                | DecodeProblem::TooManyEntries { .. }
                | DecodeProblem::NotUtf8 { .. }
                | DecodeProblem::Empty
                | DecodeProblem::SoapFault { .. }
                | DecodeProblem::UnexpectedElement { .. }
                | DecodeProblem::NotAnObject { .. }
        )
}

/// `err`, found inside the field `name`, located there (input-level errors keep no path).
#[must_use]
pub fn within(err: DecodeError, name: &str) -> DecodeError {
    if is_input_level(&err) {
        err
    } else {
        err.within(name)
    }
}

fn wrong_type(name: &str, expected: &'static str, found: &'static str) -> DecodeError {
    DecodeError::new(name, DecodeProblem::WrongType { expected, found })
}

/// Lower-cases `key` into `buf` for a `match` on a spec's names in any ASCII case; a key
/// that is longer than `buf` or not ASCII comes back as `""`, which no spec name is (such a
/// key matches no name, as `eq_ignore_ascii_case` would say).
#[must_use]
#[inline]
pub fn fold_key<'b>(key: &str, buf: &'b mut [u8]) -> &'b str {
    let bytes = key.as_bytes();
    let Some(out) = buf.get_mut(..bytes.len()) else {
        return "";
    };
    if !key.is_ascii() {
        return "";
    }
    for (to, from) in out.iter_mut().zip(bytes) {
        *to = from.to_ascii_lowercase();
    }
    std::str::from_utf8(out).unwrap_or("")
}

// ---------------------------------------------------------------------------------------
// Visitors: what a field of each kind makes of its value
// ---------------------------------------------------------------------------------------

/// A scalar field: objects and lists are [`DecodeProblem::WrongType`] naming `expected`.
struct ScalarOf<'n> {
    name: &'n str,
    expected: &'static str,
}

impl<'de> Visit<'de> for ScalarOf<'_> {
    type Value = Scalar<'de>;

    #[inline]
    fn scalar(self, value: Scalar<'de>) -> Result<Scalar<'de>, DecodeError> {
        Ok(value)
    }

    fn object<S: FieldSource<'de>>(self, _: &mut S) -> Result<Scalar<'de>, DecodeError> {
        Err(wrong_type(self.name, self.expected, "object"))
    }

    fn list<L: ItemSource<'de>>(self, _: &mut L) -> Result<Scalar<'de>, DecodeError> {
        Err(wrong_type(self.name, self.expected, "list"))
    }
}

/// A nested object read by `T` (null: absent; blank text: empty).
struct ObjectOf<'n, T> {
    name: &'n str,
    read: std::marker::PhantomData<T>,
}

impl<'de, T: ReadFields> Visit<'de> for ObjectOf<'_, T> {
    type Value = Option<T>;

    fn scalar(self, value: Scalar<'de>) -> Result<Option<T>, DecodeError> {
        match value {
            Scalar::Null => Ok(None),
            blank if blank.is_blank_text() => T::read_fields(&mut NoFields)
                .map(Some)
                .map_err(|err| within(err, self.name)),
            other => Err(wrong_type(self.name, "object", other.kind())),
        }
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<Option<T>, DecodeError> {
        T::read_fields(object)
            .map(Some)
            .map_err(|err| within(err, self.name))
    }

    fn list<L: ItemSource<'de>>(self, _: &mut L) -> Result<Option<T>, DecodeError> {
        Err(wrong_type(self.name, "object", "list"))
    }
}

/// Where a list item is (`name.index`), spelled out only for an error.
#[derive(Clone, Copy, Debug)]
pub struct ItemPath<'n> {
    name: &'n str,
    index: usize,
}

impl ItemPath<'_> {
    fn text(&self) -> String {
        format!("{}.{}", self.name, self.index)
    }
}

/// What a list item becomes: text or an object of `T`.
pub trait Item: Sized {
    /// Reads one item at `path` (`name.index`); `None` for a null item, which lists skip.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::WrongType`] for an item of the wrong kind; what reading it returns.
    fn read_item<'de, S: FieldSource<'de>>(
        source: &mut S,
        path: ItemPath<'_>,
    ) -> Result<Option<Self>, DecodeError>;

    /// Reads the next item of a list at `path`.
    ///
    /// # Errors
    ///
    /// As [`Item::read_item`].
    fn next_item<'de, L: ItemSource<'de>>(
        list: &mut L,
        path: ItemPath<'_>,
    ) -> Result<Option<Option<Self>>, DecodeError>;
}

/// A text list item.
struct TextItem<'p> {
    path: ItemPath<'p>,
}

impl<'de> Visit<'de> for TextItem<'_> {
    type Value = Option<String>;

    fn scalar(self, value: Scalar<'de>) -> Result<Option<String>, DecodeError> {
        Ok(value.into_text().map(Cow::into_owned))
    }

    fn object<S: FieldSource<'de>>(self, _: &mut S) -> Result<Option<String>, DecodeError> {
        Err(wrong_type(&self.path.text(), "text", "object"))
    }

    fn list<L: ItemSource<'de>>(self, _: &mut L) -> Result<Option<String>, DecodeError> {
        Err(wrong_type(&self.path.text(), "text", "list"))
    }
}

impl Item for String {
    fn read_item<'de, S: FieldSource<'de>>(
        source: &mut S,
        path: ItemPath<'_>,
    ) -> Result<Option<Self>, DecodeError> {
        source.value(TextItem { path })
    }

    fn next_item<'de, L: ItemSource<'de>>(
        list: &mut L,
        path: ItemPath<'_>,
    ) -> Result<Option<Option<Self>>, DecodeError> {
        list.next_item(TextItem { path })
    }
}

/// An object list item read by `T`.
struct ObjectItem<'p, T> {
    path: ItemPath<'p>,
    read: std::marker::PhantomData<T>,
}

impl<'de, T: ReadFields> Visit<'de> for ObjectItem<'_, T> {
    type Value = Option<T>;

    fn scalar(self, value: Scalar<'de>) -> Result<Option<T>, DecodeError> {
        match value {
            Scalar::Null => Ok(None),
            blank if blank.is_blank_text() => T::read_fields(&mut NoFields)
                .map(Some)
                .map_err(|err| within(err, &self.path.text())),
            other => Err(wrong_type(&self.path.text(), "object", other.kind())),
        }
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<Option<T>, DecodeError> {
        T::read_fields(object)
            .map(Some)
            .map_err(|err| within(err, &self.path.text()))
    }

    fn list<L: ItemSource<'de>>(self, _: &mut L) -> Result<Option<T>, DecodeError> {
        Err(wrong_type(&self.path.text(), "object", "list"))
    }
}

/// The object list items of `T` (a newtype so that `Vec<T>` of any generated struct is a
/// list of objects).
#[derive(Debug)]
pub struct Obj<T>(pub T);

impl<T: ReadFields> Item for Obj<T> {
    fn read_item<'de, S: FieldSource<'de>>(
        source: &mut S,
        path: ItemPath<'_>,
    ) -> Result<Option<Self>, DecodeError> {
        source
            .value(ObjectItem::<T> {
                path,
                read: std::marker::PhantomData,
            })
            .map(|item| item.map(Obj))
    }

    fn next_item<'de, L: ItemSource<'de>>(
        list: &mut L,
        path: ItemPath<'_>,
    ) -> Result<Option<Option<Self>>, DecodeError> {
        list.next_item(ObjectItem::<T> {
            path,
            read: std::marker::PhantomData,
        })
        .map(|item| item.map(|item| item.map(Obj)))
    }
}

/// The items of one occurrence of a list field, appended to `items` (null items skipped,
/// item paths counted on from the items already there).
struct ItemsOf<'a, 'n, T> {
    name: &'n str,
    items: &'a mut Vec<T>,
}

impl<T> ItemsOf<'_, '_, T> {
    fn path(&self) -> ItemPath<'_> {
        ItemPath {
            name: self.name,
            index: self.items.len(),
        }
    }
}

impl<'de, T: Item> Visit<'de> for ItemsOf<'_, '_, T> {
    type Value = ();

    fn scalar(self, value: Scalar<'de>) -> Result<(), DecodeError> {
        if value == Scalar::Null {
            return Ok(());
        }
        // One item given bare: read it again through a one-entry source.
        let path = self.path();
        if let Some(item) = T::read_item(&mut OneValue(Some(value)), path)? {
            self.items.push(item);
        }
        Ok(())
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<(), DecodeError> {
        let path = self.path();
        if let Some(item) = T::read_item(&mut AsValue(object), path)? {
            self.items.push(item);
        }
        Ok(())
    }

    fn list<L: ItemSource<'de>>(self, list: &mut L) -> Result<(), DecodeError> {
        loop {
            let path = self.path();
            match T::next_item(list, path)? {
                None => return Ok(()),
                Some(Some(item)) => self.items.push(item),
                Some(None) => {}
            }
        }
    }
}

/// A source whose current value is the scalar it holds (a list item given bare).
struct OneValue<'de>(Option<Scalar<'de>>);

impl<'de> FieldSource<'de> for OneValue<'de> {
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        Ok(None)
    }

    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        visit.scalar(self.0.take().unwrap_or(Scalar::Null))
    }
}

/// A source whose current value is the object `0` reads (a list item given bare).
struct AsValue<'s, S>(&'s mut S);

impl<'de, S: FieldSource<'de>> FieldSource<'de> for AsValue<'_, S> {
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        Ok(None)
    }

    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        visit.object(self.0)
    }
}

/// A wrapped list (`<list><item>..</item><item>..</item></list>`, or a bare JSON list under
/// the wrapper's name): the wrapper's `item` entries appended to `items`.
struct Wrapped<'a, 'n, T> {
    name: &'n str,
    item: &'n str,
    items: &'a mut Vec<T>,
}

impl<'de, T: Item> Visit<'de> for Wrapped<'_, '_, T> {
    type Value = ();

    fn scalar(self, value: Scalar<'de>) -> Result<(), DecodeError> {
        match value {
            Scalar::Null => Ok(()),
            blank if blank.is_blank_text() => Ok(()),
            other => Err(wrong_type(self.name, "object", other.kind())),
        }
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<(), DecodeError> {
        let repeats = object.refuses_repeats();
        let mut seen = false;
        while let Some(key) = object.next_key()? {
            if key == self.item {
                if seen && repeats {
                    return Err(
                        DecodeError::new(self.item, DecodeProblem::Duplicate).within(self.name)
                    );
                }
                seen = true;
                object
                    .value(ItemsOf {
                        name: self.item,
                        items: &mut *self.items,
                    })
                    .map_err(|err| within(err, self.name))?;
            } else {
                object
                    .value(Capture::default())
                    .map_err(|err| within(within(err, &key), self.name))?;
            }
        }
        Ok(())
    }

    fn list<L: ItemSource<'de>>(self, list: &mut L) -> Result<(), DecodeError> {
        ItemsOf {
            name: self.name,
            items: self.items,
        }
        .list(list)
    }
}

/// A string map: every entry as text (null entries skipped, a name given twice refused).
struct MapOf<'n> {
    name: &'n str,
}

impl<'de> Visit<'de> for MapOf<'_> {
    type Value = Option<BTreeMap<String, String>>;

    fn scalar(self, value: Scalar<'de>) -> Result<Self::Value, DecodeError> {
        match value {
            Scalar::Null => Ok(None),
            blank if blank.is_blank_text() => Ok(Some(BTreeMap::new())),
            other => Err(wrong_type(self.name, "object", other.kind())),
        }
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<Self::Value, DecodeError> {
        let mut map = BTreeMap::new();
        let mut names = HashSet::new();
        while let Some(key) = object.next_key()? {
            // A `BTreeMap` would keep the last of two equal names without a word, and a
            // null entry is skipped but still counts as given.
            if !names.insert(key.clone().into_owned()) {
                return Err(DecodeError::new(&*key, DecodeProblem::Duplicate).within(self.name));
            }
            let value = object
                .value(ScalarOf {
                    name: &key,
                    expected: "text",
                })
                .map_err(|err| within(err, self.name))?;
            if let Some(text) = value.into_text() {
                map.insert(key.into_owned(), text.into_owned());
            }
        }
        Ok(Some(map))
    }

    fn list<L: ItemSource<'de>>(self, _: &mut L) -> Result<Self::Value, DecodeError> {
        Err(wrong_type(self.name, "object", "list"))
    }
}

/// Any value as a wire tree (what `extras` keep, and what an ignored value is read into so
/// that its names given twice are still refused), within [`super::MAX_DEPTH`].
#[derive(Default)]
pub struct Capture {
    depth: usize,
}

impl<'de> Visit<'de> for Capture {
    type Value = WireValue;

    fn scalar(self, value: Scalar<'de>) -> Result<WireValue, DecodeError> {
        Ok(value.into_wire())
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<WireValue, DecodeError> {
        if self.depth >= super::MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: super::MAX_DEPTH,
            }));
        }
        let mut tree = WireObject::new();
        while let Some(key) = object.next_key()? {
            let value = object
                .value(Capture {
                    depth: self.depth + 1,
                })
                .map_err(|err| within(err, &key))?;
            tree.push(key.into_owned(), value);
        }
        Ok(WireValue::Object(tree))
    }

    fn list<L: ItemSource<'de>>(self, list: &mut L) -> Result<WireValue, DecodeError> {
        if self.depth >= super::MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: super::MAX_DEPTH,
            }));
        }
        let mut items = Vec::new();
        while let Some(item) = list.next_item(Capture {
            depth: self.depth + 1,
        })? {
            items.push(item);
        }
        Ok(WireValue::List(items))
    }
}

// ---------------------------------------------------------------------------------------
// Slots: one per field of the generated reader
// ---------------------------------------------------------------------------------------

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
        given(self, key)?;
        let value = source.value(ScalarOf {
            name,
            expected: "text",
        })?;
        self.fill(value.into_text())
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

/// Reads a scalar for `name`, refusing objects and lists as `expected`.
fn scalar_for<'de, S: FieldSource<'de>>(
    source: &mut S,
    name: &str,
    expected: &'static str,
) -> Result<Scalar<'de>, DecodeError> {
    source.value(ScalarOf { name, expected })
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
        given(self, key)?;
        let value = match scalar_for(source, name, "integer")? {
            Scalar::Null => None,
            Scalar::Unsigned(value) => Some(value),
            Scalar::Signed(_) => return Err(not_an_integer(name, "u64")),
            Scalar::Number(text) | Scalar::Text(text) => {
                Some(unsigned_text(&text).ok_or_else(|| not_an_integer(name, "u64"))?)
            }
            Scalar::Bool(_) => return Err(wrong_type(name, "integer", "boolean")),
        };
        self.fill(value)
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
        given(self, key)?;
        let value = match scalar_for(source, name, "integer")? {
            Scalar::Null => None,
            Scalar::Unsigned(value) => {
                Some(i64::try_from(value).map_err(|_| not_an_integer(name, "i64"))?)
            }
            Scalar::Signed(value) => Some(value),
            Scalar::Number(text) | Scalar::Text(text) => {
                Some(signed_text(&text).ok_or_else(|| not_an_integer(name, "i64"))?)
            }
            Scalar::Bool(_) => return Err(wrong_type(name, "integer", "boolean")),
        };
        self.fill(value)
    }
}

/// Digits only (`u64::from_str` would take a leading `+`, which the wire never has).
fn unsigned_text(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn signed_text(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
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
        given(self, key)?;
        let value = match scalar_for(source, name, "boolean")? {
            Scalar::Null => None,
            Scalar::Bool(value) => Some(value),
            Scalar::Text(text) => match text.trim() {
                t if t.eq_ignore_ascii_case("true") => Some(true),
                t if t.eq_ignore_ascii_case("false") => Some(false),
                _ => return Err(DecodeError::new(name, DecodeProblem::NotABoolean)),
            },
            other => return Err(wrong_type(name, "boolean", other.kind())),
        };
        self.fill(value)
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
        given(self, key)?;
        let value = match scalar_for(source, name, "text")?.into_text() {
            None => None,
            Some(text) => Some(
                parse(&text)
                    .ok_or_else(|| DecodeError::new(name, DecodeProblem::NotAllowed { allowed }))?,
            ),
        };
        self.fill(value)
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
        given(self, key)?;
        let value = match scalar_for(source, name, "text")?.into_text() {
            Some(text) if !text.is_empty() => Some(
                crate::dates::parse_lenient(format, &text)
                    .ok_or_else(|| DecodeError::new(name, DecodeProblem::NotADate { format }))?,
            ),
            _ => None,
        };
        self.fill(value)
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
        given(self, key)?;
        let value = match scalar_for(source, name, "text")?.into_text() {
            Some(text) if !text.is_empty() => {
                Some(crate::Currency::from_wire(form, &text).map_err(|_| {
                    DecodeError::new(
                        name,
                        DecodeProblem::NotACurrency {
                            expected: form.expected(),
                        },
                    )
                })?)
            }
            _ => None,
        };
        self.fill(value)
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

// ---------------------------------------------------------------------------------------
// Names the spec does not list
// ---------------------------------------------------------------------------------------

/// The names of one object that no field took: kept (a response's top level: its
/// `extras`) or read and dropped (deeper). A name given twice among them is refused where the
/// source refuses repeats, under the transport's key matching; the check is linear
/// (a set once there are more than a few), and borrows the names it can.
#[derive(Debug)]
pub struct Unlisted<'de> {
    case: KeyCase,
    keep: bool,
    extras: Vec<(String, WireValue)>,
    names: Names<'de>,
}

impl<'de> Unlisted<'de> {
    /// Names kept as extras (a response's top level), matched under `case`.
    #[must_use]
    pub fn kept(case: KeyCase) -> Self {
        Self {
            case,
            keep: true,
            extras: Vec::new(),
            names: Names::default(),
        }
    }

    /// Names read and dropped (a nested object), matched under `case`.
    #[must_use]
    pub fn dropped(case: KeyCase) -> Self {
        Self {
            keep: false,
            ..Self::kept(case)
        }
    }

    /// Reads the value of the unlisted name `key`.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::Duplicate`] for a name given twice (JSON, forms), what the wire
    /// refuses inside the value.
    pub fn take<S: FieldSource<'de>>(
        &mut self,
        source: &mut S,
        key: Cow<'de, str>,
    ) -> Result<(), DecodeError> {
        let repeats = source.refuses_repeats();
        if repeats && !self.names.first_time(&key, self.case) {
            return Err(DecodeError::new(&*key, DecodeProblem::Duplicate));
        }
        if !self.keep {
            return source
                .value(Skip { depth: 0, repeats })
                .map_err(|err| within(err, &key));
        }
        let value = source
            .value(Capture::default())
            .map_err(|err| within(err, &key))?;
        if repeats {
            // Names given twice inside the value are refused too, as the tree's check does.
            value
                .check_unique(KeyCase::Exact)
                .map_err(|err| within(err, &key))?;
        }
        self.extras.push((key.into_owned(), value));
        Ok(())
    }

    /// The kept names and values, in the order received.
    #[must_use]
    pub fn into_extras(self) -> Extras {
        Extras::received(self.extras)
    }
}

/// The names seen in one object, to find one given twice in linear time.
#[derive(Debug, Default)]
struct Names<'de> {
    scanned: Vec<Cow<'de, str>>,
    set: Option<HashSet<Cow<'de, str>>>,
}

/// Past this many names, repeats are found with a set instead of a scan.
const SCAN_LIMIT: usize = 16;

impl<'de> Names<'de> {
    fn first_time(&mut self, key: &Cow<'de, str>, case: KeyCase) -> bool {
        super::work::tally();
        let normal = match case {
            KeyCase::Insensitive if key.bytes().any(|b| b.is_ascii_uppercase()) => {
                Cow::Owned(key.to_ascii_lowercase())
            }
            _ => key.clone(),
        };
        if let Some(set) = &mut self.set {
            return set.insert(normal);
        }
        if self.scanned.contains(&normal) {
            return false;
        }
        self.scanned.push(normal);
        if self.scanned.len() > SCAN_LIMIT {
            self.set = Some(self.scanned.drain(..).collect());
        }
        true
    }
}

/// Reads a value no field takes and drops it, allocating nothing for scalars; names given
/// twice inside it are still refused where the source refuses repeats, and nesting stays
/// within [`super::MAX_DEPTH`].
struct Skip {
    depth: usize,
    repeats: bool,
}

impl Skip {
    fn deeper(&self) -> Result<Skip, DecodeError> {
        if self.depth >= super::MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: super::MAX_DEPTH,
            }));
        }
        Ok(Skip {
            depth: self.depth + 1,
            repeats: self.repeats,
        })
    }
}

impl<'de> Visit<'de> for Skip {
    type Value = ();

    fn scalar(self, _: Scalar<'de>) -> Result<(), DecodeError> {
        Ok(())
    }

    fn object<S: FieldSource<'de>>(self, object: &mut S) -> Result<(), DecodeError> {
        let mut names = Names::default();
        while let Some(key) = object.next_key()? {
            if self.repeats && !names.first_time(&key, KeyCase::Exact) {
                return Err(DecodeError::new(&*key, DecodeProblem::Duplicate));
            }
            object
                .value(self.deeper()?)
                .map_err(|err| within(err, &key))?;
        }
        Ok(())
    }

    fn list<L: ItemSource<'de>>(self, list: &mut L) -> Result<(), DecodeError> {
        let mut index = 0_usize;
        while list
            .next_item(self.deeper()?)
            .map_err(|err| within(err, &index.to_string()))?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }
}

/// Reads a `T` from a wire tree with its one-pass reader (which matches names as its spec
/// says): what a response's `from_wire` does.
///
/// # Errors
///
/// As [`ReadFields::read_fields`].
pub fn from_tree<T: ReadFields>(wire: &WireObject) -> Result<T, DecodeError> {
    T::read_fields(&mut tree::TreeFields::new(wire))
}
