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

#[allow(
    unsafe_code,
    reason = "a counting global allocator implements the unsafe GlobalAlloc"
)]
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

#[path = "support/samples.rs"]
mod samples;

/// The shared W2A request with every optional field set, so that every check runs.
fn computop_wechat() -> pspec::computop::WechatRequest {
    use pspec::computop::*;
    let mut request = samples::computop_wechat_w2a()
        .with_refnr("REF-1")
        .with_order_desc2("BookID:10,BookPrice:120;PenID:10,Material:Steel")
        .with_user_data("user data")
        .with_req_id("REQ-1")
        .with_ip_addr("192.168.0.1")
        .with_time_out(30)
        .with_goods_category("Books")
        .with_product_nr("P1")
        .with_limit(false)
        .with_shop_system(WechatShopSystem::Android)
        .with_plain("plain")
        .with_custom("a=1|b=2");
    request.currency = pspec::runtime::Currency::EUR;
    request.url_notify = "https://shop.example:443/notify".into();
    request
}

/// The shared doWebPayment request as a Bancontact payment with more optional fields set.
fn monext_do_web_payment() -> pspec::monext::DoWebPaymentRequest {
    use pspec::monext::*;
    let mut request = samples::monext_do_web_payment()
        .with_selected_contract_list(vec!["BANCONTACT".into()])
        .with_language_code("fr")
        .with_buyer(
            DoWebPaymentBuyer::new()
                .with_first_name("Élodie")
                .with_last_name("Müller")
                .with_email("elodie@example.com"),
        );
    request.payment.contract_number = "BANCONTACT".into();
    request.payment.soft_descriptor = Some("DEMO".into());
    request.order.taxes = Some(0);
    request.order.delivery_expected_date =
        pspec::runtime::dates::parse("date(DD/MM/YYYY)", "25/01/2024");
    request
}

/// The document's `/payments` example, completed so that it validates.
fn adyen_payments() -> pspec::adyen::PaymentsRequest {
    use pspec::adyen::*;
    let mut request = samples::adyen_payments_document_example().with_channel(PaymentsChannel::Web);
    request.payment_method = PaymentsPaymentMethod::new("o-123").with_app_id("wx123");
    request.return_url = samples::ADYEN_RETURN_URL.into();
    request
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
