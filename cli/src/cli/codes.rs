//! `pspec codes <provider>`: the provider's return codes.

use super::args::Args;
use super::{Catalog, EXIT_OK, Failure, Io, out};
use crate::wire::WireValue;

pub fn run(
    catalog: &Catalog<'_>,
    provider: &str,
    args: &Args,
    io: &mut Io<'_>,
) -> Result<u8, Failure> {
    let tables: Vec<_> = catalog
        .code_tables
        .iter()
        .filter(|table| table.provider == provider)
        .collect();
    if tables.is_empty() {
        let mut providers: Vec<&str> = catalog
            .code_tables
            .iter()
            .map(|table| table.provider)
            .collect();
        providers.dedup();
        return Err(Failure::unusable(format!(
            "no return codes for provider {provider:?}; providers: {}",
            providers.join(", ")
        )));
    }
    if args.json {
        let list = tables
            .iter()
            .map(|table| {
                let codes = table
                    .codes
                    .iter()
                    .map(|code| {
                        out::object([
                            ("code", WireValue::text(code.code)),
                            ("outcome", WireValue::text(code.outcome.as_str())),
                            ("short_message", out::opt(code.short)),
                            ("long_message", out::opt(code.long)),
                        ])
                    })
                    .collect();
                let families = table
                    .families
                    .iter()
                    .map(|(prefix, outcome)| {
                        out::object([
                            ("prefix", WireValue::text(*prefix)),
                            ("outcome", WireValue::text(outcome.as_str())),
                        ])
                    })
                    .collect();
                out::object([
                    ("provider", WireValue::text(table.provider)),
                    ("table", WireValue::text(table.id)),
                    ("title", WireValue::text(table.title)),
                    ("codes", WireValue::List(codes)),
                    ("families", WireValue::List(families)),
                ])
            })
            .collect();
        out::json(io, &WireValue::List(list));
        return Ok(EXIT_OK);
    }
    let mut text = String::new();
    for (i, table) in tables.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&format!(
            "{}.{}: {}\n",
            table.provider, table.id, table.title
        ));
        let mut rows = vec![vec![
            "  CODE".to_owned(),
            "OUTCOME".to_owned(),
            "SHORT".to_owned(),
            "LONG".to_owned(),
        ]];
        for code in table.codes {
            rows.push(vec![
                format!("  {}", code.code),
                code.outcome.as_str().to_owned(),
                code.short.unwrap_or("").to_owned(),
                code.long.unwrap_or("").to_owned(),
            ]);
        }
        for (prefix, outcome) in table.families {
            rows.push(vec![
                format!("  {prefix}*"),
                outcome.as_str().to_owned(),
                "(any other code with this prefix)".to_owned(),
            ]);
        }
        text.push_str(&out::table(&rows));
    }
    out::text(io, &text);
    Ok(EXIT_OK)
}
