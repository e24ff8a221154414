//! Fingerprints: a finding's identity across commits.
//!
//! FNV-1a, 64 bits (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`), over the UTF-8
//! bytes of the rule id, the operation, the field, the value before and the value after, joined
//! by one newline (`\n`) each, an absent value counting as the empty string; written as 16
//! lowercase hex digits. Lines, file names and the order of files or findings take no part, so
//! moving a field, splitting a file or rebasing keeps the fingerprint.

use super::rules::Finding;

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    })
}

/// The fingerprint of a finding, from its rule, operation, field, before and after.
pub fn fingerprint(finding: &Finding) -> String {
    of_parts(
        finding.rule.id(),
        &finding.operation,
        &finding.field,
        finding.before.as_deref(),
        finding.after.as_deref(),
    )
}

/// The fingerprint of the given parts.
pub fn of_parts(
    rule: &str,
    operation: &str,
    field: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let input = [
        rule,
        operation,
        field,
        before.unwrap_or(""),
        after.unwrap_or(""),
    ]
    .join("\n");
    format!("{:016x}", fnv1a64(input.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_reference_values() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn parts_are_separated() {
        let a = of_parts("r", "op", "ab", None, Some("c"));
        let b = of_parts("r", "op", "a", Some("b"), Some("c"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
        assert_eq!(a, of_parts("r", "op", "ab", None, Some("c")));
    }
}
