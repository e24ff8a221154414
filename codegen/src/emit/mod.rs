//! Stage 4: Rust source from the model, with syn/quote, printed by prettyplease.
//!
//! One module per job: `structs` (request, response and nested structs, `Debug`), `enums`
//! (allowed values), `codes` (return-code types), `profiles` (payment-method profiles),
//! `validate`, `values` and `rules` (the checks of fields, values and cross-field rules),
//! `signature` (signed responses and per-item outcomes), `constructors` (`new`, `with_*`,
//! profile constructors) and `holds` (what a request struct holds beside its spec fields:
//! no computed MAC, `extras`, fixed fields' serde guard), `cond`
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
mod constructors;
mod docs;
mod enums;
mod features;
mod holds;
mod http;
mod outcomes;
mod print;
mod profiles;
mod protocol;
mod read;
mod rules;
mod serde_attrs;
mod signature;
mod structs;
mod text;
mod validate;
mod values;
mod wire;
mod write;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostic::{Diagnostic, DiagnosticKind, Diagnostics};
use crate::model::{Model, Provider};

pub use features::{ProviderFeatures, runtime_features};

/// A file of the generated crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output crate's root, `/`-separated (`src/gen/computop/types.rs`).
    pub path: String,
    /// The exact contents.
    pub contents: String,
}

/// Stage 4: the provider modules of a model: `src/gen/mod.rs` and one folder
/// `src/gen/<provider>/` per provider, sorted by path. Every spec problem was reported by [`crate::check()`]; the only
/// error left is a generator bug (Rust that does not parse), reported rather than panicking.
pub fn emit(model: &Model) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut files = vec![module_list(model)?];
    // Providers are independent: emit them on all cores, in provider order.
    for provider in crate::parallel::map_in_order(&model.providers, provider_files) {
        files.extend(provider?);
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

/// The items of one provider's folder, by file: each file has one job.
#[derive(Default)]
struct Sections {
    /// `types.rs`: structs, enums, profiles, return-code types, outcomes.
    types: Vec<print::Part>,
    /// `validate.rs`: the validators and their rule constants.
    validate: Vec<print::Part>,
    /// `wire.rs`: endpoints, encoding and decoding, signing and verifying.
    wire: Vec<print::Part>,
    /// `connection.rs`: environments, credentials, HTTP requests and answers, the client.
    connection: Vec<print::Part>,
    /// `catalog.rs`: `OPERATIONS`, `CODE_TABLES` and their entry points, for tools.
    catalog: Vec<print::Part>,
}

/// What each file of a provider's folder holds, in its first doc line.
const SECTION_DOCS: [(&str, &str); 5] = [
    (
        "types",
        "The types: requests, responses, their objects and values, profiles, return codes and outcomes.",
    ),
    (
        "validate",
        "The validators: every check of the spec, reporting violations in spec order.",
    ),
    (
        "wire",
        "The wire: endpoints, encoding and decoding, signing and verifying.",
    ),
    (
        "connection",
        "The connection: environments, credentials, HTTP requests and answers (sans-IO), and the async client.",
    ),
    (
        "catalog",
        "The catalog, for tools: every operation and code table with entry points over wire trees.",
    ),
];

/// `src/gen/<provider>/`: `mod.rs` (the provider's docs and its files) and one file per job
/// (`types.rs`, `validate.rs`, `wire.rs`, `catalog.rs`; a file with nothing to hold is left
/// out).
fn provider_files(provider: &Provider) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let displays: Vec<String> = provider.files.iter().map(|f| f.display.clone()).collect();
    let header = print::header(&displays);
    let mut sections = Sections::default();
    fn tokens(items: &mut Vec<print::Part>, more: Vec<TokenStream>) {
        items.extend(more.into_iter().map(print::Part::from));
    }
    for op in &provider.operations {
        // The request, its profiles (they narrow it), then the response.
        let request = structs::message_items(op, &op.request);
        sections.types.extend(request.types);
        tokens(&mut sections.types, constructors::request_items(op));
        sections.validate.push(request.validate);
        let (profile_types, profile_checks) = profiles::profile_items(op);
        tokens(&mut sections.types, profile_types);
        tokens(&mut sections.validate, profile_checks);
        let response = structs::message_items(op, &op.response);
        sections.types.extend(response.types);
        sections.validate.push(response.validate);
        tokens(&mut sections.types, outcomes::outcome_items(provider, op));
        sections.wire.extend(wire::operation_items(op));
    }
    for table in &provider.code_tables {
        sections.types.extend(codes::code_items(table));
    }
    sections.connection.extend(http::provider_items(provider));
    sections.catalog.extend(catalog::provider_items(provider));
    // Every file is printed against the doc comments of the whole folder.
    let docs = docs::take();
    let module = provider.module.bare();
    let mut files = Vec::new();
    let mut declared = Vec::new();
    let bodies = [
        sections.types,
        sections.validate,
        sections.wire,
        sections.connection,
        sections.catalog,
    ];
    for ((name, job), items) in SECTION_DOCS.into_iter().zip(bodies) {
        if items.is_empty() {
            continue;
        }
        let path = format!("src/gen/{module}/{name}.rs");
        // `types.rs` names only the runtime; the others also the types, through `super`.
        let mut parts: Vec<print::Part> = vec![print::Part::Text(if name == "types" {
            "use ::pspec_runtime as rt;\n".to_string()
        } else {
            "use super::*;\n".to_string()
        })];
        parts.extend(items);
        let body = print::print_items_with(&[job.to_string()], parts, &docs)
            .map_err(|e| print_failure(&path, e))?;
        files.push(GeneratedFile {
            path,
            contents: format!("{header}{body}"),
        });
        declared.push(name);
    }
    let mut index = String::new();
    for name in &declared {
        // The connection exists only with the `http` feature: gating the module (not only
        // its items) keeps a build without it free of empty-module imports.
        if *name == "connection" {
            index.push_str("#[cfg(feature = \"http\")]\n");
        }
        index.push_str(&format!("mod {name};\n"));
    }
    // The types are the provider's API; the catalog adds its two lists; `validate` and
    // `wire` hold only `impl`s, whose methods show on the types.
    index.push_str("\npub use catalog::{CODE_TABLES, OPERATIONS};\n");
    if declared.contains(&"connection") {
        // `Environment`, `Credentials`, `CONNECTION`, `Client` (behind `http` / `client`).
        index.push_str("#[cfg(feature = \"http\")]\npub use connection::*;\n");
    }
    if declared.contains(&"types") {
        index.push_str("pub use types::*;\n");
    }
    if declared.iter().any(|d| *d != "types") {
        // `rt` for the files that reach the runtime through `use super::*`.
        index.push_str("\nuse ::pspec_runtime as rt;\n");
    }
    let path = format!("src/gen/{module}/mod.rs");
    let body = print::print_items_with(
        &module_docs(provider),
        vec![print::Part::Text(index)],
        &docs,
    )
    .map_err(|e| print_failure(&path, e))?;
    files.push(GeneratedFile {
        path,
        contents: format!("{header}{body}"),
    });
    Ok(files)
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
