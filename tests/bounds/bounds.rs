//! Linear time and bounded memory on every input path (issue 12, point 1), proved by
//! counting, never by a clock:
//!
//! - **time**: the wire layer counts its work (every comparison of two names, every probe of
//!   a name index: `pspec_runtime::wire::work`, feature `count-work`); the count for 100,000
//!   entries must stay within 15 times the count for 10,000 (a quadratic step gives 100
//!   times: merging dotted keys by a scan of the object did);
//! - **memory**: a counting global allocator follows the bytes this thread holds; the peak
//!   while a path runs must stay within 8 times the input plus [`CONSTANT`], for inputs up to
//!   the 16 MiB cap, including the shapes that used to cost 50 to 140 bytes per input byte
//!   (`a&a&...`, `a=1&...`, a JSON list of zeros).
//!
//! Each path is run as apps call it (the crate's decoders and encoders) and as the `pspec`
//! command runs it (in-process, through `pspec_cli::cli::run`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ffi::OsString;

use pspec::runtime::wire::{
    self, DecodeProblem, KeyCase, MAX_ENTRIES, MAX_INPUT, WireObject, WireValue, work,
};

struct Counting;

thread_local! {
    /// Whether this thread is watched; the bytes it holds (allocated minus freed, since
    /// the watch began) and the most it held.
    static WATCHED: Cell<bool> = const { Cell::new(false) };
    static HELD: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(bytes: isize) {
    // `try_with`: allocations during thread teardown must not panic.
    if WATCHED.try_with(Cell::get).unwrap_or(false) {
        let held = HELD.try_with(|h| {
            h.set(h.get() + bytes);
            h.get()
        });
        if let Ok(held) = held {
            let _ = PEAK.try_with(|p| p.set(p.get().max(held)));
        }
    }
}

fn size(bytes: usize) -> isize {
    isize::try_from(bytes).unwrap_or(isize::MAX)
}

#[allow(
    unsafe_code,
    reason = "a counting global allocator implements the unsafe GlobalAlloc"
)]
// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(size(layout.size()));
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(size(layout.size()));
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as both blocks held at once: a realloc that moves copies before it frees.
        grow(size(new_size));
        grow(-size(layout.size()));
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        grow(-size(layout.size()));
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What running a path cost: the most bytes held at once and the units of work counted.
#[derive(Clone, Copy, Debug)]
struct Cost {
    peak: usize,
    work: u64,
}

/// Runs `f`, watching this thread's heap and counting the wire layer's work.
fn measure<R>(f: impl FnOnce() -> R) -> (Cost, R) {
    HELD.with(|h| h.set(0));
    PEAK.with(|p| p.set(0));
    work::reset();
    WATCHED.with(|w| w.set(true));
    let result = f();
    WATCHED.with(|w| w.set(false));
    let cost = Cost {
        peak: usize::try_from(PEAK.with(Cell::get)).unwrap_or(0),
        work: work::count(),
    };
    (cost, result)
}

/// What the memory bound allows beside 8 times the input: what [`MAX_ENTRIES`] tiny entries
/// cost beyond their bytes (a tree entry is 56 bytes before its text, a duplicate-check
/// slot about 40; the command adds, per unknown field it reports, its dotted path and a
/// row of the printed table; a typed response keeps a copy of each top-level entry its spec
/// does not list in its `extras`, about 120 bytes: about 540 bytes per entry at most in all),
/// and the command's fixed needs (the catalog, clap). The entry cap is what makes this a
/// constant.
const CONSTANT: usize = 60 * 1024 * 1024;

#[track_caller]
fn assert_memory_bound(what: &str, input: usize, cost: Cost) {
    let allowed = 8 * input + CONSTANT;
    assert!(
        cost.peak <= allowed,
        "{what}: peak {} bytes for {input} bytes of input, over 8x input + {CONSTANT} = {allowed}",
        cost.peak
    );
    println!("{what}: {input} bytes in, peak {} bytes", cost.peak);
}

/// The count for 100,000 entries within 15 times the count for 10,000.
#[track_caller]
fn assert_linear(what: &str, small: Cost, large: Cost) {
    assert!(small.work > 0, "{what}: no work counted for 10,000 entries");
    let ratio = large.work as f64 / small.work as f64;
    println!(
        "{what}: work {} for 10,000 entries, {} for 100,000 (x{ratio:.1})",
        small.work, large.work
    );
    assert!(
        ratio <= 15.0,
        "{what}: work grows x{ratio:.1} from 10,000 to 100,000 entries (at most x15)"
    );
}

// ---------------------------------------------------------------------------------------
// Generated inputs

/// `{"k0":"v","k1":"v",...}`: `n` distinct keys.
fn json_object(n: usize) -> Vec<u8> {
    let mut out = String::from("{");
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("\"k{i}\":\"v\""));
    }
    out.push('}');
    out.into_bytes()
}

/// `{"x":[0,0,...]}` of about `bytes` bytes.
fn json_list(bytes: usize) -> Vec<u8> {
    let mut out = String::from("{\"x\":[0");
    while out.len() + 3 < bytes {
        out.push_str(",0");
    }
    out.push_str("]}");
    out.into_bytes()
}

/// `k0=1&k1=1&...`: `n` distinct pairs.
fn form_pairs(n: usize) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&format!("k{i}=1"));
    }
    out.into_bytes()
}

/// `unit` repeated to `bytes` bytes.
fn repeated(unit: &str, bytes: usize) -> Vec<u8> {
    unit.repeat(bytes / unit.len()).into_bytes()
}

/// A SOAP response whose body element holds `n` distinct child elements.
fn soap_elements(n: usize) -> Vec<u8> {
    let mut out = String::from(
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><getWebPaymentDetailsResponse>",
    );
    for i in 0..n {
        out.push_str(&format!("<k{i}>1</k{i}>"));
    }
    out.push_str("</getWebPaymentDetailsResponse></soap:Body></soap:Envelope>");
    out.into_bytes()
}

fn too_many(problem: &DecodeProblem) -> bool {
    matches!(problem, DecodeProblem::TooManyEntries { limit } if *limit == MAX_ENTRIES)
}

// ---------------------------------------------------------------------------------------
// The crate's decoders and encoders

#[test]
fn json_decoding_is_linear_and_bounded() {
    let (small, _) = measure(|| wire::json::from_json(json_object(10_000)));
    let input = json_object(100_000);
    let (large, result) = measure(|| wire::json::from_json(&input));
    assert_eq!(result.map(|tree| tree.len()), Ok(100_000));
    assert_linear("JSON object", small, large);
    assert_memory_bound("JSON object of 100,000 keys", input.len(), large);

    // A list of zeros up to the input cap: refused at the entry cap, early.
    let input = json_list(MAX_INPUT - 16);
    let (cost, result) = measure(|| wire::json::from_json(&input));
    let err = result.expect_err("more entries than the cap");
    assert!(too_many(err.problem()), "{err}");
    assert_memory_bound("JSON list of 16 MiB", input.len(), cost);

    // A list just under the cap is read.
    let input = json_list(2 * (MAX_ENTRIES - 10));
    let (cost, result) = measure(|| wire::json::from_json(&input));
    assert!(result.is_ok(), "{result:?}");
    assert_memory_bound("JSON list under the entry cap", input.len(), cost);

    // One long value: memory in proportion to it.
    let input = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_INPUT - 16)).into_bytes();
    let (cost, result) = measure(|| wire::json::from_json(&input));
    assert!(result.is_ok());
    assert_memory_bound("JSON value of 16 MiB", input.len(), cost);
}

#[test]
fn the_input_cap_is_a_typed_error() {
    let input = vec![b' '; MAX_INPUT + 1];
    for result in [
        wire::json::from_json(&input).map(|_| ()),
        wire::query::from_query(&input).map(|_| ()),
        wire::soap::parse_xml(&input).map(|_| ()),
    ] {
        let err = result.expect_err("over the input cap");
        assert_eq!(
            err.problem(),
            &DecodeProblem::TooLarge { limit: MAX_INPUT },
            "{err}"
        );
    }
    // At the cap, the same input is read (and found empty).
    let input = vec![b' '; MAX_INPUT];
    let err = wire::json::from_json(&input).expect_err("empty");
    assert_eq!(err.problem(), &DecodeProblem::Empty);
}

#[test]
fn form_and_query_decoding_is_linear_and_bounded() {
    use wire::form::{Envelope, NoEnvelope};
    let (small, _) = measure(|| NoEnvelope.open_form(&form_pairs(10_000), KeyCase::Insensitive));
    let input = form_pairs(100_000);
    let (large, result) = measure(|| NoEnvelope.open_form(&input, KeyCase::Insensitive));
    assert_eq!(result.map(|tree| tree.len()), Ok(100_000));
    assert_linear("form body", small, large);
    assert_memory_bound("form body of 100,000 pairs", input.len(), large);

    let (small, _) = measure(|| wire::query::from_query(form_pairs(10_000)));
    let (large, result) = measure(|| wire::query::from_query(&input));
    assert_eq!(result.map(|tree| tree.len()), Ok(100_000));
    assert_linear("query string", small, large);

    for unit in ["a&", "a=1&"] {
        let input = repeated(unit, MAX_INPUT);
        let (cost, result) = measure(|| NoEnvelope.open_form(&input, KeyCase::Insensitive));
        let err = result.expect_err("more pairs than the cap");
        assert!(too_many(err.problem()), "{unit}: {err}");
        assert_memory_bound(
            &format!("form body of 16 MiB of {unit:?}"),
            input.len(),
            cost,
        );

        let (cost, result) = measure(|| wire::query::from_query(&input));
        let err = result.expect_err("more pairs than the cap");
        assert!(too_many(err.problem()), "{unit}: {err}");
        assert_memory_bound(&format!("query of 16 MiB of {unit:?}"), input.len(), cost);
    }
}

#[test]
fn the_blowfish_envelope_counts_the_pairs_inside_it() {
    use pspec::runtime::computop_crypto::{BlowfishKey, Cipher, encode_pairs};
    use wire::form::Envelope;
    let cipher = Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("a 16-byte key");
    // 200,000 pairs inside `Data`, two pairs outside it.
    let pairs: Vec<(String, String)> = (0..2 * MAX_ENTRIES)
        .map(|i| (format!("k{i}"), "1".to_owned()))
        .collect();
    let borrowed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sealed = cipher.encrypt(&encode_pairs(&borrowed));
    let input = format!("Len={}&Data={}", sealed.len, sealed.data).into_bytes();
    let (cost, result) = measure(|| cipher.open_form(&input, KeyCase::Insensitive));
    let err = result.expect_err("more pairs than the cap inside the envelope");
    assert!(too_many(err.problem()), "{err}");
    assert_memory_bound("Blowfish envelope of 200,000 pairs", input.len(), cost);

    // `a&a&...` outside the envelope is refused before anything is decrypted.
    let input = repeated("a&", MAX_INPUT);
    let (cost, result) = measure(|| cipher.open_form(&input, KeyCase::Insensitive));
    assert!(too_many(result.expect_err("refused").problem()));
    assert_memory_bound("Blowfish form of 16 MiB of \"a&\"", input.len(), cost);
}

#[test]
fn soap_decoding_is_linear_and_bounded() {
    let (small, _) = measure(|| wire::soap::parse_xml(soap_elements(10_000)));
    let input = soap_elements(MAX_ENTRIES - 10);
    let (large, result) = measure(|| wire::soap::parse_xml(&input));
    assert!(result.is_ok(), "{result:?}");
    // The decoder compares no names; the duplicate check does, once per name.
    let (small_check, _) = measure(|| {
        wire::soap::parse_xml(soap_elements(10_000)).map(|(_, v)| v.check_unique(KeyCase::Exact))
    });
    let (large_check, _) =
        measure(|| wire::soap::parse_xml(&input).map(|(_, v)| v.check_unique(KeyCase::Exact)));
    let _ = small;
    assert_linear(
        "SOAP body and its duplicate check",
        small_check,
        large_check,
    );
    assert_memory_bound("SOAP body of 100,000 elements", input.len(), large);

    let input = soap_elements(MAX_ENTRIES + 1);
    let (cost, result) = measure(|| wire::soap::parse_xml(&input));
    assert!(too_many(result.expect_err("over the cap").problem()));
    assert_memory_bound("SOAP body over the entry cap", input.len(), cost);
}

/// The one-pass typed decoders (issue 15) keep every top-level name their spec does not list
/// in the response's `extras`, checking each against the others (JSON, forms): linear work,
/// memory within the bound, and the entry cap holds without a tree.
#[test]
fn typed_one_pass_decoding_is_linear_and_bounded() {
    use pspec::adyen::PaymentsResponse;
    use pspec::computop::WechatResponse;
    use pspec::monext::GetWebPaymentDetailsResponse;
    use pspec::runtime::computop_crypto::{BlowfishKey, Cipher};

    let (small, _) = measure(|| PaymentsResponse::from_json(json_object(10_000)));
    let input = json_object(100_000);
    let (large, result) = measure(|| PaymentsResponse::from_json(&input));
    assert_eq!(result.map(|answer| answer.extras.len()), Ok(100_000));
    assert_linear("typed JSON answer", small, large);
    assert_memory_bound("typed JSON answer of 100,000 keys", input.len(), large);
    let input = json_list(MAX_INPUT);
    let (cost, result) = measure(|| PaymentsResponse::from_json(&input));
    assert!(too_many(result.expect_err("over the cap").problem()));
    assert_memory_bound("typed JSON answer, list of 16 MiB", input.len(), cost);

    let cipher = Cipher::new(&BlowfishKey::new("X*b89Q=eG!s23rJ[")).expect("a 16-byte key");
    let (small, _) = measure(|| WechatResponse::from_query_unverified(form_pairs(10_000), &cipher));
    let input = form_pairs(100_000);
    let (large, result) = measure(|| WechatResponse::from_query_unverified(&input, &cipher));
    assert_eq!(result.map(|answer| answer.extras.len()), Ok(100_000));
    assert_linear("typed form answer", small, large);
    assert_memory_bound("typed form answer of 100,000 pairs", input.len(), large);
    for unit in ["a&", "a=1&"] {
        let input = repeated(unit, MAX_INPUT);
        let (cost, result) = measure(|| WechatResponse::from_query_unverified(&input, &cipher));
        // `a&a&...` is one name given again and again: refused at its second time.
        assert!(result.is_err(), "{unit}");
        assert_memory_bound(
            &format!("typed form answer, 16 MiB of {unit:?}"),
            input.len(),
            cost,
        );
    }

    // SOAP compares no names (a repeated element is a list's items): memory and the cap.
    let input = soap_elements(MAX_ENTRIES - 10);
    let (cost, result) = measure(|| GetWebPaymentDetailsResponse::from_soap(&input));
    assert!(result.is_ok(), "{result:?}");
    assert_memory_bound("typed SOAP answer of 100,000 elements", input.len(), cost);
    let input = soap_elements(MAX_ENTRIES + 1);
    let (cost, result) = measure(|| GetWebPaymentDetailsResponse::from_soap(&input));
    assert!(too_many(result.expect_err("over the cap").problem()));
    assert_memory_bound("typed SOAP answer over the entry cap", input.len(), cost);
}

#[test]
fn expanding_dotted_keys_is_linear() {
    // Every key below one object (`a.k0`, `a.k1`, ...): the case that made each merge scan
    // the whole object.
    let tree = |n: usize| -> WireObject {
        (0..n)
            .map(|i| (format!("a.k{i}"), WireValue::text("v")))
            .collect()
    };
    let small_tree = tree(10_000);
    let large_tree = tree(100_000);
    let (small, _) = measure(|| wire::expand_dotted(small_tree));
    let (large, result) = measure(|| wire::expand_dotted(large_tree));
    let expanded = result.expect("expands");
    assert_eq!(
        expanded
            .get("a")
            .and_then(WireValue::as_object)
            .map(WireObject::len),
        Some(100_000)
    );
    assert_linear("dotted keys under one object", small, large);
}

#[test]
fn encoding_is_linear_and_bounded() {
    let tree = |n: usize| -> WireObject {
        (0..n)
            .map(|i| (format!("k{i}"), WireValue::text("v")))
            .collect()
    };
    let small_tree = tree(10_000);
    let large_tree = tree(100_000);
    let (small, _) = measure(|| wire::json::to_json(&small_tree));
    let (large, json) = measure(|| wire::json::to_json(&large_tree));
    assert_memory_bound("JSON encoding of 100,000 keys", json.len(), large);
    let _ = small;
    let (small, _) = measure(|| wire::form::to_form(&small_tree));
    let (large, form) = measure(|| wire::form::to_form(&large_tree));
    let form = form.expect("flat");
    assert_memory_bound("form encoding of 100,000 keys", form.len(), large);
    // Encoders look no name up: no work counted at either size.
    assert_eq!((small.work, large.work), (0, 0));
}

// ---------------------------------------------------------------------------------------
// The `pspec` command, in-process

/// The test keys of docs/pspec.md (made-up passwords).
const HMAC: &str = "h8G!s2Q*rT4=kP9[zY6]mN3(xB7)cV5w";
const BLOWFISH: &str = "X*b89Q=eG!s23rJ[";

struct Run {
    status: u8,
    stderr: String,
}

/// Runs `pspec <args>` with `input` on standard input and the test keys in the
/// environment; measures the run (the input itself is allocated before).
fn pspec(args: &[&str], input: &[u8]) -> (Cost, Run) {
    let operations: Vec<_> = pspec::OPERATIONS
        .iter()
        .flat_map(|list| list.iter().copied())
        .collect();
    let code_tables: Vec<_> = pspec::CODE_TABLES
        .iter()
        .flat_map(|list| list.iter().copied())
        .collect();
    let catalog = pspec_cli::cli::Catalog {
        operations: &operations,
        code_tables: &code_tables,
    };
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let env = |name: &str| match name {
        "PSPEC_HMAC_KEY" => Some(OsString::from(HMAC)),
        "PSPEC_BLOWFISH_KEY" => Some(OsString::from(BLOWFISH)),
        _ => None,
    };
    let mut stdin = input;
    let mut stdout = std::io::sink();
    let mut stderr = Vec::with_capacity(1 << 20);
    let (cost, status) = measure(|| {
        pspec_cli::cli::run(
            &args,
            &catalog,
            &mut pspec_cli::cli::Io {
                stdin: &mut stdin,
                stdout: &mut stdout,
                stderr: &mut stderr,
                env: &env,
            },
        )
    });
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    (cost, Run { status, stderr })
}

#[test]
fn pspec_validate_is_linear_and_bounded() {
    let (small, _) = pspec(&["validate", "adyen.payments", "-"], &json_object(10_000));
    let input = json_object(100_000);
    let (large, run) = pspec(&["validate", "adyen.payments", "-"], &input);
    assert_eq!(
        run.status,
        1,
        "{}",
        &run.stderr[..run.stderr.len().min(400)]
    );
    assert_linear("pspec validate", small, large);
    assert_memory_bound("pspec validate, 100,000 keys", input.len(), large);

    // Dotted keys under one object of the request.
    let dotted = |n: usize| {
        let mut out = String::from("{");
        for i in 0..n {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&format!("\"amount.k{i}\":1"));
        }
        out.push('}');
        out.into_bytes()
    };
    let (small, _) = pspec(&["validate", "adyen.payments", "-"], &dotted(10_000));
    let (large, _) = pspec(&["validate", "adyen.payments", "-"], &dotted(100_000));
    assert_linear("pspec validate, dotted keys", small, large);

    let input = json_list(MAX_INPUT - 16);
    let (cost, run) = pspec(&["validate", "adyen.payments", "-"], &input);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("limit of 100000 entries"),
        "{}",
        run.stderr
    );
    assert_memory_bound("pspec validate, JSON list of 16 MiB", input.len(), cost);
}

#[test]
fn pspec_encode_is_linear_and_bounded() {
    let (small, _) = pspec(&["encode", "computop.wechat", "-"], &json_object(10_000));
    let input = json_object(100_000);
    let (large, run) = pspec(&["encode", "computop.wechat", "-"], &input);
    // Read, expanded, warned about, validated and refused (the spec's fields are missing):
    // the whole path ran.
    assert_eq!(
        run.status,
        1,
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(400)..]
    );
    assert!(run.stderr.contains("does not validate"));
    assert_linear("pspec encode", small, large);
    assert_memory_bound("pspec encode, 100,000 keys", input.len(), large);
}

#[test]
fn pspec_decode_is_linear_and_bounded() {
    let (small, _) = pspec(&["decode", "computop.wechat", "-"], &form_pairs(10_000));
    let input = form_pairs(100_000);
    let (large, run) = pspec(&["decode", "computop.wechat", "-"], &input);
    assert_ne!(run.status, 0);
    assert_linear("pspec decode, form", small, large);
    assert_memory_bound("pspec decode, form of 100,000 pairs", input.len(), large);

    for (unit, id) in [
        ("a&", "computop.wechat"),
        ("a=1&", "computop.wechat"),
        ("a=1&", "adyen.jscode2session"),
    ] {
        let input = repeated(unit, MAX_INPUT);
        let (cost, run) = pspec(&["decode", id, "-"], &input);
        assert_eq!(run.status, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("limit of 100000 entries"),
            "{}",
            run.stderr
        );
        assert_memory_bound(
            &format!("pspec decode {id}, 16 MiB of {unit:?}"),
            input.len(),
            cost,
        );
    }

    let (small, _) = pspec(&["decode", "adyen.webhook", "-"], &json_object(10_000));
    let input = json_object(100_000);
    let (large, _) = pspec(&["decode", "adyen.webhook", "-"], &input);
    assert_linear("pspec decode, JSON", small, large);
    assert_memory_bound("pspec decode, JSON of 100,000 keys", input.len(), large);

    let input = json_list(MAX_INPUT - 16);
    let (cost, run) = pspec(&["decode", "adyen.webhook", "-"], &input);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert_memory_bound("pspec decode, JSON list of 16 MiB", input.len(), cost);

    let id = "monext.getWebPaymentDetails";
    let (small, _) = pspec(&["decode", id, "-"], &soap_elements(10_000));
    let input = soap_elements(MAX_ENTRIES - 10);
    let (large, _) = pspec(&["decode", id, "-"], &input);
    assert_linear("pspec decode, SOAP", small, large);
    assert_memory_bound("pspec decode, SOAP of 100,000 elements", input.len(), large);

    // Over the command's input cap: refused before it is read whole.
    let input = vec![b'a'; MAX_INPUT + 1];
    let (cost, run) = pspec(&["decode", "computop.wechat", "-"], &input);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("larger than"), "{}", run.stderr);
    assert_memory_bound("pspec decode, over the cap", input.len(), cost);
}

/// The one-pass encoders (issue 15) with 10,000 and 100,000 extras: linear work (signing
/// compares each name with the `MAC` scheme's few fields, a fixed number per entry) and
/// memory in proportion to the text written.
#[test]
fn direct_encoding_is_linear_and_bounded() {
    use pspec::runtime::computop_crypto::HmacKey;
    use pspec::runtime::{Currency, Extras, Money};

    // Built in one step, as a received response's are (`Extras::set` looks each name up,
    // which 100,000 names would make quadratic here).
    let extras = |n: usize| {
        Extras::received(
            (0..n)
                .map(|i| (format!("k{i}"), WireValue::text("v")))
                .collect(),
        )
    };
    let wechat = |n: usize| {
        let mut request = pspec::computop::WechatRequest::new(
            "Shop",
            "T-1",
            Money::new(1000, Currency::EUR),
            pspec::computop::WechatChannel::W2a,
            "Tea",
            "https://shop.example/ok",
            "https://shop.example/ko",
            "https://shop.example/notify",
        );
        request.extras = extras(n);
        request
    };
    let key = HmacKey::new(HMAC);
    let (small_request, large_request) = (wechat(10_000), wechat(100_000));
    let (small, _) = measure(|| small_request.to_plain(&key));
    let (large, plain) = measure(|| large_request.to_plain(&key));
    let plain = plain.expect("flat extras encode");
    assert_linear("signed plain payload with extras", small, large);
    assert_memory_bound("signed plain payload, 100,000 extras", plain.len(), large);

    let adyen = |n: usize| {
        let mut request = pspec::adyen::PaymentsRequest::new(
            "Shop",
            "R-1",
            pspec::adyen::PaymentsAmount::new(Money::new(1000, Currency::EUR)),
            pspec::adyen::PaymentsPaymentMethod::new("o-1"),
            "https://shop.example/back",
        );
        request.extras = extras(n);
        request
    };
    let large_request = adyen(100_000);
    let (large, json) = measure(|| large_request.to_json());
    assert_memory_bound("to_json, 100,000 extras", json.len(), large);
    // Writing JSON looks no name up.
    assert_eq!(large.work, 0);
}
