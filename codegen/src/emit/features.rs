//! Which capabilities of `pspec-runtime` a provider's generated module calls into, so that
//! the provider's cargo feature can turn on exactly those (and `cargo xtask` can say which
//! when the feature is missing or short of one).
//!
//! This mirrors what `wire` emits per transport; a new transport or security scheme there
//! needs its line here, or the provider's feature would build without it.

use std::collections::BTreeMap;

use crate::model::protocol::Envelope;
use crate::model::{Model, Transport};

/// The runtime features one provider needs, by cargo feature name of `pspec-runtime`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderFeatures {
    /// The provider id, which is also the generated crate's feature for it.
    pub provider: String,
    /// Features of `pspec-runtime`, sorted, each once (empty when the runtime's always-on
    /// part is enough, as for query-only providers).
    pub runtime: Vec<&'static str>,
}

/// Every provider of `model` (sorted by id) with the runtime features its operations need:
/// `form` bodies, plus `blowfish-envelope` for an operation with `envelope: blowfish-ecb`
/// (its readers take a `Cipher`) and `hmac-sha256` for one with a `mac`; `json`; `soap`; `signature`
/// for an operation whose response carries one. Query strings need none.
#[must_use]
pub fn runtime_features(model: &Model) -> Vec<ProviderFeatures> {
    let mut providers: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for provider in &model.providers {
        let needs = providers.entry(provider.id.clone()).or_default();
        for op in &provider.operations {
            match op.transport {
                Transport::Form => {
                    needs.push("form");
                    // As the spec states it (model/protocol.rs): no envelope unless named.
                    if op.protocol.envelope == Envelope::BlowfishEcb {
                        needs.push("blowfish-envelope");
                    }
                    if op.mac.is_some() {
                        needs.push("hmac-sha256");
                    }
                }
                Transport::Json => needs.push("json"),
                Transport::Soap => needs.push("soap"),
                Transport::Query => {}
            }
            // A signature carried inside the response (emit/signature.rs).
            if op.signature.is_some() {
                needs.push("signature");
            }
        }
    }
    providers
        .into_iter()
        .map(|(provider, mut runtime)| {
            runtime.sort_unstable();
            runtime.dedup();
            ProviderFeatures { provider, runtime }
        })
        .collect()
}
