//! The benches' clock: the CPU time of the benchmarking thread
//! (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`) instead of wall time, so that time the thread
//! spends descheduled while other processes run (a compile on this 2-core machine) does not
//! count. Contention for caches and memory bandwidth still does. `PSPEC_BENCH_CLOCK=wall`
//! switches back to criterion's wall clock.

use criterion::Criterion;
use criterion::Throughput;
use criterion::measurement::{Measurement, ValueFormatter};

/// Thread CPU time, in nanoseconds.
pub struct ThreadTime;

#[allow(
    unsafe_code,
    reason = "std has no thread CPU clock; libc's clock_gettime is unsafe"
)]
fn thread_cpu_ns() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; the clock id is a constant Linux knows.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    // Both fields are non-negative for this clock.
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

impl Measurement for ThreadTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }

    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns().saturating_sub(start)
    }

    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }

    fn zero(&self) -> u64 {
        0
    }

    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

/// Shows nanoseconds as ns, µs or ms.
struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = if typical < 1e3 {
            (1.0, "ns")
        } else if typical < 1e6 {
            (1e-3, "µs")
        } else if typical < 1e9 {
            (1e-6, "ms")
        } else {
            (1e-9, "s")
        };
        for value in values {
            *value *= factor;
        }
        unit
    }

    fn scale_throughputs(&self, _: f64, _: &Throughput, values: &mut [f64]) -> &'static str {
        // No bench here declares a throughput; show the raw time.
        for value in values.iter_mut() {
            *value = value.recip();
        }
        "/ns"
    }

    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

/// Whether `PSPEC_BENCH_CLOCK=wall` asks for criterion's wall clock.
pub fn wall_clock_requested() -> bool {
    std::env::var("PSPEC_BENCH_CLOCK").is_ok_and(|v| v == "wall")
}

/// The name of the clock in use, for the printed tables.
pub fn clock_name() -> &'static str {
    if wall_clock_requested() {
        "wall time"
    } else {
        "thread CPU time"
    }
}

/// A set of benchmarks, runnable under either clock.
pub trait Benches {
    /// Registers and runs the benchmarks on `criterion`.
    fn run<M: Measurement>(&self, criterion: &mut Criterion<M>);
}

/// Runs `benches` with the chosen clock, configured from the command line.
pub fn run(benches: &impl Benches) {
    if wall_clock_requested() {
        let mut criterion = Criterion::default().configure_from_args();
        benches.run(&mut criterion);
        criterion.final_summary();
    } else {
        let mut criterion = Criterion::default()
            .with_measurement(ThreadTime)
            .configure_from_args();
        benches.run(&mut criterion);
        criterion.final_summary();
    }
}
