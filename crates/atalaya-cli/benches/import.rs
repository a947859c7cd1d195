//! `make bench` (import): a large patrol CSV through `atalaya import` (the release binary, a real
//! SQLCipher store with the demo city's areas, validation and lineage on, geocoding off) against
//! `sqlite3 .import` of the same file into a plain database, timed in the same run; the
//! import's peak RSS; and geocoding throughput against normalizing the same text alone.
//!
//! Size: ATALAYA_BENCH_IMPORT_ROWS (default 1000000 patrol rows).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use atalaya::DemoConfig;
use atalaya_ingest::geocode::{Gazetteer, normalize};

const PASS: &str = "bench";

/// Run `cmd` to completion: its wall time and peak resident set (KiB). The peak is the
/// kernel's high-water mark (`VmHWM` in /proc), sampled every 10 ms until the process exits,
/// so growth in its last 10 ms could be missed.
fn run_measured(cmd: &mut Command) -> (Duration, u64) {
    let t = Instant::now();
    let mut child = cmd.stdout(Stdio::null()).spawn().expect("spawn");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "{cmd:?} failed: {status}");
    (t.elapsed(), peak_kib)
}

fn atalaya(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_atalaya"));
    c.arg("--db").arg(db).env("ATALAYA_PASSPHRASE", PASS);
    c
}

fn bench_import(dir: &Path, rows_wanted: usize) {
    // The patrols observe ~60 % of events; generate enough events for the rows wanted.
    let config = DemoConfig {
        seed: 7,
        incidents: rows_wanted * 17 / 10,
        ..DemoConfig::default()
    };
    let t = Instant::now();
    let summary = atalaya::demo::write_demo_sources(&config, dir).expect("demo sources");
    let (file, rows) = summary.files[0].clone();
    println!(
        "import  {rows} patrol rows ({:.0} MB, Windows-1252 `;` CSV; written in {:.1} s)",
        std::fs::metadata(&file).map_or(0, |m| m.len()) as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let plain = dir.join("plain.db");
    let t = Instant::now();
    let mut child = Command::new("sqlite3")
        .arg(&plain)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("sqlite3 (apt install sqlite3)");
    writeln!(
        child.stdin.take().expect("stdin"),
        ".mode csv\n.separator ;\n.import '{}' patrol\n",
        file.display()
    )
    .expect("write to sqlite3");
    assert!(child.wait().expect("sqlite3").success());
    let base = t.elapsed();
    let (read_alone, read_rows) = read_and_standardize(&file);
    assert_eq!(read_rows, rows, "every row read");

    let db = dir.join("store.db");
    // A store holding the demo city's areas and streets (no incidents), as a real one would.
    run_measured(atalaya(&db).args(["demo", "--seed", "7", "--incidents", "0"]));
    let (took, rss_kib) = run_measured(
        atalaya(&db)
            .args([
                "import",
                "--profile",
                "patrullaje_municipal",
                "--format",
                "json",
            ])
            .arg(&file),
    );
    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!(
        "  baseline sqlite3 .import into a plain file: {:>9.0} rows/s ({:.1} s)",
        rate(base),
        base.as_secs_f64()
    );
    println!(
        "  atalaya import (SQLCipher, validation, lineage, audit): {:>9.0} rows/s ({:.1} s) = {:.2}x baseline (goal >= 0.7x)",
        rate(took),
        took.as_secs_f64(),
        base.as_secs_f64() / took.as_secs_f64()
    );
    println!(
        "  of which reading and standardizing alone (no store; overlapped with writing on a second thread): {:.1} s = {:.0} % of the import",
        read_alone.as_secs_f64(),
        100.0 * read_alone.as_secs_f64() / took.as_secs_f64()
    );
    println!(
        "  atalaya import peak RSS: {:.0} MB (goal < 300 MB)",
        rss_kib as f64 / 1024.0
    );
}

/// Read and standardize every row of `file` as the import does, writing nothing: its time and
/// the rows read.
fn read_and_standardize(file: &Path) -> (Duration, u64) {
    let taxonomy = atalaya_model::Taxonomy::standard();
    let profile = atalaya_ingest::Profile::builtin("patrullaje_municipal", &taxonomy)
        .expect("built-in profile");
    let t = Instant::now();
    let mut rows = atalaya_ingest::open_file(file, &profile, &taxonomy).expect("open");
    let mut n = 0;
    while let Some(raw) = rows.next_raw().expect("read") {
        std::hint::black_box(rows.standardizer().standardize_raw(&raw).is_ok());
        n += 1;
    }
    (t.elapsed(), n)
}

fn bench_geocoding() {
    let city = atalaya_demo::city(1);
    let gazetteer = Gazetteer::new(&city.streets);
    let config = DemoConfig {
        incidents: 200_000,
        ..DemoConfig::default()
    };
    let addresses: Vec<String> = atalaya_demo::incidents(&config, &city)
        .filter_map(|i| i.address)
        .enumerate()
        .map(|(k, a)| {
            if k % 2 == 0 {
                a
            } else {
                a.replace("Avenida ", "Av. ").to_lowercase()
            }
        })
        .collect();
    let t = Instant::now();
    let words: usize = addresses.iter().map(|a| normalize::words(a).len()).sum();
    let base = t.elapsed();
    let t = Instant::now();
    let placed = addresses
        .iter()
        .filter(|a| gazetteer.geocode(a).is_ok())
        .count();
    let took = t.elapsed();
    let rate = |d: Duration| addresses.len() as f64 / d.as_secs_f64();
    println!(
        "geocode {} demo addresses against {} streets ({placed} placed, {words} words)",
        addresses.len(),
        gazetteer.len()
    );
    println!(
        "  baseline normalizing the text alone: {:>10.0} addresses/s",
        rate(base)
    );
    println!(
        "  geocoding (parse, name match, interpolate): {:>10.0} addresses/s ({:.2}x the baseline's time)",
        rate(took),
        took.as_secs_f64() / base.as_secs_f64()
    );
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("import bench: run with `make bench`");
        return;
    }
    let rows = std::env::var("ATALAYA_BENCH_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    bench_geocoding();
    let dir = tempfile::tempdir().expect("temp dir");
    bench_import(dir.path(), rows);
}
