//! The character-class scans of the hand-written baselines, in two styles:
//!
//! - `FOLD = false`, the idiomatic loop: `bytes.iter().all(|&b| class(b))`, which stops at the
//!   first bad byte (an early-exit loop, which LLVM does not vectorize);
//! - `FOLD = true`, a branch-free fold: `fold(true, |ok, &b| ok & class(b))` over every byte,
//!   which LLVM turns into SIMD range compares.
//!
//! The classes are range compares on the byte, not lookup tables.

/// `ans`: printable ASCII, 0x20-0x7E.
#[inline(always)]
pub fn ans(b: u8) -> bool {
    b.wrapping_sub(0x20) < 0x5F
}

/// `an`: ASCII letters and digits.
#[inline(always)]
pub fn an(b: u8) -> bool {
    b.is_ascii_digit() | ((b | 0x20).wrapping_sub(b'a') < 26)
}

/// `ns`: printable ASCII without letters.
#[inline(always)]
pub fn ns(b: u8) -> bool {
    ans(b) & ((b | 0x20).wrapping_sub(b'a') >= 26)
}

/// `n`: ASCII digits.
#[inline(always)]
pub fn n(b: u8) -> bool {
    b.is_ascii_digit()
}

/// Whether every byte of `value` is in the class, in the style `FOLD` picks.
#[inline(always)]
pub fn admits_all<const FOLD: bool>(value: &str, class: impl Fn(u8) -> bool) -> bool {
    let bytes = value.as_bytes();
    if FOLD {
        bytes.iter().fold(true, |ok, &b| ok & class(b))
    } else {
        bytes.iter().all(|&b| class(b))
    }
}
