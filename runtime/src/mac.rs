//! Message authentication codes over text, independent of any provider: the HMAC key type
//! and HMAC-SHA256 written as hex. The form transport ([`crate::wire::form`]) computes and
//! checks a spec's `mac` with these; Computop's helpers
//! ([`crate::computop_crypto::mac`]) are the same primitive under their historical names.
//!
//! `Debug` of a key prints `[redacted]`, and keys wipe their HMAC states on drop.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::ZeroizeOnDrop;

type HmacSha256 = Hmac<Sha256>;

/// A merchant's HMAC key (HMAC-SHA256), such as Computop's HMAC password.
///
/// Built from the key's bytes (any length; HMAC hashes keys longer than a SHA-256 block).
/// The HMAC key schedule (inner and outer pad states) is computed once here and reused by
/// every MAC, so build one `HmacKey` per merchant and share it; it is cheap to clone and is
/// `Send + Sync`.
///
/// `Debug` prints `[redacted]`; there is no `Display` and no way to read the key back.
#[derive(Clone)]
pub struct HmacKey {
    keyed: HmacSha256,
}

impl HmacKey {
    /// Builds the key from the password as the provider's merchant account shows it (a
    /// string) or from raw bytes.
    #[must_use]
    pub fn new(password: impl AsRef<[u8]>) -> Self {
        // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
        let Ok(keyed) = <HmacSha256 as KeyInit>::new_from_slice(password.as_ref()) else {
            unreachable!("HMAC accepts keys of every length")
        };
        Self { keyed }
    }

    /// Builds the key from raw bytes; the same as [`HmacKey::new`].
    #[must_use]
    pub fn from_bytes(password: &[u8]) -> Self {
        Self::new(password)
    }

    pub(crate) fn compute(&self, message: &[u8]) -> [u8; 32] {
        let mut mac = self.keyed.clone();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

// The HMAC states (`sha2`'s cores, through hmac's and sha2's `zeroize` features) wipe
// themselves on drop; the `wiped_on_drop` test holds the library to that.
impl ZeroizeOnDrop for HmacKey {}

impl From<&str> for HmacKey {
    fn from(password: &str) -> Self {
        Self::new(password)
    }
}

impl From<&[u8]> for HmacKey {
    fn from(password: &[u8]) -> Self {
        Self::new(password)
    }
}

/// HMAC-SHA256 of `message` under `key`, as 64 **uppercase** hex digits (what a spec's
/// `mac.output: hex` writes).
#[must_use]
pub fn hmac_sha256_hex(key: &HmacKey, message: &str) -> String {
    hex::encode_upper(key.compute(message.as_bytes()))
}

/// Checks `mac_hex` against the HMAC-SHA256 of `message` under `key` (what a spec's
/// `mac.output: hex` reads): either hex case (mixed included), the decoded bytes compared
/// in constant time. Anything that is not exactly 64 hex digits is `false`.
#[must_use]
pub fn verify_hmac_sha256_hex(key: &HmacKey, message: &str, mac_hex: &str) -> bool {
    let Ok(given) = hex::decode(mac_hex.as_bytes()) else {
        return false;
    };
    let expected = key.compute(message.as_bytes());
    // `ct_eq` on slices of different lengths is `false` (and says nothing about content).
    expected.as_slice().ct_eq(given.as_slice()).into()
}
