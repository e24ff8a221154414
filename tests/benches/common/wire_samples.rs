//! The messages of the decoding benchmarks, and their plain-serde counterparts.
//!
//! - A Computop notify as a plain query string: 11 pairs, keys in the mixed case Paygate
//!   uses (`mid`, `payid`, `TRANSID`, `code`, ...), one percent-encoded value; and the same
//!   notify sealed in a Blowfish `Len`/`Data` envelope with a valid `MAC`.
//! - The Adyen `/payments` answer of the WeChat Pay Mini Program flow (`action`, `details`,
//!   `redirect.data` with the SDK parameters).
//! - The Monext `getWebPaymentDetailsResponse` SOAP envelope of a Payconiq payment, and its
//!   plain quick-xml serde counterpart.
//!
//! The keys are made-up test passwords, never real ones.

use pspec::runtime::computop_crypto::{
    BlowfishKey, Cipher, HmacKey, encode_pairs, open_response, response_mac, verify_response_mac,
};

/// The merchant's HMAC password (test value).
pub fn hmac_key() -> HmacKey {
    HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w")
}

/// The merchant's Blowfish key schedule (test value), built once and reused: the "cached
/// key" of the envelope bench.
pub fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("a 16-byte key is valid")
}

/// The notify's pairs, keys as Paygate sends them, values unescaped, `MAC` computed.
fn notify_pairs(key: &HmacKey) -> Vec<(&'static str, String)> {
    let (mid, pay_id, trans_id, status, code) = (
        "Generic3DSTest",
        "9f1c2e3d4b5a69788796a5b4c3d2e1f0",
        "TID-2024-000184273",
        "OK",
        "00000000",
    );
    vec![
        ("mid", mid.into()),
        ("payid", pay_id.into()),
        ("XID", "0a1b2c3d4e5f60718293a4b5c6d7e8f9".into()),
        ("TRANSID", trans_id.into()),
        ("refnr", "RE-98213".into()),
        ("Status", status.into()),
        ("Description", "success".into()),
        ("code", code.into()),
        (
            "mac",
            response_mac(key, pay_id, trans_id, mid, status, code),
        ),
        ("UserData", "cart=88213;customer=49910".into()),
        ("Plain", "Generic3DSTest".into()),
    ]
}

/// Percent-encodes the bytes a query value may not hold as they are.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The notify as a plain (unencrypted) query string.
pub fn notify_query(key: &HmacKey) -> String {
    notify_pairs(key)
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The notify sealed as Paygate sends it: `Len=<bytes>&Data=<hex>` (lowercase hex, as some
/// Paygate integrations send it; the decoder accepts either case).
pub fn notify_envelope(key: &HmacKey, cipher: &Cipher) -> String {
    let pairs = notify_pairs(key);
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sealed = cipher.encrypt(&encode_pairs(&borrowed));
    format!("Len={}&Data={}", sealed.len, sealed.data.to_lowercase())
}

/// The notify for serde_urlencoded: every key variant Paygate is seen to send (as in the
/// spec, as lowercase, as uppercase) is an alias, since serde matches names exactly.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // read only through Debug; the bench measures the decoding
pub struct SerdeNotify {
    #[serde(alias = "MID", alias = "Mid")]
    pub mid: String,
    #[serde(rename = "PayID", alias = "payid", alias = "PAYID")]
    pub pay_id: String,
    #[serde(rename = "XID", alias = "xid", alias = "Xid")]
    pub xid: String,
    #[serde(rename = "TransID", alias = "transid", alias = "TRANSID")]
    pub trans_id: String,
    #[serde(alias = "RefNr", alias = "REFNR")]
    pub refnr: Option<String>,
    #[serde(rename = "Status", alias = "status", alias = "STATUS")]
    pub status: String,
    #[serde(rename = "Description", alias = "description", alias = "DESCRIPTION")]
    pub description: String,
    #[serde(rename = "Code", alias = "code", alias = "CODE")]
    pub code: String,
    #[serde(rename = "MAC", alias = "mac", alias = "Mac")]
    pub mac: String,
    #[serde(rename = "UserData", alias = "userdata", alias = "USERDATA")]
    pub user_data: Option<String>,
    #[serde(rename = "PrepayID", alias = "prepayid", alias = "PREPAYID")]
    pub prepay_id: Option<String>,
    #[serde(rename = "CodeExt", alias = "codeext", alias = "CODEEXT")]
    pub code_ext: Option<String>,
    #[serde(rename = "ErrorText", alias = "errortext", alias = "ERRORTEXT")]
    pub error_text: Option<String>,
    #[serde(rename = "Plain", alias = "plain", alias = "PLAIN")]
    pub plain: Option<String>,
    #[serde(rename = "Custom", alias = "custom", alias = "CUSTOM")]
    pub custom: Option<String>,
}

/// The Adyen `/payments` answer of the Mini Program flow.
pub const ADYEN_PAYMENTS_RESPONSE: &str = r#"{
  "resultCode": "Pending",
  "action": {
    "paymentData": "Ab02b4c0!BQABAgCW5sxB4e/==",
    "paymentMethodType": "wechatpayMiniProgram",
    "type": "sdk"
  },
  "details": [
    { "key": "resultCode", "type": "text" }
  ],
  "paymentData": "Ab02b4c0!BQABAgCW5sxB4e/==",
  "redirect": {
    "data": {
      "timeStamp": "1700000000",
      "package": "prepay_id=wx201410272009395522657a690389285100",
      "paySign": "C380BEC2BFD727A4B6845133519F3AD6",
      "appId": "wxd678efh567hg6787",
      "signType": "MD5",
      "nonceStr": "5K8264ILTKCH16CQ2502SI8ZNMTM67VS"
    },
    "method": "GET"
  },
  "pspReference": "PPKFQ89R6QRXGN82"
}"#;

/// The same shape as the generated `PaymentsResponse`, as a plain serde_json derive (enums
/// and codes as text; unknown keys ignored, as the generated decoder does).
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // read only through Debug; the bench measures the decoding
pub struct SerdePaymentsResponse {
    pub result_code: Option<String>,
    pub action: Option<SerdeAction>,
    pub details: Option<Vec<SerdeDetail>>,
    pub payment_data: Option<String>,
    pub redirect: Option<SerdeRedirect>,
    pub psp_reference: Option<String>,
    pub refusal_reason: Option<String>,
    pub refusal_reason_code: Option<String>,
}

/// `action`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeAction {
    pub payment_data: Option<String>,
    pub payment_method_type: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// An item of `details`.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
pub struct SerdeDetail {
    pub key: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `redirect`.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
pub struct SerdeRedirect {
    pub data: Option<SerdeRedirectData>,
}

/// `redirect.data`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeRedirectData {
    pub time_stamp: Option<String>,
    pub package: Option<String>,
    pub pay_sign: Option<String>,
    pub app_id: Option<String>,
    pub sign_type: Option<String>,
    pub nonce_str: Option<String>,
}

/// The Monext `getWebPaymentDetailsResponse` of a Payconiq payment.
pub const MONEXT_DETAILS_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <ns2:getWebPaymentDetailsResponse xmlns:ns2="http://impl.ws.payline.experian.com" xmlns:ns3="http://obj.ws.payline.experian.com">
      <ns2:result>
        <ns3:code>00000</ns3:code>
        <ns3:shortMessage>ACCEPTED</ns3:shortMessage>
        <ns3:longMessage>Transaction approved</ns3:longMessage>
      </ns2:result>
      <ns2:transaction>
        <ns3:id>G24011910351053102</ns3:id>
        <ns3:date>19/01/2024 10:35:10</ns3:date>
        <ns3:isPossibleFraud>0</ns3:isPossibleFraud>
        <ns3:partnerAdditionalData>{"cardMaskedPan":"670999XXXXXX9999","cardExpiry":"12/22","transactionFlow":"ecommerce"}</ns3:partnerAdditionalData>
      </ns2:transaction>
      <ns2:payment>
        <ns3:amount>4250</ns3:amount>
        <ns3:currency>978</ns3:currency>
        <ns3:action>101</ns3:action>
        <ns3:mode>CPT</ns3:mode>
        <ns3:contractNumber>PAYCONIQ_MNXT_01</ns3:contractNumber>
      </ns2:payment>
      <ns2:authorization>
        <ns3:number>A55A</ns3:number>
      </ns2:authorization>
      <ns2:order>
        <ns3:ref>ORD-2024-000913</ns3:ref>
        <ns3:amount>4250</ns3:amount>
        <ns3:currency>978</ns3:currency>
        <ns3:date>19/01/2024 10:35</ns3:date>
      </ns2:order>
      <ns2:buyer>
        <ns3:lastName>Peeters</ns3:lastName>
        <ns3:firstName>Élodie</ns3:firstName>
      </ns2:buyer>
      <ns2:bankAccountData>
        <ns3:bankCode>GKCCBEBB</ns3:bankCode>
        <ns3:accountNumber>BE12XXXXXXXXXX92</ns3:accountNumber>
      </ns2:bankAccountData>
      <ns2:contractNumber>PAYCONIQ_MNXT_01</ns2:contractNumber>
    </ns2:getWebPaymentDetailsResponse>
  </soap:Body>
</soap:Envelope>
"#;

/// The same shape as the generated `GetWebPaymentDetailsResponse`, as a plain quick-xml serde
/// derive (quick-xml matches elements by local name, so the `ns2:`/`ns3:` prefixes need no
/// attribute; enums and codes as text, numbers as `u64`, unknown elements ignored as the
/// generated decoder does). The SOAP `Envelope` and `Body` are two wrapper structs.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
pub struct SerdeSoapEnvelope {
    #[serde(rename = "Body")]
    pub body: SerdeSoapBody,
}

/// `soap:Body`.
#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)]
pub struct SerdeSoapBody {
    #[serde(rename = "getWebPaymentDetailsResponse")]
    pub response: SerdeDetailsResponse,
}

/// `getWebPaymentDetailsResponse`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeDetailsResponse {
    pub result: SerdeResult,
    pub transaction: Option<SerdeTransaction>,
    pub payment: Option<SerdePayment>,
    pub order: Option<SerdeOrder>,
    pub buyer: Option<SerdeBuyer>,
    pub wallet: Option<SerdeWallet>,
    pub bank_account_data: Option<SerdeBankAccountData>,
    pub contract_number: Option<String>,
}

/// `result`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeResult {
    pub code: String,
    pub short_message: Option<String>,
    pub long_message: Option<String>,
    pub partner_code: Option<String>,
    pub partner_code_label: Option<String>,
}

/// `transaction`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeTransaction {
    pub id: Option<String>,
    pub date: Option<String>,
    pub partner_additional_data: Option<String>,
}

/// `payment`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdePayment {
    pub amount: Option<u64>,
    pub currency: Option<String>,
    pub action: Option<String>,
    pub mode: Option<String>,
    pub contract_number: Option<String>,
    pub differed_action_date: Option<String>,
    pub method: Option<String>,
    pub soft_descriptor: Option<String>,
    pub card_brand: Option<String>,
    pub registration_token: Option<String>,
    pub cumulated_amount: Option<u64>,
}

/// `order`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeOrder {
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub origin: Option<String>,
    pub country: Option<String>,
    pub taxes: Option<u64>,
    pub amount: Option<u64>,
    pub currency: Option<String>,
    pub date: Option<String>,
    pub details: Option<Vec<SerdeOrderDetails>>,
    pub delivery_time: Option<String>,
    pub delivery_mode: Option<String>,
    pub delivery_charge: Option<u64>,
    pub delivery_expected_date: Option<String>,
    pub delivery_expected_delay: Option<String>,
    pub discount_amount: Option<u64>,
}

/// An item of `order.details`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeOrderDetails {
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub price: Option<String>,
    pub quantity: Option<String>,
    pub comment: Option<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub subcategory1: Option<String>,
    pub subcategory2: Option<String>,
    pub additional_data: Option<String>,
    pub tax_rate: Option<String>,
    pub seller: Option<String>,
    pub seller_type: Option<String>,
}

/// `buyer`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeBuyer {
    pub title: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
    pub wallet_id: Option<String>,
    pub mobile_phone: Option<String>,
    pub customer_id: Option<String>,
}

/// `wallet`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeWallet {
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub email: Option<String>,
}

/// `bankAccountData`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct SerdeBankAccountData {
    pub bank_code: Option<String>,
    pub account_number: Option<String>,
}

/// Every decoder decodes its sample to what the sample says; panics otherwise.
pub fn cross_check() {
    use pspec::adyen::PaymentsResponse;
    use pspec::computop::WechatResponse;
    use pspec::monext::GetWebPaymentDetailsResponse;
    use pspec::runtime::wire::form::MacStatus;

    let (key, cipher) = (hmac_key(), cipher());
    let plain =
        WechatResponse::from_query_unverified(notify_query(&key), &cipher).expect("plain notify");
    assert_eq!(plain.trans_id, "TID-2024-000184273");
    assert_eq!(
        plain.user_data.as_deref(),
        Some("cart=88213;customer=49910")
    );
    assert_eq!(plain.verify_mac(&key), MacStatus::Valid);
    let serde: SerdeNotify =
        serde_urlencoded::from_str(&notify_query(&key)).expect("serde_urlencoded notify");
    assert_eq!(serde.trans_id, plain.trans_id);
    assert_eq!(serde.user_data, plain.user_data);
    let sealed = WechatResponse::from_query_unverified(notify_envelope(&key, &cipher), &cipher)
        .expect("envelope");
    assert_eq!(sealed, plain);
    assert_eq!(sealed.verify_mac(&key), MacStatus::Valid);

    let adyen = PaymentsResponse::from_json(ADYEN_PAYMENTS_RESPONSE).expect("adyen");
    let serde: SerdePaymentsResponse =
        serde_json::from_str(ADYEN_PAYMENTS_RESPONSE).expect("serde_json adyen");
    assert_eq!(adyen.psp_reference, serde.psp_reference);
    assert_eq!(
        adyen.redirect.and_then(|r| r.data).and_then(|d| d.package),
        serde.redirect.and_then(|r| r.data).and_then(|d| d.package)
    );

    let monext = GetWebPaymentDetailsResponse::from_soap(MONEXT_DETAILS_RESPONSE).expect("monext");
    assert_eq!(monext.result.code.code(), "00000");
    let serde: SerdeSoapEnvelope =
        quick_xml::de::from_str(MONEXT_DETAILS_RESPONSE).expect("quick-xml serde monext");
    let serde = serde.body.response;
    assert_eq!(serde.result.code, monext.result.code.code());
    assert_eq!(
        serde.bank_account_data.and_then(|b| b.account_number),
        monext.bank_account_data.and_then(|b| b.account_number)
    );
    let (ours, theirs) = (monext.payment.as_ref(), serde.payment.as_ref());
    assert_eq!(ours.and_then(|p| p.amount), theirs.and_then(|p| p.amount));
    assert_eq!(
        monext.buyer.and_then(|b| b.first_name),
        serde.buyer.and_then(|b| b.first_name)
    );
}

/// The envelope row's peer: what an app would write with the runtime's primitives alone
/// (open the envelope into pairs, then check the `MAC` over the five fields).
pub fn open_and_verify_with_primitives(
    cipher: &Cipher,
    key: &HmacKey,
    envelope: &str,
) -> Option<bool> {
    let pairs = open_response(cipher, envelope).ok()?;
    let get = |k: &str| pairs.get(k).unwrap_or("");
    Some(verify_response_mac(
        key,
        get("PayID"),
        get("TransID"),
        get("mid"),
        get("Status"),
        get("Code"),
        get("MAC"),
    ))
}
