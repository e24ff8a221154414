//! Round trips for every operation of every spec, through the generated code and the
//! transport's codec: a tree holding every field of the message (values made up from
//! each field's format) is typed (`from_wire`), written back (`to_wire`), put on the wire
//! (form envelope, JSON, SOAP, query), read back and typed again, and must come back
//! equal. Then the generated per-transport conveniences, operation by operation.

use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};
use pspec::runtime::wire::catalog::{FieldInfo, OperationInfo, Transport};
use pspec::runtime::wire::{self, KeyCase, WireObject, WireValue, form, json, query, soap};

fn operations() -> Vec<OperationInfo> {
    pspec::OPERATIONS
        .iter()
        .flat_map(|list| list.iter().copied())
        .collect()
}

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("16-byte key")
}

fn hmac() -> HmacKey {
    HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w")
}

/// A value of the field's format: the first allowed value, a date laid out by its mask,
/// or text of the right class and a length inside the format's bounds.
fn sample(field: &FieldInfo) -> WireValue {
    if let Some(first) = field.values.first() {
        return WireValue::text(*first);
    }
    match field.currency {
        Some(pspec::runtime::CurrencyForm::Alphabetic) => return WireValue::text("EUR"),
        Some(pspec::runtime::CurrencyForm::Numeric) => return WireValue::text("978"),
        None => {}
    }
    let format = field.format.unwrap_or("ans");
    if field.map {
        return WireValue::Object(
            [
                ("acquirerResponseCode", "APPROVED"),
                ("wechatpay.openid", "o-1"),
            ]
            .into_iter()
            .collect(),
        );
    }
    if let Some(mask) = format
        .strip_prefix("date(")
        .and_then(|m| m.strip_suffix(')'))
    {
        let text = mask
            .replace("YYYY", "2024")
            .replace("YY", "24")
            .replace("MM", "01")
            .replace("DD", "19")
            .replace("hh", "10")
            .replace("mm", "35")
            .replace("ss", "10");
        return WireValue::text(text);
    }
    match format {
        "bool" => return WireValue::Bool(true),
        // An amount is minor units, never negative; other int64 values take any sign.
        "int64" if field.minor_units_of.is_some() => return WireValue::from(42u64),
        "int64" => return WireValue::from(-42i64),
        "dttm" => return WireValue::text("2024-01-19T10:35:10"),
        _ => {}
    }
    let class: String = format
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let length = &format[class.len()..];
    let (min, max) = match length.split_once("..") {
        Some((min, max)) => (min.parse().unwrap_or(1), max.parse().unwrap_or(12)),
        None if length.is_empty() => (1, 12),
        None => {
            let exact = length.parse().unwrap_or(3);
            (exact, exact)
        }
    };
    let len = 6.clamp(min.max(1), max);
    let alphabet: &str = match class.as_str() {
        "n" => "1234567890",
        "a" => "ABCDEFGHIJ",
        "an" => "AB12CD34EF",
        "as" => "AB-C_D.E:F",
        "ns" => "12.34-56:7",
        "text" => "Été Łódź 漢字 ok",
        _ => "a=b c/d:e?f",
    };
    WireValue::text(alphabet.chars().cycle().take(len).collect::<String>())
}

/// A tree with every field of `fields` (dotted names), objects nested, lists of one item.
fn full_tree(fields: &[FieldInfo], prefix: &str) -> WireObject {
    let mut tree = WireObject::new();
    for field in fields {
        let Some(name) = field.name.strip_prefix(prefix) else {
            continue;
        };
        if name.contains('.') {
            continue;
        }
        let value = if field.object {
            WireValue::Object(full_tree(fields, &format!("{}.", field.name)))
        } else {
            sample(field)
        };
        tree.push(
            name,
            if field.list {
                WireValue::List(vec![value])
            } else {
                value
            },
        );
    }
    tree
}

/// Keys spelled in another case, as Computop may send them.
fn recase(tree: &WireObject, upper: bool) -> WireObject {
    tree.iter()
        .map(|(key, value)| {
            let key = if upper {
                key.to_ascii_uppercase()
            } else {
                key.to_ascii_lowercase()
            };
            (key, value.clone())
        })
        .collect()
}

/// A message on the operation's wire and back: the tree after the codec's round trip.
fn through_wire(op: &OperationInfo, tree: &WireObject, response: bool, case: usize) -> WireObject {
    match op.transport {
        Transport::Form => {
            let tree = match case % 3 {
                0 => tree.clone(),
                1 => recase(tree, true),
                _ => recase(tree, false),
            };
            // `seal` always signs; under a name no spec uses, taken off again after opening.
            let mac = wire::catalog::MacInfo {
                field: "RoundTripMac",
                request: &[],
                response: &[],
                clear: &[],
                separator: "*",
                keys: KeyCase::Insensitive,
            };
            let sealed = form::seal(&tree, &mac, &hmac(), &cipher()).expect("flat tree seals");
            let mut opened = form::open(sealed.to_query(), &cipher()).expect("envelope opens");
            opened.remove("RoundTripMac", KeyCase::Exact);
            opened
        }
        Transport::Json => json::from_json(json::to_json(tree)).expect("JSON reads back"),
        Transport::Query if !response => {
            query::from_query(query::to_query(tree).expect("flat")).expect("query reads back")
        }
        Transport::Query => json::from_json(json::to_json(tree)).expect("JSON reads back"),
        Transport::Soap => {
            let names = op.soap.expect("SOAP names");
            let element = if response {
                names.response_element
            } else {
                names.request_element
            };
            let xml = soap::to_soap(
                tree,
                &soap::SoapNames {
                    namespace: names.namespace,
                    objects_namespace: names.objects_namespace,
                    element,
                },
            )
            .expect("SOAP writes");
            soap::from_soap(xml, element).expect("SOAP reads back")
        }
    }
}

#[test]
fn every_operation_round_trips_its_request_and_response() {
    let ops = operations();
    assert!(ops.len() >= 10, "{} operations", ops.len());
    for (i, op) in ops.iter().filter(|op| op.profile.is_none()).enumerate() {
        // Request: typed once, then wire and back, typed again: the same tree.
        let typed = (op.encode)(&full_tree(op.request, ""))
            .unwrap_or_else(|err| panic!("{}: {err}", op.id));
        assert_eq!(
            typed.len(),
            op.request.iter().filter(|f| !f.name.contains('.')).count(),
            "{}: every field kept",
            op.id
        );
        let again = (op.encode)(&through_wire(op, &typed, false, i))
            .unwrap_or_else(|err| panic!("{}: {err}", op.id));
        assert_eq!(again, typed, "{} request", op.id);

        // Response: decoded once, then wire and back, decoded again.
        let decoded = (op.decode)(&full_tree(op.response, ""))
            .unwrap_or_else(|err| panic!("{}: {err}", op.id));
        let again = (op.decode)(&through_wire(op, &decoded.fields, true, i + 1))
            .unwrap_or_else(|err| panic!("{}: {err}", op.id));
        assert_eq!(again, decoded, "{} response", op.id);
    }
}

#[test]
fn every_profile_validates_through_the_catalog() {
    for op in operations().iter().filter(|op| op.profile.is_some()) {
        let found = (op.validate)(&full_tree(op.request, ""))
            .unwrap_or_else(|err| panic!("{}: {err}", op.id));
        // The made-up values break some rules; what matters is that every violation
        // names a request field and a rule of the closed set.
        for violation in found.iter() {
            assert!(
                op.request.iter().any(|f| f.name == violation.field),
                "{}: {violation}",
                op.id
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Generated conveniences, per transport
// ---------------------------------------------------------------------------------------

fn w2a_request() -> pspec::computop::WechatRequest {
    let tree = json::from_json(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/wire/computop-w2a-fixed.json"
        ))
        .unwrap(),
    )
    .unwrap();
    pspec::computop::WechatRequest::from_wire(&tree).unwrap()
}

#[test]
fn computop_request_signs_seals_and_opens() {
    let request = w2a_request();
    assert_eq!(request.validate(), Ok(()));
    // No MAC in the request: the signing calls compute it, in its place in spec order.
    assert_eq!(
        request.to_wire().get("MAC"),
        Some(&pspec::runtime::wire::WireValue::Null)
    );
    let sealed = request.to_envelope(&hmac(), &cipher()).unwrap();
    assert_eq!(
        sealed.clear,
        [("MerchantID".to_owned(), "Generic3DSTest".to_owned())]
    );
    let plain = request.to_plain(&hmac()).unwrap();
    assert_eq!(sealed.len, plain.len());
    assert!(
        plain.starts_with(
            "MerchantID=Generic3DSTest&TransID=T-1001&Amount=1000&Currency=EUR&MAC=3062"
        )
    );
    // Python's hmac over "*T-1001*Generic3DSTest*1000*EUR" (runtime/tests/computop_crypto.rs).
    assert!(
        plain.contains("&MAC=3062109A6CA088A8D1FE62C3FB55C1944537DD36E2859E42C68070DFCF1F371F&"),
        "{plain}"
    );
    let opened = form::open(sealed.to_query(), &cipher()).unwrap();
    assert_eq!(
        pspec::computop::WechatRequest::from_wire(&opened).unwrap(),
        request
    );
}

fn sealed_response(pairs: &[(&str, &str)]) -> String {
    let plain = pspec::runtime::computop_crypto::encode_pairs(pairs);
    let envelope = cipher().encrypt(&plain);
    format!("Len={}&Data={}", envelope.len, envelope.data)
}

#[test]
fn computop_response_reads_in_any_key_case_and_checks_its_mac() {
    use pspec::computop::{PaygateCode, WechatResponse, WechatStatus};
    let mac = pspec::runtime::computop_crypto::response_mac(
        &hmac(),
        "P1",
        "T-1001",
        "Generic3DSTest",
        "FAILED",
        "2206014H",
    );
    for (mid, code, mac_key) in [
        ("mid", "Code", "MAC"),
        ("MID", "CODE", "mac"),
        ("Mid", "cOdE", "Mac"),
    ] {
        let query = sealed_response(&[
            (mid, "Generic3DSTest"),
            ("payid", "P1"),
            ("XID", "X1"),
            ("TRANSID", "T-1001"),
            ("Status", "FAILED"),
            ("Description", "REFUSED"),
            (code, "2206014H"),
            ("NewKey", "kept in the tree, ignored by the type"),
            (mac_key, &mac),
        ]);
        let response = WechatResponse::from_query_unverified(&query, &cipher()).unwrap();
        assert_eq!(response.mid, "Generic3DSTest");
        assert_eq!(response.pay_id, "P1");
        assert_eq!(response.status, WechatStatus::Failed);
        assert_eq!(
            response.code,
            PaygateCode::Unknown("2206014H".to_owned()),
            "a code with letters, kept"
        );
        assert_eq!(response.code.outcome(), pspec::runtime::Outcome::Error);
        assert_eq!(response.verify_mac(&hmac()), form::MacStatus::Valid);
        assert_eq!(
            response.verify_mac(&HmacKey::new("wrong")),
            form::MacStatus::Invalid
        );
        let mut tampered = response.clone();
        tampered.status = WechatStatus::Ok;
        assert_eq!(
            tampered.verify_mac(&hmac()),
            form::MacStatus::Invalid,
            "a wrong MAC is rejected"
        );
    }
    // An unknown Status is kept verbatim.
    let query = sealed_response(&[("mid", "M"), ("Status", "NEW_STATUS"), ("Code", "00000000")]);
    let response = WechatResponse::from_query_unverified(&query, &cipher()).unwrap();
    assert_eq!(response.status.as_str(), "NEW_STATUS");
    assert_eq!(response.verify_mac(&hmac()), form::MacStatus::Absent);
    // A Len longer than the data is rejected, the raw input kept.
    let envelope = cipher().encrypt("mid=M&Code=00000000");
    let bad = format!("Len={}&Data={}", envelope.len + 20, envelope.data);
    let err = WechatResponse::from_query_unverified(&bad, &cipher()).unwrap_err();
    assert!(
        matches!(err.problem(), wire::DecodeProblem::Envelope(_)),
        "{err}"
    );
    assert_eq!(err.raw(), Some(bad.as_str()));
}

#[test]
fn adyen_request_and_response_through_json() {
    use pspec::adyen::{PaymentsResponse, ResultCode};
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/wire/adyen-payments-response.json"
    ))
    .unwrap();
    let response = PaymentsResponse::from_json(&body).unwrap();
    assert_eq!(response.result_code, Some(ResultCode::Pending));
    let data = response
        .redirect
        .as_ref()
        .and_then(|r| r.data.as_ref())
        .unwrap();
    assert_eq!(
        data.package.as_deref(),
        Some("prepay_id=wx201410272009395522657a690389285100")
    );
    // An unknown resultCode is kept.
    let response =
        PaymentsResponse::from_json(r#"{"resultCode":"SomethingNew","pspReference":"X"}"#).unwrap();
    assert_eq!(
        response.result_code.as_ref().map(ResultCode::code),
        Some("SomethingNew")
    );
    assert_eq!(
        response.result_code.as_ref().map(ResultCode::is_listed),
        Some(false)
    );
    // Errors name the field and keep the body.
    let bad = r#"{"amount":{"currency":"CNY","value":"ten"}}"#;
    let err = pspec::adyen::PaymentsDetailsResponse::from_json(bad).unwrap_err();
    assert_eq!(err.path(), "amount.value");
    assert_eq!(err.raw(), Some(bad));

    let request = json::from_json(r#"{"merchantAccount":"M","reference":"R","amount.currency":"CNY","amount.value":1000,"paymentMethod":{"type":"wechatpayMiniProgram","openid":"o"},"returnUrl":"https://x.example"}"#).unwrap();
    let request = wire::expand_dotted(request).unwrap();
    let request = pspec::adyen::PaymentsRequest::from_wire(&request).unwrap();
    assert_eq!(request.validate(), Ok(()));
    assert_eq!(
        request.to_json(),
        r#"{"merchantAccount":"M","reference":"R","amount":{"currency":"CNY","value":1000},"paymentMethod":{"type":"wechatpayMiniProgram","openid":"o"},"returnUrl":"https://x.example"}"#
    );
}

#[test]
fn monext_request_and_response_through_soap() {
    use pspec::monext::{GetWebPaymentDetailsResponse, WebpaymentCode};
    let xml = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/wire/monext-get-web-payment-details-response.xml"
    ))
    .unwrap();
    let response = GetWebPaymentDetailsResponse::from_soap(&xml).unwrap();
    assert_eq!(response.result.code, WebpaymentCode::N00000);
    assert_eq!(
        response.result.short_message.as_ref().map(|m| m.as_str()),
        Some("ACCEPTED")
    );
    // Dates are typed, read by their mask (`date(DD/MM/YYYY hh:mm:ss)`), with or without
    // seconds in a response (facts.md), and written back in the mask's form.
    let seconds = "date(DD/MM/YYYY hh:mm:ss)";
    let transaction = response.transaction.as_ref().unwrap();
    let date = transaction.date.expect("transaction.date");
    assert_eq!(
        pspec::runtime::dates::write(date, seconds),
        "19/01/2024 10:35:10"
    );
    let order = response.order.as_ref().unwrap();
    let date = order.date.expect("order.date");
    assert_eq!(
        pspec::runtime::dates::write(date, seconds),
        "19/01/2024 10:35:00"
    );
    // The extra elements (transaction.isPossibleFraud, authorization) did not matter.
    assert_eq!(
        response
            .buyer
            .as_ref()
            .and_then(|b| b.first_name.as_deref()),
        Some("Élodie")
    );

    let fault = "<Envelope><Body><Fault><faultcode>Server</faultcode><faultstring>boom</faultstring></Fault></Body></Envelope>";
    assert!(matches!(
        GetWebPaymentDetailsResponse::from_soap(fault)
            .unwrap_err()
            .problem(),
        wire::DecodeProblem::SoapFault { .. }
    ));

    let tree = json::from_json(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/wire/monext-do-web-payment-payconiq.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let tree = wire::expand_dotted(tree).unwrap();
    let request = pspec::monext::DoWebPaymentRequest::from_wire(&tree).unwrap();
    let xml = request.to_soap().unwrap();
    let back = soap::from_soap(&xml, "doWebPaymentRequest").unwrap();
    assert_eq!(
        pspec::monext::DoWebPaymentRequest::from_wire(&back).unwrap(),
        request
    );
    assert!(
        xml.contains("<impl:payment>\n        <obj:amount>1000</obj:amount>"),
        "{xml}"
    );
}

#[test]
fn query_request_is_percent_encoded() {
    let tree = json::from_json(
        r#"{"appid":"wx1","secret":"s&t","js_code":"c 1","grant_type":"authorization_code"}"#,
    )
    .unwrap();
    let request = pspec::adyen::Jscode2sessionRequest::from_wire(&tree).unwrap();
    assert_eq!(
        request.to_query().unwrap(),
        "appid=wx1&secret=s%26t&js_code=c%201&grant_type=authorization_code"
    );
}

#[test]
fn strict_and_checked_reading_of_requests() {
    use pspec::runtime::RuleKind;
    let tree = json::from_json(
        r#"{"MerchantID":"M","TransID":"T","Amount":"12a","Currency":"ZZZ","Channel":"W2A"}"#,
    )
    .unwrap();
    let err = pspec::computop::WechatRequest::from_wire(&tree).unwrap_err();
    assert_eq!(err.path(), "Amount");
    let (_, found) = pspec::computop::WechatRequest::from_wire_checked(&tree).unwrap();
    let rules: Vec<(&str, RuleKind, &str)> =
        found.iter().map(|v| (v.field, v.rule, v.limit)).collect();
    // ZZZ is no ISO 4217 code: refused by the read itself, naming the form expected.
    assert_eq!(
        rules,
        [
            ("Amount", RuleKind::Charset, "n..10"),
            (
                "Currency",
                RuleKind::NotAllowedValue,
                "ISO 4217 alphabetic code"
            )
        ]
    );
    // Keys in any case for the form transport.
    let tree = json::from_json(
        r#"{"merchantid":"M","TRANSID":"T","amount":5,"currency":"EUR","channel":"QRCode"}"#,
    )
    .unwrap();
    let request = pspec::computop::WechatRequest::from_wire(&tree).unwrap();
    assert_eq!((request.merchant_id.as_str(), request.amount), ("M", 5));
    assert_eq!(tree.text("merchantid", KeyCase::Exact), Some("M"));
}
