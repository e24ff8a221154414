//! Return-code tables: one type per table, one variant per listed code.

use std::collections::BTreeMap;

use super::cx::{Cx, Origin};
use super::naming::{self, Case, RustName};
use super::scope::Scope;
use super::{Code, CodeTable, FamilyRule};

/// Lowers every code table of the provider's files, claiming their type names in `types`.
/// Returns the tables and their types by table id.
pub fn lower_tables(
    cx: &mut Cx,
    files: &[usize],
    types: &mut Scope,
) -> (Vec<CodeTable>, BTreeMap<String, RustName>) {
    let mut tables = Vec::new();
    let mut by_id = BTreeMap::new();
    for &file in files {
        let Some(spec) = cx.spec(file) else { continue };
        for (index, table) in spec.spec.code_tables.iter().enumerate() {
            let origin = Origin {
                file,
                path: format!("code_tables[{index}]"),
            };
            let Some(type_name) = table_type(cx, &table.id, &origin.child("id")) else {
                continue;
            };
            types.claim(
                cx,
                &type_name,
                &format!("code table {}", table.id),
                &origin.child("id"),
            );
            let mut variants = Scope::new(format!("enum `{type_name}`"));
            variants.reserve("Unknown", "it keeps the codes the table does not list");
            let mut codes = Vec::new();
            for (row_index, row) in table.codes.iter().enumerate() {
                let row_origin = origin.item("codes", row_index).child("code");
                let variant = match naming::sanitize(&row.code.0, Case::UpperCamel) {
                    Ok(v) => v,
                    Err(e) => {
                        cx.bad_name(&row_origin, e);
                        continue;
                    }
                };
                variants.claim(cx, &variant, &row.code.0, &row_origin);
                codes.push(Code {
                    code: row.code.0.clone(),
                    variant,
                    short: row.short.clone(),
                    long: row.long.clone(),
                    outcome: row.outcome.into(),
                    doc: row.doc.clone(),
                });
            }
            let families = table
                .families
                .iter()
                .map(|f| FamilyRule {
                    prefix: f.prefix.0.clone(),
                    outcome: f.outcome.into(),
                    doc: f.doc.clone(),
                })
                .collect();
            by_id.insert(table.id.clone(), type_name.clone());
            tables.push(CodeTable {
                id: table.id.clone(),
                title: table.title.clone(),
                type_name,
                source: cx.cite(file, &table.source),
                code_format: table.code_format.clone(),
                codes,
                families,
                file: spec.display.clone(),
            });
        }
    }
    (tables, by_id)
}

/// `<TableId>Code`, or `<TableId>` when the id already ends in `code` (`result-code` →
/// `ResultCode`, not `ResultCodeCode`).
fn table_type(cx: &mut Cx, id: &str, origin: &Origin) -> Option<RustName> {
    let base = match naming::sanitize_path(&[id]) {
        Ok(name) => name,
        Err(e) => {
            cx.bad_name(origin, e);
            return None;
        }
    };
    let name = if base.bare().ends_with("Code") {
        Ok(base)
    } else {
        naming::sanitize_path(&[id, "Code"])
    };
    match name {
        Ok(name) => Some(name),
        Err(e) => {
            cx.bad_name(origin, e);
            None
        }
    }
}
