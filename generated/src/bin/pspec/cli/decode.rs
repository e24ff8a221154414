//! `pspec decode <id> <file|->`: reads a raw provider response or notify.

use super::args::Args;
use super::signature::Report;
use super::{Catalog, EXIT_INVALID, EXIT_OK, Failure, Io, input, keys, out, signature, validate};
use crate::wire::catalog::{FieldInfo, OperationInfo, ReturnCode, Transport};
use crate::wire::form::MacStatus;
use crate::wire::{DecodeError, KeyCase, WireObject, WireValue, form, json, query, soap};
use pspec::runtime::Violations;

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
    // A spec with a `signature` (Adyen webhooks): every signed item is checked, and the
    // message must verify and validate for exit 0 (cli/signature.rs).
    let signed = signature::check(catalog, op, &tree, args, io)?;
    let return_code = decoded
        .return_code
        .map(|code| most_specific(catalog, op, code));
    let violations = decoded.violations;
    let mut fields = decoded.fields;
    if !args.reveal {
        redact(&mut fields, "", op.response);
    }
    let unknown = validate::unknown(&tree, op.response, op.transport.key_case());
    let checked = signed.as_ref().map(|report| (report, &violations));
    print(
        op,
        &fields,
        &unknown,
        return_code.as_ref(),
        mac,
        checked,
        args,
        io,
    );
    let Some(report) = signed else {
        return Ok(EXIT_OK);
    };
    let mut status = EXIT_OK;
    if let Some(problem) = report.problem() {
        let _ = writeln!(io.stderr, "pspec: {}: {problem}", op.id);
        status = EXIT_INVALID;
    }
    if !violations.is_empty() {
        let _ = writeln!(
            io.stderr,
            "pspec: {}: the message does not follow its spec ({} violation{})",
            op.id,
            violations.len(),
            if violations.len() == 1 { "" } else { "s" }
        );
        status = EXIT_INVALID;
    }
    Ok(status)
}

/// The violations as `--json` shows them (the shape of `pspec validate --json`).
fn violations_json(violations: &Violations) -> WireValue {
    WireValue::List(
        violations
            .iter()
            .map(|violation| {
                out::object([
                    ("field", WireValue::text(violation.field)),
                    ("rule", WireValue::text(violation.rule.as_str())),
                    (
                        "message",
                        WireValue::text(format!(
                            "{} ({})",
                            violation.rule.describe(),
                            violation.limit
                        )),
                    ),
                ])
            })
            .collect(),
    )
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

#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn print(
    op: &OperationInfo,
    fields: &WireObject,
    unknown: &[(String, &WireValue)],
    return_code: Option<&ReturnCode>,
    mac: MacStatus,
    checked: Option<(&Report, &Violations)>,
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
        let mut value = value;
        if let (Some((report, violations)), WireValue::Object(object)) = (checked, &mut value) {
            object.set("mac", WireValue::text(report.mac()));
            object.push(
                "verified",
                WireValue::Bool(report.verified() && violations.is_empty()),
            );
            object.push("signatures", report.json());
            object.push("violations", violations_json(violations));
        }
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
    if let Some((report, violations)) = checked {
        text.push_str("signed items\n");
        text.push_str(&out::table(&report.rows()));
        if !violations.is_empty() {
            text.push_str("violations\n");
            let rows: Vec<Vec<String>> = violations
                .iter()
                .map(|v| {
                    vec![
                        format!("  {}", v.field),
                        v.rule.as_str().to_owned(),
                        format!("{} ({})", v.rule.describe(), v.limit),
                    ]
                })
                .collect();
            text.push_str(&out::table(&rows));
        }
        let verified = report.verified() && violations.is_empty();
        text.push_str(&format!(
            "verified: {}\n",
            if verified { "yes" } else { "no" }
        ));
    }
    out::text(io, &text);
}

/// A value on one line: text as is, anything else as compact JSON.
fn scalar(value: &WireValue) -> String {
    match value {
        WireValue::Text(text) => text.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}
