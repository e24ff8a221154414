//! The keys: the Computop passwords from `--hmac-key`/`--blowfish-key`, else from
//! `PSPEC_HMAC_KEY`/`PSPEC_BLOWFISH_KEY`, and the signature keys (`--adyen-hmac-key`, else
//! `PSPEC_ADYEN_HMAC_KEY`). Their values never reach any output.
//!
//! A key is taken as the bytes the system gives (an option's argument, an environment
//! variable), never converted to text first: a password that is not UTF-8 is used as it
//! is, where a lossy conversion would give two different passwords the same MAC. Every copy
//! the command holds is a [`Secret`], wiped when dropped. What lies outside its reach is
//! said in docs/pspec.md: clap's own copy of the arguments while it parses them, and the
//! process's environment block.

use std::ffi::OsString;

use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};
use zeroize::Zeroizing;

use super::args::{Args, KeyOption};
use super::{Failure, Io};

/// The environment variable holding the HMAC password.
pub const HMAC_ENV: &str = "PSPEC_HMAC_KEY";
/// The environment variable holding the Blowfish password.
pub const BLOWFISH_ENV: &str = "PSPEC_BLOWFISH_KEY";

/// A key's bytes, wiped when dropped.
pub type Secret = Zeroizing<Vec<u8>>;

/// The bytes of an argument or environment value, taking over its buffer (no copy is left
/// behind unwiped).
#[cfg(unix)]
pub fn secret(value: OsString) -> Secret {
    use std::os::unix::ffi::OsStringExt;
    Zeroizing::new(value.into_vec())
}

/// The bytes of an argument or environment value. Outside Unix a value's bytes are not
/// reachable as they are, so a value that is not Unicode cannot be a key: the callers refuse
/// it first ([`readable`]); here it would become empty.
#[cfg(not(unix))]
pub fn secret(value: OsString) -> Secret {
    Zeroizing::new(
        value
            .into_string()
            .map(String::into_bytes)
            .unwrap_or_default(),
    )
}

/// Whether `value` can be taken as bytes on this platform.
pub fn readable(value: &OsString) -> bool {
    cfg!(unix) || value.to_str().is_some()
}

/// Fills the keys not given as options from the environment.
///
/// # Errors
///
/// A failure naming the variable (never its value) when a value cannot be read as bytes
/// (a value that is not Unicode, outside Unix).
pub fn from_environment(
    args: &mut Args,
    options: &[KeyOption],
    io: &Io<'_>,
) -> Result<(), Failure> {
    let read = |name: &str| -> Result<Option<Secret>, Failure> {
        match (io.env)(name) {
            None => Ok(None),
            Some(value) if readable(&value) => Ok(Some(secret(value))),
            Some(value) => {
                drop(secret(value));
                Err(Failure::unusable(format!(
                    "{name} is not valid Unicode, which keys must be on this platform"
                )))
            }
        }
    };
    if args.hmac_key.is_none() {
        args.hmac_key = read(HMAC_ENV)?;
    }
    if args.blowfish_key.is_none() {
        args.blowfish_key = read(BLOWFISH_ENV)?;
    }
    for option in options {
        let given = args
            .signature_keys
            .iter()
            .any(|(name, _)| name == option.option);
        if !given && let Some(value) = read(option.env)? {
            args.signature_keys.push((option.option.to_owned(), value));
        }
    }
    Ok(())
}

/// The HMAC key, if one is given (an empty value counts as none).
pub fn hmac(args: &Args, _io: &Io<'_>) -> Option<HmacKey> {
    args.hmac_key
        .as_ref()
        .filter(|password| !password.is_empty())
        .map(|password| HmacKey::new(password.as_slice()))
}

/// The HMAC key, or a failure saying how to give it and why it is needed.
pub fn require_hmac(args: &Args, io: &Io<'_>, why: &str) -> Result<HmacKey, Failure> {
    hmac(args, io).ok_or_else(|| {
        Failure::unusable(format!(
            "{why} needs the Computop HMAC password: --hmac-key or {HMAC_ENV}"
        ))
    })
}

/// The Blowfish cipher, if a key is given.
///
/// # Errors
///
/// A failure when the key has a length Blowfish refuses (the message gives the length
/// only).
pub fn cipher(args: &Args, _io: &Io<'_>) -> Result<Option<Cipher>, Failure> {
    let Some(password) = args
        .blowfish_key
        .as_ref()
        .filter(|password| !password.is_empty())
    else {
        return Ok(None);
    };
    Cipher::new(&BlowfishKey::from_bytes(password))
        .map(Some)
        .map_err(|err| Failure::unusable(format!("the Blowfish password cannot be used: {err}")))
}

/// The Blowfish cipher, or a failure saying how to give the key and why it is needed.
pub fn require_cipher(args: &Args, io: &Io<'_>, why: &str) -> Result<Cipher, Failure> {
    cipher(args, io)?.ok_or_else(|| {
        Failure::unusable(format!(
            "{why} needs the Computop Blowfish password: --blowfish-key or {BLOWFISH_ENV}"
        ))
    })
}
