//! Computop's form transport: flat `key=value` pairs, the `MAC`, and the Blowfish
//! `Len`/`Data` envelope, over [`WireObject`].
//!
//! Request: [`sign`] fills the `MAC` from the fields the spec names, [`seal`] joins the
//! pairs in wire order (no escaping: Paygate does not percent-decode the decrypted
//! payload), encrypts them and returns the clear parameters ([`SealedRequest`]:
//! `MerchantID`, `Len`, `Data`, percent-encoded by [`SealedRequest::to_query`]).
//!
//! Response or notify: [`open`] takes the raw query string or form body, decrypts `Data`
//! when there is one (hex in either case, cut to `Len`), splits on `&` and the first `=`,
//! and keeps every key in its received spelling, unknown keys included; look keys up with
//! [`KeyCase::Insensitive`]. [`verify`] then checks the `MAC` in constant time.

use ::pspec::runtime::computop_crypto::{self as crypto, Cipher, HmacKey};

use super::error::{DecodeError, DecodeProblem, EncodeError, EncodeProblem};
use super::value::{KeyCase, WireObject, WireValue};

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
pub struct SealedRequest {
    /// The clear parameters, in order.
    pub clear: Vec<(String, String)>,
    /// `Len`: the plain payload's length in bytes.
    pub len: usize,
    /// `Data`: the encrypted payload, uppercase hex.
    pub data: String,
}

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

/// Seals a request: the plain payload ([`to_plain`]) encrypted under `cipher`, with the
/// fields named in `clear` (any case; `MerchantID`) copied next to it in clear.
///
/// # Errors
///
/// As [`to_pairs`].
pub fn seal(
    object: &WireObject,
    cipher: &Cipher,
    clear: &[&str],
) -> Result<SealedRequest, EncodeError> {
    let plain = to_plain(object)?;
    let envelope = cipher.encrypt(&plain);
    let clear = clear
        .iter()
        .filter_map(|name| {
            object
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
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
pub fn open(input: impl AsRef<[u8]>, cipher: &Cipher) -> Result<WireObject, DecodeError> {
    let raw = input.as_ref();
    let text = super::utf8(raw)?;
    let text = text.trim();
    from_pairs(crypto::Pairs::parse_query(text).into_vec())
        .check_unique(KeyCase::Insensitive)
        .map_err(|err| err.with_raw(raw))?;
    match crypto::open_response(cipher, text) {
        Ok(pairs) => {
            let object = from_pairs(pairs.into_vec());
            object
                .check_unique(KeyCase::Insensitive)
                .map_err(|err| err.with_raw(raw))?;
            Ok(object)
        }
        Err(err) => Err(DecodeError::input(DecodeProblem::Envelope(err)).with_raw(raw)),
    }
}
