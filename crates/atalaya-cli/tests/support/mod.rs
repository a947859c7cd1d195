//! Running the real `atalaya` binary against real stores in temp folders.
#![allow(dead_code)]

pub mod proxy;
pub mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const PASS: &str = "frase de prueba";

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_atalaya"));
    c.env_remove("ATALAYA_DB")
        .env_remove("ATALAYA_PASSPHRASE")
        .env_remove("ATALAYA_NEW_PASSPHRASE");
    c.stdin(Stdio::null());
    c
}

/// `atalaya --db DB ARGS…` with the test passphrase in the environment.
pub fn atalaya(db: &Path, args: &[&str]) -> Run {
    bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ATALAYA_PASSPHRASE", PASS)
        .output()
        .unwrap()
        .into()
}

/// Same, but feeding `stdin` and without the passphrase variable.
pub fn atalaya_stdin(db: &Path, args: &[&str], stdin: &str) -> Run {
    use std::io::Write;
    let mut child = bin()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().into()
}

pub fn ok(r: Run) -> Run {
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    r
}

/// A demo store with `n` incidents, seed 7.
pub fn demo_store(dir: &tempfile::TempDir, name: &str, n: u32) -> PathBuf {
    let db = dir.path().join(name);
    ok(atalaya(
        &db,
        &["demo", "--seed", "7", "--incidents", &n.to_string()],
    ));
    db
}

/// A raw SQLCipher connection to a passphrase store, bypassing the API (for tampering tests).
pub fn raw(db: &Path) -> rusqlite::Connection {
    let unlock = atalaya_store::Unlock {
        passphrase: Some(PASS.to_string().into()),
    };
    let key_hex = atalaya_store::Store::open(db, &unlock)
        .unwrap()
        .key_hex_for_tests();
    atalaya_store::backup::raw_connection(db, &key_hex).unwrap()
}

/// Every incident in the store, as `query --format json` prints them, by id.
pub fn incidents(db: &Path) -> Vec<serde_json::Value> {
    let out = ok(atalaya(db, &["query", "--format", "json"]));
    let mut rows: Vec<serde_json::Value> = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("query JSON ({e}): {}", out.stdout));
    rows.sort_by_key(|r| r["id"].as_str().unwrap_or("").to_owned());
    rows
}
