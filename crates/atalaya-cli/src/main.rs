//! `atalaya`: the command-line face of the `atalaya` library. Parses arguments, calls one
//! library function per command and prints the result; holds no logic of its own.
//!
//! Exit codes: 0 ok, 1 runtime error, 2 usage error (bad arguments or filters).

#[macro_use]
mod output;
mod cmd;
mod common;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cmd::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cmd::run(cli) {
        Ok(code) => code,
        // A closed output pipe (`atalaya query | head`) ends quietly, as `outln!` does.
        Err(atalaya::Error::Io { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}
