//! Adyen Checkout (API version v71, facts.md's test base URL): `/payments` and
//! `/payments/details` for the WeChat Pay Mini Program flow, and the `AUTHORISATION` webhook.
//!
//! A call carries `X-API-Key` (compared in constant time with `PSPEC_ADYEN_API_KEY`); without
//! it, or with another, HTTP 401 and Adyen's error body (`errorType` `security`). A body that
//! is not JSON: 400, `errorCode` 702. A request the generated type refuses: 422, `errorCode`
//! 130, the fields at fault in `message`. The error body has facts.md's fields (`status`,
//! `errorCode`, `errorType`, `message`, `pspReference`); the codes 702, 130 and 14_018 are
//! the simulator's choice, not a catalogue of Adyen's.
//!
//! `/payments` answers as the document's example does: `Pending`, the Mini Program action,
//! `paymentData` and the `redirect.data` for `wx.requestPayment()`. `/payments/details`
//! decides from `details.paymentStatus` (the document's three values) and the reference
//! ([`Rule`]), then an `AUTHORISATION` webhook, signed as facts.md says with
//! `PSPEC_ADYEN_HMAC_KEY`, goes to `--notify-to`.

use axum::http::{HeaderMap, StatusCode};
use pspec::adyen::{
    PaymentsDetailsRequest, PaymentsDetailsResponse, PaymentsRequest, PaymentsResponse,
    WebhookResponse,
};
use pspec::runtime::wire::{WireObject, WireValue, json};

use super::notify::Notify;
use super::{Answer, Rule, Sim, random_hex, violations};

/// One Checkout call the simulator answers.
pub struct Operation {
    /// Where: facts.md's API version, then the generated request's endpoint.
    pub path: &'static str,
    /// What answers it.
    pub handle: fn(&Sim, &HeaderMap, &[u8]) -> Answer,
}

/// Both Checkout calls of the Mini Program flow.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        path: "/v71/payments",
        handle: payments,
    },
    Operation {
        path: "/v71/payments/details",
        handle: payments_details,
    },
];

/// A payment `/payments` started.
pub struct Payment {
    request: PaymentsRequest,
    psp_reference: String,
    /// The `/payments/details` answer once given: a repeated call gets it again, and no
    /// second webhook.
    answered: Option<String>,
}

/// Adyen's error body.
fn error(status: StatusCode, code: &str, kind: &str, message: &str, what: &str) -> Answer {
    let mut body = WireObject::with_capacity(5);
    body.push("status", u64::from(status.as_u16()));
    body.push("errorCode", code);
    body.push("message", message);
    body.push("errorType", kind);
    body.push("pspReference", random_hex(8));
    Answer::new(
        status,
        "application/json",
        json::to_json(&body),
        format!("adyen {what}: HTTP {} errorCode {code}", status.as_u16()),
    )
}

/// The API key check and the JSON parse every call starts with.
fn open(sim: &Sim, headers: &HeaderMap, body: &[u8], what: &str) -> Result<WireObject, Answer> {
    let given = headers
        .get("x-api-key")
        .map(axum::http::HeaderValue::as_bytes);
    let allowed = match (&sim.keys.adyen_api_key, given) {
        (Some(key), Some(given)) => key.matches(given),
        _ => false,
    };
    if !allowed {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "000",
            "security",
            "HTTP Status Response - Unauthorized",
            what,
        ));
    }
    json::from_json(body).map_err(|err| {
        error(
            StatusCode::BAD_REQUEST,
            "702",
            "validation",
            &format!("The request body is not a JSON object: {err}"),
            what,
        )
    })
}

/// The 422 of a request the generated type refuses.
fn invalid(why: &str, what: &str) -> Answer {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "130",
        "validation",
        &format!("Invalid request: {why}"),
        what,
    )
}

/// An object from its entries.
fn object<const N: usize>(entries: [(&str, WireValue); N]) -> WireObject {
    let mut object = WireObject::with_capacity(N);
    for (name, value) in entries {
        object.push(name, value);
    }
    object
}

/// `POST /payments`.
fn payments(sim: &Sim, headers: &HeaderMap, body: &[u8]) -> Answer {
    const WHAT: &str = "payments";
    let wire = match open(sim, headers, body, WHAT) {
        Ok(wire) => wire,
        Err(answer) => return answer,
    };
    let request = match PaymentsRequest::from_wire_checked(&wire) {
        Err(err) => return invalid(&err.to_string(), WHAT),
        Ok((request, found)) => {
            let why = violations(&found, request.validate());
            if !why.is_empty() {
                return invalid(&why, WHAT);
            }
            request
        }
    };
    let psp_reference = random_hex(8);
    let payment_data = random_hex(24);
    let app_id = request
        .payment_method
        .app_id
        .clone()
        .unwrap_or_else(|| "wxpspecserve".to_owned());
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let answer = object([
        ("resultCode", "Pending".into()),
        (
            "action",
            object([
                ("paymentData", payment_data.clone().into()),
                ("paymentMethodType", "wechatpayMiniProgram".into()),
                ("type", "qrCode".into()),
            ])
            .into(),
        ),
        (
            "details",
            WireValue::List(vec![
                object([("key", "resultCode".into()), ("type", "text".into())]).into(),
            ]),
        ),
        ("paymentData", payment_data.clone().into()),
        (
            "redirect",
            object([(
                "data",
                object([
                    ("timeStamp", seconds.to_string().into()),
                    ("package", format!("prepay_id=wx{}", random_hex(14)).into()),
                    ("paySign", random_hex(16).into()),
                    ("appId", app_id.into()),
                    ("signType", "HMAC-SHA256".into()),
                    ("nonceStr", random_hex(8).into()),
                ])
                .into(),
            )])
            .into(),
        ),
        ("pspReference", psp_reference.clone().into()),
    ]);
    let typed = match PaymentsResponse::from_wire(&answer) {
        Ok(typed) => typed,
        Err(err) => return Answer::bug("payments response", err),
    };
    if let Err(found) = typed.validate_with_request(&request) {
        return Answer::bug("payments response", found);
    }
    sim.sessions().adyen.insert(
        payment_data,
        Payment {
            request,
            psp_reference,
            answered: None,
        },
    );
    Answer::new(
        StatusCode::OK,
        "application/json",
        json::to_json(&typed.to_wire()),
        "adyen payments: Pending",
    )
}

/// `POST /payments/details`.
fn payments_details(sim: &Sim, headers: &HeaderMap, body: &[u8]) -> Answer {
    const WHAT: &str = "payments/details";
    let wire = match open(sim, headers, body, WHAT) {
        Ok(wire) => wire,
        Err(answer) => return answer,
    };
    let request = match PaymentsDetailsRequest::from_wire_checked(&wire) {
        Err(err) => return invalid(&err.to_string(), WHAT),
        Ok((request, found)) => {
            let why = violations(&found, request.validate());
            if !why.is_empty() {
                return invalid(&why, WHAT);
            }
            request
        }
    };
    let unknown = || {
        error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "14_018",
            "validation",
            "Invalid payment data: no payment of this simulator has this paymentData",
            WHAT,
        )
    };
    let Some(payment_data) = request.payment_data.as_deref() else {
        return unknown();
    };
    let mut sessions = sim.sessions();
    let Some(payment) = sessions.adyen.get_mut(payment_data) else {
        return unknown();
    };
    if let Some(body) = &payment.answered {
        return Answer::new(
            StatusCode::OK,
            "application/json",
            body.clone(),
            "adyen payments/details: answered again (no second webhook)",
        );
    }
    let status = request.details.payment_status.as_str();
    let (result, refusal): (&str, Option<(&str, &str)>) = if status == "requestPayment:ok" {
        match Rule::of(&payment.request.reference) {
            Rule::Success => ("Authorised", None),
            Rule::Refused => ("Refused", Some(("2", "Refused"))),
            Rule::Error => ("Error", Some(("4", "Acquirer Error"))),
            Rule::Pending => ("Pending", None),
        }
    } else if status == "requestPayment:fail cancel" {
        ("Cancelled", Some(("16", "Shopper Cancelled")))
    } else {
        ("Refused", Some(("2", "Refused")))
    };
    let mut answer = object([
        ("pspReference", payment.psp_reference.clone().into()),
        ("resultCode", result.into()),
        (
            "amount",
            object([
                ("currency", payment.request.amount.currency.alpha().into()),
                (
                    "value",
                    WireValue::Number(payment.request.amount.value.into()),
                ),
            ])
            .into(),
        ),
        (
            "merchantReference",
            payment.request.reference.clone().into(),
        ),
    ]);
    if let Some((code, reason)) = refusal {
        answer.push("refusalReason", reason);
        answer.push("refusalReasonCode", code);
    }
    let typed = match PaymentsDetailsResponse::from_wire(&answer) {
        Ok(typed) => typed,
        Err(err) => return Answer::bug("payments/details response", err),
    };
    if let Err(found) = typed
        .validate_with_request(&request)
        .and_then(|()| typed.check_against(&payment.request))
    {
        return Answer::bug("payments/details response", found);
    }
    let text = json::to_json(&typed.to_wire());
    payment.answered = Some(text.clone());
    // Pending: the webhook carries the final outcome, which the simulator makes a success.
    let success = matches!(result, "Authorised" | "Pending");
    let webhook = webhook(sim, payment, success, refusal.map(|(_, reason)| reason));
    drop(sessions);
    let answer = Answer::new(
        StatusCode::OK,
        "application/json",
        text,
        format!("adyen payments/details: {result}"),
    );
    match webhook {
        Ok(Some(notify)) => answer.with_notify(notify),
        Ok(None) => answer,
        Err(bug) => bug,
    }
}

/// The `AUTHORISATION` webhook for `payment`, signed; `None` without an HMAC key.
fn webhook(
    sim: &Sim,
    payment: &Payment,
    success: bool,
    reason: Option<&str>,
) -> Result<Option<Notify>, Answer> {
    let Some(key) = sim.keys.adyen_hmac.as_ref() else {
        sim.log("adyen webhook: not sent (no PSPEC_ADYEN_HMAC_KEY)".to_owned());
        return Ok(None);
    };
    let mut item = object([
        (
            "amount",
            object([
                ("currency", payment.request.amount.currency.alpha().into()),
                (
                    "value",
                    WireValue::Number(payment.request.amount.value.into()),
                ),
            ])
            .into(),
        ),
        ("eventCode", "AUTHORISATION".into()),
        ("eventDate", now_iso().into()),
        (
            "merchantAccountCode",
            payment.request.merchant_account.clone().into(),
        ),
        (
            "merchantReference",
            payment.request.reference.clone().into(),
        ),
        ("paymentMethod", "wechatpayMiniProgram".into()),
        ("pspReference", payment.psp_reference.clone().into()),
        ("reason", reason.unwrap_or_default().into()),
        ("success", if success { "true" } else { "false" }.into()),
    ]);
    let signature = WebhookResponse::SIGNATURE.sign(key, &item);
    item.push(
        "additionalData",
        object([("hmacSignature", signature.into())]),
    );
    let body = object([
        ("live", "false".into()),
        (
            "notificationItems",
            WireValue::List(vec![
                object([("NotificationRequestItem", item.into())]).into(),
            ]),
        ),
    ]);
    let text = json::to_json(&body);
    // What the app will do with it: the verified decode must accept it.
    if let Err(err) = WebhookResponse::from_json(&text, key) {
        return Err(Answer::bug("AUTHORISATION webhook", err));
    }
    Ok(Some(Notify {
        url: None,
        content_type: "application/json",
        body: text.into_bytes(),
        what: "adyen AUTHORISATION webhook",
    }))
}

/// Now, as ISO 8601 in UTC (`2026-12-02T01:02:03+00:00`).
fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let (year, month, day) = super::monext::civil_from_days(secs / 86_400);
    let rest = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}
