//! The form transport driven by a spec's protocol traits (`wire::form::{Envelope,
//! NoEnvelope, sign_with, verify_with, open_verified_with, to_form_signed}`), without the
//! Blowfish envelope: the separator and the key matching come from `MacInfo`, never from
//! Computop's conventions.

use pspec_runtime::mac::{HmacKey, hmac_sha256_hex};
use pspec_runtime::wire::catalog::MacInfo;
use pspec_runtime::wire::form::{self, Envelope, MacStatus, NoEnvelope, VerifyError};
use pspec_runtime::wire::{KeyCase, WireObject};

const EXACT: MacInfo = MacInfo {
    field: "Sig",
    request: &["Ref", "Amount"],
    response: &["Ref", "Status"],
    clear: &[],
    separator: "|",
    keys: KeyCase::Exact,
};

fn key() -> HmacKey {
    HmacKey::new("test key")
}

fn tree(pairs: &[(&str, &str)]) -> WireObject {
    form::from_pairs(pairs.iter().copied())
}

#[test]
fn sign_with_joins_by_the_separator_and_matches_names_exactly() {
    let mut request = tree(&[("Ref", "R1"), ("Amount", "100")]);
    form::sign_with(&mut request, &key(), &EXACT);
    let expected = hmac_sha256_hex(&key(), "R1|100");
    assert_eq!(request.text("Sig", KeyCase::Exact), Some(expected.as_str()));
    // `amount` is not `Amount` under exact keys: it counts as missing (empty).
    let mut other = tree(&[("Ref", "R1"), ("amount", "100")]);
    form::sign_with(&mut other, &key(), &EXACT);
    let empty = hmac_sha256_hex(&key(), "R1|");
    assert_eq!(other.text("Sig", KeyCase::Exact), Some(empty.as_str()));
}

#[test]
fn no_envelope_reads_percent_encoded_pairs_and_refuses_twins_under_its_keys() {
    let read = NoEnvelope
        .open_form(b"Ref=R%201&Status=OK", KeyCase::Exact)
        .expect("reads");
    assert_eq!(read.text("Ref", KeyCase::Exact), Some("R 1"));
    // Exact keys: `Status` and `status` are two keys; any case: one key given twice.
    assert!(
        NoEnvelope
            .open_form(b"Status=OK&status=NO", KeyCase::Exact)
            .is_ok()
    );
    assert!(
        NoEnvelope
            .open_form(b"Status=OK&status=NO", KeyCase::Insensitive)
            .is_err()
    );
    assert!(
        NoEnvelope
            .open_form(b"Status=OK&Status=NO", KeyCase::Exact)
            .is_err()
    );
}

#[test]
fn open_verified_with_no_envelope_checks_the_mac_only() {
    let sig = hmac_sha256_hex(&key(), "R1|OK");
    let body = format!("Ref=R1&Status=OK&Sig={sig}");
    let tree = form::open_verified_with(&body, &NoEnvelope, &key(), &EXACT).expect("verifies");
    assert_eq!(
        form::verify_with(&tree, &key(), &EXACT, EXACT.response),
        MacStatus::Valid
    );
    let tampered = body.replace("Status=OK", "Status=KO");
    assert!(matches!(
        form::open_verified_with(&tampered, &NoEnvelope, &key(), &EXACT),
        Err(VerifyError::MacWrong { field: "Sig" })
    ));
    let renamed = body.replace("Sig=", "SIG=");
    assert!(matches!(
        form::open_verified_with(&renamed, &NoEnvelope, &key(), &EXACT),
        Err(VerifyError::MacAbsent { field: "Sig" })
    ));
}

#[test]
fn to_form_signed_signs_what_it_sends() {
    let request = tree(&[("Ref", "R 1"), ("Amount", "100"), ("Sig", "stale")]);
    let body = form::to_form_signed(&request, &key(), &EXACT).expect("encodes");
    let sig = hmac_sha256_hex(&key(), "R 1|100");
    assert_eq!(body, format!("Ref=R%201&Amount=100&Sig={sig}"));
}
