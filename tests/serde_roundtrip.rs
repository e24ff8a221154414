//! The generated crate's `serde` feature: a request and a response of every provider serialize
//! to JSON under their wire names (nested objects as objects, enums and return codes as their
//! wire text) and deserialize back equal; closed enums refuse unlisted text with a typed error
//! that names the type, never the text; open enums and codes keep it.

use std::str::FromStr;

use pspec::adyen::{PaymentsChannel, PaymentsRequest, PaymentsResponse, ResultCode};
use pspec::computop::{PaygateCode, WechatChannel, WechatRequest, WechatResponse, WechatStatus};
use pspec::monext::{DoWebPaymentProfile, DoWebPaymentRequest, GetWebPaymentDetailsResponse};
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, HmacKey};
use pspec::runtime::{Currency, UnlistedValue};
use serde_json::Value;

#[path = "support/samples.rs"]
mod samples;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/wire/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|err| panic!("fixture {name}: {err}"))
}

/// Serializes, checks the JSON's keys (dotted paths) and deserializes back, which must be equal.
fn round_trip<T>(value: &T, keys: &[&str]) -> Value
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_value(value).expect("serializes");
    for key in keys {
        let found = key.split('.').try_fold(&json, |at, part| at.get(part));
        assert!(found.is_some(), "no key {key} in {json}");
    }
    let back: T = serde_json::from_value(json.clone()).expect("deserializes");
    assert_eq!(&back, value);
    json
}

#[test]
fn computop_request_and_response_use_wire_names() {
    let hmac = HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w");
    let cipher = Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("16-byte key");
    let request = samples::computop_wechat_w2a();
    let json = round_trip(
        &request,
        &["MerchantID", "TransID", "Amount", "URLSuccess", "ShopURL"],
    );
    assert_eq!(json["Currency"], "CNY");
    assert_eq!(json["Channel"], "W2A");
    assert_eq!(json["Amount"], request.amount);
    assert_eq!(json["Response"], "encrypt", "the fixed value is serialized");
    assert!(
        json.get("merchant_id").is_none(),
        "Rust names must not leak: {json}"
    );
    // The MAC is no field of a request: the signing calls compute it.
    assert!(json.get("MAC").is_none(), "{json}");

    let wire_request = WechatRequest::from_wire(
        &pspec::runtime::wire::json::from_json(fixture("computop-w2a-fixed.json")).expect("json"),
    )
    .expect("request");
    let response = WechatResponse::from_query_for(
        fixture("computop-notify.txt"),
        &wire_request,
        &hmac,
        &cipher,
    )
    .expect("verified");
    let json = round_trip(
        &response,
        &["mid", "PayID", "XID", "TransID", "Status", "Code", "MAC"],
    );
    assert_eq!(json["Code"], "00000000");
}

#[test]
fn monext_request_and_response_use_wire_names() {
    let request: DoWebPaymentRequest = samples::monext_do_web_payment();
    let json = round_trip(
        &request,
        &[
            "version",
            "payment.amount",
            "payment.contractNumber",
            "returnURL",
            "order.ref",
        ],
    );
    assert_eq!(json["payment"]["action"], "101");
    assert_eq!(json["buyer"]["firstName"], "John");
    // Typed dates serialize as their mask lays them out, as on the wire, and read back only
    // as real dates of that mask.
    assert_eq!(json["order"]["date"], "19/01/2024 10:35");
    for bad in [
        "31/02/2024 10:35",
        "2024-01-19T10:35",
        "19/01/2024 10:35:00",
    ] {
        let mut tree = json.clone();
        tree["order"]["date"] = Value::from(bad);
        let err = serde_json::from_value::<DoWebPaymentRequest>(tree).expect_err(bad);
        assert!(
            err.to_string().contains("date(DD/MM/YYYY hh:mm)") && !err.to_string().contains(bad),
            "{err}"
        );
    }
    let mut tree = json.clone();
    tree["order"]["deliveryExpectedDate"] = Value::from("29/02/2024");
    let back: DoWebPaymentRequest = serde_json::from_value(tree).expect("a leap day");
    assert_eq!(
        back.order.delivery_expected_date.map(|d| d.to_string()),
        Some("2024-02-29".to_string())
    );

    let response = GetWebPaymentDetailsResponse::from_soap(fixture(
        "monext-get-web-payment-details-response.xml",
    ))
    .expect("soap");
    round_trip(&response, &["result.code"]);
}

#[test]
fn adyen_request_and_response_use_wire_names() {
    let mut request: PaymentsRequest = samples::adyen_payments_document_example();
    request.channel = Some(PaymentsChannel::Web);
    request.return_url = samples::ADYEN_RETURN_URL.into();
    let json = round_trip(
        &request,
        &[
            "merchantAccount",
            "returnUrl",
            "amount.currency",
            "amount.value",
            "paymentMethod.type",
        ],
    );
    assert_eq!(json["channel"], "Web");

    let response =
        PaymentsResponse::from_json(fixture("adyen-payments-response.json")).expect("json");
    let json = round_trip(&response, &["resultCode"]);
    assert!(ResultCode::from_str(json["resultCode"].as_str().expect("text")).is_ok());
}

#[test]
fn closed_enums_refuse_unlisted_text_naming_the_type_not_the_text() {
    assert_eq!("W2A".parse::<WechatChannel>(), Ok(WechatChannel::W2a));
    assert_eq!(WechatChannel::try_from("JSAPI"), Ok(WechatChannel::Jsapi));
    assert_eq!(WechatChannel::W2a.to_string(), "W2A");
    let secret = "4111111111111111-not-a-channel";
    let err: UnlistedValue = secret.parse::<WechatChannel>().expect_err("unlisted");
    let message = err.to_string();
    assert!(
        message.starts_with("not a value of `WechatChannel`; allowed: QRCode, W2A"),
        "{message}"
    );
    assert!(!message.contains(secret), "{message}");
    // The same through serde, where the text comes from a JSON document.
    let err =
        serde_json::from_str::<WechatChannel>(&format!("\"{secret}\"")).expect_err("unlisted");
    assert!(
        err.to_string().contains("WechatChannel") && !err.to_string().contains(secret),
        "{err}"
    );
    // Case matters, as on the wire.
    assert!("w2a".parse::<WechatChannel>().is_err());
    // A non-string is refused too.
    assert!(serde_json::from_str::<WechatChannel>("978").is_err());
}

/// One `Currency` for every provider, serialized in each provider's wire form: Computop and
/// Adyen alphabetic, Monext numeric; text that is no ISO 4217 code of that form is refused
/// by serde without echoing it.
#[test]
fn currencies_serialize_in_each_providers_wire_form() {
    let computop = serde_json::to_value(samples::computop_wechat_w2a()).expect("serializes");
    assert_eq!(computop["Currency"], "CNY");
    let monext = serde_json::to_value(samples::monext_do_web_payment()).expect("serializes");
    assert_eq!(
        (&monext["payment"]["currency"], &monext["order"]["currency"]),
        (&Value::from("978"), &Value::from("978"))
    );
    let adyen = serde_json::to_value(samples::adyen_payments_document_example()).expect("ser");
    assert_eq!(adyen["amount"]["currency"], "CNY");

    // The numeric form reads back, and refuses the alphabetic one and unknown codes.
    let mut bad = monext.clone();
    bad["payment"]["currency"] = Value::from("EUR");
    let err = serde_json::from_value::<DoWebPaymentRequest>(bad).expect_err("alphabetic");
    assert!(err.to_string().contains("ISO 4217 numeric code"), "{err}");
    let mut bad = monext.clone();
    bad["order"]["currency"] = Value::from("999999");
    let err = serde_json::from_value::<DoWebPaymentRequest>(bad).expect_err("unknown");
    assert!(!err.to_string().contains("999999"), "{err}");
    // An optional numeric currency: absent stays absent, present round-trips.
    let response = GetWebPaymentDetailsResponse::from_soap(fixture(
        "monext-get-web-payment-details-response.xml",
    ))
    .expect("soap");
    let json = round_trip(&response, &[]);
    if let Some(payment) = &response.payment {
        let wire = payment.currency.map(|c| c.numeric_text().to_string());
        assert_eq!(json["payment"]["currency"].as_str(), wire.as_deref());
    }
    let mut without = response.clone();
    if let Some(payment) = without.payment.as_mut() {
        payment.currency = None;
    }
    round_trip(&without, &[]);

    // The alphabetic form (Currency's own serde) refuses the numeric one and lower case.
    assert_eq!(
        serde_json::from_str::<Currency>("\"EUR\"").ok(),
        Some(Currency::EUR)
    );
    assert!(serde_json::from_str::<Currency>("\"978\"").is_err());
    assert!(serde_json::from_str::<Currency>("\"eur\"").is_err());
    // Money serializes as its two parts.
    let money = pspec::runtime::Money::new(1130, Currency::EUR);
    let json = round_trip(&money, &["minor", "currency"]);
    assert_eq!(json, serde_json::json!({"minor": 1130, "currency": "EUR"}));
}

#[test]
// `try_from` on purpose: the test is that `TryFrom<&str>` exists (through `From<&str>`).
#[allow(clippy::unnecessary_fallible_conversions)]
fn open_enums_and_codes_keep_unlisted_text() {
    assert_eq!("OK".parse::<WechatStatus>(), Ok(WechatStatus::Ok));
    let new = WechatStatus::from("SOMETHING_NEW");
    assert_eq!(new, WechatStatus::Unknown("SOMETHING_NEW".into()));
    assert_eq!(
        WechatStatus::try_from("SOMETHING_NEW").map(|s| s.to_string()),
        Ok("SOMETHING_NEW".into())
    );
    assert_eq!(
        serde_json::to_string(&new).expect("json"),
        "\"SOMETHING_NEW\""
    );
    assert_eq!(
        serde_json::from_str::<WechatStatus>("\"SOMETHING_NEW\"").expect("kept"),
        new
    );

    let code: PaygateCode = "2206014H".parse().expect("infallible");
    assert!(!code.is_listed());
    assert_eq!(code.to_string(), "2206014H");
    assert_eq!(PaygateCode::from("00000000"), PaygateCode::N00000000);
    assert_eq!(
        serde_json::from_str::<PaygateCode>("\"00000000\"").expect("code"),
        PaygateCode::N00000000
    );
    assert_eq!(serde_json::to_string(&code).expect("json"), "\"2206014H\"");
}

#[test]
fn profiles_parse_and_print_their_spec_id() {
    assert_eq!(
        "payconiq".parse::<DoWebPaymentProfile>(),
        Ok(DoWebPaymentProfile::Payconiq)
    );
    assert_eq!(
        DoWebPaymentProfile::try_from("bancontact"),
        Ok(DoWebPaymentProfile::Bancontact)
    );
    assert_eq!(DoWebPaymentProfile::Wechatpay.to_string(), "wechatpay");
    assert_eq!(
        DoWebPaymentProfile::IDS,
        ["bancontact", "payconiq", "wechatpay"]
    );
    let err = "Payconiq"
        .parse::<DoWebPaymentProfile>()
        .expect_err("ids are case-sensitive");
    assert_eq!(
        err.to_string(),
        "not a value of `DoWebPaymentProfile`; allowed: bancontact, payconiq, wechatpay"
    );
    let json = serde_json::to_string(&DoWebPaymentProfile::Payconiq).expect("json");
    assert_eq!(json, "\"payconiq\"");
    assert_eq!(
        serde_json::from_str::<DoWebPaymentProfile>(&json).expect("back"),
        DoWebPaymentProfile::Payconiq
    );
}

#[test]
fn a_deserialized_request_holds_its_fixed_values_or_fails() {
    let request = samples::computop_wechat_w2a();
    let mut json = serde_json::to_value(&request).expect("serializes");
    let back: WechatRequest = serde_json::from_value(json.clone()).expect("deserializes");
    assert_eq!(back.response(), Some("encrypt"));
    // Absent: an optional fixed value may be left out.
    json.as_object_mut().expect("an object").remove("Response");
    let back: WechatRequest = serde_json::from_value(json.clone()).expect("deserializes");
    assert_eq!(back.response(), None);
    // Another value: refused, naming the fixed value and not the text read.
    json["Response"] = "plain-text".into();
    let err = serde_json::from_value::<WechatRequest>(json)
        .expect_err("another value")
        .to_string();
    assert!(
        err.contains("encrypt") && !err.contains("plain-text"),
        "{err}"
    );
    // A mandatory one (Adyen's paymentMethod.type) likewise.
    let mut json = serde_json::to_value(samples::adyen_payments_document_example()).expect("json");
    json["paymentMethod"]["type"] = "wechatpayQR".into();
    assert!(serde_json::from_value::<pspec::adyen::PaymentsRequest>(json).is_err());
}

#[test]
fn extras_serialize_beside_the_spec_fields_and_read_back() {
    let request = samples::adyen_payments_document_example()
        .with_extra("shopperReference", "shopper-77")
        .with_extra(
            "metadata",
            [("k", "v")]
                .into_iter()
                .collect::<pspec::runtime::wire::WireObject>(),
        );
    // Through text, not `serde_json::Value` (whose map sorts keys): the extras keep their order.
    let text = serde_json::to_string(&request).expect("serializes");
    assert!(
        text.ends_with(r#""shopperReference":"shopper-77","metadata":{"k":"v"}}"#),
        "{text}"
    );
    let back: pspec::adyen::PaymentsRequest = serde_json::from_str(&text).expect("reads back");
    assert_eq!(back, request);
    // A stored request with a key no spec field names keeps it as an extra.
    let mut stored =
        serde_json::to_value(samples::adyen_payments_document_example()).expect("json");
    stored["storePaymentMethod"] = true.into();
    let back: pspec::adyen::PaymentsRequest = serde_json::from_value(stored).expect("reads");
    assert_eq!(
        back.extras.get("storePaymentMethod"),
        Some(&pspec::runtime::wire::WireValue::Bool(true))
    );
}
