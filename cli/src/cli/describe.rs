//! `pspec describe <id>`: the request and response fields of an operation or profile.

use super::args::Args;
use super::{EXIT_OK, Failure, Io, out};
use crate::wire::WireValue;
use crate::wire::catalog::{FieldInfo, OperationInfo};

pub fn run(
    op: Result<&OperationInfo, Failure>,
    args: &Args,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    let op = op?;
    if args.json {
        let fields =
            |fields: &[FieldInfo]| WireValue::List(fields.iter().map(field_json).collect());
        let value = out::object([
            ("id", WireValue::text(op.id)),
            ("provider", WireValue::text(op.provider)),
            ("operation", WireValue::text(op.operation)),
            ("title", WireValue::text(op.title)),
            ("endpoint", WireValue::text(op.endpoint)),
            ("method", WireValue::text(op.method)),
            ("transport", WireValue::text(op.transport.as_str())),
            ("profile", out::opt(op.profile)),
            ("answers", out::opt(op.answers)),
            ("request", fields(op.request)),
            ("response", fields(op.response)),
        ]);
        let mut value = value;
        if let WireValue::Object(object) = &mut value {
            for (key, extra) in super::signature::describe_json(op) {
                object.push(key, extra);
            }
        }
        out::json(io, &value);
        return Ok(EXIT_OK);
    }
    let mut text = format!(
        "{}: {}\n{} {} ({})\n",
        op.id,
        op.title,
        op.method,
        op.endpoint,
        op.transport.as_str()
    );
    if let Some(card) = op.profile {
        text.push_str(&format!(
            "profile of {}.{} for card code {card}\n",
            op.provider, op.operation
        ));
    }
    if let Some(answered) = op.answers {
        text.push_str(&format!(
            "answers {answered}: the response hands back values of that request (decode --request takes one)\n"
        ));
    }
    for (heading, fields) in [("Request", op.request), ("Response", op.response)] {
        text.push_str(&format!("\n{heading}\n"));
        let mut rows = vec![vec![
            "  FIELD".to_owned(),
            "FORMAT".to_owned(),
            "PRESENCE".to_owned(),
            "NOTES".to_owned(),
        ]];
        for field in fields {
            rows.push(vec![
                format!("  {}", field.name),
                format_text(field),
                field.presence.to_owned(),
                notes(field),
            ]);
        }
        text.push_str(&out::table(&rows));
    }
    text.push_str(&super::signature::describe_text(op));
    out::text(io, &text);
    Ok(EXIT_OK)
}

fn format_text(field: &FieldInfo) -> String {
    let base = match (field.format, field.map) {
        (Some(format), true) => return format!("map of {format}"),
        (Some(format), false) => format,
        (None, _) => "object",
    };
    if field.list {
        format!("list of {base}")
    } else {
        base.to_owned()
    }
}

fn notes(field: &FieldInfo) -> String {
    let mut notes = Vec::new();
    if let Some(condition) = field.condition {
        notes.push(condition.to_owned());
    }
    if !field.values.is_empty() {
        notes.push(format!("values {}", field.values.join(", ")));
    }
    if let Some(table) = field.code_table {
        notes.push(format!("codes: {table}"));
    }
    if let Some(form) = field.currency {
        notes.push(form.expected().to_owned());
    }
    if let Some(currency) = field.minor_units_of {
        notes.push(format!("minor units of {currency}"));
    }
    if field.sensitive {
        notes.push("sensitive".to_owned());
    }
    notes.join("; ")
}

fn field_json(field: &FieldInfo) -> WireValue {
    out::object([
        ("name", WireValue::text(field.name)),
        ("format", out::opt(field.format)),
        ("presence", WireValue::text(field.presence)),
        ("condition", out::opt(field.condition)),
        ("sensitive", WireValue::Bool(field.sensitive)),
        ("object", WireValue::Bool(field.object)),
        ("list", WireValue::Bool(field.list)),
        ("map", WireValue::Bool(field.map)),
        (
            "values",
            WireValue::List(
                field
                    .values
                    .iter()
                    .map(|value| WireValue::text(*value))
                    .collect(),
            ),
        ),
        ("code_table", out::opt(field.code_table)),
    ])
}
