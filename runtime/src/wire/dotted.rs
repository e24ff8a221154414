//! Dotted names in hand-written input: `{"payment.amount": 1000}` read as
//! `{"payment": {"amount": 1000}}`.
//!
//! The `pspec` command accepts requests either nested or with dotted keys (or a mix);
//! this turns them into the nested form the typed decoders read.

use std::collections::HashMap;

use super::MAX_DEPTH;
use super::error::{DecodeError, DecodeProblem};
use super::value::{WireObject, WireValue};

/// Expands every dotted key into nested objects, merging with objects given nested
/// (`{"payment": {"amount": 1}, "payment.currency": "978"}`), at every level. An object's
/// entries keep the position of the first key that named it.
///
/// # Errors
///
/// [`DecodeProblem::BadName`] when a name is both a value and an object, or a dotted key
/// has an empty part (`a..b`, `.a`, `a.`); [`DecodeProblem::TooDeep`] past the nesting
/// limit.
pub fn expand_dotted(object: WireObject) -> Result<WireObject, DecodeError> {
    expand_dotted_where(object, &|_| true)
}

/// Like [`expand_dotted`], splitting a key only where `is_object` says the dotted prefix
/// (`redirect.data`) names an object. Keys whose dots are part of the name (Adyen's
/// `additionalData` keys such as `wechatpay.openid`) are left whole when the schema says
/// the prefix is not an object.
///
/// # Errors
///
/// As [`expand_dotted`].
pub fn expand_dotted_where(
    object: WireObject,
    is_object: &dyn Fn(&str) -> bool,
) -> Result<WireObject, DecodeError> {
    let mut out = Building::default();
    expand(object, &mut out, "", is_object, 0)?;
    Ok(out.into_object())
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// An object being built: its entries in order, and where the first entry of each name
/// sits, so that merging a name into it is one probe, not a scan (a scan per key made
/// 100,000 keys cost 28 s).
#[derive(Default)]
struct Building {
    entries: Vec<(String, Node)>,
    index: HashMap<String, usize>,
}

enum Node {
    Value(WireValue),
    Object(Building),
}

impl Building {
    fn into_object(self) -> WireObject {
        self.entries
            .into_iter()
            .map(|(name, node)| (name, node.into_value()))
            .collect()
    }

    /// The object named `name`, made when absent.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::BadName`] when `name` is a plain value.
    fn object(&mut self, name: &str, path: &str) -> Result<&mut Building, DecodeError> {
        super::work::tally();
        let at = match self.index.get(name) {
            Some(&at) => at,
            None => {
                let at = self.entries.len();
                self.index.insert(name.to_owned(), at);
                self.entries
                    .push((name.to_owned(), Node::Object(Building::default())));
                at
            }
        };
        match self.entries.get_mut(at) {
            Some((_, Node::Object(inner))) => Ok(inner),
            _ => Err(conflict(path)),
        }
    }

    /// Adds a plain value: a second value of the same name is kept beside the first (as JSON
    /// with duplicate keys would), but a name that is an object cannot take a value.
    fn value(&mut self, name: &str, path: &str, value: WireValue) -> Result<(), DecodeError> {
        super::work::tally();
        match self.index.get(name).and_then(|&at| self.entries.get(at)) {
            Some((_, Node::Object(_))) => Err(conflict(path)),
            Some(_) => {
                self.entries.push((name.to_owned(), Node::Value(value)));
                Ok(())
            }
            None => {
                self.index.insert(name.to_owned(), self.entries.len());
                self.entries.push((name.to_owned(), Node::Value(value)));
                Ok(())
            }
        }
    }
}

impl Node {
    fn into_value(self) -> WireValue {
        match self {
            Node::Value(value) => value,
            Node::Object(building) => WireValue::Object(building.into_object()),
        }
    }
}

fn conflict(path: &str) -> DecodeError {
    DecodeError::new(
        path,
        DecodeProblem::BadName("given both as a value and as an object".to_owned()),
    )
}

fn too_deep(path: &str) -> DecodeError {
    DecodeError::new(path, DecodeProblem::TooDeep { limit: MAX_DEPTH })
}

/// Expands the entries of `object` (found at `prefix`, `depth` levels down) into `out`.
fn expand(
    object: WireObject,
    out: &mut Building,
    prefix: &str,
    is_object: &dyn Fn(&str) -> bool,
    depth: usize,
) -> Result<(), DecodeError> {
    if depth > MAX_DEPTH {
        return Err(too_deep(prefix));
    }
    for (key, value) in object {
        let parts = split(&key, prefix, is_object)?;
        insert(out, prefix, &parts, value, is_object, depth)?;
    }
    Ok(())
}

/// The parts of `key` to nest under: split at each dot whose prefix names an object.
fn split(
    key: &str,
    prefix: &str,
    is_object: &dyn Fn(&str) -> bool,
) -> Result<Vec<String>, DecodeError> {
    let mut pieces = key.split('.');
    let Some(first) = pieces.next() else {
        return Ok(vec![key.to_owned()]);
    };
    if !key.contains('.') {
        return Ok(vec![key.to_owned()]);
    }
    if key.split('.').any(str::is_empty) {
        return Err(DecodeError::new(
            join(prefix, key),
            DecodeProblem::BadName("a dotted name has an empty part".to_owned()),
        ));
    }
    let mut parts = Vec::new();
    let mut current = first.to_owned();
    // The dotted path of `current` from the top: what `is_object` is asked about.
    let mut path = join(prefix, first);
    for piece in pieces {
        if is_object(&path) {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push('.');
        }
        current.push_str(piece);
        path.push('.');
        path.push_str(piece);
        if parts.len() > MAX_DEPTH {
            return Err(DecodeError::new(
                join(prefix, key),
                DecodeProblem::TooDeep { limit: MAX_DEPTH },
            ));
        }
    }
    parts.push(current);
    Ok(parts)
}

/// Puts `value` at `parts` below `out` (found at `prefix`): the objects on the way are made
/// or merged into, and an object value is expanded into the object of its name.
fn insert(
    out: &mut Building,
    prefix: &str,
    parts: &[String],
    value: WireValue,
    is_object: &dyn Fn(&str) -> bool,
    depth: usize,
) -> Result<(), DecodeError> {
    let Some((last, on_the_way)) = parts.split_last() else {
        return Ok(());
    };
    let mut here = out;
    let mut path = prefix.to_owned();
    let mut depth = depth;
    for part in on_the_way {
        path = join(&path, part);
        depth += 1;
        if depth > MAX_DEPTH {
            return Err(too_deep(&path));
        }
        here = here.object(part, &path)?;
    }
    let path = join(&path, last);
    match value {
        WireValue::Object(inner) => {
            let target = here.object(last, &path)?;
            expand(inner, target, &path, is_object, depth + 1)
        }
        other => here.value(last, &path, other),
    }
}
