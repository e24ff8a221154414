//! The protocol traits of two versions of an operation, key by key: its `envelope`, its
//! `keys` and its `mac` (scheme, field, inputs, clear fields). Any change makes messages
//! sealed, signed or read differently, so each is reported (`operation-protocol-changed`).
//!
//! Values are compared with their defaults filled in (`envelope: none`, `keys: exact`,
//! `mac.separator: "*"`): stating a default changes nothing, and a missing key is read as
//! the generator reads it.

use crate::spec::ast::{AuthSpec, Connection, ErrorBodySpec, Operation};

/// `(key, before, after)` for each protocol trait; `None` where the operation has no `mac`.
pub(super) fn changes(
    o: &Operation,
    n: &Operation,
) -> [(&'static str, Option<String>, Option<String>); 9] {
    let envelope = |op: &Operation| Some(op.envelope.unwrap_or_default().as_str().to_owned());
    let keys = |op: &Operation| Some(op.keys.unwrap_or_default().as_str().to_owned());
    let mac = |op: &Operation, key: &str| {
        op.mac.as_ref().map(|m| match key {
            "algorithm" => m.algorithm.as_str().to_owned(),
            "output" => m.output.as_str().to_owned(),
            "separator" => format!("{:?}", m.separator),
            "field" => m.field.clone(),
            "request" => m.request.join(", "),
            "response" => m.response.join(", "),
            _ => m.clear.join(", "),
        })
    };
    [
        ("envelope", envelope(o), envelope(n)),
        ("keys", keys(o), keys(n)),
        ("mac.algorithm", mac(o, "algorithm"), mac(n, "algorithm")),
        ("mac.output", mac(o, "output"), mac(n, "output")),
        ("mac.separator", mac(o, "separator"), mac(n, "separator")),
        ("mac.field", mac(o, "field"), mac(n, "field")),
        ("mac.request", mac(o, "request"), mac(n, "request")),
        ("mac.response", mac(o, "response"), mac(n, "response")),
        ("mac.clear", mac(o, "clear"), mac(n, "clear")),
    ]
}

/// `(key, before, after)` for an operation's `http` block; all `None` on a side without one.
pub(super) fn http_changes(
    o: &Operation,
    n: &Operation,
) -> [(&'static str, Option<String>, Option<String>); 3] {
    let http = |op: &Operation, key: &str| {
        op.http.as_ref().map(|h| match key {
            "path" => h.path.clone(),
            "soap_action" => h.soap_action.clone().unwrap_or_default(),
            _ => h.retryable.to_string(),
        })
    };
    // A block that appears or goes is one change, summed up in one line.
    if o.http.is_some() != n.http.is_some() {
        let summary = |op: &Operation| {
            op.http.as_ref().map(|h| {
                let retry = if h.retryable {
                    "retryable"
                } else {
                    "not retryable"
                };
                match &h.soap_action {
                    Some(action) => format!("{} ({action}, {retry})", h.path),
                    None => format!("{} ({retry})", h.path),
                }
            })
        };
        return [
            ("http", summary(o), summary(n)),
            ("http.soap_action", None, None),
            ("http.retryable", None, None),
        ];
    }
    [
        ("http.path", http(o, "path"), http(n, "path")),
        (
            "http.soap_action",
            http(o, "soap_action"),
            http(n, "soap_action"),
        ),
        ("http.retryable", http(o, "retryable"), http(n, "retryable")),
    ]
}

/// `(key, before, after)` for a provider's `connection`, each key as one line of text; all
/// `None` on a side without one.
pub(super) fn connection_changes(
    o: Option<&Connection>,
    n: Option<&Connection>,
) -> [(&'static str, Option<String>, Option<String>); 6] {
    if o.is_none() || n.is_none() {
        let summary = |c: Option<&Connection>| {
            c.map(|c| {
                format!(
                    "{}; {}",
                    connection_key(c, "environments"),
                    connection_key(c, "auth")
                )
            })
        };
        // Indexing-free: the first entry carries the change, the others none.
        let (before, after) = (summary(o), summary(n));
        return [
            ("connection", before, after),
            ("", None, None),
            ("", None, None),
            ("", None, None),
            ("", None, None),
            ("", None, None),
        ];
    }
    [
        "environments",
        "auth",
        "content_type",
        "api_version",
        "idempotency",
        "error_body",
    ]
    .map(|key| {
        (
            key,
            o.map(|c| connection_key(c, key)),
            n.map(|c| connection_key(c, key)),
        )
    })
}

fn connection_key(c: &Connection, key: &str) -> String {
    match key {
        "environments" => c
            .environments
            .iter()
            .map(|e| format!("{}={}", e.id, e.base_url))
            .collect::<Vec<_>>()
            .join(", "),
        "auth" => match &c.auth {
            AuthSpec::ApiKey { header } => format!("api_key {header}"),
            other => other.as_str().to_owned(),
        },
        "content_type" => c.content_type.clone(),
        "api_version" => c.api_version.clone().unwrap_or_default(),
        "idempotency" => c
            .idempotency
            .as_ref()
            .map(|i| format!("{} (at most {})", i.header, i.max_len))
            .unwrap_or_default(),
        _ => match &c.error_body {
            None => String::new(),
            Some(body @ ErrorBodySpec::SoapFault) => body.as_str().to_owned(),
            Some(body) => format!(
                "json {}",
                body.json_keys()
                    .iter()
                    .map(|(part, key)| format!("{part}={key}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        },
    }
}
