//! The visitors: what a field of each kind makes of the value a source hands over (a scalar,
//! an object, a list, a string map, a wrapped list), and [`Capture`], which keeps any value
//! as a tree.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use super::{FieldSource, ItemSource, NoFields, ReadFields, Scalar, Visit, within, wrong_type};
use crate::wire::error::{DecodeError, DecodeProblem};
use crate::wire::value::{WireObject, WireValue};

/// A scalar field: objects and lists are [`DecodeProblem::WrongType`] naming `expected`.
pub(super) struct ScalarOf<'n> {
    pub(super) name: &'n str,
    pub(super) expected: &'static str,
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
pub(super) struct ObjectOf<'n, T> {
    pub(super) name: &'n str,
    pub(super) read: std::marker::PhantomData<T>,
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
pub(super) struct ItemsOf<'a, 'n, T> {
    pub(super) name: &'n str,
    pub(super) items: &'a mut Vec<T>,
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
pub(super) struct Wrapped<'a, 'n, T> {
    pub(super) name: &'n str,
    pub(super) item: &'n str,
    pub(super) items: &'a mut Vec<T>,
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
pub(super) struct MapOf<'n> {
    pub(super) name: &'n str,
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
/// that its names given twice are still refused), within [`crate::wire::MAX_DEPTH`].
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
        if self.depth >= crate::wire::MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: crate::wire::MAX_DEPTH,
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
        if self.depth >= crate::wire::MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: crate::wire::MAX_DEPTH,
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
