//! The names of an object that no field takes: kept (a response's `extras`) or read and
//! dropped, a name given twice among them refused in linear time.

use std::borrow::Cow;
use std::collections::HashSet;

use super::visit::Capture;
use super::{FieldSource, ItemSource, Scalar, Visit, within};
use crate::Extras;
use crate::wire::error::{DecodeError, DecodeProblem};
use crate::wire::value::{KeyCase, WireValue};

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

/// The names seen in one object, to find one given twice in linear time: the first is held
/// inline (an answer seldom carries more than one name its spec does not list at a level),
/// the next few in a list, and past [`SCAN_LIMIT`] a set.
#[derive(Debug, Default)]
pub(super) struct Names<'de> {
    first: Option<Cow<'de, str>>,
    scanned: Vec<Cow<'de, str>>,
    set: Option<HashSet<Cow<'de, str>>>,
}

/// Past this many names, repeats are found with a set instead of a scan.
const SCAN_LIMIT: usize = 16;

impl<'de> Names<'de> {
    // A `Cow` and not a `&str`: a borrowed name is kept as borrowed, without a copy.
    #[allow(clippy::ptr_arg)]
    pub(super) fn first_time(&mut self, key: &Cow<'de, str>, case: KeyCase) -> bool {
        crate::wire::work::tally();
        let Some(first) = &self.first else {
            self.first = Some(key.clone());
            return true;
        };
        if case.matches(first, key) {
            return false;
        }
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
/// within [`crate::wire::MAX_DEPTH`].
struct Skip {
    depth: usize,
    repeats: bool,
}

impl Skip {
    fn deeper(&self) -> Result<Skip, DecodeError> {
        if self.depth >= crate::wire::MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: crate::wire::MAX_DEPTH,
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
