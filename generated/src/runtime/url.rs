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

fn default_port(scheme: &str) -> Option<u16> {
    if scheme.eq_ignore_ascii_case("https") {
        Some(443)
    } else if scheme.eq_ignore_ascii_case("http") {
        Some(80)
    } else {
        None
    }
}

/// Checks `value` against `rule`.
pub fn url(found: &mut Violations, field: &'static str, value: &str, rule: &UrlRule) {
    let (scheme, rest) = value.split_once("://").unwrap_or(("", value));
    if let Some(required) = rule.scheme
        && !scheme.eq_ignore_ascii_case(required)
    {
        found.report(field, RuleKind::NotAllowedValue, required);
    }
    if let Some((port, text)) = rule.port {
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        // The port follows the last ':' unless that ':' is inside an IPv6 literal `[..]`.
        let explicit = host
            .rfind(':')
            .filter(|at| !host[*at..].contains(']'))
            .map(|at| &host[at + 1..]);
        let effective = match explicit {
            Some(digits) => digits.parse::<u16>().ok(),
            None => default_port(scheme),
        };
        if effective != Some(port) {
            found.report(field, RuleKind::NotAllowedValue, text);
        }
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
}
