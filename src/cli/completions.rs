//! `tokenbench completions SHELL`, and the files the package ships beside the binary: the
//! man pages and the shell completions, all generated from the clap definitions. The copies
//! in `assets/man` and `assets/completions` are checked against them by a test (write them
//! again with `TOKENBENCH_WRITE_ASSETS=1 cargo test --lib packaged_files`).

use std::io::Write;

use clap::{CommandFactory, ValueEnum};

use super::{Cli, Outcome, exit};

/// The shells `tokenbench completions` writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl Shell {
    pub const ALL: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

    fn generator(self) -> clap_complete::Shell {
        match self {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
        }
    }

    /// The file name each shell looks for: `tokenbench`, `_tokenbench`, `tokenbench.fish`.
    pub fn file_name(self) -> &'static str {
        match self {
            Shell::Bash => "tokenbench",
            Shell::Zsh => "_tokenbench",
            Shell::Fish => "tokenbench.fish",
        }
    }
}

/// The command line as a user may type it: without the hidden helper command and test hook
/// (clap_complete's scripts would offer them).
fn public(cmd: &clap::Command) -> clap::Command {
    let mut out = clap::Command::new(cmd.get_name().to_string());
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        out = out.version(version.to_string());
    }
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        out = out.arg(arg.clone());
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out = out.subcommand(public(sub));
    }
    out
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut cmd = public(&Cli::command());
    let mut out = Vec::new();
    clap_complete::generate(shell.generator(), &mut cmd, "tokenbench", &mut out);
    out
}

/// `tokenbench completions SHELL`: the script on standard output.
pub fn run(shell: Shell) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a line.
    let _ = stdout.write_all(&script(shell));
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::path::Path;

    use super::*;

    const ASSETS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets");

    /// Writes `tokenbench.1` and one page per command (`tokenbench-mint.1`, …) into `dir`.
    fn write_man_pages(dir: &Path) -> std::io::Result<()> {
        clap_mangen::generate_to(Cli::command(), dir)
    }

    /// The shipped man pages and completions are what the clap definitions generate now.
    #[test]
    fn packaged_files_match_the_command_line() {
        let write = std::env::var_os("TOKENBENCH_WRITE_ASSETS").is_some();
        let fresh = tempfile::tempdir().unwrap();
        write_man_pages(fresh.path()).unwrap();
        let mut generated: Vec<(String, Vec<u8>)> = std::fs::read_dir(fresh.path())
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let name = format!("man/{}", e.file_name().to_string_lossy());
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        for shell in Shell::ALL {
            generated.push((format!("completions/{}", shell.file_name()), script(shell)));
        }
        generated.sort();
        assert!(generated.iter().any(|(n, _)| n == "man/tokenbench-mint.1"));
        assert!(
            !generated.iter().any(|(n, _)| n.contains("keep-clipboard")),
            "the hidden helper is not documented"
        );
        for (name, bytes) in &generated {
            let path = Path::new(ASSETS).join(name);
            if write {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, bytes).unwrap();
                continue;
            }
            let shipped = std::fs::read(&path).unwrap_or_default();
            assert!(
                &shipped == bytes,
                "assets/{name} is out of date: TOKENBENCH_WRITE_ASSETS=1 cargo test --lib packaged_files"
            );
        }
        // No stale page for a command that is gone.
        let shipped_pages = std::fs::read_dir(Path::new(ASSETS).join("man"))
            .unwrap()
            .count();
        let pages = generated
            .iter()
            .filter(|(n, _)| n.starts_with("man/"))
            .count();
        assert_eq!(
            shipped_pages, pages,
            "assets/man has exactly the generated pages"
        );
    }

    #[test]
    fn each_script_names_the_commands() {
        for shell in Shell::ALL {
            let text = String::from_utf8(script(shell)).unwrap();
            for command in ["mint", "verify", "presets", "completions"] {
                assert!(text.contains(command), "{shell:?} lacks {command}");
            }
            assert!(!text.contains("__keep-clipboard"), "{shell:?}");
            assert!(
                !text.contains("--now"),
                "{shell:?}: the test hook is not offered"
            );
            assert!(
                text.contains("secret-env"),
                "{shell:?}: options are offered"
            );
        }
    }
}
