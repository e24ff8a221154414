//! No ambiguous input, nothing sensitive in `Debug` (issue 10, points 6 and 7), through the
//! crate API: duplicate keys, fractions in integer fields, values the transport cannot
//! carry, empty optionals. `cli/tests/cli.rs` checks the same through the `pspec` command.

use pspec::adyen::{PaymentsDetailsResponse, PaymentsRequest, PaymentsResponse};
use pspec::computop::{WechatRequest, WechatResponse};
use pspec::monext::{DoWebPaymentRequest, DoWebPaymentResponse};
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey, encode_pairs};
use pspec::runtime::wire::{DecodeProblem, EncodeProblem, form, json, query};
use pspec::runtime::{RuleKind, Violation};

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("16-byte key")
}

fn hmac() -> HmacKey {
    HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w")
}

fn sealed(pairs: &[(&str, &str)]) -> String {
    let envelope = cipher().encrypt(&encode_pairs(pairs));
    format!("Len={}&Data={}", envelope.len, envelope.data)
}

/// `(field, rule, limit)` of every violation.
fn rules(found: &[Violation]) -> Vec<(&'static str, RuleKind, &'static str)> {
    found.iter().map(|v| (v.field, v.rule, v.limit)).collect()
}

// ---------------------------------------------------------------------------------------
// Duplicate keys
// ---------------------------------------------------------------------------------------

#[test]
fn json_refuses_a_key_given_twice_at_its_path() {
    for (input, path) in [
        (r#"{"a":1,"a":2}"#, "a"),
        (r#"{"a":{"b":1,"c":{},"b":2}}"#, "a.b"),
        (r#"{"l":[{"k":1},{"k":1,"k":2}]}"#, "l.1.k"),
        (r#"[{"k":1,"k":2}]"#, "0.k"),
    ] {
        let err = json::value_from_json(input).unwrap_err();
        assert_eq!(
            (err.path(), err.problem()),
            (path, &DecodeProblem::Duplicate),
            "{input}"
        );
        assert_eq!(err.raw(), Some(input), "the raw input is kept");
    }
    // The same keys in different objects, and keys differing in case, are fine.
    assert!(json::from_json(r#"{"a":{"k":1},"b":{"k":1},"K":1,"k":2}"#).is_ok());

    let twice = r#"{"resultCode":"Refused","pspReference":"P","resultCode":"Authorised"}"#;
    let err = PaymentsResponse::from_json(twice).unwrap_err();
    assert_eq!(err.to_string(), "resultCode: given more than once");
    let once = PaymentsResponse::from_json(r#"{"resultCode":"Refused"}"#).unwrap();
    assert_eq!(
        once.result_code
            .map(|code| code.code().to_owned())
            .as_deref(),
        Some("Refused")
    );
}

#[test]
fn form_and_query_refuse_a_key_given_twice() {
    // Inside the envelope, in any case: Paygate's keys match in any case.
    let inner = sealed(&[("mid", "M"), ("Code", "00000000"), ("code", "2206014H")]);
    let err = WechatResponse::from_query_unverified(&inner, &cipher()).unwrap_err();
    assert_eq!(
        (err.path(), err.problem()),
        ("code", &DecodeProblem::Duplicate)
    );
    // Outside it: two `Data` (or `Len`) parameters.
    let outer = format!("{inner}&data=00");
    let err = form::open(&outer, &cipher()).unwrap_err();
    assert_eq!(
        (err.path(), err.problem()),
        ("data", &DecodeProblem::Duplicate)
    );
    // Clear parameters too.
    let err = form::open("Status=OK&STATUS=FAILED", &cipher()).unwrap_err();
    assert_eq!(err.path(), "STATUS");
    let fine = sealed(&[("mid", "M"), ("Code", "00000000"), ("Status", "OK")]);
    assert!(WechatResponse::from_query_unverified(&fine, &cipher()).is_ok());

    // A plain query string: exact names (its transport matches them exactly).
    let err = query::from_query("appid=a&secret=s&appid=b").unwrap_err();
    assert_eq!(
        (err.path(), err.problem()),
        ("appid", &DecodeProblem::Duplicate)
    );
    assert_eq!(query::from_query("a=1&A=2").unwrap().len(), 2);
}

#[test]
fn soap_refuses_a_repeated_element_where_the_spec_has_no_list() {
    let response = |result: &str| {
        format!(
            "<Envelope><Body><doWebPaymentResponse><result>{result}</result><token>t</token></doWebPaymentResponse></Body></Envelope>"
        )
    };
    let err = DoWebPaymentResponse::from_soap(response(
        "<code>02319</code><shortMessage>x</shortMessage><code>00000</code>",
    ))
    .unwrap_err();
    assert_eq!(
        (err.path(), err.problem()),
        ("result.code", &DecodeProblem::Duplicate)
    );
    let once = DoWebPaymentResponse::from_soap(response("<code>02319</code>")).unwrap();
    assert_eq!(once.result.code.code(), "02319");
}

// ---------------------------------------------------------------------------------------
// Integers
// ---------------------------------------------------------------------------------------

fn payments_request(value: &str, country: &str) -> String {
    format!(
        r#"{{"merchantAccount":"M","reference":"R","countryCode":"{country}","amount":{{"currency":"CNY","value":{value}}},"paymentMethod":{{"type":"wechatpayMiniProgram","openid":"o"}},"returnUrl":"https://x.example"}}"#
    )
}

#[test]
fn a_fraction_or_exponent_is_never_an_integer() {
    for bad in ["1e3", "1000.5", "1000.0", "1E+3", "10000000000000000000000"] {
        let tree = json::from_json(payments_request(bad, "CN")).unwrap();
        let err = PaymentsRequest::from_wire(&tree).unwrap_err();
        assert_eq!(err.path(), "amount.value", "{bad}");
        assert!(
            matches!(err.problem(), DecodeProblem::NotAnInteger { .. }),
            "{bad}: {err}"
        );
        let response =
            format!(r#"{{"resultCode":"Authorised","amount":{{"currency":"CNY","value":{bad}}}}}"#);
        let err = PaymentsDetailsResponse::from_json(response).unwrap_err();
        assert_eq!(err.path(), "amount.value", "{bad}");
    }
    let tree = json::from_json(payments_request("1000", "CN")).unwrap();
    assert_eq!(
        PaymentsRequest::from_wire(&tree).unwrap().amount.value,
        1000
    );
}

// ---------------------------------------------------------------------------------------
// What the transport cannot carry; empty optionals
// ---------------------------------------------------------------------------------------

fn w2a_request() -> WechatRequest {
    let tree = json::from_json(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/wire/computop-w2a-fixed.json"
        ))
        .unwrap(),
    )
    .unwrap();
    WechatRequest::from_wire(&tree).unwrap()
}

#[test]
fn an_ampersand_in_a_computop_value_is_a_violation_and_equals_signs_travel() {
    let mut request = w2a_request();
    request.trans_id = "T-1&Amount=1".into();
    let found = request.validate().unwrap_err();
    assert_eq!(
        rules(found.as_slice()),
        [(
            "TransID",
            RuleKind::ForbiddenChar,
            "&, which the form payload cannot escape"
        )]
    );
    let err = request.to_envelope(&hmac(), &cipher()).unwrap_err();
    assert_eq!(
        (err.path.as_str(), &err.problem),
        ("TransID", &EncodeProblem::Ampersand)
    );

    request.trans_id = "T=1001".into();
    assert_eq!(request.validate(), Ok(()));
    let opened = form::open(
        request.to_envelope(&hmac(), &cipher()).unwrap().to_query(),
        &cipher(),
    )
    .unwrap();
    assert_eq!(WechatRequest::from_wire(&opened).unwrap(), request);
}

#[test]
fn a_character_xml_cannot_carry_is_a_violation_in_a_soap_request() {
    let request = |last: &str| {
        let text = format!(
            r#"{{"version":"34","payment":{{"amount":1000,"currency":"978","action":"101","mode":"CPT","contractNumber":"C1"}},
            "returnURL":"https://r.example","cancelURL":"https://c.example",
            "order":{{"ref":"O-1","country":"BE","amount":1000,"currency":"978","date":"19/01/2024 10:35"}},
            "buyer":{{"firstName":"John","lastName":"{last}","email":"j@example.com"}}}}"#
        );
        DoWebPaymentRequest::from_wire(&json::from_json(text).unwrap()).unwrap()
    };
    let bad = request("Doe\u{FFFF}");
    assert_eq!(
        rules(bad.validate().unwrap_err().as_slice()),
        [(
            "buyer.lastName",
            RuleKind::ForbiddenChar,
            "a character XML 1.0 cannot carry"
        )]
    );
    assert_eq!(request("Doe <&> 'Ł'").validate(), Ok(()));
}

#[test]
fn an_empty_optional_is_not_sent() {
    let empty = PaymentsRequest::from_wire(&json::from_json(payments_request("1000", "")).unwrap())
        .unwrap();
    assert_eq!(empty.country_code.as_deref(), Some(""));
    assert_eq!(empty.validate(), Ok(()), "validates as absent");
    assert!(
        !empty.to_json().contains("countryCode"),
        "{}",
        empty.to_json()
    );
    let given =
        PaymentsRequest::from_wire(&json::from_json(payments_request("1000", "CN")).unwrap())
            .unwrap();
    assert!(
        given.to_json().contains(r#""countryCode":"CN""#),
        "{}",
        given.to_json()
    );
}

// ---------------------------------------------------------------------------------------
// Debug shows nothing sensitive
// ---------------------------------------------------------------------------------------

#[test]
fn debug_of_errors_and_types_shows_no_sensitive_value() {
    let secret = "tiWrIs5ECret";
    // An error carries the raw input, which `Display` and `Debug` never show.
    let err = PaymentsResponse::from_json(format!(
        r#"{{"pspReference":"{secret}","pspReference":"x"}}"#
    ))
    .unwrap_err();
    assert!(err.raw().is_some_and(|raw| raw.contains(secret)));
    assert!(!format!("{err} {err:?}").contains(secret), "{err:?}");
    let input = format!("Len=999&Data=00&MAC={secret}");
    let err = WechatResponse::from_query_unverified(&input, &cipher()).unwrap_err();
    assert!(!format!("{err} {err:?}").contains(secret), "{err:?}");
    let err = WechatResponse::from_query(&input, &hmac(), &cipher()).unwrap_err();
    assert!(!format!("{err} {err:?}").contains(secret), "{err:?}");
    // A response's MAC is redacted in `Debug`; other fields show.
    let mac = "3062109A6CA088A8D1FE62C3FB55C1944537DD36E2859E42C68070DFCF1F371F";
    let response = WechatResponse::from_query_unverified(
        sealed(&[("mid", "M"), ("Code", "00000000"), ("MAC", mac)]),
        &cipher(),
    )
    .unwrap();
    let debug = format!("{response:?}");
    assert!(
        !debug.contains(mac) && debug.contains("<redacted>"),
        "{debug}"
    );
    assert!(debug.contains("mid: \"M\""), "{debug}");
}
