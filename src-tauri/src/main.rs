//! The `atalaya-desktop` binary: opens the Atalaya window.

// No console window next to the app in Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    match atalaya_desktop::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("atalaya-desktop: {error}");
            ExitCode::FAILURE
        }
    }
}
