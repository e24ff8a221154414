//! Allocations per call (issue 6, part 2): a counting global allocator watches every
//! validator of the validation bench, on every instance, valid and invalid, and prints a
//! markdown table of allocations and bytes per call.
//!
//! Counting is exact (not sampled), so one short run gives the final figures; the same run
//! serves `cargo bench` and `cargo test --benches`. Goal: zero allocations for the generated
//! validator on valid input.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[path = "common/encode_samples.rs"]
mod encode_samples;
#[path = "common/payconiq.rs"]
mod payconiq;
#[path = "common/scan.rs"]
mod scan;
#[path = "common/wechat.rs"]
mod wechat;
#[path = "common/wire_samples.rs"]
mod wire_samples;

use wechat::{GardeWechat, ValidatorWechat};

/// Counts allocations (and reallocations, each a fresh block) and their bytes while
/// `WATCHING` is set. The bench is single-threaded while it watches.
struct Counting;

static WATCHING: AtomicBool = AtomicBool::new(false);
static CALLS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

fn count(size: usize) {
    if WATCHING.load(Ordering::Relaxed) {
        CALLS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
    }
}

#[allow(
    unsafe_code,
    reason = "a counting global allocator implements the unsafe GlobalAlloc"
)]
// SAFETY: every call goes to the system allocator unchanged; the wrapper only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
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

/// Calls per measurement; the figures are per call.
const CALLS_PER_ROW: u64 = 1_000;

/// Allocations and bytes per call of `f`, after one warm-up call (which pays for lazily
/// built regexes and the like).
fn per_call<R>(mut f: impl FnMut() -> R) -> (f64, f64) {
    drop(black_box(f()));
    CALLS.store(0, Ordering::Relaxed);
    BYTES.store(0, Ordering::Relaxed);
    WATCHING.store(true, Ordering::Relaxed);
    for _ in 0..CALLS_PER_ROW {
        drop(black_box(f()));
    }
    WATCHING.store(false, Ordering::Relaxed);
    let calls = CALLS.load(Ordering::Relaxed) as f64 / CALLS_PER_ROW as f64;
    let bytes = BYTES.load(Ordering::Relaxed) as f64 / CALLS_PER_ROW as f64;
    (calls, bytes)
}

/// `3`, or `2.50` when the count is not the same for every call.
fn figure(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

fn row(request: &str, case: &str, validator: &str, (calls, bytes): (f64, f64), goal: &str) {
    println!(
        "| {request} | {case} | {validator} | {} | {} | {goal} |",
        figure(calls),
        figure(bytes)
    );
}

/// The decoders of the decoding bench, each against its peer (issue 15: "allocations per
/// message at most those of the serde peer in each row"; the envelope row's peer is the
/// runtime's primitives, as in the decoding bench). Returns whether every generated decoder
/// allocates at most as often as its peer.
fn decoders() -> bool {
    use pspec::adyen::PaymentsResponse;
    use pspec::computop::WechatResponse;
    use pspec::monext::GetWebPaymentDetailsResponse;
    use wire_samples::{SerdeNotify, SerdePaymentsResponse, SerdeSoapEnvelope};

    wire_samples::cross_check();
    let (key, cipher) = (wire_samples::hmac_key(), wire_samples::cipher());
    let query = wire_samples::notify_query(&key);
    let envelope = wire_samples::notify_envelope(&key, &cipher);
    let json = wire_samples::ADYEN_PAYMENTS_RESPONSE;
    let xml = wire_samples::MONEXT_DETAILS_RESPONSE;
    println!();
    println!("### Decoders, allocations per call ({CALLS_PER_ROW} calls per row)");
    println!();
    println!(
        "| message | decoder | allocations / call | bytes / call | goal: at most the peer's allocations |"
    );
    println!("|---|---|---:|---:|---|");
    type Measured<'a> = (&'a str, (f64, f64));
    let rows: [(&str, Measured<'_>, Measured<'_>); 4] = [
        (
            "Computop notify, plain query",
            (
                "generated from_query_unverified",
                per_call(|| WechatResponse::from_query_unverified(black_box(&query), &cipher)),
            ),
            (
                "serde_urlencoded",
                per_call(|| serde_urlencoded::from_str::<SerdeNotify>(black_box(&query))),
            ),
        ),
        (
            "Computop notify, envelope + MAC verify",
            (
                "generated from_query_unverified + verify_mac",
                per_call(|| {
                    WechatResponse::from_query_unverified(black_box(&envelope), &cipher)
                        .map(|response| response.verify_mac(&key))
                }),
            ),
            (
                "open_response + verify_response_mac",
                per_call(|| {
                    wire_samples::open_and_verify_with_primitives(
                        &cipher,
                        &key,
                        black_box(&envelope),
                    )
                }),
            ),
        ),
        (
            "Adyen /payments response",
            (
                "generated from_json",
                per_call(|| PaymentsResponse::from_json(black_box(json))),
            ),
            (
                "serde_json",
                per_call(|| serde_json::from_str::<SerdePaymentsResponse>(black_box(json))),
            ),
        ),
        (
            "Monext getWebPaymentDetailsResponse",
            (
                "generated from_soap",
                per_call(|| GetWebPaymentDetailsResponse::from_soap(black_box(xml))),
            ),
            (
                "quick-xml serde",
                per_call(|| quick_xml::de::from_str::<SerdeSoapEnvelope>(black_box(xml))),
            ),
        ),
    ];
    let mut met = true;
    for (message, (ours, generated), (peer, theirs)) in rows {
        let ok = generated.0 <= theirs.0;
        met &= ok;
        let goal = if ok { "met" } else { "MISSED" };
        row_pair(message, ours, generated, goal);
        row_pair(message, peer, theirs, "");
    }
    met
}

/// The encoders of the decoding bench's encoding rows, each against its serde peer (issue
/// 15: "allocations per message at most those of the serde peer"). Returns whether every
/// generated encoder allocates at most as often as its peer.
fn encoders() -> bool {
    use encode_samples::{SerdePaymentsRequest, SerdeSoapRequestEnvelope, SerdeWechatRequest};
    use pspec::runtime::wire::{PairMode, PairSink};

    encode_samples::cross_check();
    let key = wire_samples::hmac_key();
    let computop = encode_samples::computop_request();
    let mut serde_computop = SerdeWechatRequest::from(&computop);
    let adyen = encode_samples::adyen_request();
    let serde_adyen = SerdePaymentsRequest::from(&adyen);
    let monext = encode_samples::monext_request();
    let serde_monext = SerdeSoapRequestEnvelope::from(&monext);
    println!();
    println!("### Encoders, allocations per call ({CALLS_PER_ROW} calls per row)");
    println!();
    println!(
        "| request | encoder | allocations / call | bytes / call | goal: at most the peer's allocations |"
    );
    println!("|---|---|---:|---:|---|");
    // Per request: the generated encoder and the peer, each with its figures.
    type Measured<'a> = (&'a str, (f64, f64));
    let rows: [(&str, Measured<'_>, Measured<'_>); 4] = [
        (
            "Computop WechatRequest, form body, unsigned",
            (
                "generated (write_fields into the form sink)",
                per_call(|| {
                    PairSink::encode(PairMode::Form, |sink| {
                        black_box(&computop).write_fields(sink)
                    })
                }),
            ),
            (
                "serde_urlencoded",
                per_call(|| serde_urlencoded::to_string(black_box(&serde_computop))),
            ),
        ),
        (
            "Computop WechatRequest, signed",
            (
                "generated to_plain",
                per_call(|| black_box(&computop).to_plain(&key)),
            ),
            (
                "request_mac + serde_urlencoded",
                per_call(|| black_box(&mut serde_computop).signed(&key)),
            ),
        ),
        (
            "Adyen /payments request",
            (
                "generated to_json",
                per_call(|| black_box(&adyen).to_json()),
            ),
            (
                "serde_json",
                per_call(|| serde_json::to_string(black_box(&serde_adyen))),
            ),
        ),
        (
            "Monext doWebPayment request",
            (
                "generated to_soap",
                per_call(|| black_box(&monext).to_soap()),
            ),
            (
                "quick-xml serde",
                per_call(|| black_box(&serde_monext).to_xml()),
            ),
        ),
    ];
    let mut met = true;
    for (request, (ours, generated), (peer, theirs)) in rows {
        let ok = generated.0 <= theirs.0;
        met &= ok;
        let goal = if ok { "met" } else { "MISSED" };
        row_pair(request, ours, generated, goal);
        row_pair(request, peer, theirs, "");
    }
    met
}

fn row_pair(message: &str, coder: &str, (calls, bytes): (f64, f64), goal: &str) {
    println!(
        "| {message} | {coder} | {} | {} | {goal} |",
        figure(calls),
        figure(bytes)
    );
}

fn main() {
    use garde::Validate as _;
    use validator::Validate as _;
    wechat::cross_check();
    payconiq::cross_check();
    println!();
    println!("### Allocations per call ({CALLS_PER_ROW} calls per row, counting global allocator)");
    println!();
    println!("| request | case | validator | allocations / call | bytes / call | goal |");
    println!("|---|---|---|---:|---:|---|");
    let mut missed = false;
    for (case, request, _) in wechat::cases() {
        let garde_form = GardeWechat::from(&request);
        let validator_form = ValidatorWechat::from(&request);
        let generated = per_call(|| black_box(&request).validate());
        let goal = if case.starts_with("valid") {
            let met = generated.0 == 0.0;
            missed |= !met;
            if met { "0: met" } else { "0: MISSED" }
        } else {
            ""
        };
        row("Computop wechat", case, "generated", generated, goal);
        let hand = per_call(|| wechat::hand_validate::<false>(black_box(&request)));
        row("Computop wechat", case, "hand-written", hand, "");
        let garde = per_call(|| black_box(&garde_form).validate());
        row("Computop wechat", case, "garde", garde, "");
        let validator = per_call(|| black_box(&validator_form).validate());
        row("Computop wechat", case, "validator", validator, "");
    }
    for (case, request, _) in payconiq::cases() {
        let generated = per_call(|| {
            black_box(&request).validate_for(pspec::monext::DoWebPaymentProfile::Payconiq)
        });
        let goal = if case.starts_with("valid") {
            let met = generated.0 == 0.0;
            missed |= !met;
            if met { "0: met" } else { "0: MISSED" }
        } else {
            ""
        };
        row(
            "Monext doWebPayment, Payconiq",
            case,
            "generated",
            generated,
            goal,
        );
        let hand = per_call(|| payconiq::hand_validate::<false>(black_box(&request)));
        row(
            "Monext doWebPayment, Payconiq",
            case,
            "hand-written",
            hand,
            "",
        );
    }
    println!();
    if missed {
        println!("goal missed: the generated validator allocates on valid input");
    } else {
        println!("goal met: the generated validator allocates nothing on valid input");
    }
    if decoders() {
        println!("\ngoal met: no generated decoder allocates more often than its peer");
    } else {
        println!("\ngoal missed: a generated decoder allocates more often than its peer");
    }
    if encoders() {
        println!("\ngoal met: no generated encoder allocates more often than its serde peer");
    } else {
        println!("\ngoal missed: a generated encoder allocates more often than its serde peer");
    }
}
