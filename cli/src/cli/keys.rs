//! The Computop passwords: from `--hmac-key`/`--blowfish-key`, else from
//! `PSPEC_HMAC_KEY`/`PSPEC_BLOWFISH_KEY`. Their values never reach any output.

use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};

use super::args::Args;
use super::{Failure, Io};

/// The environment variable holding the HMAC password.
pub const HMAC_ENV: &str = "PSPEC_HMAC_KEY";
/// The environment variable holding the Blowfish password.
pub const BLOWFISH_ENV: &str = "PSPEC_BLOWFISH_KEY";

/// The HMAC key, if one is given (an empty value counts as none).
pub fn hmac(args: &Args, io: &Io<'_>) -> Option<HmacKey> {
    args.hmac_key
        .clone()
        .or_else(|| (io.env)(HMAC_ENV))
        .filter(|password| !password.is_empty())
        .map(HmacKey::new)
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
pub fn cipher(args: &Args, io: &Io<'_>) -> Result<Option<Cipher>, Failure> {
    let Some(password) = args
        .blowfish_key
        .clone()
        .or_else(|| (io.env)(BLOWFISH_ENV))
        .filter(|password| !password.is_empty())
    else {
        return Ok(None);
    };
    Cipher::new(&BlowfishKey::new(password))
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
