//! The verified path of the crate API (issue 10, points 2 to 4): a Computop answer is
//! trusted only when its envelope opens, its `Len` covers the text, its `MAC` verifies and
//! it validates (against its request, when given); a request is sealed only signed, over
//! the values exactly as they are sent.
// The fixture requests are JSON, read with the json codec that comes with `adyen`.
#![cfg(all(feature = "computop", feature = "adyen"))]

use pspec::computop::{QrcodeResponse, WechatRequest, WechatResponse};
use pspec::runtime::computop_crypto::{
    BlowfishKey, Cipher, HmacKey, encode_pairs, mac, response_mac,
};
use pspec::runtime::wire::form::{self, VerifyError};
use pspec::runtime::wire::{KeyCase, json};
use pspec::runtime::{RuleKind, Violation};

/// The test keys of tests/fixtures/wire/ (made-up passwords).
fn hmac() -> HmacKey {
    HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w")
}

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("16-byte key")
}

const PAY_ID: &str = "5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a";
const XID: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

/// A WeChat notify as Paygate sends it, sealed under the test key: `pairs`, then the
/// `MAC` computed under `key` over PayID*TransID*mid*Status*Code (left out when `None`).
fn sealed(pairs: &[(&str, &str)], key: Option<&HmacKey>) -> String {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| *v)
    };
    let signature = key.map(|key| {
        response_mac(
            key,
            get("PayID"),
            get("TransID"),
            get("mid"),
            get("Status"),
            get("Code"),
        )
    });
    let mut all: Vec<(&str, &str)> = pairs.to_vec();
    if let Some(signature) = &signature {
        all.push(("MAC", signature));
    }
    let envelope = cipher().encrypt(&encode_pairs(&all));
    format!("Len={}&Data={}", envelope.len, envelope.data)
}

fn notify_pairs<'a>(trans_id: &'a str, mid: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("mid", mid),
        ("PayID", PAY_ID),
        ("XID", XID),
        ("TransID", trans_id),
        ("Status", "OK"),
        ("Description", "success"),
        ("Code", "00000000"),
    ]
}

/// The request of tests/fixtures/wire/computop-w2a-fixed.json (TransID T-1001).
fn request() -> WechatRequest {
    let tree = json::from_json(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/wire/computop-w2a-fixed.json"
        ))
        .expect("fixture present"),
    )
    .expect("fixture is JSON");
    WechatRequest::from_wire(&tree).expect("fixture reads")
}

fn violations(err: VerifyError) -> Vec<Violation> {
    match err {
        VerifyError::Violations(found) => found.as_slice().to_vec(),
        other => panic!("expected violations, got {other}"),
    }
}

// ---------------------------------------------------------------------------------------
// Point 2: verified by default
// ---------------------------------------------------------------------------------------

#[test]
fn a_genuine_notify_verifies_and_validates_in_one_call() {
    let input = sealed(&notify_pairs("T-1001", "Generic3DSTest"), Some(&hmac()));
    let response = WechatResponse::from_query(&input, &hmac(), &cipher()).expect("genuine");
    assert_eq!(response.trans_id, "T-1001");
    assert_eq!(response.code.code(), "00000000");
    // The lowercase hex some integrations send verifies too.
    let lower = input
        .to_lowercase()
        .replace("len=", "Len=")
        .replace("data=", "Data=");
    assert!(WechatResponse::from_query(&lower, &hmac(), &cipher()).is_ok());
}

#[test]
fn a_forged_clear_text_success_without_mac_is_refused() {
    let forged = "mid=Generic3DSTest&PayID=5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a&XID=a1b2c3d4e5f60718293a4b5c6d7e8f90&TransID=T-1001&Status=OK&Description=success&Code=00000000";
    assert_eq!(
        WechatResponse::from_query(forged, &hmac(), &cipher()),
        Err(VerifyError::MacAbsent { field: "MAC" })
    );
    // Only the path named for diagnostics reads it, and says nothing about trust.
    let lenient = WechatResponse::from_query_unverified(forged, &cipher()).expect("reads");
    assert_eq!(lenient.code.code(), "00000000");
    // The bare forgery of the issue: absent MAC reported before anything else.
    assert_eq!(
        WechatResponse::from_query("Status=OK&Code=00000000", &hmac(), &cipher()),
        Err(VerifyError::MacAbsent { field: "MAC" })
    );
}

#[test]
fn a_mac_under_another_key_or_over_other_values_is_wrong() {
    let other_key = sealed(
        &notify_pairs("T-1001", "Generic3DSTest"),
        Some(&HmacKey::new("not-the-key")),
    );
    assert_eq!(
        WechatResponse::from_query(&other_key, &hmac(), &cipher()),
        Err(VerifyError::MacWrong { field: "MAC" })
    );
    // A MAC copied from a refused notify onto a success.
    let refused = response_mac(
        &hmac(),
        PAY_ID,
        "T-1001",
        "Generic3DSTest",
        "FAILED",
        "22060001",
    );
    let mut pairs = notify_pairs("T-1001", "Generic3DSTest");
    pairs.push(("MAC", &refused));
    let input = sealed(&pairs, None);
    assert_eq!(
        WechatResponse::from_query(&input, &hmac(), &cipher()),
        Err(VerifyError::MacWrong { field: "MAC" })
    );
}

#[test]
fn a_len_cut_short_is_refused_before_the_mac() {
    let input = sealed(&notify_pairs("T-1001", "Generic3DSTest"), Some(&hmac()));
    let (len, data) = input.split_once("&Data=").expect("envelope");
    let len: usize = len.trim_start_matches("Len=").parse().expect("digits");
    // 70 bytes fewer: the MAC and its key fall outside Len.
    let short = format!("Len={}&Data={data}", len - 70);
    assert!(matches!(
        WechatResponse::from_query(&short, &hmac(), &cipher()),
        Err(VerifyError::Len { .. })
    ));
    // One byte fewer is caught too: what lies beyond Len is not zero padding.
    let one = format!("Len={}&Data={data}", len - 1);
    assert!(matches!(
        WechatResponse::from_query(&one, &hmac(), &cipher()),
        Err(VerifyError::Len { .. })
    ));
}

#[test]
fn an_envelope_that_does_not_open_is_an_envelope_error() {
    let err = WechatResponse::from_query("Len=8&Data=zz", &hmac(), &cipher()).unwrap_err();
    assert!(matches!(err, VerifyError::Envelope(_)), "{err}");
    let err = WechatResponse::from_query("Data=00112233", &hmac(), &cipher()).unwrap_err();
    assert!(matches!(err, VerifyError::Envelope(_)), "{err}");
}

#[test]
fn sealing_signs_the_values_exactly_as_they_are_sent() {
    // "Amount": "01000" in the file is the integer 1000 on the wire.
    let mut tree = request().to_wire();
    tree.set_with("Amount", "01000", KeyCase::Exact);
    // A stale MAC in a captured request is never sent: the request has no MAC field, and
    // the envelope computes its own.
    tree.set_with("MAC", "0".repeat(64), KeyCase::Exact);
    let request = WechatRequest::from_wire(&tree).expect("01000 is an integer");
    assert_eq!(request.amount, 1000);
    let sealed = request.to_envelope(&hmac(), &cipher()).expect("seals");
    let opened = form::open(sealed.to_query(), &cipher()).expect("opens");
    assert_eq!(opened.text("Amount", KeyCase::Exact), Some("1000"));
    let sent = opened.text("MAC", KeyCase::Exact).expect("signed");
    assert_eq!(sent, mac(&hmac(), "*T-1001*Generic3DSTest*1000*EUR"));
    assert_ne!(
        sent,
        mac(&hmac(), "*T-1001*Generic3DSTest*01000*EUR"),
        "the MAC covers the text sent, not the text written"
    );
    // `to_plain` shows the same signed payload, and `Len` counts it.
    let plain = request.to_plain(&hmac()).expect("plain");
    assert_eq!(plain.len(), sealed.len);
    assert!(
        plain.contains(&format!("&Amount=1000&Currency=EUR&MAC={sent}&")),
        "{plain}"
    );
}

// ---------------------------------------------------------------------------------------
// Point 3: responses validated
// ---------------------------------------------------------------------------------------

#[test]
fn a_notify_without_mid_or_pay_id_does_not_validate() {
    let pairs: Vec<(&str, &str)> = notify_pairs("T-1001", "Generic3DSTest")
        .into_iter()
        .filter(|(name, _)| !matches!(*name, "mid" | "PayID"))
        .collect();
    // Genuinely signed (over empty parts), still refused: it does not say what it is about.
    let input = sealed(&pairs, Some(&hmac()));
    let found = violations(WechatResponse::from_query(&input, &hmac(), &cipher()).unwrap_err());
    assert_eq!(
        found,
        [
            Violation::new("mid", RuleKind::Missing, "mandatory"),
            Violation::new("PayID", RuleKind::Missing, "mandatory"),
        ]
    );
}

fn qrcode_answer(code: &str, status: &str, url: Option<&str>) -> String {
    let mut pairs = vec![
        ("mid", "Generic3DSTest"),
        ("PayID", PAY_ID),
        ("XID", XID),
        ("TransID", "T-1001"),
        ("Channel", "QRCode"),
        ("Status", status),
        ("Description", "d"),
        ("Code", code),
    ];
    if let Some(url) = url {
        pairs.push(("QRCodeUrl", url));
    }
    sealed(&pairs, Some(&hmac()))
}

#[test]
fn a_qrcode_error_answer_carrying_a_qrcode_url_does_not_validate() {
    let ok = qrcode_answer(
        "00000000",
        "AUTHORIZE_REQUEST",
        Some("https://qr.example/1"),
    );
    assert!(QrcodeResponse::from_query(&ok, &hmac(), &cipher()).is_ok());
    let error = qrcode_answer("22060001", "FAILED", None);
    assert!(QrcodeResponse::from_query(&error, &hmac(), &cipher()).is_ok());
    let both = qrcode_answer("22060001", "FAILED", Some("https://qr.example/1"));
    let found = violations(QrcodeResponse::from_query(&both, &hmac(), &cipher()).unwrap_err());
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].field, found[0].rule),
        ("QRCodeUrl", RuleKind::MustBeAbsent)
    );
}

// ---------------------------------------------------------------------------------------
// Point 4: integrity against the request
// ---------------------------------------------------------------------------------------

#[test]
fn an_answer_for_this_request_passes_the_integrity_check() {
    let input = sealed(&notify_pairs("T-1001", "Generic3DSTest"), Some(&hmac()));
    let response = WechatResponse::from_query_for(&input, &request(), &hmac(), &cipher())
        .expect("answers this request");
    assert_eq!(response.validate_with_request(&request()), Ok(()));
}

#[test]
fn an_answer_for_another_order_or_merchant_is_a_request_mismatch() {
    // Genuine, valid, and about another payment: it must not pay this one.
    let other = sealed(&notify_pairs("T-2002", "OtherShop"), Some(&hmac()));
    assert!(WechatResponse::from_query(&other, &hmac(), &cipher()).is_ok());
    let found = violations(
        WechatResponse::from_query_for(&other, &request(), &hmac(), &cipher()).unwrap_err(),
    );
    assert_eq!(
        found,
        [
            Violation::new("mid", RuleKind::RequestMismatch, "request MerchantID"),
            Violation::new("TransID", RuleKind::RequestMismatch, "request TransID"),
        ]
    );
    assert_eq!(
        found[1].to_string(),
        "TransID: differs from the request it answers (request TransID)"
    );
    // An optional echo the request did not send is not compared.
    let mut pairs = notify_pairs("T-1001", "Generic3DSTest");
    pairs.push(("refnr", "R-9"));
    let input = sealed(&pairs, Some(&hmac()));
    assert!(WechatResponse::from_query_for(&input, &request(), &hmac(), &cipher()).is_ok());
    // ... and one it did send must match.
    let mut with_refnr = request();
    with_refnr.refnr = Some("R-1".to_owned());
    let found = violations(
        WechatResponse::from_query_for(&input, &with_refnr, &hmac(), &cipher()).unwrap_err(),
    );
    assert_eq!(
        found,
        [Violation::new(
            "refnr",
            RuleKind::RequestMismatch,
            "request refnr"
        )]
    );
}
