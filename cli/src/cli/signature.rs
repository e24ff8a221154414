//! `pspec decode` of a message whose spec has a `signature` (Adyen webhooks): the key from
//! `--<provider>-hmac-key` or `PSPEC_<PROVIDER>_HMAC_KEY`, the status of every signed object,
//! and each object's outcome when the spec gives an `outcome`.
//!
//! The message counts as verified only when it has at least one signed object and every one
//! matches; without a key nothing is verified (the command says so and exits 1).

use pspec::runtime::signature::{
    Algorithm, KeyEncoding, OutputEncoding, Scheme, SignatureKey, SignatureStatus,
};

use super::args::Args;
use super::{Catalog, Failure, Io, out};
use crate::wire::catalog::{OperationInfo, ReturnCode, SignatureInfo};
use crate::wire::{WireObject, WireValue, join_fields, scoped_objects};

/// One signed object.
pub struct Item {
    /// Where it is (`notificationItems[0].NotificationRequestItem`).
    pub path: String,
    /// Its signature's status; `None` without a key.
    pub status: Option<SignatureStatus>,
    /// Its outcome, when the spec gives one.
    pub outcome: Option<ReturnCode>,
}

/// What the signatures of a message say.
pub struct Report {
    /// Every signed object, in order.
    pub items: Vec<Item>,
    /// Whether a key was given.
    pub keyed: bool,
    /// How to give the key, for messages.
    pub how: String,
}

impl Report {
    /// At least one signed object, and all of them valid.
    pub fn verified(&self) -> bool {
        !self.items.is_empty()
            && self
                .items
                .iter()
                .all(|item| item.status == Some(SignatureStatus::Valid))
    }

    /// The message's overall status, as `--json`'s `mac`: `valid` when verified, else the
    /// worst found (`invalid` before `absent`), `unchecked` without a key, `absent` when
    /// nothing is signed.
    pub fn mac(&self) -> &'static str {
        let has = |status| self.items.iter().any(|item| item.status == Some(status));
        if !self.keyed && !self.items.is_empty() {
            "unchecked"
        } else if has(SignatureStatus::Invalid) {
            "invalid"
        } else if self.items.is_empty() || has(SignatureStatus::Absent) {
            "absent"
        } else {
            "valid"
        }
    }

    /// Why the message is not verified, for stderr; `None` when it is.
    pub fn problem(&self) -> Option<String> {
        if self.verified() {
            return None;
        }
        if self.items.is_empty() {
            return Some("no signed item in the message: nothing is verified".to_owned());
        }
        if !self.keyed {
            return Some(format!(
                "could not verify the signatures: no key ({}); do not act on this message",
                self.how
            ));
        }
        let failed: Vec<String> = self
            .items
            .iter()
            .filter_map(|item| match item.status {
                Some(SignatureStatus::Valid) => None,
                status => Some(format!(
                    "{} {}",
                    item.path,
                    status.map_or("unchecked", SignatureStatus::as_str)
                )),
            })
            .collect();
        Some(format!(
            "signature check failed ({}): the message is not from the provider or was altered",
            failed.join(", ")
        ))
    }

    /// The items as `--json` shows them.
    pub fn json(&self) -> WireValue {
        WireValue::List(
            self.items
                .iter()
                .map(|item| {
                    out::object([
                        ("path", WireValue::text(item.path.as_str())),
                        (
                            "signature",
                            WireValue::text(
                                item.status.map_or("unchecked", SignatureStatus::as_str),
                            ),
                        ),
                        (
                            "outcome",
                            item.outcome.as_ref().map_or(WireValue::Null, code_json),
                        ),
                    ])
                })
                .collect(),
        )
    }

    /// The items as text rows: path, signature, outcome.
    pub fn rows(&self) -> Vec<Vec<String>> {
        if self.items.is_empty() {
            return vec![vec![
                "  (none: nothing in the message is signed)".to_owned(),
            ]];
        }
        self.items
            .iter()
            .map(|item| {
                let mut row = vec![
                    format!("  {}", item.path),
                    format!(
                        "signature {}",
                        item.status.map_or("unchecked", SignatureStatus::as_str)
                    ),
                ];
                if let Some(code) = &item.outcome {
                    // What an item says it did means nothing until its signature matches.
                    if item.status == Some(SignatureStatus::Valid) {
                        row.push(describe(code));
                    } else {
                        row.push(format!("untrusted: {}", describe(code)));
                    }
                }
                row
            })
            .collect()
    }
}

/// `AUTHORISATION:true (success, listed): The payment was authorised.`
fn describe(code: &ReturnCode) -> String {
    let known = if code.known { "listed" } else { "not listed" };
    let mut line = format!("{} ({}, {known})", code.code, code.outcome);
    if let Some(message) = code.long_message.or(code.short_message) {
        line.push_str(&format!(": {message}"));
    }
    line
}

fn code_json(code: &ReturnCode) -> WireValue {
    out::object([
        ("code", WireValue::text(code.code.as_str())),
        ("known", WireValue::Bool(code.known)),
        ("outcome", WireValue::text(code.outcome.as_str())),
        ("short_message", out::opt(code.short_message)),
        ("long_message", out::opt(code.long_message)),
    ])
}

/// The scheme the catalog describes (the generator writes only the spellings read here).
fn scheme(info: &SignatureInfo) -> Result<Scheme, Failure> {
    let algorithm = match info.algorithm {
        "hmac-sha256" => Algorithm::HmacSha256,
        other => {
            return Err(Failure::unusable(format!(
                "unsupported signature algorithm {other:?}"
            )));
        }
    };
    let key = match info.key {
        "hex" => KeyEncoding::Hex,
        "text" => KeyEncoding::Text,
        other => {
            return Err(Failure::unusable(format!(
                "unsupported key encoding {other:?}"
            )));
        }
    };
    let output = match info.output {
        "base64" => OutputEncoding::Base64,
        "hex" => OutputEncoding::Hex,
        other => {
            return Err(Failure::unusable(format!(
                "unsupported signature encoding {other:?}"
            )));
        }
    };
    Ok(Scheme {
        algorithm,
        key,
        output,
        separator: info.separator,
        scope: info.scope,
        fields: info.fields,
        at: info.at,
    })
}

/// The key, if given (an empty value counts as none).
///
/// # Errors
///
/// A failure (exit 2) when the key cannot be read as the scheme says (bad hex); the
/// message gives the position only, never the key.
fn key(
    info: &SignatureInfo,
    scheme: &Scheme,
    args: &Args,
    io: &Io<'_>,
) -> Result<Option<SignatureKey>, Failure> {
    let _ = io;
    // The option, else the environment: keys::from_environment put both in `args`.
    let given = args
        .signature_keys
        .iter()
        .rev()
        .find(|(option, _)| option == info.key_option)
        .map(|(_, value)| value)
        .filter(|bytes| !bytes.is_empty());
    let Some(bytes) = given else { return Ok(None) };
    SignatureKey::parse_bytes(bytes, scheme.key)
        .map(Some)
        .map_err(|err| {
            Failure::unusable(format!(
                "the key of --{} / {} cannot be used: {err}",
                info.key_option, info.key_env
            ))
        })
}

/// The signatures and outcomes of `tree`, when `op`'s spec has a `signature`.
///
/// # Errors
///
/// A failure when the key is given but unusable.
pub fn check(
    catalog: &Catalog<'_>,
    op: &OperationInfo,
    tree: &WireObject,
    args: &Args,
    io: &Io<'_>,
) -> Result<Option<Report>, Failure> {
    let Some(info) = op.signature else {
        return Ok(None);
    };
    let scheme = scheme(&info)?;
    let key = key(&info, &scheme, args, io)?;
    let mut items: Vec<Item> = scheme
        .objects(tree)
        .into_iter()
        .map(|(path, object)| Item {
            status: key.as_ref().map(|key| scheme.verify(key, object)),
            path,
            outcome: None,
        })
        .collect();
    if let Some(outcome) = op.item_outcome
        && let Some(table) = catalog.table(op.provider, outcome.table)
    {
        for (path, object) in scoped_objects(tree, outcome.scope) {
            let code = table.lookup(&join_fields(object, outcome.code, outcome.separator));
            match items.iter_mut().find(|item| item.path == path) {
                Some(item) => item.outcome = Some(code),
                None => items.push(Item {
                    path,
                    status: None,
                    outcome: Some(code),
                }),
            }
        }
    }
    Ok(Some(Report {
        items,
        keyed: key.is_some(),
        how: format!("--{} or {}", info.key_option, info.key_env),
    }))
}

/// What `describe` says about the signature and the outcome rule, as text (empty when the
/// spec has neither).
pub fn describe_text(op: &OperationInfo) -> String {
    let mut text = String::new();
    if let Some(info) = op.signature {
        text.push_str(&format!(
            "\nSignature\n  {} of each {} over {} (a missing value empty)\n  key: {}, from --{} or {}; signature: {} in {}\n",
            info.algorithm,
            info.scope,
            info.fields.join(info.separator),
            info.key,
            info.key_option,
            info.key_env,
            info.output,
            info.at
        ));
    }
    if let Some(outcome) = op.item_outcome {
        text.push_str(&format!(
            "\nOutcome\n  each {}: {} looked up in the code table {}\n",
            outcome.scope,
            outcome.code.join(outcome.separator),
            outcome.table
        ));
    }
    text
}

/// The same for `describe --json`: `signature` and `outcome` objects, or `null`.
pub fn describe_json(op: &OperationInfo) -> [(&'static str, WireValue); 2] {
    let list =
        |items: &[&str]| WireValue::List(items.iter().map(|item| WireValue::text(*item)).collect());
    let signature = op.signature.map_or(WireValue::Null, |info| {
        out::object([
            ("algorithm", WireValue::text(info.algorithm)),
            ("scope", WireValue::text(info.scope)),
            ("fields", list(info.fields)),
            ("separator", WireValue::text(info.separator)),
            ("key", WireValue::text(info.key)),
            ("output", WireValue::text(info.output)),
            ("at", WireValue::text(info.at)),
            (
                "key_option",
                WireValue::text(format!("--{}", info.key_option)),
            ),
            ("key_env", WireValue::text(info.key_env)),
        ])
    });
    let outcome = op.item_outcome.map_or(WireValue::Null, |info| {
        out::object([
            ("scope", WireValue::text(info.scope)),
            ("code", list(info.code)),
            ("separator", WireValue::text(info.separator)),
            ("table", WireValue::text(info.table)),
        ])
    });
    [("signature", signature), ("outcome", outcome)]
}
