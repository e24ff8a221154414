//! URL constraints a document states (`url: { scheme, port, query }`).
//!
//! How they map to rule kinds: a wrong scheme or port is a value outside the allowed ones,
//! `not_allowed_value`, with the scheme (`https`) or the port (`443`) as its limit; a query
//! string where none is allowed is the character `?` that the field forbids, `forbidden_char`
//! with the limit `?`. A URL without an explicit port uses its scheme's default port (443 for
//! https, 80 for http).

use super::violation::{RuleKind, Violations};

/// The constraints on one URL field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UrlRule {
    /// The required scheme, compared without regard to case.
    pub scheme: Option<&'static str>,
    /// The only port allowed, with its text (the violation's limit).
    pub port: Option<(u16, &'static str)>,
    /// Whether a query string (`?...`) is allowed.
    pub query: bool,
}

fn default_port(scheme: &[u8]) -> Option<u16> {
    if scheme.eq_ignore_ascii_case(b"https") {
        Some(443)
    } else if scheme.eq_ignore_ascii_case(b"http") {
        Some(80)
    } else {
        None
    }
}

/// Splits `bytes` at the first `://` into the scheme and the rest; without one, the scheme is
/// empty and the rest is everything. `expected` is the scheme the rule asks for: checked first,
/// it finds the separator without a search in the usual case (a scheme name holds no `://`,
/// so a value starting with it and `://` has its first `://` right there).
fn split_scheme<'a>(bytes: &'a [u8], expected: Option<&str>) -> (&'a [u8], &'a [u8]) {
    if let Some(expected) = expected.filter(|scheme| !scheme.contains("://"))
        && let Some((scheme, rest)) = bytes.split_at_checked(expected.len())
        && let Some(rest) = rest.strip_prefix(b"://")
        && scheme.eq_ignore_ascii_case(expected.as_bytes())
    {
        return (scheme, rest);
    }
    let found = bytes.windows(3).position(|window| window == b"://");
    found
        .and_then(|at| {
            let (scheme, rest) = bytes.split_at_checked(at)?;
            Some((scheme, rest.strip_prefix(b"://")?))
        })
        .unwrap_or((&b""[..], bytes))
}

/// The authority (`user@host:port`) at the start of what follows the scheme, as one forward
/// scan: where it ends (the first `/`, `?` or `#`), and the last `@`, `:` and `]` in it.
struct Authority {
    len: usize,
    last_at: Option<usize>,
    last_colon: Option<usize>,
    last_bracket: Option<usize>,
}

fn scan_authority(rest: &[u8]) -> Authority {
    let mut authority = Authority {
        len: rest.len(),
        last_at: None,
        last_colon: None,
        last_bracket: None,
    };
    for (at, &byte) in rest.iter().enumerate() {
        match byte {
            b'/' | b'?' | b'#' => {
                authority.len = at;
                break;
            }
            b'@' => authority.last_at = Some(at),
            b':' => authority.last_colon = Some(at),
            b']' => authority.last_bracket = Some(at),
            _ => {}
        }
    }
    authority
}

/// The port the authority names, or the scheme's default when it names none. `None` when the
/// port is not a number from 0 to 65535 (a `+`, an empty port or letters included).
fn effective_port(rest: &[u8], authority: &Authority, scheme: &[u8]) -> Option<u16> {
    // The port follows the last ':' of the host, which follows the last '@', unless that ':'
    // is inside an IPv6 literal `[..]` (a ']' comes after it).
    let explicit = authority.last_colon.filter(|colon| {
        authority.last_at.is_none_or(|at| at < *colon)
            && authority.last_bracket.is_none_or(|close| close < *colon)
    });
    let Some(colon) = explicit else {
        return default_port(scheme);
    };
    let digits = rest.get(colon + 1..authority.len)?;
    if digits.is_empty() || digits.len() > 5 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let port = digits
        .iter()
        .fold(0u32, |port, digit| port * 10 + u32::from(digit - b'0'));
    u16::try_from(port).ok()
}

/// Checks `value` against `rule`.
///
/// One pass over the scheme, one over the authority (only for a port rule), and a `memchr`
/// for `?` (only when a query is not allowed).
pub fn url(found: &mut Violations, field: &'static str, value: &str, rule: &UrlRule) {
    let (scheme, rest) = split_scheme(value.as_bytes(), rule.scheme);
    if let Some(required) = rule.scheme
        && !scheme.eq_ignore_ascii_case(required.as_bytes())
    {
        found.report(field, RuleKind::NotAllowedValue, required);
    }
    if let Some((port, text)) = rule.port
        && effective_port(rest, &scan_authority(rest), scheme) != Some(port)
    {
        found.report(field, RuleKind::NotAllowedValue, text);
    }
    if !rule.query && value.contains('?') {
        found.report(field, RuleKind::ForbiddenChar, "?");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: UrlRule = UrlRule {
        scheme: Some("https"),
        port: Some((443, "443")),
        query: false,
    };

    fn rules(value: &str) -> Vec<(RuleKind, &'static str)> {
        let mut found = Violations::new();
        url(&mut found, "URLSuccess", value, &RULE);
        found.iter().map(|v| (v.rule, v.limit)).collect()
    }

    #[test]
    fn schemes_ports_queries() {
        assert_eq!(rules("https://shop.example/ok"), []);
        assert_eq!(rules("https://shop.example:443/ok"), []);
        assert_eq!(rules("HTTPS://user@shop.example"), []);
        assert_eq!(rules("https://[::1]/ok"), []);
        assert_eq!(
            rules("http://shop.example/ok"),
            [
                (RuleKind::NotAllowedValue, "https"),
                (RuleKind::NotAllowedValue, "443")
            ]
        );
        assert_eq!(
            rules("https://shop.example:8443/ok"),
            [(RuleKind::NotAllowedValue, "443")]
        );
        assert_eq!(
            rules("https://shop.example/ok?a=1"),
            [(RuleKind::ForbiddenChar, "?")]
        );
        assert_eq!(
            rules("shop.example"),
            [
                (RuleKind::NotAllowedValue, "https"),
                (RuleKind::NotAllowedValue, "443")
            ]
        );
    }

    #[test]
    fn the_port_is_the_hosts_not_the_users_nor_an_ipv6_part() {
        assert_eq!(rules("https://user:8080@shop.example/ok"), []);
        assert_eq!(rules("https://[2001:db8::8080]/ok"), []);
        assert_eq!(rules("https://[2001:db8::1]:443/ok"), []);
        assert_eq!(
            rules("https://[2001:db8::1]:8443/ok"),
            [(RuleKind::NotAllowedValue, "443")]
        );
        assert_eq!(
            rules("https://user@shop.example:80"),
            [(RuleKind::NotAllowedValue, "443")]
        );
    }

    #[test]
    fn a_port_must_be_digits_in_range() {
        for port in ["+443", "", "44x", "0443x", "65979", "100443"] {
            assert_eq!(
                rules(&format!("https://shop.example:{port}/ok")),
                [(RuleKind::NotAllowedValue, "443")],
                "port {port:?}"
            );
        }
        assert_eq!(rules("https://shop.example:00443/ok"), []);
    }

    #[test]
    fn a_query_is_found_wherever_it_starts() {
        for value in [
            "https://shop.example?a=1",
            "https://shop.example:443?a=1",
            "https://shop.example/path#frag?x",
            "https?://shop.example/ok",
        ] {
            assert!(
                rules(value).contains(&(RuleKind::ForbiddenChar, "?")),
                "{value}"
            );
        }
    }
}
