//! Reading the input file (or standard input for `-`).

use std::io::Read;

use super::{Failure, Io};
use crate::wire::{self, WireObject};

/// Inputs larger than this are refused: no provider message comes near it, and the
/// limit keeps a stray `pspec decode id /dev/zero` from eating the memory. The wire layer's
/// own cap, so that what the command reads its decoders take.
pub const MAX_INPUT: u64 = wire::MAX_INPUT as u64;

/// The bytes of `path`, or of standard input for `-`.
pub fn read(path: &str, io: &mut Io<'_>) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        io.stdin.take(MAX_INPUT + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|file| {
            // Sized from the file's length up front: growing by doubling would hold up to
            // twice the input.
            let length = file
                .metadata()
                .map_or(0, |meta| meta.len())
                .min(MAX_INPUT + 1);
            bytes.reserve_exact(usize::try_from(length).unwrap_or(0));
            file.take(MAX_INPUT + 1).read_to_end(&mut bytes)
        })
    };
    let shown = if path == "-" { "standard input" } else { path };
    result.map_err(|err| Failure::unusable(format!("cannot read {shown}: {err}")))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Failure::unusable(format!(
            "{shown} is larger than {MAX_INPUT} bytes"
        )));
    }
    Ok(bytes)
}

/// A request written as a JSON object of wire names, nested or dotted, expanded to the
/// nested form the typed decoders read (a key splits only where the request has an
/// object, so names holding dots stay whole).
pub fn request(
    path: &str,
    is_object: &dyn Fn(&str) -> bool,
    io: &mut Io<'_>,
) -> Result<WireObject, Failure> {
    let bytes = read(path, io)?;
    let tree =
        wire::json::from_json(&bytes).map_err(|err| Failure::unusable(format!("{path}: {err}")))?;
    wire::expand_dotted_where(tree, is_object)
        .map_err(|err| Failure::unusable(format!("{path}: {err}")))
}
