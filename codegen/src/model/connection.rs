//! How to talk to a provider, lowered: the provider's `connection:` with its citation and the
//! placeholders of each base URL found once, for the emitters.

use crate::spec::ast;

use super::Citation;
use super::cx::Cx;

pub use crate::spec::ast::{AuthSpec, ErrorBodySpec, IdempotencySpec, OperationHttp};

/// A provider's connection facts.
#[derive(Clone, Debug)]
pub struct Connection {
    /// Environments, in spec order.
    pub environments: Vec<Environment>,
    /// How requests are authenticated.
    pub auth: AuthSpec,
    /// The request body's media type.
    pub content_type: String,
    /// The API version, when the provider has one.
    pub api_version: Option<String>,
    /// The idempotency key header, when the provider honours one.
    pub idempotency: Option<IdempotencySpec>,
    /// The error body, when the spec describes one.
    pub error_body: Option<ErrorBodySpec>,
    /// Where the facts come from.
    pub source: Citation,
}

/// One environment.
#[derive(Clone, Debug)]
pub struct Environment {
    /// Its id (`test`).
    pub id: String,
    /// Its base URL, placeholders kept as `{NAME}`.
    pub base_url: String,
    /// The placeholders of the base URL, in order of appearance, each once.
    pub placeholders: Vec<String>,
    /// What it is for.
    pub doc: Option<String>,
}

/// The `{NAME}` placeholders of a base URL, in order, each once. The check has made sure
/// every `{` opens a well-formed placeholder.
pub fn placeholders(url: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = url;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        if !out.iter().any(|seen| seen == name) {
            out.push(name.to_owned());
        }
        rest = tail;
    }
    out
}

/// The connection of a provider: the one `connection:` among its files (the check refuses two).
pub(super) fn lower(cx: &Cx, files: &[usize]) -> Option<Connection> {
    files.iter().find_map(|&file| {
        let spec = cx.spec(file)?;
        let given: &ast::Connection = spec.spec.connection.as_ref()?;
        Some(Connection {
            environments: given
                .environments
                .iter()
                .map(|env| Environment {
                    id: env.id.clone(),
                    base_url: env.base_url.clone(),
                    placeholders: placeholders(&env.base_url),
                    doc: env.doc.clone(),
                })
                .collect(),
            auth: given.auth.clone(),
            content_type: given.content_type.clone(),
            api_version: given.api_version.clone(),
            idempotency: given.idempotency.clone(),
            error_body: given.error_body.clone(),
            source: cx.cite(file, &given.source),
        })
    })
}
