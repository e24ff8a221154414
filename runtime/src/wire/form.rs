//! Computop's form transport: flat `key=value` pairs, the `MAC`, and the Blowfish
//! `Len`/`Data` envelope, over [`WireObject`].
//!
//! Request: [`sign`] fills the `MAC` from the fields the spec names, [`seal`] signs and joins
//! the pairs in wire order (no escaping: Paygate does not percent-decode the decrypted
//! payload), encrypts them and returns the clear parameters ([`SealedRequest`]:
//! `MerchantID`, `Len`, `Data`, percent-encoded by [`SealedRequest::to_query`]).
//!
//! Response or notify: [`open`] takes the raw query string or form body, decrypts `Data`
//! when there is one (hex in either case, cut to `Len`), splits on `&` and the first `=`,
//! and keeps every key in its received spelling, unknown keys included; look keys up with
//! [`KeyCase::Insensitive`]. [`verify`] then checks the `MAC` in constant time.
//! [`open_verified`] does both and also checks that `Len` covers the whole decrypted text:
//! it is what the generated `from_query` calls.

use crate::computop_crypto as crypto;
#[cfg(feature = "blowfish-envelope")]
use crate::computop_crypto::Cipher;
#[cfg(feature = "hmac-sha256")]
use crate::mac::HmacKey;

use std::borrow::Cow;

use super::catalog::MacInfo;
#[cfg(feature = "blowfish-envelope")]
use super::error::DecodeProblem;
use super::error::{DecodeError, EncodeError, EncodeProblem};
use super::value::KeyCase;
use super::value::{WireObject, WireValue};

/// The pairs of a flat object, in order: text as is, numbers as their digits, booleans as
/// `true`/`false`; `null` entries are left out (absent).
///
/// # Errors
///
/// [`EncodeProblem::NotFlat`] for an object or list value, [`EncodeProblem::BadName`] for
/// an empty name or one holding `=` or `&`, [`EncodeProblem::Ampersand`] for a value
/// holding `&` (the payload format has no escape, so it would inject a parameter).
pub fn to_pairs(object: &WireObject) -> Result<Vec<(String, String)>, EncodeError> {
    let mut pairs = Vec::with_capacity(object.len());
    for (name, value) in object.iter() {
        if name.is_empty() || name.contains(['=', '&']) {
            return Err(EncodeError::new(name, EncodeProblem::BadName));
        }
        let text = match value {
            WireValue::Null => continue,
            WireValue::Object(_) | WireValue::List(_) => {
                return Err(EncodeError::new(
                    name,
                    EncodeProblem::NotFlat {
                        found: value.kind(),
                    },
                ));
            }
            scalar => scalar.scalar_text().unwrap_or_default().into_owned(),
        };
        if text.contains('&') {
            return Err(EncodeError::new(name, EncodeProblem::Ampersand));
        }
        pairs.push((name.to_owned(), text));
    }
    Ok(pairs)
}

/// The plain payload `key=value&key=value` in wire order, unescaped: the text [`seal`]
/// encrypts and `Len` counts.
///
/// # Errors
///
/// As [`to_pairs`].
pub fn to_plain(object: &WireObject) -> Result<String, EncodeError> {
    let pairs = to_pairs(object)?;
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    Ok(crypto::encode_pairs(&borrowed))
}

/// A flat object of text values from received pairs, order and spelling kept.
#[must_use]
pub fn from_pairs<I, K, V>(pairs: I) -> WireObject
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<String>,
    V: Into<String>,
{
    pairs
        .into_iter()
        .map(|(key, value)| (key.into(), WireValue::Text(value.into())))
        .collect()
}

/// The MAC input: the values of `parts` (looked up in any case), joined by `*`; a missing
/// part is empty and keeps its `*`.
///
/// For a request the spec names `PayID, TransID, MerchantID, Amount, Currency`, for a
/// response `PayID, TransID, mid, Status, Code`. Holds no secret.
#[must_use]
pub fn mac_input(object: &WireObject, parts: &[&str]) -> String {
    parts
        .iter()
        .map(|part| {
            object
                .get_ignore_case(part)
                .and_then(WireValue::scalar_text)
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("*")
}

/// Computes the `MAC` (HMAC-SHA256 over [`mac_input`], uppercase hex) and stores it in
/// `mac_field`, replacing a `MAC` already there (matched in any case) in place, or
/// appending it.
#[cfg(feature = "hmac-sha256")]
pub fn sign(object: &mut WireObject, key: &HmacKey, mac_field: &str, parts: &[&str]) {
    let mac = crypto::mac(key, &mac_input(object, parts));
    object.set_with(mac_field, mac, KeyCase::Insensitive);
}

/// Whether a received message's `MAC` is right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MacStatus {
    /// The `MAC` matches the HMAC of the message under the key.
    Valid,
    /// The `MAC` is there and does not match (or is not 64 hex digits).
    Invalid,
    /// There is no `MAC` (or it is empty): nothing vouches for the message.
    Absent,
}

impl MacStatus {
    /// `valid`, `invalid` or `absent`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MacStatus::Valid => "valid",
            MacStatus::Invalid => "invalid",
            MacStatus::Absent => "absent",
        }
    }
}

impl std::fmt::Display for MacStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks the `MAC` in `mac_field` (any key case) against the HMAC over [`mac_input`]:
/// hex in either case, compared in constant time.
#[must_use]
#[cfg(feature = "hmac-sha256")]
pub fn verify(object: &WireObject, key: &HmacKey, mac_field: &str, parts: &[&str]) -> MacStatus {
    match object
        .get_ignore_case(mac_field)
        .and_then(WireValue::scalar_text)
    {
        None => MacStatus::Absent,
        Some(mac) if mac.is_empty() => MacStatus::Absent,
        Some(mac) => {
            if crypto::verify_mac(key, &mac_input(object, parts), &mac) {
                MacStatus::Valid
            } else {
                MacStatus::Invalid
            }
        }
    }
}

/// What a Computop request sends: the parameters that travel in clear (`MerchantID`)
/// next to `Len` and `Data`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg(feature = "blowfish-envelope")]
pub struct SealedRequest {
    /// The clear parameters, in order.
    pub clear: Vec<(String, String)>,
    /// `Len`: the plain payload's length in bytes.
    pub len: usize,
    /// `Data`: the encrypted payload, uppercase hex.
    pub data: String,
}

#[cfg(feature = "blowfish-envelope")]
impl SealedRequest {
    /// The request body or query string: the clear parameters, then `Len` and `Data`,
    /// percent-encoded.
    #[must_use]
    pub fn to_query(&self) -> String {
        let len = self.len.to_string();
        let mut pairs: Vec<(&str, &str)> = self
            .clear
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
            .collect();
        pairs.push(("Len", &len));
        pairs.push(("Data", &self.data));
        crypto::encode_query(&pairs)
    }
}

/// Seals a request: signs it, then encrypts the plain payload ([`to_plain`]) under
/// `cipher`, with the fields named in `mac.clear` (any case; `MerchantID`) copied next to
/// it in clear.
///
/// The `MAC` is always computed here, over the values exactly as [`to_plain`] writes them
/// (`Amount=1000`, never a differently written `01000`; facts.md: sign exactly the text
/// that is sent), and it replaces any `MAC` the tree carries: a request cannot be sealed
/// unsigned or with a stale `MAC`.
///
/// # Errors
///
/// As [`to_pairs`].
#[cfg(all(feature = "blowfish-envelope", feature = "hmac-sha256"))]
pub fn seal(
    object: &WireObject,
    mac: &MacInfo,
    key: &HmacKey,
    cipher: &Cipher,
) -> Result<SealedRequest, EncodeError> {
    let mut signed = object.clone();
    sign_with(&mut signed, key, mac);
    let plain = to_plain(&signed)?;
    let envelope = cipher.encrypt(&plain);
    let clear = mac
        .clear
        .iter()
        .filter_map(|name| {
            signed
                .iter()
                .find(|(key, _)| mac.keys.matches(key, name))
                .and_then(|(key, value)| Some((key.to_owned(), value.scalar_text()?.into_owned())))
        })
        .collect();
    Ok(SealedRequest {
        clear,
        len: envelope.len,
        data: envelope.data,
    })
}

/// Opens a response or notify as Paygate sends it: a query string or form body holding
/// `Len` and `Data` (any key case, hex in either case), or plain parameters when the
/// response is not encrypted.
///
/// The decrypted payload is split on `&` and on the first `=` only, without
/// percent-decoding; a clear body is percent-decoded. Keys keep their received case and
/// unknown keys are kept. Clear parameters next to `Data` (`MerchantID`) are not mixed
/// into the result.
///
/// # Errors
///
/// [`DecodeProblem::NotUtf8`] or [`DecodeProblem::Envelope`] (bad hex, `Len` longer than
/// the data, wrong key, ...), with the raw input attached; [`DecodeProblem::Duplicate`]
/// naming a key given twice in any ASCII case, outside the envelope (`Data`, `Len`) or
/// inside it (`Code` and `code`): Paygate's keys match in any case, so either spelling
/// could be the one an app or a log viewer reads.
#[cfg(feature = "blowfish-envelope")]
pub fn open(input: impl AsRef<[u8]>, cipher: &Cipher) -> Result<WireObject, DecodeError> {
    cipher.open_form(input.as_ref(), KeyCase::Insensitive)
}

/// Why a response or notify was not accepted by [`open_verified`] (and the generated
/// `from_query` / `from_query_for`). Says which check failed, never a value or a key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The input could not be opened: not UTF-8, bad hex, `Data` without `Len`, a wrong
    /// Blowfish key, ...
    #[error("cannot open the message: {0}")]
    Envelope(DecodeError),
    /// `Len` does not cover the decrypted text: it stops a whole block or more before the
    /// end, or cuts off bytes that are not the zero padding (a shortened `Len` can cut the
    /// `MAC` or other parameters off).
    #[error(
        "Len is {len} but Data decrypts to {decrypted} bytes of text and padding: Len must cover all the text"
    )]
    Len {
        /// The `Len` given.
        len: usize,
        /// The number of decrypted bytes (text and zero padding).
        decrypted: usize,
    },
    /// The message carries no `MAC` (or an empty one): nothing vouches for it.
    #[error("the message carries no {field}: nothing vouches for it")]
    MacAbsent {
        /// The field that should carry it (`MAC`).
        field: &'static str,
    },
    /// The `MAC` does not match the message under the HMAC key: forged, altered, or
    /// signed with another key.
    #[error("the {field} does not match the message (forged, altered, or another HMAC key)")]
    MacWrong {
        /// The field carrying it (`MAC`).
        field: &'static str,
    },
    /// The message verifies but a value cannot be held by the response type.
    #[error("cannot read the message as the response: {0}")]
    Decode(DecodeError),
    /// The message verifies but breaks its spec (mandatory fields, formats, conditions,
    /// fields that must echo the request).
    #[error("the response does not validate: {0}")]
    Violations(crate::Violations),
}

/// Opens a response or notify and proves it genuine: [`open`], then `Len` checked
/// against the decrypted text (when the message is encrypted), then the `MAC` in
/// `mac.field` checked against the HMAC over `mac.response` (constant time, hex in either
/// case).
///
/// A message in clear (no `Data`) is accepted when its `MAC` verifies: Paygate answers in
/// clear when the request did not ask for `Response=encrypt`, and the `MAC` is what
/// vouches for it either way.
///
/// # Errors
///
/// [`VerifyError::Envelope`], [`VerifyError::Len`], [`VerifyError::MacAbsent`] or
/// [`VerifyError::MacWrong`].
#[cfg(all(feature = "blowfish-envelope", feature = "hmac-sha256"))]
pub fn open_verified(
    input: impl AsRef<[u8]>,
    cipher: &Cipher,
    key: &HmacKey,
    mac: &MacInfo,
) -> Result<WireObject, VerifyError> {
    open_verified_with(input, cipher, key, mac)
}

/// `Len` against the whole decrypted `Data`: what lies beyond `Len` must be zero padding
/// shorter than one Blowfish block. Meant for input [`open`] accepts (anything it refuses,
/// and a message in clear, passes here: `open` reports it).
///
/// # Errors
///
/// [`VerifyError::Len`].
#[cfg(feature = "blowfish-envelope")]
pub fn check_len(raw: &[u8], cipher: &Cipher) -> Result<(), VerifyError> {
    let Ok(text) = std::str::from_utf8(raw) else {
        return Ok(());
    };
    // What `open` refuses passes here (`open` reports it): no splitting past the limits.
    if raw.len() > super::MAX_INPUT || !super::pair_count_within_limit(text) {
        return Ok(());
    }
    let outer = crypto::Pairs::parse_query(text.trim());
    let (Some(data), Some(len)) = (outer.get("Data"), outer.get("Len")) else {
        return Ok(());
    };
    let Ok(len) = len.trim().parse::<usize>() else {
        return Ok(());
    };
    let Ok(blocks) = hex::decode(data.trim()) else {
        return Ok(());
    };
    let Ok(plain) = cipher.decrypt_blocks(&blocks) else {
        return Ok(());
    };
    let decrypted = plain.len();
    let padding = plain.get(len..).unwrap_or_default();
    if decrypted.saturating_sub(len) >= 8 || padding.iter().any(|byte| *byte != 0) {
        return Err(VerifyError::Len { len, decrypted });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The spec's protocol: envelope, MAC scheme and key matching as the operation states them
// ---------------------------------------------------------------------------------------

/// How the pairs of a form message travel, as an operation's `envelope` says: in clear
/// ([`NoEnvelope`], `envelope: none`) or encrypted ([`Cipher`], `envelope: blowfish-ecb`). The
/// generated readers pass one, so the same verified decode serves both.
pub trait Envelope {
    /// Reads a received query string or form body into its pairs (order and spelling kept,
    /// unknown keys kept), refusing a key given twice under `keys`.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::NotUtf8`], [`DecodeProblem::Duplicate`], or what the envelope
    /// refuses; the raw input attached.
    fn open_form(&self, raw: &[u8], keys: KeyCase) -> Result<WireObject, DecodeError>;

    /// The `key=value&...` text a received message's pairs are read from (the input in
    /// clear, or the decrypted payload), and whether it is percent-encoded: what the
    /// one-pass readers split, without a tree. The envelope's own names are checked here
    /// (given once under `keys`); the pairs themselves are checked by the reader.
    ///
    /// # Errors
    ///
    /// [`DecodeProblem::TooManyEntries`], [`DecodeProblem::Duplicate`] among the envelope's
    /// names, or what the envelope refuses.
    fn payload<'r>(
        &self,
        text: &'r str,
        keys: KeyCase,
    ) -> Result<(Cow<'r, str>, bool), DecodeError>;

    /// Checks the envelope's own integrity on input [`Envelope::open_form`] accepted
    /// (Blowfish: `Len` covers the whole decrypted text). Nothing to check in clear.
    ///
    /// # Errors
    ///
    /// [`VerifyError::Len`].
    fn check_envelope(&self, raw: &[u8]) -> Result<(), VerifyError> {
        let _ = raw;
        Ok(())
    }
}

/// No envelope (`envelope: none`): the parameters travel in clear as a percent-encoded
/// query string or form body, and only the `MAC` vouches for them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoEnvelope;

impl Envelope for NoEnvelope {
    fn payload<'r>(&self, text: &'r str, _: KeyCase) -> Result<(Cow<'r, str>, bool), DecodeError> {
        // The reader checks the names (and counts them) as it reads them.
        Ok((Cow::Borrowed(text.trim()), true))
    }

    fn open_form(&self, raw: &[u8], keys: KeyCase) -> Result<WireObject, DecodeError> {
        let text = super::utf8(raw)?;
        super::check_pair_count(text).map_err(|err| err.with_raw(raw))?;
        let object = from_pairs(crypto::Pairs::parse_query(text.trim()).into_vec());
        object.check_unique(keys).map_err(|err| err.with_raw(raw))?;
        Ok(object)
    }
}

/// The Blowfish-ECB `Len`/`Data` envelope (`envelope: blowfish-ecb`, Computop): see
/// [`open`] and [`check_len`].
#[cfg(feature = "blowfish-envelope")]
impl Envelope for Cipher {
    fn payload<'r>(
        &self,
        text: &'r str,
        keys: KeyCase,
    ) -> Result<(Cow<'r, str>, bool), DecodeError> {
        use crate::wire::pull::form::{check_unique_names, clear_names, envelope_parts};
        let text = text.trim();
        let parts = envelope_parts(text);
        if parts.pairs > super::MAX_ENTRIES {
            return Err(DecodeError::input(DecodeProblem::TooManyEntries {
                limit: super::MAX_ENTRIES,
            }));
        }
        if parts.data.is_none() {
            // Parameters in clear: the reader checks their names (and counts them) as it
            // reads them.
            return Ok((Cow::Borrowed(text), true));
        }
        check_unique_names(clear_names(text), keys)?;
        let plain = crypto::decrypt_given(self, parts.data.as_deref(), parts.len.as_deref())
            .map_err(|err| DecodeError::input(DecodeProblem::Envelope(err)))?
            .unwrap_or_default();
        Ok((Cow::Owned(plain), false))
    }

    fn open_form(&self, raw: &[u8], keys: KeyCase) -> Result<WireObject, DecodeError> {
        let text = super::utf8(raw)?;
        let text = text.trim();
        // Counted before anything is split, outside the envelope and inside it: each pair
        // costs a tree entry, and `a&a&...` would otherwise cost 50 bytes per byte.
        super::check_pair_count(text).map_err(|err| err.with_raw(raw))?;
        let outer = crypto::Pairs::parse_query(text);
        from_pairs(outer.iter())
            .check_unique(keys)
            .map_err(|err| err.with_raw(raw))?;
        let plain = crypto::decrypt_response(self, &outer)
            .map_err(|err| DecodeError::input(DecodeProblem::Envelope(err)).with_raw(raw))?;
        let object = match plain {
            Some(plain) => {
                super::check_pair_count(&plain).map_err(|err| err.with_raw(raw))?;
                from_pairs(crypto::Pairs::parse(&plain).into_vec())
            }
            None => from_pairs(outer.into_vec()),
        };
        object.check_unique(keys).map_err(|err| err.with_raw(raw))?;
        Ok(object)
    }

    fn check_envelope(&self, raw: &[u8]) -> Result<(), VerifyError> {
        check_len(raw, self)
    }
}

/// The MAC input as `mac` says: the values of `parts` (names matched under `mac.keys`),
/// joined by `mac.separator`; a missing part is empty and keeps its separator. Holds no
/// secret.
#[must_use]
pub fn mac_input_with(object: &WireObject, mac: &MacInfo, parts: &[&str]) -> String {
    parts
        .iter()
        .map(|part| {
            object
                .get_with(part, mac.keys)
                .and_then(WireValue::scalar_text)
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(mac.separator)
}

/// Computes the `MAC` (HMAC-SHA256 over `mac.request`, uppercase hex) and stores it in
/// `mac.field`, replacing one already there (matched under `mac.keys`) in place, or
/// appending it.
#[cfg(feature = "hmac-sha256")]
pub fn sign_with(object: &mut WireObject, key: &HmacKey, mac: &MacInfo) {
    let input = mac_input_with(object, mac, mac.request);
    let value = crate::mac::hmac_sha256_hex(key, &input);
    object.set_with(mac.field, value, mac.keys);
}

/// Checks the `MAC` in `mac.field` against the HMAC-SHA256 over `parts` (`mac.request` or
/// `mac.response`), names matched under `mac.keys`: hex in either case, compared in
/// constant time.
#[must_use]
#[cfg(feature = "hmac-sha256")]
pub fn verify_with(object: &WireObject, key: &HmacKey, mac: &MacInfo, parts: &[&str]) -> MacStatus {
    match object
        .get_with(mac.field, mac.keys)
        .and_then(WireValue::scalar_text)
    {
        None => MacStatus::Absent,
        Some(given) if given.is_empty() => MacStatus::Absent,
        Some(given) => {
            let input = mac_input_with(object, mac, parts);
            if crate::mac::verify_hmac_sha256_hex(key, &input, &given) {
                MacStatus::Valid
            } else {
                MacStatus::Invalid
            }
        }
    }
}

/// [`verify_with`] over texts already in hand (a typed response's fields): `texts` are the
/// values of `mac.response` in order, `given` the `MAC` received.
#[cfg(feature = "hmac-sha256")]
#[must_use]
pub fn verify_texts(texts: &[&str], given: &str, key: &HmacKey, mac: &MacInfo) -> MacStatus {
    if given.is_empty() {
        return MacStatus::Absent;
    }
    let input = texts.join(mac.separator);
    if crate::mac::verify_hmac_sha256_hex(key, &input, given) {
        MacStatus::Valid
    } else {
        MacStatus::Invalid
    }
}

/// Opens a received form message through `envelope` and proves it genuine: keys unique
/// under `mac.keys`, the envelope's own check, then the `MAC` over `mac.response`.
///
/// # Errors
///
/// [`VerifyError::Envelope`], [`VerifyError::Len`], [`VerifyError::MacAbsent`] or
/// [`VerifyError::MacWrong`].
#[cfg(feature = "hmac-sha256")]
pub fn open_verified_with<E: Envelope + ?Sized>(
    input: impl AsRef<[u8]>,
    envelope: &E,
    key: &HmacKey,
    mac: &MacInfo,
) -> Result<WireObject, VerifyError> {
    let raw = input.as_ref();
    let tree = envelope
        .open_form(raw, mac.keys)
        .map_err(VerifyError::Envelope)?;
    envelope.check_envelope(raw)?;
    match verify_with(&tree, key, mac, mac.response) {
        MacStatus::Valid => Ok(tree),
        MacStatus::Absent => Err(VerifyError::MacAbsent { field: mac.field }),
        MacStatus::Invalid => Err(VerifyError::MacWrong { field: mac.field }),
    }
}

/// The decoding without proof every generated `from_query_unverified` runs: opens the input
/// with `envelope` and reads the type in one pass from its pairs (names matched as its spec
/// says; `keys` is the rule the envelope's own names are checked under); an error keeps the
/// raw input.
///
/// # Errors
///
/// The envelope's or the type's [`DecodeError`](crate::wire::DecodeError).
#[doc(hidden)]
pub fn read_unverified<T: crate::wire::pull::ReadFields, E: Envelope + ?Sized>(
    input: &[u8],
    envelope: &E,
    keys: KeyCase,
) -> Result<T, crate::wire::DecodeError> {
    let text = super::utf8(input)?;
    let (payload, encoded) = envelope
        .payload(text, keys)
        .map_err(|err| err.with_raw(input))?;
    crate::wire::pull::form::read_pairs(&payload, encoded).map_err(|err| err.with_raw(input))
}

/// [`read_unverified`] through the Blowfish envelope, reading a message in clear in one pass
/// and opening the envelope only where a `Data` name is found.
///
/// # Errors
///
/// As [`read_unverified`].
#[cfg(feature = "blowfish-envelope")]
#[doc(hidden)]
pub fn read_unverified_sealed<T: crate::wire::pull::ReadFields>(
    input: &[u8],
    cipher: &Cipher,
    keys: KeyCase,
) -> Result<T, crate::wire::DecodeError> {
    let text = super::utf8(input)?;
    let read = match crate::wire::pull::form::read_clear_or_sealed(text.trim()) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => cipher
            .payload(text, keys)
            .and_then(|(payload, encoded)| crate::wire::pull::form::read_pairs(&payload, encoded)),
        Err(err) => Err(err),
    };
    read.map_err(|err| err.with_raw(input))
}

/// The verified decoding every generated `from_query` / `from_query_for` runs: opens and
/// proves the input ([`open_verified_with`]), reads the type with `read` (its `from_wire`) and
/// validates it with `check` (`validate`, or `validate_with_request`), each failure as the
/// [`VerifyError`] that names the step.
///
/// # Errors
///
/// As [`open_verified_with`], then [`VerifyError::Decode`] (with the raw input) or
/// [`VerifyError::Violations`].
#[cfg(feature = "hmac-sha256")]
#[doc(hidden)]
pub fn read_verified<T, E: Envelope + ?Sized>(
    input: &[u8],
    envelope: &E,
    key: &HmacKey,
    mac: &MacInfo,
    read: impl FnOnce(&WireObject) -> Result<T, crate::wire::DecodeError>,
    check: impl FnOnce(&T) -> Result<(), crate::Violations>,
) -> Result<T, VerifyError> {
    let tree = open_verified_with(input, envelope, key, mac)?;
    let value = read(&tree).map_err(|err| VerifyError::Decode(err.with_raw(input)))?;
    check(&value).map_err(VerifyError::Violations)?;
    Ok(value)
}

/// A request without an envelope (`envelope: none`): signed as `mac` says (the `MAC`
/// computed here over the values exactly as they are sent, replacing any in the tree),
/// then written as a percent-encoded `key=value&...` body in wire order.
///
/// # Errors
///
/// As [`to_pairs`].
#[cfg(feature = "hmac-sha256")]
pub fn to_form_signed(
    object: &WireObject,
    key: &HmacKey,
    mac: &MacInfo,
) -> Result<String, EncodeError> {
    let mut signed = object.clone();
    sign_with(&mut signed, key, mac);
    to_form(&signed)
}

/// A flat object as a percent-encoded `key=value&...` body in wire order (no envelope, no
/// `MAC`).
///
/// # Errors
///
/// As [`to_pairs`].
pub fn to_form(object: &WireObject) -> Result<String, EncodeError> {
    let pairs = to_pairs(object)?;
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    Ok(crypto::encode_query(&borrowed))
}
