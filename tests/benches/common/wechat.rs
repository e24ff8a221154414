//! The Computop `wechat.aspx` request of the validation benchmarks: the instances, and the
//! same rules as the generated `WechatRequest::validate` written three other ways (a garde
//! derive, a validator derive, and a hand-written byte loop).
//!
//! The rules, field by field (from `specs/computop-wechat.yaml`): every text has a length and
//! a character class (`ans` = printable ASCII 0x20-0x7E, `an` = ASCII letters and digits,
//! `ns` = printable ASCII without letters); mandatory texts must not be empty; `OrderDesc`
//! forbids `#&%+`; the three URLs must be `https`, port 443 (explicit or implied) and carry no
//! query; `Response` is the fixed value `encrypt`; `Amount` has at most 10 digits; `TimeOut`
//! has at most 14 digits and is at least 5; `ShopSystem`, `ShopName` and `ShopURL` are
//! required when `Channel` is `W2A`; `Currency` is one of the operation's list. `Channel` and
//! `ShopSystem` are typed enums and `Currency` an ISO 4217 `Currency`, so only the list is
//! left to check (the generated validator and the hand-written one check it; the garde and
//! validator mirrors carry the value without a rule for it).

use std::sync::LazyLock;

use super::scan::{admits_all, an, ans, ns};

use pspec::computop::{WechatChannel, WechatRequest, WechatShopSystem};

// ---------------------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------------------

/// A realistic valid request with every optional field filled (channel W2A, so the three
/// conditional fields are required and given too). 24 fields (the `MAC` is computed when
/// signing, no field), 482 bytes of text in its 18 texts.
pub fn valid() -> WechatRequest {
    // `Response=encrypt` is sent by default; the `MAC` is no field (the signing calls
    // compute it), so no validator here checks one.
    WechatRequest::new(
        "Generic3DSTest",
        "TID-2024-000184273",
        pspec::runtime::Money::new(12_990, pspec::runtime::Currency::EUR),
        WechatChannel::W2a,
        "2x Longjing tea set 60.00 EUR, 1x gift wrap 9.90 EUR",
        "https://shop.example.com/checkout/wechat/success",
        "https://shop.example.com/checkout/wechat/failure",
        "https://shop.example.com:443/api/paygate/notify",
    )
    .with_refnr("RE-98213")
    .with_order_desc2("TeaID:4411,TeaPrice:6000;TeaID:4411,TeaPrice:6000;WrapID:7,WrapPrice:990")
    .with_user_data("cart=88213;customer=49910;campaign=spring-sale-2024")
    .with_req_id("5f3e4b2a9d1e7f6a2b3c4d5e")
    .with_ip_addr("203.0.113.42")
    .with_time_out(30)
    .with_goods_category("Tea")
    .with_product_nr("TS4411")
    .with_limit(false)
    .with_shop_system(WechatShopSystem::Android)
    .with_shop_name("TeaHouseShop")
    .with_shop_url("com.example.teahouse")
    .with_plain("Generic3DSTest")
    .with_custom("order=88213|customer=49910")
}

/// [`valid`] with one bad field: `OrderDesc` holds a forbidden `&`.
pub fn one_bad() -> WechatRequest {
    let mut request = valid();
    request.order_desc = "2x Longjing tea set & 1x gift wrap, 69.90 EUR".into();
    request
}

/// [`valid`] with four bad fields: `MerchantID` too long, `refnr` too long, `URLSuccess`
/// with a query string, `IPAddr` with letters. One violation each.
pub fn four_bad() -> WechatRequest {
    let mut request = valid();
    request.merchant_id = "Generic3DSTest-with-a-far-too-long-id".into();
    request.refnr = Some("RE-98213-with-a-far-too-long-ref".into());
    request.url_success = "https://shop.example.com/checkout/wechat/success?order=88213".into();
    request.ip_addr = Some("localhost".into());
    request
}

/// [`valid`] with every text at its maximum length (5,533 bytes of text in all): shows how
/// the character scans scale, which the realistic instance hides behind per-field costs.
pub fn valid_max() -> WechatRequest {
    // `n` bytes of printable ASCII (letters, digits, `-`, `.` and a space), no `#&%+?`.
    let ans = |n: usize| -> String {
        let pattern = b"Tea set 4411-.";
        (0..n)
            .map(|i| char::from(pattern[i % pattern.len()]))
            .collect()
    };
    let an = |n: usize| -> String { "TeaSet4411".chars().cycle().take(n).collect() };
    let url = |n: usize| -> String {
        let head = "https://shop.example.com/";
        format!("{head}{}", "a".repeat(n - head.len()))
    };
    let mut request = valid()
        .with_refnr(ans(30))
        .with_order_desc2(ans(2048))
        .with_user_data(ans(1024))
        .with_req_id(ans(32))
        .with_ip_addr("203.000.113.0042")
        .with_time_out(99_999_999_999_999)
        .with_goods_category(an(32))
        .with_product_nr(an(32))
        .with_shop_name(an(120))
        .with_shop_url(ans(128))
        .with_plain(ans(50))
        .with_custom(ans(1024));
    request.merchant_id = ans(30);
    request.trans_id = ans(64);
    request.amount = 9_999_999_999;
    request.order_desc = ans(128);
    request.url_success = url(256);
    request.url_failure = url(256);
    request.url_notify = url(256);
    request
}

/// The instances with their names (criterion ids) and the number of violations each must
/// yield.
pub fn cases() -> [(&'static str, WechatRequest, usize); 4] {
    [
        ("valid", valid(), 0),
        ("one_bad", one_bad(), 1),
        ("four_bad", four_bad(), 4),
        ("valid_max_length", valid_max(), 0),
    ]
}

// ---------------------------------------------------------------------------------------
// Hand-written byte-loop baseline
// ---------------------------------------------------------------------------------------

/// One violation of the hand-written baseline: the field and the kind of rule (the same
/// information as the generated `Violation`, which also carries a static limit text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// The wire name.
    pub field: &'static str,
    /// The kind of rule, as the generated `RuleKind::as_str` spells it.
    pub rule: &'static str,
}

/// Length (at most `max` bytes) and class of a text that is given.
fn text<const FOLD: bool>(
    found: &mut Vec<Found>,
    field: &'static str,
    value: &str,
    max: usize,
    class: impl Fn(u8) -> bool + Copy,
) {
    if value.len() > max {
        found.push(Found {
            field,
            rule: "too_long",
        });
    }
    if !admits_all::<FOLD>(value, class) {
        found.push(Found {
            field,
            rule: "charset",
        });
    }
}

/// A mandatory text: `missing` when empty, else length and class.
fn mandatory<const FOLD: bool>(
    found: &mut Vec<Found>,
    field: &'static str,
    value: &str,
    max: usize,
    class: impl Fn(u8) -> bool + Copy,
) {
    if value.is_empty() {
        found.push(Found {
            field,
            rule: "missing",
        });
    } else {
        text::<FOLD>(found, field, value, max, class);
    }
}

/// An optional text: checked when present and not empty.
fn optional<const FOLD: bool>(
    found: &mut Vec<Found>,
    field: &'static str,
    value: &Option<String>,
    max: usize,
    class: impl Fn(u8) -> bool + Copy,
) {
    if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
        text::<FOLD>(found, field, value, max, class);
    }
}

/// `https`, port 443 (explicit or implied), no query.
fn url(found: &mut Vec<Found>, field: &'static str, value: &str) {
    let bytes = value.as_bytes();
    let (scheme, rest) = match value.find("://") {
        Some(at) => (&bytes[..at], &bytes[at + 3..]),
        None => (&b""[..], bytes),
    };
    let https = scheme.eq_ignore_ascii_case(b"https");
    if !https {
        found.push(Found {
            field,
            rule: "not_allowed_value",
        });
    }
    // Authority: up to the first '/', '?' or '#'; host after the last '@'.
    let mut end = rest.len();
    for (i, &b) in rest.iter().enumerate() {
        if b == b'/' || b == b'?' || b == b'#' {
            end = i;
            break;
        }
    }
    let authority = &rest[..end];
    let mut host_start = 0;
    for (i, &b) in authority.iter().enumerate() {
        if b == b'@' {
            host_start = i + 1;
        }
    }
    let host = &authority[host_start..];
    // The port follows the last ':' unless a ']' (IPv6 literal) comes after it.
    let mut port_at = None;
    for (i, &b) in host.iter().enumerate() {
        match b {
            b':' => port_at = Some(i),
            b']' => port_at = None,
            _ => {}
        }
    }
    let port_ok = match port_at {
        None => https,
        Some(at) => {
            let port = &host[at + 1..];
            let mut number: u32 = 0;
            let mut ok = !port.is_empty() && port.len() <= 5;
            for &b in port {
                ok &= b.is_ascii_digit();
                number = number * 10 + u32::from(b.wrapping_sub(b'0'));
            }
            ok && number == 443
        }
    };
    if !port_ok {
        found.push(Found {
            field,
            rule: "not_allowed_value",
        });
    }
    if bytes.contains(&b'?') {
        found.push(Found {
            field,
            rule: "forbidden_char",
        });
    }
}

fn mandatory_url<const FOLD: bool>(found: &mut Vec<Found>, field: &'static str, value: &str) {
    if value.is_empty() {
        found.push(Found {
            field,
            rule: "missing",
        });
    } else {
        text::<FOLD>(found, field, value, 256, ans);
        url(found, field, value);
    }
}

/// The hand-written baseline: every rule of the spec, in spec order, as plain byte loops
/// (`FOLD` picks the style of the class scans, see `scan.rs`). Allocates only when it
/// reports.
pub fn hand_validate<const FOLD: bool>(r: &WechatRequest) -> Result<(), Vec<Found>> {
    let mut found = Vec::new();
    mandatory::<FOLD>(&mut found, "MerchantID", &r.merchant_id, 30, ans);
    mandatory::<FOLD>(&mut found, "TransID", &r.trans_id, 64, ans);
    optional::<FOLD>(&mut found, "refnr", &r.refnr, 30, ans);
    if r.amount > 9_999_999_999 {
        found.push(Found {
            field: "Amount",
            rule: "too_long",
        });
    }
    mandatory::<FOLD>(&mut found, "OrderDesc", &r.order_desc, 128, ans);
    if r.order_desc
        .bytes()
        .any(|b| matches!(b, b'#' | b'&' | b'%' | b'+'))
    {
        found.push(Found {
            field: "OrderDesc",
            rule: "forbidden_char",
        });
    }
    optional::<FOLD>(&mut found, "OrderDesc2", &r.order_desc2, 2048, ans);
    mandatory_url::<FOLD>(&mut found, "URLSuccess", &r.url_success);
    mandatory_url::<FOLD>(&mut found, "URLFailure", &r.url_failure);
    // The operation's currency list, as the generated check does it.
    if !matches!(
        r.currency.alpha(),
        "CNY"
            | "GBP"
            | "HKD"
            | "USD"
            | "JPY"
            | "CAD"
            | "AUD"
            | "EUR"
            | "NZD"
            | "KRW"
            | "THB"
            | "SGD"
            | "RUB"
    ) {
        found.push(Found {
            field: "Currency",
            rule: "not_allowed_value",
        });
    }
    if let Some(response) = r.response().filter(|v| !v.is_empty())
        && response != "encrypt"
    {
        found.push(Found {
            field: "Response",
            rule: "fixed_value",
        });
    }
    mandatory_url::<FOLD>(&mut found, "URLNotify", &r.url_notify);
    optional::<FOLD>(&mut found, "UserData", &r.user_data, 1024, ans);
    optional::<FOLD>(&mut found, "ReqId", &r.req_id, 32, ans);
    optional::<FOLD>(&mut found, "IPAddr", &r.ip_addr, 16, ns);
    if let Some(time_out) = r.time_out {
        if time_out > 99_999_999_999_999 {
            found.push(Found {
                field: "TimeOut",
                rule: "too_long",
            });
        }
        if time_out < 5 {
            found.push(Found {
                field: "TimeOut",
                rule: "range",
            });
        }
    }
    optional::<FOLD>(&mut found, "GoodsCategory", &r.goods_category, 32, an);
    optional::<FOLD>(&mut found, "ProductNr", &r.product_nr, 32, an);
    let w2a = r.channel == WechatChannel::W2a;
    let absent = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    if w2a && r.shop_system.is_none() {
        found.push(Found {
            field: "ShopSystem",
            rule: "condition",
        });
    }
    if w2a && absent(&r.shop_name) {
        found.push(Found {
            field: "ShopName",
            rule: "condition",
        });
    }
    optional::<FOLD>(&mut found, "ShopName", &r.shop_name, 120, an);
    if w2a && absent(&r.shop_url) {
        found.push(Found {
            field: "ShopURL",
            rule: "condition",
        });
    }
    optional::<FOLD>(&mut found, "ShopURL", &r.shop_url, 128, ans);
    optional::<FOLD>(&mut found, "Plain", &r.plain, 50, ans);
    optional::<FOLD>(&mut found, "Custom", &r.custom, 1024, ans);
    if found.is_empty() { Ok(()) } else { Err(found) }
}

// ---------------------------------------------------------------------------------------
// garde
// ---------------------------------------------------------------------------------------

/// Printable ASCII (`ans`) as a regex: garde's `ascii` admits control characters too.
macro_rules! ans {
    () => {
        r"^[ -~]*$"
    };
}

/// A URL: `https` (any case), optional user info, a host (or an IPv6 literal), port 443 if
/// any, then a path without `?`; every character printable ASCII.
macro_rules! https_443_no_query {
    () => {
        r"^(?i:https)://(?:[ -~&&[^/?#@]]*@)?(?:\[[ -~&&[^\]/?#]]*\]|[ -~&&[^/?#@:\[\]]]*)(?::443)?(?:[/#][ -~&&[^?]]*)?$"
    };
}

/// `ans` without `#`, `&`, `%`, `+` (`OrderDesc`).
macro_rules! ans_without_hash_amp_percent_plus {
    () => {
        r"^[ -~&&[^#&%+]]*$"
    };
}

/// `ns`: printable ASCII without letters.
macro_rules! ns {
    () => {
        r"^[ -~&&[^A-Za-z]]*$"
    };
}

/// The same rules as a garde derive, with garde's built-in rules only: `length`, `range`,
/// `ascii` + `alphanumeric` for `an`, `pattern` where no built-in fits (`ans`, `ns`, the
/// forbidden characters, the URLs, the fixed value), `if(cond = ..., required)` for the
/// `W2A` conditions, `skip` for the enums. The patterns are the same compiled regexes the
/// validator derive uses (garde's `pattern("...")` form takes only a literal).
#[derive(garde::Validate)]
pub struct GardeWechat {
    #[garde(length(min = 1, max = 30), pattern(ANS))]
    merchant_id: String,
    #[garde(length(min = 1, max = 64), pattern(ANS))]
    trans_id: String,
    #[garde(length(max = 30), pattern(ANS))]
    refnr: Option<String>,
    #[garde(range(max = 9_999_999_999))]
    amount: u64,
    #[garde(skip)]
    #[allow(dead_code)] // carried so the mirror holds the same data; not validated
    currency: pspec::runtime::Currency,
    #[garde(skip)]
    channel: WechatChannel,
    #[garde(length(min = 1, max = 128), pattern(ORDER_DESC))]
    order_desc: String,
    #[garde(length(max = 2048), pattern(ANS))]
    order_desc2: Option<String>,
    #[garde(length(min = 1, max = 256), pattern(URL))]
    url_success: String,
    #[garde(length(min = 1, max = 256), pattern(URL))]
    url_failure: String,
    #[garde(pattern(ENCRYPT))]
    response: Option<String>,
    #[garde(length(min = 1, max = 256), pattern(URL))]
    url_notify: String,
    #[garde(length(max = 1024), pattern(ANS))]
    user_data: Option<String>,
    #[garde(length(max = 32), pattern(ANS))]
    req_id: Option<String>,
    #[garde(length(max = 16), pattern(NS))]
    ip_addr: Option<String>,
    #[garde(range(min = 5, max = 99_999_999_999_999))]
    time_out: Option<u64>,
    #[garde(length(max = 32), ascii, alphanumeric)]
    goods_category: Option<String>,
    #[garde(length(max = 32), ascii, alphanumeric)]
    product_nr: Option<String>,
    #[garde(skip)]
    #[allow(dead_code)] // carried so the mirror holds the same data; not validated
    limit: Option<bool>,
    #[garde(if(cond = self.channel == WechatChannel::W2a, required))]
    shop_system: Option<WechatShopSystem>,
    #[garde(
        if(cond = self.channel == WechatChannel::W2a, required),
        length(max = 120),
        ascii,
        alphanumeric
    )]
    shop_name: Option<String>,
    #[garde(
        if(cond = self.channel == WechatChannel::W2a, required),
        length(max = 128),
        pattern(ANS)
    )]
    shop_url: Option<String>,
    #[garde(length(max = 50), pattern(ANS))]
    plain: Option<String>,
    #[garde(length(max = 1024), pattern(ANS))]
    custom: Option<String>,
}

impl From<&WechatRequest> for GardeWechat {
    fn from(r: &WechatRequest) -> Self {
        let r = r.clone();
        let response = r.response().map(str::to_owned);
        GardeWechat {
            merchant_id: r.merchant_id,
            trans_id: r.trans_id,
            refnr: r.refnr,
            amount: r.amount,
            currency: r.currency,
            channel: r.channel,
            order_desc: r.order_desc,
            order_desc2: r.order_desc2,
            url_success: r.url_success,
            url_failure: r.url_failure,
            response,
            url_notify: r.url_notify,
            user_data: r.user_data,
            req_id: r.req_id,
            ip_addr: r.ip_addr,
            time_out: r.time_out,
            goods_category: r.goods_category,
            product_nr: r.product_nr,
            limit: r.limit,
            shop_system: r.shop_system,
            shop_name: r.shop_name,
            shop_url: r.shop_url,
            plain: r.plain,
            custom: r.custom,
        }
    }
}

// ---------------------------------------------------------------------------------------
// validator
// ---------------------------------------------------------------------------------------

fn regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("the bench's regexes are valid")
}

static ANS: LazyLock<regex::Regex> = LazyLock::new(|| regex(ans!()));
static AN: LazyLock<regex::Regex> = LazyLock::new(|| regex(r"^[A-Za-z0-9]*$"));
static NS: LazyLock<regex::Regex> = LazyLock::new(|| regex(ns!()));
static ORDER_DESC: LazyLock<regex::Regex> =
    LazyLock::new(|| regex(ans_without_hash_amp_percent_plus!()));
static URL: LazyLock<regex::Regex> = LazyLock::new(|| regex(https_443_no_query!()));
static ENCRYPT: LazyLock<regex::Regex> = LazyLock::new(|| regex("^encrypt$"));

/// The `W2A` conditions, as the validator crate's struct-level `schema` function.
fn w2a_fields(r: &ValidatorWechat) -> Result<(), validator::ValidationError> {
    let absent = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    if r.channel == WechatChannel::W2a
        && (r.shop_system.is_none() || absent(&r.shop_name) || absent(&r.shop_url))
    {
        return Err(validator::ValidationError::new("w2a_fields"));
    }
    Ok(())
}

/// The same rules as a validator-crate derive: `length`, `range`, `regex` for every
/// character class (the crate has no class rules) and the URLs, `schema` for the `W2A`
/// conditions.
#[derive(validator::Validate)]
#[validate(schema(function = "w2a_fields"))]
pub struct ValidatorWechat {
    #[validate(length(min = 1, max = 30), regex(path = *ANS))]
    merchant_id: String,
    #[validate(length(min = 1, max = 64), regex(path = *ANS))]
    trans_id: String,
    #[validate(length(max = 30), regex(path = *ANS))]
    refnr: Option<String>,
    #[validate(range(max = 9_999_999_999u64))]
    amount: u64,
    #[allow(dead_code)] // carried so the mirror holds the same data; not validated
    currency: pspec::runtime::Currency,
    channel: WechatChannel,
    #[validate(length(min = 1, max = 128), regex(path = *ORDER_DESC))]
    order_desc: String,
    #[validate(length(max = 2048), regex(path = *ANS))]
    order_desc2: Option<String>,
    #[validate(length(min = 1, max = 256), regex(path = *URL))]
    url_success: String,
    #[validate(length(min = 1, max = 256), regex(path = *URL))]
    url_failure: String,
    #[validate(regex(path = *ENCRYPT))]
    response: Option<String>,
    #[validate(length(min = 1, max = 256), regex(path = *URL))]
    url_notify: String,
    #[validate(length(max = 1024), regex(path = *ANS))]
    user_data: Option<String>,
    #[validate(length(max = 32), regex(path = *ANS))]
    req_id: Option<String>,
    #[validate(length(max = 16), regex(path = *NS))]
    ip_addr: Option<String>,
    #[validate(range(min = 5, max = 99_999_999_999_999u64))]
    time_out: Option<u64>,
    #[validate(length(max = 32), regex(path = *AN))]
    goods_category: Option<String>,
    #[validate(length(max = 32), regex(path = *AN))]
    product_nr: Option<String>,
    #[allow(dead_code)] // carried so the mirror holds the same data; not validated
    limit: Option<bool>,
    shop_system: Option<WechatShopSystem>,
    #[validate(length(max = 120), regex(path = *AN))]
    shop_name: Option<String>,
    #[validate(length(max = 128), regex(path = *ANS))]
    shop_url: Option<String>,
    #[validate(length(max = 50), regex(path = *ANS))]
    plain: Option<String>,
    #[validate(length(max = 1024), regex(path = *ANS))]
    custom: Option<String>,
}

impl From<&WechatRequest> for ValidatorWechat {
    fn from(r: &WechatRequest) -> Self {
        let r = r.clone();
        let response = r.response().map(str::to_owned);
        ValidatorWechat {
            merchant_id: r.merchant_id,
            trans_id: r.trans_id,
            refnr: r.refnr,
            amount: r.amount,
            currency: r.currency,
            channel: r.channel,
            order_desc: r.order_desc,
            order_desc2: r.order_desc2,
            url_success: r.url_success,
            url_failure: r.url_failure,
            response,
            url_notify: r.url_notify,
            user_data: r.user_data,
            req_id: r.req_id,
            ip_addr: r.ip_addr,
            time_out: r.time_out,
            goods_category: r.goods_category,
            product_nr: r.product_nr,
            limit: r.limit,
            shop_system: r.shop_system,
            shop_name: r.shop_name,
            shop_url: r.shop_url,
            plain: r.plain,
            custom: r.custom,
        }
    }
}

/// Forces the lazily built regexes (garde and the validator crate share them), so no timed
/// call pays for building them.
pub fn warm_up_regexes() {
    for re in [&ANS, &AN, &NS, &ORDER_DESC, &URL, &ENCRYPT] {
        LazyLock::force(re);
    }
}

// ---------------------------------------------------------------------------------------
// The four validators, as one callable each
// ---------------------------------------------------------------------------------------

/// Checks that the four validators find the expected number of violations in every
/// instance, so the figures compare equal work; panics otherwise.
pub fn cross_check() {
    use garde::Validate as _;
    use validator::Validate as _;
    warm_up_regexes();
    for (name, request, expected) in cases() {
        let garde_count = GardeWechat::from(&request)
            .validate()
            .err()
            .map_or(0, |report| report.iter().count());
        let validator_count = ValidatorWechat::from(&request)
            .validate()
            .err()
            .map_or(0, |errors| {
                errors.field_errors().values().map(|l| l.len()).sum()
            });
        let counts = [
            ("generated", request.validate().err().map_or(0, |v| v.len())),
            (
                "hand-written",
                hand_validate::<false>(&request)
                    .err()
                    .map_or(0, |v| v.len()),
            ),
            ("garde", garde_count),
            ("validator", validator_count),
        ];
        for (validator, count) in counts {
            assert_eq!(
                count, expected,
                "wechat {name}: {validator} finds {count} violations, expected {expected}"
            );
        }
    }
}
