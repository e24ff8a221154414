//! The shared money types (issue 14 point 3) through every provider's generated code: one
//! `Currency` written in each provider's wire form (Computop and Adyen alphabetic, Monext
//! numeric), refused when the text is no ISO 4217 code of that form (in requests and in
//! responses, naming the field, never the text), restrictions as validation rules, amounts as
//! `u64` minor units with `money()` / `set_money()`, and answers checked against the request's
//! currency.

use pspec::adyen::{PaymentsDetailsResponse, PaymentsRequest};
use pspec::computop::{QuickpayRequest, WechatRequest};
use pspec::monext::{DoWebPaymentRequest, GetWebPaymentDetailsResponse};
use pspec::runtime::wire::{json, soap};
use pspec::runtime::{Currency, Money, RuleKind, Violation};

#[path = "support/samples.rs"]
#[allow(dead_code)] // the samples other test files use too
mod samples;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/fixtures/wire/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|err| panic!("fixture {name}: {err}"))
}

fn rules(found: &pspec::runtime::Violations) -> Vec<(&'static str, RuleKind, &'static str)> {
    found.iter().map(|v| (v.field, v.rule, v.limit)).collect()
}

#[test]
fn computop_writes_and_reads_the_alphabetic_code() {
    let request = samples::computop_wechat_w2a();
    assert_eq!(request.currency, Currency::CNY);
    let wire = request.to_wire();
    assert_eq!(wire.get("Currency").and_then(|v| v.as_str()), Some("CNY"));
    assert_eq!(
        WechatRequest::from_wire(&wire).expect("reads back"),
        request
    );
    // The numeric form, lower case and unknown codes are refused, naming the field only.
    for bad in ["156", "cny", "ZZZ", "CNYY"] {
        let mut tree = wire.clone();
        tree.set("Currency", bad);
        let err = WechatRequest::from_wire(&tree).expect_err(bad);
        assert_eq!(err.path(), "Currency", "{bad}");
        let text = err.to_string();
        assert!(text.contains("ISO 4217 alphabetic code"), "{text}");
        assert!(!text.contains(bad), "{text}");
        // Read to be validated: one violation, the form expected as its limit.
        let (_, found) = WechatRequest::from_wire_checked(&tree).expect("checked read");
        assert_eq!(
            rules(&found),
            [(
                "Currency",
                RuleKind::NotAllowedValue,
                "ISO 4217 alphabetic code"
            )]
        );
    }
    // Empty is absent: a mandatory currency is then `missing`.
    let mut tree = wire.clone();
    tree.set("Currency", "");
    let (_, found) = WechatRequest::from_wire_checked(&tree).expect("checked read");
    assert_eq!(
        rules(&found),
        [("Currency", RuleKind::Missing, "mandatory")]
    );
}

#[test]
fn computop_currency_lists_are_validation_rules() {
    // wechat.aspx lists the currencies a merchant may use; CHF is ISO 4217 but not listed.
    let mut request = samples::computop_wechat_w2a();
    assert_eq!(request.validate(), Ok(()));
    request.currency = Currency::from_alpha("CHF").expect("ISO 4217");
    let found = request.validate().expect_err("CHF is not listed");
    assert_eq!(
        found.as_slice(),
        [Violation::new(
            "Currency",
            RuleKind::NotAllowedValue,
            "CNY, GBP, HKD, USD, JPY, CAD, AUD, EUR, NZD, KRW, THB, SGD, RUB"
        )]
    );
    // Each listed currency passes.
    for code in ["CNY", "EUR", "RUB"] {
        request.currency = code.parse().expect("ISO 4217");
        assert_eq!(request.validate(), Ok(()), "{code}");
    }
    // Barcode payments list none: any ISO 4217 currency is the provider's to refuse.
    let tree = json::from_json(
        r#"{"MerchantID":"M","TransID":"T","Amount":100,"Currency":"CHF","MAC":"00",
            "OrderDesc":"Tea","BuyerIDcode":"130000000000000000"}"#,
    )
    .expect("JSON");
    let (quickpay, found) = QuickpayRequest::from_wire_checked(&tree).expect("read");
    assert_eq!(quickpay.currency.alpha(), "CHF");
    assert!(
        !found.iter().any(|v| v.field == "Currency"),
        "{:?}",
        rules(&found)
    );
}

#[test]
fn monext_writes_and_reads_the_numeric_code() {
    let request = samples::monext_do_web_payment();
    assert_eq!(
        (request.payment.currency, request.order.currency),
        (Currency::EUR, Currency::EUR)
    );
    let xml = request.to_soap().expect("SOAP");
    assert!(xml.contains(">978</obj:currency>"), "{xml}");
    assert!(!xml.contains(">EUR<"), "{xml}");
    let back = soap::from_soap(&xml, "doWebPaymentRequest").expect("SOAP tree");
    assert_eq!(
        DoWebPaymentRequest::from_wire(&back).expect("reads"),
        request
    );
    // The alphabetic form and unknown numbers are refused, naming the dotted field.
    for bad in ["EUR", "97", "9780", "001"] {
        let text = xml.replacen(">978<", &format!(">{bad}<"), 1);
        let tree = soap::from_soap(&text, "doWebPaymentRequest").expect("SOAP tree");
        let err = DoWebPaymentRequest::from_wire(&tree).expect_err(bad);
        assert!(err.path().ends_with("currency"), "{bad}: {}", err.path());
        assert!(err.to_string().contains("ISO 4217 numeric code"), "{err}");
    }
    // The numeric code keeps its leading zeros (the lek is 008).
    let mut request = request;
    request.payment.currency = Currency::from_numeric(8).expect("ALL");
    let xml = request.to_soap().expect("SOAP");
    assert!(xml.contains(">008</obj:currency>"), "{xml}");
}

#[test]
fn responses_never_hold_an_unknown_currency() {
    // Monext: the fixture's 978 reads as the euro.
    let xml = fixture("monext-get-web-payment-details-response.xml");
    let details = GetWebPaymentDetailsResponse::from_soap(&xml).expect("fixture");
    let payment = details.payment.as_ref().expect("payment");
    assert_eq!(payment.currency, Some(Currency::EUR));
    assert_eq!(payment.money(), Some(Money::new(1000, Currency::EUR)));
    // An unknown code is an error naming the field, not a currency kept as something else.
    let bad = xml.replacen(">978<", ">999999<", 1);
    let err = GetWebPaymentDetailsResponse::from_soap(&bad).expect_err("unknown code");
    assert!(err.to_string().contains("ISO 4217 numeric code"), "{err}");
    assert!(!err.to_string().contains("999999"), "{err}");

    // Adyen: alphabetic in JSON, the amount in minor units, never negative.
    let text = fixture("adyen-payments-details-response.json");
    let response = PaymentsDetailsResponse::from_json(&text).expect("fixture");
    let amount = response.amount.as_ref().expect("amount");
    assert_eq!(amount.money(), Some(Money::new(1000, Currency::CNY)));
    let err = PaymentsDetailsResponse::from_json(text.replacen("\"CNY\"", "\"RMB\"", 1))
        .expect_err("RMB is no ISO 4217 code");
    assert_eq!(err.path(), "amount.currency");
    assert!(!err.to_string().contains("RMB"), "{err}");
    let err = PaymentsDetailsResponse::from_json(text.replacen("1000", "-1000", 1))
        .expect_err("a negative amount");
    assert_eq!(err.path(), "amount.value");
}

#[test]
fn adyen_writes_the_alphabetic_code_and_minor_units() {
    let request: PaymentsRequest = samples::adyen_payments_document_example();
    let text = request.to_json();
    assert!(
        text.contains(r#""currency":"CNY""#) || text.contains(r#""currency": "CNY""#),
        "{text}"
    );
    assert_eq!(request.amount.value, 1000);
    let tree = json::from_json(&text).expect("JSON");
    assert_eq!(PaymentsRequest::from_wire(&tree).expect("reads"), request);
}

#[test]
fn money_accessors_read_and_write_both_fields() {
    // A mandatory pair: `Money`.
    let mut computop = samples::computop_wechat_w2a();
    assert_eq!(computop.money(), Money::new(computop.amount, Currency::CNY));
    computop.set_money(Money::new(250, Currency::EUR));
    assert_eq!((computop.amount, computop.currency), (250, Currency::EUR));
    assert_eq!(computop.money().to_string(), "2.50 EUR");

    let mut monext = samples::monext_do_web_payment();
    monext.order.set_money(Money::new(1_000, Currency::USD));
    assert_eq!(
        (monext.order.amount, monext.order.currency),
        (1_000, Currency::USD)
    );
    assert_eq!(monext.payment.money().currency, Currency::EUR);

    let mut adyen = samples::adyen_payments_document_example();
    adyen.amount.set_money(Money::new(5, Currency::JPY));
    assert_eq!(adyen.amount.money().to_string(), "5 JPY");

    // An optional pair: `Some` only when both are there; `set_money` fills both.
    let mut details = GetWebPaymentDetailsResponse::from_soap(fixture(
        "monext-get-web-payment-details-response.xml",
    ))
    .expect("fixture");
    let order = details.order.as_mut().expect("order");
    order.currency = None;
    assert_eq!(order.money(), None);
    order.set_money(Money::new(42, Currency::GBP));
    assert_eq!(
        (order.amount, order.currency),
        (Some(42), Some(Currency::GBP))
    );
}

#[test]
fn answers_are_checked_against_the_requests_currency() {
    // Adyen: /payments/details hands back the /payments amount; another currency with the
    // same number is another amount.
    let text = fixture("adyen-payments-details-response.json");
    let response = PaymentsDetailsResponse::from_json(&text).expect("fixture");
    let mut request = samples::adyen_payments_document_example();
    request.reference = response
        .merchant_reference
        .clone()
        .unwrap_or_else(|| request.reference.clone());
    request.amount.set_money(Money::new(1000, Currency::CNY));
    assert_eq!(response.check_against(&request), Ok(()));
    request.amount.currency = Currency::EUR;
    let found = response
        .check_against(&request)
        .expect_err("another currency");
    assert_eq!(
        found.as_slice(),
        [Violation::new(
            "amount.currency",
            RuleKind::RequestMismatch,
            "payments request amount.currency"
        )]
    );

    // Monext: the order's currency is compared in the numeric form both sides write.
    let details = GetWebPaymentDetailsResponse::from_soap(fixture(
        "monext-get-web-payment-details-response.xml",
    ))
    .expect("fixture");
    let mut request = samples::monext_do_web_payment();
    request.order.r#ref = details
        .order
        .as_ref()
        .and_then(|o| o.r#ref.clone())
        .expect("the fixture's order ref");
    request.payment.set_money(Money::new(1000, Currency::EUR));
    request.order.set_money(Money::new(1000, Currency::EUR));
    assert_eq!(details.check_against(&request), Ok(()));
    request.order.currency = Currency::USD;
    let found = details
        .check_against(&request)
        .expect_err("another currency");
    assert_eq!(
        found.as_slice(),
        [Violation::new(
            "order.currency",
            RuleKind::RequestMismatch,
            "doWebPayment request order.currency"
        )]
    );
}
