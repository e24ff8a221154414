//! The methods every generated value table shares, written once: generated code declares a
//! type's table (`LISTED`/`ALL`, `WIRE`, `ROWS`, `FAMILIES`) and calls one of these macros in
//! the type's `impl`, instead of repeating the same methods, each a `match` over every value,
//! in every type.

/// The methods of a generated return-code type, from its `LISTED`, `ROWS` and `FAMILIES`:
/// `from_wire`, `row`, `code`, `short_message`, `long_message`, `outcome`, `is_listed`. Each
/// is one lookup ([`code_row`](crate::code_row),
/// [`code_from_wire`](crate::code_from_wire)).
#[doc(hidden)]
#[macro_export]
macro_rules! code_methods {
    () => {
        /// The code for a wire text. Never fails: unlisted codes are kept in [`Self::Unknown`].
        pub fn from_wire(code: &str) -> Self {
            $crate::code_from_wire(Self::LISTED, Self::ROWS, code)
                .unwrap_or_else(|| Self::Unknown(code.to_string()))
        }

        /// The table's row for the code (code, messages, outcome); `None` when it does not
        /// list it.
        pub fn row(&self) -> Option<&'static $crate::CodeInfo> {
            $crate::code_row(Self::LISTED, Self::ROWS, self)
        }

        /// The code as sent on the wire (an unlisted code unchanged).
        pub fn code(&self) -> &str {
            match self {
                Self::Unknown(code) => code,
                _ => self.row().map_or("", |row| row.code),
            }
        }

        /// The table's short message (status word) for the code, if it gives one.
        pub fn short_message(&self) -> Option<&'static str> {
            self.row().and_then(|row| row.short)
        }

        /// The table's long message for the code, if it gives one.
        pub fn long_message(&self) -> Option<&'static str> {
            self.row().and_then(|row| row.long)
        }

        /// What the table says the code means: its outcome for a listed code, the family
        /// rules' for any other. An operation may give a code its own meaning (Monext
        /// `doWebPayment`'s `00000` is a created session, not a payment): to know what
        /// happened to a payment, call the response's `outcome()`, which applies the
        /// operation's meanings and a profile's table.
        pub fn outcome(&self) -> $crate::Outcome {
            match self.row() {
                Some(row) => row.outcome,
                None => $crate::family_outcome(self.code(), Self::FAMILIES),
            }
        }

        /// Whether the table lists the code.
        pub fn is_listed(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    };
}

/// The methods of a generated open enum (a response's values: unlisted ones kept in
/// `Unknown`), from its `LISTED` and `WIRE`: `from_wire`, `as_str`, `is_listed`.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum_methods {
    ($allowed:literal) => {
        /// Every listed wire text, comma-separated: what a violation names as allowed when a
        /// response carries another value.
        pub const ALLOWED: &'static str = $allowed;

        $crate::open_enum_methods!();
    };
    () => {
        /// The value for a wire text; a text the spec does not list is kept in
        /// [`Self::Unknown`]. Never fails.
        pub fn from_wire(text: &str) -> Self {
            $crate::listed_from_wire(Self::LISTED, Self::WIRE, text)
                .unwrap_or_else(|| Self::Unknown(text.to_string()))
        }

        /// The value as sent on the wire (an unknown value unchanged).
        pub fn as_str(&self) -> &str {
            match self {
                Self::Unknown(text) => text,
                listed => $crate::listed_wire(Self::LISTED, Self::WIRE, listed),
            }
        }

        /// Whether the value is one the spec lists.
        pub fn is_listed(&self) -> bool {
            !matches!(self, Self::Unknown(_))
        }
    };
}

/// The standard traits of a generated open enum whose `impl` called `open_enum_methods!` with
/// its allowed values: `Display` (the wire text), `FromStr` and `From<&str>` (hence
/// `TryFrom<&str>`), all infallible since an unlisted text is kept in `Unknown` (a response
/// must be readable whatever the provider sends; `validate()` reports it), serde through the
/// wire text (feature `serde`), and [`Unlisted`] for the validators.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum_traits {
    ($type:ident) => {
        $crate::display_as!($type, as_str);
        $crate::__lenient_parse!($type);
        $crate::__serde_text!($type, as_str);

        impl $crate::tables::Unlisted for $type {
            fn unlisted(&self) -> Option<(&str, &'static str)> {
                match self {
                    Self::Unknown(text) => Some((text, Self::ALLOWED)),
                    _ => None,
                }
            }
        }
    };
}

/// The standard traits of a generated return-code type (after `code_methods!`): `Display` (the
/// code), `FromStr` and `From<&str>` (hence `TryFrom<&str>`), infallible as `from_wire` is
/// (an unlisted code is kept), and serde through the code text (feature `serde`).
#[doc(hidden)]
#[macro_export]
macro_rules! code_traits {
    ($type:ident) => {
        $crate::display_as!($type, code);
        $crate::__lenient_parse!($type);
        $crate::__serde_text!($type, code);
    };
}

/// `FromStr` and `From<&str>` through the type's infallible `from_wire`.
#[doc(hidden)]
#[macro_export]
macro_rules! __lenient_parse {
    ($type:ident) => {
        impl ::core::str::FromStr for $type {
            type Err = ::core::convert::Infallible;
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(text))
            }
        }

        impl ::core::convert::From<&str> for $type {
            fn from(text: &str) -> Self {
                Self::from_wire(text)
            }
        }
    };
}

/// The standard traits of a generated closed enum (after `closed_enum_methods!`): `Display`
/// (the wire text); `FromStr` and `TryFrom<&str>`, which refuse a text the spec does not list
/// with an [`UnlistedValue`] naming the type and the allowed values (never the text: it may be
/// anything, of any length); serde through the wire text (feature `serde`), refusing the same
/// way.
#[doc(hidden)]
#[macro_export]
macro_rules! closed_enum_traits {
    ($type:ident) => {
        $crate::display_as!($type, as_str);

        impl ::core::str::FromStr for $type {
            type Err = $crate::UnlistedValue;
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::from_wire(text).ok_or($crate::UnlistedValue::new(
                    ::core::stringify!($type),
                    &Self::WIRE,
                ))
            }
        }

        impl ::core::convert::TryFrom<&str> for $type {
            type Error = $crate::UnlistedValue;
            fn try_from(text: &str) -> ::core::result::Result<Self, Self::Error> {
                text.parse()
            }
        }

        $crate::__serde_text!($type, as_str);
    };
}

/// The standard traits of a generated profile enum (after its `impl` with `ALL` and `id()`):
/// `IDS` (every id, in the order of `ALL`), `Display` (the id, as the spec names it),
/// `FromStr` and `TryFrom<&str>` refusing an unknown id with an [`UnlistedValue`] naming the
/// type and the ids, and serde through the id (feature `serde`).
#[doc(hidden)]
#[macro_export]
macro_rules! profile_traits {
    ($type:ident) => {
        impl $type {
            /// Every profile's id, in the order of [`Self::ALL`].
            pub const IDS: [&'static str; $type::ALL.len()] = {
                let mut ids = [""; $type::ALL.len()];
                let mut i = 0;
                while i < ids.len() {
                    ids[i] = $type::ALL[i].id();
                    i += 1;
                }
                ids
            };
        }

        $crate::display_as!($type, id);

        impl ::core::str::FromStr for $type {
            type Err = $crate::UnlistedValue;
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|profile| profile.id() == text)
                    .ok_or($crate::UnlistedValue::new(
                        ::core::stringify!($type),
                        &Self::IDS,
                    ))
            }
        }

        impl ::core::convert::TryFrom<&str> for $type {
            type Error = $crate::UnlistedValue;
            fn try_from(text: &str) -> ::core::result::Result<Self, Self::Error> {
                text.parse()
            }
        }

        $crate::__serde_text!($type, id);
    };
}

/// `Serialize` and `Deserialize` through the type's wire text (`$text`: `as_str` or `code`)
/// and its `FromStr`. Defined twice: with the runtime's `serde` feature it writes the impls,
/// without it nothing, so generated code calls it unconditionally. (The generated crate's
/// `serde` feature turns this one on.)
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_text {
    ($type:ident, $text:ident) => {
        impl $crate::__private::serde::Serialize for $type {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.$text())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $type {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_text(
                    deserializer,
                    <$type as ::core::str::FromStr>::from_str,
                )
            }
        }
    };
}

/// Without the `serde` feature: nothing.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __serde_text {
    ($type:ident, $text:ident) => {};
}

/// A text that is none of the values a closed enum (a request's value set) lists: what
/// `FromStr`, `TryFrom<&str>` and serde return for it. It names the type and the allowed wire
/// texts, never the text itself, which may be anything and of any length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a value of `{type_name}`; allowed: {}", JoinedWire(.allowed))]
pub struct UnlistedValue {
    /// The Rust name of the enum.
    pub type_name: &'static str,
    /// Its wire texts, in spec order.
    pub allowed: &'static [&'static str],
}

impl UnlistedValue {
    /// The error for the enum `type_name`, whose wire texts are `allowed`.
    pub const fn new(type_name: &'static str, allowed: &'static [&'static str]) -> UnlistedValue {
        UnlistedValue { type_name, allowed }
    }
}

/// Wire texts, comma-separated, without allocating.
struct JoinedWire<'a>(&'a [&'static str]);

impl core::fmt::Display for JoinedWire<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for (i, text) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(text)?;
        }
        Ok(())
    }
}

/// A response value that may be one the spec does not list (an open enum's `Unknown`), as
/// the validators see it: through a reference, or inside an `Option` (absent is listed).
#[doc(hidden)]
pub trait Unlisted {
    /// The text of a value the spec does not list and the listed values, comma-separated
    /// (the violation's limit); `None` for a listed or absent value.
    fn unlisted(&self) -> Option<(&str, &'static str)>;
}

impl<T: Unlisted + ?Sized> Unlisted for &T {
    fn unlisted(&self) -> Option<(&str, &'static str)> {
        (**self).unlisted()
    }
}

impl<T: Unlisted> Unlisted for Option<T> {
    fn unlisted(&self) -> Option<(&str, &'static str)> {
        self.as_ref().and_then(Unlisted::unlisted)
    }
}

/// Reports a value the spec does not list (`not_allowed_value`, naming the listed values) for
/// a field without a format rule; [`TextRule::check_unlisted`](crate::TextRule::check_unlisted)
/// also checks the text's format.
#[doc(hidden)]
pub fn unlisted(found: &mut crate::Violations, field: &'static str, value: impl Unlisted) {
    if let Some((_, allowed)) = value.unlisted() {
        found.report(field, crate::RuleKind::NotAllowedValue, allowed);
    }
}

/// The methods of a generated closed enum (a request's values: no other can be built), from
/// its `ALL` and `WIRE`, whose variants are numbered in the order of `ALL`: `from_wire`,
/// `as_str`.
#[doc(hidden)]
#[macro_export]
macro_rules! closed_enum_methods {
    () => {
        /// The value for a wire text; `None` for a text the spec does not list.
        pub fn from_wire(text: &str) -> Option<Self> {
            $crate::listed_from_wire(&Self::ALL, &Self::WIRE, text)
        }

        /// The value as sent on the wire.
        pub const fn as_str(self) -> &'static str {
            Self::WIRE[self as usize]
        }
    };
}

/// `Display` for a generated type, as the text its method `$text` gives (`as_str`, `code`).
#[doc(hidden)]
#[macro_export]
macro_rules! display_as {
    ($type:ident, $text:ident) => {
        impl ::core::fmt::Display for $type {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.$text())
            }
        }
    };
}

/// A catalog entry point (`OperationInfo::validate`): reads a request tree as `$request`
/// (values the type cannot hold become violations) and validates it with `$check`, which
/// names the request `$req`.
#[doc(hidden)]
#[macro_export]
macro_rules! catalog_validate {
    // With the fields the signing path computes (a request's `MAC`): the struct has no
    // field for them, so a captured request's value is checked on the tree, before the
    // struct's own checks.
    ($name:ident, $request:ident, |$req:ident| $check:expr, computed: [$(($field:literal, $rule:expr)),* $(,)?]) => {
        /// Catalog entry point: reads and validates a request tree, its computed fields
        /// checked on the tree.
        fn $name(
            wire: &$crate::wire::WireObject,
        ) -> Result<$crate::Violations, $crate::wire::DecodeError> {
            let ($req, mut found) = $request::from_wire_checked(wire)?;
            let mut computed = $crate::Violations::new();
            $(
                let value = wire
                    .get_with($field, $request::MAC.keys)
                    .and_then($crate::wire::WireValue::scalar_text);
                $rule.check(&mut computed, value.as_deref().unwrap_or_default());
            )*
            $crate::wire::catalog::merge_violations(&mut found, computed.into_result());
            $crate::wire::catalog::merge_violations(&mut found, $check);
            Ok(found)
        }
    };
    ($name:ident, $request:ident, |$req:ident| $check:expr) => {
        /// Catalog entry point: reads and validates a request tree.
        fn $name(
            wire: &$crate::wire::WireObject,
        ) -> Result<$crate::Violations, $crate::wire::DecodeError> {
            let ($req, mut found) = $request::from_wire_checked(wire)?;
            $crate::wire::catalog::merge_violations(&mut found, $check);
            Ok(found)
        }
    };
}

/// A catalog entry point (`OperationInfo::encode`): a request tree read as `$request` and
/// written back in spec order.
#[doc(hidden)]
#[macro_export]
macro_rules! catalog_encode {
    ($name:ident, $request:ident) => {
        /// Catalog entry point: a request tree, typed and written back in spec order.
        fn $name(
            wire: &$crate::wire::WireObject,
        ) -> Result<$crate::wire::WireObject, $crate::wire::DecodeError> {
            Ok($request::from_wire(wire)?.to_wire())
        }
    };
}

/// A catalog entry point (`OperationInfo::decode`): a response tree read as `$response`,
/// with its return code (`$code`, an `Option` of a reference to the code, naming the response
/// `$r`) and the response's `outcome()`.
#[doc(hidden)]
#[macro_export]
macro_rules! catalog_decode {
    ($name:ident, $response:ident) => {
        /// Catalog entry point: reads a response tree (it carries no return code).
        fn $name(
            wire: &$crate::wire::WireObject,
        ) -> Result<$crate::wire::catalog::Decoded, $crate::wire::DecodeError> {
            let response = $response::from_wire(wire)?;
            Ok($crate::wire::catalog::Decoded {
                fields: response.to_wire(),
                return_code: None,
            })
        }
    };
    ($name:ident, $response:ident, |$r:ident| $code:expr) => {
        /// Catalog entry point: reads a response tree, with its return code and outcome.
        fn $name(
            wire: &$crate::wire::WireObject,
        ) -> Result<$crate::wire::catalog::Decoded, $crate::wire::DecodeError> {
            let $r = $response::from_wire(wire)?;
            let return_code = $code.filter(|code| !code.code().is_empty()).map(|code| {
                $crate::wire::catalog::ReturnCode {
                    code: code.code().to_owned(),
                    known: code.is_listed(),
                    outcome: $r.outcome(),
                    short_message: code.short_message(),
                    long_message: code.long_message(),
                }
            });
            Ok($crate::wire::catalog::Decoded {
                fields: $r.to_wire(),
                return_code,
            })
        }
    };
}

/// A catalog entry point (`OperationInfo::check_response`): a response tree read as
/// `$response` and validated, against the request tree (read as `$request`) when one is
/// given.
#[doc(hidden)]
#[macro_export]
macro_rules! catalog_check {
    ($name:ident, $response:ident, $request:ident) => {
        /// Catalog entry point: reads a response tree and validates it, against the request
        /// tree when one is given.
        fn $name(
            wire: &$crate::wire::WireObject,
            request: Option<&$crate::wire::WireObject>,
        ) -> Result<$crate::Violations, $crate::wire::DecodeError> {
            let response = $response::from_wire(wire)?;
            let checked = match request {
                Some(request) => response.validate_with_request(&$request::from_wire(request)?),
                None => response.validate(),
            };
            Ok(checked.err().unwrap_or_default())
        }
    };
}
