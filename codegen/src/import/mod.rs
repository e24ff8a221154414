//! Importers: draft specs from a provider's documentation page (`doc`) or from an OpenAPI
//! document (`openapi`), and the comparisons built on them (`agreement` with a hand-made spec,
//! `drift` of a page against the current spec).
//!
//! A draft is YAML in the spec language. Every drafted item cites the page's table (or section)
//! and line; what the importer could not decide carries a `# review:` comment
//! ([`crate::spec::review`]), which `cargo xtask regenerate` refuses until a person resolves
//! it. A draft is loaded back before it is returned, so an importer cannot hand out a file the
//! loader would refuse.

pub mod agreement;
mod blocks;
pub mod doc;
pub mod draft;
pub mod drift;
mod examples;
mod html;
pub mod infer;
pub mod openapi;
pub mod page;
mod text;

use crate::spec::{LoadedSpec, SpecSet, load_text};

pub use draft::DraftSpec;

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The page could not be read.
    #[error("{0}")]
    Page(String),
    /// The page holds no table the importer reads.
    #[error(
        "the page has no parameter, mandatory-field or return-code table ({tables} table(s) of other kinds); expected a table headed like `Key | Format | CND | Description`, `Nom du champ | Exemple` or `Code | ShortMessage | LongMessage`"
    )]
    NoTables {
        /// Tables found that are of no kind the importer reads.
        tables: usize,
    },
    /// The OpenAPI document is malformed or lacks what was asked for.
    #[error("{0}")]
    OpenApi(String),
    /// The provider id is not one the spec language accepts.
    #[error(
        "provider `{0}` is not a provider id; expected lowercase letters, digits and `_`, starting with a letter"
    )]
    Provider(String),
    /// The draft does not load: a bug of the importer, reported rather than written.
    #[error("the draft does not load (an importer bug; nothing written): {0}")]
    Draft(String),
}

/// A finished import: the draft, its YAML (loaded back once) and its summary.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The draft.
    pub draft: DraftSpec,
    /// Its YAML text.
    pub yaml: String,
    /// The draft loaded as a spec.
    pub loaded: LoadedSpec,
    /// Every review mark, with the item it is about.
    pub reviews: Vec<String>,
    /// What the importer read but did not draft (tables of other kinds).
    pub skipped: Vec<String>,
}

impl Imported {
    /// The summary printed after an import.
    pub fn summary(&self) -> String {
        let d = &self.draft;
        let fields: usize = d
            .operations
            .iter()
            .map(|o| o.request.fields.len() + o.response.fields.len())
            .sum();
        let codes: usize = d.code_tables.iter().map(|t| t.codes.len()).sum();
        let mandatory: usize = d.profiles.iter().map(|p| p.mandatory.len()).sum();
        let mut out = format!(
            "drafted {} operation(s) with {fields} field(s), {} profile(s) with {mandatory} mandatory field(s), {} code table(s) with {codes} code(s); {} open review mark(s)\n",
            d.operations.len(),
            d.profiles.len(),
            d.code_tables.len(),
            self.reviews.len()
        );
        for r in &self.reviews {
            out.push_str(&format!("  review: {}\n", printable(r)));
        }
        for s in &self.skipped {
            out.push_str(&format!("  skipped: {}\n", printable(s)));
        }
        out
    }
}

/// Text for a terminal: control characters (from a document's names) escaped.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:04x}}}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub(crate) fn check_provider(provider: &str) -> Result<(), ImportError> {
    let ok = provider
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && provider
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ImportError::Provider(provider.to_string()))
    }
}

/// Finishes a draft: renders it and loads it back.
pub fn finish(
    draft: DraftSpec,
    skipped: Vec<String>,
    display: &str,
) -> Result<Imported, ImportError> {
    let yaml = draft.to_yaml();
    let loaded =
        load_text(display, yaml.as_bytes()).map_err(|d| ImportError::Draft(d.to_string()))?;
    Ok(Imported {
        reviews: draft.review_summary(),
        draft,
        yaml,
        loaded,
        skipped,
    })
}

/// Imports a documentation page. `context` holds the provider's current specs (may be empty):
/// a payment-method page narrows one of their operations.
pub fn import_doc(
    bytes: &[u8],
    page_file: &str,
    provider: &str,
    context: &SpecSet,
) -> Result<Imported, ImportError> {
    check_provider(provider)?;
    let page = page::read_page(bytes)?;
    let options = doc::DocOptions {
        page_file,
        provider,
        context,
    };
    let (draft, skipped) = doc::draft(&page, &options)?;
    finish(draft, skipped, &format!("draft of {page_file}"))
}
