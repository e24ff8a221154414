//! The `pspec` command: everything but `main`, so that tests can run it in-process with
//! any catalog, input, output and environment.

mod args;
mod codes;
mod decode;
mod describe;
mod encode;
mod input;
mod keys;
mod list;
mod out;
mod serve;
mod signature;
mod validate;

use std::ffi::OsString;
use std::io::{Read, Write};

use crate::wire::catalog::{CodeTableInfo, OperationInfo};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: the request does not validate (`validate`, `encode`).
pub const EXIT_INVALID: u8 = 1;
/// Exit status: unusable input, unknown id, missing key, bad command line.
pub const EXIT_UNUSABLE: u8 = 2;

/// What the command knows: the generated `OPERATIONS` and `CODE_TABLES`.
#[derive(Clone, Copy, Debug)]
pub struct Catalog<'a> {
    /// Every operation and profile.
    pub operations: &'a [OperationInfo],
    /// Every return-code table.
    pub code_tables: &'a [CodeTableInfo],
}

impl Catalog<'_> {
    /// The operation or profile with this id.
    fn operation(&self, id: &str) -> Result<&OperationInfo, Failure> {
        self.operations
            .iter()
            .find(|op| op.id == id)
            .ok_or_else(|| {
                let near: Vec<&str> = self
                    .operations
                    .iter()
                    .map(|op| op.id)
                    .filter(|known| {
                        known.eq_ignore_ascii_case(id)
                            || known
                                .split('.')
                                .nth(1)
                                .is_some_and(|tail| tail.eq_ignore_ascii_case(id))
                    })
                    .collect();
                let hint = if near.is_empty() {
                    "run `pspec list` for the ids".to_owned()
                } else {
                    format!("did you mean {}?", near.join(" or "))
                };
                Failure::unusable(format!("unknown id {id:?}: {hint}"))
            })
    }

    /// Every signature-key option the operations name, once each, in catalog order.
    fn key_options(&self) -> Vec<args::KeyOption> {
        let mut options: Vec<args::KeyOption> = Vec::new();
        for info in self
            .operations
            .iter()
            .filter_map(|op| op.signature.as_ref())
        {
            if !options.iter().any(|known| known.option == info.key_option) {
                options.push(args::KeyOption {
                    option: info.key_option,
                    env: info.key_env,
                    written: info.key,
                });
            }
        }
        options
    }

    /// The code table `id` of `provider`.
    fn table(&self, provider: &str, id: &str) -> Option<&CodeTableInfo> {
        self.code_tables
            .iter()
            .find(|table| table.provider == provider && table.id == id)
    }
}

/// Where the command reads and writes, and how it sees the environment.
pub struct Io<'a> {
    /// Standard input (`-` as the input file).
    pub stdin: &'a mut dyn Read,
    /// Results.
    pub stdout: &'a mut dyn Write,
    /// Messages and warnings.
    pub stderr: &'a mut dyn Write,
    /// Environment lookup (`PSPEC_HMAC_KEY`, `PSPEC_BLOWFISH_KEY`,
    /// `PSPEC_<PROVIDER>_HMAC_KEY`), as the system holds the value: keys are bytes.
    pub env: &'a dyn Fn(&str) -> Option<OsString>,
}

/// Why a command stopped: the message for stderr and the exit status.
#[derive(Debug)]
struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    fn unusable(message: impl Into<String>) -> Self {
        Self {
            status: EXIT_UNUSABLE,
            message: message.into(),
        }
    }
}

/// Runs the command line `args` (without the program name); returns the exit status.
///
/// Never panics on any input; write errors (a closed pipe) are ignored. Everything written
/// to standard output and standard error goes through [`out::Escaping`]: no control
/// character of the input reaches the terminal (see the `out` module).
pub fn run(args: &[OsString], catalog: &Catalog<'_>, io: &mut Io<'_>) -> u8 {
    let mut stdout = out::Escaping::new(&mut *io.stdout);
    let mut stderr = out::Escaping::new(&mut *io.stderr);
    let status = run_escaped(
        args,
        catalog,
        &mut Io {
            stdin: &mut *io.stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            env: io.env,
        },
    );
    let _ = stdout.flush();
    let _ = stderr.flush();
    status
}

fn run_escaped(args: &[OsString], catalog: &Catalog<'_>, io: &mut Io<'_>) -> u8 {
    let key_options = catalog.key_options();
    let mut args = match args::parse(args, &key_options) {
        Ok(args::Parsed::Run(args)) => args,
        Ok(args::Parsed::Print(text)) => {
            let _ = write!(io.stdout, "{text}");
            return EXIT_OK;
        }
        // clap's own message: what is wrong, the usage line, where to read more.
        Err(message) => {
            let _ = write!(io.stderr, "{message}");
            return EXIT_UNUSABLE;
        }
    };
    // The keys not given as options, from the environment, read once and as bytes.
    if let Err(failure) = keys::from_environment(&mut args, &key_options, io) {
        let _ = writeln!(io.stderr, "pspec: {}", out::one_line(&failure.message));
        return failure.status;
    }
    let result = match &args.command {
        args::Command::List => list::run(catalog, &args, io),
        args::Command::Describe { id } => describe::run(catalog.operation(id), &args, io),
        args::Command::Validate { id, input } => {
            validate::run(catalog.operation(id), input, &args, io)
        }
        args::Command::Encode { id, input } => encode::run(catalog.operation(id), input, &args, io),
        args::Command::Decode { id, input, .. } => decode::run(catalog, id, input, &args, io),
        args::Command::Codes { provider } => codes::run(catalog, provider, &args, io),
        args::Command::Serve { addr, notify_to } => {
            serve::run(addr, notify_to.as_deref(), &args, io)
        }
    };
    match result {
        Ok(status) => status,
        Err(failure) => {
            // A failure may quote the input (a SOAP fault string, a key name): one line.
            let _ = writeln!(io.stderr, "pspec: {}", out::one_line(&failure.message));
            failure.status
        }
    }
}

/// Wipes the command line's arguments (`main`'s copy, which holds any key given as an
/// option) before their memory is freed.
pub fn wipe(args: Vec<OsString>) {
    for arg in args {
        drop(keys::secret(arg));
    }
}
