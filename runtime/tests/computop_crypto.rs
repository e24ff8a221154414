//! Computop Paygate wire crypto (`pspec_runtime::computop_crypto`): Blowfish checked against
//! published test vectors, HMAC-SHA256 against RFC 4231 and an independent implementation
//! (Python's `hmac`), the `Len`/`Data` envelope against an independent implementation
//! (pycryptodome), and the envelope, MAC and pair-format rules from the facts file.
//!
//! Every expected value below that is not our own output says where it came from.

use proptest::prelude::*;
use pspec_runtime::computop_crypto::{
    BLOWFISH_KEY_MAX, BLOWFISH_KEY_MIN, BlowfishKey, Cipher, EncodeError, Envelope, EnvelopeError,
    HmacKey, KeyLengthError, Pairs, encode_pairs, encode_query, mac, open_response, parse_pairs,
    parse_query, request_mac, request_mac_input, response_mac, response_mac_input,
    try_encode_pairs, verify_mac, verify_response_mac,
};

fn unhex(text: &str) -> Vec<u8> {
    assert!(
        text.len().is_multiple_of(2),
        "test vector {text} has an odd length"
    );
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("test vector is hex"))
        .collect()
}

fn upper_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02X}");
        out
    })
}

fn cipher_from_hex(key_hex: &str) -> Cipher {
    Cipher::new(&BlowfishKey::from_bytes(&unhex(key_hex))).expect("valid Blowfish key")
}

/// A realistic merchant setup (made-up passwords, shaped like Paygate's).
const HMAC_PASSWORD: &str = "h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w";
const BLOWFISH_PASSWORD: &str = "X*b89Q=eG!s23rJ[";

fn hmac_key() -> HmacKey {
    HmacKey::new(HMAC_PASSWORD)
}

fn cipher() -> Cipher {
    Cipher::new(&BlowfishKey::new(BLOWFISH_PASSWORD)).expect("16-byte key")
}

// ---------------------------------------------------------------------------------------
// Blowfish against published vectors
// ---------------------------------------------------------------------------------------

/// Eric Young's Blowfish ECB test vectors (`vectors.txt`, published on Bruce Schneier's
/// Blowfish page): (key, plaintext, ciphertext). Cross-checked once with pycryptodome 4.4.0
/// (`Blowfish.new(key, Blowfish.MODE_ECB).encrypt(pt)`), which agreed on every row.
const ECB_VECTORS: &[(&str, &str, &str)] = &[
    ("0000000000000000", "0000000000000000", "4EF997456198DD78"),
    ("FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFF", "51866FD5B85ECB8A"),
    ("3000000000000000", "1000000000000001", "7D856F9A613063F2"),
    ("1111111111111111", "1111111111111111", "2466DD878B963C9D"),
    ("0123456789ABCDEF", "1111111111111111", "61F9C3802281B096"),
    ("1111111111111111", "0123456789ABCDEF", "7D0CC630AFDA1EC7"),
    ("FEDCBA9876543210", "0123456789ABCDEF", "0ACEAB0FC6A0A28D"),
    ("7CA110454A1A6E57", "01A1D6D039776742", "59C68245EB05282B"),
    ("0131D9619DC1376E", "5CD54CA83DEF57DA", "B1B8CC0B250F09A0"),
    ("0101010101010101", "0123456789ABCDEF", "FA34EC4847B268B2"),
    ("FFFFFFFFFFFFFFFF", "0000000000000000", "F21E9A77B71C49BC"),
    ("0123456789ABCDEF", "0000000000000000", "245946885754369A"),
    ("FEDCBA9876543210", "FFFFFFFFFFFFFFFF", "6B5C5A9C5D9E0A5A"),
];

#[test]
fn blowfish_ecb_matches_published_vectors() {
    for &(key, plain, expected) in ECB_VECTORS {
        let cipher = cipher_from_hex(key);
        let encrypted = cipher.encrypt_blocks(&unhex(plain)).unwrap();
        assert_eq!(
            upper_hex(&encrypted),
            expected,
            "key {key}, plaintext {plain}"
        );
        let decrypted = cipher.decrypt_blocks(&encrypted).unwrap();
        assert_eq!(
            upper_hex(&decrypted),
            plain,
            "key {key}, ciphertext {expected}"
        );
    }
}

/// Eric Young's `set_key test data`: the first N bytes of
/// F0E1D2C3B4A5968778695A4B3C2D1E0F0011223344556677 encrypting FEDCBA9876543210. Blowfish
/// keys shorter than 4 bytes are refused by the cipher, so the table starts at N = 4.
const SET_KEY_VECTORS: &[(usize, &str)] = &[
    (4, "BE1E639408640F05"),
    (5, "B39E44481BDB1E6E"),
    (6, "9457AA83B1928C0D"),
    (7, "8BB77032F960629D"),
    (8, "E87A244E2CC85E82"),
    (9, "15750E7A4F4EC577"),
    (10, "122BA70B3AB64AE0"),
    (11, "3A833C9AFFC537F6"),
    (12, "9409DA87A90F6BF2"),
    (13, "884F80625060B8B4"),
    (14, "1F85031C19E11968"),
    (15, "79D9373A714CA34F"),
    (16, "93142887EE3BE15C"),
    (17, "03429E838CE2D14B"),
    (18, "A4299E27469FF67B"),
    (19, "AFD5AED1C1BC96A8"),
    (20, "10851C0E3858DA9F"),
    (21, "E6F51ED79B9DB21F"),
    (22, "64A6E14AFD36B46F"),
    (23, "80C7D7D45A5479AD"),
    (24, "05044B62FA52D080"),
];

#[test]
fn blowfish_variable_key_lengths_match_published_vectors() {
    let full = unhex("F0E1D2C3B4A5968778695A4B3C2D1E0F0011223344556677");
    let plain = unhex("FEDCBA9876543210");
    for &(len, expected) in SET_KEY_VECTORS {
        let cipher = Cipher::new(&BlowfishKey::from_bytes(&full[..len])).unwrap();
        let encrypted = cipher.encrypt_blocks(&plain).unwrap();
        assert_eq!(upper_hex(&encrypted), expected, "key length {len}");
    }
}

#[test]
fn blowfish_key_length_is_checked_at_construction() {
    assert_eq!((BLOWFISH_KEY_MIN, BLOWFISH_KEY_MAX), (4, 56));
    for len in [0, 1, 2, 3, 57, 64, 100] {
        let key = BlowfishKey::from_bytes(&vec![0x5A; len]);
        assert_eq!(
            Cipher::new(&key).unwrap_err(),
            KeyLengthError { len },
            "length {len}"
        );
    }
    for len in [4, 8, 16, 32, 56] {
        assert!(Cipher::new(&BlowfishKey::from_bytes(&vec![0x5A; len])).is_ok());
    }
}

/// The published vectors through the string API: plaintexts of 0x00 and 0x11 bytes are
/// valid UTF-8, so `encrypt` must produce the published ciphertext as `Data`.
#[test]
fn envelope_encrypt_matches_published_vectors() {
    let zero_key = cipher_from_hex("0000000000000000");
    assert_eq!(
        zero_key.encrypt("\0\0\0\0\0\0\0\0"),
        Envelope {
            len: 8,
            data: "4EF997456198DD78".to_owned()
        }
    );
    let ones = cipher_from_hex("1111111111111111");
    assert_eq!(
        ones.encrypt("\u{11}\u{11}\u{11}\u{11}\u{11}\u{11}\u{11}\u{11}")
            .data,
        "2466DD878B963C9D"
    );
    // Zero padding: 3 zero bytes pad to the all-zero block of the first vector.
    assert_eq!(
        zero_key.encrypt("\0\0\0"),
        Envelope {
            len: 3,
            data: "4EF997456198DD78".to_owned()
        }
    );
    assert_eq!(zero_key.decrypt(3, "4ef997456198dd78").unwrap(), "\0\0\0");
}

/// ECB across blocks, derived from published single-block vectors: under key FFFF...FF,
/// FFFF...FF encrypts to 51866FD5B85ECB8A and 0000...00 to F21E9A77B71C49BC, so the two
/// blocks together must encrypt to the two ciphertexts side by side (no chaining).
#[test]
fn blowfish_ecb_multi_block_from_published_vectors() {
    let cipher = cipher_from_hex("FFFFFFFFFFFFFFFF");
    let plain = unhex("FFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF");
    assert_eq!(
        upper_hex(&cipher.encrypt_blocks(&plain).unwrap()),
        "51866FD5B85ECB8AF21E9A77B71C49BC51866FD5B85ECB8A"
    );
    let cipher = cipher_from_hex("0000000000000000");
    // 9 zero bytes: two zero blocks after padding.
    assert_eq!(
        cipher.encrypt(&"\0".repeat(9)).data,
        "4EF997456198DD784EF997456198DD78"
    );
    assert_eq!(
        cipher.encrypt_blocks(&[0; 7]).unwrap_err(),
        EnvelopeError::NotBlockAligned { len: 7 }
    );
    assert_eq!(
        cipher.decrypt_blocks(&[0; 9]).unwrap_err(),
        EnvelopeError::NotBlockAligned { len: 9 }
    );
}

// ---------------------------------------------------------------------------------------
// HMAC-SHA256
// ---------------------------------------------------------------------------------------

/// RFC 4231, section 4.2 (test case 1) and 4.3 (test case 2), HMAC-SHA-256 outputs.
#[test]
fn hmac_sha256_matches_rfc_4231() {
    let key = HmacKey::from_bytes(&[0x0b; 20]);
    let expected = "B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7";
    assert_eq!(mac(&key, "Hi There"), expected);
    assert!(verify_mac(&key, "Hi There", &expected.to_lowercase()));

    let key = HmacKey::new("Jefe");
    let expected = "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843";
    assert_eq!(mac(&key, "what do ya want for nothing?"), expected);
    assert!(verify_mac(&key, "what do ya want for nothing?", expected));
}

/// The request MAC input keeps a `*` for every part, a missing `PayID` included.
#[test]
fn mac_inputs_keep_every_star() {
    assert_eq!(
        request_mac_input("", "T-1001", "Generic3DSTest", "1000", "EUR"),
        "*T-1001*Generic3DSTest*1000*EUR"
    );
    assert_eq!(request_mac_input("", "", "", "", ""), "****");
    assert_eq!(
        response_mac_input("P", "T", "M", "OK", "00000000"),
        "P*T*M*OK*00000000"
    );
}

/// The request MAC for a first payment (no `PayID`), computed independently with Python's
/// standard library:
///
/// ```text
/// python3 -c 'import hmac,hashlib; print(hmac.new(b"h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w",
///     b"*T-1001*Generic3DSTest*1000*EUR", hashlib.sha256).hexdigest().upper())'
/// ```
const PYTHON_REQUEST_MAC: &str = "3062109A6CA088A8D1FE62C3FB55C1944537DD36E2859E42C68070DFCF1F371F";

/// The response MAC for a failed payment with a lettered code, from Python's standard
/// library (same key) over
/// `5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a*T-1001*Generic3DSTest*FAILED*2206014H`.
const PYTHON_RESPONSE_MAC: &str =
    "9753511481D749A7DF74EE425ADB072C64E198401246B66C7E7E31A575DFE2FF";

const PAY_ID: &str = "5d8e3c1f9a7b4e2d8c6a0b1f3e5d7c9a";

#[test]
fn request_mac_matches_python() {
    let mac = request_mac(&hmac_key(), "", "T-1001", "Generic3DSTest", "1000", "EUR");
    assert_eq!(mac, PYTHON_REQUEST_MAC);
    assert!(
        mac.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    );
}

#[test]
fn response_mac_matches_python_and_verifies() {
    let key = hmac_key();
    let args = (PAY_ID, "T-1001", "Generic3DSTest", "FAILED", "2206014H");
    assert_eq!(
        response_mac(&key, args.0, args.1, args.2, args.3, args.4),
        PYTHON_RESPONSE_MAC
    );
    let verify =
        |mac_hex: &str| verify_response_mac(&key, args.0, args.1, args.2, args.3, args.4, mac_hex);
    assert!(verify(PYTHON_RESPONSE_MAC));
    // Either hex case, mixed included.
    assert!(verify(&PYTHON_RESPONSE_MAC.to_lowercase()));
    let mixed: String = PYTHON_RESPONSE_MAC
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_lowercase()
            } else {
                c
            }
        })
        .collect();
    assert!(verify(&mixed));
}

#[test]
fn wrong_mac_is_rejected() {
    let key = hmac_key();
    let verify = |status: &str, code: &str, mac_hex: &str| {
        verify_response_mac(
            &key,
            PAY_ID,
            "T-1001",
            "Generic3DSTest",
            status,
            code,
            mac_hex,
        )
    };
    // One digit changed.
    let mut flipped = PYTHON_RESPONSE_MAC.to_owned();
    flipped.replace_range(0..1, "8");
    assert!(!verify("FAILED", "2206014H", &flipped));
    // Right MAC, other fields (a tampered status or code).
    assert!(!verify("OK", "2206014H", PYTHON_RESPONSE_MAC));
    assert!(!verify("FAILED", "00000000", PYTHON_RESPONSE_MAC));
    // Truncated, extended, empty, not hex, odd length.
    assert!(!verify("FAILED", "2206014H", &PYTHON_RESPONSE_MAC[..62]));
    assert!(!verify(
        "FAILED",
        "2206014H",
        &format!("{PYTHON_RESPONSE_MAC}00")
    ));
    assert!(!verify("FAILED", "2206014H", ""));
    assert!(!verify("FAILED", "2206014H", &"Z".repeat(64)));
    assert!(!verify("FAILED", "2206014H", &PYTHON_RESPONSE_MAC[..63]));
    // Another key.
    let other = HmacKey::new("another password");
    assert!(!verify_response_mac(
        &other,
        PAY_ID,
        "T-1001",
        "Generic3DSTest",
        "FAILED",
        "2206014H",
        PYTHON_RESPONSE_MAC
    ));
}

// ---------------------------------------------------------------------------------------
// Envelope against an independent implementation
// ---------------------------------------------------------------------------------------

/// The plain text of a realistic Paygate request (its MAC is `PYTHON_REQUEST_MAC`).
fn realistic_request_plain() -> String {
    encode_pairs(&[
        ("MerchantID", "Generic3DSTest"),
        ("TransID", "T-1001"),
        ("RefNr", "ORDER-42"),
        ("Amount", "1000"),
        ("Currency", "EUR"),
        ("URLSuccess", "https://shop.example/ok?a=1"),
        ("URLFailure", "https://shop.example/fail"),
        ("URLNotify", "https://shop.example/notify"),
        ("OrderDesc", "Test:0000"),
        ("MAC", PYTHON_REQUEST_MAC),
    ])
}

/// `Data` for `realistic_request_plain()` under `BLOWFISH_PASSWORD`, computed once with
/// pycryptodome 4.4.0 (pip-installed into a scratch virtualenv), independently of the Rust
/// crates:
///
/// ```text
/// from Crypto.Cipher import Blowfish
/// plain = b"MerchantID=Generic3DSTest&TransID=T-1001&RefNr=ORDER-42&Amount=1000&Currency=EUR" \
///         b"&URLSuccess=https://shop.example/ok?a=1&URLFailure=https://shop.example/fail" \
///         b"&URLNotify=https://shop.example/notify&OrderDesc=Test:0000&MAC=" + PYTHON_REQUEST_MAC
/// padded = plain + b"\0" * ((8 - len(plain) % 8) % 8)          # len(plain) == 283
/// print(Blowfish.new(b"X*b89Q=eG!s23rJ[", Blowfish.MODE_ECB).encrypt(padded).hex().upper())
/// ```
const PYCRYPTODOME_DATA: &str = concat!(
    "28C01AD3380EFB3EF079174F08064C163A34292351F464711E8C0293E181835384C12499C7331F56",
    "39450A89A08A80A3B5133D1995F03D300E4CBF202ECBCE39F4523763AAEBA3571BB3365AB7B27A90",
    "6FBA3FF3F0A7B3580C2EA5CD0B33022AD9D0490B2CB80AF8D29128E71E7AB22B055595BBB6BEA36A",
    "D081F99ACAEF72C4C614861D9B5F1E3D2C5BA5D5909C9FB91D32E4D88425251EE90A731613AE1519",
    "18BA598C600F32D2DFD8CC90D1C430F3D6E70BC85E0791C90B933EEAD17AAF84C501B4D75282F6C9",
    "7720474CA769006F590F4863104E18B8E2B4459A89A4C435AB843FC3DF326F3EBA74BB0549DE4054",
    "6C2F893ACE2F1481754C24BB55BCE31A133E4ABBC8085C1B557373768B88B0525F8E1DC6B5E69E4D",
    "3CB6445B1F0916DB",
);

#[test]
fn envelope_matches_pycryptodome() {
    let plain = realistic_request_plain();
    let envelope = cipher().encrypt(&plain);
    assert_eq!(envelope.len, 283);
    assert_eq!(envelope.data, PYCRYPTODOME_DATA);
    assert_eq!(cipher().decrypt(283, PYCRYPTODOME_DATA).unwrap(), plain);
    assert_eq!(
        cipher()
            .decrypt(283, &PYCRYPTODOME_DATA.to_lowercase())
            .unwrap(),
        plain
    );

    // The clear request: MerchantID, Len, Data.
    let len = envelope.len.to_string();
    let query = encode_query(&[
        ("MerchantID", "Generic3DSTest"),
        ("Len", &len),
        ("Data", &envelope.data),
    ]);
    assert_eq!(
        query,
        format!("MerchantID=Generic3DSTest&Len=283&Data={PYCRYPTODOME_DATA}")
    );

    // Opened as a response: the decrypted pairs, a value holding `=` split on the first.
    let pairs = open_response(&cipher(), &query).unwrap();
    assert_eq!(pairs.get("urlsuccess"), Some("https://shop.example/ok?a=1"));
    assert_eq!(pairs.get("MAC"), Some(PYTHON_REQUEST_MAC));
    assert_eq!(pairs.len(), 10);
}

// ---------------------------------------------------------------------------------------
// Envelope rules
// ---------------------------------------------------------------------------------------

#[test]
fn round_trip_for_lengths_0_to_40() {
    let cipher = cipher();
    let alphabet = "abcXYZ019=&*%+ ~é€";
    for len in 0..=40 {
        let plain: String = alphabet.chars().cycle().take(len).collect();
        let envelope = cipher.encrypt(&plain);
        assert_eq!(envelope.len, plain.len(), "length {len}");
        assert_eq!(
            envelope.data.len(),
            plain.len().div_ceil(8) * 16,
            "length {len}"
        );
        assert!(
            envelope
                .data
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
            "uppercase hex"
        );
        assert_eq!(cipher.decrypt(envelope.len, &envelope.data).unwrap(), plain);
        assert_eq!(
            cipher
                .decrypt(envelope.len, &envelope.data.to_lowercase())
                .unwrap(),
            plain
        );
    }
    assert_eq!(
        cipher.encrypt(""),
        Envelope {
            len: 0,
            data: String::new()
        }
    );
    assert_eq!(cipher.decrypt(0, "").unwrap(), "");
}

#[test]
fn len_longer_than_data_is_rejected() {
    let cipher = cipher();
    let envelope = cipher.encrypt("Status=OK"); // 9 bytes, 16 after padding
    assert_eq!(
        cipher.decrypt(17, &envelope.data),
        Err(EnvelopeError::LenTooLong {
            len: 17,
            available: 16
        })
    );
    assert_eq!(
        cipher.decrypt(usize::MAX, &envelope.data),
        Err(EnvelopeError::LenTooLong {
            len: usize::MAX,
            available: 16
        })
    );
    assert_eq!(
        cipher.decrypt(1, ""),
        Err(EnvelopeError::LenTooLong {
            len: 1,
            available: 0
        })
    );
    // Up to the padded length is accepted: the padding comes back as zero bytes.
    assert_eq!(
        cipher.decrypt(16, &envelope.data).unwrap(),
        "Status=OK\0\0\0\0\0\0\0"
    );
    // A shorter Len cuts.
    assert_eq!(cipher.decrypt(6, &envelope.data).unwrap(), "Status");
}

#[test]
fn malformed_hex_is_rejected() {
    let cipher = cipher();
    let data = cipher.encrypt("Status=OK").data;
    assert_eq!(
        cipher.decrypt(9, &data[..31]),
        Err(EnvelopeError::OddHexLength { len: 31 })
    );
    let mut bad = data.clone();
    bad.replace_range(4..5, "G");
    assert_eq!(
        cipher.decrypt(9, &bad),
        Err(EnvelopeError::InvalidHex { index: 4 })
    );
    // A non-hex character wins over the odd length.
    assert_eq!(
        cipher.decrypt(9, &bad[..31]),
        Err(EnvelopeError::InvalidHex { index: 4 })
    );
    // Multi-byte characters are not hex either.
    assert!(matches!(
        cipher.decrypt(1, "é0"),
        Err(EnvelopeError::InvalidHex { index: 0 })
    ));
    // Whole bytes but not whole blocks.
    assert_eq!(
        cipher.decrypt(4, &data[..8]),
        Err(EnvelopeError::NotBlockAligned { len: 4 })
    );
}

#[test]
fn mixed_case_hex_decrypts() {
    let cipher = cipher();
    let envelope = cipher.encrypt("PayID=abc&Status=OK&Code=00000000");
    let mixed: String = envelope
        .data
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i % 3 == 0 {
                c.to_ascii_lowercase()
            } else {
                c
            }
        })
        .collect();
    assert_ne!(mixed, envelope.data);
    assert_eq!(
        cipher.decrypt(envelope.len, &mixed).unwrap(),
        "PayID=abc&Status=OK&Code=00000000"
    );
}

#[test]
fn wrong_key_gives_typed_error_or_garbage_never_a_panic() {
    let envelope = cipher().encrypt("Status=OK&Code=00000000");
    let other = Cipher::new(&BlowfishKey::new("another key")).unwrap();
    match other.decrypt(envelope.len, &envelope.data) {
        Err(EnvelopeError::NotUtf8) => {}
        Ok(text) => assert_ne!(text, "Status=OK&Code=00000000"),
        Err(other) => panic!("unexpected error {other}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any text and any Len: a typed error or text, never a panic.
    #[test]
    fn decrypt_never_panics_on_text(len in any::<usize>(), data in ".{0,80}") {
        let _ = cipher().decrypt(len, &data);
        let _ = cipher().decrypt(len % 64, &data);
    }

    /// Well-formed hex of random bytes (mostly not UTF-8 once decrypted).
    #[test]
    fn decrypt_never_panics_on_hex(bytes in proptest::collection::vec(any::<u8>(), 0..80),
                                   len in 0usize..90, lower in any::<bool>()) {
        let hex = upper_hex(&bytes);
        let hex = if lower { hex.to_lowercase() } else { hex };
        match cipher().decrypt(len, &hex) {
            Ok(text) => prop_assert_eq!(text.len(), len),
            Err(EnvelopeError::NotBlockAligned { len: n }) => prop_assert_eq!(n, bytes.len()),
            Err(EnvelopeError::LenTooLong { available, .. }) => prop_assert!(available < len),
            Err(EnvelopeError::NotUtf8) => {}
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }

    /// Any response text: open_response and the parsers never panic.
    #[test]
    fn open_response_never_panics(query in "(([A-Za-z]{0,5}|[Ll][Ee][Nn]|[Dd][Aa][Tt][Aa])=[0-9A-Fa-f%+=]{0,40}&?){0,4}") {
        let _ = open_response(&cipher(), &query);
        let _ = parse_query(&query);
        let _ = parse_pairs(&query);
    }

    #[test]
    fn parsers_never_panic_on_any_text(text in "\\PC{0,60}") {
        let _ = open_response(&cipher(), &text);
        let _ = parse_query(&text);
        let _ = parse_pairs(&text);
    }

    /// Round trip for arbitrary UTF-8.
    #[test]
    fn round_trip_any_text(plain in "\\PC{0,60}") {
        let cipher = cipher();
        let envelope = cipher.encrypt(&plain);
        prop_assert_eq!(cipher.decrypt(envelope.len, &envelope.data).unwrap(), plain);
    }

    /// encode_query then parse_query gives the pairs back.
    #[test]
    fn query_round_trip(key in "[^\\x00]{1,10}", value in "\\PC{0,20}") {
        let encoded = encode_query(&[(&key, &value), ("Len", "12")]);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)));
        prop_assert_eq!(parse_query(&encoded), vec![(key, value), ("Len".to_owned(), "12".to_owned())]);
    }
}

// ---------------------------------------------------------------------------------------
// Pairs
// ---------------------------------------------------------------------------------------

#[test]
fn keys_match_in_any_case_and_unknown_keys_are_kept() {
    let pairs = Pairs::parse(
        "mid=Generic3DSTest&PAYID=abc&TransID=T-1&Status=OK&x-new-Thing=42&Code=00000000",
    );
    for key in ["PayID", "payid", "PAYID", "pAyId"] {
        assert_eq!(pairs.get(key), Some("abc"), "{key}");
    }
    assert_eq!(pairs.get("MID"), Some("Generic3DSTest"));
    assert_eq!(pairs.get("transid"), Some("T-1"));
    assert_eq!(pairs.get("X-NEW-THING"), Some("42"));
    assert!(pairs.contains_key("x-new-thing"));
    assert_eq!(pairs.get("Amount"), None);
    // Order and received case kept.
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        ["mid", "PAYID", "TransID", "Status", "x-new-Thing", "Code"]
    );
}

#[test]
fn code_with_letters_is_kept_as_text() {
    let pairs = Pairs::parse("Code=2206014H&Status=FAILED&Description=REFUSED");
    assert_eq!(pairs.get("code"), Some("2206014H"));
    let pairs = Pairs::parse("Code=00000000");
    assert_eq!(pairs.get("Code"), Some("00000000"), "leading zeros kept");
}

#[test]
fn values_split_on_the_first_equals_only() {
    assert_eq!(
        parse_pairs("URLBack=https://x.example/?a=1&b=2&Empty=&NoEq&&MAC=A=B="),
        vec![
            ("URLBack".to_owned(), "https://x.example/?a=1".to_owned()),
            ("b".to_owned(), "2".to_owned()),
            ("Empty".to_owned(), String::new()),
            ("NoEq".to_owned(), String::new()),
            ("MAC".to_owned(), "A=B=".to_owned()),
        ]
    );
}

#[test]
fn decrypted_payload_is_not_percent_decoded_but_queries_are() {
    // The decrypted payload: `%` and `+` are literal.
    assert_eq!(
        parse_pairs("OrderDesc=100%25+off"),
        vec![("OrderDesc".to_owned(), "100%25+off".to_owned())]
    );
    // A clear query string: `+` is a space, `%XX` a byte, bad escapes kept.
    assert_eq!(
        parse_query("?Order%20Desc=100%25+off%zz%C3%A9%4"),
        vec![("Order Desc".to_owned(), "100% off%zzé%4".to_owned())]
    );
    assert_eq!(
        encode_query(&[("Desc", "a b&c=d/é")]),
        "Desc=a%20b%26c%3Dd%2F%C3%A9"
    );
}

#[test]
fn encode_pairs_does_not_escape_and_try_encode_pairs_guards() {
    assert_eq!(
        encode_pairs(&[("A", "1"), ("URL", "https://x/?a=b"), ("Desc", "100% off")]),
        "A=1&URL=https://x/?a=b&Desc=100% off"
    );
    assert_eq!(encode_pairs(&[]), "");
    assert_eq!(
        try_encode_pairs(&[("URL", "https://x/?a=b")]).unwrap(),
        "URL=https://x/?a=b"
    );
    assert_eq!(
        try_encode_pairs(&[("OrderDesc", "x&Amount=1")]),
        Err(EncodeError::InvalidValue {
            key: "OrderDesc".to_owned()
        })
    );
    assert_eq!(
        try_encode_pairs(&[("A=B", "1")]),
        Err(EncodeError::InvalidKey {
            key: "A=B".to_owned()
        })
    );
    assert_eq!(
        try_encode_pairs(&[("", "1")]),
        Err(EncodeError::InvalidKey { key: String::new() })
    );
}

// ---------------------------------------------------------------------------------------
// open_response
// ---------------------------------------------------------------------------------------

fn sealed_notify(status: &str, code: &str) -> (String, Envelope) {
    let mac = response_mac(
        &hmac_key(),
        PAY_ID,
        "T-1001",
        "Generic3DSTest",
        status,
        code,
    );
    let plain = encode_pairs(&[
        ("mid", "Generic3DSTest"),
        ("PayID", PAY_ID),
        ("XID", "x-1"),
        ("TransID", "T-1001"),
        ("Status", status),
        ("Description", "a=b"),
        ("Code", code),
        ("MAC", &mac),
    ]);
    let envelope = cipher().encrypt(&plain);
    (plain, envelope)
}

#[test]
fn open_response_decrypts_and_mac_verifies() {
    let (_, envelope) = sealed_notify("FAILED", "2206014H");
    for query in [
        format!("Len={}&Data={}", envelope.len, envelope.data),
        format!("data={}&len={}", envelope.data.to_lowercase(), envelope.len),
        format!(
            "MerchantID=Generic3DSTest&LEN={}&DATA={}",
            envelope.len, envelope.data
        ),
    ] {
        let pairs = open_response(&cipher(), &query).unwrap();
        assert_eq!(pairs.get("code"), Some("2206014H"));
        assert_eq!(pairs.get("description"), Some("a=b"));
        assert_eq!(
            pairs.get("MerchantID"),
            None,
            "clear pairs are not mixed in"
        );
        assert!(verify_response_mac(
            &hmac_key(),
            pairs.get("PayID").unwrap_or_default(),
            pairs.get("TransID").unwrap_or_default(),
            pairs.get("mid").unwrap_or_default(),
            pairs.get("Status").unwrap_or_default(),
            pairs.get("Code").unwrap_or_default(),
            pairs.get("MAC").unwrap_or_default(),
        ));
    }
}

#[test]
fn open_response_without_data_gives_the_plain_pairs() {
    let pairs = open_response(
        &cipher(),
        "PayID=abc&Status=FAILED&Description=Card+expired%21&Code=2106014H",
    )
    .unwrap();
    assert_eq!(pairs.get("description"), Some("Card expired!"));
    assert_eq!(pairs.get("CODE"), Some("2106014H"));
    assert!(open_response(&cipher(), "").unwrap().is_empty());
}

#[test]
fn open_response_rejects_bad_len() {
    let (_, envelope) = sealed_notify("OK", "00000000");
    assert_eq!(
        open_response(&cipher(), &format!("Data={}", envelope.data)),
        Err(EnvelopeError::MissingLen)
    );
    for len in ["", "-1", "1e3", "0x10", "99999999999999999999999999"] {
        assert_eq!(
            open_response(&cipher(), &format!("Len={len}&Data={}", envelope.data)),
            Err(EnvelopeError::InvalidLen),
            "Len={len}"
        );
    }
    assert_eq!(
        open_response(
            &cipher(),
            &format!("Len={}&Data={}", envelope.len + 100, envelope.data)
        ),
        Err(EnvelopeError::LenTooLong {
            len: envelope.len + 100,
            available: envelope.data.len() / 2
        })
    );
}

// ---------------------------------------------------------------------------------------
// Secrets and sharing
// ---------------------------------------------------------------------------------------

#[test]
fn secrets_are_redacted_in_debug() {
    assert_eq!(format!("{:?}", hmac_key()), "[redacted]");
    assert_eq!(
        format!("{:?}", BlowfishKey::new(BLOWFISH_PASSWORD)),
        "[redacted]"
    );
    assert_eq!(
        format!("{:#?}", BlowfishKey::new(BLOWFISH_PASSWORD)),
        "[redacted]"
    );
    let debug = format!("{:?}", cipher());
    assert!(!debug.contains(BLOWFISH_PASSWORD), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
}

#[test]
fn cipher_and_keys_are_shareable_across_threads() {
    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<Cipher>();
    assert_send_sync_clone::<HmacKey>();
    assert_send_sync_clone::<BlowfishKey>();

    let cipher = cipher();
    let key = hmac_key();
    std::thread::scope(|scope| {
        for i in 0..4 {
            let cipher = &cipher;
            let key = &key;
            scope.spawn(move || {
                for n in 0..50 {
                    let plain = format!("TransID=T-{i}-{n}&Amount={n}");
                    let envelope = cipher.encrypt(&plain);
                    assert_eq!(cipher.decrypt(envelope.len, &envelope.data).unwrap(), plain);
                    assert_eq!(
                        request_mac(key, "", "T-1001", "Generic3DSTest", "1000", "EUR"),
                        PYTHON_REQUEST_MAC
                    );
                }
            });
        }
    });
    // A clone shares the schedule and encrypts the same.
    let clone = cipher.clone();
    assert_eq!(clone.encrypt("abc"), cipher.encrypt("abc"));
}
