//! The Monext `doWebPayment` request under the Payconiq profile: the instances, and a
//! hand-written byte-loop baseline of `DoWebPaymentRequest::validate_for(Payconiq)` (every
//! rule of the operation, then the profile's: `order.country`, `buyer.firstName` and
//! `buyer.lastName` mandatory, `payment.action` fixed to 101, `payment.mode` fixed to CPT,
//! `order.amount >= payment.amount`).

use super::scan::{admits_all, ans, n};

use pspec::monext::{
    DoWebPaymentAction, DoWebPaymentBuyer, DoWebPaymentMode, DoWebPaymentOrder,
    DoWebPaymentRequest, DoWebPaymentRequestPayment,
};

/// A realistic valid Payconiq payment: the page's mandatory fields and the usual optional
/// ones (a contract list, language, buyer e-mail, notification URL).
pub fn valid() -> DoWebPaymentRequest {
    DoWebPaymentRequest {
        version: "34".into(),
        payment: DoWebPaymentRequestPayment {
            amount: 4_250,
            currency: pspec::runtime::Currency::EUR,
            action: DoWebPaymentAction::N101,
            mode: DoWebPaymentMode::Cpt,
            contract_number: "PAYCONIQ_MNXT_01".into(),
            differed_action_date: None,
            method: None,
            soft_descriptor: Some("TEAHOUSE BRUSSELS".into()),
            card_brand: None,
            registration_token: None,
            cumulated_amount: None,
        },
        return_url: "https://shop.example.be/checkout/payconiq/return".into(),
        cancel_url: "https://shop.example.be/checkout/payconiq/cancel".into(),
        order: DoWebPaymentOrder {
            r#ref: "ORD-2024-000913".into(),
            origin: Some("WEB".into()),
            country: Some("BE".into()),
            taxes: Some(738),
            amount: 4_250,
            currency: pspec::runtime::Currency::EUR,
            date: pspec::runtime::dates::parse("date(DD/MM/YYYY hh:mm)", "19/01/2024 10:35")
                .expect("a date"),
            details: None,
            delivery_time: Some("1".into()),
            delivery_mode: Some("4".into()),
            delivery_charge: Some(0),
            delivery_expected_date: pspec::runtime::dates::parse("date(DD/MM/YYYY)", "25/01/2024"),
            delivery_expected_delay: Some("6".into()),
            discount_amount: Some(0),
        },
        notification_url: Some("https://shop.example.be/api/monext/notify".into()),
        selected_contract_list: Some(vec!["PAYCONIQ_MNXT_01".into()]),
        second_selected_contract_list: None,
        private_data_list: None,
        language_code: Some("fr".into()),
        custom_payment_page_code: None,
        buyer: Some(DoWebPaymentBuyer {
            title: Some("4".into()),
            last_name: Some("Peeters".into()),
            first_name: Some("Élodie".into()),
            email: Some("elodie.peeters@example.be".into()),
            wallet_id: None,
            mobile_phone: Some("+32470123456".into()),
            customer_id: Some("C-49910".into()),
        }),
        security_mode: Some("SSL".into()),
        custom_payment_template_url: None,
        contract_number_wallet_list: None,
        merchant_name: Some("Tea House".into()),
        misc_data: None,
        asynchronous_retry_timeout: None,
        merchant_score: None,
        skip_smart_display: None,
        extras: Default::default(),
    }
}

/// [`valid`] without `buyer.lastName` (mandatory for Payconiq).
pub fn one_bad() -> DoWebPaymentRequest {
    let mut request = valid();
    if let Some(buyer) = request.buyer.as_mut() {
        buyer.last_name = None;
    }
    request
}

/// [`valid`] with four bad fields: no `order.country`, no `buyer.firstName`,
/// `payment.action` 100 instead of 101, `order.amount` below `payment.amount`.
pub fn four_bad() -> DoWebPaymentRequest {
    let mut request = valid();
    request.order.country = None;
    if let Some(buyer) = request.buyer.as_mut() {
        buyer.first_name = None;
    }
    request.payment.action = DoWebPaymentAction::N100;
    request.order.amount = 4_000;
    request
}

/// The three instances with their names and the number of violations each must yield.
pub fn cases() -> [(&'static str, DoWebPaymentRequest, usize); 3] {
    [
        ("valid", valid(), 0),
        ("one_bad", one_bad(), 1),
        ("four_bad", four_bad(), 4),
    ]
}

/// Checks that the generated validator and the baseline find the expected number of
/// violations in every instance; panics otherwise.
pub fn cross_check() {
    for (name, request, expected) in cases() {
        let generated = request
            .validate_for(pspec::monext::DoWebPaymentProfile::Payconiq)
            .err()
            .map_or(0, |v| v.len());
        let hand = hand_validate::<false>(&request)
            .err()
            .map_or(0, |v| v.len());
        for (validator, count) in [("generated", generated), ("hand-written", hand)] {
            assert_eq!(
                count, expected,
                "payconiq {name}: {validator} finds {count} violations, expected {expected}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Hand-written byte-loop baseline
// ---------------------------------------------------------------------------------------

/// One violation: the field and the kind of rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// The wire name, dotted.
    pub field: &'static str,
    /// The kind of rule.
    pub rule: &'static str,
}

fn push(found: &mut Vec<Found>, field: &'static str, rule: &'static str) {
    found.push(Found { field, rule });
}

/// Length (at most `max` bytes) and class of a given text.
fn text<const FOLD: bool>(
    found: &mut Vec<Found>,
    field: &'static str,
    value: &str,
    max: usize,
    class: impl Fn(u8) -> bool + Copy,
) {
    if value.len() > max {
        push(found, field, "too_long");
    }
    if !admits_all::<FOLD>(value, class) {
        push(found, field, "charset");
    }
}

fn mandatory<const FOLD: bool>(
    found: &mut Vec<Found>,
    field: &'static str,
    value: &str,
    max: usize,
    class: impl Fn(u8) -> bool + Copy,
) {
    if value.is_empty() {
        push(found, field, "missing");
    } else {
        text::<FOLD>(found, field, value, max, class);
    }
}

fn given(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

fn optional<const FOLD: bool>(
    found: &mut Vec<Found>,
    field: &'static str,
    value: Option<&str>,
    max: usize,
) {
    if let Some(value) = given(value) {
        text::<FOLD>(found, field, value, max, ans);
    }
}

fn amount(found: &mut Vec<Found>, field: &'static str, value: u64) {
    if value > 999_999_999_999 {
        push(found, field, "too_long");
    }
}

/// The hand-written baseline of `validate_for(Payconiq)` (`FOLD` picks the style of the
/// class scans, see `scan.rs`). Allocates only when it reports.
pub fn hand_validate<const FOLD: bool>(r: &DoWebPaymentRequest) -> Result<(), Vec<Found>> {
    const ANY: usize = usize::MAX;
    let mut found = Vec::new();
    let f = &mut found;
    mandatory::<FOLD>(f, "version", &r.version, ANY, ans);
    amount(f, "payment.amount", r.payment.amount);
    // The currency is a `Currency`: only ISO 4217 codes exist, nothing to check.
    mandatory::<FOLD>(
        f,
        "payment.contractNumber",
        &r.payment.contract_number,
        20,
        ans,
    );
    // Dates are typed (`time::Date`): only real dates of the mask exist, nothing to check.
    if r.payment.differed_action_date.is_some() && r.payment.mode != DoWebPaymentMode::Dif {
        push(f, "payment.differedActionDate", "must_be_absent");
    }
    optional::<FOLD>(f, "payment.method", r.payment.method.as_deref(), 20);
    optional::<FOLD>(
        f,
        "payment.softDescriptor",
        r.payment.soft_descriptor.as_deref(),
        64,
    );
    optional::<FOLD>(f, "payment.cardBrand", r.payment.card_brand.as_deref(), 15);
    optional::<FOLD>(
        f,
        "payment.registrationToken",
        r.payment.registration_token.as_deref(),
        ANY,
    );
    mandatory::<FOLD>(f, "returnURL", &r.return_url, ANY, ans);
    mandatory::<FOLD>(f, "cancelURL", &r.cancel_url, ANY, ans);
    mandatory::<FOLD>(f, "order.ref", &r.order.r#ref, 50, ans);
    optional::<FOLD>(f, "order.origin", r.order.origin.as_deref(), ANY);
    optional::<FOLD>(f, "order.country", r.order.country.as_deref(), 2);
    if let Some(taxes) = r.order.taxes {
        amount(f, "order.taxes", taxes);
    }
    amount(f, "order.amount", r.order.amount);
    optional::<FOLD>(
        f,
        "order.deliveryTime",
        r.order.delivery_time.as_deref(),
        ANY,
    );
    optional::<FOLD>(
        f,
        "order.deliveryMode",
        r.order.delivery_mode.as_deref(),
        ANY,
    );
    if let Some(value) = given(r.order.delivery_expected_delay.as_deref()) {
        text::<FOLD>(f, "order.deliveryExpectedDelay", value, 2, n);
    }
    if let Some(discount) = r.order.discount_amount {
        amount(f, "order.discountAmount", discount);
    }
    optional::<FOLD>(f, "notificationURL", r.notification_url.as_deref(), ANY);
    let lists = [
        ("selectedContractList", &r.selected_contract_list),
        (
            "secondSelectedContractList",
            &r.second_selected_contract_list,
        ),
    ];
    for (field, list) in lists {
        for item in list.iter().flatten() {
            optional::<FOLD>(f, field, Some(item), ANY);
        }
    }
    optional::<FOLD>(f, "languageCode", r.language_code.as_deref(), ANY);
    optional::<FOLD>(
        f,
        "customPaymentPageCode",
        r.custom_payment_page_code.as_deref(),
        ANY,
    );
    if let Some(buyer) = &r.buyer {
        optional::<FOLD>(f, "buyer.title", buyer.title.as_deref(), ANY);
        for (field, value) in [
            ("buyer.lastName", &buyer.last_name),
            ("buyer.firstName", &buyer.first_name),
        ] {
            if let Some(value) = given(value.as_deref()) {
                // `text..100`: characters, no control characters (C0, DEL, C1).
                if value.chars().count() > 100 {
                    push(f, field, "too_long");
                }
                if value.chars().any(char::is_control) {
                    push(f, field, "charset");
                }
            }
        }
        optional::<FOLD>(f, "buyer.email", buyer.email.as_deref(), 150);
        optional::<FOLD>(f, "buyer.walletId", buyer.wallet_id.as_deref(), ANY);
        optional::<FOLD>(f, "buyer.mobilePhone", buyer.mobile_phone.as_deref(), ANY);
        optional::<FOLD>(f, "buyer.customerId", buyer.customer_id.as_deref(), ANY);
    }
    optional::<FOLD>(f, "securityMode", r.security_mode.as_deref(), ANY);
    optional::<FOLD>(
        f,
        "customPaymentTemplateURL",
        r.custom_payment_template_url.as_deref(),
        ANY,
    );
    for item in r.contract_number_wallet_list.iter().flatten() {
        optional::<FOLD>(f, "contractNumberWalletList", Some(item), ANY);
    }
    optional::<FOLD>(f, "merchantName", r.merchant_name.as_deref(), ANY);
    optional::<FOLD>(f, "miscData", r.misc_data.as_deref(), ANY);
    optional::<FOLD>(
        f,
        "asynchronousRetryTimeout",
        r.asynchronous_retry_timeout.as_deref(),
        ANY,
    );
    optional::<FOLD>(f, "merchantScore", r.merchant_score.as_deref(), ANY);
    optional::<FOLD>(f, "skipSmartDisplay", r.skip_smart_display.as_deref(), ANY);
    // The Payconiq profile.
    if given(r.order.country.as_deref()).is_none() {
        push(f, "order.country", "missing");
    }
    let buyer = r.buyer.as_ref();
    if given(buyer.and_then(|b| b.first_name.as_deref())).is_none() {
        push(f, "buyer.firstName", "missing");
    }
    if given(buyer.and_then(|b| b.last_name.as_deref())).is_none() {
        push(f, "buyer.lastName", "missing");
    }
    if r.payment.action != DoWebPaymentAction::N101 {
        push(f, "payment.action", "fixed_value");
    }
    if r.payment.mode != DoWebPaymentMode::Cpt {
        push(f, "payment.mode", "fixed_value");
    }
    if r.order.amount < r.payment.amount {
        push(f, "order.amount", "cross_field");
    }
    if found.is_empty() { Ok(()) } else { Err(found) }
}
