//! Signatures carried inside received messages, as a spec's `signature:` describes them
//! (Adyen's webhook `hmacSignature`; see `specs/README.md`, "`signature`").
//!
//! A [`Scheme`] says everything: which objects of the message are signed (`scope`, lists
//! crossed, each item on its own), the algorithm, how the merchant's key is written, how the
//! signature is written, what joins the signed values, which values in which order, and
//! where the signature sits. Nothing here knows a provider; the generated code passes the
//! scheme its spec describes.
//!
//! Verification decodes the received signature and compares the bytes with the expected
//! digest in constant time ([`subtle`]); a signature that does not decode is
//! [`SignatureStatus::Invalid`], a missing or empty one [`SignatureStatus::Absent`].
//!
//! ```
//! use pspec_runtime::signature::{Algorithm, KeyEncoding, OutputEncoding, Scheme, SignatureKey, SignatureStatus};
//! use pspec_runtime::wire::json::from_json;
//!
//! // Adyen's public worked example (facts.md): the key is written in hex.
//! let scheme = Scheme {
//!     algorithm: Algorithm::HmacSha256, key: KeyEncoding::Hex, output: OutputEncoding::Base64,
//!     separator: ":", scope: "item",
//!     fields: &["pspReference", "originalReference", "merchantAccountCode", "merchantReference",
//!               "amount.value", "amount.currency", "eventCode", "success"],
//!     at: "additionalData.hmacSignature",
//! };
//! let key = SignatureKey::parse("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056", KeyEncoding::Hex).unwrap();
//! let body = from_json(r#"{"item": {"pspReference": "7914073381342284", "merchantAccountCode": "TestMerchant",
//!     "merchantReference": "TestPayment-1407325143704", "amount": {"value": 1130, "currency": "EUR"},
//!     "eventCode": "AUTHORISATION", "success": "true",
//!     "additionalData": {"hmacSignature": "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="}}}"#).unwrap();
//! let checks = scheme.verify_all(&key, &body);
//! assert_eq!(checks[0].status, SignatureStatus::Valid);
//! ```

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::ZeroizeOnDrop;

use super::Violations;
use super::wire::{DecodeError, WireObject, WireValue, join_fields, scoped_objects};

type HmacSha256 = Hmac<Sha256>;

/// The keyed digest of a [`Scheme`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// HMAC with SHA-256 (32-byte digest).
    HmacSha256,
}

/// How the merchant's key is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyEncoding {
    /// Hex digits (either case), decoded to the key bytes.
    Hex,
    /// The text's UTF-8 bytes as they are.
    Text,
}

impl KeyEncoding {
    /// `hex` or `text`, as in the spec.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyEncoding::Hex => "hex",
            KeyEncoding::Text => "text",
        }
    }
}

/// How a signature is written on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputEncoding {
    /// Standard base64 with padding (RFC 4648 section 4).
    Base64,
    /// Hex digits; either case is read, lowercase is written.
    Hex,
}

/// A signature scheme, as a spec's `signature:` gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scheme {
    /// The digest.
    pub algorithm: Algorithm,
    /// How the key is written.
    pub key: KeyEncoding,
    /// How the signature is written.
    pub output: OutputEncoding,
    /// What joins the signed values.
    pub separator: &'static str,
    /// Dotted path from the message's top to the signed objects; lists on the way are
    /// crossed, each item is one signed object.
    pub scope: &'static str,
    /// Dotted paths inside a signed object, in signing order; a missing value is empty.
    pub fields: &'static [&'static str],
    /// Dotted path inside a signed object to the signature (the last step may be a key of
    /// a string map).
    pub at: &'static str,
}

/// Whether a signed object's signature matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureStatus {
    /// It matches the digest over the signed values under the key.
    Valid,
    /// It is there but does not match (or is not valid base64 or hex).
    Invalid,
    /// There is none, or it is empty.
    Absent,
}

impl SignatureStatus {
    /// `valid`, `invalid` or `absent`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "valid",
            SignatureStatus::Invalid => "invalid",
            SignatureStatus::Absent => "absent",
        }
    }
}

impl fmt::Display for SignatureStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The status of one signed object of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemCheck {
    /// Where the object is, with list positions (`notificationItems[1].NotificationRequestItem`).
    pub path: String,
    /// Its signature's status.
    pub status: SignatureStatus,
}

/// A key that cannot be used; the message never holds the key or any part of it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// No key text at all.
    #[error("the key is empty")]
    Empty,
    /// A hex key with an odd number of digits.
    #[error("the key is not hex: it has an odd number of digits ({0})")]
    OddLength(usize),
    /// A hex key with something other than a hex digit (position counted in characters from 1).
    #[error("the key is not hex: character {0} is not a hex digit (0-9, a-f, A-F)")]
    NotHex(usize),
}

/// The merchant's signature key, ready to sign: the HMAC key schedule is computed once and
/// reused, so build one per merchant and share it.
///
/// `Debug` prints `[redacted]`; there is no `Display` and no way to read the key back. The
/// HMAC state wipes itself on drop (hmac's and sha2's `zeroize` features).
#[derive(Clone)]
pub struct SignatureKey {
    keyed: HmacSha256,
}

impl SignatureKey {
    /// Reads the key as `encoding` says it is written: [`KeyEncoding::Hex`] decodes hex
    /// digits (either case, surrounding whitespace ignored) to bytes, [`KeyEncoding::Text`]
    /// takes the text's bytes.
    ///
    /// # Errors
    ///
    /// [`KeyError`] for an empty key or bad hex, naming the position only.
    pub fn parse(text: &str, encoding: KeyEncoding) -> Result<Self, KeyError> {
        Self::parse_bytes(text.as_bytes(), encoding)
    }

    /// As [`SignatureKey::parse`], from the key as bytes (an option or environment value
    /// that need not be UTF-8): [`KeyEncoding::Text`] takes the bytes as they are,
    /// [`KeyEncoding::Hex`] needs ASCII hex digits.
    ///
    /// # Errors
    ///
    /// As [`SignatureKey::parse`] (a byte that is not a hex digit is
    /// [`KeyError::NotHex`] at its position).
    pub fn parse_bytes(bytes: &[u8], encoding: KeyEncoding) -> Result<Self, KeyError> {
        match encoding {
            KeyEncoding::Text if bytes.is_empty() => Err(KeyError::Empty),
            KeyEncoding::Text => Ok(Self::from_bytes(bytes)),
            KeyEncoding::Hex => {
                let text = bytes.trim_ascii();
                if text.is_empty() {
                    return Err(KeyError::Empty);
                }
                if let Some(at) = text.iter().position(|c| !c.is_ascii_hexdigit()) {
                    return Err(KeyError::NotHex(at + 1));
                }
                if !text.len().is_multiple_of(2) {
                    return Err(KeyError::OddLength(text.len()));
                }
                let bytes =
                    zeroize::Zeroizing::new(hex::decode(text).map_err(|_| KeyError::NotHex(1))?);
                Ok(Self::from_bytes(&bytes))
            }
        }
    }

    /// The key from its raw bytes.
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Self {
        // HMAC takes keys of every length, so this cannot fail.
        let Ok(keyed) = <HmacSha256 as KeyInit>::new_from_slice(bytes) else {
            unreachable!("HMAC accepts keys of every length")
        };
        Self { keyed }
    }

    fn digest(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.keyed.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for SignatureKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl ZeroizeOnDrop for SignatureKey {}

impl Scheme {
    /// The text signed for one signed object: its values at [`Scheme::fields`], joined.
    #[must_use]
    pub fn signing_input(&self, object: &WireObject) -> String {
        join_fields(object, self.fields, self.separator)
    }

    /// The signature of one signed object under `key`, written as the scheme says.
    #[must_use]
    pub fn sign(&self, key: &SignatureKey, object: &WireObject) -> String {
        let digest = self.digest(key, object);
        match self.output {
            OutputEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(digest),
            OutputEncoding::Hex => hex::encode(digest),
        }
    }

    fn digest(&self, key: &SignatureKey, object: &WireObject) -> [u8; 32] {
        match self.algorithm {
            Algorithm::HmacSha256 => key.digest(self.signing_input(object).as_bytes()),
        }
    }

    /// Checks one signed object's signature (at [`Scheme::at`] inside it), comparing the
    /// decoded bytes with the digest in constant time.
    #[must_use]
    pub fn verify(&self, key: &SignatureKey, object: &WireObject) -> SignatureStatus {
        let Some(given) = object
            .get_path(self.at)
            .and_then(WireValue::as_str)
            .filter(|text| !text.is_empty())
        else {
            return SignatureStatus::Absent;
        };
        let decoded = match self.output {
            OutputEncoding::Base64 => base64::engine::general_purpose::STANDARD.decode(given).ok(),
            OutputEncoding::Hex => hex::decode(given).ok(),
        };
        let expected = self.digest(key, object);
        // The length of a digest is public; only the bytes are compared in constant time.
        match decoded {
            Some(bytes) if bool::from(bytes.as_slice().ct_eq(&expected)) => SignatureStatus::Valid,
            _ => SignatureStatus::Invalid,
        }
    }

    /// Every signed object of `message`, in order, with its path (list positions in
    /// brackets); see [`scoped_objects`].
    #[must_use]
    pub fn objects<'a>(&self, message: &'a WireObject) -> Vec<(String, &'a WireObject)> {
        scoped_objects(message, self.scope)
    }

    /// The status of every signed object of `message`, in order.
    #[must_use]
    pub fn verify_all(&self, key: &SignatureKey, message: &WireObject) -> Vec<ItemCheck> {
        self.objects(message)
            .into_iter()
            .map(|(path, object)| ItemCheck {
                path,
                status: self.verify(key, object),
            })
            .collect()
    }

    /// `Ok` when `message` has at least one signed object and every one verifies; else the
    /// first that does not, as [`VerifiedDecodeError`].
    ///
    /// # Errors
    ///
    /// [`VerifiedDecodeError::NothingSigned`] or [`VerifiedDecodeError::Signature`].
    pub fn require_all(
        &self,
        key: &SignatureKey,
        message: &WireObject,
    ) -> Result<(), VerifiedDecodeError> {
        let checks = self.verify_all(key, message);
        if checks.is_empty() {
            return Err(VerifiedDecodeError::NothingSigned { scope: self.scope });
        }
        match checks
            .into_iter()
            .find(|check| check.status != SignatureStatus::Valid)
        {
            Some(check) => Err(VerifiedDecodeError::Signature {
                path: check.path,
                status: check.status,
            }),
            None => Ok(()),
        }
    }
}

/// Why a verified decode refused a message. No variant holds a signature, a key or a field
/// value.
#[derive(Debug, thiserror::Error)]
pub enum VerifiedDecodeError {
    /// The bytes are not a message of this kind (bad JSON, a value of the wrong type).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A signed object's signature is absent or does not match: the message may be forged
    /// or altered, and must not be acted on.
    #[error("{path}: signature {status}; the message is not from the provider or was altered")]
    Signature {
        /// Where the object is (`notificationItems[0].NotificationRequestItem`).
        path: String,
        /// [`SignatureStatus::Absent`] or [`SignatureStatus::Invalid`].
        status: SignatureStatus,
    },
    /// The message holds no signed object at all, so nothing in it is vouched for.
    #[error("no signed object at `{scope}`: nothing to verify")]
    NothingSigned {
        /// The scheme's scope.
        scope: &'static str,
    },
    /// Every signature matches but the message breaks its spec.
    #[error("the message is signed but does not validate: {0}")]
    Invalid(Violations),
}

#[cfg(all(test, feature = "json"))]
mod tests {
    use super::*;
    use crate::wire::json::from_json;

    const SCHEME: Scheme = Scheme {
        algorithm: Algorithm::HmacSha256,
        key: KeyEncoding::Hex,
        output: OutputEncoding::Base64,
        separator: ":",
        scope: "items.item",
        fields: &["psp", "orig", "amount.value", "ok"],
        at: "extra.sig",
    };

    const KEY: &str = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

    #[test]
    fn known_answer_from_facts() {
        // facts.md: Adyen's public worked example, signed text and signature.
        let key = SignatureKey::parse(KEY, KeyEncoding::Hex).unwrap();
        let text =
            "7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true";
        let digest = key.digest(text.as_bytes());
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(digest),
            "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0="
        );
        // Lowercase hex is the same key.
        let lower = SignatureKey::parse(&KEY.to_lowercase(), KeyEncoding::Hex).unwrap();
        assert_eq!(lower.digest(text.as_bytes()), digest);
    }

    #[test]
    fn missing_values_are_empty_and_lists_are_crossed() {
        let key = SignatureKey::parse("00ff", KeyEncoding::Hex).unwrap();
        let mut message = from_json(
            r#"{"items": [{"item": {"psp": "P1", "amount": {"value": 5}, "ok": true, "extra": {}}}, 7,
                {"item": {"psp": "P2", "ok": "false"}}]}"#,
        )
        .unwrap();
        let objects = SCHEME.objects(&message);
        let paths: Vec<&str> = objects.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["items[0].item", "items[2].item"]);
        assert_eq!(SCHEME.signing_input(objects[0].1), "P1::5:true");
        assert_eq!(SCHEME.signing_input(objects[1].1), "P2:::false");
        let checks = SCHEME.verify_all(&key, &message);
        assert!(checks.iter().all(|c| c.status == SignatureStatus::Absent));

        // Sign the first item; the second stays unsigned.
        let signature = SCHEME.sign(&key, objects[0].1);
        let Some(WireValue::List(items)) = message.get_mut("items") else {
            panic!()
        };
        let Some(WireValue::Object(first)) = items.get_mut(0) else {
            panic!()
        };
        let Some(WireValue::Object(item)) = first.get_mut("item") else {
            panic!()
        };
        let Some(WireValue::Object(extra)) = item.get_mut("extra") else {
            panic!()
        };
        extra.push("sig", WireValue::text(signature));
        let statuses: Vec<SignatureStatus> = SCHEME
            .verify_all(&key, &message)
            .into_iter()
            .map(|c| c.status)
            .collect();
        assert_eq!(statuses, [SignatureStatus::Valid, SignatureStatus::Absent]);
        let err = SCHEME.require_all(&key, &message).unwrap_err();
        assert_eq!(
            err.to_string(),
            "items[2].item: signature absent; the message is not from the provider or was altered"
        );

        // Another key, or garbage in place of base64, is invalid.
        let other = SignatureKey::parse("00fe", KeyEncoding::Hex).unwrap();
        assert_eq!(
            SCHEME.verify_all(&other, &message)[0].status,
            SignatureStatus::Invalid
        );
    }

    #[test]
    fn bad_keys_name_the_position_only() {
        assert_eq!(
            SignatureKey::parse("  ", KeyEncoding::Hex).unwrap_err(),
            KeyError::Empty
        );
        assert_eq!(
            SignatureKey::parse("abcg", KeyEncoding::Hex).unwrap_err(),
            KeyError::NotHex(4)
        );
        assert_eq!(
            SignatureKey::parse("abc", KeyEncoding::Hex).unwrap_err(),
            KeyError::OddLength(3)
        );
        assert_eq!(
            SignatureKey::parse("", KeyEncoding::Text).unwrap_err(),
            KeyError::Empty
        );
        let message = KeyError::NotHex(4).to_string();
        assert!(!message.contains("abcg"));
        assert_eq!(
            format!("{:?}", SignatureKey::parse(KEY, KeyEncoding::Hex).unwrap()),
            "[redacted]"
        );
    }

    #[test]
    fn nothing_signed_is_an_error() {
        let key = SignatureKey::from_bytes(b"k");
        let message = from_json(r#"{"items": []}"#).unwrap();
        assert!(matches!(
            SCHEME.require_all(&key, &message),
            Err(VerifiedDecodeError::NothingSigned {
                scope: "items.item"
            })
        ));
    }
}
