//! Stage 4: Rust source from the model, with syn/quote, printed by prettyplease.
//!
//! One module per job: `structs` (request, response and nested structs, `Debug`), `enums`
//! (allowed values), `codes` (return-code types), `profiles` (payment-method profiles),
//! `validate`, `values` and `rules` (the checks of fields, values and cross-field rules),
//! `signature` (signed responses and per-item outcomes), `cond`
//! (compiled expressions, reaching fields through `access`), `docs` (rustdoc) and `print`
//! (header, layout).
//!
//! The output depends on the specs only: no hash-map order, no time, no paths of the machine,
//! so every run writes the same bytes.

mod access;
mod answers;
mod catalog;
mod codes;
mod cond;
mod docs;
mod enums;
mod features;
mod http;
mod outcomes;
mod print;
mod profiles;
mod protocol;
mod rules;
mod signature;
mod structs;
mod text;
mod validate;
mod values;
mod wire;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics};
use crate::model::{Model, Provider};

pub use features::{ProviderFeatures, runtime_features};

/// A file of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output crate's root, `/`-separated (`src/gen/computop.rs`).
    pub path: String,
    /// The exact contents.
    pub contents: String,
}

/// Stage 4: the provider modules of a model: `src/gen/mod.rs` and one `src/gen/<provider>.rs`
/// per provider, sorted by path. Every spec problem was reported by [`crate::check()`]; the only
/// error left is a generator bug (Rust that does not parse), reported rather than panicking.
pub fn emit(model: &Model) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut files = vec![module_list(model)?];
    // Providers are independent: emit them on all cores, in provider order.
    for file in crate::parallel::map_in_order(&model.providers, provider_file) {
        files.push(file?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn print_failure(file: &str, error: print::PrintError) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        kind: DiagnosticKind::Inconsistent,
        file: file.to_string(),
        line: 1,
        column: 1,
        problem: format!(
            "the generator produced Rust that does not parse (a generator bug): {}",
            error.0
        ),
        expected: "a spec the generator handles; please report this".into(),
    }])
}

/// `src/gen/mod.rs`: one `pub mod` per provider, each behind its feature.
fn module_list(model: &Model) -> Result<GeneratedFile, Diagnostics> {
    let mut items: Vec<print::Part> = model
        .providers
        .iter()
        .map(|p| {
            let module = p.module.ident();
            let feature = &p.id;
            quote! {
                #[cfg(feature = #feature)]
                pub mod #module;
            }
            .into()
        })
        .collect();
    let docs = vec![
        "The provider modules, one per provider of the specs, each behind the cargo feature of the same name.".to_string(),
    ];
    items.extend(
        catalog::module_items(model)
            .into_iter()
            .map(print::Part::from),
    );
    let body = print::print_items(&docs, items).map_err(|e| print_failure("src/gen/mod.rs", e))?;
    Ok(GeneratedFile {
        path: "src/gen/mod.rs".into(),
        contents: format!("{}{body}", print::header(&model.spec_files)),
    })
}

/// `src/gen/<provider>.rs`.
fn provider_file(provider: &Provider) -> Result<GeneratedFile, Diagnostics> {
    let displays: Vec<String> = provider.files.iter().map(|f| f.display.clone()).collect();
    let mut items: Vec<print::Part> = Vec::new();
    fn tokens(items: &mut Vec<print::Part>, more: Vec<TokenStream>) {
        items.extend(more.into_iter().map(print::Part::from));
    }
    if !provider.operations.is_empty() || !provider.code_tables.is_empty() {
        tokens(
            &mut items,
            vec![quote!(
                use ::pspec_runtime as rt;
            )],
        );
    }
    for op in &provider.operations {
        items.extend(structs::message_items(op, &op.request));
        tokens(&mut items, profiles::profile_items(op));
        items.extend(structs::message_items(op, &op.response));
        tokens(&mut items, outcomes::outcome_items(provider, op));
        items.extend(wire::operation_items(op));
    }
    for table in &provider.code_tables {
        items.extend(codes::code_items(table));
    }
    items.extend(http::provider_items(provider));
    items.extend(catalog::provider_items(provider));
    let path = format!("src/gen/{}.rs", provider.module.bare());
    let body =
        print::print_items(&module_docs(provider), items).map_err(|e| print_failure(&path, e))?;
    Ok(GeneratedFile {
        path,
        contents: format!("{}{body}", print::header(&displays)),
    })
}

fn module_docs(provider: &Provider) -> Vec<String> {
    let mut lines = vec![format!(
        "Provider {}: typed, validated requests and responses.",
        docs::code(&provider.id)
    )];
    lines.push(String::new());
    lines.push(format!(
        "Behind the cargo feature {}. Generated from:",
        docs::code(&provider.id)
    ));
    lines.push(String::new());
    for file in &provider.files {
        lines.push(format!(
            "- {}: {}",
            docs::code(&file.display),
            docs::text(&file.title)
        ));
    }
    if !provider.operations.is_empty() {
        lines.push(String::new());
        lines.push("Operations:".to_string());
        lines.push(String::new());
        for op in &provider.operations {
            lines.push(format!(
                "- {}: [`{}`] → [`{}`]; {}",
                docs::code(&op.id),
                op.request.type_name,
                op.response.type_name,
                docs::sentence(&op.title)
            ));
        }
    }
    if !provider.code_tables.is_empty() {
        lines.push(String::new());
        lines.push("Return codes:".to_string());
        lines.push(String::new());
        for table in &provider.code_tables {
            lines.push(format!(
                "- [`{}`]: {}",
                table.type_name,
                docs::sentence(&table.title)
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests;
