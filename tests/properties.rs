//! Property tests of the generated character-class and length checks, on the golden obstacle
//! course's request: for every format class, values drawn from the class pass; one character
//! outside the class fails with `charset` on that field and nothing else; a value over the
//! maximum length fails with `too_long` and nothing else.

use proptest::prelude::*;

use pspec::runtime::{RuleKind, Violations};

#[allow(dead_code, unused_imports)]
#[rustfmt::skip]
#[path = "golden/obstacle/generated/src/gen/obstacle/mod.rs"]
mod obstacle;

use obstacle::*;

/// A request that validates, with every field under test absent.
fn base() -> TypeRequest {
    TypeRequest {
        r#type: TypeRequestType::Card,
        r#ref: None,
        self_: None,
        crate_: None,
        super_: None,
        n_3d_secure: None,
        url_success: "https://shop.example/ok".into(),
        merchant_id: "M".into(),
        buyer_id_code: None,
        amount: 1,
        fee: None,
        channel: TypeChannel::Web,
        app_name: None,
        web_only: None,
        note: None,
        letters: None,
        ip_addr: None,
        label: None,
        due: None,
        at: None,
        response: None,
        secret: "s".into(),
        tags: None,
        order: TypeOrder {
            amount: 1,
            currency: "978".into(),
            shipping: None,
        },
        payment: TypePayment {
            amount: 1,
            mode: TypePaymentMode::Cpt,
            date: None,
        },
        items: None,
        extra_keys: None,
        extras: Default::default(),
    }
}

/// One format class under test: the field carrying it, its format, its maximum length, the
/// characters it admits, and how to set the field.
struct Class {
    field: &'static str,
    format: &'static str,
    max: usize,
    admits: fn(char) -> bool,
    set: fn(&mut TypeRequest, String),
}

fn letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}
fn digit(c: char) -> bool {
    c.is_ascii_digit()
}
fn special(c: char) -> bool {
    (' '..='~').contains(&c) && !c.is_ascii_alphanumeric()
}

const CLASSES: [Class; 7] = [
    Class {
        field: "Letters",
        format: "a..12",
        max: 12,
        admits: letter,
        set: |r, v| r.letters = Some(v),
    },
    Class {
        field: "crate",
        format: "n..4",
        max: 4,
        admits: digit,
        set: |r, v| r.crate_ = Some(v),
    },
    Class {
        field: "self",
        format: "an..10",
        max: 10,
        admits: |c| letter(c) || digit(c),
        set: |r, v| r.self_ = Some(v),
    },
    Class {
        field: "super",
        format: "as..5",
        max: 5,
        admits: |c| letter(c) || special(c),
        set: |r, v| r.super_ = Some(v),
    },
    Class {
        field: "IPAddr",
        format: "ns..16",
        max: 16,
        admits: |c| digit(c) || special(c),
        set: |r, v| r.ip_addr = Some(v),
    },
    Class {
        field: "ref",
        format: "ans..20",
        max: 20,
        admits: |c| (' '..='~').contains(&c),
        set: |r, v| r.r#ref = Some(v),
    },
    Class {
        field: "Label",
        format: "text..12",
        max: 12,
        admits: |c| !c.is_control(),
        set: |r, v| r.label = Some(v),
    },
];

fn outcome(result: Result<(), Violations>) -> Vec<(&'static str, RuleKind, &'static str)> {
    match result {
        Ok(()) => Vec::new(),
        Err(found) => found.iter().map(|v| (v.field, v.rule, v.limit)).collect(),
    }
}

/// Characters from anywhere: ASCII, Latin-1 (with the C1 controls), and beyond.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        (0u32..0x80).prop_map(|c| char::from_u32(c).unwrap_or('a')),
        (0x80u32..0x100).prop_map(|c| char::from_u32(c).unwrap_or('a')),
        any::<char>(),
    ]
}

/// `count` characters the class admits, `&` left out: the obstacle course travels as
/// `form`, whose payload cannot carry it (`an_ampersand_is_what_the_form_cannot_carry`).
fn valid_text(class: usize, count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    let admits = CLASSES[class].admits;
    prop::collection::vec(
        any_char().prop_filter("in the class", move |c| admits(*c) && *c != '&'),
        count,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// The length a value has for its format: bytes for the ASCII classes, characters for `text`.
fn length(class: &Class, value: &str) -> usize {
    if class.format.starts_with("text") {
        value.chars().count()
    } else {
        value.len()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn values_of_the_class_pass(
        (class, value) in (0..CLASSES.len()).prop_flat_map(|c| (Just(c), valid_text(c, 0..CLASSES[c].max + 1)))
    ) {
        let class = &CLASSES[class];
        let mut request = base();
        (class.set)(&mut request, value.clone());
        prop_assert_eq!(outcome(request.validate()), vec![], "{} = {:?}", class.field, value);
    }

    #[test]
    fn one_character_outside_the_class_is_a_charset_violation(
        (class, value, at, intruder) in (0..CLASSES.len()).prop_flat_map(|c| {
            (Just(c), valid_text(c, 0..CLASSES[c].max.saturating_sub(4) + 1), any::<prop::sample::Index>(), any_char())
        })
    ) {
        let spec = &CLASSES[class];
        prop_assume!(!(spec.admits)(intruder));
        let mut chars: Vec<char> = value.chars().collect();
        let at = at.index(chars.len() + 1);
        chars.insert(at, intruder);
        let value: String = chars.into_iter().collect();
        prop_assume!(length(spec, &value) <= spec.max);
        let mut request = base();
        (spec.set)(&mut request, value.clone());
        prop_assert_eq!(outcome(request.validate()), vec![(spec.field, RuleKind::Charset, spec.format)], "{:?}", value);
    }

    #[test]
    fn over_the_maximum_is_too_long(
        (class, value) in (0..CLASSES.len()).prop_flat_map(|c| (Just(c), valid_text(c, CLASSES[c].max + 1..CLASSES[c].max + 40)))
    ) {
        let spec = &CLASSES[class];
        let mut request = base();
        (spec.set)(&mut request, value.clone());
        prop_assert_eq!(outcome(request.validate()), vec![(spec.field, RuleKind::TooLong, spec.format)], "{:?}", value);
    }

    #[test]
    fn an_ampersand_is_what_the_form_cannot_carry(
        (class, value, at) in (0..CLASSES.len()).prop_flat_map(|c| {
            (Just(c), valid_text(c, 0..CLASSES[c].max.saturating_sub(4) + 1), any::<prop::sample::Index>())
        })
    ) {
        // Where the class admits `&`, the transport check reports it; where it does not,
        // the class does, and the transport check is not generated (no double report).
        let spec = &CLASSES[class];
        let mut chars: Vec<char> = value.chars().collect();
        let at = at.index(chars.len() + 1);
        chars.insert(at, '&');
        let value: String = chars.into_iter().collect();
        let mut request = base();
        (spec.set)(&mut request, value.clone());
        let expected = if (spec.admits)('&') {
            (spec.field, RuleKind::ForbiddenChar, pspec::runtime::carry::FORM_LIMIT)
        } else {
            (spec.field, RuleKind::Charset, spec.format)
        };
        prop_assert_eq!(outcome(request.validate()), vec![expected], "{:?}", value);
    }

    #[test]
    fn numbers_over_their_digits_are_too_long(amount in 100_000u64..) {
        // Amount is n..10 with max 99999: more than ten digits is too long and out of range.
        let mut request = base();
        request.amount = amount;
        request.order.amount = amount;
        request.payment.amount = amount;
        let found = outcome(request.validate());
        prop_assert!(found.contains(&("Amount", RuleKind::Range, "<= 99999")));
        prop_assert_eq!(found.contains(&("Amount", RuleKind::TooLong, "n..10")), amount >= 10_000_000_000);
    }
}
