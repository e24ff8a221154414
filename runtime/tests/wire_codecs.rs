//! The wire codecs (`runtime/src/wire`): the tree, the Computop form transport (pairs, MAC,
//! envelope), JSON, SOAP, query strings, dotted keys, typed field reading and lenient
//! dates. The crypto primitives themselves are checked against independent vectors in
//! `computop_crypto.rs`; here the codecs are checked against the same vectors end to end.

use pspec_runtime::wire;

use proptest::prelude::*;
use pspec_runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey, encode_pairs, response_mac};
use wire::{
    DecodeProblem, EncodeProblem, Fields, KeyCase, WireNumber, WireObject, WireValue, form, json,
    query, soap,
};

const HMAC_PASSWORD: &str = "h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w";
const BLOWFISH_PASSWORD: &str = "X*b89Q=eG!s23rJ[";
/// HMAC-SHA256 over `*T-1001*Generic3DSTest*1000*EUR`, from Python's `hmac` (see
/// computop_crypto.rs, `PYTHON_REQUEST_MAC`).
const PYTHON_REQUEST_MAC: &str = "3062109A6CA088A8D1FE62C3FB55C1944537DD36E2859E42C68070DFCF1F371F";
/// HMAC-SHA256 over `5d8e..7c9a*T-1001*Generic3DSTest*FAILED*2206014H`, from Python's
/// `hmac` (computop_crypto.rs, `PYTHON_RESPONSE_MAC`).
const PYTHON_RESPONSE_MAC: &str =
    "9753511481D749A7DF74EE425ADB072C64E198401246B66C7E7E31A575DFE2FF";
const PAY_ID: &str = "5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a";
/// pycryptodome's `Data` for the realistic request below (computop_crypto.rs,
/// `PYCRYPTODOME_DATA`).
const PYCRYPTODOME_DATA: &str = concat!(
    "28C01AD3380EFB3EF079174F08064C163A34292351F464711E8C0293E181835384C12499C7331F56",
    "39450A89A08A80A3B5133D1995F03D300E4CBF202ECBCE39F4523763AAEBA3571BB3365AB7B27A90",
    "6FBA3FF3F0A7B3580C2EA5CD0B33022AD9D0490B2CB80AF8D29128E71E7AB22B055595BBB6BEA36A",
    "D081F99ACAEF72C4C614861D9B5F1E3D2C5BA5D5909C9FB91D32E4D88425251EE90A731613AE1519",
    "18BA598C600F32D2DFD8CC90D1C430F3D6E70BC85E0791C90B933EEAD17AAF84C501B4D75282F6C9",
    "7720474CA769006F590F4863104E18B8E2B4459A89A4C435AB843FC3DF326F3EBA74BB0549DE4054",
    "6C2F893ACE2F1481754C24BB55BCE31A133E4ABBC8085C1B557373768B88B0525F8E1DC6B5E69E4D",
    "3CB6445B1F0916DB",
);

const REQUEST_MAC_PARTS: &[&str] = &["PayID", "TransID", "MerchantID", "Amount", "Currency"];
const RESPONSE_MAC_PARTS: &[&str] = &["PayID", "TransID", "mid", "Status", "Code"];

fn hmac_key() -> HmacKey {
    HmacKey::new(HMAC_PASSWORD)
}

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new(BLOWFISH_PASSWORD)).expect("16-byte key")
}

fn object(entries: &[(&str, WireValue)]) -> WireObject {
    entries.iter().cloned().collect()
}

fn text(value: &str) -> WireValue {
    WireValue::text(value)
}

// ---------------------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------------------

#[test]
fn tree_keeps_order_duplicates_and_matches_case_on_request() {
    let mut tree = WireObject::new();
    tree.push("PayID", "p");
    tree.push("code", "00000000");
    tree.push("Item", "a");
    tree.push("Item", "b");
    tree.push_some("Absent", None::<&str>);
    tree.push_some("Present", Some(7u64));
    assert_eq!(
        tree.keys().collect::<Vec<_>>(),
        ["PayID", "code", "Item", "Item", "Present"]
    );
    assert_eq!(tree.get("payid"), None);
    assert_eq!(tree.text("payid", KeyCase::Insensitive), Some("p"));
    assert_eq!(tree.text("CODE", KeyCase::Insensitive), Some("00000000"));
    assert_eq!(
        tree.text("Present", KeyCase::Exact),
        Some("7"),
        "numbers read as text"
    );
    let items: Vec<_> = tree.get_all("item", KeyCase::Insensitive).collect();
    assert_eq!(items, [&text("a"), &text("b")]);

    // set_with replaces in place, keeping position and received spelling.
    assert_eq!(
        tree.set_with("CODE", "2206014H", KeyCase::Insensitive),
        Some(text("00000000"))
    );
    assert_eq!(tree.keys().nth(1), Some("code"));
    assert_eq!(tree.set("New", true), None);
    assert_eq!(tree.keys().last(), Some("New"));
    assert_eq!(tree.remove("item", KeyCase::Insensitive), Some(text("a")));
    assert!(!tree.contains("Item", KeyCase::Exact));
}

#[test]
fn tree_paths_flatten_and_depth() {
    let tree = object(&[
        ("resultCode", text("Pending")),
        (
            "redirect",
            WireValue::Object(object(&[(
                "data",
                WireValue::Object(object(&[("package", text("prepay_id=1"))])),
            )])),
        ),
        (
            "details",
            WireValue::List(vec![WireValue::Object(object(&[(
                "key",
                text("resultCode"),
            )]))]),
        ),
    ]);
    assert_eq!(
        tree.get_path("redirect.data.package"),
        Some(&text("prepay_id=1"))
    );
    assert_eq!(tree.get_path("redirect.data.nope"), None);
    assert_eq!(tree.get_path("resultCode.x"), None);
    let flat: Vec<(String, &WireValue)> = tree.flatten();
    let paths: Vec<&str> = flat.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        ["resultCode", "redirect.data.package", "details.0.key"]
    );
    assert_eq!(tree.depth(), 2);
}

#[test]
fn numbers_follow_json_grammar() {
    for good in [
        "0",
        "-0",
        "12",
        "-12",
        "1.5",
        "1e3",
        "1E+3",
        "2.5e-3",
        "18446744073709551615",
    ] {
        assert!(WireNumber::parse(good).is_some(), "{good}");
    }
    for bad in [
        "", "-", "01", "1.", ".5", "1e", "+1", "0x10", "1 ", "NaN", "1e+",
    ] {
        assert!(WireNumber::parse(bad).is_none(), "{bad}");
    }
    assert_eq!(WireNumber::from(u64::MAX).as_u64(), Some(u64::MAX));
    assert_eq!(WireNumber::from(i64::MIN).as_i64(), Some(i64::MIN));
    assert_eq!(WireNumber::parse("1.5").and_then(|n| n.as_i64()), None);
    assert!(WireNumber::from_f64(f64::NAN).is_none());
    assert!(WireNumber::from_f64(f64::INFINITY).is_none());
}

// ---------------------------------------------------------------------------------------
// Computop form transport
// ---------------------------------------------------------------------------------------

/// The realistic request of computop_crypto.rs as a tree, without its MAC.
fn realistic_request() -> WireObject {
    object(&[
        ("MerchantID", text("Generic3DSTest")),
        ("TransID", text("T-1001")),
        ("RefNr", text("ORDER-42")),
        ("Amount", WireValue::from(1000u64)),
        ("Currency", text("EUR")),
        ("URLSuccess", text("https://shop.example/ok?a=1")),
        ("URLFailure", text("https://shop.example/fail")),
        ("URLNotify", text("https://shop.example/notify")),
        ("OrderDesc", text("Test:0000")),
    ])
}

#[test]
fn signed_and_sealed_request_matches_python_and_pycryptodome() {
    let mut request = realistic_request();
    assert_eq!(
        form::mac_input(&request, REQUEST_MAC_PARTS),
        "*T-1001*Generic3DSTest*1000*EUR"
    );
    form::sign(&mut request, &hmac_key(), "MAC", REQUEST_MAC_PARTS);
    assert_eq!(
        request.text("MAC", KeyCase::Exact),
        Some(PYTHON_REQUEST_MAC)
    );
    assert_eq!(
        request.keys().last(),
        Some("MAC"),
        "appended after the spec's fields"
    );

    // `seal` signs again, over the same values: the MAC set above is kept as it is.
    let mac = wire::catalog::MacInfo {
        field: "MAC",
        request: REQUEST_MAC_PARTS,
        response: &[],
        clear: &["merchantid"],
        separator: "*",
        keys: wire::KeyCase::Insensitive,
    };
    let sealed = form::seal(&request, &mac, &hmac_key(), &cipher()).unwrap();
    assert_eq!(sealed.len, 283);
    assert_eq!(sealed.data, PYCRYPTODOME_DATA);
    assert_eq!(
        sealed.clear,
        [("MerchantID".to_owned(), "Generic3DSTest".to_owned())]
    );
    assert_eq!(
        sealed.to_query(),
        format!("MerchantID=Generic3DSTest&Len=283&Data={PYCRYPTODOME_DATA}")
    );

    // Signing again replaces the MAC in place (no second MAC).
    form::sign(&mut request, &hmac_key(), "mac", REQUEST_MAC_PARTS);
    assert_eq!(request.get_all("MAC", KeyCase::Insensitive).count(), 1);
}

#[test]
fn plain_payload_keeps_wire_order_and_spelling_without_escaping() {
    let request = object(&[
        ("MerchantID", text("Generic3DSTest")),
        ("refnr", text("R 1/2")),
        ("Amount", WireValue::from(5u64)),
        ("Limit", WireValue::Bool(false)),
        ("Skipped", WireValue::Null),
        ("URLSuccess", text("https://x.example/?a=b")),
        ("OrderDesc", text("100% off")),
    ]);
    assert_eq!(
        form::to_plain(&request).unwrap(),
        "MerchantID=Generic3DSTest&refnr=R 1/2&Amount=5&Limit=false&URLSuccess=https://x.example/?a=b&OrderDesc=100% off"
    );
}

#[test]
fn form_refuses_what_the_payload_cannot_carry() {
    let with_amp = object(&[("OrderDesc", text("a&Amount=1"))]);
    let err = form::to_plain(&with_amp).unwrap_err();
    assert_eq!(
        (err.path.as_str(), &err.problem),
        ("OrderDesc", &EncodeProblem::Ampersand)
    );
    assert!(
        !err.to_string().contains("Amount=1"),
        "the value is never repeated"
    );

    let nested = object(&[("payment", WireValue::Object(WireObject::new()))]);
    assert_eq!(
        form::to_pairs(&nested).unwrap_err().problem,
        EncodeProblem::NotFlat { found: "object" }
    );
    for name in ["", "a=b", "a&b"] {
        let bad = object(&[(name, text("1"))]);
        assert_eq!(
            form::to_pairs(&bad).unwrap_err().problem,
            EncodeProblem::BadName,
            "{name:?}"
        );
    }
}

/// A notify as Paygate would send it: pairs under the test keys, sealed, as a query.
fn sealed_notify(pairs: &[(&str, &str)], hex_lower: bool) -> String {
    let envelope = cipher().encrypt(&encode_pairs(pairs));
    let data = if hex_lower {
        envelope.data.to_lowercase()
    } else {
        envelope.data
    };
    format!("Len={}&Data={data}", envelope.len)
}

#[test]
fn notify_opens_in_any_key_case_with_unknown_keys_and_a_lettered_code() {
    for (mid, pay_id, status, code, mac) in [
        ("mid", "PayID", "Status", "Code", "MAC"),
        ("MID", "PAYID", "STATUS", "CODE", "MAC"),
        ("mid", "payid", "status", "code", "mac"),
        ("Mid", "pAyId", "sTaTuS", "cOdE", "Mac"),
    ] {
        let query = sealed_notify(
            &[
                (mid, "Generic3DSTest"),
                (pay_id, PAY_ID),
                ("XID", "x-1"),
                ("TransID", "T-1001"),
                (status, "FAILED"),
                ("Description", "a=b"),
                ("x-NewParameter", "kept"),
                (code, "2206014H"),
                (mac, &PYTHON_RESPONSE_MAC.to_lowercase()),
            ],
            mid == "mid",
        );
        let notify = form::open(&query, &cipher()).unwrap();
        assert_eq!(
            notify.text("code", KeyCase::Insensitive),
            Some("2206014H"),
            "{code}"
        );
        assert_eq!(
            notify.text("Description", KeyCase::Insensitive),
            Some("a=b")
        );
        assert_eq!(
            notify.text("X-NEWPARAMETER", KeyCase::Insensitive),
            Some("kept")
        );
        assert_eq!(
            notify.keys().nth(6),
            Some("x-NewParameter"),
            "received spelling kept"
        );
        assert_eq!(
            form::verify(&notify, &hmac_key(), "MAC", RESPONSE_MAC_PARTS),
            form::MacStatus::Valid,
            "{mid} {code}"
        );
    }
}

#[test]
fn wrong_or_missing_mac_is_reported() {
    let good = response_mac(
        &hmac_key(),
        PAY_ID,
        "T-1001",
        "Generic3DSTest",
        "OK",
        "00000000",
    );
    let notify = |status: &str, mac: Option<&str>| {
        let mut pairs = vec![
            ("mid", "Generic3DSTest"),
            ("PayID", PAY_ID),
            ("TransID", "T-1001"),
            ("Status", status),
            ("Code", "00000000"),
        ];
        if let Some(mac) = mac {
            pairs.push(("MAC", mac));
        }
        form::open(sealed_notify(&pairs, false), &cipher()).unwrap()
    };
    let verify = |tree: &WireObject| form::verify(tree, &hmac_key(), "MAC", RESPONSE_MAC_PARTS);
    assert_eq!(verify(&notify("OK", Some(&good))), form::MacStatus::Valid);
    // A tampered status, a MAC under another key, a truncated MAC, garbage.
    assert_eq!(
        verify(&notify("FAILED", Some(&good))),
        form::MacStatus::Invalid
    );
    let other = response_mac(
        &HmacKey::new("other"),
        PAY_ID,
        "T-1001",
        "Generic3DSTest",
        "OK",
        "00000000",
    );
    assert_eq!(
        verify(&notify("OK", Some(&other))),
        form::MacStatus::Invalid
    );
    assert_eq!(
        verify(&notify("OK", Some(&good[..63]))),
        form::MacStatus::Invalid
    );
    assert_eq!(verify(&notify("OK", Some("zz"))), form::MacStatus::Invalid);
    assert_eq!(verify(&notify("OK", None)), form::MacStatus::Absent);
    assert_eq!(verify(&notify("OK", Some(""))), form::MacStatus::Absent);
    assert_eq!(form::MacStatus::Invalid.to_string(), "invalid");
}

#[test]
fn len_longer_than_data_is_rejected_with_the_raw_input() {
    let envelope = cipher().encrypt("mid=Generic3DSTest&Code=00000000");
    let query = format!("Len={}&Data={}", envelope.len + 9, envelope.data);
    let err = form::open(&query, &cipher()).unwrap_err();
    assert!(matches!(err.problem(), DecodeProblem::Envelope(_)), "{err}");
    assert!(err.to_string().contains("Len"), "{err}");
    assert_eq!(err.path(), "");
    assert_eq!(err.raw(), Some(query.as_str()));
    assert!(
        !format!("{err:?}").contains(&envelope.data),
        "Debug does not dump the input"
    );
}

#[test]
fn clear_response_without_data_is_read_as_a_query() {
    let tree = form::open(
        b"PayID=abc&Status=FAILED&Description=Card+expired%21&Code=2106014H\n",
        &cipher(),
    )
    .unwrap();
    assert_eq!(
        tree.text("description", KeyCase::Insensitive),
        Some("Card expired!")
    );
    let err = form::open(b"Len=3&Data=\xff", &cipher()).unwrap_err();
    assert_eq!(err.problem(), &DecodeProblem::NotUtf8 { offset: 11 });
    assert!(err.raw().is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn form_open_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = form::open(&bytes, &cipher());
    }

    #[test]
    fn form_open_never_panics_on_envelope_like_text(len in "[0-9]{0,4}", data in "[0-9a-fA-Fg]{0,48}") {
        let _ = form::open(format!("Len={len}&Data={data}"), &cipher());
    }

    /// Any flat request without `&` and without a key twice (in any case: `open` refuses
    /// that) seals and opens back to the same pairs, signed.
    #[test]
    fn form_round_trip(pairs in proptest::collection::vec(("[A-Za-z][A-Za-z0-9]{0,8}", "[^&\\x00]{0,20}"), 0..8)) {
        let mut seen = std::collections::HashSet::new();
        // `MAC` is the one key sealing writes itself.
        seen.insert("mac".to_owned());
        let tree: WireObject = pairs
            .iter()
            .filter(|(k, _)| seen.insert(k.to_ascii_lowercase()))
            .map(|(k, v)| (k.clone(), WireValue::text(v.clone())))
            .collect();
        let mac = wire::catalog::MacInfo { field: "MAC", request: REQUEST_MAC_PARTS, response: &[], clear: &[], separator: "*", keys: wire::KeyCase::Insensitive };
        let sealed = form::seal(&tree, &mac, &hmac_key(), &cipher()).unwrap();
        let opened = form::open(sealed.to_query(), &cipher()).unwrap();
        let mut signed = tree.clone();
        form::sign(&mut signed, &hmac_key(), "MAC", REQUEST_MAC_PARTS);
        prop_assert_eq!(opened, signed);
    }
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

const ADYEN_PAYMENTS_RESPONSE: &str = r#"{"resultCode":"RedirectShopper","action":{"paymentMethodType":"wechatpayMiniProgram","type":"sdk"},"details":[{"key":"resultCode","type":"text"}],"redirect":{"data":{"timeStamp":"1700000000","package":"prepay_id=wx1","signType":"MD5"}},"amount":{"currency":"CNY","value":1000},"fraudResult":{"accountScore":0,"results":[]},"pspReference":null,"live":false,"ratio":0.25}"#;

#[test]
fn json_keeps_key_order_and_round_trips_exactly() {
    let tree = json::from_json(ADYEN_PAYMENTS_RESPONSE).unwrap();
    assert_eq!(
        tree.keys().collect::<Vec<_>>(),
        [
            "resultCode",
            "action",
            "details",
            "redirect",
            "amount",
            "fraudResult",
            "pspReference",
            "live",
            "ratio"
        ]
    );
    assert_eq!(
        tree.get_path("redirect.data.package"),
        Some(&text("prepay_id=wx1"))
    );
    assert_eq!(
        tree.get_path("amount.value"),
        Some(&WireValue::from(1000u64))
    );
    assert_eq!(tree.get("pspReference"), Some(&WireValue::Null));
    assert_eq!(json::to_json(&tree), ADYEN_PAYMENTS_RESPONSE);
    // Keys in reverse alphabetical order stay so (serde_json's Value would sort them).
    assert_eq!(
        json::to_json(&json::from_json(r#"{"z":1,"m":2,"a":3}"#).unwrap()),
        r#"{"z":1,"m":2,"a":3}"#
    );
}

#[test]
fn json_numbers_stay_exact() {
    let tree =
        json::from_json(r#"{"max":18446744073709551615,"min":-9223372036854775808,"f":2.5}"#)
            .unwrap();
    assert_eq!(tree.get("max"), Some(&WireValue::from(u64::MAX)));
    assert_eq!(tree.get("min"), Some(&WireValue::from(i64::MIN)));
    assert_eq!(tree.text("f", KeyCase::Exact), Some("2.5"));
    assert_eq!(
        json::to_json(&tree),
        r#"{"max":18446744073709551615,"min":-9223372036854775808,"f":2.5}"#
    );
}

#[test]
fn json_errors_say_where_and_keep_the_input() {
    let err = json::from_json("{\"resultCode\": \"Authorised\",\n  \"amount\": }").unwrap_err();
    match err.problem() {
        DecodeProblem::Json {
            line,
            column,
            message,
        } => {
            assert_eq!((*line, *column), (2, 13));
            assert!(message.contains("expected value"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.raw().is_some_and(|raw| raw.contains("Authorised")));
    assert!(!err.to_string().contains("Authorised"));

    assert_eq!(
        json::from_json("[1]").unwrap_err().problem(),
        &DecodeProblem::NotAnObject { found: "list" }
    );
    assert_eq!(
        json::from_json(" \n").unwrap_err().problem(),
        &DecodeProblem::Empty
    );
    assert_eq!(
        json::from_json(b"{\"a\":\"\xc3\"}").unwrap_err().problem(),
        &DecodeProblem::NotUtf8 { offset: 6 }
    );
    // Deep nesting is an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(matches!(
        json::value_from_json(deep).unwrap_err().problem(),
        DecodeProblem::Json { .. }
    ));
}

/// The entries with every repeated key dropped (its first entry kept), in order: JSON
/// refuses a key given twice.
fn unique(entries: Vec<(String, WireValue)>) -> WireObject {
    let mut seen = std::collections::HashSet::new();
    entries
        .into_iter()
        .filter(|(key, _)| seen.insert(key.clone()))
        .collect()
}

fn arb_value() -> impl Strategy<Value = WireValue> {
    let leaf = prop_oneof![
        Just(WireValue::Null),
        any::<bool>().prop_map(WireValue::Bool),
        any::<i64>().prop_map(WireValue::from),
        any::<u64>().prop_map(WireValue::from),
        "\\PC{0,12}".prop_map(WireValue::text),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(WireValue::List),
            proptest::collection::vec(("[a-zA-Z.]{1,6}", inner), 0..5)
                .prop_map(|entries| WireValue::Object(unique(entries))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = json::from_json(&bytes);
    }

    #[test]
    fn json_round_trip(entries in proptest::collection::vec(("[a-zA-Z]{1,6}", arb_value()), 0..6)) {
        let tree = unique(entries);
        prop_assert_eq!(json::from_json(json::to_json(&tree)).unwrap(), tree.clone());
        prop_assert_eq!(json::from_json(json::to_json_pretty(&tree)).unwrap(), tree);
    }
}

// ---------------------------------------------------------------------------------------
// SOAP
// ---------------------------------------------------------------------------------------

const NAMES: soap::SoapNames<'static> = soap::SoapNames {
    namespace: "http://impl.ws.payline.experian.com",
    objects_namespace: "http://obj.ws.payline.experian.com",
    element: "doWebPaymentRequest",
};

fn web_payment_request() -> WireObject {
    object(&[
        ("version", text("34")),
        (
            "payment",
            WireValue::Object(object(&[
                ("amount", WireValue::from(1000u64)),
                ("currency", text("978")),
                ("action", text("101")),
                ("mode", text("CPT")),
                ("contractNumber", text("PAYCONIQ_1")),
            ])),
        ),
        ("returnURL", text("https://shop.example/return?a=1&b=<2>")),
        ("cancelURL", text("https://shop.example/cancel")),
        (
            "order",
            WireValue::Object(object(&[
                ("ref", text("ORDER-42")),
                ("amount", WireValue::from(1000u64)),
                ("currency", text("978")),
                ("date", text("19/01/2024 10:35")),
            ])),
        ),
        ("notificationURL", WireValue::Null),
        (
            "selectedContractList",
            WireValue::List(vec![text("C1"), text("C2")]),
        ),
        (
            "buyer",
            WireValue::Object(object(&[
                ("lastName", text("Müller")),
                ("firstName", text("Élodie")),
            ])),
        ),
    ])
}

#[test]
fn soap_request_has_the_namespaces_order_and_escaping() {
    let xml = soap::to_soap(&web_payment_request(), &NAMES).unwrap();
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.ws.payline.experian.com" xmlns:obj="http://obj.ws.payline.experian.com">
  <soapenv:Header/>
  <soapenv:Body>
    <impl:doWebPaymentRequest>
      <impl:version>34</impl:version>
      <impl:payment>
        <obj:amount>1000</obj:amount>
        <obj:currency>978</obj:currency>
        <obj:action>101</obj:action>
        <obj:mode>CPT</obj:mode>
        <obj:contractNumber>PAYCONIQ_1</obj:contractNumber>
      </impl:payment>
      <impl:returnURL>https://shop.example/return?a=1&amp;b=&lt;2&gt;</impl:returnURL>
      <impl:cancelURL>https://shop.example/cancel</impl:cancelURL>
      <impl:order>
        <obj:ref>ORDER-42</obj:ref>
        <obj:amount>1000</obj:amount>
        <obj:currency>978</obj:currency>
        <obj:date>19/01/2024 10:35</obj:date>
      </impl:order>
      <impl:selectedContractList>C1</impl:selectedContractList>
      <impl:selectedContractList>C2</impl:selectedContractList>
      <impl:buyer>
        <obj:lastName>Müller</obj:lastName>
        <obj:firstName>Élodie</obj:firstName>
      </impl:buyer>
    </impl:doWebPaymentRequest>
  </soapenv:Body>
</soapenv:Envelope>
"#;
    assert_eq!(xml, expected);
}

#[test]
fn soap_request_round_trips_through_the_reader() {
    let request = web_payment_request();
    let xml = soap::to_soap(&request, &NAMES).unwrap();
    let read = soap::from_soap(&xml, "doWebPaymentRequest").unwrap();
    // Everything comes back as text, repeated elements as repeated entries, null left out.
    assert_eq!(read.get_path("payment.amount"), Some(&text("1000")));
    assert_eq!(
        read.get_path("returnURL"),
        Some(&text("https://shop.example/return?a=1&b=<2>"))
    );
    assert_eq!(
        read.get_all("selectedContractList", KeyCase::Exact).count(),
        2
    );
    assert_eq!(read.get_path("buyer.firstName"), Some(&text("Élodie")));
    assert!(read.get("notificationURL").is_none());
}

#[test]
fn soap_writer_refuses_what_xml_cannot_carry() {
    let control = object(&[("version", text("3\u{1}4"))]);
    assert_eq!(
        soap::to_soap(&control, &NAMES).unwrap_err().problem,
        EncodeProblem::NotXmlText
    );
    let bad_name = object(&[("1abc", text("x"))]);
    assert_eq!(
        soap::to_soap(&bad_name, &NAMES).unwrap_err().problem,
        EncodeProblem::BadName
    );
    let nested = object(&[("l", WireValue::List(vec![WireValue::List(vec![])]))]);
    assert_eq!(
        soap::to_soap(&nested, &NAMES).unwrap_err().problem,
        EncodeProblem::NestedList
    );
}

/// A getWebPaymentDetails response with other prefixes than ours, a default namespace,
/// unknown elements at every level, a comment, CDATA, entities and a nil element.
const DETAILS_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">
  <S:Header><trace>abc</trace></S:Header>
  <S:Body>
    <getWebPaymentDetailsResponse xmlns="http://impl.ws.payline.experian.com" xmlns:ns2="http://obj.ws.payline.experian.com">
      <!-- a comment -->
      <result>
        <ns2:code>00000</ns2:code>
        <ns2:shortMessage>ACCEPTED</ns2:shortMessage>
        <ns2:longMessage>Transaction approved &amp; &#233;t&#xE9;</ns2:longMessage>
        <ns2:newThing>ignored</ns2:newThing>
      </result>
      <transaction>
        <ns2:id>G24011910351053102</ns2:id>
        <ns2:date>19/01/2024 10:35</ns2:date>
        <ns2:partnerAdditionalData><![CDATA[{"cardMaskedPan":"670999XXXXXX9999"}]]></ns2:partnerAdditionalData>
        <ns2:extended><ns2:deeper>x</ns2:deeper></ns2:extended>
      </transaction>
      <payment><ns2:amount>1000</ns2:amount><ns2:currency>978</ns2:currency></payment>
      <authorization><ns2:number>A1</ns2:number></authorization>
      <contractNumber xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>
      <token></token>
    </getWebPaymentDetailsResponse>
  </S:Body>
</S:Envelope>"#;

#[test]
fn soap_response_is_read_by_local_names_keeping_unknown_elements() {
    let tree = soap::from_soap(DETAILS_RESPONSE, "getWebPaymentDetailsResponse").unwrap();
    assert_eq!(tree.get_path("result.code"), Some(&text("00000")));
    assert_eq!(
        tree.get_path("result.longMessage"),
        Some(&text("Transaction approved & été"))
    );
    assert_eq!(
        tree.get_path("result.newThing"),
        Some(&text("ignored")),
        "unknown kept in the tree"
    );
    assert_eq!(
        tree.get_path("transaction.date"),
        Some(&text("19/01/2024 10:35"))
    );
    assert_eq!(
        tree.get_path("transaction.partnerAdditionalData"),
        Some(&text(r#"{"cardMaskedPan":"670999XXXXXX9999"}"#))
    );
    assert_eq!(
        tree.get_path("transaction.extended.deeper"),
        Some(&text("x"))
    );
    assert_eq!(tree.get("contractNumber"), Some(&WireValue::Null));
    assert_eq!(tree.get("token"), Some(&text("")));
    assert_eq!(
        tree.keys().collect::<Vec<_>>(),
        [
            "result",
            "transaction",
            "payment",
            "authorization",
            "contractNumber",
            "token"
        ]
    );
}

#[test]
fn soap_response_may_be_a_bare_element() {
    let tree = soap::from_soap(
        "<impl:doWebPaymentResponse xmlns:impl='x'><impl:result><code>00000</code></impl:result><impl:token>T</impl:token></impl:doWebPaymentResponse>",
        "doWebPaymentResponse",
    )
    .unwrap();
    assert_eq!(tree.text("token", KeyCase::Exact), Some("T"));
    let empty = soap::from_soap(
        "<S:Envelope xmlns:S='s'><S:Body><doWebPaymentResponse/></S:Body></S:Envelope>",
        "doWebPaymentResponse",
    )
    .unwrap();
    assert!(empty.is_empty());
}

#[test]
fn soap_fault_and_wrong_element_are_errors() {
    let fault = r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>Invalid version</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"#;
    let err = soap::from_soap(fault, "doWebPaymentResponse").unwrap_err();
    assert_eq!(
        err.problem(),
        &DecodeProblem::SoapFault {
            code: "soapenv:Server".to_owned(),
            message: "Invalid version".to_owned()
        }
    );
    assert_eq!(err.raw(), Some(fault));

    let err = soap::from_soap(DETAILS_RESPONSE, "doWebPaymentResponse").unwrap_err();
    assert_eq!(
        err.problem(),
        &DecodeProblem::UnexpectedElement {
            expected: "doWebPaymentResponse".to_owned(),
            found: "getWebPaymentDetailsResponse".to_owned()
        }
    );
    let err = soap::from_soap("<Envelope><Body/></Envelope>", "doWebPaymentResponse").unwrap_err();
    assert!(matches!(
        err.problem(),
        DecodeProblem::UnexpectedElement { .. }
    ));
}

#[test]
fn soap_reader_rejects_malformed_input_without_panicking() {
    for (input, what) in [
        ("", "empty"),
        ("<a><b></a>", "mismatched end"),
        ("<a>", "unclosed"),
        ("just text", "no root"),
        ("<a>&unknown;</a>", "unknown entity"),
        (
            "<!DOCTYPE a [<!ENTITY x \"boom\">]><a>&x;</a>",
            "custom entity never expanded",
        ),
        ("<a>&#0;</a>", "bad char ref"),
        ("<a b='1></a>", "bad attribute"),
    ] {
        let err = soap::parse_xml(input).unwrap_err();
        assert!(
            matches!(
                err.problem(),
                DecodeProblem::Xml { .. } | DecodeProblem::Empty
            ),
            "{what}: {err:?}"
        );
        assert_eq!(err.raw(), Some(input), "{what}");
    }
    let deep = format!("{}{}", "<a>".repeat(1000), "</a>".repeat(1000));
    assert_eq!(
        soap::parse_xml(deep).unwrap_err().problem(),
        &DecodeProblem::TooDeep {
            limit: wire::MAX_DEPTH
        }
    );
    assert_eq!(
        soap::parse_xml(b"<a>\xff</a>").unwrap_err().problem(),
        &DecodeProblem::NotUtf8 { offset: 3 }
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn soap_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = soap::from_soap(&bytes, "doWebPaymentResponse");
    }

    #[test]
    fn soap_never_panics_on_xmlish_text(text in "[<>/a-c &;#x0-9=\"'!\\[\\]CDATA?:-]{0,80}") {
        let _ = soap::from_soap(&text, "a");
    }

    /// Text of any XML character survives writing and reading.
    #[test]
    fn soap_text_round_trip(value in "[\\t\\n\\x20-\\x7e\\u{a0}-\\u{d7ff}]{0,30}") {
        let request = object(&[("version", WireValue::text(value.clone()))]);
        let xml = soap::to_soap(&request, &NAMES).unwrap();
        let read = soap::from_soap(&xml, "doWebPaymentRequest").unwrap();
        prop_assert_eq!(read.text("version", KeyCase::Exact), Some(value.as_str()));
    }
}

// ---------------------------------------------------------------------------------------
// Query strings
// ---------------------------------------------------------------------------------------

#[test]
fn query_encodes_unreserved_only() {
    let request = object(&[
        ("appid", text("wx1234")),
        ("secret", text("s e/c+r&e=t")),
        ("js_code", text("é~")),
        ("skip", WireValue::Null),
        ("grant_type", text("authorization_code")),
    ]);
    assert_eq!(
        query::to_query(&request).unwrap(),
        "appid=wx1234&secret=s%20e%2Fc%2Br%26e%3Dt&js_code=%C3%A9~&grant_type=authorization_code"
    );
    let read = query::from_query("?appid=wx1234&secret=s+e%2Fc%2Br%26e%3Dt&bad=%zz&&x").unwrap();
    assert_eq!(read.text("secret", KeyCase::Exact), Some("s e/c+r&e=t"));
    assert_eq!(read.text("bad", KeyCase::Exact), Some("%zz"));
    assert_eq!(read.text("x", KeyCase::Exact), Some(""));
}

proptest! {
    /// Any pairs without a key twice (`from_query` refuses that) go to a query string and
    /// back unchanged.
    #[test]
    fn query_round_trip(pairs in proptest::collection::vec(("\\PC{1,8}", "\\PC{0,12}"), 0..6)) {
        let mut seen = std::collections::HashSet::new();
        let tree: WireObject = pairs
            .iter()
            .filter(|(k, _)| seen.insert(k.clone()))
            .map(|(k, v)| (k.clone(), WireValue::text(v.clone())))
            .collect();
        prop_assert_eq!(query::from_query(query::to_query(&tree).unwrap()).unwrap(), tree);
    }
}

// ---------------------------------------------------------------------------------------
// Dotted keys
// ---------------------------------------------------------------------------------------

#[test]
fn dotted_keys_expand_and_merge_with_nested_objects() {
    let input = json::from_json(
        r#"{"version":"34","payment.amount":1000,"payment":{"currency":"978"},"payment.mode":"CPT","redirect.data.package":"p"}"#,
    )
    .unwrap();
    let tree = wire::expand_dotted(input).unwrap();
    assert_eq!(
        json::to_json(&tree),
        r#"{"version":"34","payment":{"amount":1000,"currency":"978","mode":"CPT"},"redirect":{"data":{"package":"p"}}}"#
    );
}

#[test]
fn dotted_keys_split_only_where_the_schema_has_objects() {
    let input =
        json::from_json(r#"{"additionalData.wechatpay.openid":"o","amount.value":1}"#).unwrap();
    let tree =
        wire::expand_dotted_where(input, &|path| matches!(path, "additionalData" | "amount"))
            .unwrap();
    assert_eq!(
        json::to_json(&tree),
        r#"{"additionalData":{"wechatpay.openid":"o"},"amount":{"value":1}}"#
    );
}

#[test]
fn dotted_key_conflicts_are_errors() {
    for input in [
        r#"{"payment":1,"payment.amount":2}"#,
        r#"{"payment.amount":2,"payment":1}"#,
    ] {
        let err = wire::expand_dotted(json::from_json(input).unwrap()).unwrap_err();
        assert_eq!(err.path(), "payment", "{input}");
        assert!(matches!(err.problem(), DecodeProblem::BadName(_)));
    }
    for input in [r#"{"a..b":1}"#, r#"{".a":1}"#, r#"{"a.":1}"#] {
        assert!(
            wire::expand_dotted(json::from_json(input).unwrap()).is_err(),
            "{input}"
        );
    }
    let deep = format!(r#"{{"{}":1}}"#, vec!["a"; 200].join("."));
    assert!(matches!(
        wire::expand_dotted(json::from_json(deep).unwrap())
            .unwrap_err()
            .problem(),
        DecodeProblem::TooDeep { .. }
    ));
}

// ---------------------------------------------------------------------------------------
// Typed field reading
// ---------------------------------------------------------------------------------------

#[test]
fn fields_read_leniently_and_report_paths() {
    let tree = json::from_json(
        r#"{"amount":{"value":"1000","neg":-5,"big":18446744073709551616,"frac":1.5,"plus":"+1"},
            "code":2,"flag":"TRUE","flag2":false,"nul":null,"ws":"\n  ","list":[{"key":"a"},null,{"key":"b"}],
            "map":{"wechatpay.openid":"o","n":1,"bad":{}}}"#,
    )
    .unwrap();
    let top = Fields::new(&tree, KeyCase::Exact, "");
    assert_eq!(top.text("code").unwrap(), Some("2".to_owned()));
    assert_eq!(top.text("nul").unwrap(), None);
    assert_eq!(top.text("missing").unwrap(), None);
    assert!(matches!(
        top.text("amount").unwrap_err().problem(),
        DecodeProblem::WrongType {
            expected: "text",
            found: "object"
        }
    ));
    assert_eq!(top.boolean("flag").unwrap(), Some(true));
    assert_eq!(top.boolean("flag2").unwrap(), Some(false));
    assert_eq!(
        top.boolean("code").unwrap_err().problem(),
        &DecodeProblem::WrongType {
            expected: "boolean",
            found: "number"
        }
    );
    assert!(top.object("ws").unwrap().is_some_and(WireObject::is_empty));

    let amount = Fields::new(
        top.object("amount").unwrap().unwrap(),
        KeyCase::Exact,
        "amount",
    );
    assert_eq!(amount.unsigned("value").unwrap(), Some(1000));
    assert_eq!(amount.signed("neg").unwrap(), Some(-5));
    for name in ["neg", "big", "frac", "plus"] {
        let err = amount.unsigned(name).unwrap_err();
        assert_eq!(err.path(), format!("amount.{name}"));
        assert_eq!(err.problem(), &DecodeProblem::NotAnInteger { range: "u64" });
    }
    assert_eq!(
        amount.signed("big").unwrap_err().to_string(),
        "amount.big: not an integer in the range of i64"
    );

    let items = top.list("list");
    assert_eq!(
        items
            .iter()
            .map(|(path, _)| path.as_str())
            .collect::<Vec<_>>(),
        ["list.0", "list.1"]
    );
    assert_eq!(
        wire::item_object(&items[1].0, items[1].1)
            .unwrap()
            .text("key", KeyCase::Exact),
        Some("b")
    );
    assert!(wire::item_text("list.0", items[0].1).is_err());

    let err = top.map("map").unwrap_err();
    assert_eq!(err.path(), "map.bad");
    let good = json::from_json(r#"{"map":{"wechatpay.openid":"o","n":1}}"#).unwrap();
    let map = Fields::new(&good, KeyCase::Exact, "")
        .map("map")
        .unwrap()
        .unwrap();
    assert_eq!(map.get("wechatpay.openid").map(String::as_str), Some("o"));
    assert_eq!(map.get("n").map(String::as_str), Some("1"));
}

#[test]
fn fields_match_computop_keys_in_any_case_and_xml_lists_by_repetition() {
    let tree = form::open("MID=m&payid=p&Amount=12", &cipher()).unwrap();
    let fields = Fields::new(&tree, KeyCase::Insensitive, "");
    assert_eq!(fields.text("mid").unwrap().as_deref(), Some("m"));
    assert_eq!(fields.text("PayID").unwrap().as_deref(), Some("p"));
    assert_eq!(fields.unsigned("amount").unwrap(), Some(12));

    let xml = soap::from_soap("<r><l>a</l><x/><l>b</l></r>", "r").unwrap();
    let fields = Fields::new(&xml, KeyCase::Exact, "");
    let items: Vec<String> = fields
        .list("l")
        .into_iter()
        .map(|(path, value)| wire::item_text(&path, value).unwrap())
        .collect();
    assert_eq!(items, ["a", "b"]);
}

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

#[test]
fn monext_dates_are_read_with_or_without_seconds() {
    use pspec_runtime::DatePart::{Day, Hour, Literal, Minute, Month, Second, Year4};
    let minutes = [
        Day,
        Literal(b'/'),
        Month,
        Literal(b'/'),
        Year4,
        Literal(b' '),
        Hour,
        Literal(b':'),
        Minute,
    ];
    let seconds = [
        Day,
        Literal(b'/'),
        Month,
        Literal(b'/'),
        Year4,
        Literal(b' '),
        Hour,
        Literal(b':'),
        Minute,
        Literal(b':'),
        Second,
    ];
    for mask in [&minutes[..], &seconds[..]] {
        let short = wire::parse_date(mask, "19/01/2024 10:35").unwrap();
        assert_eq!(
            (
                short.day,
                short.month,
                short.year,
                short.hour,
                short.minute,
                short.second
            ),
            (Some(19), Some(1), Some(2024), Some(10), Some(35), None)
        );
        let long = wire::parse_date(mask, "19/01/2024 10:35:10").unwrap();
        assert_eq!(long.second, Some(10));
        for bad in [
            "19/13/2024 10:35",
            "19/01/2024 24:00",
            "19-01-2024 10:35",
            "19/01/2024 10:35:60",
            "19/01/2024",
            "",
        ] {
            assert_eq!(wire::parse_date(mask, bad), None, "{bad}");
        }
    }
}
