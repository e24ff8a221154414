//! cargo-fuzz target `webhook`: the body is [`pspec_fuzz::webhook`] (fuzz/src/lib.rs), which
//! tests/fuzz_corpus.rs replays over the saved corpus on stable.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pspec_fuzz::webhook(data));
