//! The methods every generated value table shares, written once: generated code declares a
//! type's table (`LISTED`/`ALL`, `WIRE`, `ROWS`, `FAMILIES`) and calls one of these macros in
//! the type's `impl`, instead of repeating the same methods, each a `match` over every value,
//! in every type.

/// The methods of a generated return-code type, from its `LISTED`, `ROWS` and `FAMILIES`:
/// `from_wire`, `row`, `code`, `short_message`, `long_message`, `outcome`, `is_listed`. Each
/// is one lookup ([`code_row`](crate::code_row),
/// [`code_from_wire`](crate::code_from_wire)).
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

/// `Display` and [`Unlisted`] for a generated open enum whose `impl` called
/// `open_enum_methods!` with its allowed values.
#[macro_export]
macro_rules! open_enum_traits {
    ($type:ident) => {
        $crate::display_as!($type, as_str);

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

/// A response value that may be one the spec does not list (an open enum's `Unknown`), as
/// the validators see it: through a reference, or inside an `Option` (absent is listed).
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
pub fn unlisted(found: &mut crate::Violations, field: &'static str, value: impl Unlisted) {
    if let Some((_, allowed)) = value.unlisted() {
        found.report(field, crate::RuleKind::NotAllowedValue, allowed);
    }
}

/// The methods of a generated closed enum (a request's values: no other can be built), from
/// its `ALL` and `WIRE`, whose variants are numbered in the order of `ALL`: `from_wire`,
/// `as_str`.
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
#[macro_export]
macro_rules! catalog_validate {
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
