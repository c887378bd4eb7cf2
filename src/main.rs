//! `tokenbench`: the command line (the window comes with no arguments).

fn main() -> std::process::ExitCode {
    tokenbench::cli::main_with_args(std::env::args_os())
}
