//! cargo-fuzz target `roundtrip`: the body is [`pspec_fuzz::roundtrip`] (fuzz/src/lib.rs), which
//! tests/fuzz_corpus.rs replays over the saved corpus on stable.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pspec_fuzz::roundtrip(data));
