//! Validation benchmarks (issue 6, part 1).
//!
//! The Computop `wechat.aspx` request (valid with every optional field filled, one bad field,
//! four bad fields) validated four ways: the generated `validate()`, a garde derive, a
//! validator-crate derive, and a hand-written byte loop. Then the Monext `doWebPayment`
//! request under the Payconiq profile: generated `validate_for` against a hand-written loop.
//!
//! `cargo bench --bench validation` times them and prints a markdown table of medians and
//! ratios at the end; `cargo test --benches` (criterion's test mode) runs each routine once.
//! Before timing, every validator must find the same number of violations in every
//! instance, or the bench stops.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::Criterion;
use criterion::measurement::Measurement;

#[path = "common/clock.rs"]
mod clock;
#[path = "common/payconiq.rs"]
mod payconiq;
#[path = "common/scan.rs"]
mod scan;
#[path = "common/summary.rs"]
mod summary;
#[path = "common/wechat.rs"]
mod wechat;

use wechat::{GardeWechat, ValidatorWechat};

fn bench_wechat<M: Measurement>(c: &mut Criterion<M>) {
    use garde::Validate as _;
    use validator::Validate as _;
    for (case, request, _) in wechat::cases() {
        let garde_form = GardeWechat::from(&request);
        let validator_form = ValidatorWechat::from(&request);
        let mut group = c.benchmark_group(format!("validation_wechat_{case}"));
        group.bench_function("generated", |b| b.iter(|| black_box(&request).validate()));
        group.bench_function("hand_written", |b| {
            b.iter(|| wechat::hand_validate::<false>(black_box(&request)))
        });
        group.bench_function("hand_written_fold", |b| {
            b.iter(|| wechat::hand_validate::<true>(black_box(&request)))
        });
        group.bench_function("garde", |b| b.iter(|| black_box(&garde_form).validate()));
        group.bench_function("validator", |b| {
            b.iter(|| black_box(&validator_form).validate())
        });
        group.finish();
    }
}

fn bench_payconiq<M: Measurement>(c: &mut Criterion<M>) {
    use pspec::monext::DoWebPaymentProfile;
    for (case, request, _) in payconiq::cases() {
        let mut group = c.benchmark_group(format!("validation_payconiq_{case}"));
        group.bench_function("generated", |b| {
            b.iter(|| black_box(&request).validate_for(DoWebPaymentProfile::Payconiq))
        });
        group.bench_function("hand_written", |b| {
            b.iter(|| payconiq::hand_validate::<false>(black_box(&request)))
        });
        group.bench_function("hand_written_fold", |b| {
            b.iter(|| payconiq::hand_validate::<true>(black_box(&request)))
        });
        group.finish();
    }
}

/// The figures of this run, medians per call, with the ratios the issue sets goals for.
fn print_table(medians: &BTreeMap<String, f64>) {
    let ns = |group: &str, bench: &str| medians.get(&format!("{group}/{bench}")).copied();
    let show = |value: Option<f64>| value.map_or_else(|| "–".to_string(), summary::format_ns);
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "–".to_string(),
    };
    println!();
    println!(
        "### Validation, median {} per call (lowest median of {} round(s))",
        clock::clock_name(),
        summary::rounds()
    );
    println!();
    println!(
        "| request | case | generated | hand-written | hand-written, fold | garde | validator | generated / hand-written (goal ≤ 1.20) | generated / hand-written fold | generated / garde (goal ≤ 0.33) |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (case, _, _) in wechat::cases() {
        let group = format!("validation_wechat_{case}");
        let generated = ns(&group, "generated");
        let hand = ns(&group, "hand_written");
        let fold = ns(&group, "hand_written_fold");
        let garde = ns(&group, "garde");
        let validator = ns(&group, "validator");
        println!(
            "| Computop wechat | {case} | {} | {} | {} | {} | {} | {} | {} | {} |",
            show(generated),
            show(hand),
            show(fold),
            show(garde),
            show(validator),
            ratio(generated, hand),
            ratio(generated, fold),
            ratio(generated, garde),
        );
    }
    for (case, _, _) in payconiq::cases() {
        let group = format!("validation_payconiq_{case}");
        let generated = ns(&group, "generated");
        let hand = ns(&group, "hand_written");
        let fold = ns(&group, "hand_written_fold");
        println!(
            "| Monext doWebPayment, Payconiq | {case} | {} | {} | {} | – | – | {} | {} | – |",
            show(generated),
            show(hand),
            show(fold),
            ratio(generated, hand),
            ratio(generated, fold),
        );
    }
    println!();
}

struct Validation;

impl clock::Benches for Validation {
    fn run<M: Measurement>(&self, criterion: &mut Criterion<M>) {
        bench_wechat(criterion);
        bench_payconiq(criterion);
    }
}

fn main() {
    wechat::cross_check();
    payconiq::cross_check();
    let medians = summary::best_of_rounds(|| clock::run(&Validation));
    if summary::timing_run() {
        print_table(&medians);
    }
}
