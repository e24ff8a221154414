//! `validate()` of a valid request does not touch the heap: a counting global allocator
//! watches the validating thread while it validates requests of every provider.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    /// Whether this thread is being watched, and how many allocations it made meanwhile.
    static WATCHED: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: allocations during thread teardown must not panic.
    if WATCHED.try_with(Cell::get).unwrap_or(false) {
        let _ = COUNT.try_with(|c| c.set(c.get() + 1));
    }
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and counts the allocations this thread made while it ran.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    COUNT.with(|c| c.set(0));
    WATCHED.with(|w| w.set(true));
    let result = f();
    WATCHED.with(|w| w.set(false));
    (COUNT.with(Cell::get), result)
}

fn computop_wechat() -> pspec::computop::WechatRequest {
    use pspec::computop::*;
    WechatRequest {
        merchant_id: "Test_Merchant".into(),
        trans_id: "TID-0001".into(),
        refnr: Some("REF-1".into()),
        amount: 100,
        currency: WechatRequestCurrency::Eur,
        mac: "ab".repeat(32),
        channel: WechatRequestChannel::W2a,
        order_desc: "Book: 1x Rust, 12.00".into(),
        order_desc2: Some("BookID:10,BookPrice:120;PenID:10,Material:Steel".into()),
        url_success: "https://shop.example/success".into(),
        url_failure: "https://shop.example/failure".into(),
        response: Some("encrypt".into()),
        url_notify: "https://shop.example:443/notify".into(),
        user_data: Some("user data".into()),
        req_id: Some("REQ-1".into()),
        ip_addr: Some("192.168.0.1".into()),
        time_out: Some(30),
        goods_category: Some("Books".into()),
        product_nr: Some("P1".into()),
        limit: Some(false),
        shop_system: Some(WechatRequestShopSystem::Android),
        shop_name: Some("Shop".into()),
        shop_url: Some("com.example.shop".into()),
        plain: Some("plain".into()),
        custom: Some("a=1|b=2".into()),
    }
}

fn monext_do_web_payment() -> pspec::monext::DoWebPaymentRequest {
    use pspec::monext::*;
    DoWebPaymentRequest {
        version: "34".into(),
        payment: DoWebPaymentRequestPayment {
            amount: 1000,
            currency: "978".into(),
            action: DoWebPaymentRequestPaymentAction::N101,
            mode: DoWebPaymentRequestPaymentMode::Cpt,
            contract_number: "BANCONTACT".into(),
            differed_action_date: None,
            method: None,
            soft_descriptor: Some("DEMO".into()),
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
            taxes: Some(0),
            amount: 1000,
            currency: "978".into(),
            date: "19/01/2024 10:35".into(),
            delivery_time: None,
            delivery_mode: None,
            delivery_charge: None,
            delivery_expected_date: Some("25/01/2024".into()),
            delivery_expected_delay: None,
            discount_amount: None,
        },
        notification_url: None,
        selected_contract_list: Some(vec!["BANCONTACT".into()]),
        second_selected_contract_list: None,
        language_code: Some("fr".into()),
        custom_payment_page_code: None,
        buyer: Some(DoWebPaymentRequestBuyer {
            first_name: Some("Élodie".into()),
            last_name: Some("Müller".into()),
            email: Some("elodie@example.com".into()),
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

fn adyen_payments() -> pspec::adyen::PaymentsRequest {
    use pspec::adyen::*;
    PaymentsRequest {
        merchant_account: "ADYEN_MERCHANT_ACCOUNT".into(),
        reference: "JEP22U_698826xxxxx".into(),
        country_code: Some("CN".into()),
        amount: PaymentsRequestAmount {
            currency: "CNY".into(),
            value: 1000,
        },
        payment_method: PaymentsRequestPaymentMethod {
            r#type: "wechatpayMiniProgram".into(),
            openid: "o-123".into(),
            app_id: Some("wx123".into()),
            stored_payment_method_id: None,
            sdk_data: None,
            checkout_attempt_id: None,
        },
        return_url: "https://your-company.example.com/checkout?shopperOrder=12xy..".into(),
        channel: Some(PaymentsRequestChannel::Web),
    }
}

#[test]
fn validating_valid_requests_allocates_nothing() {
    use pspec::monext::DoWebPaymentProfile;
    let computop = computop_wechat();
    let monext = monext_do_web_payment();
    let adyen = adyen_payments();

    let (count, result) = allocations(|| computop.validate());
    assert_eq!((count, result), (0, Ok(())), "Computop wechat");

    for profile in [
        DoWebPaymentProfile::Payconiq,
        DoWebPaymentProfile::Bancontact,
    ] {
        let (count, result) = allocations(|| monext.validate_for(profile));
        assert_eq!(
            (count, result),
            (0, Ok(())),
            "Monext doWebPayment under {profile:?}"
        );
    }
    let (count, result) = allocations(|| monext.validate());
    assert_eq!((count, result), (0, Ok(())), "Monext doWebPayment");

    let (count, result) = allocations(|| adyen.validate());
    assert_eq!((count, result), (0, Ok(())), "Adyen payments");
}

#[test]
fn the_counter_sees_the_allocation_of_a_report() {
    let mut request = adyen_payments();
    request.return_url.clear();
    let (count, result) = allocations(|| request.validate());
    assert!(result.is_err());
    assert!(
        count >= 1,
        "a violation is reported in a Vec: the counter must see it"
    );
}
