//! End-to-end behaviour of the generated crate (`pspec`), from the documents' own examples:
//! the Monext Payconiq and Bancontact mandatory-field tables, Computop's W2A conditions and
//! OrderDesc rule, Adyen's example `/payments` request.

use pspec::runtime::{RuleKind, Violations};

#[path = "support/samples.rs"]
mod samples;

fn violations(result: Result<(), Violations>) -> Vec<(&'static str, RuleKind, &'static str)> {
    match result {
        Ok(()) => Vec::new(),
        Err(found) => found.iter().map(|v| (v.field, v.rule, v.limit)).collect(),
    }
}

mod monext_profiles {
    use super::violations;
    // The mandatory-field table's examples.
    use crate::samples::monext_do_web_payment as example;
    use pspec::monext::*;
    use pspec::runtime::RuleKind;

    /// Removes one field of the mandatory-field tables; `None` for the fields the operation
    /// itself makes mandatory and types as plain values (payment.action, payment.mode,
    /// payment.amount, order.amount, and order.currency, a `Currency`): those cannot be
    /// absent, the type system sees to it.
    fn remove(request: &mut DoWebPaymentRequest, field: &str) -> Option<()> {
        let buyer = request.buyer.get_or_insert_with(Default::default);
        match field {
            "order.country" => request.order.country = None,
            "buyer.firstName" => buyer.first_name = None,
            "buyer.lastName" => buyer.last_name = None,
            "buyer.email" => buyer.email = None,
            "payment.action" | "payment.mode" | "payment.amount" | "order.amount"
            | "order.currency" => return None,
            other => panic!("no way to remove {other}"),
        }
        Some(())
    }

    fn check_table(profile: DoWebPaymentProfile, table: &[&'static str]) {
        let request = example();
        assert_eq!(
            violations(request.validate_for(profile)),
            [],
            "{profile:?}: the example validates"
        );
        let limit = format!("mandatory for {}", profile.id());
        for &field in table {
            let mut request = example();
            if remove(&mut request, field).is_none() {
                continue;
            }
            let found = violations(request.validate_for(profile));
            assert_eq!(found.len(), 1, "{profile:?} without {field}: {found:?}");
            let (name, rule, got) = found[0];
            assert_eq!(
                (name, rule),
                (field, RuleKind::Missing),
                "{profile:?} without {field}"
            );
            // The operation's own mandatory fields are reported by `validate`; the profile's by
            // `validate_for`, naming the profile.
            assert!(got == "mandatory" || got == limit, "{got}");
        }
    }

    #[test]
    fn payconiq_mandatory_fields_validate_and_fail_one_by_one() {
        check_table(
            DoWebPaymentProfile::Payconiq,
            &[
                "payment.action",
                "payment.mode",
                "order.amount",
                "order.currency",
                "order.country",
                "buyer.firstName",
                "buyer.lastName",
            ],
        );
        assert_eq!(DoWebPaymentProfile::Payconiq.card_code(), "PAYCONIQ_MNXT");
        assert_eq!(
            DoWebPaymentProfile::Payconiq.refund_window_days(),
            Some(365)
        );
    }

    #[test]
    fn bancontact_mandatory_fields_validate_and_fail_one_by_one() {
        check_table(
            DoWebPaymentProfile::Bancontact,
            &[
                "payment.action",
                "payment.mode",
                "payment.amount",
                "order.amount",
                "order.currency",
                "buyer.firstName",
                "buyer.lastName",
                "buyer.email",
            ],
        );
        assert_eq!(
            DoWebPaymentProfile::Bancontact.card_code(),
            "BANCONTACT_MNXT"
        );
        assert_eq!(
            DoWebPaymentProfile::Bancontact.refund_window_days(),
            Some(180)
        );
    }

    #[test]
    fn a_buyer_left_out_misses_every_buyer_field_of_the_table() {
        let mut request = example();
        request.buyer = None;
        assert_eq!(
            violations(request.validate_for(DoWebPaymentProfile::Bancontact)),
            [
                (
                    "buyer.firstName",
                    RuleKind::Missing,
                    "mandatory for bancontact"
                ),
                (
                    "buyer.lastName",
                    RuleKind::Missing,
                    "mandatory for bancontact"
                ),
                ("buyer.email", RuleKind::Missing, "mandatory for bancontact"),
            ]
        );
        assert_eq!(
            violations(request.validate()),
            [],
            "the operation alone does not need a buyer"
        );
    }

    #[test]
    fn order_amount_below_payment_amount_breaks_the_cross_field_rule() {
        let mut request = example();
        request.order.amount = 999;
        for profile in [
            DoWebPaymentProfile::Payconiq,
            DoWebPaymentProfile::Bancontact,
        ] {
            assert_eq!(
                violations(request.validate_for(profile)),
                [(
                    "order.amount",
                    RuleKind::CrossField,
                    "order.amount >= payment.amount"
                )],
                "{profile:?}"
            );
        }
        assert_eq!(
            violations(request.validate()),
            [],
            "the rule belongs to the profiles"
        );
    }

    #[test]
    fn profiles_fix_action_and_mode() {
        let mut request = example();
        request.payment.action = DoWebPaymentAction::N100;
        request.payment.mode = DoWebPaymentMode::Dif;
        request.payment.differed_action_date =
            pspec::runtime::dates::parse("date(DD/MM/YY)", "31/01/24");
        assert_eq!(
            violations(request.validate_for(DoWebPaymentProfile::Payconiq)),
            [
                ("payment.action", RuleKind::FixedValue, "101"),
                ("payment.mode", RuleKind::FixedValue, "CPT")
            ]
        );
    }

    #[test]
    fn wechatpay_needs_a_soft_descriptor_and_us_dollars() {
        let mut request = example();
        assert_eq!(
            violations(request.validate_for(DoWebPaymentProfile::Wechatpay)),
            [
                (
                    "payment.softDescriptor",
                    RuleKind::Missing,
                    "mandatory for wechatpay"
                ),
                ("payment.currency", RuleKind::NotAllowedValue, "840"),
                // Document 000's "USD" holds for the order too.
                (
                    "order.currency",
                    RuleKind::CrossField,
                    "order.currency == '840'"
                ),
            ]
        );
        request.payment.soft_descriptor = Some("DEMO SHOP".into());
        request.payment.currency = pspec::runtime::Currency::USD;
        request.order.currency = pspec::runtime::Currency::USD;
        assert_eq!(
            violations(request.validate_for(DoWebPaymentProfile::Wechatpay)),
            []
        );
    }

    #[test]
    fn return_codes_of_the_page_and_of_the_families() {
        let code = WebpaymentCode::from_wire("02008");
        assert_eq!(code.short_message(), Some("CANCELLED"));
        assert_eq!(code.long_message(), Some("Transaction canceled by user"));
        assert_eq!(code.outcome(), pspec::runtime::Outcome::Cancelled);
        let unlisted = WebpaymentCode::from_wire("01117");
        assert_eq!(
            (unlisted.code(), unlisted.outcome()),
            ("01117", pspec::runtime::Outcome::Refused)
        );
        assert_eq!(
            WebpaymentCode::from_wire("04999").outcome(),
            pspec::runtime::Outcome::Fraud
        );
        assert_eq!(
            PayconiqCode::from_wire("02020").outcome(),
            pspec::runtime::Outcome::Refused
        );
    }
}

mod computop_wechat {
    use super::violations;
    // A W2A request with only the fields it needs.
    use crate::samples::computop_wechat_w2a as w2a;
    use pspec::computop::*;
    use pspec::runtime::RuleKind;

    #[test]
    fn a_w2a_request_validates() {
        assert_eq!(violations(w2a().validate()), []);
    }

    #[test]
    fn a_w2a_request_without_shop_system_fails_its_condition() {
        let mut request = w2a();
        request.shop_system = None;
        assert_eq!(
            violations(request.validate()),
            [("ShopSystem", RuleKind::Condition, "Channel == 'W2A'")]
        );
        request.channel = WechatChannel::QrCode;
        assert_eq!(violations(request.validate()), [], "only W2A needs it");
    }

    #[test]
    fn order_desc_with_a_hash_is_a_forbidden_char() {
        for bad in ["Book #1", "A&B", "100%", "1+1"] {
            let mut request = w2a();
            request.order_desc = bad.into();
            assert_eq!(
                violations(request.validate()),
                [("OrderDesc", RuleKind::ForbiddenChar, "#&%+")],
                "{bad}"
            );
        }
    }

    #[test]
    fn urls_must_be_https_on_443_without_query() {
        let mut request = w2a();
        request.url_notify = "https://shop.example/notify?order=1".into();
        assert_eq!(
            violations(request.validate()),
            [("URLNotify", RuleKind::ForbiddenChar, "?")]
        );
    }

    #[test]
    fn response_codes_classify_by_first_character() {
        assert_eq!(
            PaygateCode::from_wire("00000000").outcome(),
            pspec::runtime::Outcome::Success
        );
        assert_eq!(
            PaygateCode::from_wire("2206014H").outcome(),
            pspec::runtime::Outcome::Error
        );
        assert_eq!(PaygateCode::from_wire("2206014H").code(), "2206014H");
    }
}

mod adyen_payments {
    use super::violations;
    // The document's example `/payments` request, as printed (no `returnUrl`).
    use crate::samples::adyen_payments_document_example as document_example;
    use pspec::adyen::*;
    use pspec::runtime::RuleKind;

    #[test]
    fn the_document_example_misses_only_the_return_url() {
        assert_eq!(
            violations(document_example().validate()),
            [("returnUrl", RuleKind::Missing, "mandatory")]
        );
    }

    #[test]
    fn the_document_example_with_a_return_url_validates() {
        let mut request = document_example();
        // The page's own parameters give this return URL.
        request.return_url = crate::samples::ADYEN_RETURN_URL.into();
        assert_eq!(violations(request.validate()), []);
    }

    #[test]
    fn the_payment_method_type_is_fixed() {
        use pspec::runtime::wire::WireValue;
        let mut request = document_example();
        request.return_url = "https://shop.example".into();
        // Filled in by construction; the app reads it and cannot set another.
        assert_eq!(request.payment_method.r#type(), "wechatpayMiniProgram");
        assert_eq!(violations(request.validate()), []);
        // Another value on the wire: decoding a request refuses it, and reading a captured
        // one to validate it reports it.
        let mut tree = request.to_wire();
        if let Some(WireValue::Object(method)) = tree.get_mut("paymentMethod") {
            method.set("type", "wechatpayQR");
        }
        let refused = pspec::adyen::PaymentsRequest::from_wire(&tree).unwrap_err();
        assert!(
            refused.to_string().contains("paymentMethod.type"),
            "{refused}"
        );
        let (read, found) = pspec::adyen::PaymentsRequest::from_wire_checked(&tree).unwrap();
        assert!(found.is_empty());
        assert_eq!(
            violations(read.validate()),
            [(
                "paymentMethod.type",
                RuleKind::FixedValue,
                "wechatpayMiniProgram"
            )]
        );
    }

    #[test]
    fn result_codes_stay_open() {
        let code = ResultCode::from_wire("SomethingNew");
        assert_eq!(code.code(), "SomethingNew");
        assert_eq!(code.outcome(), pspec::runtime::Outcome::Unknown);
        assert_eq!(
            ResultCode::from_wire("Authorised").outcome(),
            pspec::runtime::Outcome::Success
        );
    }
}
