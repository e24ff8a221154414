//! The transport-neutral message tree: [`WireObject`] (named values in wire order) and
//! [`WireValue`].
//!
//! Every codec converts between its wire format and this tree, and the generated
//! `to_wire`/`from_wire` convert between the tree and the typed structs. Keeping one tree
//! in the middle is what lets a form body, a JSON body and a SOAP body share the typed
//! code, and lets the `pspec` command read any request as JSON.

use std::borrow::Cow;

/// How a name is matched against the names of a [`WireObject`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCase {
    /// Byte for byte (JSON, SOAP).
    Exact,
    /// ASCII letters in either case (Computop: keys come back in upper, lower or mixed
    /// case).
    Insensitive,
}

impl KeyCase {
    /// Whether `given` matches `wanted` under this rule.
    #[must_use]
    pub fn matches(self, given: &str, wanted: &str) -> bool {
        super::work::tally();
        match self {
            KeyCase::Exact => given == wanted,
            KeyCase::Insensitive => given.eq_ignore_ascii_case(wanted),
        }
    }
}

/// A message or nested object as it travels: `(wire name, value)` entries in wire order.
///
/// Order is kept and duplicate names are kept (a repeated XML element arrives as several
/// entries of the same name; [`get_all`](WireObject::get_all) yields them in order).
/// Lookups return the first entry of a name.
///
/// `Debug` prints every value: a `WireObject` is raw wire data and may hold secrets or
/// personal data, so do not log it; log the typed structs, which redact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WireObject {
    entries: Vec<(String, WireValue)>,
}

impl WireObject {
    /// An empty object.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// An empty object with room for `capacity` entries.
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Number of entries (a repeated name counts once per entry).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Appends an entry, even if the name is already there.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<WireValue>) {
        self.entries.push((name.into(), value.into()));
    }

    /// Appends an entry when `value` is `Some`; does nothing otherwise. Handy for optional
    /// fields.
    pub fn push_some<V: Into<WireValue>>(&mut self, name: impl Into<String>, value: Option<V>) {
        if let Some(value) = value {
            self.push(name, value);
        }
    }

    /// Replaces the value of the first entry named `name` (exactly), or appends one;
    /// returns the value replaced.
    pub fn set(&mut self, name: &str, value: impl Into<WireValue>) -> Option<WireValue> {
        self.set_with(name, value, KeyCase::Exact)
    }

    /// Like [`set`](WireObject::set), matching the name under `case`. A replaced entry
    /// keeps its position and its received spelling.
    pub fn set_with(
        &mut self,
        name: &str,
        value: impl Into<WireValue>,
        case: KeyCase,
    ) -> Option<WireValue> {
        let value = value.into();
        match self
            .entries
            .iter_mut()
            .find(|(key, _)| case.matches(key, name))
        {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                self.entries.push((name.to_owned(), value));
                None
            }
        }
    }

    /// The value of the first entry named exactly `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&WireValue> {
        self.get_with(name, KeyCase::Exact)
    }

    /// The value of the first entry whose name matches `name` in any ASCII case.
    #[must_use]
    pub fn get_ignore_case(&self, name: &str) -> Option<&WireValue> {
        self.get_with(name, KeyCase::Insensitive)
    }

    /// The value of the first entry whose name matches `name` under `case`.
    #[must_use]
    pub fn get_with(&self, name: &str, case: KeyCase) -> Option<&WireValue> {
        self.entries
            .iter()
            .find(|(key, _)| case.matches(key, name))
            .map(|(_, value)| value)
    }

    /// Every value named `name` under `case`, in order (a repeated XML element).
    pub fn get_all<'a>(
        &'a self,
        name: &'a str,
        case: KeyCase,
    ) -> impl Iterator<Item = &'a WireValue> + 'a {
        self.entries
            .iter()
            .filter(move |(key, _)| case.matches(key, name))
            .map(|(_, value)| value)
    }

    /// The scalar text of the first entry named `name` under `case` (see
    /// [`WireValue::as_str`]).
    #[must_use]
    pub fn text(&self, name: &str, case: KeyCase) -> Option<&str> {
        self.get_with(name, case).and_then(WireValue::as_str)
    }

    /// Whether an entry named `name` matches under `case`.
    #[must_use]
    pub fn contains(&self, name: &str, case: KeyCase) -> bool {
        self.get_with(name, case).is_some()
    }

    /// Mutable access to the first entry named exactly `name`.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut WireValue> {
        self.entries
            .iter_mut()
            .find(|(key, _)| KeyCase::Exact.matches(key, name))
            .map(|(_, value)| value)
    }

    /// Removes every entry named `name` under `case`; returns the first value removed.
    pub fn remove(&mut self, name: &str, case: KeyCase) -> Option<WireValue> {
        let mut first = None;
        let mut kept = Vec::with_capacity(self.entries.len());
        for (key, value) in self.entries.drain(..) {
            if case.matches(&key, name) {
                if first.is_none() {
                    first = Some(value);
                }
            } else {
                kept.push((key, value));
            }
        }
        self.entries = kept;
        first
    }

    /// The value at a dotted path (`payment.amount`), exact names, through nested objects.
    #[must_use]
    pub fn get_path(&self, dotted: &str) -> Option<&WireValue> {
        let mut parts = dotted.split('.');
        let mut value = self.get(parts.next()?)?;
        for part in parts {
            value = value.as_object()?.get(part)?;
        }
        Some(value)
    }

    /// The entry at `index`, in order.
    pub(crate) fn entry(&self, index: usize) -> Option<(&str, &WireValue)> {
        self.entries
            .get(index)
            .map(|(name, value)| (name.as_str(), value))
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &WireValue)> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value))
    }

    /// The names, in order (a repeated name once per entry).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(key, _)| key.as_str())
    }

    /// Every scalar leaf with its dotted path, depth first in order. List items are
    /// addressed by index (`details.0.key`); an empty object or list yields nothing.
    #[must_use]
    pub fn flatten(&self) -> Vec<(String, &WireValue)> {
        let mut out = Vec::new();
        flatten_into(&mut out, "", self);
        out
    }

    /// The first name given more than once in this object (not below it) under `case`, in
    /// its second spelling (`code` after `Code` under [`KeyCase::Insensitive`]).
    ///
    /// Linear in the number of entries: small objects are compared pairwise, larger ones
    /// through a hash set, so a hostile message with many keys costs no quadratic time.
    #[must_use]
    pub fn first_duplicate(&self, case: KeyCase) -> Option<&str> {
        const PAIRWISE: usize = 16;
        if self.entries.len() <= PAIRWISE {
            return self.entries.iter().enumerate().find_map(|(i, (key, _))| {
                self.entries
                    .iter()
                    .take(i)
                    .any(|(earlier, _)| case.matches(earlier, key))
                    .then_some(key.as_str())
            });
        }
        let mut seen = std::collections::HashSet::with_capacity(self.entries.len());
        self.entries.iter().find_map(|(key, _)| {
            let folded = match case {
                KeyCase::Exact => Cow::Borrowed(key.as_str()),
                KeyCase::Insensitive => Cow::Owned(key.to_ascii_lowercase()),
            };
            super::work::tally();
            (!seen.insert(folded)).then_some(key.as_str())
        })
    }

    /// Refuses a name given twice anywhere in the tree (objects inside lists included),
    /// as [`DecodeProblem::Duplicate`](super::DecodeProblem::Duplicate) at its dotted path
    /// (`payment.amount`, `details.0.key`).
    ///
    /// # Errors
    ///
    /// The first duplicate found, depth first.
    pub fn check_unique(&self, case: KeyCase) -> Result<(), super::DecodeError> {
        check_unique_in(self, case, "", 0)
    }

    /// The deepest nesting of objects and lists below this object (0 for a flat object).
    #[must_use]
    pub fn depth(&self) -> usize {
        self.entries
            .iter()
            .map(|(_, value)| value.depth())
            .max()
            .unwrap_or(0)
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn check_unique_in(
    object: &WireObject,
    case: KeyCase,
    prefix: &str,
    depth: usize,
) -> Result<(), super::DecodeError> {
    use super::{DecodeError, DecodeProblem, MAX_DEPTH};
    if depth > MAX_DEPTH {
        return Err(DecodeError::new(
            prefix,
            DecodeProblem::TooDeep { limit: MAX_DEPTH },
        ));
    }
    if let Some(name) = object.first_duplicate(case) {
        return Err(DecodeError::new(
            join(prefix, name),
            DecodeProblem::Duplicate,
        ));
    }
    for (name, value) in object.iter() {
        check_unique_value(value, case, &join(prefix, name), depth)?;
    }
    Ok(())
}

fn check_unique_value(
    value: &WireValue,
    case: KeyCase,
    path: &str,
    depth: usize,
) -> Result<(), super::DecodeError> {
    match value {
        WireValue::Object(inner) => check_unique_in(inner, case, path, depth + 1),
        WireValue::List(items) => items.iter().enumerate().try_for_each(|(index, item)| {
            check_unique_value(item, case, &join(path, &index.to_string()), depth + 1)
        }),
        _ => Ok(()),
    }
}

fn flatten_into<'a>(out: &mut Vec<(String, &'a WireValue)>, prefix: &str, object: &'a WireObject) {
    for (name, value) in object.iter() {
        flatten_value(out, join(prefix, name), value);
    }
}

fn flatten_value<'a>(out: &mut Vec<(String, &'a WireValue)>, path: String, value: &'a WireValue) {
    match value {
        WireValue::Object(object) => flatten_into(out, &path, object),
        WireValue::List(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten_value(out, join(&path, &index.to_string()), item);
            }
        }
        _ => out.push((path, value)),
    }
}

impl IntoIterator for WireObject {
    type Item = (String, WireValue);
    type IntoIter = std::vec::IntoIter<(String, WireValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<K: Into<String>, V: Into<WireValue>> FromIterator<(K, V)> for WireObject {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self {
            entries: iter
                .into_iter()
                .map(|(key, value)| (key.into(), value.into()))
                .collect(),
        }
    }
}

impl<K: Into<String>, V: Into<WireValue>> Extend<(K, V)> for WireObject {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        self.entries.extend(
            iter.into_iter()
                .map(|(key, value)| (key.into(), value.into())),
        );
    }
}

/// One value of a [`WireObject`].
///
/// A form body and a SOAP body carry text only; JSON adds numbers, booleans, `null`,
/// lists and objects. Typed decoding is lenient across these: an integer field accepts
/// a number or the text of one, a text field accepts a number's text (see
/// [`as_str`](WireValue::as_str)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireValue {
    /// JSON `null`, or an XML element with `xsi:nil="true"`; typed decoding treats it as
    /// absent.
    Null,
    /// A JSON boolean.
    Bool(bool),
    /// A JSON number, kept as its text.
    Number(WireNumber),
    /// Text: every form and SOAP value, and JSON strings.
    Text(String),
    /// A JSON array.
    List(Vec<WireValue>),
    /// A nested object (JSON object, XML element with child elements).
    Object(WireObject),
}

impl WireValue {
    /// Text from anything string-like.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Self {
        WireValue::Text(text.into())
    }

    /// The text of a [`Text`](WireValue::Text) value, or the digits of a
    /// [`Number`](WireValue::Number); `None` for anything else.
    ///
    /// Numbers count as text because providers are not consistent about it (Adyen's
    /// `refusalReasonCode` is "a string holding a number"); a typed text field keeps
    /// whichever arrives.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            WireValue::Text(text) => Some(text),
            WireValue::Number(number) => Some(number.as_str()),
            _ => None,
        }
    }

    /// Text, number or boolean as text (`true`/`false`); `None` for null, lists and
    /// objects.
    #[must_use]
    pub fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match self {
            WireValue::Bool(true) => Some(Cow::Borrowed("true")),
            WireValue::Bool(false) => Some(Cow::Borrowed("false")),
            other => other.as_str().map(Cow::Borrowed),
        }
    }

    /// The object, if this is one.
    #[must_use]
    pub fn as_object(&self) -> Option<&WireObject> {
        match self {
            WireValue::Object(object) => Some(object),
            _ => None,
        }
    }

    /// The items, if this is a list.
    #[must_use]
    pub fn as_list(&self) -> Option<&[WireValue]> {
        match self {
            WireValue::List(items) => Some(items),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            WireValue::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// Whether this is [`Null`](WireValue::Null).
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self, WireValue::Null)
    }

    /// What kind of value this is, for messages: `null`, `boolean`, `number`, `text`,
    /// `list` or `object`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            WireValue::Null => "null",
            WireValue::Bool(_) => "boolean",
            WireValue::Number(_) => "number",
            WireValue::Text(_) => "text",
            WireValue::List(_) => "list",
            WireValue::Object(_) => "object",
        }
    }

    /// As [`WireObject::check_unique`], for any value (a list's items are addressed by
    /// index from the top: `0.key`).
    ///
    /// # Errors
    ///
    /// The first duplicate found, depth first.
    pub fn check_unique(&self, case: KeyCase) -> Result<(), super::DecodeError> {
        check_unique_value(self, case, "", 0)
    }

    /// The deepest nesting of objects and lists in this value (0 for a scalar).
    #[must_use]
    pub fn depth(&self) -> usize {
        match self {
            WireValue::Object(object) => 1 + object.depth(),
            WireValue::List(items) => 1 + items.iter().map(WireValue::depth).max().unwrap_or(0),
            _ => 0,
        }
    }
}

impl From<&str> for WireValue {
    fn from(text: &str) -> Self {
        WireValue::Text(text.to_owned())
    }
}

impl From<crate::currency::NumericCode> for WireValue {
    fn from(code: crate::currency::NumericCode) -> Self {
        WireValue::Text(code.as_str().to_owned())
    }
}

impl From<String> for WireValue {
    fn from(text: String) -> Self {
        WireValue::Text(text)
    }
}

impl From<&String> for WireValue {
    fn from(text: &String) -> Self {
        WireValue::Text(text.clone())
    }
}

impl From<bool> for WireValue {
    fn from(value: bool) -> Self {
        WireValue::Bool(value)
    }
}

impl From<i64> for WireValue {
    fn from(value: i64) -> Self {
        WireValue::Number(WireNumber::from(value))
    }
}

impl From<u64> for WireValue {
    fn from(value: u64) -> Self {
        WireValue::Number(WireNumber::from(value))
    }
}

// `i32` and `u32` too, so that a bare literal (`with_extra("quantity", 2)`, typed `i32` by
// Rust) is a number without a suffix.
impl From<i32> for WireValue {
    fn from(value: i32) -> Self {
        WireValue::from(i64::from(value))
    }
}

impl From<u32> for WireValue {
    fn from(value: u32) -> Self {
        WireValue::from(u64::from(value))
    }
}

impl From<WireNumber> for WireValue {
    fn from(number: WireNumber) -> Self {
        WireValue::Number(number)
    }
}

impl From<WireObject> for WireValue {
    fn from(object: WireObject) -> Self {
        WireValue::Object(object)
    }
}

impl From<Vec<WireValue>> for WireValue {
    fn from(items: Vec<WireValue>) -> Self {
        WireValue::List(items)
    }
}

/// A number as its text, always a valid JSON number (`-12`, `1000`, `2.5`, `1e3`).
///
/// Kept as text so that what arrives is what is re-sent: no rounding through `f64`, no
/// change of spelling.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WireNumber(String);

impl WireNumber {
    /// A finite float; `None` for NaN and the infinities (JSON has no spelling for them).
    ///
    /// The text always shows that it is a float (`1000.0`, `1e300`), never an integer's
    /// digits: JSON's `1e3` or `1000.0` reaches here as an `f64`, and spelling it `1000`
    /// would let an integer field take it silently. Integer fields refuse it instead (a
    /// fraction or exponent in an amount is a sender's bug, not a value to round).
    #[must_use]
    pub fn from_f64(value: f64) -> Option<Self> {
        // `Debug` writes `1000.0` where `Display` writes `1000`; both are JSON numbers.
        value.is_finite().then(|| Self(format!("{value:?}")))
    }

    /// Checks `text` against JSON's number grammar: `-`? int (`.` digits)? (`e` sign?
    /// digits)?, with no leading zero on the integer part.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        is_json_number(text).then(|| Self(text.to_owned()))
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as `i64`, if it is an integer in range (no fraction, no exponent).
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    /// The value as `u64`, if it is a non-negative integer in range.
    #[must_use]
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// The value as `f64` (may round).
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        self.0.parse().ok()
    }
}

impl From<i64> for WireNumber {
    fn from(value: i64) -> Self {
        Self(value.to_string())
    }
}

impl From<u64> for WireNumber {
    fn from(value: u64) -> Self {
        Self(value.to_string())
    }
}

impl std::fmt::Display for WireNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let int_start = i;
    let int_len = digits(&mut i);
    if int_len == 0 || (int_len > 1 && bytes.get(int_start) == Some(&b'0')) {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == bytes.len()
}
