//! What every command shares: where the store is, how to get the passphrase, progress bars.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use atalaya::{OpenOptions, Workspace};

use crate::cmd::Global;

/// Reads secrets once: from `--passphrase-stdin` (line 1 = passphrase, line 2 = new passphrase
/// for `rekey`) or from ATALAYA_PASSPHRASE / ATALAYA_NEW_PASSPHRASE.
pub struct Secrets {
    pub passphrase: Option<String>,
    pub new_passphrase: Option<String>,
}

impl Secrets {
    pub fn read(global: &Global) -> Secrets {
        if global.passphrase_stdin {
            let mut lines = std::io::stdin().lock().lines().map_while(Result::ok);
            let passphrase = lines.next().filter(|l| !l.is_empty());
            let new_passphrase = lines.next().filter(|l| !l.is_empty());
            return Secrets {
                passphrase,
                new_passphrase,
            };
        }
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Secrets {
            passphrase: env("ATALAYA_PASSPHRASE"),
            new_passphrase: env("ATALAYA_NEW_PASSPHRASE"),
        }
    }
}

pub fn db_path(global: &Global) -> PathBuf {
    global
        .db
        .clone()
        .unwrap_or_else(atalaya::default_store_path)
}

pub fn options(global: &Global, secrets: &Secrets) -> OpenOptions {
    OpenOptions::new(db_path(global)).with_passphrase(secrets.passphrase.clone())
}

pub fn open(global: &Global) -> atalaya::Result<Workspace> {
    Workspace::open(&options(global, &Secrets::read(global)))
}

/// A progress bar on a terminal, nothing when stderr is piped.
pub fn progress_bar(total: u64, what: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let style =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}
