//! `pspec decode <id> <file|->`: reads a raw provider response or notify.

use super::args::Args;
use super::{Catalog, EXIT_OK, Failure, Io, input, keys, out, validate};
use crate::wire::catalog::{FieldInfo, OperationInfo, ReturnCode, Transport};
use crate::wire::form::MacStatus;
use crate::wire::{DecodeError, KeyCase, WireObject, WireValue, form, json, query, soap};

/// What sensitive values are shown as.
const REDACTED: &str = "<redacted>";

pub fn run(
    catalog: &Catalog<'_>,
    id: &str,
    path: &str,
    args: &Args,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    let op = catalog.operation(id)?;
    let bytes = input::read(path, io)?;
    let shown = if path == "-" { "standard input" } else { path };
    let undecodable =
        |err: DecodeError| Failure::unusable(format!("{shown}: not a {} response: {err}", op.id));
    let tree = read_tree(op, &bytes, args, io).map_err(|failure| match failure {
        Read::Decode(err) => undecodable(err),
        Read::Other(failure) => failure,
    })?;
    let decoded = (op.decode)(&tree).map_err(undecodable)?;
    let mac = match (op.transport, op.mac) {
        (Transport::Form, Some(mac)) => {
            let given = tree
                .text(mac.field, KeyCase::Insensitive)
                .is_some_and(|text| !text.is_empty());
            if given {
                let key = keys::require_hmac(args, io, "checking the MAC of a Computop response")?;
                form::verify(&tree, &key, mac.field, mac.response)
            } else {
                MacStatus::Absent
            }
        }
        _ => MacStatus::Absent,
    };
    let return_code = decoded
        .return_code
        .map(|code| most_specific(catalog, op, code));
    let mut fields = decoded.fields;
    if !args.reveal {
        redact(&mut fields, "", op.response);
    }
    let unknown = shown_unknown(
        validate::unknown(&tree, op.response, op.transport.key_case()),
        args.reveal,
    );
    let unknown: Vec<(String, &WireValue)> = unknown
        .iter()
        .map(|(path, value)| (path.clone(), value))
        .collect();
    print(op, &fields, &unknown, return_code.as_ref(), mac, args, io);
    Ok(EXIT_OK)
}

enum Read {
    Decode(DecodeError),
    Other(Failure),
}

/// The response as a tree, by the operation's transport.
fn read_tree(
    op: &OperationInfo,
    bytes: &[u8],
    args: &Args,
    io: &Io<'_>,
) -> Result<WireObject, Read> {
    match op.transport {
        Transport::Form => {
            // Only an encrypted response needs the Blowfish key.
            let outer = query::from_query(bytes).map_err(Read::Decode)?;
            // Paygate's keys match in any case: `Code` and `code` are the same key twice.
            outer
                .check_unique(KeyCase::Insensitive)
                .map_err(Read::Decode)?;
            if !outer.contains("Data", KeyCase::Insensitive) {
                return Ok(outer);
            }
            let cipher = keys::require_cipher(args, io, "decrypting a Computop response")
                .map_err(Read::Other)?;
            form::open(bytes, &cipher).map_err(Read::Decode)
        }
        Transport::Json => json::from_json(bytes).map_err(Read::Decode),
        Transport::Soap => {
            let element = op.soap.map_or("", |names| names.response_element);
            soap::from_soap(bytes, element).map_err(Read::Decode)
        }
        Transport::Query => {
            // WeChat answers its GET calls with JSON; a query string is read too.
            if bytes.trim_ascii_start().starts_with(b"{") {
                json::from_json(bytes).map_err(Read::Decode)
            } else {
                query::from_query(bytes).map_err(Read::Decode)
            }
        }
    }
}

/// The code as the most specific table listing it describes it (a profile's own table
/// before the operation's), or as the generated code type does.
fn most_specific(catalog: &Catalog<'_>, op: &OperationInfo, code: ReturnCode) -> ReturnCode {
    op.code_tables
        .iter()
        .filter_map(|id| catalog.table(op.provider, id))
        .map(|table| table.lookup(&code.code))
        .find(|found| found.known)
        .unwrap_or(code)
}

/// What the unknown fields show: their values redacted unless `--reveal`.
///
/// A field the spec does not list is one nobody has judged: it may be a secret (WeChat's
/// `session_key`) or a signature (a `MAC` the response table has no row for), so it is
/// redacted like a sensitive field. Its name, and the names inside it, still show, so
/// that a support engineer sees what came and can ask for it with `--reveal`.
fn shown_unknown(unknown: Vec<(String, &WireValue)>, reveal: bool) -> Vec<(String, WireValue)> {
    unknown
        .into_iter()
        .map(|(path, value)| {
            let mut value = value.clone();
            if !reveal {
                hide_leaves(&mut value);
            }
            (path, value)
        })
        .collect()
}

/// Replaces every scalar under `value` by [`REDACTED`], keeping objects and lists.
fn hide_leaves(value: &mut WireValue) {
    match value {
        WireValue::Object(object) => {
            // Rebuilt rather than looked up by name: a repeated SOAP element is several
            // entries of one name, and every one of them is hidden.
            *object = std::mem::take(object)
                .into_iter()
                .map(|(name, mut inner)| {
                    hide_leaves(&mut inner);
                    (name, inner)
                })
                .collect();
        }
        WireValue::List(items) => items.iter_mut().for_each(hide_leaves),
        WireValue::Null => {}
        other => *other = WireValue::text(REDACTED),
    }
}

/// Replaces the values of sensitive fields by [`REDACTED`].
fn redact(tree: &mut WireObject, prefix: &str, fields: &[FieldInfo]) {
    let names: Vec<String> = tree.keys().map(str::to_owned).collect();
    for name in names {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let Some(field) = fields.iter().find(|field| field.name == path) else {
            continue;
        };
        let Some(value) = tree.get_mut(&name) else {
            continue;
        };
        if field.sensitive {
            *value = WireValue::text(REDACTED);
            continue;
        }
        match value {
            WireValue::Object(inner) => redact(inner, &path, fields),
            WireValue::List(items) => {
                for item in items {
                    if let WireValue::Object(inner) = item {
                        redact(inner, &path, fields);
                    }
                }
            }
            _ => {}
        }
    }
}

fn code_json(code: &ReturnCode) -> WireValue {
    out::object([
        ("code", WireValue::text(code.code.as_str())),
        ("known", WireValue::Bool(code.known)),
        ("outcome", WireValue::text(code.outcome.as_str())),
        ("short_message", out::opt(code.short_message)),
        ("long_message", out::opt(code.long_message)),
    ])
}

fn print(
    op: &OperationInfo,
    fields: &WireObject,
    unknown: &[(String, &WireValue)],
    return_code: Option<&ReturnCode>,
    mac: MacStatus,
    args: &Args,
    io: &mut Io<'_>,
) {
    if args.json {
        let unknown: WireObject = unknown
            .iter()
            .map(|(path, value)| (path.clone(), (*value).clone()))
            .collect();
        let value = out::object([
            ("id", WireValue::text(op.id)),
            ("fields", WireValue::Object(fields.clone())),
            ("unknown", WireValue::Object(unknown)),
            (
                "return_code",
                return_code.map_or(WireValue::Null, code_json),
            ),
            ("mac", WireValue::text(mac.as_str())),
        ]);
        out::json(io, &value);
        return;
    }
    let mut text = format!("{} response\n", op.id);
    let mut rows: Vec<Vec<String>> = fields
        .flatten()
        .into_iter()
        .map(|(path, value)| vec![format!("  {path}"), scalar(value)])
        .collect();
    if rows.is_empty() {
        rows.push(vec!["  (no known field)".to_owned()]);
    }
    text.push_str(&out::table(&rows));
    if !unknown.is_empty() {
        text.push_str("unknown fields (kept, not in the spec)\n");
        let rows: Vec<Vec<String>> = unknown
            .iter()
            .map(|(path, value)| vec![format!("  {path}"), scalar(value)])
            .collect();
        text.push_str(&out::table(&rows));
    }
    let mut summary = Vec::new();
    if let Some(code) = return_code {
        let known = if code.known { "listed" } else { "not listed" };
        let mut line = format!("{} ({}, {known})", code.code, code.outcome);
        for message in [code.short_message, code.long_message]
            .into_iter()
            .flatten()
        {
            line.push_str(&format!(": {message}"));
        }
        summary.push(vec!["return code".to_owned(), line]);
    }
    if op.mac.is_some() {
        summary.push(vec!["MAC".to_owned(), mac.as_str().to_owned()]);
    }
    text.push_str(&out::table(&summary));
    out::text(io, &text);
}

/// A value on one line: text as is, anything else as compact JSON.
fn scalar(value: &WireValue) -> String {
    match value {
        WireValue::Text(text) => text.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}
