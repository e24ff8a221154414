//! A count of the work the wire layer does on a message: every comparison of two names and
//! every probe of a name index. Tests prove that decoding, validating and encoding take
//! linear time by comparing this count for inputs of 10,000 and 100,000 entries (a count,
//! not a clock: the result does not depend on the machine or its load).
//!
//! Counting needs the `count-work` feature (tests turn it on); without it nothing is
//! counted and [`count`] is always 0.

#[cfg(feature = "count-work")]
thread_local! {
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one unit of work on this thread.
#[inline]
pub(crate) fn tally() {
    #[cfg(feature = "count-work")]
    WORK.with(|work| work.set(work.get().saturating_add(1)));
}

/// The units of work counted on this thread since the last [`reset`].
#[must_use]
pub fn count() -> u64 {
    #[cfg(feature = "count-work")]
    {
        WORK.with(std::cell::Cell::get)
    }
    #[cfg(not(feature = "count-work"))]
    {
        0
    }
}

/// Sets this thread's count back to 0.
pub fn reset() {
    #[cfg(feature = "count-work")]
    WORK.with(|work| work.set(0));
}
