//! A [`WireObject`] as a [`FieldSource`]: what a response's `from_wire` reads, so that a
//! tree (the `pspec` command's, an app's) and the raw wire go through the same generated
//! reader.

use std::borrow::Cow;

use super::{FieldSource, ItemSource, Scalar, Visit};
use crate::wire::error::DecodeError;
use crate::wire::value::{WireObject, WireValue};

/// The entries of a [`WireObject`], in order.
#[derive(Debug)]
pub struct TreeFields<'t> {
    object: &'t WireObject,
    next: usize,
    current: Option<&'t WireValue>,
}

impl<'t> TreeFields<'t> {
    /// A source over `object`'s entries.
    #[must_use]
    pub fn new(object: &'t WireObject) -> Self {
        Self {
            object,
            next: 0,
            current: None,
        }
    }
}

fn visit_value<'t, V: Visit<'t>>(value: &'t WireValue, visit: V) -> Result<V::Value, DecodeError> {
    match value {
        WireValue::Null => visit.scalar(Scalar::Null),
        WireValue::Bool(value) => visit.scalar(Scalar::Bool(*value)),
        WireValue::Number(number) => visit.scalar(Scalar::Number(Cow::Borrowed(number.as_str()))),
        WireValue::Text(text) => visit.scalar(Scalar::Text(Cow::Borrowed(text))),
        WireValue::Object(object) => visit.object(&mut TreeFields::new(object)),
        WireValue::List(items) => visit.list(&mut TreeItems(items.iter())),
    }
}

impl<'t> FieldSource<'t> for TreeFields<'t> {
    fn next_key(&mut self) -> Result<Option<Cow<'t, str>>, DecodeError> {
        let entry = self.object.entry(self.next);
        self.next += 1;
        Ok(entry.map(|(name, value)| {
            self.current = Some(value);
            Cow::Borrowed(name)
        }))
    }

    fn value<V: Visit<'t>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        match self.current.take() {
            Some(value) => visit_value(value, visit),
            None => visit.scalar(Scalar::Null),
        }
    }

    /// A tree may hold a name twice (a repeated SOAP element, an app's tree): as the tree
    /// read, only a field without a list refuses it.
    fn refuses_repeats(&self) -> bool {
        false
    }
}

/// The items of a tree's list.
struct TreeItems<'t>(std::slice::Iter<'t, WireValue>);

impl<'t> ItemSource<'t> for TreeItems<'t> {
    fn next_item<V: Visit<'t>>(&mut self, visit: V) -> Result<Option<V::Value>, DecodeError> {
        match self.0.next() {
            Some(value) => visit_value(value, visit).map(Some),
            None => Ok(None),
        }
    }
}
