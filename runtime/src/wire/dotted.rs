//! Dotted names in hand-written input: `{"payment.amount": 1000}` read as
//! `{"payment": {"amount": 1000}}`.
//!
//! The `pspec` command accepts requests either nested or with dotted keys (or a mix);
//! this turns them into the nested form the typed decoders read.

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
    expand(object, "", is_object, 0)
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

fn expand(
    object: WireObject,
    prefix: &str,
    is_object: &dyn Fn(&str) -> bool,
    depth: usize,
) -> Result<WireObject, DecodeError> {
    if depth > MAX_DEPTH {
        return Err(DecodeError::new(
            prefix,
            DecodeProblem::TooDeep { limit: MAX_DEPTH },
        ));
    }
    let mut out = WireObject::with_capacity(object.len());
    for (key, value) in object {
        let parts = split(&key, prefix, is_object)?;
        insert(&mut out, prefix, &parts, value, is_object, depth)?;
    }
    Ok(out)
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

fn insert(
    out: &mut WireObject,
    prefix: &str,
    parts: &[String],
    value: WireValue,
    is_object: &dyn Fn(&str) -> bool,
    depth: usize,
) -> Result<(), DecodeError> {
    let Some((first, rest)) = parts.split_first() else {
        return Ok(());
    };
    let path = join(prefix, first);
    if rest.is_empty() {
        let value = match value {
            WireValue::Object(inner) => {
                WireValue::Object(expand(inner, &path, is_object, depth + 1)?)
            }
            other => other,
        };
        return merge(out, first, &path, value, depth);
    }
    let mut inner = WireObject::new();
    insert(&mut inner, &path, rest, value, is_object, depth + 1)?;
    merge(out, first, &path, WireValue::Object(inner), depth)
}

/// Adds `value` under `name`, merging two objects of the same name.
fn merge(
    out: &mut WireObject,
    name: &str,
    path: &str,
    value: WireValue,
    depth: usize,
) -> Result<(), DecodeError> {
    if depth > MAX_DEPTH {
        return Err(DecodeError::new(
            path,
            DecodeProblem::TooDeep { limit: MAX_DEPTH },
        ));
    }
    let conflict = || {
        DecodeError::new(
            path,
            DecodeProblem::BadName("given both as a value and as an object".to_owned()),
        )
    };
    match (out.get_mut(name), value) {
        (None, value) => {
            out.push(name, value);
            Ok(())
        }
        (Some(WireValue::Object(existing)), WireValue::Object(more)) => {
            for (key, value) in more {
                let inner = join(path, &key);
                merge(existing, &key, &inner, value, depth + 1)?;
            }
            Ok(())
        }
        (Some(WireValue::Object(_)), _) | (Some(_), WireValue::Object(_)) => Err(conflict()),
        // The same plain name twice: keep both, as JSON with duplicate keys would.
        (Some(_), value) => {
            out.push(name, value);
            Ok(())
        }
    }
}
