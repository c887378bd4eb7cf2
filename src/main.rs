//! `tokenbench`: the window with no arguments, a command otherwise.

use std::process::ExitCode;

use tokenbench::cli::{self, Invocation};

fn main() -> ExitCode {
    match cli::parse(std::env::args_os()) {
        Invocation::Window => match tokenbench::ui::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                cli::error_line(&e);
                ExitCode::from(cli::exit::USAGE)
            }
        },
        Invocation::Run(command) => cli::run(*command),
        Invocation::Exit(code) => code,
    }
}
