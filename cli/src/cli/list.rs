//! `pspec list`: every operation and method profile.

use super::args::Args;
use super::{Catalog, EXIT_OK, Failure, Io, out};
use crate::wire::WireValue;

pub fn run(catalog: &Catalog<'_>, args: &Args, io: &mut Io<'_>) -> Result<u8, Failure> {
    if args.json {
        let items = catalog
            .operations
            .iter()
            .map(|op| {
                out::object([
                    ("id", WireValue::text(op.id)),
                    ("provider", WireValue::text(op.provider)),
                    ("operation", WireValue::text(op.operation)),
                    ("title", WireValue::text(op.title)),
                    ("endpoint", WireValue::text(op.endpoint)),
                    ("method", WireValue::text(op.method)),
                    ("transport", WireValue::text(op.transport.as_str())),
                    ("profile", out::opt(op.profile)),
                ])
            })
            .collect();
        out::json(io, &WireValue::List(items));
        return Ok(EXIT_OK);
    }
    let mut rows = vec![vec![
        "ID".to_owned(),
        "TRANSPORT".to_owned(),
        "PROFILE".to_owned(),
        "ENDPOINT".to_owned(),
        "TITLE".to_owned(),
    ]];
    for op in catalog.operations {
        rows.push(vec![
            op.id.to_owned(),
            op.transport.as_str().to_owned(),
            op.profile.unwrap_or("-").to_owned(),
            format!("{} {}", op.method, op.endpoint),
            op.title.to_owned(),
        ]);
    }
    out::text(io, &out::table(&rows));
    Ok(EXIT_OK)
}
