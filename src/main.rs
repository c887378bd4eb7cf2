//! `tokenbench`: the window with no arguments, a command otherwise.

use std::process::ExitCode;

use tokenbench::cli::{self, Invocation};

fn main() -> ExitCode {
    match cli::parse(std::env::args_os()) {
        Invocation::Window => match window() {
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

#[cfg(feature = "gui")]
fn window() -> Result<(), String> {
    tokenbench::ui::run()
}

#[cfg(not(feature = "gui"))]
fn window() -> Result<(), String> {
    Err("this tokenbench was built without the window (the gui feature): run a command, see tokenbench --help".into())
}
