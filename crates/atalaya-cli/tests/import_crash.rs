//! Crash safety of `atalaya import`: killed with SIGKILL at many moments, then run again, the
//! store ends with exactly the rows of a clean run — none lost, none doubled.

mod support;

use std::time::Instant;

use support::*;

const ROWS: usize = 110_000;
const KILL_POINTS: u64 = 20;

fn patrol_csv(path: &std::path::Path) {
    let cats = [
        "Hurto",
        "Robo por sorpresa",
        "Lesiones",
        "Robo con violencia",
    ];
    let mut text = String::from(
        "N° Procedimiento;Fecha;Hora;Tipo Procedimiento;Dirección;Latitud;Longitud;Móvil;Observaciones\r\n",
    );
    for i in 0..ROWS {
        let (d, h, m) = (1 + i % 28, i % 24, (i * 7) % 60);
        let lat = -33.4175 + ((i % 97) as f64) * 0.00002;
        let lon = -70.6155 + ((i % 89) as f64) * 0.00002;
        text.push_str(&format!(
            "PM-{i};{d:02}-03-2024;{h:02}:{m:02};{};Av. Providencia {};{};{};M-03;Obs {i}\r\n",
            cats[i % 4],
            1000 + i % 900,
            format!("{lat:.5}").replace('.', ","),
            format!("{lon:.5}").replace('.', ",")
        ));
    }
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    std::fs::write(path, bytes).unwrap();
}

/// Everything but the generated ids, sorted: what the import must reproduce exactly.
fn content(db: &std::path::Path) -> Vec<String> {
    let csv = ok(atalaya(db, &["query", "--format", "csv"])).stdout;
    let mut rows: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split_once(',').unwrap().1.to_string())
        .collect();
    rows.sort();
    rows
}

fn raw_count(db: &std::path::Path) -> i64 {
    raw(db)
        .query_row("SELECT count(*) FROM raw_record", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn given_import_killed_at_random_moments_when_rerun_then_rows_equal_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("parte.csv");
    patrol_csv(&file);
    let f = file.to_str().unwrap();
    let clean = dir.path().join("clean.db");
    ok(atalaya(&clean, &["demo", "--incidents", "0"]));
    let t0 = Instant::now();
    ok(atalaya(&clean, &["import", f]));
    let full = t0.elapsed();
    let expected = content(&clean);
    let expected_raw = raw_count(&clean);
    assert_eq!(expected.len(), ROWS);
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut interrupted = 0;
    for point in 0..KILL_POINTS {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let db = dir.path().join(format!("k{point}.db"));
        ok(atalaya(&db, &["demo", "--incidents", "0"]));
        let mut child = bin()
            .arg("--db")
            .arg(&db)
            .args(["import", f])
            .env("ATALAYA_PASSPHRASE", PASS)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64((rng % 1000) as f64 / 1000.0));
        let finished_alone = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        if !finished_alone {
            interrupted += 1;
        }
        ok(atalaya(&db, &["import", f]));
        assert_eq!(
            content(&db),
            expected,
            "kill point {point}: rows differ from a clean run"
        );
        assert_eq!(
            raw_count(&db),
            expected_raw,
            "kill point {point}: lineage rows lost or doubled"
        );
        ok(atalaya(&db, &["audit", "verify"]));
    }
    assert!(
        interrupted >= KILL_POINTS / 2,
        "most kills must land mid-import (only {interrupted}; clean run {full:?})"
    );
}
