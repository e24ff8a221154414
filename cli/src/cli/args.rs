//! The command line, read by clap (derive API): six commands, and options that may stand
//! anywhere on the line (`pspec --json list` is `pspec list --json`). clap is a dependency of
//! this crate only, so apps depending on `pspec` never compile it.
//!
//! The signature-key options (`--adyen-hmac-key`) are not written here: one is added per
//! signature key the catalog names, so that a provider whose spec gains a `signature` gets
//! its option, and its line in `--help`, from its spec alone.

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use super::keys::{Secret, readable, secret};

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Every operation and method profile
    List,
    /// The fields of an operation or profile
    Describe {
        /// What `pspec list` shows: <provider>.<operation> or <provider>.<profile>
        id: String,
    },
    /// Check a request (a JSON object of wire names)
    Validate {
        /// What `pspec list` shows: <provider>.<operation> or <provider>.<profile>
        id: String,
        /// The request, or `-` for standard input
        #[arg(value_name = "FILE|-")]
        input: String,
    },
    /// The wire request, if it validates
    Encode {
        /// What `pspec list` shows: <provider>.<operation> or <provider>.<profile>
        id: String,
        /// The request, or `-` for standard input
        #[arg(value_name = "FILE|-")]
        input: String,
    },
    /// Read a raw provider response or notify; verify it (MAC or signature, spec, and
    /// against the request given)
    Decode {
        /// What `pspec list` shows: <provider>.<operation>
        id: String,
        /// The response, or `-` for standard input
        #[arg(value_name = "FILE|-")]
        input: String,
        /// The request the response answers (as validate takes it), to check the response
        /// against; for a response that reports on another operation (monext.getWebPaymentDetails
        /// on a doWebPayment, adyen.payments-details on a payments), a request of that
        /// operation
        #[arg(long, value_name = "FILE|-")]
        request: Option<String>,
    },
    /// The provider's return codes
    Codes {
        /// The provider id (`computop`, `monext`, `adyen`)
        provider: String,
    },
    /// Play all three providers on one local port, for integration tests (see below)
    #[command(after_help = super::serve::HELP)]
    Serve {
        /// Where to listen; port 0 picks a free one (the first line printed gives it)
        #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:0")]
        addr: String,
        /// Send every notify and webhook to this http:// URL instead of the request's
        /// URLNotify (Adyen webhooks are sent only when this is given)
        #[arg(long, value_name = "URL")]
        notify_to: Option<String>,
    },
}

/// The command line as clap reads it; [`parse`] turns it into [`Args`].
#[derive(Parser)]
#[command(
    name = "pspec",
    bin_name = "pspec",
    version,
    about = "pspec: the payment-provider specs, from the command line",
    after_help = AFTER_HELP,
    // An option given twice keeps its last value (the hand-written parser did the same), so
    // that no error has to speak of the values, which may be keys.
    args_override_self = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Machine-readable output
    #[arg(long, global = true)]
    json: bool,
    /// Show sensitive values and MACs (redacted by default)
    #[arg(long, global = true)]
    reveal: bool,
    /// Computop HMAC password (or env PSPEC_HMAC_KEY)
    // `allow_hyphen_values`: a password starting with `-` is taken as the value, not reported
    // as an unknown option, which would print it.
    #[arg(
        long,
        global = true,
        value_name = "PASSWORD",
        allow_hyphen_values = true
    )]
    hmac_key: Option<OsString>,
    /// Computop Blowfish password (or env PSPEC_BLOWFISH_KEY)
    #[arg(
        long,
        global = true,
        value_name = "PASSWORD",
        allow_hyphen_values = true
    )]
    blowfish_key: Option<OsString>,
}

/// What `--help` prints after the options.
const AFTER_HELP: &str = "\
Requests are JSON objects of wire names, nested (\"payment\": {\"amount\": 1000}) or dotted
(\"payment.amount\": 1000).
Exit status: 0 ok, 1 invalid request (decode: the message does not verify or validate),
2 unusable input or usage.
Prefer the environment variables to the key options: command lines are visible to other users.";

/// The parsed command line.
#[derive(Clone, PartialEq, Eq)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// `--json`: machine-readable output.
    pub json: bool,
    /// `--reveal`: show sensitive values in `decode` output, and the `MAC` in `encode`'s.
    pub reveal: bool,
    /// `--hmac-key` (else `PSPEC_HMAC_KEY`), as bytes; a secret: never printed, wiped.
    pub hmac_key: Option<Secret>,
    /// `--blowfish-key` (else `PSPEC_BLOWFISH_KEY`), as bytes; a secret: never printed,
    /// wiped.
    pub blowfish_key: Option<Secret>,
    /// `decode --request <file|->`: the request the response answers (as `validate` takes
    /// it), to check the response against.
    pub request: Option<String>,
    /// `--<provider>-hmac-key <key>` options (`adyen-hmac-key`, else their environment
    /// variables), for the messages whose spec has a `signature`; the values are secrets:
    /// never printed, wiped.
    pub signature_keys: Vec<(String, Secret)>,
}

// By hand, so that a parsed command line can be logged or asserted on without its keys.
impl std::fmt::Debug for Args {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let given = |key: &Option<Secret>| key.as_ref().map(|_| "<redacted>");
        let signature_keys: Vec<&str> = self
            .signature_keys
            .iter()
            .map(|(option, _)| option.as_str())
            .collect();
        f.debug_struct("Args")
            .field("command", &self.command)
            .field("json", &self.json)
            .field("reveal", &self.reveal)
            .field("hmac_key", &given(&self.hmac_key))
            .field("blowfish_key", &given(&self.blowfish_key))
            .field("request", &self.request)
            .field("signature_keys", &signature_keys)
            .finish()
    }
}

/// A signature-key option the catalog names: `--<option> <key>`, or the variable `env`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyOption {
    /// The option without its dashes (`adyen-hmac-key`).
    pub option: &'static str,
    /// The environment variable (`PSPEC_ADYEN_HMAC_KEY`).
    pub env: &'static str,
    /// How the key is written (`hex`, `text`).
    pub written: &'static str,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    /// Run a command.
    Run(Args),
    /// Print this (`--help`, `help`, `--version`, or no command at all) and succeed.
    Print(String),
}

/// The command line's grammar: [`Cli`] and one option per signature key.
fn grammar(keys: &[KeyOption]) -> clap::Command {
    keys.iter().fold(Cli::command(), |command, key| {
        command.arg(
            Arg::new(key.option)
                .long(key.option)
                .value_name("KEY")
                .global(true)
                .allow_hyphen_values(true)
                .value_parser(clap::value_parser!(OsString))
                .action(ArgAction::Set)
                .help(format!(
                    "Signature key, written in {} (or env {})",
                    key.written, key.env
                )),
        )
    })
}

/// Parses the arguments after the program name.
///
/// # Errors
///
/// clap's message (what is wrong, the usage line, a hint), never echoing a key's value: the
/// key options take the next argument whatever it looks like, and an option given twice keeps
/// its last value.
pub fn parse(args: &[OsString], keys: &[KeyOption]) -> Result<Parsed, String> {
    let mut grammar = grammar(keys);
    let line = std::iter::once(OsString::from("pspec")).chain(args.iter().cloned());
    let mut matches = match grammar.try_get_matches_from_mut(line) {
        Ok(matches) => matches,
        Err(err) => {
            let text = err.render().to_string();
            return match err.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Ok(Parsed::Print(text)),
                _ => Err(text),
            };
        }
    };
    // `_mut`: the values move out of clap's matches rather than being copied.
    let cli = Cli::from_arg_matches_mut(&mut matches).map_err(|err| err.render().to_string())?;
    let Some(command) = cli.command else {
        return Ok(Parsed::Print(grammar.render_help().to_string()));
    };
    let request = match &command {
        Command::Decode { request, .. } => request.clone(),
        _ => None,
    };
    // Keys are bytes; where the system gives no bytes (Windows), a key that is not Unicode
    // cannot be read as it was meant and is refused, naming the option only.
    let unreadable = [
        ("hmac-key", &cli.hmac_key),
        ("blowfish-key", &cli.blowfish_key),
    ]
    .into_iter()
    .filter_map(|(option, value)| Some((option, value.as_ref()?)))
    .chain(
        keys.iter()
            .filter_map(|key| Some((key.option, matches.get_one::<OsString>(key.option)?))),
    )
    .find(|(_, value)| !readable(value));
    if let Some((option, _)) = unreadable {
        return Err(format!(
            "error: the value of --{option} is not valid Unicode, which keys must be on this platform\n"
        ));
    }
    let signature_keys = keys
        .iter()
        .filter_map(|key| {
            let value = matches.remove_one::<OsString>(key.option)?;
            Some((key.option.to_owned(), secret(value)))
        })
        .collect();
    Ok(Parsed::Run(Args {
        command,
        json: cli.json,
        reveal: cli.reveal,
        hmac_key: cli.hmac_key.map(secret),
        blowfish_key: cli.blowfish_key.map(secret),
        request,
        signature_keys,
    }))
}
