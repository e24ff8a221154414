//! Decoding benchmarks (issue 6, part 3).
//!
//! - Computop notify as a plain query string (11 pairs, mixed-case keys): the generated
//!   `WechatResponse::from_query` against `serde_urlencoded` into a struct with a
//!   `#[serde(alias)]` per key variant.
//! - The Blowfish `Len`/`Data` envelope, key schedule cached: decrypt + `MAC` verify per
//!   message, with the runtime primitives (`computop_crypto::open_response` +
//!   `verify_response_mac`) and through the typed response (`from_query` + `verify_mac`).
//! - Adyen `/payments` response: generated `PaymentsResponse::from_json` against a plain
//!   serde_json derive of the same shape.
//! - Monext `getWebPaymentDetailsResponse`: generated `from_soap` against a plain quick-xml
//!   serde derive of the same shape (issue 15 asks for this peer).
//!
//! `cargo bench --bench decoding` times them and prints a markdown table at the end.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::Criterion;
use criterion::measurement::Measurement;
use pspec::adyen::PaymentsResponse;
use pspec::computop::WechatResponse;
use pspec::monext::GetWebPaymentDetailsResponse;
use pspec::runtime::computop_crypto::{open_response, verify_response_mac};

#[path = "common/clock.rs"]
mod clock;
#[path = "common/summary.rs"]
mod summary;
#[path = "common/wire_samples.rs"]
mod wire_samples;

use wire_samples::{SerdeNotify, SerdePaymentsResponse, SerdeSoapEnvelope};

struct Decoding;

impl clock::Benches for Decoding {
    fn run<M: Measurement>(&self, c: &mut Criterion<M>) {
        let (key, cipher) = (wire_samples::hmac_key(), wire_samples::cipher());
        let query = wire_samples::notify_query(&key);
        let envelope = wire_samples::notify_envelope(&key, &cipher);

        let mut group = c.benchmark_group("decoding_computop_notify");
        group.bench_function("generated", |b| {
            b.iter(|| WechatResponse::from_query_unverified(black_box(&query), &cipher))
        });
        group.bench_function("serde_urlencoded", |b| {
            b.iter(|| serde_urlencoded::from_str::<SerdeNotify>(black_box(&query)))
        });
        group.finish();

        let mut group = c.benchmark_group("decoding_computop_envelope");
        group.bench_function("runtime_open_and_verify", |b| {
            b.iter(|| {
                let pairs = open_response(&cipher, black_box(&envelope)).ok()?;
                let get = |k: &str| pairs.get(k).unwrap_or("");
                Some(verify_response_mac(
                    &key,
                    get("PayID"),
                    get("TransID"),
                    get("mid"),
                    get("Status"),
                    get("Code"),
                    get("MAC"),
                ))
            })
        });
        group.bench_function("generated_from_query_and_verify_mac", |b| {
            b.iter(|| {
                let response =
                    WechatResponse::from_query_unverified(black_box(&envelope), &cipher).ok()?;
                Some(response.verify_mac(&key))
            })
        });
        group.finish();

        let json = wire_samples::ADYEN_PAYMENTS_RESPONSE;
        let mut group = c.benchmark_group("decoding_adyen_payments_response");
        group.bench_function("generated", |b| {
            b.iter(|| PaymentsResponse::from_json(black_box(json)))
        });
        group.bench_function("serde_json", |b| {
            b.iter(|| serde_json::from_str::<SerdePaymentsResponse>(black_box(json)))
        });
        group.finish();

        let xml = wire_samples::MONEXT_DETAILS_RESPONSE;
        let mut group = c.benchmark_group("decoding_monext_get_web_payment_details");
        group.bench_function("generated", |b| {
            b.iter(|| GetWebPaymentDetailsResponse::from_soap(black_box(xml)))
        });
        group.bench_function("quick_xml_serde", |b| {
            b.iter(|| quick_xml::de::from_str::<SerdeSoapEnvelope>(black_box(xml)))
        });
        group.finish();
    }
}

fn print_table(medians: &BTreeMap<String, f64>) {
    let ns = |group: &str, bench: &str| medians.get(&format!("{group}/{bench}")).copied();
    let show =
        |group: &str, bench: &str| ns(group, bench).map_or_else(|| "–".into(), summary::format_ns);
    let ratio = |group: &str, a: &str, b: &str| match (ns(group, a), ns(group, b)) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "–".into(),
    };
    println!();
    println!(
        "### Decoding, median {} per message (lowest median of {} round(s))",
        clock::clock_name(),
        summary::rounds()
    );
    println!();
    println!("| message | generated | comparison | comparison time | generated / comparison |");
    println!("|---|---:|---|---:|---:|");
    let g = "decoding_computop_notify";
    println!(
        "| Computop notify, plain query (11 pairs, mixed-case keys) | {} | serde_urlencoded + aliases | {} | {} |",
        show(g, "generated"),
        show(g, "serde_urlencoded"),
        ratio(g, "generated", "serde_urlencoded")
    );
    let g = "decoding_computop_envelope";
    println!(
        "| Computop notify, Blowfish envelope + MAC verify (cached key), typed | {} | runtime primitives (open_response + verify_response_mac) | {} | {} |",
        show(g, "generated_from_query_and_verify_mac"),
        show(g, "runtime_open_and_verify"),
        ratio(
            g,
            "generated_from_query_and_verify_mac",
            "runtime_open_and_verify"
        )
    );
    let g = "decoding_adyen_payments_response";
    println!(
        "| Adyen /payments response (JSON) | {} | serde_json derive | {} | {} |",
        show(g, "generated"),
        show(g, "serde_json"),
        ratio(g, "generated", "serde_json")
    );
    let g = "decoding_monext_get_web_payment_details";
    println!(
        "| Monext getWebPaymentDetailsResponse (SOAP) | {} | quick-xml serde derive | {} | {} |",
        show(g, "generated"),
        show(g, "quick_xml_serde"),
        ratio(g, "generated", "quick_xml_serde")
    );
    println!();
}

fn main() {
    wire_samples::cross_check();
    let medians = summary::best_of_rounds(|| clock::run(&Decoding));
    if summary::timing_run() {
        print_table(&medians);
    }
}
