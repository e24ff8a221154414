//! A complete Monext (Payline) WebPayment integration, Payconiq profile: build the
//! `doWebPayment` request, validate it under the profile, encode it as SOAP (Monext
//! authenticates the call with HTTP Basic, not a message signature), then read the
//! `getWebPaymentDetails` answer, check it against the request it reports on, and branch on
//! the outcome.
//!
//! `cargo run -p pspec --example monext`; `cargo test -p pspec` runs it too. It reads the
//! answer from the repository's `tests/fixtures/wire/`.

use pspec::runtime::time;
use std::error::Error;

use pspec::monext::{
    DoWebPaymentProfile, DoWebPaymentRequest, DoWebPaymentRequestBuyer, DoWebPaymentRequestOrder,
    DoWebPaymentRequestPayment, DoWebPaymentRequestPaymentAction, DoWebPaymentRequestPaymentMode,
    GetWebPaymentDetailsResponse,
};
use pspec::runtime::{Outcome, RuleKind};

fn main() -> Result<(), Box<dyn Error>> {
    let outcome = run()?;
    println!("monext: {outcome:?}");
    Ok(())
}

fn run() -> Result<Outcome, Box<dyn Error>> {
    // 1. Build: 10.00 EUR (ISO 4217 numeric 978, as Monext wants it), Belgium.
    let mut request = DoWebPaymentRequest {
        version: "34".into(),
        payment: DoWebPaymentRequestPayment {
            amount: 1000,
            currency: pspec::runtime::Currency::EUR,
            action: DoWebPaymentRequestPaymentAction::N101,
            mode: DoWebPaymentRequestPaymentMode::Cpt,
            contract_number: "PAYCONIQ_1".into(),
            differed_action_date: None,
            method: None,
            soft_descriptor: None,
            card_brand: None,
            registration_token: None,
            cumulated_amount: None,
        },
        return_url: "https://shop.example/return".into(),
        cancel_url: "https://shop.example/cancel".into(),
        order: DoWebPaymentRequestOrder {
            r#ref: "ORDER-42".into(),
            origin: None,
            country: None,
            taxes: None,
            amount: 1000,
            currency: pspec::runtime::Currency::EUR,
            // Typed: the `time` crate's date and time, written as the mask says (19/01/2024 10:35).
            date: time::PrimitiveDateTime::new(
                time::Date::from_calendar_date(2024, time::Month::January, 19)?,
                time::Time::from_hms(10, 35, 0)?,
            ),
            delivery_time: None,
            delivery_mode: None,
            delivery_charge: None,
            delivery_expected_date: None,
            delivery_expected_delay: None,
            discount_amount: None,
            details: None,
        },
        notification_url: None,
        selected_contract_list: None,
        second_selected_contract_list: None,
        language_code: None,
        custom_payment_page_code: None,
        buyer: Some(DoWebPaymentRequestBuyer {
            first_name: Some("Élodie".into()),
            last_name: Some("Peeters".into()),
            ..Default::default()
        }),
        security_mode: None,
        custom_payment_template_url: None,
        contract_number_wallet_list: None,
        merchant_name: None,
        misc_data: None,
        asynchronous_retry_timeout: None,
        merchant_score: None,
        skip_smart_display: None,
        private_data_list: None,
    };

    // 2. Validate under the Payconiq profile: it needs `order.country`.
    let found = request
        .validate_for(DoWebPaymentProfile::Payconiq)
        .err()
        .ok_or("Payconiq without order.country must not validate")?;
    assert_eq!(
        (found.as_slice()[0].field, found.as_slice()[0].rule),
        ("order.country", RuleKind::Missing)
    );
    request.order.country = Some("BE".into());
    request.validate_for(DoWebPaymentProfile::Payconiq)?;

    // 3. Encode: the SOAP body to POST (with HTTP Basic credentials) to the WebPayment API.
    let soap = request.to_soap()?;
    assert!(soap.contains("doWebPaymentRequest") && soap.contains("ORDER-42"));

    // 4. Decode the `getWebPaymentDetails` answer, then check it reports on this request
    // (order reference, amount, currency): an answer for another order must not pay this one.
    let details = GetWebPaymentDetailsResponse::from_soap(fixture(
        "monext-get-web-payment-details-response.xml",
    )?)?;
    details.validate()?;
    details.check_against(&request)?;

    // 5. Branch on the outcome, never on the message text.
    let outcome = details.outcome();
    match outcome {
        Outcome::Success => println!("paid: {}", details.result.code),
        Outcome::Pending | Outcome::ActionRequired => println!("ask again later"),
        Outcome::Refused | Outcome::Cancelled | Outcome::Fraud => println!("not paid"),
        _ => println!("unknown: keep the order open"),
    }
    assert_eq!(outcome, Outcome::Success);
    Ok(outcome)
}

/// A file of the repository's `tests/fixtures/wire/`, found at run time from the manifest
/// directory cargo gives (`cargo run` and `cargo test` set it).
fn fixture(name: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or("run me through cargo")?;
    let path = std::path::Path::new(&dir)
        .join("../tests/fixtures/wire")
        .join(name);
    std::fs::read(&path).map_err(|err| format!("{}: {err}", path.display()).into())
}

#[test]
fn integration_runs() {
    assert_eq!(run().map_err(|e| e.to_string()), Ok(Outcome::Success));
}
