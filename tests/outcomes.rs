//! "What happened to this payment": every response carrying a return code answers it with
//! one call, `outcome()` (and `outcome_under(profile)` for Monext's method profiles), resolved
//! as the documents and facts.md say. Also the spec fixes found on the way: Adyen's
//! `details.paymentStatus` prefix and Monext WeChatPay's USD-only order.

use pspec::runtime::{Outcome, RuleKind, Violations};

// Only the Monext sample is used here.
#[allow(dead_code)]
#[path = "support/samples.rs"]
mod samples;

fn violations(result: Result<(), Violations>) -> Vec<(&'static str, RuleKind, &'static str)> {
    match result {
        Ok(()) => Vec::new(),
        Err(found) => found.iter().map(|v| (v.field, v.rule, v.limit)).collect(),
    }
}

mod computop {
    use super::Outcome;
    use pspec::computop::*;

    /// facts.md and the document (four times): only `00000000` is a success.
    #[test]
    fn only_00000000_is_a_success() {
        assert_eq!(WechatResponse::code_outcome("00000000"), Outcome::Success);
        assert_eq!(
            PaygateCode::from_wire("00000000").outcome(),
            Outcome::Success
        );
        // Codes of the "0" group that are not 00000000: never success (unknown: no
        // outcome is stated for them, and unknown is never acted on as paid).
        for code in ["00000001", "0000000A", "01000000", "0", "0999999Z"] {
            assert_eq!(
                WechatResponse::code_outcome(code),
                Outcome::Unknown,
                "{code}"
            );
            assert_eq!(
                PaygateCode::from_wire(code).outcome(),
                Outcome::Unknown,
                "{code}"
            );
        }
        // The other families keep their outcomes, for every Computop operation.
        assert_eq!(WechatResponse::code_outcome("2206014H"), Outcome::Error);
        assert_eq!(QuickpayResponse::code_outcome("4000000A"), Outcome::Error);
        assert_eq!(QrcodeResponse::code_outcome("60000000"), Outcome::Pending);
        assert_eq!(
            ReverseResponse::code_outcome("70000000"),
            Outcome::ActionRequired
        );
        assert_eq!(CreditResponse::code_outcome("00000000"), Outcome::Success);
        assert!(
            PaygateCode::FAMILIES
                .iter()
                .all(|(_, o)| *o != Outcome::Success)
        );
    }
}

mod monext {
    use super::Outcome;
    use pspec::monext::*;

    fn do_web_payment(code: &str) -> DoWebPaymentResponse {
        let xml = format!(
            "<Envelope><Body><doWebPaymentResponse><result><code>{code}</code><shortMessage>ACCEPTED</shortMessage></result><token>1fY0yZ</token><redirectURL>https://homologation-webpayment.payline.com/v2/?token=1fY0yZ</redirectURL></doWebPaymentResponse></Body></Envelope>"
        );
        DoWebPaymentResponse::from_soap(xml).expect("a doWebPayment answer")
    }

    fn details(code: &str) -> GetWebPaymentDetailsResponse {
        let xml = format!(
            "<Envelope><Body><getWebPaymentDetailsResponse><result><code>{code}</code></result></getWebPaymentDetailsResponse></Body></Envelope>"
        );
        GetWebPaymentDetailsResponse::from_soap(xml).expect("a getWebPaymentDetails answer")
    }

    /// facts.md: doWebPayment's 00000 is a created session; only getWebPaymentDetails says
    /// whether anything was paid.
    #[test]
    fn do_web_payment_never_reports_a_payment_success() {
        let session = do_web_payment("00000");
        assert_eq!(session.outcome(), Outcome::Pending);
        // The table alone says success: that is what `outcome()` protects an app from.
        assert_eq!(session.result.code.outcome(), Outcome::Success);
        for profile in DoWebPaymentProfile::ALL {
            assert_eq!(
                session.outcome_under(profile),
                Outcome::Pending,
                "{profile:?}"
            );
        }
        // Every code the table calls success is pending as a doWebPayment answer.
        for listed in WebpaymentCode::LISTED {
            let outcome = DoWebPaymentResponse::code_outcome(listed.code());
            assert_ne!(outcome, Outcome::Success, "{}", listed.code());
        }
        // The same code answering getWebPaymentDetails is the payment's success.
        assert_eq!(details("00000").outcome(), Outcome::Success);
        assert_eq!(details("02500").outcome(), Outcome::Success);
        // Codes without an operation meaning keep the table's outcome.
        assert_eq!(do_web_payment("02305").outcome(), Outcome::Error);
        assert_eq!(do_web_payment("02008").outcome(), Outcome::Cancelled);
        assert_eq!(do_web_payment("01999").outcome(), Outcome::Refused);
        assert_eq!(do_web_payment("99999").outcome(), Outcome::Unknown);
    }

    /// Payconiq and Bancontact have tables of their own, read first under their profile.
    #[test]
    fn profiles_read_their_own_table_first() {
        for profile in [
            DoWebPaymentProfile::Payconiq,
            DoWebPaymentProfile::Bancontact,
        ] {
            for (code, outcome) in [
                ("02020", Outcome::Refused),
                ("02324", Outcome::Refused),
                ("02008", Outcome::Cancelled),
                ("02106", Outcome::Error),
                // Not in the page's table: the shared table, then its families.
                ("02015", Outcome::Pending),
                ("04002", Outcome::Fraud),
                ("01123", Outcome::Refused),
                ("77777", Outcome::Unknown),
            ] {
                assert_eq!(
                    DoWebPaymentResponse::code_outcome_under(code, profile),
                    outcome,
                    "{profile:?} {code}"
                );
                assert_eq!(do_web_payment(code).outcome_under(profile), outcome);
            }
        }
        // WeChatPay has no table of its own: as outcome().
        assert_eq!(
            do_web_payment("02020").outcome_under(DoWebPaymentProfile::Wechatpay),
            Outcome::Refused
        );
    }

    /// Document 000: WeChatPay accepts only USD, for the order as for the payment.
    #[test]
    fn wechatpay_orders_are_in_us_dollars() {
        let mut request = crate::samples::monext_do_web_payment();
        request.payment.soft_descriptor = Some("SHOP".into());
        request.payment.currency = pspec::runtime::Currency::USD;
        request.order.currency = pspec::runtime::Currency::USD;
        assert_eq!(
            super::violations(request.validate_for(DoWebPaymentProfile::Wechatpay)),
            []
        );
        request.order.currency = pspec::runtime::Currency::EUR;
        assert_eq!(
            super::violations(request.validate_for(DoWebPaymentProfile::Wechatpay)),
            [(
                "order.currency",
                super::RuleKind::CrossField,
                "order.currency == '840'"
            )]
        );
        // The profile's `currencies` (payment.currency: 840) is a rule with its limit in the
        // wire's numeric form, never the value sent.
        request.payment.currency = pspec::runtime::Currency::EUR;
        assert_eq!(
            super::violations(request.validate_for(DoWebPaymentProfile::Wechatpay)),
            [
                ("payment.currency", super::RuleKind::NotAllowedValue, "840"),
                (
                    "order.currency",
                    super::RuleKind::CrossField,
                    "order.currency == '840'"
                )
            ]
        );
        // Other profiles state no currency.
        assert_eq!(
            super::violations(request.validate_for(DoWebPaymentProfile::Payconiq)),
            []
        );
    }
}

mod adyen {
    use super::{Outcome, RuleKind};
    use pspec::adyen::*;

    /// The page's resultCode table, word for word, and an absent code is not a result.
    #[test]
    fn result_codes_carry_the_documents_words() {
        let response = PaymentsDetailsResponse::from_json(br#"{"resultCode":"Authorised"}"#)
            .expect("a details answer");
        assert_eq!(response.outcome(), Outcome::Success);
        assert_eq!(
            ResultCode::Authorised.long_message(),
            Some("The payment was successful.")
        );
        assert_eq!(
            ResultCode::Refused.long_message(),
            Some("The payment was refused by the shopper's bank.")
        );
        for pending in [ResultCode::Pending, ResultCode::Received] {
            assert_eq!(
                pending.long_message(),
                Some("The payment order was successfully received.")
            );
        }
        // facts.md gives no message for the codes the page does not list.
        assert_eq!(ResultCode::RedirectShopper.long_message(), None);
        let empty = PaymentsDetailsResponse::from_json(b"{}").expect("an empty answer");
        assert_eq!(empty.outcome(), Outcome::Unknown);
        let refused = PaymentsResponse::from_json(br#"{"resultCode":"Refused"}"#).expect("refused");
        assert_eq!(refused.outcome(), Outcome::Refused);
        assert_eq!(
            PaymentsResponse::code_outcome("SomethingNew"),
            Outcome::Unknown
        );
    }

    /// facts.md: `details.paymentStatus` is free text starting with `requestPayment:`.
    #[test]
    fn payment_status_must_start_with_request_payment() {
        let request = |status: &str| {
            PaymentsDetailsRequest::new(PaymentsDetailsRequestDetails::new(status))
                .with_payment_data("Ab02b4c0!")
        };
        for good in [
            "requestPayment:ok",
            "requestPayment:fail cancel",
            "requestPayment:fail network",
        ] {
            assert_eq!(super::violations(request(good).validate()), [], "{good}");
        }
        for bad in [
            "ok",
            "requestpayment:ok",
            " requestPayment:ok",
            "fail requestPayment:",
        ] {
            assert_eq!(
                super::violations(request(bad).validate()),
                [("details.paymentStatus", RuleKind::Prefix, "requestPayment:")],
                "{bad}"
            );
        }
        assert_eq!(RuleKind::Prefix.as_str(), "prefix");
        assert!(RuleKind::ALL.contains(&RuleKind::Prefix));
    }
}
