//! Computop Paygate: the five `*.aspx` calls of the WeChat document.
//!
//! A request is a form body `MerchantID=..&Len=..&Data=..`. It is opened with the merchant's
//! Blowfish password (the runtime's [`Envelope`] reader, `Len` checked with [`form::check_len`]),
//! its `MAC` checked over `PayID*TransID*MerchantID*Amount*Currency` in constant time
//! ([`form::verify_with`], the spec's [`MacInfo`]), then read and validated by the generated
//! request type. The answer is the operation's response type, signed over
//! `PayID*TransID*mid*Status*Code` and sealed back into `Len`/`Data` (facts.md, "Computop
//! Paygate").
//!
//! # Codes
//!
//! The document lists one code, `00000000`, the only success; facts.md gives the families by
//! first character (0 OK, 2 error, 4 fatal, 6 pending). The simulator's other codes are its
//! own, chosen inside those families ([`super::HELP`] lists them): an app keys on the first
//! character and on `00000000`, never on the digits after.

use axum::http::StatusCode;
use pspec::computop::{
    CreditRequest, CreditResponse, QrcodeRequest, QrcodeResponse, QuickpayRequest,
    QuickpayResponse, ReverseRequest, ReverseResponse, WechatChannel, WechatRequest,
    WechatResponse,
};
use pspec::runtime::computop_crypto::{Cipher, Pairs};
use pspec::runtime::mac::{HmacKey, hmac_sha256_hex};
use pspec::runtime::wire::catalog::MacInfo;
use pspec::runtime::wire::form::{self, Envelope as _, MacStatus};
use pspec::runtime::wire::{KeyCase, WireObject};

use super::notify::Notify;
use super::{Answer, Rule, Sim, random_hex};

/// One Paygate call the simulator answers.
pub struct Operation {
    /// The request's endpoint as the spec gives it; the simulator serves its path.
    pub endpoint: &'static str,
    /// What answers it.
    pub handle: fn(&Sim, &[u8]) -> Answer,
}

/// Every Computop call, by the endpoints of the generated request types.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        endpoint: WechatRequest::ENDPOINT,
        handle: wechat,
    },
    Operation {
        endpoint: QuickpayRequest::ENDPOINT,
        handle: quickpay,
    },
    Operation {
        endpoint: QrcodeRequest::ENDPOINT,
        handle: qrcode,
    },
    Operation {
        endpoint: ReverseRequest::ENDPOINT,
        handle: reverse,
    },
    Operation {
        endpoint: CreditRequest::ENDPOINT,
        handle: credit,
    },
];

/// The path of an endpoint URL (`/wechat.aspx`).
pub fn path_of(endpoint: &str) -> &str {
    endpoint
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').and_then(|at| rest.get(at..)))
        .unwrap_or(endpoint)
}

/// A payment the simulator made, for the reversals and credits that name its PayID.
#[derive(Debug)]
pub struct Payment {
    amount: u64,
    currency: String,
    /// Whether it succeeded (`00000000`): only those can be reversed or credited.
    paid: bool,
    reversed: bool,
    credited: u64,
}

/// A code with the `Status` and `Description` it comes with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Code {
    code: &'static str,
    status: &'static str,
    text: &'static str,
}

const OK: Code = Code {
    code: "00000000",
    status: "OK",
    text: "Request successfully processed",
};
const NO_KEYS: Code = Code {
    code: "21000000",
    status: "FAILED",
    text: "The simulator has no Computop keys (PSPEC_HMAC_KEY, PSPEC_BLOWFISH_KEY)",
};
const MAC_WRONG: Code = Code {
    code: "21000001",
    status: "FAILED",
    text: "MAC missing or wrong (another HMAC password, or the request was altered)",
};
const UNREADABLE: Code = Code {
    code: "21000002",
    status: "FAILED",
    text: "Data cannot be read (another Blowfish password, bad hex, or a Len that does not cover the text)",
};
const INVALID: Code = Code {
    code: "21000003",
    status: "FAILED",
    text: "Format error",
};
const UNKNOWN_PAYMENT: Code = Code {
    code: "21000004",
    status: "FAILED",
    text: "No payment with this PayID",
};
const DOES_NOT_FIT: Code = Code {
    code: "21000005",
    status: "FAILED",
    text: "Amount or currency does not fit the payment (or it is reversed, or was not paid)",
};
const REFUSED: Code = Code {
    code: "22000006",
    status: "FAILED",
    text: "Payment refused",
};
const FATAL: Code = Code {
    code: "40000007",
    status: "FAILED",
    text: "Fatal error",
};
const PENDING: Code = Code {
    code: "60000008",
    status: "AUTHORIZE_REQUEST",
    text: "Pending: the final status follows with a notify",
};

/// The code a reference's [`Rule`] asks for.
fn code_of(rule: Rule) -> Code {
    match rule {
        Rule::Success => OK,
        Rule::Refused => REFUSED,
        Rule::Error => FATAL,
        Rule::Pending => PENDING,
    }
}

/// `Description` is `ans..1024`: longer details are cut (on a character boundary). The
/// plain payload has no escape for `&` (it would start a parameter), so a detail quoting one
/// (the forbidden characters of `OrderDesc`) spells it `and`.
fn description(code: Code, detail: &str) -> String {
    let mut text = if detail.is_empty() {
        code.text.to_owned()
    } else {
        format!("{}: {}", code.text, detail.replace('&', " and "))
    };
    if text.len() > 1024 {
        let mut end = 1024;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// An answer in clear, unsigned: for a request the simulator cannot open, so cannot answer
/// in its envelope. Nothing vouches for it; the app's verified decode refuses it (no `MAC`),
/// and the code is there for someone reading it by hand.
fn clear_refusal(body: &[u8], code: Code, what: &str) -> Answer {
    let merchant = std::str::from_utf8(body)
        .ok()
        .and_then(|text| {
            Pairs::parse_query(text.trim())
                .get("MerchantID")
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let mut wire = WireObject::with_capacity(4);
    wire.push("mid", merchant);
    wire.push("Status", code.status);
    wire.push("Description", code.text);
    wire.push("Code", code.code);
    let text = form::to_form(&wire).unwrap_or_default();
    Answer::new(
        StatusCode::OK,
        "text/plain; charset=utf-8",
        text,
        format!("computop {what}: refused {} (in clear)", code.code),
    )
}

/// Signs `wire` (the response `MAC` over `mac.response`) in place.
fn sign(wire: &mut WireObject, hmac: &HmacKey, mac: &MacInfo) {
    let input = form::mac_input_with(wire, mac, mac.response);
    wire.set_with(mac.field, hmac_sha256_hex(hmac, &input), mac.keys);
}

/// Signs and seals `wire`: the `Len=..&Data=..` text Paygate answers with.
fn seal(
    mut wire: WireObject,
    hmac: &HmacKey,
    cipher: &Cipher,
    mac: &MacInfo,
) -> Result<String, String> {
    sign(&mut wire, hmac, mac);
    let plain = form::to_plain(&wire).map_err(|err| err.to_string())?;
    let envelope = cipher.encrypt(&plain);
    Ok(format!("Len={}&Data={}", envelope.len, envelope.data))
}

/// An answer sealed from the request's own fields, for a call refused after it was opened
/// (wrong `MAC`, invalid, unknown payment): not checked against the response type, since
/// the request it echoes may itself be invalid.
fn refusal(
    (hmac, cipher): &(HmacKey, Cipher),
    request: &WireObject,
    mac: &MacInfo,
    code: Code,
    detail: &str,
    what: &str,
) -> Answer {
    let pay_id = request
        .text("PayID", KeyCase::Insensitive)
        .map_or_else(|| random_hex(16), str::to_owned);
    let fields = base(request, &pay_id, code, detail);
    match seal(fields, hmac, cipher, mac) {
        Ok(body) => Answer::new(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            body,
            format!("computop {what}: refused {}", code.code),
        ),
        Err(err) => Answer::bug("Computop refusal", err),
    }
}

/// The fields every answer starts with: `mid`, `PayID`, `XID`, `TransID`, `refnr` (when the
/// request has one), `Status`, `Description`, `Code`.
fn base(request: &WireObject, pay_id: &str, code: Code, detail: &str) -> WireObject {
    let text = |name: &str| {
        request
            .text(name, KeyCase::Insensitive)
            .unwrap_or_default()
            .to_owned()
    };
    let mut wire = WireObject::with_capacity(12);
    wire.push("mid", text("MerchantID"));
    wire.push("PayID", pay_id);
    wire.push("XID", random_hex(16));
    wire.push("TransID", text("TransID"));
    if let Some(refnr) = request
        .text("refnr", KeyCase::Insensitive)
        .filter(|v| !v.is_empty())
    {
        wire.push("refnr", refnr);
    }
    wire.push("Status", code.status);
    wire.push("Description", description(code, detail));
    wire.push("Code", code.code);
    wire
}

/// Opens a request: keys configured, envelope readable, `Len` exact, the clear `MerchantID`
/// the one inside, the `MAC` right. Returns the decrypted parameters.
fn open<'s>(
    sim: &'s Sim,
    body: &[u8],
    mac: &MacInfo,
    what: &str,
) -> Result<(WireObject, &'s (HmacKey, Cipher)), Answer> {
    let Some(keys) = sim.keys.computop.as_ref() else {
        return Err(clear_refusal(body, NO_KEYS, what));
    };
    let (hmac, cipher) = keys;
    // Requests travel sealed: parameters in clear next to no `Data` are not a Paygate call
    // (the runtime's reader would take them, since answers may come in clear).
    let outer = std::str::from_utf8(body)
        .map(|text| Pairs::parse_query(text.trim()))
        .unwrap_or_default();
    if !outer.contains_key("Data") || !outer.contains_key("Len") {
        return Err(clear_refusal(body, UNREADABLE, what));
    }
    let wire = cipher
        .open_form(body, KeyCase::Insensitive)
        .map_err(|_| clear_refusal(body, UNREADABLE, what))?;
    form::check_len(body, cipher).map_err(|_| clear_refusal(body, UNREADABLE, what))?;
    // The clear MerchantID is what Paygate picks the keys by; the MAC covers the one inside
    // the envelope. They must be the same merchant, or the clear one is unvouched for.
    let clear = outer.get("MerchantID").unwrap_or_default();
    let inside = wire
        .text("MerchantID", KeyCase::Insensitive)
        .unwrap_or_default();
    if clear != inside {
        return Err(refusal(
            keys,
            &wire,
            mac,
            MAC_WRONG,
            "the clear MerchantID is not the one inside Data",
            what,
        ));
    }
    match form::verify_with(&wire, hmac, mac, mac.request) {
        MacStatus::Valid => Ok((wire, keys)),
        MacStatus::Absent | MacStatus::Invalid => {
            Err(refusal(keys, &wire, mac, MAC_WRONG, "", what))
        }
    }
}

/// Reads and validates a request with the generated type: every value the type cannot
/// hold and every violation of the spec, as one text (fields and rules, never values).
macro_rules! read {
    ($request:ty, $wire:expr) => {
        match <$request>::from_wire_checked($wire) {
            Err(err) => Err(err.to_string()),
            Ok((request, found)) => {
                let mut all: Vec<String> = found.iter().map(ToString::to_string).collect();
                if let Err(more) = request.validate() {
                    for violation in more.iter().map(ToString::to_string) {
                        if !all.contains(&violation) {
                            all.push(violation);
                        }
                    }
                }
                if all.is_empty() {
                    Ok(request)
                } else {
                    Err(all.join("; "))
                }
            }
        }
    };
}

/// The answer `fields` as the response type has it: signed, read back with the generated
/// type, checked against `request` (`validate_with_request`), written in spec order and
/// sealed. Err is the HTTP 500 of a simulator bug.
macro_rules! answer {
    ($response:ty, $keys:expr, $fields:expr, $request:expr, $mac:expr) => {{
        let (hmac, cipher) = $keys;
        let mut fields = $fields;
        sign(&mut fields, hmac, $mac);
        match <$response>::from_wire(&fields) {
            Err(err) => Err(Answer::bug(stringify!($response), err)),
            Ok(typed) => match typed.validate_with_request($request) {
                Err(found) => Err(Answer::bug(stringify!($response), found)),
                Ok(()) => seal(typed.to_wire(), hmac, cipher, $mac)
                    .map_err(|err| Answer::bug(stringify!($response), err)),
            },
        }
    }};
}

/// `wechat.aspx`. Channel `APP` is server to server: the answer is the body. The other
/// channels are pages: a 303 to URLSuccess (code `00000000`) or URLFailure (anything else,
/// pending included: the document counts only `00000000` as success), carrying `Len` and
/// `Data`. Either way the same document then goes to URLNotify.
fn wechat(sim: &Sim, body: &[u8]) -> Answer {
    const WHAT: &str = "wechat";
    let (wire, keys) = match open(sim, body, &WechatRequest::MAC, WHAT) {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let request: WechatRequest = match read!(WechatRequest, &wire) {
        Ok(request) => request,
        Err(why) => return refusal(keys, &wire, &WechatRequest::MAC, INVALID, &why, WHAT),
    };
    let code = code_of(Rule::of(&request.trans_id));
    let pay_id = random_hex(16);
    let mut fields = base(&wire, &pay_id, code, "");
    let in_app = request.channel == WechatChannel::App;
    if in_app {
        if code == OK {
            fields.push("PrepayID", format!("wx{}", random_hex(15)));
        }
    } else if let Some(user_data) = request.user_data.as_ref().filter(|v| !v.is_empty()) {
        fields.push("UserData", user_data);
    }
    let sealed = match answer!(WechatResponse, keys, fields, &request, &WechatRequest::MAC) {
        Ok(sealed) => sealed,
        Err(bug) => return bug,
    };
    remember(sim, &pay_id, request.amount, &wire, code);
    let notify = Notify {
        url: Some(request.url_notify.clone()),
        content_type: "application/x-www-form-urlencoded",
        body: sealed.clone().into_bytes(),
        what: "computop wechat notify",
    };
    let log = format!("computop wechat ({}): {}", request.channel, code.code);
    let answer = if in_app {
        Answer::new(StatusCode::OK, "text/plain; charset=utf-8", sealed, log)
    } else {
        let target = if code == OK {
            &request.url_success
        } else {
            &request.url_failure
        };
        Answer::see_other(format!("{target}?{sealed}"), log)
    };
    answer.with_notify(notify)
}

/// `WechatQuickpay.aspx`: the payment code scanned at the till is charged at once; the
/// answer is the body.
fn quickpay(sim: &Sim, body: &[u8]) -> Answer {
    const WHAT: &str = "quickpay";
    let (wire, keys) = match open(sim, body, &QuickpayRequest::MAC, WHAT) {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let request: QuickpayRequest = match read!(QuickpayRequest, &wire) {
        Ok(request) => request,
        Err(why) => return refusal(keys, &wire, &QuickpayRequest::MAC, INVALID, &why, WHAT),
    };
    let code = code_of(Rule::of(&request.trans_id));
    let pay_id = random_hex(16);
    let mut fields = base(&wire, &pay_id, code, "");
    if let Some(user_data) = request.user_data.as_ref().filter(|v| !v.is_empty()) {
        fields.push("UserData", user_data);
    }
    match answer!(
        QuickpayResponse,
        keys,
        fields,
        &request,
        &QuickpayRequest::MAC
    ) {
        Ok(sealed) => {
            remember(sim, &pay_id, request.amount, &wire, code);
            Answer::new(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                sealed,
                format!("computop quickpay: {}", code.code),
            )
        }
        Err(bug) => bug,
    }
}

/// `WechatQRCode.aspx` (server mode): the answer carries the QR code's URL (on success);
/// the payment's result then goes to URLNotify (the simulator "scans" at once).
fn qrcode(sim: &Sim, body: &[u8]) -> Answer {
    const WHAT: &str = "qrcode";
    let (wire, keys) = match open(sim, body, &QrcodeRequest::MAC, WHAT) {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let request: QrcodeRequest = match read!(QrcodeRequest, &wire) {
        Ok(request) => request,
        Err(why) => return refusal(keys, &wire, &QrcodeRequest::MAC, INVALID, &why, WHAT),
    };
    let code = code_of(Rule::of(&request.trans_id));
    let pay_id = random_hex(16);
    let mut fields = base(&wire, &pay_id, code, "");
    fields.push("Channel", "QRCode");
    if let Some(user_data) = request.user_data.as_ref().filter(|v| !v.is_empty()) {
        fields.push("UserData", user_data);
    }
    if code == OK {
        fields.push(
            "QRCodeUrl",
            format!("weixin://wxpay/bizpayurl?pr={}", random_hex(6)),
        );
    }
    match answer!(QrcodeResponse, keys, fields, &request, &QrcodeRequest::MAC) {
        Ok(sealed) => {
            remember(sim, &pay_id, request.amount, &wire, code);
            let notify = Notify {
                url: Some(request.url_notify.clone()),
                content_type: "application/x-www-form-urlencoded",
                body: sealed.clone().into_bytes(),
                what: "computop qrcode notify",
            };
            Answer::new(
                StatusCode::OK,
                "text/plain; charset=utf-8",
                sealed,
                format!("computop qrcode: {}", code.code),
            )
            .with_notify(notify)
        }
        Err(bug) => bug,
    }
}

/// `reverse.aspx`: cancels a paid payment of the same amount and currency, once.
fn reverse(sim: &Sim, body: &[u8]) -> Answer {
    const WHAT: &str = "reverse";
    let (wire, keys) = match open(sim, body, &ReverseRequest::MAC, WHAT) {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let request: ReverseRequest = match read!(ReverseRequest, &wire) {
        Ok(request) => request,
        Err(why) => return refusal(keys, &wire, &ReverseRequest::MAC, INVALID, &why, WHAT),
    };
    let currency = wire
        .text("Currency", KeyCase::Insensitive)
        .unwrap_or_default();
    let code = {
        let mut sessions = sim.sessions();
        match sessions.computop.get_mut(&request.pay_id) {
            None => UNKNOWN_PAYMENT,
            Some(payment)
                if !payment.paid
                    || payment.reversed
                    || payment.amount != request.amount
                    || payment.currency != currency =>
            {
                DOES_NOT_FIT
            }
            Some(payment) => {
                let code = code_of(Rule::of(&request.trans_id));
                if code == OK {
                    payment.reversed = true;
                }
                code
            }
        }
    };
    if code == UNKNOWN_PAYMENT || code == DOES_NOT_FIT {
        return refusal(keys, &wire, &ReverseRequest::MAC, code, "", WHAT);
    }
    let fields = base(&wire, &request.pay_id, code, "");
    match answer!(
        ReverseResponse,
        keys,
        fields,
        &request,
        &ReverseRequest::MAC
    ) {
        Ok(sealed) => Answer::new(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            sealed,
            format!("computop reverse: {}", code.code),
        ),
        Err(bug) => bug,
    }
}

/// `credit.aspx`: refunds part or all of a paid payment, never more than what is left.
fn credit(sim: &Sim, body: &[u8]) -> Answer {
    const WHAT: &str = "credit";
    let (wire, keys) = match open(sim, body, &CreditRequest::MAC, WHAT) {
        Ok(opened) => opened,
        Err(answer) => return answer,
    };
    let request: CreditRequest = match read!(CreditRequest, &wire) {
        Ok(request) => request,
        Err(why) => return refusal(keys, &wire, &CreditRequest::MAC, INVALID, &why, WHAT),
    };
    let currency = wire
        .text("Currency", KeyCase::Insensitive)
        .unwrap_or_default();
    let code = {
        let mut sessions = sim.sessions();
        match sessions.computop.get_mut(&request.pay_id) {
            None => UNKNOWN_PAYMENT,
            Some(payment)
                if !payment.paid
                    || payment.reversed
                    || payment.currency != currency
                    || request.amount > payment.amount.saturating_sub(payment.credited) =>
            {
                DOES_NOT_FIT
            }
            Some(payment) => {
                let code = code_of(Rule::of(&request.trans_id));
                if code == OK {
                    payment.credited = payment.credited.saturating_add(request.amount);
                }
                code
            }
        }
    };
    if code == UNKNOWN_PAYMENT || code == DOES_NOT_FIT {
        return refusal(keys, &wire, &CreditRequest::MAC, code, "", WHAT);
    }
    let fields = base(&wire, &request.pay_id, code, "");
    match answer!(CreditResponse, keys, fields, &request, &CreditRequest::MAC) {
        Ok(sealed) => Answer::new(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            sealed,
            format!("computop credit: {}", code.code),
        ),
        Err(bug) => bug,
    }
}

/// Keeps a payment for later reversals and credits.
fn remember(sim: &Sim, pay_id: &str, amount: u64, wire: &WireObject, code: Code) {
    let currency = wire
        .text("Currency", KeyCase::Insensitive)
        .unwrap_or_default()
        .to_owned();
    sim.sessions().computop.insert(
        pay_id.to_owned(),
        Payment {
            amount,
            currency,
            paid: code == OK,
            reversed: false,
            credited: 0,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::{OK, REFUSED, description, path_of};

    #[test]
    fn paths_come_from_the_spec_endpoints() {
        assert_eq!(
            path_of("https://www.computop-paygate.com/wechat.aspx"),
            "/wechat.aspx"
        );
        assert_eq!(path_of("/already/a/path"), "/already/a/path");
    }

    #[test]
    fn descriptions_stay_within_1024_bytes_on_a_character_boundary() {
        let long = "é".repeat(2000);
        let text = description(REFUSED, &long);
        assert!(text.len() <= 1024);
        assert!(text.starts_with("Payment refused: "));
        assert_eq!(description(OK, ""), "Request successfully processed");
        assert_eq!(
            description(OK, "#&%"),
            "Request successfully processed: # and %"
        );
    }
}
