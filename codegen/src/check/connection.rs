//! How to talk to a provider: its `connection:` (one per provider, across its files), each
//! operation's `http:` against it, and the `item` of wrapped SOAP lists. serde refuses unknown
//! keys and schemes; these checks catch values that would make a request no server accepts.

use crate::diagnostic::DiagnosticKind;
use crate::spec::ast::{AuthSpec, Connection, ErrorBodySpec, Field, Operation, Transport};

use super::Cx;

pub(super) fn check(cx: &mut Cx<'_>) {
    let spec = &cx.spec.spec;
    if let Some(connection) = &spec.connection {
        check_connection(cx, connection);
    }
    for (i, op) in spec.operations.iter().enumerate() {
        let at = format!("operations[{i}]");
        check_http(cx, &at, op);
        let soap = op.transport == Transport::Soap;
        items(
            cx,
            &format!("{at}.request.fields"),
            &op.request.fields,
            soap,
        );
        items(
            cx,
            &format!("{at}.response.fields"),
            &op.response.fields,
            soap,
        );
    }
}

/// The provider's connection, given by any of its files: the first one found, in file order.
fn provider_connection<'a>(cx: &Cx<'a>) -> Option<(usize, &'a Connection)> {
    let provider = &cx.spec.spec.provider;
    cx.set
        .specs
        .iter()
        .enumerate()
        .filter(|(_, other)| other.spec.provider == *provider)
        .find_map(|(file, other)| other.spec.connection.as_ref().map(|c| (file, c)))
}

fn check_connection(cx: &mut Cx<'_>, connection: &Connection) {
    // Two files of one provider each saying how to reach it would be two truths.
    if let Some((first, _)) = provider_connection(cx)
        && first != cx.file
    {
        let other = cx
            .set
            .specs
            .get(first)
            .map(|s| s.display.clone())
            .unwrap_or_default();
        cx.report(
            DiagnosticKind::Duplicate,
            "connection",
            format!(
                "provider `{}` already has a `connection:` ({other})",
                cx.spec.spec.provider.0
            ),
            "one `connection:` per provider, in one of its files",
        );
    }
    if connection.environments.is_empty() {
        cx.report(
            DiagnosticKind::Shape,
            "connection.environments",
            "no environment",
            "at least one `{ id, base_url }`, such as `{ id: test, base_url: https://... }`",
        );
    }
    for (i, env) in connection.environments.iter().enumerate() {
        let at = format!("connection.environments[{i}]");
        if !is_id(&env.id) {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.id"),
                format!("environment id {:?} is not an id", env.id),
                "lowercase ASCII letters, digits and `_`, starting with a letter (`test`, `live`)",
            );
        }
        if let Some(j) = connection
            .environments
            .iter()
            .take(i)
            .position(|other| other.id == env.id)
        {
            let first = cx.line(&format!("connection.environments[{j}].id"));
            cx.report(
                DiagnosticKind::Duplicate,
                &format!("{at}.id"),
                format!("environment `{}` is already defined (line {first})", env.id),
                "environment ids unique within the connection",
            );
        }
        if let Err(problem) = base_url(&env.base_url) {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.base_url"),
                format!("base URL {:?} {problem}", env.base_url),
                "an `https://` URL without query, fragment or trailing `/`; `{NAME}` (capitals, digits, `_`) marks a part the merchant supplies",
            );
        }
    }
    if let AuthSpec::ApiKey { header } = &connection.auth
        && !is_token(header)
    {
        cx.report(
            DiagnosticKind::Shape,
            "connection.auth.header",
            format!("header name {header:?} is not an HTTP token"),
            "a header name such as `X-API-Key` (letters, digits and !#$%&'*+-.^_`|~)",
        );
    }
    if connection.content_type.trim().is_empty()
        || !connection
            .content_type
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b))
    {
        cx.report(
            DiagnosticKind::Shape,
            "connection.content_type",
            format!(
                "content type {:?} is empty or not printable ASCII",
                connection.content_type
            ),
            "a media type such as `application/json`",
        );
    }
    if let Some(idempotency) = &connection.idempotency {
        if !is_token(&idempotency.header) {
            cx.report(
                DiagnosticKind::Shape,
                "connection.idempotency.header",
                format!("header name {:?} is not an HTTP token", idempotency.header),
                "a header name such as `Idempotency-Key`",
            );
        }
        if idempotency.max_len == 0 {
            cx.report(
                DiagnosticKind::Shape,
                "connection.idempotency.max_len",
                "`max_len: 0` admits no key",
                "the longest key the provider takes, at least 1",
            );
        }
    }
    if let Some(body @ ErrorBodySpec::Json { .. }) = &connection.error_body
        && body.json_keys().is_empty()
    {
        cx.report(
            DiagnosticKind::Shape,
            "connection.error_body",
            "a JSON error body naming no key",
            "at least one of `status`, `code`, `kind`, `message`, `reference`, each the wire key that carries it",
        );
    }
}

fn check_http(cx: &mut Cx<'_>, at: &str, op: &Operation) {
    let Some(http) = &op.http else { return };
    let at = format!("{at}.http");
    let connection = provider_connection(cx).map(|(_, c)| c);
    let Some(connection) = connection else {
        cx.unknown_shared(
            &at,
            format!(
                "operation `{}` says how it is sent (`http:`) but provider `{}` has no `connection:`",
                op.id, cx.spec.spec.provider.0
            ),
            "a top-level `connection:` in one file of the provider (environments, auth, content type)".into(),
        );
        return;
    };
    let path_ok = http.path.starts_with('/')
        && http.path.len() > 1
        && !http.path.ends_with('/')
        && http
            .path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b));
    if !path_ok {
        cx.report(
            DiagnosticKind::Shape,
            &format!("{at}.path"),
            format!("path {:?} is not a plain absolute path", http.path),
            "a path appended to the base URL: `/` then letters, digits, `/-._~`, no trailing `/` (`/payments`)",
        );
    }
    // Query-string operations are GET requests to third parties so far; nothing sends them.
    if matches!(op.transport, Transport::Query) {
        cx.report(
            DiagnosticKind::Inconsistent,
            &at,
            format!(
                "operation `{}` uses `transport: query`, which `http:` does not send",
                op.id
            ),
            "`http:` on `form`, `json` or `soap` operations",
        );
    }
    match (op.transport, &http.soap_action) {
        (Transport::Soap, None) => cx.report(
            DiagnosticKind::Inconsistent,
            &at,
            format!("SOAP operation `{}` gives no `soap_action`", op.id),
            "`soap_action:` (the `SOAPAction` header; Monext: the operation's name)",
        ),
        (Transport::Soap, Some(action))
            if !action
                .bytes()
                .all(|b| (0x21..0x7f).contains(&b) && b != b'"')
                || action.is_empty() =>
        {
            cx.report(
                DiagnosticKind::Shape,
                &format!("{at}.soap_action"),
                format!("`SOAPAction` {action:?} is empty or not printable ASCII without spaces and quotes"),
                "the operation's action, such as `doWebPayment`",
            );
        }
        (transport, Some(_)) if transport != Transport::Soap => cx.report(
            DiagnosticKind::Inconsistent,
            &format!("{at}.soap_action"),
            format!(
                "operation `{}` uses `transport: {}` but gives a `soap_action`",
                op.id,
                transport.as_str()
            ),
            "`soap_action:` only with `transport: soap`",
        ),
        _ => {}
    }
    // A response signed object by object is something the provider sends (a webhook): the
    // request builder has no key to verify it with.
    if op.signature.is_some() {
        cx.report(
            DiagnosticKind::Inconsistent,
            &at,
            format!(
                "operation `{}` has a `signature` (a message the provider sends) and an `http:`",
                op.id
            ),
            "`http:` only on operations the merchant sends to the provider",
        );
    }
    // The HMAC key travels in `Credentials` only under `mac_in_body`: a signed operation under
    // another scheme would have no key to sign with.
    if op.mac.is_some() && connection.auth != AuthSpec::MacInBody {
        cx.report(
            DiagnosticKind::Inconsistent,
            &at,
            format!(
                "operation `{}` has a `mac`, and the provider's `auth` is `{}`, whose credentials carry no HMAC key",
                op.id,
                connection.auth.as_str()
            ),
            "`auth: { scheme: mac_in_body }` for a provider whose sent operations carry a `mac`",
        );
    }
    // With the MAC as the only proof of the sender, an operation without one would go out
    // unauthenticated.
    if connection.auth == AuthSpec::MacInBody && op.mac.is_none() {
        cx.report(
            DiagnosticKind::Inconsistent,
            &at,
            format!(
                "operation `{}` has no `mac`, and the provider's `auth` is `mac_in_body`",
                op.id
            ),
            "a `mac:` on every operation sent under `auth: { scheme: mac_in_body }`",
        );
    }
}

/// `item` (a wrapped list's element) only on lists of SOAP messages, as an XML name.
fn items(cx: &mut Cx<'_>, at: &str, fields: &[Field], soap: bool) {
    for (i, field) in fields.iter().enumerate() {
        let here = format!("{at}[{i}]");
        if let Some(item) = &field.item {
            let key = format!("{here}.item");
            if !field.list {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &key,
                    format!("`item` on `{}`, which is not a list", field.name),
                    "`list: true` next to `item`",
                );
            } else if !soap {
                cx.report(
                    DiagnosticKind::Inconsistent,
                    &key,
                    format!("`item` on `{}`, outside a SOAP operation", field.name),
                    "`item` only in `transport: soap` messages (JSON arrays and form pairs have no wrapper element)",
                );
            } else if !is_xml_name(item) {
                cx.report(
                    DiagnosticKind::Shape,
                    &key,
                    format!("`item` {item:?} is not an XML element name"),
                    "a name such as `selectedContract`: a letter or `_`, then letters, digits, `_`, `-`, `.`",
                );
            }
        }
        if let Some(nested) = &field.fields {
            items(cx, &format!("{here}.fields"), nested, soap);
        }
    }
}

fn is_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// RFC 9110's `token`, the syntax of a header name.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Whether a base URL is one a request can be built on: `https://`, a host, no query,
/// fragment, trailing `/`, space or control character, and well-formed placeholders.
fn base_url(url: &str) -> Result<(), &'static str> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Err("does not start with `https://`");
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err("has no host");
    }
    if url.ends_with('/') {
        return Err("ends with `/`");
    }
    if url
        .bytes()
        .any(|b| b <= b' ' || b >= 0x7f || b == b'?' || b == b'#')
    {
        return Err("holds a space, a control or non-ASCII character, `?` or `#`");
    }
    let mut tail = url;
    while let Some(open) = tail.find(['{', '}']) {
        let after = tail.get(open + 1..).unwrap_or_default();
        if tail.get(open..open + 1) == Some("}") {
            return Err("has a `}` that closes no placeholder");
        }
        let Some(close) = after.find('}') else {
            return Err("has a `{` that is never closed");
        };
        let name = after.get(..close).unwrap_or_default();
        let mut bytes = name.bytes();
        let well_formed = bytes.next().is_some_and(|b| b.is_ascii_uppercase())
            && bytes.all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            return Err("has a placeholder that is not `{NAME}` in capitals, digits and `_`");
        }
        tail = after.get(close + 1..).unwrap_or_default();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::base_url;

    #[test]
    fn base_urls() {
        assert!(base_url("https://checkout-test.adyen.com/v71").is_ok());
        assert!(base_url("https://{PREFIX}-checkout-live.adyenpayments.com/checkout/v71").is_ok());
        assert!(base_url("http://x.example").is_err());
        assert!(base_url("https://x.example/").is_err());
        assert!(base_url("https://{prefix}.example").is_err());
        assert!(base_url("https://{PREFIX.example").is_err());
        assert!(base_url("https://PREFIX}.example").is_err());
        assert!(base_url("https://x.example/a?b").is_err());
    }
}
