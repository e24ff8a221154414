//! Sample requests of the generated crate (`pspec`), shared by `tests/behaviour.rs` and
//! `tests/allocations.rs`: the documents' own examples, which each test starts from and
//! changes as it needs.
//!
//! Not a module of the support library: `pspec` is a dev-dependency of the test crate, which
//! its library cannot see. The tests include it with
//! `#[path = "support/samples.rs"] mod samples;`.

use pspec::adyen::{PaymentsRequest, PaymentsRequestAmount, PaymentsRequestPaymentMethod};
use pspec::computop::{WechatRequest, WechatRequestChannel, WechatRequestShopSystem};
use pspec::monext::{
    DoWebPaymentRequest, DoWebPaymentRequestBuyer, DoWebPaymentRequestOrder,
    DoWebPaymentRequestPayment, DoWebPaymentRequestPaymentAction, DoWebPaymentRequestPaymentMode,
};

/// A Monext doWebPayment request carrying the mandatory-field table's examples
/// (payment.action 101, payment.mode CPT, order.amount 1000, order.currency 978,
/// order.country BE, buyer John Doe, buyer.email john.doe@monext.net) and plausible values for
/// the operation's own mandatory fields.
pub fn monext_do_web_payment() -> DoWebPaymentRequest {
    DoWebPaymentRequest {
        version: "34".into(),
        payment: DoWebPaymentRequestPayment {
            amount: 1000,
            currency: pspec::runtime::Currency::EUR,
            action: DoWebPaymentRequestPaymentAction::N101,
            mode: DoWebPaymentRequestPaymentMode::Cpt,
            contract_number: "PAYCONIQFP".into(),
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
            r#ref: "ORDER-1".into(),
            origin: None,
            country: Some("BE".into()),
            taxes: None,
            amount: 1000,
            currency: pspec::runtime::Currency::EUR,
            date: pspec::runtime::dates::parse("date(DD/MM/YYYY hh:mm)", "19/01/2024 10:35")
                .expect("a date"),
            details: None,
            delivery_time: None,
            delivery_mode: None,
            delivery_charge: None,
            delivery_expected_date: None,
            delivery_expected_delay: None,
            discount_amount: None,
        },
        notification_url: None,
        selected_contract_list: None,
        second_selected_contract_list: None,
        private_data_list: None,
        language_code: None,
        custom_payment_page_code: None,
        buyer: Some(DoWebPaymentRequestBuyer {
            first_name: Some("John".into()),
            last_name: Some("Doe".into()),
            email: Some("john.doe@monext.net".into()),
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
    }
}

/// A Computop WeChat request on the W2A channel with only the fields it needs: the mandatory
/// ones, `Response`, and the three W2A conditions (`ShopSystem`, `ShopName`, `ShopURL`).
pub fn computop_wechat_w2a() -> WechatRequest {
    WechatRequest {
        merchant_id: "Test_Merchant".into(),
        trans_id: "TID-0001".into(),
        refnr: None,
        amount: 100,
        currency: pspec::runtime::Currency::CNY,
        mac: "0".repeat(64),
        channel: WechatRequestChannel::W2a,
        order_desc: "Book: 1x Rust, 12.00".into(),
        order_desc2: None,
        url_success: "https://shop.example/success".into(),
        url_failure: "https://shop.example/failure".into(),
        response: Some("encrypt".into()),
        url_notify: "https://shop.example/notify".into(),
        user_data: None,
        req_id: None,
        ip_addr: None,
        time_out: None,
        goods_category: None,
        product_nr: None,
        limit: None,
        shop_system: Some(WechatRequestShopSystem::Ios),
        shop_name: Some("Shop".into()),
        shop_url: Some("com.example.shop".into()),
        plain: None,
        custom: None,
    }
}

/// Adyen's example `/payments` request, as the document prints it (no `returnUrl`).
pub fn adyen_payments_document_example() -> PaymentsRequest {
    PaymentsRequest {
        merchant_account: "ADYEN_MERCHANT_ACCOUNT".into(),
        reference: "JEP22U_698826xxxxx".into(),
        country_code: Some("CN".into()),
        amount: PaymentsRequestAmount {
            currency: pspec::runtime::Currency::CNY,
            value: 1000,
        },
        payment_method: PaymentsRequestPaymentMethod {
            r#type: "wechatpayMiniProgram".into(),
            openid: "{OPEN_ID_OBTAINED_IN_STEP_2}".into(),
            app_id: None,
            stored_payment_method_id: None,
            sdk_data: None,
            checkout_attempt_id: None,
        },
        return_url: String::new(),
        channel: None,
    }
}

/// The return URL the Adyen page's own parameters give.
pub const ADYEN_RETURN_URL: &str = "https://your-company.example.com/checkout?shopperOrder=12xy..";
