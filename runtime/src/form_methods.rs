//! The methods every form operation shares, written once (issue 11, point 4): a generated
//! request declares its `MAC` constant (what the spec's `mac` covers) and a response names
//! its request; one of these macros then supplies signing, encoding and verified decoding,
//! instead of the same bodies being generated again for every operation.
//!
//! Two protocols, as the spec's `envelope` says: `sealed_*` for the Blowfish `Len`/`Data`
//! envelope (the calls take the `Cipher`), `clear_*` for a percent-encoded body with no
//! envelope (the calls take the HMAC key alone).

/// The `MAC` input of a request type with a `MAC` constant. The request has no `MAC` field:
/// the signing calls (`to_envelope`, `to_plain`, `to_form`) compute it over the text they
/// send, so an app never fills it and a stale one cannot be sent (issue 14).
#[doc(hidden)]
#[cfg(feature = "hmac-sha256")]
#[doc(hidden)]
#[macro_export]
macro_rules! form_sign {
    () => {
        /// The fields the `MAC` is computed over, in order (a missing one counts as empty).
        /// The request holds no `MAC`: the calls that send it compute one over these fields
        /// as they go on the wire.
        pub const MAC_INPUT: &'static [&'static str] = Self::MAC.request;
    };
}

/// `from_query_unverified` of a response sent in the Blowfish envelope: `signed` when the
/// operation has a `MAC` (the doc then warns that nothing is proven), `unsigned` when not;
/// `$case` is the `KeyCase` variant the spec's `keys` gives.
#[doc(hidden)]
#[cfg(feature = "blowfish-envelope")]
#[doc(hidden)]
#[macro_export]
macro_rules! sealed_form_unverified {
    (signed, $case:ident) => {
        /// For diagnostics only: reads a response or notify without proving it genuine (no
        /// `Len`, `MAC` or spec check), so a forged clear-text `Status=OK` reads as well as a
        /// real one. Trust nothing it returns; use [`Self::from_query`]. Input as
        /// `from_query` takes it; unknown keys ignored; errors keep the raw input.
        pub fn from_query_unverified(
            input: impl AsRef<[u8]>,
            cipher: &$crate::computop_crypto::Cipher,
        ) -> Result<Self, $crate::wire::DecodeError> {
            $crate::wire::form::read_unverified_sealed(
                input.as_ref(),
                cipher,
                $crate::wire::KeyCase::$case,
            )
        }
    };
    (unsigned, $case:ident) => {
        /// Reads a response or notify as Paygate sends it: a query string or form body
        /// holding `Len` and `Data` (decrypted with `cipher`, hex in either case, cut to
        /// `Len`), or plain parameters; unknown keys ignored. Errors keep the raw input. The
        /// spec gives this operation no `MAC`: nothing proves the message genuine.
        pub fn from_query_unverified(
            input: impl AsRef<[u8]>,
            cipher: &$crate::computop_crypto::Cipher,
        ) -> Result<Self, $crate::wire::DecodeError> {
            $crate::wire::form::read_unverified_sealed(
                input.as_ref(),
                cipher,
                $crate::wire::KeyCase::$case,
            )
        }
    };
}

/// The signing and encoding methods of a request sent in the Blowfish envelope with a `MAC`:
/// `MAC_INPUT`, `to_plain`, `to_envelope`. The type declares `const MAC: MacInfo`.
#[doc(hidden)]
#[cfg(all(feature = "blowfish-envelope", feature = "hmac-sha256"))]
#[doc(hidden)]
#[macro_export]
macro_rules! sealed_form_request {
    () => {
        $crate::form_sign!();

        /// The plain `key=value&...` payload in spec order, unescaped, signed under `hmac`
        /// (what [`Self::to_envelope`] encrypts and `Len` counts).
        pub fn to_plain(
            &self,
            hmac: &$crate::mac::HmacKey,
        ) -> Result<String, $crate::wire::EncodeError> {
            let mut sink =
                $crate::wire::PairSink::signing($crate::wire::PairMode::Plain, &Self::MAC);
            self.write_fields(&mut sink);
            sink.finish_signed(hmac)
        }

        /// The request as Paygate takes it: signed under `hmac` (the `MAC` computed here over
        /// the values exactly as they are sent, replacing whatever the struct holds), the
        /// plain payload encrypted under `cipher` (`Len`, `Data`) next to the clear
        /// parameters; send
        /// [`SealedRequest::to_query`]($crate::wire::form::SealedRequest::to_query).
        pub fn to_envelope(
            &self,
            hmac: &$crate::mac::HmacKey,
            cipher: &$crate::computop_crypto::Cipher,
        ) -> Result<$crate::wire::form::SealedRequest, $crate::wire::EncodeError> {
            let mut sink =
                $crate::wire::PairSink::signing($crate::wire::PairMode::Plain, &Self::MAC);
            self.write_fields(&mut sink);
            sink.finish_sealed(hmac, cipher)
        }
    };
}

/// The verified decoding of a response sent in the Blowfish envelope with a `MAC`:
/// `MAC_INPUT`, `from_query`, `from_query_for`. `$request` is the type holding the `MAC`
/// constant.
#[doc(hidden)]
#[cfg(all(feature = "blowfish-envelope", feature = "hmac-sha256"))]
#[doc(hidden)]
#[macro_export]
macro_rules! sealed_form_response {
    ($request:ident) => {
        /// The fields the response `MAC` is computed over, in order.
        pub const MAC_INPUT: &'static [&'static str] = $request::MAC.response;

        /// Reads a response or notify as Paygate sends it (a query string or form body
        /// holding `Len` and `Data`, or the parameters in clear) and proves it genuine, in one
        /// call: opens the envelope with `cipher` (hex in either case), checks that `Len`
        /// covers the whole decrypted text, checks the `MAC` (HMAC-SHA256 under `hmac` over
        /// the fields of [`Self::MAC_INPUT`], hex in either case, compared in constant time),
        /// then validates the response against its spec. Unknown keys ignored. Use
        /// [`Self::from_query_for`] to also check it against the request it answers.
        ///
        /// # Errors
        ///
        /// Which check failed: [`VerifyError::Envelope`]($crate::wire::form::VerifyError::Envelope),
        /// `Len`, `MacAbsent`, `MacWrong`, `Decode` or `Violations`.
        pub fn from_query(
            input: impl AsRef<[u8]>,
            hmac: &$crate::mac::HmacKey,
            cipher: &$crate::computop_crypto::Cipher,
        ) -> Result<Self, $crate::wire::form::VerifyError> {
            $crate::wire::form::read_verified(
                input.as_ref(),
                cipher,
                hmac,
                &$request::MAC,
                Self::from_wire,
                Self::validate,
            )
        }

        /// [`Self::from_query`], validating against `request`, the request this answers:
        /// conditions naming the request, and the fields that must hand back the request's
        /// values (merchant, `TransID`, ...), so that an answer for another payment is
        /// refused (`request_mismatch`).
        ///
        /// # Errors
        ///
        /// As [`Self::from_query`].
        pub fn from_query_for(
            input: impl AsRef<[u8]>,
            request: &$request,
            hmac: &$crate::mac::HmacKey,
            cipher: &$crate::computop_crypto::Cipher,
        ) -> Result<Self, $crate::wire::form::VerifyError> {
            $crate::wire::form::read_verified(
                input.as_ref(),
                cipher,
                hmac,
                &$request::MAC,
                Self::from_wire,
                |response| response.validate_with_request(request),
            )
        }
    };
}

/// `verify_mac` of a response that carries its own `MAC` field; `$request` holds the `MAC`
/// constant.
#[doc(hidden)]
#[cfg(all(feature = "form", feature = "hmac-sha256"))]
#[doc(hidden)]
#[macro_export]
macro_rules! form_verify_mac {
    ($request:ident, typed) => {
        /// Checks the response's `MAC` against the HMAC over the fields of
        /// [`Self::MAC_INPUT`] as this struct holds them (hex in either case, compared in
        /// constant time). A status for diagnostics: [`Self::from_query`] verifies the
        /// received text and refuses what does not verify.
        pub fn verify_mac(&self, key: &$crate::mac::HmacKey) -> $crate::wire::form::MacStatus {
            let (texts, given) = self.mac_texts();
            $crate::wire::form::verify_texts(&texts, given, key, &$request::MAC)
        }
    };
    ($request:ident) => {
        /// Checks the response's `MAC` against the HMAC over the fields of
        /// [`Self::MAC_INPUT`] as this struct re-encodes them (hex in either case, compared in
        /// constant time). A status for diagnostics: [`Self::from_query`] verifies the
        /// received text and refuses what does not verify.
        pub fn verify_mac(&self, key: &$crate::mac::HmacKey) -> $crate::wire::form::MacStatus {
            $crate::wire::form::verify_with(&self.to_wire(), key, &$request::MAC, Self::MAC_INPUT)
        }
    };
}

/// `from_query_unverified` of a response read from a percent-encoded body with no envelope:
/// `signed` when the operation has a `MAC`, `unsigned` when not; `$case` is the `KeyCase`
/// variant the spec's `keys` gives.
#[doc(hidden)]
#[cfg(feature = "form")]
#[doc(hidden)]
#[macro_export]
macro_rules! clear_form_unverified {
    (signed, $case:ident) => {
        /// For diagnostics only: reads a response or notify without proving it genuine (no
        /// `MAC` or spec check), so a forged message reads as well as a real one. Trust
        /// nothing it returns; use [`Self::from_query`]. A percent-encoded query string or
        /// form body; a key given twice refused, unknown keys ignored; errors keep the raw
        /// input.
        pub fn from_query_unverified(
            input: impl AsRef<[u8]>,
        ) -> Result<Self, $crate::wire::DecodeError> {
            $crate::wire::form::read_unverified(
                input.as_ref(),
                &$crate::wire::form::NoEnvelope,
                $crate::wire::KeyCase::$case,
            )
        }
    };
    (unsigned, $case:ident) => {
        /// Reads a response or notify from a percent-encoded query string or form body; a key
        /// given twice refused, unknown keys ignored. Errors keep the raw input. The spec
        /// gives this operation no `mac`: nothing proves the message genuine.
        pub fn from_query_unverified(
            input: impl AsRef<[u8]>,
        ) -> Result<Self, $crate::wire::DecodeError> {
            $crate::wire::form::read_unverified(
                input.as_ref(),
                &$crate::wire::form::NoEnvelope,
                $crate::wire::KeyCase::$case,
            )
        }
    };
}

/// `to_form` of a request with no envelope and no `MAC`.
#[doc(hidden)]
#[cfg(feature = "form")]
#[doc(hidden)]
#[macro_export]
macro_rules! clear_form_unsigned_request {
    () => {
        /// The request as a percent-encoded `key=value&...` body in spec order. The spec
        /// gives this operation no `mac`: nothing signs it.
        pub fn to_form(&self) -> Result<String, $crate::wire::EncodeError> {
            $crate::wire::PairSink::encode($crate::wire::PairMode::Form, |sink| {
                self.write_fields(sink)
            })
        }
    };
}

/// The signing and encoding methods of a request with no envelope and a `MAC`: `MAC_INPUT`,
/// `MAC_INPUT`, `to_form`. The type declares `const MAC: MacInfo`.
#[doc(hidden)]
#[cfg(all(feature = "form", feature = "hmac-sha256"))]
#[doc(hidden)]
#[macro_export]
macro_rules! clear_form_request {
    () => {
        $crate::form_sign!();

        /// The request as a percent-encoded `key=value&...` body in spec order, signed under
        /// `hmac` (the `MAC` computed here over the values exactly as they are sent,
        /// replacing whatever the struct holds).
        pub fn to_form(
            &self,
            hmac: &$crate::mac::HmacKey,
        ) -> Result<String, $crate::wire::EncodeError> {
            let mut sink =
                $crate::wire::PairSink::signing($crate::wire::PairMode::Form, &Self::MAC);
            self.write_fields(&mut sink);
            sink.finish_signed(hmac)
        }
    };
}

/// The verified decoding of a response read from a percent-encoded body with a `MAC` and no
/// envelope: `MAC_INPUT`, `from_query`, `from_query_for`.
#[doc(hidden)]
#[cfg(all(feature = "form", feature = "hmac-sha256"))]
#[doc(hidden)]
#[macro_export]
macro_rules! clear_form_response {
    ($request:ident) => {
        /// The fields the response `MAC` is computed over, in order.
        pub const MAC_INPUT: &'static [&'static str] = $request::MAC.response;

        /// Reads a response or notify (a percent-encoded query string or form body; a key
        /// given twice refused, unknown keys ignored) and proves it genuine, in one call:
        /// checks the `MAC` (HMAC-SHA256 under `hmac` over the fields of
        /// [`Self::MAC_INPUT`], hex in either case, compared in constant time), then
        /// validates the response against its spec. Use [`Self::from_query_for`] to also
        /// check it against the request it answers.
        ///
        /// # Errors
        ///
        /// Which check failed: [`VerifyError::Envelope`]($crate::wire::form::VerifyError::Envelope)
        /// (unreadable input, a key given twice), `MacAbsent`, `MacWrong`, `Decode` or
        /// `Violations`.
        pub fn from_query(
            input: impl AsRef<[u8]>,
            hmac: &$crate::mac::HmacKey,
        ) -> Result<Self, $crate::wire::form::VerifyError> {
            $crate::wire::form::read_verified(
                input.as_ref(),
                &$crate::wire::form::NoEnvelope,
                hmac,
                &$request::MAC,
                Self::from_wire,
                Self::validate,
            )
        }

        /// [`Self::from_query`], validating against `request`, the request this answers
        /// (conditions naming the request, fields that must hand back its values).
        ///
        /// # Errors
        ///
        /// As [`Self::from_query`].
        pub fn from_query_for(
            input: impl AsRef<[u8]>,
            request: &$request,
            hmac: &$crate::mac::HmacKey,
        ) -> Result<Self, $crate::wire::form::VerifyError> {
            $crate::wire::form::read_verified(
                input.as_ref(),
                &$crate::wire::form::NoEnvelope,
                hmac,
                &$request::MAC,
                Self::from_wire,
                |response| response.validate_with_request(request),
            )
        }
    };
}
