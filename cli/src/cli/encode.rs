//! `pspec encode <id> <file|->`: the wire request, once it validates.

use super::args::Args;
use super::{EXIT_INVALID, EXIT_OK, Failure, Io, keys, out, validate};
use crate::wire::catalog::{OperationInfo, Transport};
use crate::wire::{WireValue, form, json, query, soap};

/// A request ready to send.
struct Wire {
    url: String,
    content_type: Option<&'static str>,
    body: Option<String>,
    /// Computop: the plain payload before encryption, and its `MAC`.
    plain: Option<String>,
    mac: Option<String>,
}

pub fn run(
    op: Result<&OperationInfo, Failure>,
    path: &str,
    args: &Args,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    let op = op?;
    // Computop needs both passwords; ask before anything else, so that a missing MAC is
    // never reported as the request's fault.
    let keys = match op.transport {
        Transport::Form => Some((
            keys::require_hmac(args, io, "encoding a Computop request")?,
            keys::require_cipher(args, io, "encoding a Computop request")?,
        )),
        _ => None,
    };
    let request = validate::prepare(op, path, args, io)?;
    let violations =
        (op.validate)(&request).map_err(|err| Failure::unusable(format!("{path}: {err}")))?;
    if !violations.is_empty() {
        validate::report(op, &violations, args, io);
        let _ = writeln!(
            io.stderr,
            "pspec: {} refused: the request does not validate",
            op.id
        );
        return Ok(EXIT_INVALID);
    }
    let tree = (op.encode)(&request).map_err(|err| Failure::unusable(format!("{path}: {err}")))?;
    let unusable = |err: crate::wire::EncodeError| {
        Failure::unusable(format!("cannot encode {}: {err}", op.id))
    };
    let wire = match (op.transport, keys) {
        (Transport::Form, Some((hmac, cipher))) => {
            let Some(mac) = op.mac else {
                return Err(Failure::unusable(format!(
                    "{} has no mac in its spec: nothing to sign it with",
                    op.id
                )));
            };
            // Signed here, over the tree as it is encoded (`Amount=1000` even when the file
            // wrote "01000"): the MAC covers exactly the text sent. `seal` signs the same way.
            let mut signed = tree.clone();
            form::sign_with(&mut signed, &hmac, &mac);
            let sealed = form::seal(&tree, &mac, &hmac, &cipher).map_err(unusable)?;
            Wire {
                url: op.endpoint.to_owned(),
                content_type: Some("application/x-www-form-urlencoded"),
                body: Some(sealed.to_query()),
                plain: Some(form::to_plain(&signed).map_err(unusable)?),
                mac: signed.text(mac.field, mac.keys).map(str::to_owned),
            }
        }
        (Transport::Json, _) => Wire {
            url: op.endpoint.to_owned(),
            content_type: Some("application/json"),
            body: Some(json::to_json_pretty(&tree)),
            plain: None,
            mac: None,
        },
        (Transport::Soap, _) => {
            let Some(names) = op.soap else {
                return Err(Failure::unusable(format!("{} has no SOAP names", op.id)));
            };
            let names = soap::SoapNames {
                namespace: names.namespace,
                objects_namespace: names.objects_namespace,
                element: names.request_element,
            };
            Wire {
                url: op.endpoint.to_owned(),
                content_type: Some("text/xml; charset=utf-8"),
                body: Some(soap::to_soap(&tree, &names).map_err(unusable)?),
                plain: None,
                mac: None,
            }
        }
        (Transport::Query | Transport::Form, _) => Wire {
            url: format!(
                "{}?{}",
                op.endpoint,
                query::to_query(&tree).map_err(unusable)?
            ),
            content_type: None,
            body: None,
            plain: None,
            mac: None,
        },
    };
    print(op, &wire, args, io);
    Ok(EXIT_OK)
}

fn print(op: &OperationInfo, wire: &Wire, args: &Args, io: &mut Io<'_>) {
    // The `MAC` with the plain text it covers is what an offline guess at the HMAC
    // password needs, and outputs get pasted into tickets: shown only with `--reveal`,
    // like every other MAC the command prints. The encrypted `body` is sent as is.
    let redacted;
    let wire = match &wire.mac {
        Some(mac) if !args.reveal && !mac.is_empty() => {
            redacted = Wire {
                url: wire.url.clone(),
                content_type: wire.content_type,
                body: wire.body.clone(),
                plain: wire
                    .plain
                    .as_ref()
                    .map(|plain| plain.replace(mac.as_str(), "<redacted>")),
                mac: Some("<redacted>".to_owned()),
            };
            &redacted
        }
        _ => wire,
    };
    if args.json {
        let value = out::object([
            ("id", WireValue::text(op.id)),
            ("method", WireValue::text(op.method)),
            ("url", WireValue::text(wire.url.as_str())),
            ("content_type", out::opt(wire.content_type)),
            ("body", out::opt(wire.body.as_deref())),
            ("plain", out::opt(wire.plain.as_deref())),
            ("mac", out::opt(wire.mac.as_deref())),
        ]);
        out::json(io, &value);
        return;
    }
    let mut text = format!("{} {}\n", op.method, wire.url);
    if let Some(content_type) = wire.content_type {
        text.push_str(&format!("Content-Type: {content_type}\n"));
    }
    if let Some(body) = &wire.body {
        text.push('\n');
        text.push_str(body.trim_end());
        text.push('\n');
    }
    out::text(io, &text);
}
