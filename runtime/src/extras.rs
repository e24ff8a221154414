//! [`Extras`]: fields a spec does not cover yet, sent beside the spec's own.
//!
//! A provider's API grows faster than its spec (Adyen's `/payments` takes `shopperReference`,
//! `metadata` and many more fields than the Mini Program page lists). Rather than a fork of
//! the generated code, every request carries an ordered list of extra fields, each a name and
//! a [`WireValue`] (text, number, boolean, object or list), written after the spec's fields
//! on every wire:
//!
//! - JSON: as members of the request's object, any shape;
//! - SOAP: as child elements of the request element (objects nest, lists repeat the
//!   element), in the objects' namespace like every nested element;
//! - forms (Computop): as `key=value` pairs; inside the encrypted `Data` for a sealed
//!   request, and never in the `MAC` input, whose fields the spec lists.
//!
//! A response keeps, the same way, the top-level fields it carried that its spec does not
//! list (in its `extras`, as received, not validated), so that an app can read a field the
//! provider added before the spec has it.
//!
//! Nothing is silently dropped: [`Extras::check`] (called by every request's `validate()`)
//! reports, as `extra_field` violations, an extra whose name is a spec field's (under the
//! wire's key matching: a form's names match in any ASCII case, so `amount` collides with
//! `Amount`) and an extra whose shape the wire cannot carry (an object, a list or `null` on a
//! flat form; `null` or a list of lists in SOAP). The encoders refuse the same shapes with an
//! error naming the extra, so an unvalidated request cannot lose one either.

use std::fmt;

use crate::wire::{KeyCase, WireValue};
use crate::{RuleKind, Violations};

/// Extra fields of a request, in the order given (see the module docs).
///
/// `Debug` shows the names only: an extra may hold personal data (a shopper's e-mail), and the
/// spec cannot say which.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extras(Vec<(String, WireValue)>);

/// Which wire a request's extras go on, for [`Extras::check`].
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtrasWire {
    /// A flat `key=value` form: text, numbers and booleans only.
    Flat,
    /// SOAP/XML: no `null` (an element cannot say it), no list of lists.
    Xml,
    /// JSON: any shape.
    Json,
}

impl Extras {
    /// No extra fields.
    #[must_use]
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Sets `name` to `value`: a name given again replaces its earlier value in place (the
    /// wire would otherwise carry the name twice, which the providers' readers refuse).
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<WireValue>) {
        let (name, value) = (name.into(), value.into());
        match self.0.iter_mut().find(|(given, _)| *given == name) {
            Some(entry) => entry.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The value given for `name` (exact spelling).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&WireValue> {
        self.0
            .iter()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value)
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<WireValue> {
        let index = self.0.iter().position(|(given, _)| given == name)?;
        Some(self.0.remove(index).1)
    }

    /// The extras in the order given.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &WireValue)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }

    /// How many extras there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The unlisted fields a response was received with, in order (what the one-pass
    /// readers keep; names given twice were refused or, on SOAP, kept as received).
    #[doc(hidden)]
    #[must_use]
    pub fn received(entries: Vec<(String, WireValue)>) -> Self {
        Self(entries)
    }

    /// Reports every extra the message cannot carry, into `found`: a name matching one of
    /// `fields` (the spec's top-level wire names) under `case`, reported on that spec field;
    /// a shape `wire` cannot carry, reported on `extras`. The value is never reported.
    #[doc(hidden)]
    pub fn check(
        &self,
        found: &mut Violations,
        fields: &[&'static str],
        case: KeyCase,
        wire: ExtrasWire,
    ) {
        for (name, value) in &self.0 {
            if let Some(field) = fields.iter().find(|field| case.matches(name, field)) {
                found.report(
                    field,
                    RuleKind::ExtraField,
                    "an extra field named like a spec field (set the field instead)",
                );
            }
            let fits = match (wire, value) {
                (ExtrasWire::Json, _) => true,
                (_, WireValue::Null) => false,
                (ExtrasWire::Flat, WireValue::Object(_) | WireValue::List(_)) => false,
                (ExtrasWire::Xml, WireValue::List(items)) => {
                    !items.iter().any(|item| matches!(item, WireValue::List(_)))
                }
                _ => true,
            };
            if !fits {
                found.report(
                    "extras",
                    RuleKind::ExtraField,
                    match wire {
                        ExtrasWire::Flat => "a flat form carries text, numbers and booleans only",
                        _ => "an XML element carries no null and no list of lists",
                    },
                );
            }
        }
    }
}

impl fmt::Debug for Extras {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.0
                    .iter()
                    .map(|(name, value)| (name, crate::redact::redacted(value))),
            )
            .finish()
    }
}
