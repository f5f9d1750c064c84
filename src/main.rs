//! The `ticked` binary: read the command line, then hand over to the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    ticked::cli::main()
}
