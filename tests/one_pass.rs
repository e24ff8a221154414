//! The one-pass decoders (issue 15) read what the tree decoders read: for each wire, a
//! response decoded straight from its bytes (`from_json`, `from_soap`,
//! `from_query_unverified`) equals the response read from the tree the wire's tree decoder
//! builds (`json::from_json`, `soap::from_soap`, `form`'s `open_form`, then `from_wire`),
//! and where one refuses the input the other refuses it too.
//!
//! Checked on the fixtures, on hand-picked edge cases, and on inputs made by editing the
//! fixtures at random (inserted and deleted characters, repeated pairs), which reach the
//! JSON fast path's step-aside points (escapes, numbers, nesting, syntax errors).

use proptest::prelude::*;

use pspec::adyen::PaymentsResponse;
use pspec::computop::WechatResponse;
use pspec::monext::GetWebPaymentDetailsResponse;
use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, encode_pairs};
use pspec::runtime::wire::form::Envelope;
use pspec::runtime::wire::{DecodeProblem, KeyCase, json, soap};

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("16-byte key")
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/wire")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// Both readers of an Adyen answer, as `(one pass, tree)`.
fn adyen(
    body: &str,
) -> (
    Result<PaymentsResponse, String>,
    Result<PaymentsResponse, String>,
) {
    let one = PaymentsResponse::from_json(body).map_err(|err| err.to_string());
    let tree = json::from_json(body)
        .and_then(|tree| PaymentsResponse::from_wire(&tree))
        .map_err(|err| err.to_string());
    (one, tree)
}

fn monext(
    xml: &str,
) -> (
    Result<GetWebPaymentDetailsResponse, String>,
    Result<GetWebPaymentDetailsResponse, String>,
) {
    let one = GetWebPaymentDetailsResponse::from_soap(xml).map_err(|err| err.to_string());
    let tree = soap::from_soap(xml, "getWebPaymentDetailsResponse")
        .and_then(|tree| GetWebPaymentDetailsResponse::from_wire(&tree))
        .map_err(|err| err.to_string());
    (one, tree)
}

fn computop(
    query: &str,
) -> (
    Result<WechatResponse, String>,
    Result<WechatResponse, String>,
) {
    let cipher = cipher();
    let one = WechatResponse::from_query_unverified(query, &cipher).map_err(|err| err.to_string());
    let tree = cipher
        .open_form(query.as_bytes(), KeyCase::Insensitive)
        .and_then(|tree| WechatResponse::from_wire(&tree))
        .map_err(|err| err.to_string());
    (one, tree)
}

/// The two readers agree: the same value, or both refuse. Where both refuse, the problem
/// may differ in kind: the tree decoders check the whole input before reading a field,
/// the one-pass readers report the first problem in input order.
fn agree<T: PartialEq + std::fmt::Debug>(
    input: &str,
    (one, tree): (Result<T, String>, Result<T, String>),
) {
    match (&one, &tree) {
        (Ok(one), Ok(tree)) => assert_eq!(one, tree, "{input:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("the readers disagree on {input:?}:\none pass: {one:?}\ntree: {tree:?}"),
    }
}

#[test]
fn the_fixtures_read_the_same_both_ways() {
    let (one, tree) = adyen(&fixture("adyen-payments-response.json"));
    assert!(one.is_ok(), "{one:?}");
    assert_eq!(one, tree);

    let (one, tree) = monext(&fixture("monext-get-web-payment-details-response.xml"));
    assert!(one.is_ok(), "{one:?}");
    assert_eq!(one, tree);

    let (one, tree) = computop(&fixture("computop-notify.txt"));
    assert!(one.is_ok(), "{one:?}");
    assert_eq!(one, tree);
}

#[test]
fn json_edge_cases_read_the_same_both_ways() {
    for body in [
        // Escapes, surrogate pairs, numbers in text fields, null, nested unknown values.
        r#"{"pspReference":"a\"b\\c\/d\n\u00e9\ud83d\ude00","resultCode":"Authorised"}"#,
        r#"{"pspReference":12345,"merchantReference":-7,"resultCode":null}"#,
        r#"{"pspReference":1.5e3}"#,
        r#"{"pspReference":-0}"#,
        r#"{"unknown":{"deep":[1,2,{"x":[true,false,null]}]},"pspReference":"P"}"#,
        r#"{"details":[{"key":"k","type":"text"},null,{"key":"l"}]}"#,
        r#"  {"pspReference":"P"}  "#,
        // Refused: both ways, whatever the reason.
        r#"{"pspReference":"P","pspReference":"Q"}"#,
        r#"{"unknown":{"k":1,"k":2}}"#,
        r#"{"pspReference":"P"} x"#,
        r#"{"pspReference":"tab	inside"}"#,
        r#"{"pspReference":"\ud83d"}"#,
        r#"{"pspReference":"P",}"#,
        r#"["not an object"]"#,
        r#"{"amount":{"value":"ten"}}"#,
        r#"{"details":"text"}"#,
        "",
    ] {
        agree(body, adyen(body));
    }
    // Nesting: refused at the same depth both ways (33 levels below the top).
    let nested = |levels: usize| {
        format!(
            r#"{{"unknown":{}1{}}}"#,
            "[".repeat(levels),
            "]".repeat(levels)
        )
    };
    for levels in [31, 32, 33, 200] {
        agree(&nested(levels), adyen(&nested(levels)));
    }
    let err = PaymentsResponse::from_json(nested(33)).unwrap_err();
    assert!(
        matches!(err.problem(), DecodeProblem::TooDeep { .. }),
        "{err}"
    );
}

#[test]
fn soap_edge_cases_read_the_same_both_ways() {
    let xml = fixture("monext-get-web-payment-details-response.xml");
    let edits: Vec<String> = vec![
        // A field given twice where the spec has no list.
        xml.replacen("</result>", "</result><result><code>1</code></result>", 1),
        // nil, an entity, CDATA.
        xml.replacen("<code>", "<code xsi:nil=\"true\">", 1),
        xml.replacen(
            "</shortMessage>",
            "&amp;&#233;<![CDATA[x]]></shortMessage>",
            1,
        ),
        // An unknown entity, a stray end tag, a truncated document.
        xml.replacen("</shortMessage>", "&nbsp;</shortMessage>", 1),
        xml.replacen("</result>", "</result></nothing>", 1),
        xml.get(..xml.len() / 2).unwrap_or_default().to_owned(),
    ];
    for edited in &edits {
        agree(edited, monext(edited));
    }
    for bare in [
        "<getWebPaymentDetailsResponse/>",
        "<getWebPaymentDetailsResponse>text</getWebPaymentDetailsResponse>",
        "<Envelope><Body/></Envelope>",
        "<Envelope><Header><x/></Header><Body><Fault><faultcode>F</faultcode><faultstring>S</faultstring></Fault></Body></Envelope>",
        "<Envelope><Body><otherResponse/></Body></Envelope>",
    ] {
        agree(bare, monext(bare));
    }
}

#[test]
fn form_edge_cases_read_the_same_both_ways() {
    let sealed = |pairs: &[(&str, &str)]| {
        let envelope = cipher().encrypt(&encode_pairs(pairs));
        format!("Len={}&Data={}", envelope.len, envelope.data)
    };
    for query in [
        "mid=M&PayID=P&Status=OK&Code=00000000".to_owned(),
        "?mid=M&&payid=%50&STATUS=OK&code=00000000&Extra=a%3Db&x".to_owned(),
        "mid=M&MID=N".to_owned(),
        "a=1&A=2".to_owned(),
        // A field that would be refused in clear, beside an envelope: only the envelope counts.
        format!(
            "UserData=x&{}",
            sealed(&[("mid", "M"), ("Code", "00000000")])
        ),
        sealed(&[("mid", "M"), ("Code", "00000000"), ("code", "2")]),
        format!("{}&data=00", sealed(&[("mid", "M")])),
        "Len=10".to_owned(),
        "Data=00".to_owned(),
    ] {
        agree(&query, computop(&query));
    }
}

/// One edit of a text: insert a character at a position, delete one, or repeat a slice.
#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Repeat(usize, usize),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let len = chars.len().max(1);
        match *edit {
            Edit::Insert(at, c) => chars.insert(at % (chars.len() + 1), c),
            Edit::Delete(at) if !chars.is_empty() => {
                chars.remove(at % len);
            }
            Edit::Repeat(at, span) if !chars.is_empty() => {
                let from = at % len;
                let to = (from + span % 40).min(chars.len());
                let copy: Vec<char> = chars[from..to].to_vec();
                chars.splice(to..to, copy);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn edits(alphabet: &'static str) -> impl Strategy<Value = Vec<Edit>> {
    let chars: Vec<char> = alphabet.chars().collect();
    let edit = prop_oneof![
        (any::<usize>(), proptest::sample::select(chars)).prop_map(|(at, c)| Edit::Insert(at, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), any::<usize>()).prop_map(|(at, span)| Edit::Repeat(at, span)),
    ];
    proptest::collection::vec(edit, 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn edited_json_reads_the_same_both_ways(edits in edits("{}[]\":,\\u0123456789.eE-+ntrfalse\t\nxé")) {
        let body = apply(&fixture("adyen-payments-response.json"), &edits);
        agree(&body, adyen(&body));
    }

    #[test]
    fn edited_soap_reads_the_same_both_ways(edits in edits("<>/=\"&;#x!-[]CDATA amp lt nil\t\n")) {
        let xml = apply(&fixture("monext-get-web-payment-details-response.xml"), &edits);
        agree(&xml, monext(&xml));
    }

    #[test]
    fn edited_queries_read_the_same_both_ways(edits in edits("&=%+?0123456789abcdefABCDEFmidMIDcodeDataLen")) {
        let plain = "mid=M&payid=P&XID=X&TRANSID=T&Status=OK&code=00000000&UserData=a%3Db&Plain=p";
        let query = apply(plain, &edits);
        agree(&query, computop(&query));
    }
}
