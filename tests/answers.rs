//! Integrity against the request a response reports on (issue 10 point 4), across
//! operations: Monext's `getWebPaymentDetails` hands back the order and amount of the
//! `doWebPayment` whose outcome it reports, Adyen's `/payments/details` the reference and
//! amount of the `/payments` call. `check_against` refuses an answer for another payment.
// The requests are read from JSON with the codec that comes with `adyen`.
#![cfg(all(feature = "monext", feature = "adyen"))]

use pspec::adyen::{PaymentsDetailsResponse, PaymentsRequest};
use pspec::monext::{DoWebPaymentRequest, GetWebPaymentDetailsResponse};
use pspec::runtime::wire::json;
use pspec::runtime::{RuleKind, Violation};

/// The Payconiq session of tests/fixtures/wire/monext-get-web-payment-details-response.xml:
/// order ORDER-42, 10.00 EUR, with `order_ref` and `order_amount` in its place.
fn do_web_payment(order_ref: &str, order_amount: u32) -> DoWebPaymentRequest {
    let text = format!(
        r#"{{"version":"34",
            "payment":{{"amount":1000,"currency":"978","action":"101","mode":"CPT","contractNumber":"PAYCONIQ_1"}},
            "returnURL":"https://shop.example/return","cancelURL":"https://shop.example/cancel",
            "order":{{"ref":"{order_ref}","amount":{order_amount},"currency":"978","date":"19/01/2024 10:35"}}}}"#
    );
    let tree = json::from_json(text).expect("a JSON object");
    DoWebPaymentRequest::from_wire(&tree).expect("a doWebPayment request")
}

fn details() -> GetWebPaymentDetailsResponse {
    let xml = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/wire/monext-get-web-payment-details-response.xml"
    ))
    .expect("fixture");
    GetWebPaymentDetailsResponse::from_soap(xml).expect("a getWebPaymentDetails response")
}

#[test]
fn monext_details_of_the_same_session_pass() {
    let response = details();
    assert_eq!(
        response.check_against(&do_web_payment("ORDER-42", 1000)),
        Ok(())
    );
    // The response's own checks are unaffected by the answered request.
    assert_eq!(response.validate(), Ok(()));
}

#[test]
fn monext_details_of_another_order_or_amount_are_refused() {
    let response = details();
    let found = response
        .check_against(&do_web_payment("ORDER-43", 1000))
        .expect_err("another order");
    assert_eq!(
        found.as_slice(),
        [Violation::new(
            "order.ref",
            RuleKind::RequestMismatch,
            "doWebPayment request order.ref"
        )]
    );
    let found = response
        .check_against(&do_web_payment("ORDER-42", 1))
        .expect_err("another amount");
    assert_eq!(
        found.as_slice(),
        [Violation::new(
            "order.amount",
            RuleKind::RequestMismatch,
            "doWebPayment request order.amount"
        )]
    );
    // A violation names the field and the request path, never the values.
    let shown = format!("{found:?} {found}");
    assert!(!shown.contains("1000"), "{shown}");
}

#[test]
fn monext_details_without_the_order_are_not_compared() {
    // A side that does not carry the value is not a mismatch (rt::wire::echo).
    let mut response = details();
    response.order = None;
    response.payment = None;
    assert_eq!(
        response.check_against(&do_web_payment("ORDER-43", 1)),
        Ok(())
    );
}

fn payments(reference: &str, value: i64) -> PaymentsRequest {
    let text = format!(
        r#"{{"merchantAccount":"ShopEU","reference":"{reference}","amount":{{"currency":"CNY","value":{value}}},
            "paymentMethod":{{"type":"wechatpayMiniProgram","openid":"o-123"}},"returnUrl":"https://shop.example/done"}}"#
    );
    PaymentsRequest::from_wire(&json::from_json(text).expect("a JSON object"))
        .expect("a /payments request")
}

/// The page's example /payments/details response.
fn payment_details() -> PaymentsDetailsResponse {
    PaymentsDetailsResponse::from_json(
        r#"{"pspReference":"PPKFQ89R6QRXGN82","resultCode":"Authorised",
            "amount":{"currency":"CNY","value":1000},"merchantReference":"LEDVRK_62471"}"#,
    )
    .expect("a /payments/details response")
}

#[test]
fn adyen_details_of_the_same_payment_pass() {
    assert_eq!(
        payment_details().check_against(&payments("LEDVRK_62471", 1000)),
        Ok(())
    );
}

#[test]
fn adyen_details_of_another_reference_or_amount_are_refused() {
    let found = payment_details()
        .check_against(&payments("LEDVRK_62472", 999))
        .expect_err("another payment");
    assert_eq!(
        found.as_slice(),
        [
            Violation::new(
                "amount.value",
                RuleKind::RequestMismatch,
                "payments request amount.value"
            ),
            Violation::new(
                "merchantReference",
                RuleKind::RequestMismatch,
                "payments request reference"
            ),
        ]
    );
}
