//! `pspec validate <id> <file|->`: reads a request and validates it with the generated
//! validator.

use pspec::runtime::Violations;

use super::args::Args;
use super::{EXIT_INVALID, EXIT_OK, Failure, Io, input, keys, out};
use crate::wire::catalog::{FieldInfo, OperationInfo, Transport};
use crate::wire::{KeyCase, WireObject, WireValue, form};

pub fn run(
    op: Result<&OperationInfo, Failure>,
    path: &str,
    args: &Args,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    let op = op?;
    let request = prepare(op, path, args, io)?;
    let violations =
        (op.validate)(&request).map_err(|err| Failure::unusable(format!("{path}: {err}")))?;
    report(op, &violations, args, io);
    if let Some(mac) = op.mac
        && keys::hmac(args, io).is_none()
        && violations
            .iter()
            .any(|violation| violation.field == mac.field)
    {
        let _ = writeln!(
            io.stderr,
            "pspec: note: {} is computed, not written by hand: give the HMAC password (--hmac-key or {})",
            mac.field,
            keys::HMAC_ENV
        );
    }
    Ok(if violations.is_empty() {
        EXIT_OK
    } else {
        EXIT_INVALID
    })
}

/// The request of `path`, ready to validate: dotted keys expanded, unknown keys warned
/// about, and, for a Computop operation with the HMAC key at hand, the `MAC` computed
/// (a `MAC` given in the file is replaced: it is derived data, and a stale one is worse
/// than none).
pub fn prepare(
    op: &OperationInfo,
    path: &str,
    args: &Args,
    io: &mut Io<'_>,
) -> Result<WireObject, Failure> {
    let mut request = input::request(path, &|dotted| op.request_object(dotted), io)?;
    for (name, _) in unknown(&request, op.request, op.transport.key_case()) {
        let _ = writeln!(
            io.stderr,
            "pspec: warning: {} is not a request field of {}; ignored",
            out::one_line(&name),
            op.id
        );
    }
    if let (Some(mac), Transport::Form) = (op.mac, op.transport)
        && let Some(key) = keys::hmac(args, io)
    {
        form::sign_with(&mut request, &key, &mac);
    }
    Ok(request)
}

/// The entries of `tree` that no field of `fields` names, with their dotted paths (list
/// indices skipped: `details.key`), in order.
pub fn unknown<'a>(
    tree: &'a WireObject,
    fields: &[FieldInfo],
    case: KeyCase,
) -> Vec<(String, &'a WireValue)> {
    let mut found = Vec::new();
    walk(tree, "", fields, case, &mut found);
    found
}

fn walk<'a>(
    tree: &'a WireObject,
    prefix: &str,
    fields: &[FieldInfo],
    case: KeyCase,
    found: &mut Vec<(String, &'a WireValue)>,
) {
    for (name, value) in tree.iter() {
        let path = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        let Some(field) = fields.iter().find(|field| case.matches(field.name, &path)) else {
            found.push((path, value));
            continue;
        };
        // Children of a known object are checked; a map's keys are the provider's choice.
        let spelled = field.name;
        let mut check = |value: &'a WireValue| {
            if let (true, WireValue::Object(inner)) = (field.object, value) {
                walk(inner, spelled, fields, case, found);
            }
        };
        match value {
            WireValue::List(items) => items.iter().for_each(&mut check),
            other => check(other),
        }
    }
}

/// Prints the violations (or that there are none).
pub fn report(op: &OperationInfo, violations: &Violations, args: &Args, io: &mut Io<'_>) {
    if args.json {
        let value = out::object([
            ("valid", WireValue::Bool(violations.is_empty())),
            ("violations", violations_json(violations)),
        ]);
        out::json(io, &value);
        return;
    }
    if violations.is_empty() {
        out::text(io, &format!("{}: valid\n", op.id));
        return;
    }
    let count = violations.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut text = format!("{}: invalid, {count} violation{plural}\n", op.id);
    text.push_str(&violations_table(violations));
    out::text(io, &text);
}

/// The violations as `--json` shows them: `[{field, rule, message}]` (shared by
/// `validate` and `decode`).
pub fn violations_json(violations: &Violations) -> WireValue {
    WireValue::List(
        violations
            .iter()
            .map(|violation| {
                out::object([
                    ("field", WireValue::text(violation.field)),
                    ("rule", WireValue::text(violation.rule.as_str())),
                    ("message", WireValue::text(message(violation))),
                ])
            })
            .collect(),
    )
}

/// The violations as an indented table: field, rule, message.
pub fn violations_table(violations: &Violations) -> String {
    let rows: Vec<Vec<String>> = violations
        .iter()
        .map(|violation| {
            vec![
                format!("  {}", violation.field),
                violation.rule.as_str().to_owned(),
                message(violation),
            ]
        })
        .collect();
    out::table(&rows)
}

/// The rule in words with its limit: `missing while its condition holds (Channel == 'W2A')`.
fn message(violation: &pspec::runtime::Violation) -> String {
    format!("{} ({})", violation.rule.describe(), violation.limit)
}
