//! Computop Paygate wire crypto: the HMAC-SHA256 `MAC`, the Blowfish `Len`/`Data`
//! envelope, and the `key=value&key=value` pair format.
//!
//! # The wire, in short
//!
//! A request to Paygate is built in three steps:
//!
//! 1. Compute the `MAC` with [`request_mac`] over `PayID*TransID*MerchantID*Amount*Currency`
//!    (HMAC-SHA256 under the merchant's HMAC password).
//! 2. Join every parameter, the `MAC` included, with [`encode_pairs`] (or the checking
//!    [`try_encode_pairs`]) and encrypt that text with [`Cipher::encrypt`] (Blowfish ECB
//!    under the merchant's Blowfish password, zero padding, hex). This yields an
//!    [`Envelope`]: `Len` (the plain text's length in bytes) and `Data` (the hex).
//! 3. Send `MerchantID`, `Len` and `Data` in clear, percent-encoded with
//!    [`encode_query`].
//!
//! A response or notify comes back as `Len` and `Data`. [`open_response`] decrypts it
//! into [`Pairs`] (keys looked up case-insensitively, unknown keys kept, order kept);
//! then [`verify_response_mac`] checks the `MAC` over `PayID*TransID*mid*Status*Code`.
//!
//! ```
//! use pspec_runtime::computop_crypto::{
//!     BlowfishKey, Cipher, HmacKey, encode_pairs, open_response, request_mac,
//!     response_mac, verify_response_mac,
//! };
//!
//! let hmac = HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w");
//! let cipher = Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).unwrap();
//!
//! // Request: MAC, plain text, envelope.
//! let mac = request_mac(&hmac, "", "T-1001", "Generic3DSTest", "1000", "EUR");
//! let plain = encode_pairs(&[
//!     ("MerchantID", "Generic3DSTest"),
//!     ("TransID", "T-1001"),
//!     ("Amount", "1000"),
//!     ("Currency", "EUR"),
//!     ("MAC", &mac),
//! ]);
//! let envelope = cipher.encrypt(&plain);
//! assert_eq!(envelope.len, plain.len());
//!
//! // A notify as Paygate would send it (built here with the same key).
//! let code = "00000000";
//! let mac = response_mac(&hmac, "P-77", "T-1001", "Generic3DSTest", "OK", code);
//! let plain = encode_pairs(&[
//!     ("mid", "Generic3DSTest"),
//!     ("PayID", "P-77"),
//!     ("TransID", "T-1001"),
//!     ("Status", "OK"),
//!     ("Code", code),
//!     ("MAC", &mac),
//! ]);
//! let sealed = cipher.encrypt(&plain);
//! let query = format!("Len={}&Data={}", sealed.len, sealed.data.to_lowercase());
//!
//! let pairs = open_response(&cipher, &query).unwrap();
//! assert_eq!(pairs.get("STATUS"), Some("OK"));
//! assert!(verify_response_mac(
//!     &hmac,
//!     pairs.get("payid").unwrap_or(""),
//!     pairs.get("transid").unwrap_or(""),
//!     pairs.get("MID").unwrap_or(""),
//!     pairs.get("status").unwrap_or(""),
//!     pairs.get("code").unwrap_or(""),
//!     pairs.get("mac").unwrap_or(""),
//! ));
//! ```
//!
//! # Hex case
//!
//! Paygate integrations differ in hex case. Everything emitted here ([`request_mac`],
//! [`response_mac`], [`Envelope::data`]) is **uppercase**, as in Computop's reference
//! integrations; everything read ([`verify_response_mac`], [`Cipher::decrypt`]) accepts
//! either case, mixed included.
//!
//! # Secrets
//!
//! [`HmacKey`] and [`BlowfishKey`] print as `[redacted]` under `Debug` and implement
//! neither `Display` nor any accessor for the key bytes. Dropping them, or a [`Cipher`],
//! overwrites with zeros the memory that held the password, the Blowfish key schedule and the
//! HMAC states (the `zeroize` crate and the RustCrypto crates' `zeroize` features); all three
//! implement [`ZeroizeOnDrop`]. Copies the caller made (the `String` a password came in) are
//! the caller's to wipe.

#[cfg(feature = "blowfish-envelope")]
use std::fmt;
#[cfg(feature = "blowfish-envelope")]
use std::sync::Arc;

#[cfg(feature = "blowfish-envelope")]
use zeroize::ZeroizeOnDrop;
#[cfg(feature = "blowfish-envelope")]
use zeroize::Zeroizing;

#[cfg(feature = "blowfish-envelope")]
use blowfish::Blowfish;
#[cfg(feature = "blowfish-envelope")]
use cipher::KeyInit;
#[cfg(feature = "blowfish-envelope")]
use cipher::array::Array;
#[cfg(feature = "blowfish-envelope")]
use cipher::common::InnerInit;
#[cfg(feature = "blowfish-envelope")]
use cipher::consts::U8;
#[cfg(feature = "blowfish-envelope")]
use cipher::{BlockModeDecrypt, BlockModeEncrypt};

/// Blowfish's block size in bytes; the envelope's plain text is zero-padded to a multiple
/// of it.
#[cfg(feature = "blowfish-envelope")]
pub const BLOCK_SIZE: usize = 8;

/// Shortest Blowfish key Paygate's cipher accepts, in bytes.
#[cfg(feature = "blowfish-envelope")]
pub const BLOWFISH_KEY_MIN: usize = 4;

/// Longest Blowfish key, in bytes (448 bits).
#[cfg(feature = "blowfish-envelope")]
pub const BLOWFISH_KEY_MAX: usize = 56;

// ---------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------

/// The merchant's HMAC password, used for the `MAC` parameter (HMAC-SHA256): the
/// provider-independent [`crate::mac::HmacKey`], under the name Computop's helpers use.
#[cfg(feature = "hmac-sha256")]
pub use crate::mac::HmacKey;

/// The merchant's Blowfish password, used for the `Data` envelope.
///
/// Holds the password's bytes; its length (4 to 56 bytes) is checked when a [`Cipher`] is
/// built from it, and the Blowfish key schedule is computed there, once.
///
/// `Debug` prints `[redacted]`; there is no `Display` and no way to read the key back.
#[derive(Clone)]
#[cfg(feature = "blowfish-envelope")]
pub struct BlowfishKey {
    bytes: Zeroizing<Vec<u8>>,
}

#[cfg(feature = "blowfish-envelope")]
impl BlowfishKey {
    /// Builds the key from the password as it appears in the merchant's Paygate account
    /// (a string; its UTF-8 bytes are the key) or from raw bytes.
    #[must_use]
    pub fn new(password: impl AsRef<[u8]>) -> Self {
        Self {
            bytes: Zeroizing::new(password.as_ref().to_vec()),
        }
    }

    /// Builds the key from raw bytes; the same as [`BlowfishKey::new`].
    #[must_use]
    pub fn from_bytes(password: &[u8]) -> Self {
        Self::new(password)
    }
}

#[cfg(feature = "blowfish-envelope")]
impl fmt::Debug for BlowfishKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

// The password bytes are `Zeroizing`.
#[cfg(feature = "blowfish-envelope")]
impl ZeroizeOnDrop for BlowfishKey {}

#[cfg(feature = "blowfish-envelope")]
impl From<&str> for BlowfishKey {
    fn from(password: &str) -> Self {
        Self::new(password)
    }
}

#[cfg(feature = "blowfish-envelope")]
impl From<&[u8]> for BlowfishKey {
    fn from(password: &[u8]) -> Self {
        Self::new(password)
    }
}

/// A Blowfish key of a length Blowfish does not accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "Blowfish key is {len} bytes long; Blowfish takes {BLOWFISH_KEY_MIN} to {BLOWFISH_KEY_MAX} bytes"
)]
#[cfg(feature = "blowfish-envelope")]
pub struct KeyLengthError {
    /// The rejected key's length in bytes.
    pub len: usize,
}

// ---------------------------------------------------------------------------------------
// MAC
// ---------------------------------------------------------------------------------------

/// The text a request `MAC` is computed over: `PayID*TransID*MerchantID*Amount*Currency`.
///
/// A missing part is passed as `""` and keeps its `*` (a first payment has no `PayID`, so
/// its input starts with `*`). `amount` is in minor units, `currency` the alphabetic
/// ISO 4217 code. Holds no secret, so it may be logged.
#[must_use]
pub fn request_mac_input(
    pay_id: &str,
    trans_id: &str,
    merchant_id: &str,
    amount: &str,
    currency: &str,
) -> String {
    [pay_id, trans_id, merchant_id, amount, currency].join("*")
}

/// The text a response or notify `MAC` is computed over: `PayID*TransID*mid*Status*Code`.
///
/// `mid` is the response key `mid` (the merchant ID); a missing part is passed as `""`
/// and keeps its `*`. Holds no secret, so it may be logged.
#[must_use]
pub fn response_mac_input(
    pay_id: &str,
    trans_id: &str,
    mid: &str,
    status: &str,
    code: &str,
) -> String {
    [pay_id, trans_id, mid, status, code].join("*")
}

/// HMAC-SHA256 of `message` under `key`, as 64 **uppercase** hex digits.
///
/// The primitive behind [`request_mac`] and [`response_mac`]; use it directly only for an
/// input those two do not cover.
#[must_use]
#[cfg(feature = "hmac-sha256")]
pub fn mac(key: &HmacKey, message: &str) -> String {
    crate::mac::hmac_sha256_hex(key, message)
}

/// Checks `mac_hex` against the HMAC-SHA256 of `message` under `key`.
///
/// `mac_hex` may be in either hex case (mixed included). The comparison of the decoded
/// bytes runs in constant time. Anything that is not exactly 64 hex digits is `false`.
#[must_use]
#[cfg(feature = "hmac-sha256")]
pub fn verify_mac(key: &HmacKey, message: &str, mac_hex: &str) -> bool {
    crate::mac::verify_hmac_sha256_hex(key, message, mac_hex)
}

/// The request `MAC`: HMAC-SHA256 over `PayID*TransID*MerchantID*Amount*Currency`
/// (see [`request_mac_input`]), as 64 **uppercase** hex digits.
///
/// Uppercase follows Computop's reference integrations; Paygate compares the hex
/// case-insensitively.
#[must_use]
#[cfg(feature = "hmac-sha256")]
pub fn request_mac(
    key: &HmacKey,
    pay_id: &str,
    trans_id: &str,
    merchant_id: &str,
    amount: &str,
    currency: &str,
) -> String {
    mac(
        key,
        &request_mac_input(pay_id, trans_id, merchant_id, amount, currency),
    )
}

/// The response or notify `MAC`: HMAC-SHA256 over `PayID*TransID*mid*Status*Code`
/// (see [`response_mac_input`]), as 64 **uppercase** hex digits.
///
/// To check a received `MAC`, use [`verify_response_mac`] rather than comparing strings.
#[must_use]
#[cfg(feature = "hmac-sha256")]
pub fn response_mac(
    key: &HmacKey,
    pay_id: &str,
    trans_id: &str,
    mid: &str,
    status: &str,
    code: &str,
) -> String {
    mac(
        key,
        &response_mac_input(pay_id, trans_id, mid, status, code),
    )
}

/// Checks a response or notify `MAC` (`mac_hex`, either hex case) against the one computed
/// over `PayID*TransID*mid*Status*Code`, in constant time.
///
/// Pass the values exactly as received (a `Code` such as `2206014H` is text, never a
/// number). Invalid hex, or hex of the wrong length, is `false`.
#[must_use]
#[cfg(feature = "hmac-sha256")]
pub fn verify_response_mac(
    key: &HmacKey,
    pay_id: &str,
    trans_id: &str,
    mid: &str,
    status: &str,
    code: &str,
    mac_hex: &str,
) -> bool {
    verify_mac(
        key,
        &response_mac_input(pay_id, trans_id, mid, status, code),
        mac_hex,
    )
}

// ---------------------------------------------------------------------------------------
// Envelope
// ---------------------------------------------------------------------------------------

/// An encrypted Paygate payload: the clear `Len` and `Data` parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg(feature = "blowfish-envelope")]
pub struct Envelope {
    /// `Len`: the plain text's length in **bytes** (before padding).
    pub len: usize,
    /// `Data`: the Blowfish-ECB ciphertext of the zero-padded plain text, as **uppercase**
    /// hex; always a multiple of 16 hex digits (8 bytes).
    pub data: String,
}

/// Why an envelope (`Len`/`Data`) could not be opened.
///
/// Every malformed input yields one of these; opening never panics.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[cfg(feature = "blowfish-envelope")]
pub enum EnvelopeError {
    /// `Data` has an odd number of hex digits.
    #[error("Data has an odd number of hex digits ({len})")]
    OddHexLength {
        /// The number of characters in `Data`.
        len: usize,
    },
    /// `Data` holds a character that is not a hex digit.
    #[error("Data holds a non-hex character at byte offset {index}")]
    InvalidHex {
        /// Byte offset of the first offending character in `Data`.
        index: usize,
    },
    /// The decoded `Data` is not a whole number of 8-byte Blowfish blocks.
    #[error("Data decodes to {len} bytes, not a multiple of 8")]
    NotBlockAligned {
        /// The decoded length in bytes.
        len: usize,
    },
    /// `Len` claims more bytes than `Data` decrypts to.
    #[error("Len is {len} but Data decrypts to only {available} bytes")]
    LenTooLong {
        /// The `Len` given.
        len: usize,
        /// The number of decrypted bytes.
        available: usize,
    },
    /// The decrypted text, cut to `Len`, is not UTF-8 (usually a wrong Blowfish key).
    #[error("decrypted Data is not UTF-8 (wrong Blowfish key?)")]
    NotUtf8,
    /// The response has `Data` but no `Len`.
    #[error("response has Data but no Len")]
    MissingLen,
    /// The response's `Len` is not a decimal number.
    #[error("response Len is not a decimal number")]
    InvalidLen,
}

/// Blowfish-ECB with zero padding under the merchant's Blowfish password: seals and opens
/// Paygate's `Len`/`Data` envelope.
///
/// Build it once per merchant key: construction computes the Blowfish key schedule,
/// which costs about as much as encrypting two dozen typical messages, and every
/// [`encrypt`](Cipher::encrypt)/[`decrypt`](Cipher::decrypt) reuses it. `Clone` is cheap
/// (the schedule is shared), and a `Cipher` can be used from many threads at once
/// (`Send + Sync`; the methods take `&self`).
///
/// `Debug` prints no key material.
#[derive(Clone)]
#[cfg(feature = "blowfish-envelope")]
pub struct Cipher {
    schedule: Arc<Blowfish>,
}

#[cfg(feature = "blowfish-envelope")]
impl Cipher {
    /// Computes the Blowfish key schedule for `key`.
    ///
    /// # Errors
    ///
    /// [`KeyLengthError`] when the key is shorter than 4 or longer than 56 bytes.
    pub fn new(key: &BlowfishKey) -> Result<Self, KeyLengthError> {
        let len = key.bytes.len();
        if !(BLOWFISH_KEY_MIN..=BLOWFISH_KEY_MAX).contains(&len) {
            return Err(KeyLengthError { len });
        }
        let schedule = Blowfish::new_from_slice(&key.bytes).map_err(|_| KeyLengthError { len })?;
        Ok(Self {
            schedule: Arc::new(schedule),
        })
    }

    /// Encrypts raw bytes in place (ECB); `buf.len()` must be a multiple of 8.
    fn encrypt_in_place(&self, buf: &mut [u8]) {
        let (blocks, rest) = Array::<u8, U8>::slice_as_chunks_mut(buf);
        debug_assert!(rest.is_empty());
        ecb::Encryptor::<&Blowfish>::inner_init(&self.schedule).encrypt_blocks(blocks);
    }

    /// Decrypts raw bytes in place (ECB); `buf.len()` must be a multiple of 8.
    fn decrypt_in_place(&self, buf: &mut [u8]) {
        let (blocks, rest) = Array::<u8, U8>::slice_as_chunks_mut(buf);
        debug_assert!(rest.is_empty());
        ecb::Decryptor::<&Blowfish>::inner_init(&self.schedule).decrypt_blocks(blocks);
    }

    /// Seals `plain` (the `key=value&...` text from [`encode_pairs`]) into an
    /// [`Envelope`].
    ///
    /// `len` is `plain`'s length in bytes. The text is padded with zero bytes up to the
    /// next multiple of 8 (nothing is added when it already is one, so an empty text
    /// gives empty `Data`), encrypted block by block (ECB), and hex-encoded in uppercase.
    #[must_use]
    pub fn encrypt(&self, plain: &str) -> Envelope {
        let len = plain.len();
        let padded = len.div_ceil(BLOCK_SIZE) * BLOCK_SIZE;
        let mut buf = Vec::with_capacity(padded);
        buf.extend_from_slice(plain.as_bytes());
        buf.resize(padded, 0);
        self.encrypt_in_place(&mut buf);
        Envelope {
            len,
            data: hex::encode_upper(&buf),
        }
    }

    /// Opens an envelope: hex-decodes `data_hex` (either case), decrypts it, and cuts the
    /// result to `len` bytes.
    ///
    /// Bytes past `len` (the zero padding) are dropped unexamined. A `len` shorter than
    /// the data is accepted: `Len` is authoritative, and the envelope is not an integrity
    /// check anyway (ECB is unauthenticated; the `MAC` inside the payload is what
    /// authenticates a response, see [`verify_response_mac`]).
    ///
    /// # Errors
    ///
    /// [`EnvelopeError::OddHexLength`], [`EnvelopeError::InvalidHex`],
    /// [`EnvelopeError::NotBlockAligned`], [`EnvelopeError::LenTooLong`] (a `len` longer
    /// than the decrypted data is always rejected), or [`EnvelopeError::NotUtf8`].
    pub fn decrypt(&self, len: usize, data_hex: &str) -> Result<String, EnvelopeError> {
        let mut buf = decode_hex(data_hex)?;
        if !buf.len().is_multiple_of(BLOCK_SIZE) {
            return Err(EnvelopeError::NotBlockAligned { len: buf.len() });
        }
        if len > buf.len() {
            return Err(EnvelopeError::LenTooLong {
                len,
                available: buf.len(),
            });
        }
        self.decrypt_in_place(&mut buf);
        buf.truncate(len);
        String::from_utf8(buf).map_err(|_| EnvelopeError::NotUtf8)
    }

    /// Encrypts whole 8-byte blocks with no padding and returns the raw ciphertext.
    ///
    /// A low-level view of the same Blowfish-ECB transform [`encrypt`](Cipher::encrypt)
    /// uses, for checking against published Blowfish test vectors.
    ///
    /// # Errors
    ///
    /// [`EnvelopeError::NotBlockAligned`] when `blocks` is not a multiple of 8 bytes.
    pub fn encrypt_blocks(&self, blocks: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
        if !blocks.len().is_multiple_of(BLOCK_SIZE) {
            return Err(EnvelopeError::NotBlockAligned { len: blocks.len() });
        }
        let mut buf = blocks.to_vec();
        self.encrypt_in_place(&mut buf);
        Ok(buf)
    }

    /// Decrypts whole 8-byte blocks and returns the raw plain bytes, padding included;
    /// the inverse of [`encrypt_blocks`](Cipher::encrypt_blocks).
    ///
    /// # Errors
    ///
    /// [`EnvelopeError::NotBlockAligned`] when `blocks` is not a multiple of 8 bytes.
    pub fn decrypt_blocks(&self, blocks: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
        if !blocks.len().is_multiple_of(BLOCK_SIZE) {
            return Err(EnvelopeError::NotBlockAligned { len: blocks.len() });
        }
        let mut buf = blocks.to_vec();
        self.decrypt_in_place(&mut buf);
        Ok(buf)
    }
}

#[cfg(feature = "blowfish-envelope")]
impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher { key: [redacted] }")
    }
}

// The shared key schedule is a `Blowfish`, which wipes itself (blowfish's `zeroize` feature)
// when the last clone of the cipher drops it.
#[cfg(feature = "blowfish-envelope")]
impl ZeroizeOnDrop for Cipher {}

/// Hex-decodes `text` (either case) with this module's error type.
#[cfg(feature = "blowfish-envelope")]
fn decode_hex(text: &str) -> Result<Vec<u8>, EnvelopeError> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        // Report a non-hex character first if there is one: it is the likelier cause.
        if let Some(index) = bytes.iter().position(|b| !b.is_ascii_hexdigit()) {
            return Err(EnvelopeError::InvalidHex { index });
        }
        return Err(EnvelopeError::OddHexLength { len: bytes.len() });
    }
    hex::decode(bytes).map_err(|err| match err {
        hex::FromHexError::InvalidHexCharacter { index, .. } => EnvelopeError::InvalidHex { index },
        hex::FromHexError::OddLength | hex::FromHexError::InvalidStringLength => {
            EnvelopeError::OddHexLength { len: bytes.len() }
        }
    })
}

// ---------------------------------------------------------------------------------------
// Pairs
// ---------------------------------------------------------------------------------------

/// Splits `key=value&key=value` text as Paygate's decrypted payload holds it: on `&`, then
/// on the **first** `=` only (a value may itself contain `=`), with **no** percent-decoding.
///
/// Use this for the plain text out of [`Cipher::decrypt`]: that payload is not
/// percent-encoded, and decoding it would corrupt a value holding `%` or `+`. Use
/// [`parse_query`] instead for a clear query string or form body (the outer `Len`/`Data`
/// of a response, or an unencrypted response).
///
/// Order is kept, duplicates are kept, keys keep their case. Empty segments (`a=1&&b=2`,
/// a trailing `&`) are skipped; a segment without `=` is a key with an empty value.
#[must_use]
#[cfg(feature = "form")]
pub fn parse_pairs(text: &str) -> Vec<(String, String)> {
    split_pairs(text)
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

/// Splits a clear query string or `application/x-www-form-urlencoded` body like
/// [`parse_pairs`], then percent-decodes each key and value: `+` becomes a space and `%XX`
/// its byte.
///
/// Decoding is lenient: a `%` not followed by two hex digits is kept as is, and bytes that
/// do not form UTF-8 become U+FFFD. A single leading `?` is ignored.
///
/// Use this for what arrives in clear (a response's `Len` and `Data`, a notify body, an
/// unencrypted response); use [`parse_pairs`] for the decrypted payload.
#[must_use]
#[cfg(feature = "form")]
pub fn parse_query(text: &str) -> Vec<(String, String)> {
    let text = text.strip_prefix('?').unwrap_or(text);
    split_pairs(text)
        .map(|(key, value)| (percent_decode(key), percent_decode(value)))
        .collect()
}

#[cfg(feature = "form")]
fn split_pairs(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| segment.split_once('=').unwrap_or((segment, "")))
}

#[cfg(feature = "form")]
fn percent_decode(text: &str) -> String {
    crate::wire::query::percent_decode(text)
}

/// Joins pairs as `key=value&key=value`: the plain text that [`Cipher::encrypt`] seals.
///
/// Nothing is percent-encoded: Paygate decrypts the payload and splits it on `&` and the
/// first `=` without percent-decoding, so an encoded value would arrive with its `%XX`
/// escapes intact (and `Len` must count the bytes exactly as sent). The flip side is that
/// the format has no escape at all: a value holding `&`, or a key holding `=` or `&`,
/// would be split apart by Paygate and could inject a parameter. This function does not
/// check for that; the generated request types only pass validated values, and
/// [`try_encode_pairs`] checks it for hand-built requests.
#[must_use]
#[cfg(feature = "form")]
pub fn encode_pairs(pairs: &[(&str, &str)]) -> String {
    let capacity = pairs
        .iter()
        .map(|(key, value)| key.len() + value.len() + 2)
        .sum();
    let mut out = String::with_capacity(capacity);
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// A pair that the unescaped payload format cannot carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[cfg(feature = "form")]
pub enum EncodeError {
    /// A key is empty or holds `=` or `&`.
    #[error("parameter key {key:?} is empty or holds '=' or '&'")]
    InvalidKey {
        /// The offending key.
        key: String,
    },
    /// A value holds `&`, which would split it into another parameter.
    #[error("value of parameter {key:?} holds '&'")]
    InvalidValue {
        /// The key whose value was rejected (the value itself is not repeated).
        key: String,
    },
}

/// [`encode_pairs`], after checking that every pair survives Paygate's split: keys
/// non-empty without `=` or `&`, values without `&` (a value may hold `=`, since only
/// the first `=` splits).
///
/// # Errors
///
/// [`EncodeError`] naming the first offending key.
#[cfg(feature = "form")]
pub fn try_encode_pairs(pairs: &[(&str, &str)]) -> Result<String, EncodeError> {
    for (key, value) in pairs {
        if key.is_empty() || key.contains(['=', '&']) {
            return Err(EncodeError::InvalidKey {
                key: (*key).to_owned(),
            });
        }
        if value.contains('&') {
            return Err(EncodeError::InvalidValue {
                key: (*key).to_owned(),
            });
        }
    }
    Ok(encode_pairs(pairs))
}

/// Joins pairs as a percent-encoded query string or form body: for what goes to Paygate
/// in clear (`MerchantID`, `Len`, `Data`, and any other clear parameter).
///
/// Every byte outside `A-Z a-z 0-9 - . _ ~` is written as `%XX` (uppercase hex; a space
/// as `%20`), which both query strings and `application/x-www-form-urlencoded` bodies
/// decode. [`parse_query`] reverses it.
#[must_use]
#[cfg(feature = "form")]
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        crate::wire::query::percent_encode_into(&mut out, key);
        out.push('=');
        crate::wire::query::percent_encode_into(&mut out, value);
    }
    out
}

/// Parsed `key=value` pairs of a Paygate response or notify, in the order received.
///
/// Keys are compared ASCII-case-insensitively (Paygate sends `PayID`, `payid` or `PAYID`
/// depending on the call), and unknown keys are kept: Paygate may add parameters at any
/// time, and [`Pairs::iter`] still yields them. Values are kept as text (a `Code` like
/// `2206014H` is never a number).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg(feature = "form")]
pub struct Pairs {
    pairs: Vec<(String, String)>,
}

#[cfg(feature = "form")]
impl Pairs {
    /// Parses decrypted payload text (see [`parse_pairs`]: no percent-decoding).
    #[must_use]
    pub fn parse(text: &str) -> Self {
        Self {
            pairs: parse_pairs(text),
        }
    }

    /// Parses a clear query string or form body (see [`parse_query`]: percent-decoded).
    #[must_use]
    pub fn parse_query(text: &str) -> Self {
        Self {
            pairs: parse_query(text),
        }
    }

    /// The value of the first pair whose key equals `key` ignoring ASCII case.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Whether some pair's key equals `key` ignoring ASCII case.
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every pair, known or not, in the order received, keys in their received case.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The number of pairs (duplicates counted).
    #[must_use]
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs, in order.
    #[must_use]
    pub fn into_vec(self) -> Vec<(String, String)> {
        self.pairs
    }
}

#[cfg(feature = "form")]
impl From<Vec<(String, String)>> for Pairs {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Self { pairs }
    }
}

/// Opens a Paygate response or notify given as a query string or form body.
///
/// When it holds `Data` (key in any case), `Len` is required: `Data` is decrypted with
/// `cipher`, cut to `Len`, and the plain text split with [`parse_pairs`]; only the
/// decrypted pairs are returned (clear parameters beside `Len`/`Data` are dropped). When
/// it holds no `Data`, the clear pairs themselves are returned, percent-decoded (see
/// [`parse_query`]).
///
/// This does not check the `MAC`: do that with [`verify_response_mac`] on the result.
///
/// # Errors
///
/// [`EnvelopeError::MissingLen`], [`EnvelopeError::InvalidLen`], or any error of
/// [`Cipher::decrypt`].
#[cfg(feature = "blowfish-envelope")]
pub fn open_response(cipher: &Cipher, query: &str) -> Result<Pairs, EnvelopeError> {
    let outer = Pairs::parse_query(query);
    match decrypt_response(cipher, &outer)? {
        Some(plain) => Ok(Pairs::parse(&plain)),
        None => Ok(outer),
    }
}

/// The decrypted payload of a response's clear pairs (`None` when there is no `Data`): what
/// [`open_response`] splits. The wire layer counts its pairs before splitting them.
#[cfg(feature = "blowfish-envelope")]
pub(crate) fn decrypt_response(
    cipher: &Cipher,
    outer: &Pairs,
) -> Result<Option<String>, EnvelopeError> {
    decrypt_given(cipher, outer.get("Data"), outer.get("Len"))
}

/// [`decrypt_response`] from the values of `Data` and `Len` as received (`None`: absent).
#[cfg(feature = "blowfish-envelope")]
pub(crate) fn decrypt_given(
    cipher: &Cipher,
    data: Option<&str>,
    len: Option<&str>,
) -> Result<Option<String>, EnvelopeError> {
    let Some(data) = data else {
        return Ok(None);
    };
    let len = len.ok_or(EnvelopeError::MissingLen)?.trim();
    if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EnvelopeError::InvalidLen);
    }
    let len: usize = len.parse().map_err(|_| EnvelopeError::InvalidLen)?;
    cipher.decrypt(len, data.trim()).map(Some)
}

#[cfg(all(test, feature = "hmac-sha256", feature = "blowfish-envelope"))]
mod tests {
    use super::*;

    /// Compiles only when what our key types hold wipes itself on drop: the password bytes,
    /// the Blowfish key schedule and the SHA-256 states inside the HMAC. The RustCrypto types
    /// lose that without their `zeroize` features, so dropping one from `Cargo.toml` fails
    /// here instead of silently leaving keys in freed memory (our own `ZeroizeOnDrop` impls
    /// rest on these).
    #[test]
    fn wiped_on_drop() {
        fn wiped<T: ZeroizeOnDrop>() {}
        wiped::<Zeroizing<Vec<u8>>>();
        wiped::<Blowfish>();
        wiped::<sha2::block_api::Sha256VarCore>();
    }
}
