//! Runs a reference script of `tests/pyref/` with the virtual environment's Python.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `$PYREF_PYTHON`, else `<repo>/target/pyref-venv/bin/python`. Panics, telling the reader to
/// run `make pyref`, when it does not exist: a missing reference must fail the test, not skip it.
pub fn python() -> PathBuf {
    let path = std::env::var_os("PYREF_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/pyref-venv/bin/python"));
    assert!(
        path.exists(),
        "the Python reference environment is missing ({}): run `make pyref` (or set PYREF_PYTHON)",
        path.display()
    );
    path
}

/// Writes `input` as JSON into a temporary directory, runs `tests/pyref/<script>` on it and
/// parses the JSON it prints.
pub fn run(script: &str, input: &Value) -> Value {
    run_script(script, input, false)
}

/// [`run`], letting the script's progress messages (stderr) through to ours.
pub fn run_showing_progress(script: &str, input: &Value) -> Value {
    run_script(script, input, true)
}

fn run_script(script: &str, input: &Value, show_progress: bool) -> Value {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input_path = dir.path().join("input.json");
    std::fs::write(&input_path, serde_json::to_vec(input).expect("JSON input"))
        .expect("write input");
    let script_path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/pyref")
        .join(script);
    let mut command = Command::new(python());
    command.arg(&script_path).arg(&input_path);
    if show_progress {
        command.stderr(Stdio::inherit());
    }
    let out = command.output().expect("run the reference Python");
    assert!(
        out.status.success(),
        "{script} failed ({}); if a module is missing run `make pyref`:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{script} printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// A JSON array of numbers as `Vec<f64>`.
pub fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().unwrap_or(f64::NAN))
        .collect()
}

/// Largest absolute difference, asserting equal lengths.
pub fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len(), "lengths differ");
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}
