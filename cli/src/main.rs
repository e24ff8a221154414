//! `pspec`: the payment-provider specs from the command line: list the operations,
//! describe their fields, validate a request, encode it for the wire, decode a provider's
//! response, list return codes. Run `pspec --help`.

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;

use pspec::runtime::wire;
use pspec_cli::cli;

fn main() -> ExitCode {
    // As the system gives them: a key option's value is taken as its bytes (never converted
    // lossily), and this copy is wiped below.
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    // Every provider's lists, flattened (the generated statics are per provider).
    let operations: Vec<wire::catalog::OperationInfo> = pspec::OPERATIONS
        .iter()
        .flat_map(|list| list.iter().copied())
        .collect();
    let code_tables: Vec<wire::catalog::CodeTableInfo> = pspec::CODE_TABLES
        .iter()
        .flat_map(|list| list.iter().copied())
        .collect();
    let catalog = cli::Catalog {
        operations: &operations,
        code_tables: &code_tables,
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut stdin = stdin.lock();
    let mut stdout = stdout.lock();
    // Standard error is unbuffered, and a message reaches it in pieces (the escaping writer
    // writes the text between escapes one piece at a time): a line writer makes it one
    // write per line (a request of 100,000 unknown keys made 500,000 writes).
    let mut stderr = std::io::LineWriter::new(stderr.lock());
    let env = |name: &str| std::env::var_os(name);
    let status = cli::run(
        &args,
        &catalog,
        &mut cli::Io {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            env: &env,
        },
    );
    let _ = stdout.flush();
    let _ = stderr.flush();
    cli::wipe(args);
    ExitCode::from(status)
}
