//! Sample requests of the generated crate (`pspec`), shared by `tests/behaviour.rs` and
//! `tests/allocations.rs`: the documents' own examples, which each test starts from and
//! changes as it needs.
//!
//! Not a module of the support library: `pspec` is a dev-dependency of the test crate, which
//! its library cannot see. The tests include it with
//! `#[path = "support/samples.rs"] mod samples;`.

use pspec::adyen::{PaymentsAmount, PaymentsPaymentMethod, PaymentsRequest};
use pspec::computop::{WechatChannel, WechatRequest, WechatShopSystem};
use pspec::monext::DoWebPaymentRequest;
use pspec::runtime::Currency;

/// A Monext doWebPayment request carrying the mandatory-field table's examples
/// (payment.action 101, payment.mode CPT, order.amount 1000, order.currency 978,
/// order.country BE, buyer John Doe, buyer.email john.doe@monext.net) and plausible values for
/// the operation's own mandatory fields, built by the Payconiq profile's constructor.
pub fn monext_do_web_payment() -> DoWebPaymentRequest {
    let mut request = DoWebPaymentRequest::payconiq(
        "34",
        pspec::runtime::Money::new(1000, Currency::EUR),
        "PAYCONIQFP",
        "https://shop.example/return",
        "https://shop.example/cancel",
        "ORDER-1",
        "BE",
        pspec::runtime::Money::new(1000, Currency::EUR),
        pspec::runtime::dates::parse("date(DD/MM/YYYY hh:mm)", "19/01/2024 10:35").expect("a date"),
        "Doe",
        "John",
    );
    if let Some(buyer) = request.buyer.as_mut() {
        buyer.email = Some("john.doe@monext.net".into());
    }
    request
}

/// A Computop WeChat request on the W2A channel with only the fields it needs: the mandatory
/// ones, `Response` (sent by default), and the three W2A conditions (`ShopSystem`,
/// `ShopName`, `ShopURL`). No `MAC`: the signing calls compute it.
pub fn computop_wechat_w2a() -> WechatRequest {
    WechatRequest::new(
        "Test_Merchant",
        "TID-0001",
        pspec::runtime::Money::new(100, Currency::CNY),
        WechatChannel::W2a,
        "Book: 1x Rust, 12.00",
        "https://shop.example/success",
        "https://shop.example/failure",
        "https://shop.example/notify",
    )
    .with_shop_system(WechatShopSystem::Ios)
    .with_shop_name("Shop")
    .with_shop_url("com.example.shop")
}

/// Adyen's example `/payments` request, as the document prints it (no `returnUrl`).
pub fn adyen_payments_document_example() -> PaymentsRequest {
    PaymentsRequest::new(
        "ADYEN_MERCHANT_ACCOUNT",
        "JEP22U_698826xxxxx",
        PaymentsAmount::new(pspec::runtime::Money::new(1000, Currency::CNY)),
        PaymentsPaymentMethod::new("{OPEN_ID_OBTAINED_IN_STEP_2}"),
        "",
    )
    .with_country_code("CN")
}

/// The return URL the Adyen page's own parameters give.
pub const ADYEN_RETURN_URL: &str = "https://your-company.example.com/checkout?shopperOrder=12xy..";
