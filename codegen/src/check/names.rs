//! Names with a syntax of their own: Rust identifiers (`rust_name`) and the formats source
//! tables print (`table_format`).

use crate::diagnostic::DiagnosticKind;
use crate::format::Format;

use super::Cx;

/// Names a provider cannot take: each becomes a module and a cargo feature of the generated
/// crate, beside the crate's own items. `runtime` is the crate's re-export of the runtime
/// (a glob of the provider modules would lose to it without a word); `providers` its module
/// of the generated files; `default` cargo's default feature; `std`, `core` and `alloc` would
/// make every path of those crates ambiguous; and a Rust keyword (`mod`, `type`, ...) is no
/// module name (`mod` would also name its file after the module index, `gen/mod.rs`).
const RESERVED_PROVIDERS: &[&str] = &[
    "runtime",
    "providers",
    "default",
    "std",
    "core",
    "alloc",
    "pspec",
    "pspec_runtime",
];

/// The provider id: not a name the generated crate keeps for itself.
pub(super) fn check_provider(cx: &mut Cx<'_>) {
    let id = cx.spec.spec.provider.0.as_str();
    if RESERVED_PROVIDERS.contains(&id) || crate::model::naming::is_keyword(id) {
        cx.report(
            DiagnosticKind::Shape,
            "provider",
            format!("provider id `{id}` is reserved: the generated crate uses the name itself"),
            format!(
                "another id: not a Rust keyword nor one of {}",
                super::list(RESERVED_PROVIDERS.iter().copied())
            ),
        );
    }
}

/// Whether `name` is a snake_case Rust identifier usable as a field name; why not otherwise.
pub(super) fn check_rust_name(name: &str) -> Result<(), &'static str> {
    let Some(first) = name.chars().next() else {
        return Err("is empty");
    };
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err("is not snake_case (lowercase ASCII letters, digits and `_` only)");
    }
    if !first.is_ascii_lowercase() {
        return Err("does not start with a lowercase letter");
    }
    if name.ends_with('_') || name.contains("__") {
        return Err("has a trailing or doubled `_`");
    }
    if crate::model::naming::is_keyword(name) {
        return Err("is a Rust keyword");
    }
    Ok(())
}

/// Whether `text` is a format: in the spec notation, or in a provider notation that
/// `specs/README.md` maps (Monext `N12`, `AN50`, `A3`; Adyen `string`, `string, max 80`,
/// `int64`).
pub(super) fn is_table_format(text: &str) -> bool {
    let text = text.trim();
    if Format::parse(text).is_ok() {
        return true;
    }
    let positive = |digits: &str| digits.parse::<u32>().is_ok_and(|n| n > 0);
    for class in ["AN", "N", "A"] {
        if let Some(len) = text.strip_prefix(class)
            && positive(len)
        {
            return true;
        }
    }
    if text == "string" {
        return true;
    }
    text.strip_prefix("string, max ").is_some_and(positive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_names() {
        assert!(check_rust_name("buyer_id_code").is_ok());
        assert!(check_rust_name("a1").is_ok());
        for bad in [
            "", "BuyerId", "buyer-id", "_x", "x_", "a__b", "type", "1a", "é",
        ] {
            assert!(check_rust_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn table_formats() {
        for good in [
            "an..128",
            "AN100",
            "N12",
            "A3",
            "string, max 80",
            "string",
            "int64",
            "date(DD/MM/YY)",
        ] {
            assert!(is_table_format(good), "{good}");
        }
        for bad in ["AN", "AN0", "anx..3", "string, max", "N-1", ""] {
            assert!(!is_table_format(bad), "{bad}");
        }
    }
}
