//! Runs a reference script of `tests/pyref/` with the virtual environment's Python, or, where
//! that environment could not be built (no route to PyPI), replays the output the same script
//! printed for the same input when it was last run live (`tests/pyref/recorded/`).
//!
//! A recording is keyed by a hash of the script's text and of the input, so a changed script or
//! input never replays an old answer: it fails, asking for a live run. Live runs compare their
//! output with the recording when one exists, so a recording that no longer matches the
//! reference is caught. `PYREF_RECORD=1` (re)writes recordings from live runs;
//! `PYREF_REQUIRED=1` refuses to replay.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `$PYREF_PYTHON`, else `<repo>/target/pyref-venv/bin/python`, when it exists.
pub fn live_python() -> Option<PathBuf> {
    let path = std::env::var_os("PYREF_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/pyref-venv/bin/python"));
    path.exists().then_some(path)
}

/// The live interpreter; panics, telling the reader to run `make pyref`, when there is none.
pub fn python() -> PathBuf {
    live_python().unwrap_or_else(|| {
        panic!(
            "the Python reference environment is missing: run `make pyref` (or set PYREF_PYTHON)"
        )
    })
}

/// Runs `tests/pyref/<script>` on `input` (as JSON) and parses the JSON it prints; replays its
/// recording when no live reference exists.
pub fn run(script: &str, input: &Value) -> Value {
    let recording = recording_path(script, input);
    let Some(python) = live_python() else {
        return replay(script, &recording);
    };
    let live = run_script(&python, script, input, false);
    if flag("PYREF_RECORD") {
        std::fs::create_dir_all(recording.parent().expect("recordings folder"))
            .expect("create the recordings folder");
        let mut bytes = serde_json::to_vec(&live).expect("JSON output");
        bytes.push(b'\n');
        std::fs::write(&recording, bytes).expect("write the recording");
    } else if let Ok(bytes) = std::fs::read(&recording) {
        let recorded: Value = serde_json::from_slice(&bytes).expect("recording is JSON");
        if let Err(at) = same_within(&live, &recorded, "") {
            panic!(
                "{script}: the live reference differs from its recording {} at {at}; \
                 re-record with PYREF_RECORD=1",
                recording.display()
            );
        }
    }
    live
}

/// [`run`] for the benchmark: always live (its point is the reference's time), with the
/// script's progress messages (stderr) let through.
pub fn run_showing_progress(script: &str, input: &Value) -> Value {
    run_script(&python(), script, input, true)
}

fn flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}

fn scripts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pyref")
}

/// `tests/pyref/recorded/<script stem>-<hash of script text and input>.json`.
fn recording_path(script: &str, input: &Value) -> PathBuf {
    let text = std::fs::read(scripts_dir().join(script)).expect("read the reference script");
    let mut hasher = blake3::Hasher::new();
    hasher.update(&text);
    hasher.update(&[0]);
    hasher.update(&serde_json::to_vec(input).expect("JSON input"));
    let hash = hasher.finalize().to_hex();
    let stem = Path::new(script)
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("script name");
    scripts_dir()
        .join("recorded")
        .join(format!("{stem}-{}.json", &hash[..16]))
}

fn replay(script: &str, recording: &Path) -> Value {
    assert!(
        !flag("PYREF_REQUIRED"),
        "PYREF_REQUIRED=1 but the Python reference environment is missing: run `make pyref`"
    );
    let bytes = std::fs::read(recording).unwrap_or_else(|e| {
        panic!(
            "no live Python reference (run `make pyref`) and no recording of {script} for this \
             input ({}: {e}); after `make pyref`, record it with PYREF_RECORD=1",
            recording.display()
        )
    });
    eprintln!(
        "{script}: no live Python reference; replaying {}",
        recording.display()
    );
    serde_json::from_slice(&bytes).expect("recording is JSON")
}

/// `Ok` when both are the same JSON, numbers equal to 1e-9 (relative to their size, at least
/// 1); else the path of the first difference.
fn same_within(a: &Value, b: &Value, at: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            let scale = x.abs().max(y.abs()).max(1.0);
            if (x - y).abs() <= 1e-9 * scale {
                Ok(())
            } else {
                Err(format!("{at} ({x} vs {y})"))
            }
        }
        (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => xs
            .iter()
            .zip(ys)
            .enumerate()
            .try_for_each(|(i, (x, y))| same_within(x, y, &format!("{at}[{i}]"))),
        (Value::Object(xs), Value::Object(ys)) if xs.len() == ys.len() => {
            xs.iter().try_for_each(|(k, x)| match ys.get(k) {
                Some(y) => same_within(x, y, &format!("{at}.{k}")),
                None => Err(format!("{at}.{k} (missing)")),
            })
        }
        _ if a == b => Ok(()),
        _ => Err(format!("{at} (different shape or value)")),
    }
}

fn run_script(python: &Path, script: &str, input: &Value, show_progress: bool) -> Value {
    let dir = tempfile::tempdir().expect("temporary directory");
    let input_path = dir.path().join("input.json");
    std::fs::write(&input_path, serde_json::to_vec(input).expect("JSON input"))
        .expect("write input");
    let mut command = Command::new(python);
    command.arg(scripts_dir().join(script)).arg(&input_path);
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
