//! The requests of the encoding benchmarks (issue 15), and their plain-serde counterparts,
//! each holding the same values in the same order:
//!
//! - Computop `WechatRequest` (the validation bench's full W2A request, 24 fields and the
//!   `MAC`) and [`SerdeWechatRequest`] for `serde_urlencoded`;
//! - Adyen `/payments` (`PaymentsRequest`) and [`SerdePaymentsRequest`] for `serde_json`;
//! - Monext `doWebPayment` (the validation bench's Payconiq payment) and
//!   [`SerdeSoapRequestEnvelope`], the same SOAP envelope for quick-xml's serializer.
//!
//! The serde structs hold text where ours hold typed values (currencies, dates, enums): the
//! peers copy strings, ours also write the typed values as text. [`cross_check`] proves that
//! each peer carries the same values (the same bytes where the formats agree).

use serde::Serialize;

use pspec::adyen::{PaymentsAmount, PaymentsChannel, PaymentsPaymentMethod, PaymentsRequest};
use pspec::computop::WechatRequest;
use pspec::monext::DoWebPaymentRequest;
use pspec::runtime::computop_crypto::{HmacKey, request_mac};
use pspec::runtime::{Currency, Money};

// The validation bench's requests, from the modules the including bench declares
// (`common/payconiq.rs`, `common/wechat.rs`).
use super::{payconiq, wechat};

/// The Computop request: every optional field filled (482 bytes of text).
pub fn computop_request() -> WechatRequest {
    wechat::valid()
}

/// The same request for serde_urlencoded, the `MAC` left empty (`None`: not written) until
/// [`SerdeWechatRequest::signed`] fills it.
#[derive(Debug, Clone, Serialize)]
pub struct SerdeWechatRequest {
    #[serde(rename = "MerchantID")]
    pub merchant_id: String,
    #[serde(rename = "TransID")]
    pub trans_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refnr: Option<String>,
    #[serde(rename = "Amount")]
    pub amount: u64,
    #[serde(rename = "Currency")]
    pub currency: String,
    #[serde(rename = "MAC", skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
    #[serde(rename = "Channel")]
    pub channel: String,
    #[serde(rename = "OrderDesc")]
    pub order_desc: String,
    #[serde(rename = "OrderDesc2", skip_serializing_if = "Option::is_none")]
    pub order_desc2: Option<String>,
    #[serde(rename = "URLSuccess")]
    pub url_success: String,
    #[serde(rename = "URLFailure")]
    pub url_failure: String,
    #[serde(rename = "Response", skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(rename = "URLNotify")]
    pub url_notify: String,
    #[serde(rename = "UserData", skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(rename = "ReqId", skip_serializing_if = "Option::is_none")]
    pub req_id: Option<String>,
    #[serde(rename = "IPAddr", skip_serializing_if = "Option::is_none")]
    pub ip_addr: Option<String>,
    #[serde(rename = "TimeOut", skip_serializing_if = "Option::is_none")]
    pub time_out: Option<u64>,
    #[serde(rename = "GoodsCategory", skip_serializing_if = "Option::is_none")]
    pub goods_category: Option<String>,
    #[serde(rename = "ProductNr", skip_serializing_if = "Option::is_none")]
    pub product_nr: Option<String>,
    #[serde(rename = "Limit", skip_serializing_if = "Option::is_none")]
    pub limit: Option<bool>,
    #[serde(rename = "ShopSystem", skip_serializing_if = "Option::is_none")]
    pub shop_system: Option<String>,
    #[serde(rename = "ShopName", skip_serializing_if = "Option::is_none")]
    pub shop_name: Option<String>,
    #[serde(rename = "ShopURL", skip_serializing_if = "Option::is_none")]
    pub shop_url: Option<String>,
    #[serde(rename = "Plain", skip_serializing_if = "Option::is_none")]
    pub plain: Option<String>,
    #[serde(rename = "Custom", skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
}

impl SerdeWechatRequest {
    /// The values of [`computop_request`], as text where ours are typed.
    pub fn from(request: &WechatRequest) -> Self {
        Self {
            merchant_id: request.merchant_id.clone(),
            trans_id: request.trans_id.clone(),
            refnr: request.refnr.clone(),
            amount: request.amount,
            currency: request.currency.alpha().to_owned(),
            mac: None,
            channel: request.channel.as_str().to_owned(),
            order_desc: request.order_desc.clone(),
            order_desc2: request.order_desc2.clone(),
            url_success: request.url_success.clone(),
            url_failure: request.url_failure.clone(),
            response: request.response().map(str::to_owned),
            url_notify: request.url_notify.clone(),
            user_data: request.user_data.clone(),
            req_id: request.req_id.clone(),
            ip_addr: request.ip_addr.clone(),
            time_out: request.time_out,
            goods_category: request.goods_category.clone(),
            product_nr: request.product_nr.clone(),
            limit: request.limit,
            shop_system: request.shop_system.map(|s| s.as_str().to_owned()),
            shop_name: request.shop_name.clone(),
            shop_url: request.shop_url.clone(),
            plain: request.plain.clone(),
            custom: request.custom.clone(),
        }
    }

    /// What an app writing this by hand does to sign: the `MAC` over
    /// `PayID*TransID*MerchantID*Amount*Currency` with the runtime's primitive (the one our
    /// signing calls use too) put in its field, then the form body through
    /// serde_urlencoded.
    pub fn signed(&mut self, key: &HmacKey) -> String {
        self.mac = Some(request_mac(
            key,
            "",
            &self.trans_id,
            &self.merchant_id,
            &self.amount.to_string(),
            &self.currency,
        ));
        serde_urlencoded::to_string(&*self).unwrap_or_default()
    }
}

/// The Adyen `/payments` request of the Mini Program flow.
pub fn adyen_request() -> PaymentsRequest {
    PaymentsRequest::new(
        "ShopEU",
        "LEDVRK_62471",
        PaymentsAmount::new(Money::new(1000, Currency::CNY)),
        PaymentsPaymentMethod::new("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
        "https://shop.example.com/checkout/adyen/return?order=LEDVRK_62471",
    )
    .with_country_code("CN")
    .with_channel(PaymentsChannel::Web)
}

/// The same request as a plain serde_json derive.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SerdePaymentsRequest {
    pub merchant_account: String,
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    pub amount: SerdeAmount,
    pub payment_method: SerdePaymentMethod,
    pub return_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// `amount`.
#[derive(Debug, Serialize)]
pub struct SerdeAmount {
    pub currency: String,
    pub value: u64,
}

/// `paymentMethod`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SerdePaymentMethod {
    #[serde(rename = "type")]
    pub kind: String,
    pub openid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored_payment_method_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sdk_data: Option<String>,
}

impl SerdePaymentsRequest {
    /// The values of [`adyen_request`].
    pub fn from(request: &PaymentsRequest) -> Self {
        let method = &request.payment_method;
        Self {
            merchant_account: request.merchant_account.clone(),
            reference: request.reference.clone(),
            country_code: request.country_code.clone(),
            amount: SerdeAmount {
                currency: request.amount.currency.alpha().to_owned(),
                value: request.amount.value,
            },
            payment_method: SerdePaymentMethod {
                kind: method.r#type().to_owned(),
                openid: method.openid.clone(),
                app_id: method.app_id.clone(),
                stored_payment_method_id: method.stored_payment_method_id.clone(),
                sdk_data: method.sdk_data.clone(),
            },
            return_url: request.return_url.clone(),
            channel: request.channel.map(|c| c.as_str().to_owned()),
        }
    }
}

/// The Monext `doWebPayment` request: the validation bench's Payconiq payment.
pub fn monext_request() -> DoWebPaymentRequest {
    payconiq::valid()
}

/// The SOAP envelope of `doWebPayment` for quick-xml's serializer: prefixed element names as
/// serde renames, the namespaces as attributes, `soapenv:Header` as an empty element.
#[derive(Debug, Serialize)]
#[serde(rename = "soapenv:Envelope")]
pub struct SerdeSoapRequestEnvelope {
    #[serde(rename = "@xmlns:soapenv")]
    pub soapenv: &'static str,
    #[serde(rename = "@xmlns:impl")]
    pub operation_namespace: &'static str,
    #[serde(rename = "@xmlns:obj")]
    pub objects_namespace: &'static str,
    #[serde(rename = "soapenv:Header")]
    pub header: (),
    #[serde(rename = "soapenv:Body")]
    pub body: SerdeSoapRequestBody,
}

/// `soapenv:Body`.
#[derive(Debug, Serialize)]
pub struct SerdeSoapRequestBody {
    #[serde(rename = "impl:doWebPaymentRequest")]
    pub request: SerdeDoWebPaymentRequest,
}

/// `doWebPaymentRequest`, the fields of the sample (the others `None`, not written).
#[derive(Debug, Serialize)]
pub struct SerdeDoWebPaymentRequest {
    #[serde(rename = "impl:version")]
    pub version: String,
    #[serde(rename = "impl:payment")]
    pub payment: SerdeRequestPayment,
    #[serde(rename = "impl:returnURL")]
    pub return_url: String,
    #[serde(rename = "impl:cancelURL")]
    pub cancel_url: String,
    #[serde(rename = "impl:order")]
    pub order: SerdeRequestOrder,
    #[serde(
        rename = "impl:notificationURL",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_url: Option<String>,
    #[serde(
        rename = "impl:selectedContractList",
        skip_serializing_if = "Option::is_none"
    )]
    pub selected_contract_list: Option<SerdeSelectedContracts>,
    #[serde(rename = "impl:languageCode", skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    #[serde(rename = "impl:buyer", skip_serializing_if = "Option::is_none")]
    pub buyer: Option<SerdeRequestBuyer>,
    #[serde(rename = "impl:securityMode", skip_serializing_if = "Option::is_none")]
    pub security_mode: Option<String>,
    #[serde(rename = "impl:merchantName", skip_serializing_if = "Option::is_none")]
    pub merchant_name: Option<String>,
}

/// `payment`.
#[derive(Debug, Serialize)]
pub struct SerdeRequestPayment {
    #[serde(rename = "obj:amount")]
    pub amount: u64,
    #[serde(rename = "obj:currency")]
    pub currency: String,
    #[serde(rename = "obj:action")]
    pub action: String,
    #[serde(rename = "obj:mode")]
    pub mode: String,
    #[serde(rename = "obj:contractNumber")]
    pub contract_number: String,
    #[serde(rename = "obj:softDescriptor", skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
}

/// `order`.
#[derive(Debug, Serialize)]
pub struct SerdeRequestOrder {
    #[serde(rename = "obj:ref")]
    pub reference: String,
    #[serde(rename = "obj:origin", skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(rename = "obj:country", skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(rename = "obj:taxes", skip_serializing_if = "Option::is_none")]
    pub taxes: Option<u64>,
    #[serde(rename = "obj:amount")]
    pub amount: u64,
    #[serde(rename = "obj:currency")]
    pub currency: String,
    #[serde(rename = "obj:date")]
    pub date: String,
    #[serde(rename = "obj:deliveryTime", skip_serializing_if = "Option::is_none")]
    pub delivery_time: Option<String>,
    #[serde(rename = "obj:deliveryMode", skip_serializing_if = "Option::is_none")]
    pub delivery_mode: Option<String>,
    #[serde(rename = "obj:deliveryCharge", skip_serializing_if = "Option::is_none")]
    pub delivery_charge: Option<u64>,
    #[serde(
        rename = "obj:deliveryExpectedDate",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_expected_date: Option<String>,
    #[serde(
        rename = "obj:deliveryExpectedDelay",
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_expected_delay: Option<String>,
    #[serde(rename = "obj:discountAmount", skip_serializing_if = "Option::is_none")]
    pub discount_amount: Option<u64>,
}

/// `selectedContractList`.
#[derive(Debug, Serialize)]
pub struct SerdeSelectedContracts {
    #[serde(rename = "obj:selectedContract")]
    pub items: Vec<String>,
}

/// `buyer`.
#[derive(Debug, Serialize)]
pub struct SerdeRequestBuyer {
    #[serde(rename = "obj:title", skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(rename = "obj:lastName", skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(rename = "obj:firstName", skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(rename = "obj:email", skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(rename = "obj:mobilePhone", skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    #[serde(rename = "obj:customerId", skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
}

impl SerdeSoapRequestEnvelope {
    /// The values of [`monext_request`] (dates and currencies as the text ours writes).
    pub fn from(request: &DoWebPaymentRequest) -> Self {
        let soap = pspec::OPERATIONS
            .iter()
            .flat_map(|list| list.iter())
            .find(|op| op.id == "monext.doWebPayment")
            .and_then(|op| op.soap)
            .expect("doWebPayment's SOAP names");
        let (payment, order) = (&request.payment, &request.order);
        let date = |date, mask| pspec::runtime::dates::write(date, mask);
        let buyer = request.buyer.as_ref().map(|b| SerdeRequestBuyer {
            title: b.title.clone(),
            last_name: b.last_name.clone(),
            first_name: b.first_name.clone(),
            email: b.email.clone(),
            mobile_phone: b.mobile_phone.clone(),
            customer_id: b.customer_id.clone(),
        });
        Self {
            soapenv: pspec::runtime::wire::soap::ENVELOPE_NAMESPACE,
            operation_namespace: soap.namespace,
            objects_namespace: soap.objects_namespace,
            header: (),
            body: SerdeSoapRequestBody {
                request: SerdeDoWebPaymentRequest {
                    version: request.version.clone(),
                    payment: SerdeRequestPayment {
                        amount: payment.amount,
                        currency: payment.currency.numeric_text().as_str().to_owned(),
                        action: payment.action.as_str().to_owned(),
                        mode: payment.mode.as_str().to_owned(),
                        contract_number: payment.contract_number.clone(),
                        soft_descriptor: payment.soft_descriptor.clone(),
                    },
                    return_url: request.return_url.clone(),
                    cancel_url: request.cancel_url.clone(),
                    order: SerdeRequestOrder {
                        reference: order.r#ref.clone(),
                        origin: order.origin.clone(),
                        country: order.country.clone(),
                        taxes: order.taxes,
                        amount: order.amount,
                        currency: order.currency.numeric_text().as_str().to_owned(),
                        date: date(order.date, "date(DD/MM/YYYY hh:mm)"),
                        delivery_time: order.delivery_time.clone(),
                        delivery_mode: order.delivery_mode.clone(),
                        delivery_charge: order.delivery_charge,
                        delivery_expected_date: order
                            .delivery_expected_date
                            .map(|d| pspec::runtime::dates::write(d, "date(DD/MM/YYYY)")),
                        delivery_expected_delay: order.delivery_expected_delay.clone(),
                        discount_amount: order.discount_amount,
                    },
                    notification_url: request.notification_url.clone(),
                    selected_contract_list: request
                        .selected_contract_list
                        .clone()
                        .map(|items| SerdeSelectedContracts { items }),
                    language_code: request.language_code.clone(),
                    buyer,
                    security_mode: request.security_mode.clone(),
                    merchant_name: request.merchant_name.clone(),
                },
            },
        }
    }

    /// The envelope as quick-xml's serializer writes it, laid out as ours (XML
    /// declaration, two-space indentation, final line feed), into a `String` that grows as
    /// `quick_xml::se::to_string`'s does.
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let mut serializer = quick_xml::se::Serializer::new(&mut out);
        serializer.indent(' ', 2);
        if self.serialize(serializer).is_err() {
            return String::new();
        }
        out.push('\n');
        out
    }
}

/// Every peer carries the same values as ours; panics otherwise.
pub fn cross_check() {
    use pspec::runtime::wire::{PairMode, PairSink, query};

    let key = HmacKey::new("h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w");
    let computop = computop_request();
    let mut serde = SerdeWechatRequest::from(&computop);
    // Unsigned, both percent-encoded form bodies: the same pairs once decoded.
    let ours = PairSink::encode(PairMode::Form, |sink| computop.write_fields(sink)).unwrap();
    let theirs = serde_urlencoded::to_string(&serde).unwrap();
    assert_eq!(
        query::from_query(&ours).unwrap(),
        query::from_query(&theirs).unwrap()
    );
    // Signed: our plain payload (unescaped) and the peer's form body carry the same pairs,
    // the same `MAC` included.
    let ours = computop.to_plain(&key).unwrap();
    let theirs = query::from_query(serde.signed(&key)).unwrap();
    let ours: Vec<(&str, &str)> = ours
        .split('&')
        .map(|pair| pair.split_once('=').unwrap())
        .collect();
    let theirs: Vec<(&str, &str)> = theirs
        .iter()
        .map(|(k, v)| (k, v.as_str().unwrap()))
        .collect();
    assert_eq!(ours, theirs);
    assert!(ours.iter().any(|(k, v)| *k == "MAC" && v.len() == 64));

    let adyen = adyen_request();
    assert_eq!(
        adyen.to_json(),
        serde_json::to_string(&SerdePaymentsRequest::from(&adyen)).unwrap()
    );

    let monext = monext_request();
    assert_eq!(
        monext.to_soap().unwrap(),
        SerdeSoapRequestEnvelope::from(&monext).to_xml()
    );
}
