//! `pspec decode <id> <file|-> [--request <file|->]`: reads a raw provider response or
//! notify and says whether it can be trusted: exit 0 only when it verifies (its `MAC`,
//! where the spec has one, checked with the key given; its `Len`) and validates (against
//! the request, given one); exit 1 otherwise, with the decoded fields still printed; exit 2
//! for input that cannot be read at all.

use super::args::Args;
use pspec::runtime::Violations;

use super::signature::Report;
use super::{Catalog, EXIT_INVALID, EXIT_OK, Failure, Io, input, keys, out, signature, validate};
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
    if path == "-" && args.request.as_deref() == Some("-") {
        return Err(Failure::unusable(
            "the response and --request cannot both be standard input",
        ));
    }
    let bytes = input::read(path, io)?;
    let shown = if path == "-" { "standard input" } else { path };
    let undecodable =
        |err: DecodeError| Failure::unusable(format!("{shown}: not a {} response: {err}", op.id));
    let tree = read_tree(op, &bytes, args, io).map_err(|failure| match failure {
        Read::Decode(err) => undecodable(err),
        Read::Other(failure) => failure,
    })?;
    let decoded = (op.decode)(&tree).map_err(undecodable)?;
    // A response that reports on another operation (`answers`: getWebPaymentDetails on a
    // doWebPayment) is checked against a request of that operation: it is the one whose
    // order and amount the response hands back.
    let requested = match op.answers {
        Some(answered) => catalog.operation(answered)?,
        None => op,
    };
    let request = match &args.request {
        Some(request_path) => Some(validate::prepare(requested, request_path, args, io)?),
        None => None,
    };
    // The generated decoder resolves the code as the operation means it (its own code
    // meanings, then a profile's table, then the field's table): the same answer as the
    // response's `outcome()` / `outcome_under(profile)` in the crate.
    let violations = (op.check_response)(&tree, request.as_ref()).map_err(|err| {
        let request_path = args.request.as_deref().unwrap_or("-");
        Failure::unusable(format!(
            "{request_path}: not a {} request: {err}",
            requested.id
        ))
    })?;
    // A spec with a `signature` (Adyen webhooks): every signed item is checked
    // (cli/signature.rs), and the message verifies only when all of them do.
    let signed = signature::check(catalog, op, &tree, args, io)?;
    let verdict = verdict(op, &bytes, &tree, violations, signed, args, io);
    let return_code = decoded.return_code;
    // A typed response keeps the top-level fields its spec does not list (its `extras`,
    // written back by `to_wire`): they are shown under "unknown" (redacted unless revealed),
    // not among the spec's fields. One pass, so the command stays linear in the input.
    let case = op.transport.key_case();
    let mut fields: WireObject = decoded
        .fields
        .into_iter()
        .filter(|(name, _)| {
            op.response
                .iter()
                .any(|field| case.matches(name, field.name))
        })
        .collect();
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
    print(
        op,
        &fields,
        &unknown,
        return_code.as_ref(),
        &verdict,
        args,
        io,
    );
    if verdict.verified() {
        Ok(EXIT_OK)
    } else {
        let _ = writeln!(
            io.stderr,
            "pspec: {}: not verified: {}",
            op.id,
            verdict.why()
        );
        Ok(EXIT_INVALID)
    }
}

/// Whether the message can be trusted: its `MAC` (for a spec with one), its `Len`, and
/// the spec's rules (against the request, given one).
struct Verdict {
    /// `None` when the spec gives the message no `MAC`.
    mac: Option<Mac>,
    /// `Len` stops short of the decrypted text (the `Len` given and the bytes decrypted).
    len: Option<(usize, usize)>,
    violations: Violations,
    /// For a spec with a `signature`: what became of each signed item.
    signature: Option<Report>,
}

/// What became of the `MAC` check.
#[derive(Clone, Copy)]
enum Mac {
    Checked(MacStatus),
    /// There is a `MAC` but no HMAC key to check it with.
    NoKey,
}

impl Mac {
    fn as_str(self) -> &'static str {
        match self {
            Mac::Checked(status) => status.as_str(),
            Mac::NoKey => "unchecked",
        }
    }
}

impl Verdict {
    /// Exit 0 only for this: genuine where the spec can tell, and valid. Decision: a
    /// message whose spec has no `MAC` (Adyen, Monext answers over TLS) is "verified" when
    /// it validates; `verified` in `--json` is exactly "exit status 0".
    fn verified(&self) -> bool {
        let mac_ok = match self.mac {
            None => true,
            Some(mac) => matches!(mac, Mac::Checked(MacStatus::Valid)),
        };
        let signed_ok = self.signature.as_ref().is_none_or(Report::verified);
        mac_ok && signed_ok && self.len.is_none() && self.violations.is_empty()
    }

    /// The `mac` of `--json`: `valid`, `invalid`, `absent` or `unchecked`.
    fn mac_str(&self) -> &'static str {
        match (&self.signature, self.mac) {
            (Some(report), _) => report.mac(),
            (None, Some(mac)) => mac.as_str(),
            (None, None) => "absent",
        }
    }

    /// Every reason it is not verified, in the order checked.
    fn why(&self) -> String {
        let mut reasons = Vec::new();
        if let Some((len, decrypted)) = self.len {
            reasons.push(format!(
                "Len is {len} but Data decrypts to {decrypted} bytes (Len must cover all the text)"
            ));
        }
        match self.mac {
            Some(Mac::Checked(MacStatus::Absent)) => {
                reasons.push("the MAC is absent: nothing vouches for the message".to_owned());
            }
            Some(Mac::Checked(MacStatus::Invalid)) => {
                reasons.push("the MAC is wrong (forged, altered, or another HMAC key)".to_owned())
            }
            Some(Mac::NoKey) => reasons.push(format!(
                "could not check the MAC without the Computop HMAC password (--hmac-key or {})",
                keys::HMAC_ENV
            )),
            Some(Mac::Checked(MacStatus::Valid)) | None => {}
        }
        if let Some(problem) = self.signature.as_ref().and_then(Report::problem) {
            reasons.push(problem);
        }
        if !self.violations.is_empty() {
            let count = self.violations.len();
            let plural = if count == 1 { "" } else { "s" };
            reasons.push(format!("{count} violation{plural} of the spec"));
        }
        reasons.join("; ")
    }
}

/// Checks the `MAC` (on the received text, not a re-encoding), `Len`, and takes the
/// violations found.
fn verdict(
    op: &OperationInfo,
    bytes: &[u8],
    tree: &WireObject,
    violations: Violations,
    signature: Option<Report>,
    args: &Args,
    io: &Io<'_>,
) -> Verdict {
    let (Transport::Form, Some(mac)) = (op.transport, op.mac) else {
        return Verdict {
            mac: None,
            len: None,
            violations,
            signature,
        };
    };
    // `read_tree` asked for the Blowfish key already when the message is encrypted (and
    // refused an unusable one); a message in clear has no `Len` to check.
    let len = match keys::cipher(args, io).ok().flatten() {
        Some(cipher) => match form::check_len(bytes, &cipher) {
            Err(form::VerifyError::Len { len, decrypted }) => Some((len, decrypted)),
            _ => None,
        },
        None => None,
    };
    let given = tree
        .text(mac.field, mac.keys)
        .is_some_and(|text| !text.is_empty());
    let status = match (given, keys::hmac(args, io)) {
        (false, _) => Mac::Checked(MacStatus::Absent),
        (true, Some(key)) => Mac::Checked(form::verify_with(tree, &key, &mac, mac.response)),
        (true, None) => Mac::NoKey,
    };
    Verdict {
        mac: Some(status),
        len,
        violations,
        signature,
    }
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

#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn print(
    op: &OperationInfo,
    fields: &WireObject,
    unknown: &[(String, &WireValue)],
    return_code: Option<&ReturnCode>,
    verdict: &Verdict,
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
            ("mac", WireValue::text(verdict.mac_str())),
            ("verified", WireValue::Bool(verdict.verified())),
            ("violations", validate::violations_json(&verdict.violations)),
        ]);
        let mut value = value;
        if let (Some(report), WireValue::Object(object)) = (&verdict.signature, &mut value) {
            object.push("signatures", report.json());
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
    if let Some(mac) = verdict.mac {
        summary.push(vec!["MAC".to_owned(), mac.as_str().to_owned()]);
    }
    if let Some((len, decrypted)) = verdict.len {
        summary.push(vec![
            "Len".to_owned(),
            format!("{len}, short of the {decrypted} bytes decrypted"),
        ]);
    }
    let verified = if verdict.verified() {
        "yes".to_owned()
    } else {
        format!("no: {}", verdict.why())
    };
    summary.push(vec!["verified".to_owned(), verified]);
    // Each signed item's check before the verdict that sums them up.
    if let Some(report) = &verdict.signature {
        text.push_str("signed items\n");
        text.push_str(&out::table(&report.rows()));
    }
    text.push_str(&out::table(&summary));
    if !verdict.violations.is_empty() {
        text.push_str("violations\n");
        text.push_str(&validate::violations_table(&verdict.violations));
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
