//! The command line, parsed by hand: six commands, a few options. (A parser crate would
//! be compiled by every application depending on `pspec`, for no gain here.)

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `pspec list`
    List,
    /// `pspec describe <id>`
    Describe { id: String },
    /// `pspec validate <id> <file|->`
    Validate { id: String, input: String },
    /// `pspec encode <id> <file|->`
    Encode { id: String, input: String },
    /// `pspec decode <id> <file|->`
    Decode { id: String, input: String },
    /// `pspec codes <provider>`
    Codes { provider: String },
    /// `pspec help`, `--help`
    Help,
    /// `--version`
    Version,
}

/// The parsed command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// `--json`: machine-readable output.
    pub json: bool,
    /// `--reveal`: show sensitive values in `decode` output, and the `MAC` in `encode`'s.
    pub reveal: bool,
    /// `--hmac-key`; the value is a secret: never printed.
    pub hmac_key: Option<String>,
    /// `--blowfish-key`; the value is a secret: never printed.
    pub blowfish_key: Option<String>,
    /// `--request <file|->`: for `decode`, the request the response answers (as
    /// `validate` takes it), to check the response against.
    pub request: Option<String>,
    /// `--<provider>-hmac-key <hex>` options (`adyen-hmac-key`), for the messages whose spec
    /// has a `signature`; the values are secrets: never printed.
    pub signature_keys: Vec<(String, String)>,
}

/// What `--help` prints.
pub const USAGE: &str = "\
pspec: the payment-provider specs, from the command line

Usage:
  pspec list [--json]                        every operation and method profile
  pspec describe <id> [--json]               the fields of an operation or profile
  pspec validate <id> <file|-> [--json]      check a request (a JSON object of wire names)
  pspec encode <id> <file|-> [--json]        the wire request, if it validates
  pspec decode <id> <file|-> [--json] [--request <file>]
                                             read a raw provider response or notify; verify
                                             it (MAC, spec, and against the request given)
  pspec codes <provider> [--json]            the provider's return codes

Options:
  --json                 machine-readable output
  --hmac-key <password>  Computop HMAC password (or env PSPEC_HMAC_KEY)
  --blowfish-key <pw>    Computop Blowfish password (or env PSPEC_BLOWFISH_KEY)
  --adyen-hmac-key <hex> Adyen webhook HMAC key, hex (or env PSPEC_ADYEN_HMAC_KEY)
  --reveal               show sensitive values and MACs (redacted by default)
  --request <file|->     decode: the request the response answers (as validate takes it)
  -h, --help             this text
  -V, --version          the version

<id> is what `pspec list` shows: <provider>.<operation> or <provider>.<profile>.
Requests are JSON objects of wire names, nested (\"payment\": {\"amount\": 1000}) or dotted
(\"payment.amount\": 1000). Exit status: 0 ok, 1 invalid request (decode: the message does not
verify or validate), 2 unusable input or usage.
Prefer the environment variables to the key options: command lines are visible to other users.";

/// A command line that cannot be run; the message is for stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

/// Parses the arguments after the program name.
///
/// # Errors
///
/// [`UsageError`] naming what is wrong (never echoing a key's value).
pub fn parse(args: &[String]) -> Result<Args, UsageError> {
    let mut positional = Vec::new();
    let mut json = false;
    let mut reveal = false;
    let mut help = false;
    let mut version = false;
    let mut hmac_key = None;
    let mut blowfish_key = None;
    let mut request = None;
    let mut signature_keys = Vec::new();
    let mut options_done = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if options_done || arg == "-" || !arg.starts_with('-') {
            positional.push(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| iter.next().cloned())
                .ok_or_else(|| UsageError(format!("{name} needs a value")))
        };
        match name {
            "--" => options_done = true,
            "--json" => json = true,
            "--reveal" => reveal = true,
            "-h" | "--help" => help = true,
            "-V" | "--version" => version = true,
            "--hmac-key" => hmac_key = Some(value(name)?),
            "--blowfish-key" => blowfish_key = Some(value(name)?),
            "--request" => request = Some(value(name)?),
            // `--<provider>-hmac-key`: the catalog says which provider's messages use it.
            other if is_signature_key(other) => {
                signature_keys.push((other.trim_start_matches('-').to_owned(), value(name)?));
            }
            _ => return Err(UsageError(format!("unknown option {name}"))),
        }
        if inline.is_some()
            && !matches!(name, "--hmac-key" | "--blowfish-key" | "--request")
            && !is_signature_key(name)
        {
            return Err(UsageError(format!("{name} takes no value")));
        }
    }
    let command = if help {
        Command::Help
    } else if version {
        Command::Version
    } else {
        command(&positional)?
    };
    if request.is_some() && !matches!(command, Command::Decode { .. }) {
        return Err(UsageError(
            "--request goes with decode only (the request a response answers)".to_owned(),
        ));
    }
    Ok(Args {
        command,
        json,
        reveal,
        hmac_key,
        blowfish_key,
        request,
        signature_keys,
    })
}

/// `--<provider>-hmac-key` (a provider id: lowercase letters, digits, `-`).
fn is_signature_key(name: &str) -> bool {
    name.strip_prefix("--")
        .and_then(|rest| rest.strip_suffix("-hmac-key"))
        .is_some_and(|provider| {
            provider.starts_with(|c: char| c.is_ascii_lowercase())
                && provider
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

fn command(positional: &[String]) -> Result<Command, UsageError> {
    let Some((name, rest)) = positional.split_first() else {
        return Ok(Command::Help);
    };
    let want = |count: usize, shape: &str| {
        if rest.len() == count {
            Ok(())
        } else {
            Err(UsageError(format!("usage: pspec {name} {shape}")))
        }
    };
    let arg = |i: usize| rest.get(i).cloned().unwrap_or_default();
    match name.as_str() {
        "list" => want(0, "[--json]").map(|()| Command::List),
        "describe" => want(1, "<id> [--json]").map(|()| Command::Describe { id: arg(0) }),
        "validate" => want(2, "<id> <file|-> [--json]").map(|()| Command::Validate {
            id: arg(0),
            input: arg(1),
        }),
        "encode" => want(2, "<id> <file|-> [--json]").map(|()| Command::Encode {
            id: arg(0),
            input: arg(1),
        }),
        "decode" => want(2, "<id> <file|-> [--json]").map(|()| Command::Decode {
            id: arg(0),
            input: arg(1),
        }),
        "codes" => want(1, "<provider> [--json]").map(|()| Command::Codes { provider: arg(0) }),
        "help" => Ok(Command::Help),
        other => Err(UsageError(format!("unknown command {other:?}"))),
    }
}
