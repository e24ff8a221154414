//! A JSON body as a [`FieldSource`]: serde_json's parser drives our visitors through its
//! `MapAccess`/`SeqAccess`, so names and text are borrowed from the body where they hold no
//! escape, and no tree is built.
//!
//! Errors cross serde's boundary in both directions: a serde error (malformed JSON) is kept
//! as it is so that the top level reports its line and column, and our own
//! [`DecodeError`] (a field's problem, already located) is parked in the parse's shared state while serde
//! unwinds and picked up again on the other side.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess};

use super::{FieldSource, ItemSource, ReadFields, Scalar, Visit};
use crate::wire::MAX_ENTRIES;
use crate::wire::error::{DecodeError, DecodeProblem};
use crate::wire::value::WireNumber;

/// What every level of one parse shares: the entries counted against [`MAX_ENTRIES`] and
/// our error while serde unwinds.
#[derive(Default)]
struct Shared {
    entries: Cell<usize>,
    /// Objects and lists open below the top-level object.
    depth: Cell<usize>,
    error: RefCell<Option<DecodeError>>,
}

impl Shared {
    /// Counts one name or list item.
    #[inline]
    fn entry(&self) -> Result<(), DecodeError> {
        let entries = self.entries.get() + 1;
        self.entries.set(entries);
        if entries > MAX_ENTRIES {
            return Err(DecodeError::input(DecodeProblem::TooManyEntries {
                limit: MAX_ENTRIES,
            }));
        }
        Ok(())
    }

    /// Opens one more level: past [`crate::wire::MAX_DEPTH`] below the top level the body is
    /// refused, as the tree's check refuses it.
    fn deeper(&self) -> Result<(), DecodeError> {
        let depth = self.depth.get() + 1;
        self.depth.set(depth);
        if depth > crate::wire::MAX_DEPTH {
            return Err(DecodeError::input(DecodeProblem::TooDeep {
                limit: crate::wire::MAX_DEPTH,
            }));
        }
        Ok(())
    }

    /// Parks `err` and gives serde an error to unwind with.
    fn park<E: de::Error>(&self, err: DecodeError) -> E {
        *self.error.borrow_mut() = Some(err);
        E::custom("pspec decode error")
    }

    /// Our error parked below a serde call that failed, if that is why it failed.
    fn unpark(&self) -> Option<DecodeError> {
        self.error.borrow_mut().take()
    }
}

/// What a failed serde call inside a source becomes: our parked error, or a stand-in while
/// the serde error itself is kept in `slot` for the level above to hand back to serde.
fn from_serde<E>(shared: &Shared, err: E, slot: &mut Option<E>) -> DecodeError {
    match shared.unpark() {
        Some(ours) => ours,
        None => {
            *slot = Some(err);
            // Never seen: the serde error replaces it on the way out.
            DecodeError::input(DecodeProblem::Empty)
        }
    }
}

/// Reads a `T` from a JSON body in one pass (see the module docs).
///
/// # Errors
///
/// [`DecodeProblem::Empty`], [`DecodeProblem::NotUtf8`], [`DecodeProblem::TooLarge`],
/// [`DecodeProblem::Json`] (line, column), [`DecodeProblem::TooManyEntries`],
/// [`DecodeProblem::NotAnObject`], or a field's problem at its dotted path; the raw body
/// attached.
#[inline]
pub fn read_json<T: ReadFields>(raw: &[u8]) -> Result<T, DecodeError> {
    let text = crate::wire::utf8(raw)?;
    if text.trim().is_empty() {
        return Err(DecodeError::input(DecodeProblem::Empty).with_raw(raw));
    }
    // The fast path reads what provider answers hold; at anything else it steps aside and
    // serde_json reads the body (and words any error).
    match super::json_fast::read::<T>(text) {
        Ok(Some(value)) => return Ok(value),
        Ok(None) => {}
        Err(err) => return Err(err.with_raw(raw)),
    }
    let shared = Shared::default();
    let mut parser = serde_json::Deserializer::from_str(text);
    let read = Top::<T> {
        shared: &shared,
        read: PhantomData,
    };
    parser
        .deserialize_any(read)
        .and_then(|value| parser.end().map(|()| value))
        .map_err(|err| {
            shared
                .unpark()
                .unwrap_or_else(|| DecodeError::input(json_problem(&err)))
                .with_raw(raw)
        })
}

fn json_problem(err: &serde_json::Error) -> DecodeProblem {
    let message = err.to_string();
    // The position is kept in its own fields.
    let message = match message.rfind(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or(&message).to_owned(),
        None => message,
    };
    DecodeProblem::Json {
        line: err.line(),
        column: err.column(),
        message,
    }
}

/// The top level: an object read by `T`, anything else [`DecodeProblem::NotAnObject`].
struct Top<'s, T> {
    shared: &'s Shared,
    read: PhantomData<T>,
}

impl<'s, T> Top<'s, T> {
    fn not_an_object<E: de::Error>(&self, found: &'static str) -> E {
        self.shared
            .park(DecodeError::input(DecodeProblem::NotAnObject { found }))
    }
}

impl<'de, T: ReadFields> de::Visitor<'de> for Top<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Err(self.not_an_object("null"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<T, E> {
        Err(self.not_an_object("boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<T, E> {
        Err(self.not_an_object("number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<T, E> {
        Err(self.not_an_object("number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<T, E> {
        Err(self.not_an_object("number"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<T, E> {
        Err(self.not_an_object("text"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(self.not_an_object("list"))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut fields = MapFields::new(map, self.shared);
        let read = T::read_fields(&mut fields);
        finish(&mut fields, read)
    }
}

/// The entries of a JSON object.
struct MapFields<'s, 'de, A: MapAccess<'de>> {
    map: A,
    shared: &'s Shared,
    /// The serde error that stopped the parse, handed back to serde by the level above.
    serde: Option<A::Error>,
    input: PhantomData<&'de str>,
}

impl<'s, 'de, A: MapAccess<'de>> MapFields<'s, 'de, A> {
    fn new(map: A, shared: &'s Shared) -> Self {
        Self {
            map,
            shared,
            serde: None,
            input: PhantomData,
        }
    }
}

/// Reads `read` over `fields`, handing serde back its own error or parking ours.
fn finish<'de, A: MapAccess<'de>, T>(
    fields: &mut MapFields<'_, 'de, A>,
    read: Result<T, DecodeError>,
) -> Result<T, A::Error> {
    read.map_err(|err| match fields.serde.take() {
        Some(serde) => serde,
        None => fields.shared.park(err),
    })
}

impl<'de, A: MapAccess<'de>> FieldSource<'de> for MapFields<'_, 'de, A> {
    #[inline]
    fn next_key(&mut self) -> Result<Option<Cow<'de, str>>, DecodeError> {
        match self.map.next_key_seed(KeySeed) {
            Ok(Some(key)) => {
                self.shared.entry()?;
                Ok(Some(key))
            }
            Ok(None) => Ok(None),
            Err(err) => Err(from_serde(self.shared, err, &mut self.serde)),
        }
    }

    #[inline]
    fn value<V: Visit<'de>>(&mut self, visit: V) -> Result<V::Value, DecodeError> {
        let seed = Bridge {
            visit,
            shared: self.shared,
        };
        self.map
            .next_value_seed(seed)
            .map_err(|err| from_serde(self.shared, err, &mut self.serde))
    }
}

/// The items of a JSON array.
struct SeqItems<'s, 'de, A: SeqAccess<'de>> {
    seq: A,
    shared: &'s Shared,
    serde: Option<A::Error>,
    input: PhantomData<&'de str>,
}

impl<'de, A: SeqAccess<'de>> ItemSource<'de> for SeqItems<'_, 'de, A> {
    fn next_item<V: Visit<'de>>(&mut self, visit: V) -> Result<Option<V::Value>, DecodeError> {
        let seed = Bridge {
            visit,
            shared: self.shared,
        };
        match self.seq.next_element_seed(seed) {
            Ok(Some(value)) => {
                self.shared.entry()?;
                Ok(Some(value))
            }
            Ok(None) => Ok(None),
            Err(err) => Err(from_serde(self.shared, err, &mut self.serde)),
        }
    }
}

/// A name, borrowed from the body when it holds no escape.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(KeySeed)
    }
}

impl<'de> de::Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a name")
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(value))
    }
}

/// One value handed from serde to one of our visitors.
struct Bridge<'s, V> {
    visit: V,
    shared: &'s Shared,
}

impl<'de, V: Visit<'de>> DeserializeSeed<'de> for Bridge<'_, V> {
    type Value = V::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, V: Visit<'de>> Bridge<'_, V> {
    #[inline]
    fn scalar<E: de::Error>(self, value: Scalar<'de>) -> Result<V::Value, E> {
        let shared = self.shared;
        self.visit.scalar(value).map_err(|err| shared.park(err))
    }
}

impl<'de, V: Visit<'de>> de::Visitor<'de> for Bridge<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.scalar(Scalar::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.scalar(Scalar::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        self.scalar(Scalar::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        match u64::try_from(value) {
            Ok(value) => self.scalar(Scalar::Unsigned(value)),
            Err(_) => self.scalar(Scalar::Signed(value)),
        }
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.scalar(Scalar::Unsigned(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        match WireNumber::from_f64(value) {
            Some(number) => self.scalar(Scalar::Number(Cow::Owned(number.as_str().to_owned()))),
            None => Err(E::custom("number out of range")),
        }
    }

    #[inline]
    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.scalar(Scalar::Text(Cow::Borrowed(value)))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.scalar(Scalar::Text(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.scalar(Scalar::Text(Cow::Owned(value)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.shared.deeper().map_err(|err| self.shared.park(err))?;
        let mut fields = MapFields::new(map, self.shared);
        let read = self.visit.object(&mut fields);
        let read = finish(&mut fields, read);
        self.shared
            .depth
            .set(self.shared.depth.get().saturating_sub(1));
        read
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.shared.deeper().map_err(|err| self.shared.park(err))?;
        let mut items = SeqItems {
            seq,
            shared: self.shared,
            serde: None,
            input: PhantomData,
        };
        let read = self.visit.list(&mut items);
        let read = read.map_err(|err| match items.serde.take() {
            Some(serde) => serde,
            None => items.shared.park(err),
        });
        self.shared
            .depth
            .set(self.shared.depth.get().saturating_sub(1));
        read
    }
}
