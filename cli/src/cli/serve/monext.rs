//! Monext Online (Payline): the WebPayment SOAP API, and the DirectPayment service where
//! refunds go (facts.md, "Talking to the providers").
//!
//! A call is a SOAP 1.1 POST with HTTP Basic credentials (merchant id, access key); the
//! operation comes from the `SOAPAction` header, or, without one, from the request element in
//! the body. Wrong or missing credentials: HTTP 401. A body that is not a SOAP request of the
//! operation: a SOAP fault (HTTP 500, `soapenv:Client`). A request the generated type refuses
//! (`validate`, or `validate_for` when `payment.method` names a payment-method profile): the
//! operation's answer with code 02305 and the fields at fault.
//!
//! The test rules are the Payconiq and Bancontact pages' ("Réaliser des tests"): the payment
//! page offers MAKE A PAYMENT (00000 ACCEPTED) and ABORT (02008 CANCELLED). Here the page is
//! `/monext/pay/TOKEN` (`doWebPayment`'s `redirectURL`); `?choice=pay` and `?choice=abort`
//! press the buttons. On top, an `order.ref` starting with REFUSE, ERROR or PENDING turns a
//! payment into 02020, 02101 or 02000 (codes and messages from facts.md's 02xxx list).

use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine as _;
use pspec::monext::{
    DoRefundRequest, DoRefundResponse, DoWebPaymentProfile, DoWebPaymentRequest,
    DoWebPaymentResponse, GetWebPaymentDetailsRequest, GetWebPaymentDetailsResponse,
    WebpaymentCode,
};
use pspec::runtime::computop_crypto::Pairs;
use pspec::runtime::wire::soap::{self, SoapNames};
use pspec::runtime::wire::{KeyCase, WireObject, WireValue};

use super::{Answer, Rule, Sim, random_hex, violations};

/// The operations' namespace (facts.md: WSDL).
const NAMESPACE: &str = "http://impl.ws.payline.experian.com";
/// The objects' namespace (facts.md: WSDL).
const OBJECTS: &str = "http://obj.ws.payline.experian.com";

/// A SOAP service: its path and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// Where it is served (`/V4/services/WebPaymentAPI`).
    pub path: &'static str,
    /// Its name, as [`Operation::service`] gives it.
    pub name: &'static str,
}

/// Both services of facts.md.
pub const SERVICES: &[Service] = &[
    Service {
        path: "/V4/services/WebPaymentAPI",
        name: "WebPaymentAPI",
    },
    Service {
        path: "/V4/services/DirectPaymentAPI",
        name: "DirectPaymentAPI",
    },
];

/// One SOAP operation the simulator answers.
pub struct Operation {
    /// The service it belongs to ([`Service::name`]).
    pub service: &'static str,
    /// Its name: the `SOAPAction` value.
    pub name: &'static str,
    /// Its request element in the SOAP body.
    pub element: &'static str,
    /// What answers it, given the request element's tree (credentials already checked).
    pub handle: fn(&Sim, &WireObject) -> Answer,
}

/// Every Monext operation.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        service: "WebPaymentAPI",
        name: "doWebPayment",
        element: "doWebPaymentRequest",
        handle: do_web_payment,
    },
    Operation {
        service: "WebPaymentAPI",
        name: "getWebPaymentDetails",
        element: "getWebPaymentDetailsRequest",
        handle: get_web_payment_details,
    },
    Operation {
        service: "DirectPaymentAPI",
        name: "doRefund",
        element: "doRefundRequest",
        handle: do_refund,
    },
];

/// Where a payment page stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    /// The buyer has not been to the page yet (02533).
    NotShown,
    /// The page was shown, no button pressed (02306).
    Shown,
    /// MAKE A PAYMENT.
    Paid,
    /// ABORT (02008).
    Aborted,
}

/// A payment session opened by `doWebPayment`.
pub struct Session {
    /// The request, as received (the answers echo it).
    request: WireObject,
    return_url: String,
    cancel_url: String,
    order_ref: String,
    page: Page,
    transaction_id: String,
    /// `payment.amount` and `payment.currency` of the request, for refunds.
    amount: u64,
    currency: pspec::runtime::Currency,
    /// What `doRefund` gave back so far.
    refunded: u64,
}

/// Answers a POST to `service`.
pub fn handle(sim: &Sim, service: Service, headers: &HeaderMap, body: &[u8]) -> Answer {
    if !authorised(sim, headers) {
        return Answer::new(
            StatusCode::UNAUTHORIZED,
            "text/plain; charset=utf-8",
            "Unauthorized\n",
            format!("monext {}: refused (HTTP 401)", service.name),
        )
        .with_header(
            header::WWW_AUTHENTICATE,
            "Basic realm=\"pspec serve (Monext)\"",
        );
    }
    let action = headers
        .get("soapaction")
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().trim_matches('"'))
        .filter(|value| !value.is_empty());
    let mut candidates = OPERATIONS.iter().filter(|op| op.service == service.name);
    let found = match action {
        // The header names the operation; a URI-style action ends with it.
        Some(action) => candidates
            .find(|op| action == op.name || action.rsplit(['/', '#']).next() == Some(op.name))
            .ok_or_else(|| format!("SOAPAction {action:?} is no operation of {}", service.name))
            .and_then(|op| match soap::from_soap(body, op.element) {
                Ok(wire) => Ok((op, wire)),
                Err(err) => Err(format!("the body is no {} request: {err}", op.name)),
            }),
        None => candidates
            .find_map(|op| Some((op, soap::from_soap(body, op.element).ok()?)))
            .ok_or_else(|| format!("the body holds no request of {}", service.name)),
    };
    match found {
        Ok((op, wire)) => (op.handle)(sim, &wire),
        Err(why) => fault(&why, service.name),
    }
}

/// Whether the request carries the configured HTTP Basic credentials. Both parts are
/// compared, in constant time each, whatever the first gives.
fn authorised(sim: &Sim, headers: &HeaderMap) -> bool {
    let Some((id, key)) = sim.keys.monext.as_ref() else {
        return false;
    };
    let Some(encoded) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Basic "))
    else {
        return false;
    };
    let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Some(colon) = decoded.iter().position(|byte| *byte == b':') else {
        return false;
    };
    let (user, password) = decoded.split_at(colon);
    let password = password.get(1..).unwrap_or_default();
    id.matches(user) & key.matches(password)
}

/// Text for XML: the five characters XML reserves escaped.
fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// A SOAP 1.1 fault (HTTP 500, `soapenv:Client`): the request cannot be read as one.
fn fault(why: &str, service: &str) -> Answer {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <soapenv:Envelope xmlns:soapenv=\"{}\"><soapenv:Body><soapenv:Fault>\
         <faultcode>soapenv:Client</faultcode><faultstring>{}</faultstring>\
         </soapenv:Fault></soapenv:Body></soapenv:Envelope>\n",
        soap::ENVELOPE_NAMESPACE,
        xml_text(why)
    );
    Answer::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/xml; charset=utf-8",
        body,
        format!("monext {service}: SOAP fault ({why})"),
    )
}

/// The answer element `element` around `wire`, as SOAP.
fn soap_answer(wire: &WireObject, element: &str, log: String) -> Answer {
    match soap::to_soap(
        wire,
        &SoapNames {
            namespace: NAMESPACE,
            objects_namespace: OBJECTS,
            element,
        },
    ) {
        Ok(xml) => Answer::new(StatusCode::OK, "text/xml; charset=utf-8", xml, log),
        Err(err) => Answer::bug(element, err),
    }
}

/// A `result` object for `code`, messages from the code table; `detail` (the fields at
/// fault) follows the long message.
fn result(code: &str, detail: &str) -> WireObject {
    let row = WebpaymentCode::from_wire(code);
    let mut result = WireObject::with_capacity(3);
    result.push("code", code);
    if let Some(short) = row.short_message() {
        result.push("shortMessage", short);
    }
    let long = row.long_message().unwrap_or(match code {
        "00000" => "Transaction approved",
        _ => "",
    });
    let long = if detail.is_empty() {
        long.to_owned()
    } else {
        format!("{long}: {detail}")
    };
    if !long.is_empty() {
        result.push("longMessage", long);
    }
    result
}

/// `doWebPayment`: opens a payment session; the answer's 00000 means the session exists
/// (facts.md), the payment's outcome comes from `getWebPaymentDetails`.
fn do_web_payment(sim: &Sim, wire: &WireObject) -> Answer {
    const ELEMENT: &str = "doWebPaymentResponse";
    let (request, found) = match DoWebPaymentRequest::from_wire_checked(wire) {
        Ok(read) => read,
        Err(err) => return invalid(ELEMENT, &err.to_string(), "doWebPayment"),
    };
    let profile = request
        .payment
        .method
        .as_deref()
        .and_then(DoWebPaymentProfile::from_card_code);
    let checked = match profile {
        Some(profile) => request.validate_for(profile),
        None => request.validate(),
    };
    let why = violations(&found, checked);
    if !why.is_empty() {
        return invalid(ELEMENT, &why, "doWebPayment");
    }
    let token = random_hex(10);
    let mut answer = WireObject::with_capacity(3);
    answer.push("result", result("00000", ""));
    answer.push("token", token.clone());
    answer.push("redirectURL", format!("{}/monext/pay/{token}", sim.base));
    let typed = match DoWebPaymentResponse::from_wire(&answer) {
        Ok(typed) => typed,
        Err(err) => return Answer::bug(ELEMENT, err),
    };
    if let Err(found) = typed.validate_with_request(&request) {
        return Answer::bug(ELEMENT, found);
    }
    let transaction_id = random_hex(8);
    let mut sessions = sim.sessions();
    sessions
        .monext_transactions
        .insert(transaction_id.clone(), token.clone());
    sessions.monext.insert(
        token,
        Session {
            request: wire.clone(),
            return_url: request.return_url.clone(),
            cancel_url: request.cancel_url.clone(),
            order_ref: request.order.r#ref.clone(),
            page: Page::NotShown,
            transaction_id,
            amount: request.payment.amount,
            currency: request.payment.currency,
            refunded: 0,
        },
    );
    drop(sessions);
    soap_answer(
        &typed.to_wire(),
        ELEMENT,
        "monext doWebPayment: session opened (00000)".to_owned(),
    )
}

/// The answer to a request the generated type refuses: 02305 with the fields at fault.
fn invalid(element: &str, why: &str, what: &str) -> Answer {
    let mut answer = WireObject::with_capacity(1);
    answer.push("result", result("02305", why));
    soap_answer(&answer, element, format!("monext {what}: invalid (02305)"))
}

/// `getWebPaymentDetails`: where the session stands (see the module's rules).
fn get_web_payment_details(sim: &Sim, wire: &WireObject) -> Answer {
    const ELEMENT: &str = "getWebPaymentDetailsResponse";
    let (request, found) = match GetWebPaymentDetailsRequest::from_wire_checked(wire) {
        Ok(read) => read,
        Err(err) => return invalid(ELEMENT, &err.to_string(), "getWebPaymentDetails"),
    };
    let why = violations(&found, request.validate());
    if !why.is_empty() {
        return invalid(ELEMENT, &why, "getWebPaymentDetails");
    }
    let sessions = sim.sessions();
    let Some(session) = sessions.monext.get(&request.token) else {
        let mut answer = WireObject::with_capacity(1);
        answer.push("result", result("02304", ""));
        return soap_answer(
            &answer,
            ELEMENT,
            "monext getWebPaymentDetails: unknown token (02304)".to_owned(),
        );
    };
    let code = match session.page {
        Page::NotShown => "02533",
        Page::Shown => "02306",
        Page::Aborted => "02008",
        Page::Paid => match Rule::of(&session.order_ref) {
            Rule::Success => "00000",
            Rule::Refused => "02020",
            Rule::Error => "02101",
            Rule::Pending => "02000",
        },
    };
    let mut answer = WireObject::with_capacity(5);
    answer.push("result", result(code, ""));
    if matches!(session.page, Page::Paid | Page::Aborted) {
        let mut transaction = WireObject::with_capacity(2);
        transaction.push("id", session.transaction_id.clone());
        transaction.push("date", now_monext());
        answer.push("transaction", transaction);
    }
    answer.push(
        "payment",
        copy(
            &session.request,
            "payment",
            &["amount", "currency", "action", "mode", "contractNumber"],
        ),
    );
    let mut order = copy(
        &session.request,
        "order",
        &["ref", "amount", "currency", "date"],
    );
    // Requests give the order date to the minute, answers to the second (facts.md).
    if let Some(date) = order
        .text("date", KeyCase::Exact)
        .filter(|date| date.len() == 16)
    {
        let with_seconds = format!("{date}:00");
        order.set("date", with_seconds);
    }
    answer.push("order", order);
    let typed = match GetWebPaymentDetailsResponse::from_wire(&answer) {
        Ok(typed) => typed,
        Err(err) => return Answer::bug(ELEMENT, err),
    };
    let original = DoWebPaymentRequest::from_wire(&session.request);
    drop(sessions);
    let checked = typed
        .validate_with_request(&request)
        .and_then(|()| match &original {
            Ok(original) => typed.check_against(original),
            Err(_) => Ok(()),
        });
    if let Err(found) = checked {
        return Answer::bug(ELEMENT, found);
    }
    soap_answer(
        &typed.to_wire(),
        ELEMENT,
        format!("monext getWebPaymentDetails: {code}"),
    )
}

/// Reads and validates a `doRefund` request with the generated crate's own code: what the
/// tree cannot hold and every violation of the spec (fixed `action` 421 and `mode` CPT,
/// formats, mandatory fields) refuse it, as for [`do_web_payment`].
fn read_refund(wire: &WireObject) -> Result<DoRefundRequest, String> {
    let (request, found) =
        DoRefundRequest::from_wire_checked(wire).map_err(|err| err.to_string())?;
    let why = violations(&found, request.validate());
    if !why.is_empty() {
        return Err(why);
    }
    Ok(request)
}

/// `doRefund` (DirectPaymentAPI): gives back part or all of an accepted payment, never more
/// than what is left. An unknown `transactionID` is 02301, a payment that was not accepted
/// 02302, an amount or currency that does not fit 02110.
fn do_refund(sim: &Sim, wire: &WireObject) -> Answer {
    const ELEMENT: &str = "doRefundResponse";
    let request = match read_refund(wire) {
        Ok(request) => request,
        Err(why) => return invalid(ELEMENT, &why, "doRefund"),
    };
    let mut sessions = sim.sessions();
    let token = sessions
        .monext_transactions
        .get(&request.transaction_id)
        .cloned();
    let session = token.and_then(|token| sessions.monext.get_mut(&token));
    let code = match session {
        None => "02301",
        Some(session)
            if session.page != Page::Paid || Rule::of(&session.order_ref) != Rule::Success =>
        {
            "02302"
        }
        Some(session)
            if session.currency != request.payment.currency
                || request.payment.amount > session.amount.saturating_sub(session.refunded) =>
        {
            "02110"
        }
        Some(session) => {
            session.refunded = session.refunded.saturating_add(request.payment.amount);
            "00000"
        }
    };
    drop(sessions);
    let mut answer = WireObject::with_capacity(2);
    answer.push("result", result(code, ""));
    if code == "00000" {
        let mut transaction = WireObject::with_capacity(2);
        transaction.push("id", random_hex(8));
        transaction.push("date", now_monext());
        answer.push("transaction", transaction);
    }
    // The answer is read back with the generated type and checked against the request, so
    // that the simulator never sends what the crate would refuse.
    let typed = match DoRefundResponse::from_wire(&answer) {
        Ok(typed) => typed,
        Err(err) => return Answer::bug(ELEMENT, err),
    };
    if let Err(found) = typed.validate_with_request(&request) {
        return Answer::bug(ELEMENT, found);
    }
    soap_answer(
        &typed.to_wire(),
        ELEMENT,
        format!("monext doRefund: {code}"),
    )
}

/// The object `name` of `from` with only the keys `keep`, in that order.
fn copy(from: &WireObject, name: &str, keep: &[&str]) -> WireObject {
    let mut out = WireObject::with_capacity(keep.len());
    if let Some(object) = from.get(name).and_then(WireValue::as_object) {
        for key in keep {
            if let Some(value) = object.get(key) {
                out.push(*key, value.clone());
            }
        }
    }
    out
}

/// The payment page: `?choice=pay` (MAKE A PAYMENT) sends the buyer to `returnURL`,
/// `?choice=abort` (ABORT) to `cancelURL`; without a choice, the page with both buttons. A
/// session decided stays decided: pressing again only redirects.
pub fn page(sim: &Sim, token: &str, query: Option<&str>) -> Answer {
    let choice = query.map(Pairs::parse_query);
    let choice = choice.as_ref().and_then(|pairs| pairs.get("choice"));
    let mut sessions = sim.sessions();
    let Some(session) = sessions.monext.get_mut(token) else {
        return Answer::new(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "No payment session for this token\n",
            "monext page: unknown token",
        );
    };
    let decided = matches!(session.page, Page::Paid | Page::Aborted);
    match choice {
        Some("pay") | Some("abort") => {
            if !decided {
                session.page = if choice == Some("pay") {
                    Page::Paid
                } else {
                    Page::Aborted
                };
            }
            let target = if session.page == Page::Paid {
                session.return_url.clone()
            } else {
                session.cancel_url.clone()
            };
            Answer::see_other(target, format!("monext page: {:?}", session.page))
        }
        _ => {
            if session.page == Page::NotShown {
                session.page = Page::Shown;
            }
            // The token is the simulator's own hex: nothing from the request reaches the page.
            let html = format!(
                "<!DOCTYPE html>\n<html><head><title>pspec serve: Monext payment page</title></head>\n\
                 <body><h1>Payment {token}</h1>\n\
                 <p><a href=\"?choice=pay\">MAKE A PAYMENT</a></p>\n\
                 <p><a href=\"?choice=abort\">ABORT</a></p></body></html>\n"
            );
            Answer::new(
                StatusCode::OK,
                "text/html; charset=utf-8",
                html,
                "monext page: shown",
            )
        }
    }
}

/// Now as Monext writes dates in answers, `dd/mm/yyyy HH:mm:ss` (UTC).
fn now_monext() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let (year, month, day) = civil_from_days(secs / 86_400);
    let rest = secs % 86_400;
    format!(
        "{day:02}/{month:02}/{year:04} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`, for days after the epoch).
pub(super) fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{civil_from_days, xml_text};

    #[test]
    fn days_since_the_epoch_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_789), (2026, 12, 2));
    }

    #[test]
    fn fault_text_cannot_break_out_of_its_element() {
        assert_eq!(
            xml_text("<a href='x'>&\u{1b}"),
            "&lt;a href=&apos;x&apos;&gt;&amp;?"
        );
    }
}
